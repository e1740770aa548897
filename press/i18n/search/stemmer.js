/*
 * The Czech and Slovak search stemmer in the reader's browser: the same algorithm as
 * WordStemmer in press/site/search/__init__.py, which builds the index. The tables
 * (endings, stem ends, consonants) come from that module as JSON, so the two cannot
 * drift apart in data; tests/test_search.py runs both on a word list under node and
 * compares them word for word. Our own code; no request leaves the page.
 */
var FoldingStemmer = function (rules) {
  var marks = /[\u0300-\u036f]/g;
  var consonants = new Set(rules.consonants.split(""));

  this.fold = function (word) {
    return word.toLowerCase().normalize("NFD").replace(marks, "");
  };

  this.stemWord = function (word) {
    var w = this.fold(word);
    var i;
    // Lengths and positions in code points, as Python counts them (not UTF-16 units).
    var length = Array.from(w).length;
    for (i = 0; i < rules.endings.length; i++) {
      var ending = rules.endings[i];
      if (w.endsWith(ending) && length - ending.length >= rules.minStem) {
        w = w.slice(0, w.length - ending.length);
        break;
      }
    }
    var c = Array.from(w);
    var n = c.length;
    // A fleeting e or ie before the last consonant, after a consonant: Lučenec,
    // Lučenca; Michaloviec, Michalovce.
    var vowels = ["e", "ie"];
    for (i = 0; i < vowels.length; i++) {
      var v = vowels[i].length;
      if (n - v >= rules.minStem && consonants.has(c[n - 1])
          && c.slice(n - 1 - v, n - 1).join("") === vowels[i]
          && consonants.has(c[n - 2 - v])) {
        c.splice(n - 1 - v, v);
        n = c.length;
        break;
      }
    }
    if (n > 0 && Object.prototype.hasOwnProperty.call(rules.stemEnd, c[n - 1])) {
      c[n - 1] = rules.stemEnd[c[n - 1]];
    }
    w = c.join("");
    return w;
  };
};
