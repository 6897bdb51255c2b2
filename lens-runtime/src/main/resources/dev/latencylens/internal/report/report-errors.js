/* Latency Lens report: shows any script error at the top of the page (and lets tests see it). */
(function () {
  'use strict';
  var pending = [];
  function show(message) {
    var box = document.getElementById('js-errors');
    if (!box) {
      pending.push(message);
      return;
    }
    box.hidden = false;
    box.textContent += message + '\n';
  }
  window.lensReportError = show;
  window.addEventListener('error', function (e) {
    var where = e.lineno ? ' (line ' + e.lineno + ':' + e.colno + ')' : '';
    var what = e.message || (e.target && (e.target.src || e.target.href)) || 'failed to load a resource';
    show('Error: ' + what + where);
  }, true);
  window.addEventListener('unhandledrejection', function (e) {
    show('Unhandled rejection: ' + e.reason);
  });
  document.addEventListener('securitypolicyviolation', function (e) {
    show('Blocked by the content security policy: ' + e.violatedDirective + ' ' + e.blockedURI);
  });
  var original = console.error;
  console.error = function () {
    show('console.error: ' + Array.prototype.map.call(arguments, String).join(' '));
    return original.apply(console, arguments);
  };
  document.addEventListener('DOMContentLoaded', function () {
    var queued = pending;
    pending = [];
    queued.forEach(show);
  });
})();
