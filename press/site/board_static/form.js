/* The "add your entry" form: collects the fields into an entry, checks it with
   validate.js against the schema the build exported from the pydantic model, shows each
   problem at its field (and in a summary that takes the focus, so that it is announced),
   and writes the YAML record to download or to send by e-mail. Nothing leaves the
   browser until the municipality sends it. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("board-data").textContent);
  var schema = data.schema, messages = data.messages;
  var form = document.getElementById("board-form");
  var summary = document.getElementById("board-summary");
  var result = document.getElementById("board-result");

  function list(text, sep) {
    return text.split(sep).map(function (s) { return s.trim(); }).filter(Boolean);
  }
  function val(name) { var el = form.elements[name]; return el ? el.value.trim() : ""; }
  function checked(name) {
    return Array.from(form.querySelectorAll('input[name="' + name + '"]:checked')).map(function (e) { return e.value; });
  }
  function collect() {
    var type = form.querySelector('input[name="type"]:checked');
    var pop = val("population");
    var entry = {
      type: type ? type.value : undefined,
      municipality: val("municipality"),
      country: val("country"),
      region: val("region") || undefined,
      population: pop === "" ? undefined : (/^[0-9]+$/.test(pop) ? Number(pop) : pop),
      languages: list(val("languages").toLowerCase(), ","),
      themes: checked("themes"),
      seeking: {
        countries: list(val("seeking.countries").toUpperCase(), ","),
        regions: list(form.elements["seeking.regions"].value, "\n"),
        size: val("seeking.size") || "any",
        themes: checked("seeking.themes")
      },
      language: val("language"),
      description: form.elements.description.value.trim(),
      contact: {office: val("contact.office"), email: val("contact.email")},
      consent: form.elements.consent.checked ? true : undefined,
      published: val("published"),
      expires: val("expires")
    };
    return dropEmpty(entry);
  }
  // An empty text field is a missing key in the record, as in YAML: "required" says more.
  function dropEmpty(o) {
    Object.keys(o).forEach(function (k) {
      if (o[k] === "") delete o[k];
      else if (o[k] && typeof o[k] === "object" && !Array.isArray(o[k])) dropEmpty(o[k]);
    });
    return o;
  }
  function say(p) {
    var text = messages[p.key] || p.key;
    return p.arg !== undefined ? text.replace("%s", p.arg) : text;
  }
  function fieldOf(path) {
    // seeking.countries.2 -> seeking.countries; contact.email stays
    var parts = path.split(".").filter(function (x) { return !/^[0-9]+$/.test(x); });
    while (parts.length && !form.querySelector('[data-field="' + parts.join(".") + '"]')) parts.pop();
    return parts.join(".");
  }
  function clear() {
    form.querySelectorAll(".board-error").forEach(function (e) { e.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (e) { e.removeAttribute("aria-invalid"); });
    summary.hidden = true;
    summary.querySelector("ul").textContent = "";
  }
  function show(problems) {
    // in the order of the form, as a reader meets the fields
    var order = Array.from(form.querySelectorAll("[data-field]")).map(function (e) { return e.dataset.field; });
    problems = problems.slice().sort(function (a, b) {
      return order.indexOf(fieldOf(a.path)) - order.indexOf(fieldOf(b.path));
    });
    var ul = summary.querySelector("ul"), seen = {};
    problems.forEach(function (p) {
      var name = fieldOf(p.path);
      if (!name || seen[name]) return;
      seen[name] = true;
      var box = form.querySelector('[data-field="' + name + '"]');
      var err = document.getElementById("e-" + name);
      if (err) err.textContent = say(p);
      var input = document.getElementById("i-" + name) || box.querySelector("input");
      if (input) input.setAttribute("aria-invalid", "true");
      var label = box.querySelector("label, legend");
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = "#" + (input ? input.id || "" : "");
      if (input && !input.id) { input.id = "i-" + name; a.href = "#" + input.id; }
      a.textContent = (label ? label.textContent.replace(/\s*\(.*\)\s*$/, "") : name) + ": " + say(p);
      li.appendChild(a);
      ul.appendChild(li);
    });
    summary.hidden = false;
    summary.focus();
  }
  function q(s) { return JSON.stringify(s); }   // a JSON string is a YAML double-quoted scalar
  function yaml(e) {
    var out = ["# Partner board entry, made with the form on the website.",
               "type: " + e.type, "municipality: " + q(e.municipality), "country: " + e.country];
    if (e.region) out.push("region: " + q(e.region));
    out.push("population: " + e.population,
             "languages: [" + e.languages.map(q).join(", ") + "]",
             "themes: [" + e.themes.map(q).join(", ") + "]",
             "seeking:",
             "  countries: [" + e.seeking.countries.map(q).join(", ") + "]",
             "  regions: [" + e.seeking.regions.map(q).join(", ") + "]",
             "  size: " + e.seeking.size,
             "  themes: [" + e.seeking.themes.map(q).join(", ") + "]",
             "language: " + e.language,
             "description: " + q(e.description),
             "contact:", "  office: " + q(e.contact.office), "  email: " + q(e.contact.email),
             "consent: true", "published: " + q(e.published), "expires: " + q(e.expires));
    return out.join("\n") + "\n";
  }
  function slug(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
            .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "entry";
  }
  function reverse(s) { return Array.from(s || "").reverse().join(""); }
  window.boardEntryFromForm = collect;
  window.boardYaml = yaml;
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    clear();
    var entry = collect();
    var problems = window.boardValidate(schema, entry);
    if (problems.length) { result.hidden = true; return show(problems); }
    var text = yaml(entry), name = slug(entry.municipality) + "-" + entry.type + ".yaml";
    document.getElementById("board-yaml").value = text;
    var dl = document.getElementById("board-download");
    dl.href = "data:application/yaml;charset=utf-8," + encodeURIComponent(text);
    dl.setAttribute("download", name);
    var send = document.getElementById("board-send");
    send.href = "mailto:" + reverse(send.dataset.u) + "@" + reverse(send.dataset.d) +
      "?subject=" + encodeURIComponent(name) + "&body=" + encodeURIComponent(text);
    result.hidden = false;
    result.focus();
  });
})();
