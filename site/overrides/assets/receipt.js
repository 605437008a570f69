// The receipt page a form sent without JavaScript leads to (/<lang>/sent/?reference=...):
// where a script runs after all, it shows the reference from the address. Without one,
// the page says the reference is in the e-mail we sent.
(function () {
  "use strict";
  var reference = new URLSearchParams(window.location.search).get("reference") || "";
  if (!/^[A-Z]{2}-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(reference)) return;
  document.querySelectorAll("[data-reference]").forEach(function (node) {
    node.textContent = reference;
  });
})();
