/* The address of the whole site: open the reader's language (the one chosen before, else the browser's).
   Without JavaScript, or for a reader of neither language, the page offers both as plain links. */
(function () {
  "use strict";
  var supported = ["kk", "ru"];
  function pick() {
    try {
      var saved = localStorage.getItem("lang");
      if (supported.indexOf(saved) >= 0) return saved;
    } catch (e) { /* storage off */ }
    var wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
    for (var i = 0; i < wanted.length; i++) {
      var primary = String(wanted[i]).toLowerCase().split("-")[0];
      if (supported.indexOf(primary) >= 0) return primary;
    }
    return null;
  }
  var lang = pick();
  if (lang) location.replace(lang + "/" + location.search + location.hash);
})();
