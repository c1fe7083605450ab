/* The site's only script: the error summary of a refused form, and the menu button on
 * narrow screens.
 *
 * A form sent back with errors starts with a summary ([data-error-summary], see
 * templates/lms/account/_form_errors.html); it gets the focus when the page opens, so
 * keyboard and screen-reader users land on it (it has tabindex="-1" for that).
 *
 * Without JavaScript the menu is always shown; this script reveals the button,
 * collapses the menu behind it and keeps aria-expanded in step.
 */
(function () {
  "use strict";

  var errorSummary = document.querySelector("[data-error-summary]");
  if (errorSummary) {
    errorSummary.focus();
  }

  var toggle = document.querySelector(".nav-toggle");
  if (!toggle) {
    return;
  }
  var nav = document.getElementById(toggle.getAttribute("aria-controls"));
  if (!nav) {
    return;
  }

  function setOpen(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("is-open", open);
  }

  nav.classList.add("site-nav--collapsible");
  toggle.hidden = false;
  setOpen(false);

  toggle.addEventListener("click", function () {
    setOpen(toggle.getAttribute("aria-expanded") !== "true");
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      toggle.focus();
    }
  });
})();
