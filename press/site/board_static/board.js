/* The board page: filters, and contact links put together from data attributes (the
   addresses are never in the page as text). Without JavaScript every entry is shown and
   the contact links lead to the association's note at the end of the page. */
(function () {
  "use strict";
  function reverse(s) { return Array.from(s || "").reverse().join(""); }
  document.querySelectorAll("a[data-u][data-d]").forEach(function (a) {
    a.href = "mailto:" + reverse(a.dataset.u) + "@" + reverse(a.dataset.d);
  });
  var nojs = document.getElementById("board-nojs");
  if (nojs) nojs.hidden = true;
  var form = document.querySelector(".board-filters");
  var count = document.getElementById("board-count");
  if (!form || !count) return;
  var entries = Array.from(document.querySelectorAll("article.board-entry"));
  function value(name) { return form.elements[name].value; }
  function apply() {
    var type = value("type"), country = value("country"), theme = value("theme"), lang = value("language");
    var shown = 0;
    entries.forEach(function (e) {
      var ok = (!type || e.dataset.type === type) &&
               (!country || e.dataset.country === country) &&
               (!theme || e.dataset.themes.split(" ").indexOf(theme) >= 0) &&
               (!lang || e.dataset.languages.split(" ").indexOf(lang) >= 0);
      e.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = count.dataset.template.replace("%s", shown).replace("%s", entries.length);
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  apply();
})();
