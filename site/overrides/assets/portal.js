// The language links (header and footer) open the same page in another language; this
// keeps the reader on the same section: the #anchor in the address, or else, once the
// reader has scrolled, the section the table of contents marks as the one being read.
// Headings carry the same ids in every language ({ #id } in the pages' Markdown).
(function () {
  "use strict";
  function section() {
    if (location.hash) return location.hash;
    if (window.scrollY === 0) return "";
    var active = document.querySelector(".md-nav--secondary .md-nav__link--active");
    return active ? active.hash : "";
  }
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element && event.target.closest("a.portal-language-link");
    if (link && !link.hasAttribute("aria-current")) link.hash = section();
  });
})();
