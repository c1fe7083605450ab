/* Certificates on the dashboard and the course page: the "Copy link" button.
 *
 * Each certificate card (templates/courses/includes/certificate_card.html) shows its public
 * verification address as a link, so it can be copied by hand, and carries a hidden
 * button with data-copy-link="<address>". Where the browser offers the asynchronous
 * clipboard (secure pages), this script shows the button; a click copies the address
 * and announces "Link copied" (or that it could not be copied) in the card's aria-live
 * region, whose words come translated from its data-message-* attributes.
 */
(function () {
  "use strict";

  var buttons = document.querySelectorAll("[data-copy-link]");
  if (!buttons.length || !navigator.clipboard || !navigator.clipboard.writeText) {
    return;
  }

  function announce(status, message) {
    if (!status || !message) {
      return;
    }
    // Emptied first, so the same words said twice are announced twice.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  buttons.forEach(function (button) {
    var card = button.closest("[data-certificate], [data-copy-scope]");
    var status = card ? card.querySelector("[data-copy-status]") : null;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copyLink).then(
        function () {
          announce(status, status && status.dataset.messageCopied);
        },
        function () {
          announce(status, status && status.dataset.messageFailed);
        }
      );
    });
  });
})();
