/* Runs first in the H5P player page (templates/h5p/player.html). The page is sandboxed
   without allow-same-origin, so the browser refuses it localStorage, sessionStorage and
   cookies, and throws when H5P core reaches for them (its clipboard and anonymous user id).
   Give it storage that lives in memory for the life of the page: nothing persists and
   nothing is shared with the site. */
(function () {
  "use strict";

  function memoryStorage() {
    var items = new Map();
    return {
      get length() {
        return items.size;
      },
      key: function (index) {
        return Array.from(items.keys())[index] || null;
      },
      getItem: function (key) {
        return items.has(String(key)) ? items.get(String(key)) : null;
      },
      setItem: function (key, value) {
        items.set(String(key), String(value));
      },
      removeItem: function (key) {
        items.delete(String(key));
      },
      clear: function () {
        items.clear();
      },
    };
  }

  ["localStorage", "sessionStorage"].forEach(function (name) {
    try {
      if (window[name]) {
        return;
      }
    } catch (refused) {
      // The sandbox refuses it: replace it below.
    }
    Object.defineProperty(window, name, { value: memoryStorage(), configurable: true });
  });

  try {
    void document.cookie;
  } catch (refused) {
    Object.defineProperty(document, "cookie", {
      configurable: true,
      get: function () {
        return "";
      },
      set: function () {},
    });
  }
})();
