/* The list of commune police on the commune police's agency page: a box that keeps only the
 * communes whose name matches what the citizen types, with or without diacritics ("cam thanh"
 * finds "Công an phường Cẩm Thành"). Without this script the box stays hidden and the whole
 * list shows (templates/web/_office.html). */
(function () {
  "use strict";

  var box = document.querySelector("[data-tt-filter]");
  var list = document.querySelector("[data-tt-filter-list]");
  if (!box || !list) return;
  var input = box.querySelector("input");
  var status = box.querySelector("[role=status]");
  var items = Array.prototype.slice.call(list.children);

  /* As generator.text.vietnamese.fold_diacritics: lowercase, no marks, đ as d. */
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d")
      .replace(/\s+/g, " ").trim();
  }

  function filter() {
    var words = fold(input.value).split(" ").filter(Boolean);
    var shown = 0;
    items.forEach(function (item) {
      var name = item.getAttribute("data-name") || "";
      var match = words.every(function (word) { return name.indexOf(word) !== -1; });
      item.hidden = !match;
      if (match) shown += 1;
    });
    status.textContent = !words.length ? "" : shown
      ? status.getAttribute("data-count").replace("{n}", String(shown))
      : status.getAttribute("data-none");
  }

  box.hidden = false;
  input.addEventListener("input", filter);
  if (input.value) filter();
})();
