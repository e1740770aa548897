/* The interactive map: our own code on an SVG (no library, no tiles, nothing from
   elsewhere). The outlines are one SVG image (outlines.svg, Natural Earth); the points,
   lines and panel come from data.json. Zoom and pan change the viewBox: wheel, buttons,
   keys (+ - arrows 0), drag and pinch. Each point is focusable (most partners first);
   hovering or focusing names it, a click or Enter opens its partners. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("pdb-map");
  if (!svg || !window.fetch) return;
  var gPoints = document.getElementById("pdb-points"), gLines = document.getElementById("pdb-lines");
  var tip = document.getElementById("pdb-tip"), panel = document.getElementById("pdb-panel");
  var wrap = svg.parentNode, select = document.getElementById("pdb-mcountry");
  var full = svg.viewBox.baseVal, W0 = full.width, H0 = full.height;
  var view = {x: 0, y: 0, w: W0, h: H0}, data, circles = [], byPlace = {}, current = -1;

  function fmt(s, v) { return s.replace(/%\((\w+)\)s/g, function (m, k) { return v[k]; }).replace("%s", v.s); }
  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    for (var k in attrs || {}) n.setAttribute(k, attrs[k]);
    if (text != null) n.textContent = text;
    return n;
  }

  function apply() {
    view.w = Math.min(W0, Math.max(W0 / 40, view.w)); view.h = view.w * H0 / W0;
    view.x = Math.min(W0 - view.w / 4, Math.max(-view.w * 3 / 4, view.x));
    view.y = Math.min(H0 - view.h / 4, Math.max(-view.h * 3 / 4, view.y));
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(function (v) { return v.toFixed(2); }).join(" "));
    var k = Math.pow(view.w / W0, 0.75);
    circles.forEach(function (c) { c.setAttribute("r", (c.base * k).toFixed(3)); });
    hideTip();
  }
  function zoom(f, cx, cy) {
    if (cx == null) { cx = view.x + view.w / 2; cy = view.y + view.h / 2; }
    var w = Math.min(W0, Math.max(W0 / 40, view.w / f)), r = w / view.w;
    view.x = cx - (cx - view.x) * r; view.y = cy - (cy - view.y) * r; view.w = w;
    apply();
  }
  function pan(dx, dy) { view.x += dx * view.w; view.y += dy * view.h; apply(); }
  var home = {x: 0, y: 0, w: W0, h: H0};     // set to the municipalities' extent on load
  function reset() { view = {x: home.x, y: home.y, w: home.w, h: home.h}; apply(); }
  function toMap(ev) {
    var pt = svg.createSVGPoint(); pt.x = ev.clientX; pt.y = ev.clientY;
    return pt.matrixTransform(svg.getScreenCTM().inverse());
  }

  function showTip(c) {
    var p = data.places[c.place], b = c.getBoundingClientRect(), w = wrap.getBoundingClientRect();
    tip.textContent = fmt(data.words["%(name)s (partners: %(count)s)"], {name: p[1], count: p[4]});
    tip.hidden = false;
    tip.style.left = (b.left - w.left + b.width / 2) + "px";
    tip.style.top = (b.top - w.top) + "px";
  }
  function hideTip() { tip.hidden = true; }

  function open(i, focusPanel) {
    var p = data.places[i], W = data.words;
    current = i;
    circles.forEach(function (c) { c.classList.toggle("pdb-current", c.place === i); });
    while (gLines.firstChild) gLines.removeChild(gLines.firstChild);
    var d = "";
    var list = el("ul");
    (byPlace[i] || []).forEach(function (r) {
      var q = data.partners[r[1]];
      if (p[3] && q[2]) d += "M" + p[3][0] + " " + p[3][1] + "L" + q[2][0] + " " + q[2][1];
      var li = el("li");
      if (q[3] >= 0) li.appendChild(el("a", {href: data.places[q[3]][0] + ".html"}, q[0]));
      else li.appendChild(document.createTextNode(q[0]));
      var extra = data.countries[q[1]] + (r[2] ? ", " + r[2] : "");
      if (r[3]) extra += "; " + W["network link"];
      if (r[5]) extra += "; " + W[r[5][0]] + " " + r[5][1];
      li.appendChild(document.createTextNode(" (" + extra + ")"));
      list.appendChild(li);
    });
    if (d) {
      var path = document.createElementNS(NS, "path");
      path.setAttribute("d", d); path.setAttribute("class", "pdb-links");
      gLines.appendChild(path);
    }
    panel.replaceChildren();
    var close = el("button", {type: "button", "class": "pdb-close"}, W["Close"]);
    close.addEventListener("click", function () { closePanel(true); });
    panel.appendChild(close);
    panel.appendChild(el("h2", {id: "pdb-panel-title"}, fmt(W["Partners of %s"], {s: p[1]})));
    panel.appendChild(list);
    panel.appendChild(el("p")).appendChild(el("a", {href: p[0] + ".html"}, fmt(W["Open the page of %s"], {s: p[1]})));
    panel.hidden = false;
    if (focusPanel) panel.focus();
  }
  function closePanel(refocus) {
    panel.hidden = true;
    while (gLines.firstChild) gLines.removeChild(gLines.firstChild);
    var c = circles.filter(function (c) { return c.place === current; })[0];
    circles.forEach(function (c) { c.classList.remove("pdb-current"); });
    current = -1;
    if (refocus && c) c.focus();
  }

  function build(d) {
    data = d;
    d.rows.forEach(function (r) { (byPlace[r[0]] = byPlace[r[0]] || []).push(r); });
    var order = d.places.map(function (p, i) { return i; }).filter(function (i) { return d.places[i][3]; });
    order.sort(function (a, b) { return d.places[b][4] - d.places[a][4] || (d.places[a][1] < d.places[b][1] ? -1 : 1); });
    var frag = document.createDocumentFragment();
    order.forEach(function (i) {
      var p = d.places[i], c = document.createElementNS(NS, "circle");
      c.setAttribute("cx", p[3][0]); c.setAttribute("cy", p[3][1]);
      c.setAttribute("tabindex", "0"); c.setAttribute("role", "button");
      c.setAttribute("class", "pdb-pt");
      c.setAttribute("aria-label", fmt(d.words["%(name)s (partners: %(count)s)"], {name: p[1], count: p[4]}));
      c.setAttribute("data-page", p[0]);
      c.base = 1.2 + 0.45 * Math.sqrt(p[4]); c.place = i;
      circles.push(c); frag.appendChild(c);
    });
    gPoints.appendChild(frag);
    var xs = order.map(function (i) { return d.places[i][3][0]; }), ys = order.map(function (i) { return d.places[i][3][1]; });
    if (xs.length) {
      var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
      var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
      var w = Math.max(x1 - x0, (y1 - y0) * W0 / H0) * 1.6;
      home = {x: (x0 + x1) / 2 - w / 2, y: (y0 + y1) / 2 - w * H0 / W0 / 2, w: w, h: w * H0 / W0};
    }
    reset();
    gPoints.addEventListener("pointerover", function (ev) { if (ev.target.place != null) showTip(ev.target); });
    gPoints.addEventListener("pointerout", hideTip);
    gPoints.addEventListener("focusin", function (ev) { if (ev.target.place != null) showTip(ev.target); });
    gPoints.addEventListener("focusout", hideTip);
    gPoints.addEventListener("click", function (ev) { if (ev.target.place != null && !moved) open(ev.target.place, false); });
    var start = location.hash.slice(1);
    if (start) {
      var c = circles.filter(function (c) { return c.getAttribute("data-page") === start; })[0];
      if (c) { view.w = W0 / 6; view.h = H0 / 6; view.x = +c.getAttribute("cx") - view.w / 2;
               view.y = +c.getAttribute("cy") - view.h / 2; apply(); open(c.place, false); }
    }
    svg.setAttribute("data-ready", Math.round(performance.now()));   // for bench/database.py
    select.addEventListener("change", function () {
      var code = select.value, hit = {};
      d.rows.forEach(function (r) { if (d.partners[r[1]][1] === code) hit[r[0]] = 1; });
      circles.forEach(function (c) {
        c.classList.toggle("pdb-hit", !!code && !!hit[c.place]);
        c.classList.toggle("pdb-dim", !!code && !hit[c.place]);
      });
    });
  }

  svg.addEventListener("keydown", function (ev) {
    var k = ev.key, done = true;
    if (k === "+" || k === "=") zoom(1.5);
    else if (k === "-" || k === "_") zoom(1 / 1.5);
    else if (k === "0") reset();
    else if (k === "ArrowLeft") pan(-0.15, 0);
    else if (k === "ArrowRight") pan(0.15, 0);
    else if (k === "ArrowUp") pan(0, -0.15);
    else if (k === "ArrowDown") pan(0, 0.15);
    else if ((k === "Enter" || k === " ") && ev.target.place != null) open(ev.target.place, false);
    else if (k === "Escape" && !panel.hidden) closePanel(true);
    else done = false;
    if (done) ev.preventDefault();
  });
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var m = toMap(ev);
    zoom(Math.exp(-ev.deltaY * 0.0015), m.x, m.y);
  }, {passive: false});
  var pointers = {}, moved = false, last = null;
  svg.addEventListener("pointerdown", function (ev) {
    pointers[ev.pointerId] = {x: ev.clientX, y: ev.clientY};
    moved = false; last = null;
  });
  svg.addEventListener("pointermove", function (ev) {
    var p = pointers[ev.pointerId];
    if (!p) return;
    var ids = Object.keys(pointers), rect = svg.getBoundingClientRect(), s = view.w / rect.width;
    if (ids.length === 1) {
      var dx = ev.clientX - p.x, dy = ev.clientY - p.y;
      if (!moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      if (!moved) { moved = true; try { svg.setPointerCapture(ev.pointerId); } catch (e) {} }
      view.x -= dx * s; view.y -= dy * s; apply();
    } else if (ids.length === 2) {
      moved = true;
      var o = pointers[ids[0] == ev.pointerId ? ids[1] : ids[0]];
      var dist = Math.hypot(ev.clientX - o.x, ev.clientY - o.y);
      if (last) {
        var m = toMap({clientX: (ev.clientX + o.x) / 2, clientY: (ev.clientY + o.y) / 2});
        zoom(dist / last, m.x, m.y);
      }
      last = dist;
    }
    p.x = ev.clientX; p.y = ev.clientY;
  });
  function up(ev) { delete pointers[ev.pointerId]; last = null; }
  svg.addEventListener("pointerup", up);
  svg.addEventListener("pointercancel", up);
  document.getElementById("pdb-zin").addEventListener("click", function () { zoom(1.5); });
  document.getElementById("pdb-zout").addEventListener("click", function () { zoom(1 / 1.5); });
  document.getElementById("pdb-zreset").addEventListener("click", reset);
  fetch("data.json").then(function (r) { return r.json(); }).then(build);
})();
