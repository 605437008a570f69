// Sends the visitor to the first of their browser's languages that the portal offers;
// the page's plain links stay for readers without scripts.
(function () {
  "use strict";
  var list = document.querySelector("[data-languages]");
  if (!list) return;
  var offered = list.getAttribute("data-languages").split(" ");
  var wanted = navigator.languages && navigator.languages.length
    ? navigator.languages
    : [navigator.language || ""];
  for (var i = 0; i < wanted.length; i++) {
    var code = String(wanted[i]).toLowerCase().split("-")[0];
    if (offered.indexOf(code) !== -1) {
      window.location.replace(code + "/" + window.location.search + window.location.hash);
      return;
    }
  }
})();
