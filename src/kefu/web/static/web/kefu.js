/* Kefu page behaviour: Bootstrap tooltips, on first load and after every htmx swap. */
(function () {
  "use strict";
  function tooltips(root) {
    root.querySelectorAll('[data-bs-toggle="tooltip"]').forEach(function (el) {
      bootstrap.Tooltip.getOrCreateInstance(el);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { tooltips(document); });
  document.addEventListener("htmx:afterSwap", function (event) { tooltips(event.target); });
})();
