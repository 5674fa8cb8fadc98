// Live contrast feedback on the city settings page (progressive enhancement: the server checks on save).
// Each <output data-for="<id of a colour input>"> shows the WCAG contrast ratio of white text on that colour.
(function () {
  'use strict';
  function channel(v) {
    var c = v / 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }
  function ratio(hex) {
    if (!/^#[0-9a-fA-F]{6}$/.test(hex)) { return null; }
    var n = parseInt(hex.substring(1), 16);
    var l = 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
    return 1.05 / (l + 0.05);
  }
  function update(input, out) {
    var r = ratio(input.value.trim());
    if (r === null) {
      out.textContent = out.getAttribute('data-invalid');
      out.className = 'contrast contrast-fail';
      return;
    }
    var shown = (Math.floor(r * 10) / 10).toFixed(1);
    var ok = r >= 4.5;
    out.textContent = (ok ? out.getAttribute('data-pass') : out.getAttribute('data-fail')).replace('{0}', shown);
    out.className = ok ? 'contrast contrast-pass' : 'contrast contrast-fail';
  }
  document.addEventListener('DOMContentLoaded', function () {
    var outputs = document.querySelectorAll('output[data-for]');
    Array.prototype.forEach.call(outputs, function (out) {
      var input = document.getElementById(out.getAttribute('data-for'));
      if (input) {
        input.addEventListener('input', function () { update(input, out); });
      }
    });
  });
})();
