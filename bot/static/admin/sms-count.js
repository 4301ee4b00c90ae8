/* The reply box's live SMS count: the rule of bot/core/sms.py (GSM-7 basic characters one
   septet, extension characters two, 160/153 per segment; anything else makes the message
   UCS-2, 70/67 UTF-16 units per segment). The character tables come from the server
   (data-gsm7-basic, data-gsm7-extended), so there is one table. No library, no network. */
(function () {
  "use strict";
  var box = document.getElementById("reply-text");
  var out = document.getElementById("reply-count");
  if (!box || !out) { return; }
  var basic = new Set(Array.from(box.dataset.gsm7Basic || ""));
  var extended = new Set(Array.from(box.dataset.gsm7Extended || ""));
  var channel = box.dataset.channel || "sms";
  var prefix = box.dataset.prefix || "";  /* "DRT-0001 dari Bidan Sri: " is sent with the words */

  function count(text) {
    var gsm = Array.from(text).every(function (ch) { return basic.has(ch) || extended.has(ch); });
    var units, single, multi;
    if (gsm) {
      units = Array.from(text).reduce(function (n, ch) { return n + (extended.has(ch) ? 2 : 1); }, 0);
      single = 160; multi = 153;
    } else {
      units = text.length; /* UTF-16 code units, as JavaScript counts them */
      single = 70; multi = 67;
    }
    var segments = units <= single ? 1 : Math.ceil(units / multi);
    return { gsm: gsm, units: units, segments: segments };
  }

  function show() {
    var info = count(prefix + box.value);
    var text = box.value.length + " karakter · " + info.segments + " SMS";
    if (!info.gsm) {
      text += channel === "sms" ? " (huruf khusus akan diganti agar terbaca di HP biasa)" : " (UCS-2)";
    }
    out.textContent = text;
    out.dataset.segments = String(info.segments);
  }

  box.addEventListener("input", show);
  Array.prototype.forEach.call(document.querySelectorAll(".canned-reply"), function (button) {
    button.addEventListener("click", function () {
      box.value = button.dataset.text;
      box.focus();
      show();
    });
  });
  show();
}());
