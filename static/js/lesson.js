/* Lesson page: complete the lesson when its video ends.
 *
 * On a lesson set to "complete when the video ends", the uploaded video carries
 * data-complete-url (templates/courses/blocks/media_file.html). When it ends, this script
 * POSTs to that URL with the CSRF token of the page's "mark as complete" form and asks
 * for JSON ({"completed", "progress", "course_completed"}); it then shows the completed
 * state, updates the progress bar and announces the change in the aria-live region.
 * Without JavaScript the "mark as complete" button does the same with a page load.
 */
(function () {
  "use strict";

  var videos = document.querySelectorAll("video[data-complete-url]");
  var section = document.querySelector("[data-lesson-complete]");
  if (!videos.length || !section || !window.fetch) {
    return;
  }
  var status = section.querySelector("[data-complete-status]");
  var sent = false;

  function csrfToken() {
    var input = section.querySelector("input[name=csrfmiddlewaretoken]") ||
      document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function announce(message) {
    if (status && message) {
      status.textContent = message;
    }
  }

  function showCompleted(data) {
    var form = section.querySelector("[data-complete-form]");
    var done = section.querySelector("[data-complete-done]");
    if (form) {
      form.hidden = true;
    }
    if (done) {
      done.hidden = false;
    }
    var percent = String(data.progress);
    document.querySelectorAll("[data-course-progress]").forEach(function (bar) {
      bar.value = data.progress;
      bar.textContent = percent + "%";
    });
    document.querySelectorAll("[data-course-progress-text]").forEach(function (text) {
      text.textContent = percent + "%";
    });
    if (status) {
      announce(data.course_completed ? status.dataset.messageCourseDone : status.dataset.messageDone);
    }
  }

  function complete(url) {
    if (sent) {
      return;
    }
    sent = true;
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (data.completed) {
          showCompleted(data);
          videos.forEach(function (video) {
            video.removeAttribute("data-complete-url");
          });
        }
      })
      .catch(function () {
        // The button is still there: the learner can complete the lesson by hand.
        sent = false;
        announce(status && status.dataset.messageFailed);
      });
  }

  videos.forEach(function (video) {
    video.addEventListener("ended", function () {
      var url = video.getAttribute("data-complete-url");
      if (url) {
        complete(url);
      }
    });
  });
})();
