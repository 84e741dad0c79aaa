/* Progressive enhancement only: every page works without this file.
   - Quick exit: the red button, or Shift pressed three times on its own, hides the page at once and replaces
     it (without a history entry) with the exit address, which ends the session and moves to a neutral site.
   - Copy buttons for a child's link.
   - Read aloud on every child page (see below).
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

  // Read aloud: everything in the page's main part, in order, one piece at a time with that piece highlighted;
  // pause, carry on and stop. Once started, an option is read as it is focused or tapped, on this page and the
  // next (until Stop). With no voice for the page's language the controls stay and say so kindly; the English
  // voice is offered only as a link to the page in English, for the child to choose.
  var reader = document.querySelector("[data-read-aloud]");
  if (reader) {
    var speech = window.speechSynthesis;
    var play = reader.querySelector("[data-read-play]");
    var pauseButton = reader.querySelector("[data-read-pause]");
    var stopButton = reader.querySelector("[data-read-stop]");
    var readStatus = reader.querySelector("[data-read-status]");
    var english = reader.querySelector("[data-read-english]");
    var pageLang = (document.documentElement.lang || "en").toLowerCase();
    var queue = [];
    var current = null;
    var paused = false;
    var primary = function (tag) { return tag.toLowerCase().split(/[-_]/)[0]; };
    var voiceFor = function () {
      if (!speech) { return null; }
      return speech.getVoices().filter(function (voice) {
        return primary(voice.lang) === primary(pageLang);
      })[0] || null;
    };
    var hasEnglish = function () {
      return speech && speech.getVoices().some(function (voice) { return primary(voice.lang) === "en"; });
    };
    var tell = function (text) { readStatus.textContent = text || ""; };
    var explain = function () {
      if (!speech) { tell(reader.getAttribute("data-no-speech")); play.disabled = true; return; }
      if (voiceFor()) { tell(""); play.disabled = false; if (english) { english.hidden = true; } return; }
      tell(reader.getAttribute("data-no-voice"));
      play.disabled = true;
      if (english) { english.hidden = !hasEnglish(); }
    };
    var visible = function (element) {
      if (element.closest("[hidden], .visually-hidden, .read-aloud, .symbol-defs")) { return false; }
      return !!(element.offsetWidth || element.offsetHeight || element.getClientRects().length);
    };
    // The pieces to read: each block of text once (a piece inside another is read with it).
    var PIECES = "h1, h2, h3, p, li, dt, dd, legend, label, th, td, .button, button, summary";
    var pieces = function () {
      var main = document.querySelector("main");
      return Array.prototype.filter.call(main.querySelectorAll(PIECES), function (element) {
        if (!visible(element) || !element.textContent.trim()) { return false; }
        var outer = element.parentElement.closest(PIECES);
        return !(outer && main.contains(outer));
      });
    };
    var unmark = function () {
      if (current) { current.classList.remove("reading"); current = null; }
    };
    var speak = function (element, then) {
      var text = element.getAttribute("aria-label") || element.textContent.replace(/\s+/g, " ").trim();
      var utterance = new window.SpeechSynthesisUtterance(text);
      utterance.lang = pageLang;
      utterance.voice = voiceFor();
      utterance.rate = 0.9;
      unmark();
      current = element;
      element.classList.add("reading");
      utterance.onend = function () { unmark(); if (then) { then(); } };
      utterance.onerror = function () { unmark(); };
      speech.speak(utterance);
    };
    var next = function () {
      if (!queue.length) { finished(); return; }
      speak(queue.shift(), next);
    };
    var finished = function () {
      queue = [];
      paused = false;
      pauseButton.hidden = true;
      stopButton.hidden = !active();
      pauseButton.querySelector("span").textContent = pauseButton.getAttribute("data-pause");
    };
    var active = function () {
      try { return window.sessionStorage.getItem("readAloud") === "on"; } catch (e) { return false; }
    };
    var setActive = function (on) {
      try {
        if (on) { window.sessionStorage.setItem("readAloud", "on"); } else { window.sessionStorage.removeItem("readAloud"); }
      } catch (e) { /* private mode: reading still works on this page */ }
    };
    reader.hidden = false;
    explain();
    if (speech && speech.addEventListener) { speech.addEventListener("voiceschanged", explain); }
    if (active()) { stopButton.hidden = false; }
    play.addEventListener("click", function () {
      if (!voiceFor()) { explain(); return; }
      speech.cancel();
      setActive(true);
      queue = pieces();
      pauseButton.hidden = false;
      stopButton.hidden = false;
      next();
    });
    pauseButton.addEventListener("click", function () {
      var label = pauseButton.querySelector("span");
      if (paused) { speech.resume(); paused = false; label.textContent = pauseButton.getAttribute("data-pause"); }
      else { speech.pause(); paused = true; label.textContent = pauseButton.getAttribute("data-resume"); }
    });
    stopButton.addEventListener("click", function () {
      setActive(false);
      queue = [];
      speech.cancel();
      unmark();
      finished();
      stopButton.hidden = true;
    });
    // An option, a link or a button is read as it is focused or tapped. A tap both focuses and changes a
    // tile's input, so the same piece within a moment is read once.
    var lastPiece = null;
    var lastAt = 0;
    var readChoice = function (event) {
      if (!active() || !voiceFor() || reader.contains(event.target)) { return; }
      var target = event.target;
      var label = target.id && document.querySelector('label[for="' + CSS.escape(target.id) + '"]');
      var piece = label || target.closest("a, button, label, summary");
      if (!piece || !document.querySelector("main").contains(piece)) { return; }
      if (piece === lastPiece && Date.now() - lastAt < 800) { return; }
      lastPiece = piece;
      lastAt = Date.now();
      queue = [];
      speech.cancel();
      speak(piece, finished);
    };
    document.addEventListener("focusin", readChoice);
    document.addEventListener("change", readChoice);
  }

  var printButton = document.querySelector("[data-print]");
  if (printButton) {
    printButton.addEventListener("click", function () { window.print(); });
  }
})();
