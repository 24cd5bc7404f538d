/* The list of commune police on the commune police's agency page: a box that keeps only the
 * communes whose name matches what the citizen types, with or without diacritics ("cam thanh"
 * finds "Công an phường Cẩm Thành"). Without this script the box stays hidden and the whole
 * list shows (templates/web/_office.html), each commune's data-name folded by the build as
 * common.js's TT.fold folds what is typed. */
(function () {
  "use strict";

  var box = document.querySelector("[data-tt-filter]");
  var list = document.querySelector("[data-tt-filter-list]");
  if (!box || !list) return;
  var input = box.querySelector("input");
  var status = box.querySelector("[role=status]");
  var items = Array.prototype.slice.call(list.children);

  function filter() {
    var words = TT.fold(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (item) {
      var name = item.getAttribute("data-name") || "";
      var match = words.every(function (word) { return name.indexOf(word) !== -1; });
      item.hidden = !match;
      if (match) shown += 1;
    });
    status.textContent = !words.length ? "" : shown
      ? TT.format(status.getAttribute("data-count"), { n: shown })
      : status.getAttribute("data-none");
  }

  box.hidden = false;
  input.addEventListener("input", filter);
  if (input.value) filter();
})();
