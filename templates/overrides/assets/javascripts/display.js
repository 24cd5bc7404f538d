/* Text size (A− A A+) and high contrast, remembered across pages and visits, and
 * every disclosure open when the page is printed.
 * The choice is applied before the first paint by a line in main.html, and
 * catalogue.css shows the state from it; this script keeps aria-pressed in step,
 * saves changes and keeps the reader's place when the text grows or shrinks. */
(function () {
  "use strict";

  var root = document.documentElement;
  var sizes = [];  /* what each size says, 100% to 200% (partials/display-controls.html) */
  /* What a reader reads: the first of these (the innermost) that reaches below the header. */
  var BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, tr, summary, label, legend, pre, blockquote, figure, " +
    ".admonition, .tt-facts, .tt-docgroup, .tt-action";

  function save(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* private mode: this page only */ }
  }

  function level() {
    var value = Number(root.getAttribute("data-tt-size") || 0);
    return value >= 0 && value < sizes.length ? value : 0;
  }

  function headerBottom() {
    var header = document.querySelector(".md-header");
    return header ? Math.max(header.getBoundingClientRect().bottom, 0) : 0;
  }

  /* The block of the content at the top of the reading area (just below the sticky header). */
  function place() {
    if (window.pageYOffset <= 0) return null;  /* at the top of the page, the page stays at its top */
    var line = headerBottom();
    var blocks = document.querySelectorAll(".md-content " + BLOCKS.split(", ").join(", .md-content "));
    var found = null;
    for (var i = 0; i < blocks.length; i++) {
      var block = blocks[i];
      if (found && !found.contains(block)) break;  /* past the one found and everything inside it */
      var box = block.getBoundingClientRect();
      if (box.height > 0 && box.bottom > line) found = block;
    }
    if (!found) return null;
    var rect = found.getBoundingClientRect();
    return { block: found, line: line, top: rect.top, height: rect.height };
  }

  /* Put the block back where it was: the same distance below the header, or, when the header line
     crossed it, the same share of it above the line. */
  function restore(before) {
    if (!before) return;
    var line = headerBottom();
    var rect = before.block.getBoundingClientRect();
    var into = before.line - before.top;
    var wanted = into > 0 && before.height > 0 ? line - into * (rect.height / before.height) : line - into;
    window.scrollTo({ top: window.pageYOffset + rect.top - wanted, behavior: "instant" });
  }

  function start() {
    var box = document.querySelector("[data-tt-display]");
    if (!box) return;
    var status = box.querySelector("[data-tt-status]");
    var contrast = box.querySelector("[data-tt-contrast]");
    var steps = box.querySelectorAll("[data-tt-step]");
    sizes = status.getAttribute("data-sizes").split("|");

    function show(announce) {
      var current = level();
      steps.forEach(function (button) {
        var step = Number(button.getAttribute("data-tt-step"));
        var blocked = (step < 0 && current === 0) || (step > 0 && current === sizes.length - 1);
        button.setAttribute("aria-disabled", blocked ? "true" : "false");
        if (step === 0) button.setAttribute("aria-pressed", current === 0 ? "true" : "false");
      });
      var text = sizes[current];
      if (announce) status.textContent = text;
      else status.setAttribute("aria-label", text);
      contrast.setAttribute("aria-pressed", root.getAttribute("data-tt-contrast") === "high" ? "true" : "false");
    }

    steps.forEach(function (button) {
      button.addEventListener("click", function () {
        if (button.getAttribute("aria-disabled") === "true") return;
        var step = Number(button.getAttribute("data-tt-step"));
        var next = step === 0 ? 0 : Math.min(Math.max(level() + step, 0), sizes.length - 1);
        if (next === level()) return;
        var before = place();
        if (next) root.setAttribute("data-tt-size", String(next));
        else root.removeAttribute("data-tt-size");
        restore(before);
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

  /* Printed, a page shows what its disclosures hold (each case's papers on a procedure page):
     catalogue.css does it where the browser knows ::details-content, this for the others; the
     ones opened here close again once the page has printed. */
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".md-content details:not([open])").forEach(function (details) {
      details.open = true;
      opened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
