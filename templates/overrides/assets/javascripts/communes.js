/* The list of commune police on the commune police's agency page: a box that keeps only the
 * communes whose name matches what the citizen types, with or without diacritics ("cam thanh"
 * finds "Công an phường Cẩm Thành"). Without this script the box stays hidden and the whole
 * list shows (templates/web/_office.html), each commune's data-name folded by the build as
 * common.js's TT.fold folds what is typed. With the province's conversion table, the box also
 * finds a commune by its name before 1 July 2025 (old-communes.js): the old names that match
 * show above the list, which keeps the police of the units they belong to now. */
(function () {
  "use strict";

  var box = document.querySelector("[data-tt-filter]");
  var list = document.querySelector("[data-tt-filter-list]");
  if (!box || !list) return;
  var input = box.querySelector("input");
  var status = box.querySelector("[role=status]");
  var items = Array.prototype.slice.call(list.children);
  var found = box.querySelector("[data-tt-old-found]");
  var olds = !found || !TT.oldCommunes ? [] : Array.prototype.map.call(
    document.querySelectorAll("[data-tt-old]"), function (item) {
      return TT.oldCommunes.entry(item.querySelector(".tt-old__name").textContent, item.parentNode.getAttribute("data-place"), item);
    });
  var SHOWN_OLD = 8;
  var oldList = document.getElementById("ten-cu");

  /* An old commune as the answer shows it: its name, its old district, where it went (links). */
  function oldItem(item) {
    var copy = item.cloneNode(true);
    copy.removeAttribute("data-tt-old");
    var district = item.parentNode.previousElementSibling;
    copy.querySelector(".tt-old__name").appendChild(
      document.createTextNode(" (" + (district ? district.textContent : "") + ")"));
    return copy;
  }

  function filter() {
    var words = TT.fold(input.value).split(/\s+/).filter(Boolean);
    var matches = words.length ? TT.oldCommunes && olds.length ? TT.oldCommunes.find(olds, input.value, false) : [] : [];
    var wanted = {};
    matches.forEach(function (match) {
      match.item.getAttribute("data-to").split(" ").forEach(function (id) { wanted[id] = true; });
    });
    var shown = 0;
    items.forEach(function (item) {
      var name = item.getAttribute("data-name") || "";
      var match = wanted[item.id] || words.every(function (word) { return name.indexOf(word) !== -1; });
      item.hidden = !match;
      if (match) shown += 1;
    });
    if (oldList) oldList.hidden = !!words.length;  // the answer shows above: the list by district gives way
    if (found) {
      found.textContent = "";
      found.hidden = !matches.length;
      matches.slice(0, SHOWN_OLD).forEach(function (match) { found.appendChild(oldItem(match.item)); });
    }
    status.textContent = !words.length ? "" : shown
      ? TT.format(status.getAttribute("data-count"), { n: shown })
      : status.getAttribute("data-none");
  }

  box.hidden = false;
  input.addEventListener("input", filter);
  if (input.value) filter();
})();
