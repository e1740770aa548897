/*
 * Result snippets that show where the page has the words found. Sphinx's own
 * makeSearchSummary looks for the query's stems in the text as written; ours are
 * folded and stemmed ("kosik" for Košice), so it never found them and always showed a
 * page's first lines, with nothing marked. This one stems every word of the page as the
 * index did, starts the snippet at the first word whose stem was searched for, and
 * marks each such word as Sphinx marks a hit (class "highlighted"). An index entry's
 * anchor is an empty target: Sphinx then returned null, which searchtools.js cannot
 * append (a TypeError, no snippet); this one falls back to the whole page. Our own code.
 */
if (typeof Search !== "undefined" && typeof Stemmer !== "undefined") {
  Search.makeSearchSummary = function (htmlText, keywords, anchor) {
    var text = Search.htmlToText(htmlText, anchor);
    if (text.trim() === "" && anchor) text = Search.htmlToText(htmlText);
    if (text.trim() === "") return document.createDocumentFragment();
    var stemmer = new Stemmer();
    var wanted = new Set(keywords);
    var words = /[\p{L}\p{N}_]+/gu;
    var hits = [];
    var m;
    while ((m = words.exec(text)) !== null) {
      if (wanted.has(stemmer.stemWord(m[0]))) hits.push([m.index, m.index + m[0].length]);
    }
    var start = hits.length ? Math.max(hits[0][0] - 120, 0) : 0;
    var end = Math.min(start + 240, text.length);
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    var summary = document.createElement("p");
    summary.classList.add("context");
    if (text.slice(0, start).trim()) summary.appendChild(document.createTextNode("..."));
    var at = start;
    hits.forEach(function (hit) {
      if (hit[0] < start || hit[1] > end) return;
      summary.appendChild(document.createTextNode(text.slice(at, hit[0])));
      var mark = summary.appendChild(document.createElement("span"));
      mark.classList.add("highlighted");
      mark.textContent = text.slice(hit[0], hit[1]);
      at = hit[1];
    });
    summary.appendChild(document.createTextNode(text.slice(at, end)));
    if (text.slice(end).trim()) summary.appendChild(document.createTextNode("..."));
    return summary;
  };
}
