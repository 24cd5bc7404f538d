/* The communes before 1 July 2025: finding one by its old name, typed as citizens type it
 * ("thị trấn Plei Kần", "phuong quang trung kon tum", with or without diacritics, with or
 * without xã/phường/thị trấn and the old district). TT.oldCommunes.find ranks entries
 * {name, place} (both folded, as the build folds them) for a query; communes.js uses it on the
 * commune police page with the entries of its pre-rendered list. On the search page, search.js
 * loads this script once a query names an old commune; it shows, above the results, where that
 * commune's citizens now go (data: the JSON file generator/web/communes.py writes). */
(function () {
  "use strict";

  /* Words that say what kind of unit a name is, never which one ("cũ": before 1 July 2025). */
  var PAIRS = { "thi tran": 1, "thanh pho": 1, "thi xa": 1, "dac khu": 1 };
  var SINGLES = { xa: 1, phuong: 1, huyen: 1, quan: 1, tinh: 1, tp: 1, cu: 1 };

  function words(text) {
    return TT.fold(text).replace(/[^a-z0-9]+/g, " ").split(" ").filter(Boolean);
  }

  /* For each word of *list*, whether it may say the kind of unit: "thi tran plei kan" → [1, 1, 0, 0].
     Such a word still counts where it matches ("tinh" is also the folded Tịnh of xã Tịnh An). */
  function kinds(list) {
    return list.map(function (word, at) {
      return !!(SINGLES[word] || PAIRS[word + " " + list[at + 1]] || PAIRS[list[at - 1] + " " + word]);
    });
  }

  /* *text* without the kind of unit it begins with: "Huyện Sơn Tịnh" → ["son", "tinh"]. */
  function bare(text) {
    var list = words(text);
    var skip = PAIRS[list[0] + " " + list[1]] ? 2 : SINGLES[list[0]] ? 1 : 0;
    list = list.slice(skip);
    return list[list.length - 1] === "cu" ? list.slice(0, -1) : list;
  }

  function startsAny(list, word) {
    return list.some(function (item) { return item.indexOf(word) === 0; });
  }

  /* Where the entry's whole name stands in *query* (a list of words), or -1. */
  function nameAt(name, query) {
    for (var at = 0; at + name.length <= query.length; at++) {
      if (name.every(function (word, i) { return query[at + i] === word; })) return at;
    }
    return -1;
  }

  /* 10 and more: the whole name typed, plus one for each other word found in its old district or
     province; 1: every word typed begins a word of its name or place, one at least of its name.
     Words of a kind of unit that match nothing are left out. *loose* (the site search): other words
     are allowed ("công an xã … ở đâu"), but the whole name must be there. */
  function score(entry, query, kind, loose) {
    var at = nameAt(entry.name, query);
    if (at >= 0) {
      var near = 0;
      for (var i = 0; i < query.length; i++) {
        if (i >= at && i < at + entry.name.length) continue;
        if (entry.place.indexOf(query[i]) !== -1) near += 1;
        else if (i === query.length - 1 && startsAny(entry.place, query[i])) near += 1;
        else if (!kind[i] && !loose) return 0;
      }
      return 10 + near;
    }
    if (loose) return 0;
    var inName = false;
    for (var j = 0; j < query.length; j++) {
      if (startsAny(entry.name, query[j])) inName = true;
      else if (!startsAny(entry.place, query[j]) && !kind[j]) return 0;
    }
    return inName ? 1 : 0;
  }

  /* The kind of unit *list* names first ("thi tran"), or "". */
  function kindOf(list) {
    var marks = kinds(list);
    for (var at = 0; at < list.length; at++) {
      if (!marks[at] || list[at] === "cu") continue;
      return PAIRS[list[at] + " " + list[at + 1]] ? list[at] + " " + list[at + 1] : list[at];
    }
    return "";
  }

  /* The entries that match *text*, best first: with the whole name typed, only those the district
     words typed agree with best (two "Đăk Long": "dak long dak glei" keeps one); the kind typed
     ("thị trấn Đăk Hà") puts its unit first and keeps the others. */
  function find(entries, text, loose) {
    var query = words(text);
    var kind = kinds(query);
    if (!query.length || kind.every(Boolean)) return [];
    var typed = kindOf(query);
    var scored = [];
    entries.forEach(function (entry) {
      var value = score(entry, query, kind, loose);
      if (value) scored.push([value + (typed && entry.kind === typed ? 0.5 : 0), entry]);
    });
    var best = scored.reduce(function (most, pair) { return Math.max(most, Math.floor(pair[0])); }, 0);
    return scored.filter(function (pair) { return best < 10 || Math.floor(pair[0]) === best; })
      .sort(function (a, b) { return b[0] - a[0]; })
      .map(function (pair) { return pair[1]; });
  }

  /* *name* as the table writes it ("Thị trấn Đăk Hà"); *place* its old district and province,
     separated by a comma ("Huyện Đăk Hà, tỉnh Kon Tum cũ"). */
  function entry(name, place, item) {
    var parts = place.split(",");
    return {
      name: bare(name),
      place: [].concat.apply([], parts.map(bare)),
      kind: kindOf(words(name)),
      item: item
    };
  }

  TT.oldCommunes = { find: find, entry: entry, words: words };

  /* The search page: a box above the results that says where an old commune's citizens now go. */
  var box = document.querySelector("[data-tt-old-search]");
  var input = document.getElementById("tt-search-q");
  if (!box || !input) return;
  var data = null;

  function load() {
    data = data || fetch(box.getAttribute("data-src")).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (json) {
      json.entries = json.old.map(function (old) { return entry(old[0], old[1], old); });
      return json;
    });
    return data;
  }

  function show() {
    var text = input.value;
    if (!words(text).length) { box.hidden = true; box.textContent = ""; return; }
    load().then(function (json) {
      if (input.value !== text) return;
      var found = find(json.entries, text, true).slice(0, 3);
      box.textContent = "";
      box.hidden = !found.length;
      if (!found.length) return;
      var texts = box.dataset;
      box.appendChild(TT.element("p", "tt-oldnames__title", texts.found));
      var list = TT.element("ul", "", []);
      found.forEach(function (match) {
        var old = match.item;
        var units = old[2].map(function (index) { return json.units[index]; });
        var item = TT.element("li", "", [TT.element("strong", "", old[0]), " (" + old[1] + ") "]);
        item.appendChild(document.createTextNode(
          units.length > 1 ? TT.format(texts.split, { n: units.length }) : texts.to));
        units.forEach(function (unit, number) {
          var link = TT.element("a", "", unit[0]);
          link.href = new URL(unit[1], new URL(box.getAttribute("data-page"), document.baseURI)).href;
          var note = old[3][number];
          var police = TT.element("span", "tt-oldnames__police",
            [texts.police + " " + unit[2] + (unit[3] ? ", " + unit[3] : "")]);
          if (unit[4]) {
            var tel = TT.element("a", "tt-tel", unit[4]);
            tel.href = "tel:" + unit[4].replace(/\D/g, "");
            police.appendChild(document.createTextNode(", "));
            police.appendChild(tel);
          }
          item.appendChild(TT.element("span", "tt-oldnames__unit",
            [" ", link, note ? " (" + note + ")" : "", ". ", police]));
        });
        list.appendChild(item);
      });
      box.appendChild(list);
    }, function () { box.hidden = true; });
  }

  input.addEventListener("input", show);
  input.form.addEventListener("submit", show);
  show();  // search.js loads this script when the query names an old commune
})();
