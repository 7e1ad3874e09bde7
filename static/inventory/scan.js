/* The clerk's scan page. A keyboard-wedge scanner types the VIN followed by
   Enter into the focused field, which submits the form by itself. The camera
   button reads the VIN barcode (Code 39/128, Data Matrix, QR) with the
   locally served html5-qrcode library and submits it the same way. */
(function () {
  "use strict";
  var form = document.getElementById("scan-form");
  var input = form && form.querySelector("input[name=vin]");
  var button = document.getElementById("camera-button");
  var box = document.getElementById("camera");
  if (!form || !input || !button || !box || typeof Html5Qrcode === "undefined") {
    if (button) { button.hidden = true; }
    return;
  }
  input.addEventListener("input", function () { input.value = input.value.toUpperCase(); });
  var scanner = null;
  button.addEventListener("click", function () {
    if (scanner) { return; }
    box.hidden = false;
    var F = Html5QrcodeSupportedFormats;
    scanner = new Html5Qrcode("camera", {
      formatsToSupport: [F.CODE_39, F.CODE_128, F.DATA_MATRIX, F.QR_CODE]
    });
    scanner.start({ facingMode: "environment" }, { fps: 10, qrbox: { width: 280, height: 120 } },
      function (text) {
        scanner.stop().finally(function () {
          input.value = text.trim().toUpperCase().replace(/^I/, "");
          form.submit();
        });
      },
      function () { /* no code in this frame */ }
    ).catch(function (err) {
      // The library's error is in English and for developers ("Error getting
      // userMedia, error = NotFoundError"): the page says what to do instead.
      if (window.console) { console.warn(err); }
      box.innerHTML = "";
      var alertBox = document.createElement("div");
      alertBox.className = "alert alert-warning";
      alertBox.setAttribute("role", "alert");
      alertBox.setAttribute("data-camera-error", "");
      alertBox.textContent = box.getAttribute("data-error");
      box.appendChild(alertBox);
      scanner = null;
    });
  });
})();
