/* The case chooser (procedure/_chooser.html; loaded by checklist.js): keeps in place only the chosen
 * cases' papers, fee rows and fee, asks the next question while several cases are left, and writes the
 * answers into the address (?cau-1=...). Print shows every case (catalogue.css, "Case chooser"). */
(function () {
  "use strict";

  var form = document.querySelector("[data-tt-chooser]");
  if (!form) return;
  var questions = form.querySelectorAll("[data-tt-q]");
  var result = form.querySelector("[data-tt-chooser-result]");
  var all = function (selector) { return document.querySelectorAll(selector); };
  var words = function (node, name) { return (node.getAttribute(name) || "").split(" "); };

  function update(share) {
    var fit = null, open = true, query = [];
    questions.forEach(function (question) {
      question.hidden = !open;
      var picked = open && question.querySelector("input:checked");
      if (!picked) { open = false; return; }
      var cases = words(picked, "data-cases");
      fit = fit ? fit.filter(function (c) { return cases.indexOf(c) >= 0; }) : cases;
      query.push(picked.name + "=" + encodeURIComponent(picked.value));
      open = fit.length > 1;
    });
    var key = fit ? fit.join("-") : "";
    var names = [];
    all(".tt-docgroup[data-case]").forEach(function (group) {
      var off = fit && fit.indexOf(group.getAttribute("data-case")) < 0;
      group.classList.toggle("tt-case-off", !!off);
      if (fit && !off) {
        group.open = true;
        names.push(group.querySelector("h3").textContent);
      }
    });
    all("[data-tt-cases]").forEach(function (row) {
      row.classList.toggle("tt-case-off", !!fit && !words(row, "data-tt-cases").some(function (c) { return fit.indexOf(c) >= 0; }));
    });
    var variant = fit && document.querySelector('[data-tt-for~="' + key + '"]');
    all("[data-tt-for]").forEach(function (fee) {
      fee.hidden = variant ? fee !== variant : fee.getAttribute("data-tt-for") !== "";
    });
    result.hidden = !fit;
    result.querySelector("[data-tt-chooser-case]").textContent = names.join("; ");
    if (share) history.replaceState(history.state, "", location.pathname + (query.length ? "?" + query.join("&") : "") + location.hash);
  }

  var asked = new URLSearchParams(location.search);
  form.querySelectorAll("input[type=radio]").forEach(function (radio) {
    if (asked.get(radio.name) === radio.value) radio.checked = true;
  });
  form.addEventListener("change", function () { update(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.querySelector("[data-tt-chooser-all]").addEventListener("click", function (event) {
    event.preventDefault();
    form.reset();
    update(true);
    document.getElementById("ho-so").scrollIntoView();
  });
  update(true);
})();
