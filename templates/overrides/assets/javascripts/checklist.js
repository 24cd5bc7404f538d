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

  /* The case chooser's script (chooser.js) is fetched when needed, not in the first view: at the first
   * answer, or at once when the address holds answers (?cau-1=...). */
  var chooser = list.querySelector("[data-tt-chooser]");
  if (chooser) {
    chooser.classList.add("tt-chooser--js");
    var load = function () {
      var script = document.createElement("script");
      script.src = chooser.getAttribute("data-tt-chooser");
      document.head.appendChild(script);
    };
    if (/[?&]cau-/.test(location.search)) load();
    else chooser.addEventListener("change", load, { once: true });
  }

  /* Every <details> prints open (catalogue.css, display.js), so the cases left closed are marked now. */
  function done() {
    root.classList.remove("tt-print-checklist");
    list.querySelectorAll("[data-tt-print-skip]").forEach(function (group) { group.removeAttribute("data-tt-print-skip"); });
  }
  list.querySelector("[data-tt-checklist-print]").addEventListener("click", function () {
    var closed = list.querySelectorAll("details.tt-docgroup:not([open])");
    if (list.querySelector("details.tt-docgroup[open]")) {
      closed.forEach(function (group) { group.setAttribute("data-tt-print-skip", ""); });
    }
    root.classList.add("tt-print-checklist");
    window.addEventListener("afterprint", done, { once: true });
    window.print();
  });
})();
