/* Progressive enhancement only: every page works without this file.
   - Quick exit: the red button, or Shift pressed three times, hides the page at once and replaces it
     (without a history entry) with the exit address, which ends the session and moves to a neutral site.
   - Copy buttons for a child's link. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function quickExit(href) {
    document.body.classList.add("exiting");
    document.title = "";
    window.location.replace(href);
  }

  var exitLink = document.querySelector("[data-quick-exit]");
  if (exitLink) {
    exitLink.addEventListener("click", function (event) {
      event.preventDefault();
      quickExit(exitLink.href);
    });
    var shiftPresses = [];
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Shift" || event.repeat) { return; }
      var now = Date.now();
      shiftPresses = shiftPresses.filter(function (t) { return now - t < 2000; });
      shiftPresses.push(now);
      if (shiftPresses.length >= 3) { quickExit(exitLink.href); }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-copy-target]"), function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.getAttribute("data-copy-target"));
      var status = document.getElementById(button.getAttribute("data-copy-status"));
      if (!field) { return; }
      var done = function () { if (status) { status.textContent = button.getAttribute("data-copied-text"); } };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
      } else {
        field.select();
        try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selected to copy by hand */ }
      }
    });
  });
})();
