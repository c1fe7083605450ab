/* Quiz attempt page: save the answers as the learner goes, and count down to the deadline.
 *
 * Autosave: a second after the learner last changed an answer, the whole form is POSTed
 * to its save URL (data-save-url) with the CSRF token, asking for JSON. The server
 * answers {"saved", "answered", "total"}; {"errors": {field: message}} (400, nothing
 * saved), shown next to the questions; or {"closed", "message", "url"} (409) once the
 * attempt is submitted or its time ran out: the page then goes to the results. When the
 * request fails (no connection), the status says so and the save is tried again. The
 * status is an aria-live region ([data-quiz-status]), so screen readers hear it.
 *
 * Countdown ([data-quiz-timer]): counts down from data-seconds-left, the time left as the
 * server counted it when the page was made (the learner's clock may be wrong), shows it
 * as mm:ss, announces 5 minutes and 1 minute left in a polite live region (not every
 * second), and at 0 submits the form with confirm=1, so unanswered questions do not hold
 * it back.
 *
 * Without JavaScript the "Save answers" and "Submit answers" buttons do the same with a
 * page load, and the deadline is written on the page.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-quiz-form]");
  if (!form) {
    return;
  }

  var SAVE_DELAY = 1000;
  var RETRY_DELAY = 10000;
  var saveUrl = form.getAttribute("data-save-url");
  var status = form.querySelector("[data-quiz-status]");
  var progress = form.querySelector("[data-quiz-progress]");
  var saveTimer = null;
  var saving = false;
  var changedWhileSaving = false;
  var failed = false;
  var leaving = false;

  function csrfToken() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function say(message) {
    if (status && status.textContent !== message) {
      status.textContent = message || "";
    }
  }

  function showErrors(errors) {
    form.querySelectorAll("[data-quiz-question]").forEach(function (fieldset) {
      var message = errors[fieldset.getAttribute("data-quiz-question")] || "";
      var box = fieldset.querySelector("[data-quiz-error]");
      if (box) {
        box.textContent = message;
        box.hidden = !message;
      }
      fieldset.classList.toggle("quiz-question--error", Boolean(message));
      fieldset.querySelectorAll("input").forEach(function (input) {
        if (message) {
          input.setAttribute("aria-invalid", "true");
        } else {
          input.removeAttribute("aria-invalid");
        }
      });
    });
  }

  function showProgress(answered, total) {
    if (progress && progress.dataset.template) {
      progress.textContent = progress.dataset.template
        .replace("{answered}", String(answered))
        .replace("{total}", String(total));
    }
  }

  function schedule(delay) {
    if (leaving) {
      return;
    }
    window.clearTimeout(saveTimer);
    saveTimer = window.setTimeout(save, delay);
  }

  function save() {
    if (leaving || !window.fetch || !window.FormData) {
      return;
    }
    if (saving) {
      changedWhileSaving = true;
      return;
    }
    window.clearTimeout(saveTimer);
    saving = true;
    changedWhileSaving = false;
    say(status && status.dataset.messageSaving);
    fetch(saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
      body: new FormData(form),
    })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return {};
          })
          .then(function (data) {
            return { code: response.status, data: data };
          });
      })
      .then(function (result) {
        saving = false;
        var data = result.data || {};
        if ((result.code === 409 || result.code === 403) && data.url) {
          leaving = true;
          window.location.assign(data.url);
          return;
        }
        if (result.code === 200 && data.saved) {
          failed = false;
          showErrors({});
          showProgress(data.answered, data.total);
          say(status && status.dataset.messageSaved);
        } else if (result.code === 400 && data.errors) {
          failed = false;
          showErrors(data.errors);
          say([status && status.dataset.messageInvalid, data.errors.__all__].filter(Boolean).join(" "));
        } else {
          throw new Error("HTTP " + result.code);
        }
        if (changedWhileSaving) {
          schedule(SAVE_DELAY);
        }
      })
      .catch(function () {
        // The answers are still in the form: say so, and try again a little later.
        saving = false;
        failed = true;
        say(status && status.dataset.messageFailed);
        schedule(RETRY_DELAY);
      });
  }

  form.addEventListener("input", function () {
    schedule(SAVE_DELAY);
  });
  form.addEventListener("change", function () {
    schedule(SAVE_DELAY);
  });
  form.addEventListener("submit", function () {
    // A button's own page load takes over (save or submit): no autosave should race it.
    leaving = true;
    window.clearTimeout(saveTimer);
  });
  window.addEventListener("online", function () {
    if (failed) {
      save();
    }
  });

  // --- Countdown

  var clock = document.querySelector("[data-quiz-timer]");
  var secondsLeft = clock ? parseInt(clock.getAttribute("data-seconds-left"), 10) : NaN;
  if (!clock || isNaN(secondsLeft)) {
    return;
  }
  var value = clock.querySelector("[data-quiz-timer-value]");
  var announcer = document.querySelector("[data-quiz-timer-announce]");
  var startedAt = Date.now();
  var announced = {};
  // A form sent back with errors is not submitted by the clock again: the learner corrects it.
  var mayAutoSubmit = !document.querySelector("[data-error-summary]:not([data-quiz-unanswered])");
  var tick = null;

  function twoDigits(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function format(seconds) {
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var rest = seconds % 60;
    return (hours ? hours + ":" + twoDigits(minutes) : twoDigits(minutes)) + ":" + twoDigits(rest);
  }

  function announce(key) {
    if (announcer && !announced[key]) {
      announced[key] = true;
      announcer.textContent = announcer.getAttribute("data-message-" + key) || "";
    }
  }

  function timeUp() {
    window.clearInterval(tick);
    announce("0");
    if (!mayAutoSubmit || leaving) {
      return;
    }
    leaving = true;
    window.clearTimeout(saveTimer);
    var confirm = document.createElement("input");
    confirm.type = "hidden";
    confirm.name = "confirm";
    confirm.value = "1";
    form.appendChild(confirm);
    form.submit(); // to the form's action, the submit URL
  }

  function update() {
    var elapsed = Math.max(0, Math.floor((Date.now() - startedAt) / 1000));
    var left = Math.max(0, secondsLeft - elapsed);
    if (value) {
      value.textContent = format(left);
    }
    // Only when the threshold is crossed on this page, not when the page opens below it.
    if (left <= 300 && secondsLeft > 300) {
      announce("5");
    }
    if (left <= 60 && secondsLeft > 60) {
      announce("1");
    }
    if (left === 0) {
      timeUp();
    }
  }

  clock.hidden = false;
  update();
  if (secondsLeft > 0) {
    tick = window.setInterval(update, 500);
  }
})();
