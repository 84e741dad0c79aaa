/* Passkeys (WebAuthn): progressive enhancement of the forms marked data-passkey="add" or "use".
   The server puts the options in data-options (JSON, binary values in base64url); this script asks the
   browser to make or use a passkey, writes the browser's answer (JSON, base64url) into the hidden
   "credential" field and sends the form. Without JavaScript or WebAuthn the form stays hidden and the
   page's text says to use an authenticator app or a code instead. */
(function () {
  "use strict";

  function toBytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) { base64 += "="; }
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i += 1) { bytes[i] = binary.charCodeAt(i); }
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i += 1) { binary += String.fromCharCode(bytes[i]); }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withBinaryIds(list) {
    return (list || []).map(function (item) {
      var copy = Object.assign({}, item);
      copy.id = toBytes(item.id);
      return copy;
    });
  }

  function creationOptions(options) {
    var publicKey = Object.assign({}, options);
    publicKey.challenge = toBytes(options.challenge);
    publicKey.user = Object.assign({}, options.user, { id: toBytes(options.user.id) });
    publicKey.excludeCredentials = withBinaryIds(options.excludeCredentials);
    return { publicKey: publicKey };
  }

  function requestOptions(options) {
    var publicKey = Object.assign({}, options);
    publicKey.challenge = toBytes(options.challenge);
    publicKey.allowCredentials = withBinaryIds(options.allowCredentials);
    return { publicKey: publicKey };
  }

  function answer(credential) {
    var response = credential.response;
    var json = {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
      response: { clientDataJSON: toBase64url(response.clientDataJSON) }
    };
    if (credential.authenticatorAttachment) { json.authenticatorAttachment = credential.authenticatorAttachment; }
    if (response.attestationObject) {
      json.response.attestationObject = toBase64url(response.attestationObject);
      if (response.getTransports) { json.response.transports = response.getTransports(); }
    } else {
      json.response.authenticatorData = toBase64url(response.authenticatorData);
      json.response.signature = toBase64url(response.signature);
      if (response.userHandle) { json.response.userHandle = toBase64url(response.userHandle); }
    }
    return JSON.stringify(json);
  }

  if (!window.PublicKeyCredential || !navigator.credentials) { return; }

  document.querySelectorAll("form[data-passkey]").forEach(function (form) {
    var adding = form.getAttribute("data-passkey") === "add";
    var options = JSON.parse(form.getAttribute("data-options"));
    var field = form.querySelector("input[name=credential]");
    var error = form.querySelector("[data-passkey-error]");
    form.querySelectorAll("[data-passkey-needs-js]").forEach(function (note) { note.hidden = true; });
    form.querySelectorAll("[data-passkey-button]").forEach(function (button) { button.hidden = false; });

    form.addEventListener("submit", function (event) {
      if (field.value) { return; }  // the answer is in: send it
      event.preventDefault();
      if (error) { error.hidden = true; }
      var asking = adding
        ? navigator.credentials.create(creationOptions(options))
        : navigator.credentials.get(requestOptions(options));
      asking.then(function (credential) {
        field.value = answer(credential);
        form.submit();
      }).catch(function () {
        if (error) { error.hidden = false; }
      });
    });
  });
})();
