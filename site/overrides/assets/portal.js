// The language links (header and footer) open the same page in another language; this
// keeps the reader on the same section: the #anchor in the address, or else, once the
// reader has scrolled, the section the table of contents marks as the one being read.
// Headings carry the same ids in every language ({ #id } in the pages' Markdown).
(function () {
  "use strict";
  var ACTIVE = "md-nav__link--active";

  function section() {
    if (location.hash) return location.hash;
    if (window.scrollY === 0) return "";
    var active = document.querySelector(".md-nav--secondary ." + ACTIVE);
    return active ? active.hash : "";
  }
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element && event.target.closest("a.portal-language-link");
    if (link && !link.hasAttribute("aria-current")) link.hash = section();
  });

  // Material's toc.follow lives in its bundle, which loads with search only (search.js):
  // until then, mark the table of contents' link to the last section scrolled past.
  var links = document.querySelectorAll(".md-nav--secondary a.md-nav__link[href^='#']");
  var header = document.querySelector(".md-header");
  var pending = false;
  function follow() {
    pending = false;
    if (window.component$) return; // Material's bundle runs and follows
    var edge = (header ? header.offsetHeight : 0) + 16;
    var current = "";
    for (var i = 0; i < links.length; i++) {
      var heading = document.getElementById(decodeURIComponent(links[i].hash.slice(1)));
      if (heading && heading.getBoundingClientRect().top <= edge) current = links[i].hash;
    }
    for (var j = 0; j < links.length; j++) {
      links[j].classList.toggle(ACTIVE, current !== "" && links[j].hash === current);
    }
  }
  if (links.length) {
    window.addEventListener(
      "scroll",
      function () {
        if (!pending) window.requestAnimationFrame(follow);
        pending = true;
      },
      { passive: true },
    );
    follow();
  }
})();
