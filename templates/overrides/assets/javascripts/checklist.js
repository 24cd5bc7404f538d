/* The documents of a procedure as a checklist: real checkboxes that work without this
 * script, and each case a disclosure (<details>) the citizen opens; with the script,
 * "In danh sách giấy tờ" prints the procedure's name and the open cases' documents alone
 * (all cases when none is open; catalogue.css, "Dossier checklist"). */
(function () {
  "use strict";

  var list = document.getElementById("tt-checklist");
  if (!list) return;
  var root = document.documentElement;

  list.querySelectorAll("[data-tt-checklist-js]").forEach(function (part) { part.hidden = false; });

  function done() { root.classList.remove("tt-print-checklist", "tt-print-all-cases"); }
  list.querySelector("[data-tt-checklist-print]").addEventListener("click", function () {
    var groups = list.querySelectorAll("details.tt-docgroup");
    var open = list.querySelectorAll("details.tt-docgroup[open]");
    root.classList.add("tt-print-checklist");
    if (groups.length && !open.length) root.classList.add("tt-print-all-cases");
    window.addEventListener("afterprint", done, { once: true });
    window.print();
  });
})();
