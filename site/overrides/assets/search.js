// Material's bundle runs search: with its worker, index and stemmers it weighs more than
// the rest of a page together (issue 13: at most 40 KB gzip on first load). The page works
// without it (menus, navigation and language switcher are plain HTML and CSS; portal.js
// follows the table of contents), so it loads when the reader first turns to search: focus
// on the search box, the search button, or the "/" and "s" shortcuts Material gives.
(function () {
  "use strict";
  var script = document.currentScript;
  var files = [script.getAttribute("data-scope"), script.getAttribute("data-bundle")];
  var query = document.querySelector("[data-md-component=search-query]");
  var toggle = document.getElementById("__search");
  if (!query || !toggle) return;
  var loaded = false;
  // Shows the search box (portal.css); the bundle, once loaded, drops .no-js as usual.
  document.documentElement.classList.add("portal-search");

  function load() {
    if (loaded) return;
    loaded = true;
    toggle.checked = true; // as Material does on focus: the search panel opens
    query.removeEventListener("focus", load);
    toggle.removeEventListener("change", open);
    document.removeEventListener("keydown", shortcut);
    // The bundle starts on DOMContentLoaded (Material's document$), long past by now:
    // while it runs, a listener it adds for that event is called at once instead.
    var add = document.addEventListener;
    document.addEventListener = function (type, listener, options) {
      if (type !== "DOMContentLoaded") return add.call(document, type, listener, options);
      setTimeout(function () {
        var event = new Event(type);
        if (typeof listener === "function") listener.call(document, event);
        else listener.handleEvent(event);
      });
    };
    // Material's storage helpers (md-scope.js), then the bundle, run in this order.
    files.forEach(function (src, index) {
      var element = document.createElement("script");
      element.src = src;
      element.async = false;
      if (index === files.length - 1) {
        element.onload = element.onerror = function () {
          document.addEventListener = add;
        };
      }
      document.body.appendChild(element);
    });
  }

  // The search button on phones checks #__search, which shows the search box.
  function open() {
    if (toggle.checked) query.focus();
  }

  function shortcut(event) {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    if (event.key !== "/" && event.key !== "s" && event.key !== "S") return;
    var target = event.target;
    if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    event.preventDefault();
    toggle.checked = true;
    query.focus();
  }

  query.addEventListener("focus", load);
  toggle.addEventListener("change", open);
  document.addEventListener("keydown", shortcut);
  if (document.activeElement === query) load();
})();
