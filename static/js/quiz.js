/* Quiz attempt page: save the answers as the learner goes, and count down to the deadline.
 *
 * Autosave: a second after the learner last changed an answer, the whole form is POSTed
 * to its save URL (data-save-url) with the CSRF token, asking for JSON. The server
 * answers (courses.views.save_attempt):
 *   200 {"saved", "answered", "total"}: saved.
 *   400 {"errors": {field: message}, "saved"}: the errors are shown next to the questions;
 *       "saved" says whether the other answers were saved all the same.
 *   409 {"closed", "message", "url"} once the attempt is submitted or its time ran out,
 *   403 {"message", "url"} once the learner is no longer enrolled: the page goes to "url".
 *   401 {"message", "login_url"}: the session has ended.
 * Autosave stops, with a message saying what to do, on a 401 (log in again in another
 * tab: the answers stay on this page, and are saved when the learner comes back to it or
 * changes one), on a 403 without "url" (the CSRF check failed: the page is out of date),
 * on a 404 (the quiz is gone) and on any reply that is not JSON. Only a failed request
 * (no connection) or a 5xx is tried again, after 5 s, 10 s, 20 s, 40 s, then each minute,
 * a few times; after that, at the learner's next change or when the connection is back.
 *
 * What autosave is doing ("Saving…", "All answers saved") is shown in [data-quiz-status],
 * which is not a live region: a screen reader would hear it at every save. Only problems,
 * and the save that puts one right, go to the live region [data-quiz-alert].
 *
 * The CSRF token is read from the CSRF cookie before each request when the site lets
 * scripts read it, so a login in another tab (which changes the token) does not leave
 * this page with a stale one.
 *
 * Countdown ([data-quiz-timer]): counts down from data-seconds-left, the time left as the
 * server counted it when the page was made (the learner's clock may be wrong), shows it
 * as mm:ss, announces 5 minutes and 1 minute left in a polite live region (not every
 * second), and at 0 submits the form with confirm=1, so unanswered questions do not hold
 * it back (not a form sent back with errors: the learner corrects that one).
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
  var RETRY_DELAYS = [5000, 10000, 20000, 40000, 60000, 60000, 60000];
  var CSRF_COOKIE = "csrftoken";
  var saveUrl = form.getAttribute("data-save-url");
  var status = form.querySelector("[data-quiz-status]");
  var alertRegion = form.querySelector("[data-quiz-alert]");
  var progress = form.querySelector("[data-quiz-progress]");
  var saveTimer = null;
  var saving = false;
  var changedWhileSaving = false;
  var failures = 0; // requests in a row that failed for want of a connection or with a 5xx
  var retryPending = false;
  var stopped = ""; // why autosave stopped: "login", "reload", "gone", "unexpected"
  var alerted = false; // a problem is being shown: the next save that works says so
  var leaving = false; // a submit (or a move to another page) has started

  function alertMessage(name) {
    return (alertRegion && alertRegion.getAttribute("data-message-" + name)) || "";
  }

  function csrfToken() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    var cookie = document.cookie.split(";").map(function (part) {
      return part.trim();
    }).filter(function (part) {
      return part.indexOf(CSRF_COOKIE + "=") === 0;
    })[0];
    if (cookie && input) {
      input.value = decodeURIComponent(cookie.slice(CSRF_COOKIE.length + 1));
    }
    return input ? input.value : "";
  }

  // What autosave is doing, to see only.
  function show(message) {
    if (status && status.textContent !== (message || "")) {
      status.textContent = message || "";
    }
  }

  // A problem, or its end (``fixed``), in the live region; the same message again is not read out again.
  function warn(message, link, fixed) {
    alerted = !fixed;
    if (!alertRegion || alertRegion.getAttribute("data-shown") === message) {
      return;
    }
    alertRegion.setAttribute("data-shown", message);
    var paragraph = document.createElement("p");
    paragraph.className = "quiz-form__alert" + (fixed ? " quiz-form__alert--fixed" : "");
    paragraph.textContent = message;
    if (link) {
      var anchor = document.createElement("a");
      anchor.href = link;
      anchor.target = "_blank";
      anchor.rel = "noopener";
      anchor.textContent = alertMessage("login-link");
      paragraph.appendChild(document.createTextNode(" "));
      paragraph.appendChild(anchor);
    }
    alertRegion.textContent = "";
    alertRegion.appendChild(paragraph);
  }

  function recovered() {
    if (alerted) {
      warn(alertMessage("recovered"), null, true);
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
    if (progress && progress.dataset.template && typeof answered === "number") {
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

  function stop(reason, loginUrl) {
    stopped = reason;
    show("");
    if (reason === "login") {
      warn(alertMessage("login"), loginUrl || (alertRegion && alertRegion.getAttribute("data-login-url")));
    } else {
      warn(alertMessage(reason));
    }
  }

  function retryLater() {
    failures += 1;
    show("");
    if (failures <= RETRY_DELAYS.length) {
      warn(alertMessage("retry"));
      retryPending = true;
      schedule(RETRY_DELAYS[failures - 1]);
    } else {
      // Enough tries for now: the next change, or the connection coming back, tries again.
      warn(alertMessage("gave-up"));
    }
  }

  function handle(result) {
    saving = false;
    if (leaving) {
      // A submit started while this save was on its way: its page load takes over.
      return;
    }
    var code = result.code;
    var data = result.data;
    if (code === 0 || code >= 500) {
      retryLater();
      return;
    }
    if (code === 401) {
      stop("login", data && data.login_url);
      return;
    }
    if ((code === 409 || code === 403) && data && data.url) {
      leaving = true;
      window.location.assign(data.url);
      return;
    }
    if (code === 403) {
      stop("reload");
      return;
    }
    if (code === 404) {
      stop("gone");
      return;
    }
    if (code === 200 && data && data.saved) {
      failures = 0;
      stopped = "";
      showErrors({});
      showProgress(data.answered, data.total);
      show(status && status.dataset.messageSaved);
      recovered();
    } else if (code === 400 && data && data.errors) {
      failures = 0;
      stopped = "";
      showErrors(data.errors);
      showProgress(data.answered, data.total);
      show("");
      warn([alertMessage(data.saved ? "partly" : "invalid"), data.errors.__all__].filter(Boolean).join(" "));
    } else {
      stop("unexpected");
      return;
    }
    if (changedWhileSaving) {
      schedule(SAVE_DELAY);
    }
  }

  function save() {
    // After a session ended, a save is still tried when the learner comes back or changes an answer.
    if (leaving || (stopped && stopped !== "login") || !window.fetch || !window.FormData) {
      return;
    }
    if (saving) {
      changedWhileSaving = true;
      return;
    }
    window.clearTimeout(saveTimer);
    retryPending = false;
    saving = true;
    changedWhileSaving = false;
    show(status && status.dataset.messageSaving);
    var token = csrfToken();
    fetch(saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token },
      body: new FormData(form),
    })
      .then(
        function (response) {
          var type = response.headers.get("Content-Type") || "";
          var body = type.indexOf("application/json") === -1 ? Promise.resolve(null) : response.json();
          return body
            .catch(function () {
              return null;
            })
            .then(function (data) {
              return { code: response.status, data: data };
            });
        },
        function () {
          return { code: 0, data: null }; // no connection
        }
      )
      .then(handle)
      .catch(function () {
        // A mistake in handling the reply: stop rather than send the same request in a loop.
        saving = false;
        stop("unexpected");
      });
  }

  function changed() {
    if (leaving || (stopped && stopped !== "login")) {
      return;
    }
    if (saving) {
      changedWhileSaving = true;
      return;
    }
    if (retryPending) {
      return; // the retry sends the whole form, this change included
    }
    schedule(SAVE_DELAY);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () {
    // A button's own page load takes over (save or submit): no autosave should race it.
    leaving = true;
    window.clearTimeout(saveTimer);
    csrfToken();
  });
  window.addEventListener("online", function () {
    if (failures) {
      save(); // at once, not at the next retry
    }
  });
  window.addEventListener("focus", function () {
    // Back from logging in again in another tab.
    if (stopped === "login" && !saving) {
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
    if (!mayAutoSubmit || leaving) {
      return;
    }
    announce("0"); // "Submitting your answers": only when this script does
    leaving = true;
    window.clearTimeout(saveTimer);
    csrfToken();
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
