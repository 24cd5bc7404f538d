/* What the site's scripts share (window.TT), loaded just before them on their pages only.
 * No other script fills in texts, folds diacritics, draws a card or writes an address. */
(function () {
  "use strict";

  /* *text* (vi.yaml, written for Python's str.format) with its {key}s from *values*. */
  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  /* As generator/text/vietnamese.py fold_diacritics: lowercase, no marks, đ as d. */
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
  }

  /* <tag class=className> holding *content*: a text, a node, a list of them. */
  function element(tag, className, content) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    [].concat(content || []).forEach(function (part) {
      if (part) made.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
    });
    return made;
  }

  /* A procedure's card, as card() in templates/web/_macros.html: the title linked, the line of
     *facts* (texts or nodes), and what a page adds *before* and *after* that line. */
  function card(href, title, facts, before, after) {
    var link = element("a", "tt-card__title", title);
    link.href = href;
    var line = element("span", "tt-card__meta", facts.map(function (fact) {
      return typeof fact === "string" ? element("span", "", fact) : fact;
    }));
    return element("li", "tt-card", [link].concat(before, line, after));
  }

  /* *path* in the site's folder *name* (generator/urls.py), as the page's template
     wrote the folders in <script type="application/json" id="tt-urls">. */
  var folders = null;
  function url(name, path) {
    folders = folders || JSON.parse(document.getElementById("tt-urls").textContent);
    return new URL(folders[name] + path, document.baseURI).href;
  }

  window.TT = { format: format, fold: fold, element: element, card: card, url: url };
})();
