/* The time-out warning on staff pages (progressive enhancement: without this file nothing changes, and a form
   sent after the time-out is kept on the server until the person signs in again).
   - The page is told how many seconds its session has left (data-seconds-left on this script's element).
     A few minutes before the end (data-warn-seconds) a dialog says so and offers "Stay signed in", which posts
     to data-stay-url (with the CSRF token) so the server counts it as using the site, or "Sign out".
   - Escape means "stay": whoever pressed it is there.
   - At the end the dialog says "You have been signed out", and the page stays as it is, with what was typed.
   - Typing alone is not seen by the server, so this page never asks the server anything by itself.
   - Several staff tabs share the latest end time in localStorage, so a tab in use keeps the others quiet. */
(function () {
  "use strict";
  var script = document.currentScript;
  var warning = document.getElementById("time-out-warning");
  var ended = document.getElementById("time-out-ended");
  if (!script || !warning || !ended || !window.HTMLDialogElement || !window.fetch) { return; }

  var STORE_KEY = "participation.staff.signedOutAt";
  var warnMs = Number(script.dataset.warnSeconds) * 1000;
  var deadline = Date.now() + Number(script.dataset.secondsLeft) * 1000;
  var dialog = null;
  var returnFocus = null;
  var timer = null;
  var signedOut = false;

  function shared() {
    try { return Number(window.localStorage.getItem(STORE_KEY)) || 0; } catch (error) { return 0; }
  }

  function share(time) {
    try { window.localStorage.setItem(STORE_KEY, String(time)); } catch (error) { /* private browsing */ }
  }

  function schedule() {
    window.clearTimeout(timer);
    var now = Date.now();
    if (now >= deadline) { timer = null; showSignedOut(); return; }
    var wait = now >= deadline - warnMs ? deadline - now : deadline - warnMs - now;
    timer = window.setTimeout(tick, Math.max(wait, 0));
  }

  function tick() {
    // Another tab may have been used (or kept the session) since: its later end time wins.
    var later = shared();
    if (later > deadline) { deadline = later; closeDialog(); schedule(); return; }
    if (Date.now() >= deadline) { showSignedOut(); return; }
    showWarning();
    schedule();
  }

  function openDialog(content) {
    if (!dialog) {
      returnFocus = document.activeElement;
      dialog = warning.content.firstElementChild.cloneNode(true);
      dialog.addEventListener("cancel", function (event) {
        // Escape: staying is the safe answer (the person is clearly there); after the end it just closes.
        event.preventDefault();
        if (signedOut) { closeDialog(); } else { stay(); }
      });
      document.body.appendChild(dialog);
      dialog.showModal();
    }
    if (content) {
      dialog.replaceChildren(content.content.cloneNode(true));
    }
    wire();
  }

  function wire() {
    var stayButton = dialog.querySelector("[data-stay]");
    var closeButton = dialog.querySelector("[data-close]");
    if (stayButton) {
      stayButton.onclick = stay;
      stayButton.focus();
    }
    if (closeButton) {
      closeButton.onclick = closeDialog;
      closeButton.focus();
    }
  }

  function showWarning() {
    if (!dialog) { openDialog(null); }
  }

  function showSignedOut() {
    if (signedOut) { return; }
    signedOut = true;
    openDialog(ended);
  }

  function closeDialog() {
    if (!dialog) { return; }
    dialog.close();
    dialog.remove();
    dialog = null;
    if (returnFocus && document.contains(returnFocus)) { returnFocus.focus(); }
    returnFocus = null;
  }

  function stay() {
    var body = new URLSearchParams();
    body.set("csrf_token", script.dataset.csrfToken);
    var problem = dialog && dialog.querySelector(".time-out__problem");
    // A signed-out session is answered with a redirect to sign in: not followed, it says the session has ended.
    fetch(script.dataset.stayUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(response.type === "opaqueredirect" ? "signed out" : "refused"); }
      return response.json();
    }).then(function (answer) {
      deadline = Date.now() + answer.seconds_left * 1000;
      share(deadline);
      closeDialog();
      schedule();
    }).catch(function (error) {
      if (error.message === "signed out") { showSignedOut(); return; }
      if (problem) { problem.hidden = false; }
    });
  }

  // A newer end time from another tab (a page opened, or "Stay signed in" pressed there).
  window.addEventListener("storage", function (event) {
    if (event.key !== STORE_KEY || signedOut) { return; }
    var later = Number(event.newValue) || 0;
    if (later > deadline) { deadline = later; closeDialog(); schedule(); }
  });

  if (shared() > deadline) { deadline = shared(); } else { share(deadline); }
  schedule();
}());
