/* Progressive enhancement only: every page works without this file.
   - Quick exit: the red button, or Shift pressed three times on its own, hides the page at once and replaces
     it (without a history entry) with the exit address, which ends the session and moves to a neutral site.
   - Copy buttons for a child's link.
   - Read aloud: shown only when the browser has a voice for the page's language.
   - Print button on the large-text agenda. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // A page with a problem: move to its summary first, as GOV.UK does (the title already starts "Error:").
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }

  function quickExit(href) {
    document.body.classList.add("exiting");
    document.title = "";
    window.location.replace(href);
  }

  // The exit bar stays on screen only while it takes at most a quarter of it. The CSS decides by the
  // screen's height in em; text made larger another way (a phone's own text size) is caught here.
  var bar = document.querySelector(".exit-bar");
  if (bar && window.ResizeObserver) {
    var fitBar = function () {
      bar.classList.remove("exit-bar--still");
      if (bar.offsetHeight > window.innerHeight / 4) { bar.classList.add("exit-bar--still"); }
    };
    new ResizeObserver(fitBar).observe(bar);
    window.addEventListener("resize", fitBar);
  }

  var exitLink = document.querySelector("[data-quick-exit]");
  if (exitLink) {
    exitLink.addEventListener("click", function (event) {
      event.preventDefault();
      quickExit(exitLink.href);
    });
    // As GOV.UK's "Exit this page": only Shift pressed and released on its own counts, three times within
    // five seconds; any other key starts again, so typing capitals or Shift+Tab never leaves the page.
    var status = document.querySelector("[data-exit-status]");
    var presses = 0;
    var shiftHeldWithAnotherKey = false;
    var timer = null;
    var say = function (text) { if (status) { status.textContent = text || ""; } };
    var reset = function () { presses = 0; clearTimeout(timer); timer = null; };
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Shift") {
        if (event.shiftKey) { shiftHeldWithAnotherKey = true; }
        if (presses > 0) { reset(); say(""); }
      }
    });
    document.addEventListener("keyup", function (event) {
      if (event.key !== "Shift") { return; }
      if (shiftHeldWithAnotherKey) { shiftHeldWithAnotherKey = false; reset(); return; }
      presses += 1;
      clearTimeout(timer);
      if (presses >= 3) { reset(); quickExit(exitLink.href); return; }
      say(status && status.getAttribute(presses === 1 ? "data-two-more" : "data-one-more"));
      timer = setTimeout(function () { reset(); say(status && status.getAttribute("data-expired")); }, 5000);
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

  var readButton = document.querySelector("[data-read-aloud]");
  if (readButton && "speechSynthesis" in window) {
    var lang = (document.documentElement.lang || "en").toLowerCase();
    var voiceFor = function () {
      return window.speechSynthesis.getVoices().filter(function (voice) {
        return voice.lang.toLowerCase().split(/[-_]/)[0] === lang;
      })[0];
    };
    var offer = function () { if (voiceFor()) { readButton.hidden = false; } };
    offer();
    window.speechSynthesis.addEventListener("voiceschanged", offer);
    readButton.addEventListener("click", function () {
      window.speechSynthesis.cancel();
      Array.prototype.forEach.call(document.querySelectorAll("main [data-read]"), function (element) {
        var utterance = new window.SpeechSynthesisUtterance(element.textContent.trim());
        utterance.lang = lang;
        utterance.voice = voiceFor() || null;
        utterance.rate = 0.9;
        window.speechSynthesis.speak(utterance);
      });
    });
  }

  var printButton = document.querySelector("[data-print]");
  if (printButton) {
    printButton.addEventListener("click", function () { window.print(); });
  }
})();
