/* The partnership database: filter, sort, count and download, from data.json (read once).
   Our own code, no library: a few hundred lines do it, and nothing is loaded from elsewhere.
   The filter state lives in the address (?q=&side=&country=&from=&to=&net=&sort=&desc=),
   so a filtered view can be shared and reloads the same. */
(function () {
  "use strict";
  var form = document.getElementById("pdb-filter");
  var holder = document.getElementById("pdb-table");
  var count = document.getElementById("pdb-count");
  if (!form || !holder || !window.fetch) return;
  var FIELDS = ["q", "side", "country", "from", "to", "net"];
  var COLS = [["place", "Municipality"], ["side", "Country"], ["partner", "Partner"],
              ["pcountry", "Partner country"], ["since", "Since"], ["note", "Note"]];
  var data, rows, sort = "", desc = false;

  var EXTRA = {"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ß": "ss", "ı": "i"};
  function fold(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[łŁøØđĐßı]/g, function (c) { return EXTRA[c]; }).toLowerCase();
  }
  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    for (var k in attrs || {}) n.setAttribute(k, attrs[k]);
    if (text != null) n.textContent = text;
    return n;
  }
  function fmt(s, v) { return s.replace(/%\((\w+)\)s/g, function (m, k) { return v[k]; }); }

  function prepare(d) {
    var W = d.words;
    return d.rows.map(function (r) {
      var p = d.places[r[0]], q = d.partners[r[1]];
      var note = r[3] ? W["network link"] + ": " + r[3] : "";
      if (r[5]) note = (note ? note + "; " : "") + W[r[5][0]] + " " + r[5][1];
      return {place: p[1], side: p[2], page: p[0], partner: q[0], pcountry: q[1],
              ppage: q[3] >= 0 ? d.places[q[3]][0] : "", since: r[2], network: r[3],
              status: r[5], note: note, sources: r[4].map(function (i) { return d.sources[i]; }),
              key: fold(p[1]) + "\n" + fold(q[0])};
    });
  }

  function state() {
    var s = {};
    FIELDS.forEach(function (f) { s[f] = form.elements[f].value.trim(); });
    return s;
  }
  function filtered() {
    var s = state(), q = fold(s.q), from = parseInt(s.from, 10), to = parseInt(s.to, 10);
    var out = rows.filter(function (r) {
      if (q && r.key.indexOf(q) < 0) return false;
      if (s.side && r.side !== s.side) return false;
      if (s.country && r.pcountry !== s.country) return false;
      if (!isNaN(from) && !(r.since && r.since >= from)) return false;
      if (!isNaN(to) && !(r.since && r.since <= to)) return false;
      if (s.net === "no" && r.network) return false;
      if (s.net === "only" && !r.network) return false;
      return true;
    });
    if (sort) {
      var coll = new Intl.Collator(data.lang), k = sort;
      out = out.slice().sort(function (a, b) {
        var x = k === "side" || k === "pcountry" ? data.countries[a[k]] : a[k];
        var y = k === "side" || k === "pcountry" ? data.countries[b[k]] : b[k];
        var c = k === "since" ? (x || 0) - (y || 0) : coll.compare(x || "", y || "");
        return desc ? -c : c;
      });
    }
    return out;
  }

  function render() {
    var W = data.words, shown = filtered();
    var table = el("table", {"class": "pdb-table", id: "pdb-rows"});
    var head = el("tr");
    COLS.forEach(function (c) {
      var th = el("th", {scope: "col"});
      if (sort === c[0]) th.setAttribute("aria-sort", desc ? "descending" : "ascending");
      var b = el("button", {type: "button", "data-sort": c[0], title: W["Sort by this column"]}, W[c[1]]);
      th.appendChild(b);
      head.appendChild(th);
    });
    table.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");
    shown.forEach(function (r) {
      var tr = el("tr");
      var a = el("td"); a.appendChild(el("a", {href: r.page + ".html"}, r.place)); tr.appendChild(a);
      tr.appendChild(el("td", null, data.countries[r.side]));
      var p = el("td");
      p.appendChild(r.ppage ? el("a", {href: r.ppage + ".html"}, r.partner) : document.createTextNode(r.partner));
      tr.appendChild(p);
      tr.appendChild(el("td", null, data.countries[r.pcountry]));
      tr.appendChild(el("td", null, r.since || "–"));
      tr.appendChild(el("td", null, r.note));
      body.appendChild(tr);
    });
    table.appendChild(body);
    holder.replaceChildren(table);
    var places = {};
    shown.forEach(function (r) { places[r.page] = 1; });
    count.textContent = fmt(W["%(shown)s of %(all)s partnerships, %(places)s municipalities"],
      {shown: shown.length.toLocaleString(data.lang), all: rows.length.toLocaleString(data.lang),
       places: Object.keys(places).length.toLocaleString(data.lang)});
    document.getElementById("pdb-filtered").hidden = shown.length === rows.length;
    return shown;
  }

  function save() {
    var s = state(), p = new URLSearchParams();
    FIELDS.forEach(function (f) { if (s[f]) p.set(f, s[f]); });
    if (sort) { p.set("sort", sort); if (desc) p.set("desc", "1"); }
    var q = p.toString();
    history.replaceState(null, "", location.pathname + (q ? "?" + q : "") + location.hash);
  }
  function load() {
    var p = new URLSearchParams(location.search);
    FIELDS.forEach(function (f) { if (p.has(f)) form.elements[f].value = p.get(f); });
    sort = p.get("sort") || ""; desc = p.get("desc") === "1";
  }
  function update() { save(); render(); }

  function csvCell(v) { v = v == null ? "" : String(v); return /[",\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; }
  function download(kind) {
    var shown = filtered(), text, type;
    if (kind === "csv") {
      var lines = [["municipality", "municipality_country", "partner", "partner_country", "since",
                    "network", "status", "source"].join(",")];
      shown.forEach(function (r) {
        lines.push([r.place, r.side, r.partner, r.pcountry, r.since || "", r.network,
                    r.status ? r.status[0] + " " + r.status[1] + " " + r.status[2] : "",
                    r.sources.join(" ; ")].map(csvCell).join(","));
      });
      text = lines.join("\n") + "\n"; type = "text/csv";
    } else {
      text = JSON.stringify({about: data.about, filter: state(), rows: shown.map(function (r) {
        return {municipality: r.place, municipality_country: r.side, partner: r.partner,
                partner_country: r.pcountry, since: r.since, network: r.network,
                status: r.status, sources: r.sources};
      })}, null, 1);
      type = "application/json";
    }
    return URL.createObjectURL(new Blob([text], {type: type}));
  }

  fetch("data.json").then(function (r) { return r.json(); }).then(function (d) {
    data = d; rows = prepare(d);
    load();
    form.hidden = false;
    render();
    holder.setAttribute("data-ready", Math.round(performance.now()));  // for bench/database.py
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { sort = ""; desc = false; update(); }, 0); });
    holder.addEventListener("click", function (ev) {
      var b = ev.target.closest("button[data-sort]");
      if (!b) return;
      var k = b.getAttribute("data-sort");
      desc = sort === k ? !desc : false; sort = k;
      update();
      var again = holder.querySelector('button[data-sort="' + k + '"]');
      if (again) again.focus();
    });
    ["csv", "json"].forEach(function (kind) {
      document.getElementById("pdb-" + kind).addEventListener("click", function () {
        if (this.href.indexOf("blob:") === 0) URL.revokeObjectURL(this.href);
        this.href = download(kind);
      });
    });
  });
})();
