/* Text size (A− A A+) and high contrast, remembered across pages and visits.
 * The choice is applied before the first paint by a line in main.html; this
 * script shows the controls, keeps their state and saves changes. */
(function () {
  "use strict";

  var LEVELS = [100, 125, 150, 175, 200];
  var root = document.documentElement;

  function save(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* private mode: this page only */ }
  }

  function level() {
    var value = Number(root.getAttribute("data-tt-size") || 0);
    return value >= 0 && value < LEVELS.length ? value : 0;
  }

  function start() {
    var box = document.querySelector("[data-tt-display]");
    if (!box) return;
    var status = box.querySelector("[data-tt-status]");
    var contrast = box.querySelector("[data-tt-contrast]");
    var steps = box.querySelectorAll("[data-tt-step]");

    function show(announce) {
      var current = level();
      steps.forEach(function (button) {
        var step = Number(button.getAttribute("data-tt-step"));
        var blocked = (step < 0 && current === 0) || (step > 0 && current === LEVELS.length - 1);
        button.setAttribute("aria-disabled", blocked ? "true" : "false");
        if (step === 0) button.setAttribute("aria-pressed", current === 0 ? "true" : "false");
      });
      var text = status.getAttribute("data-template").replace("{n}", LEVELS[current]);
      if (announce) status.textContent = text;
      else status.setAttribute("aria-label", text);
      contrast.setAttribute("aria-pressed", root.getAttribute("data-tt-contrast") === "high" ? "true" : "false");
    }

    steps.forEach(function (button) {
      button.addEventListener("click", function () {
        if (button.getAttribute("aria-disabled") === "true") return;
        var step = Number(button.getAttribute("data-tt-step"));
        var next = step === 0 ? 0 : Math.min(Math.max(level() + step, 0), LEVELS.length - 1);
        if (next) root.setAttribute("data-tt-size", String(next));
        else root.removeAttribute("data-tt-size");
        save("tt-size", String(next));
        show(true);
      });
    });

    contrast.addEventListener("click", function () {
      var high = root.getAttribute("data-tt-contrast") !== "high";
      if (high) root.setAttribute("data-tt-contrast", "high");
      else root.removeAttribute("data-tt-contrast");
      save("tt-contrast", high ? "high" : "normal");
      show(false);
    });

    show(false);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
