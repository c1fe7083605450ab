/* The site's only script: the menu button on narrow screens.
 *
 * Without JavaScript the menu is always shown; this script reveals the button,
 * collapses the menu behind it and keeps aria-expanded in step.
 */
(function () {
  "use strict";

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
