/* The documents of a procedure as a checklist: real checkboxes that work without this
 * script; with it, the citizen picks their case (the other cases' documents are hidden)
 * and prints the checklist alone (catalogue.css, "Dossier checklist"). */
(function () {
  "use strict";

  var list = document.getElementById("tt-checklist");
  if (!list) return;
  var root = document.documentElement;
  var pick = document.getElementById("tt-case");

  list.querySelectorAll("[data-tt-checklist-js]").forEach(function (part) { part.hidden = false; });

  if (pick) {
    pick.addEventListener("change", function () {
      list.querySelectorAll("[data-case]").forEach(function (group) {
        group.hidden = Boolean(pick.value) && group.getAttribute("data-case") !== pick.value;
      });
    });
  }

  function done() { root.classList.remove("tt-print-checklist"); }
  list.querySelector("[data-tt-checklist-print]").addEventListener("click", function () {
    root.classList.add("tt-print-checklist");
    window.addEventListener("afterprint", done, { once: true });
    window.print();
  });
})();
