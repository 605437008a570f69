// What Material's bundle expects before it runs: the site's scope (the language root,
// one level above this file) and small helpers that keep its state in local storage.
// Loaded as a file so that no page needs an inline script.
(function () {
  "use strict";
  var scope = new URL("..", document.currentScript.src);
  window.__md_scope = scope;
  window.__md_hash = function (value) {
    return Array.prototype.reduce.call(value, function (hash, char) {
      return (hash << 5) - hash + char.charCodeAt(0);
    }, 0);
  };
  window.__md_get = function (key, storage, base) {
    storage = storage || localStorage;
    base = base || scope;
    return JSON.parse(storage.getItem(base.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, base) {
    storage = storage || localStorage;
    base = base || scope;
    try {
      storage.setItem(base.pathname + "." + key, JSON.stringify(value));
    } catch (error) {
      // storage full or disabled: Material works without it
    }
  };
})();
