/* A JSON Schema validator for the subset pydantic emits for the board's model
   (press/content/board_records.py): $ref/$defs, anyOf, type, enum, const, string
   lengths and patterns, integer bounds, arrays (items, min/maxItems, uniqueItems),
   objects (properties, required, additionalProperties: false). The board's own keys:
   x-board-not-pattern (text that must NOT match), x-board-not-domains (mail services),
   x-board-consent. The rule between two fields (the 12-month limit) is checkRules().
   Each problem: {path: "seeking.themes", key: "e_required", arg: ...}. */
(function (root) {
  "use strict";
  function re(p) { return new RegExp(p, "u"); }
  function kind(v) {
    if (v === null) return "null";
    if (Array.isArray(v)) return "array";
    if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
    return typeof v;
  }
  function resolve(schema, node) {
    while (node && node.$ref) node = schema.$defs[node.$ref.split("/").pop()];
    return node;
  }
  function check(schema, node, v, path, out) {
    node = resolve(schema, node);
    if (node.anyOf) {
      for (var i = 0; i < node.anyOf.length; i++) {
        var trial = [];
        check(schema, node.anyOf[i], v, path, trial);
        if (!trial.length) return;
      }
      var first = node.anyOf.filter(function (n) { return resolve(schema, n).type !== "null"; })[0];
      return check(schema, first || node.anyOf[0], v, path, out);
    }
    var k = kind(v);
    if (node.type && !(node.type === k || (node.type === "number" && k === "integer"))) {
      return out.push({path: path, key: "e_type"});
    }
    if ("const" in node && v !== node["const"]) {
      return out.push({path: path, key: node["x-board-consent"] ? "e_consent" : "e_enum", arg: String(node["const"])});
    }
    if (node["enum"] && node["enum"].indexOf(v) < 0) {
      return out.push({path: path, key: "e_enum", arg: node["enum"].length > 12 ? "…" : node["enum"].join(", ")});
    }
    if (k === "string") {
      var n = Array.from(v).length;
      if (node.minLength !== undefined && n < node.minLength) return out.push({path: path, key: n ? "e_short" : "e_required"});
      if (node.maxLength !== undefined && n > node.maxLength) return out.push({path: path, key: "e_long", arg: node.maxLength});
      if (node.pattern && !re(node.pattern).test(v)) return out.push({path: path, key: "e_pattern"});
      if (node["x-board-not-pattern"] && re(node["x-board-not-pattern"]).test(v)) {
        return out.push({path: path, key: node.format === "email" || node["x-board-not-domains"] ? "e_private" : "e_markup"});
      }
      if (node["x-board-not-domains"] &&
          node["x-board-not-domains"].indexOf(v.split("@").pop().toLowerCase()) >= 0) {
        return out.push({path: path, key: "e_private"});
      }
    }
    if (k === "integer" || k === "number") {
      if (node.minimum !== undefined && v < node.minimum) return out.push({path: path, key: "e_min", arg: node.minimum});
      if (node.maximum !== undefined && v > node.maximum) return out.push({path: path, key: "e_max", arg: node.maximum});
    }
    if (k === "array") {
      if (node.minItems !== undefined && v.length < node.minItems) return out.push({path: path, key: v.length ? "e_items_min" : "e_required", arg: node.minItems});
      if (node.maxItems !== undefined && v.length > node.maxItems) return out.push({path: path, key: "e_items_max", arg: node.maxItems});
      if (node.uniqueItems && new Set(v.map(function (x) { return JSON.stringify(x); })).size !== v.length) {
        return out.push({path: path, key: "e_unique"});
      }
      if (node.items) v.forEach(function (x, i) { check(schema, node.items, x, path + "." + i, out); });
    }
    if (k === "object") {
      var props = node.properties || {};
      (node.required || []).forEach(function (name) {
        if (!(name in v) || v[name] === undefined) out.push({path: path ? path + "." + name : name, key: "e_required"});
      });
      Object.keys(v).forEach(function (name) {
        var sub = path ? path + "." + name : name;
        if (props[name]) { if (v[name] !== undefined) check(schema, props[name], v[name], sub, out); }
        else if (node.additionalProperties === false) out.push({path: sub, key: "e_unknown"});
      });
    }
  }
  /* press/content/board_records.py: latest_expiry() and dates_in_order() */
  function latestExpiry(published, months) {
    var p = published.split("-").map(Number), m = p[1] - 1 + months;
    var y = p[0] + Math.floor(m / 12), mo = m % 12 + 1;
    var last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    var d = Math.min(p[2], last);
    return y + "-" + String(mo).padStart(2, "0") + "-" + String(d).padStart(2, "0");
  }
  function validDate(s) {
    if (typeof s !== "string" || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(s)) return false;
    var p = s.split("-").map(Number), d = new Date(Date.UTC(p[0], p[1] - 1, p[2]));
    return d.getUTCFullYear() === p[0] && d.getUTCMonth() === p[1] - 1 && d.getUTCDate() === p[2];
  }
  function checkRules(schema, v, out) {
    var months = schema["x-board"].maxMonths;
    ["published", "expires"].forEach(function (f) {
      if (typeof v[f] === "string" && /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(v[f]) && !validDate(v[f])) {
        out.push({path: f, key: "e_pattern"});
      }
    });
    if (!validDate(v.published) || !validDate(v.expires)) return;
    if (v.expires <= v.published) return out.push({path: "expires", key: "e_order"});
    var last = latestExpiry(v.published, months);
    if (v.expires > last) out.push({path: "expires", key: "e_months", arg: last});
  }
  function trimAll(v) {
    if (typeof v === "string") return v.trim();
    if (Array.isArray(v)) return v.map(trimAll);
    if (v && typeof v === "object") {
      var o = {};
      Object.keys(v).forEach(function (k) { o[k] = trimAll(v[k]); });
      return o;
    }
    return v;
  }
  /* Every problem of an entry (a plain object, as the YAML record would hold it). */
  root.boardValidate = function (schema, value) {
    var out = [];
    value = trimAll(value);
    check(schema, schema, value, "", out);
    if (value && typeof value === "object" && !Array.isArray(value)) checkRules(schema, value, out);
    return out;
  };
  root.boardLatestExpiry = latestExpiry;
})(window);
