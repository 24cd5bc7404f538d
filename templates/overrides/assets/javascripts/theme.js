/* What the site needs of Material's script bundle, which it does not load (114 KB):
 * the light/dark switch, the back-to-top button, and the offline copy of the
 * site (the service worker that `catalogue build` writes as sw.js).
 * The light/dark choice is applied before the first paint by
 * partials/javascripts/palette.html; this script saves a change. */
(function () {
  "use strict";

  var script = document.currentScript;
  var root = script ? new URL("../../", script.src) : null;

  function palette() {
    var form = document.querySelector("[data-md-component=palette]");
    if (!form) return;
    var options = form.querySelectorAll(".md-option");
    form.addEventListener("change", function (event) {
      var input = event.target;
      var index = Array.prototype.indexOf.call(options, input);
      if (index < 0) return;
      var color = {};
      ["media", "scheme", "primary", "accent"].forEach(function (name) {
        color[name] = input.getAttribute("data-md-color-" + name);
        if (name !== "media") document.body.setAttribute("data-md-color-" + name, color[name]);
      });
      /* Material's own entry, so its inline script and ours read the same choice. */
      if (typeof window.__md_set === "function") window.__md_set("__palette", { index: index, color: color });
      /* Show the switch back to where the reader came from. */
      Array.prototype.forEach.call(options, function (option) {
        var label = option.nextElementSibling;
        if (label && label.tagName === "LABEL") label.hidden = option !== input;
      });
    });
  }

  /* What the back-to-top button must never cover: the page's buttons and fields. */
  var CONTROLS = ".md-main :is(button, input, select, textarea, summary, .md-button)";

  function covers(button) {
    var box = button.getBoundingClientRect();
    if (!box.width) return false;
    var margin = 4;
    var controls = document.querySelectorAll(CONTROLS);
    for (var i = 0; i < controls.length; i++) {
      if (controls[i] === button) continue;
      var r = controls[i].getBoundingClientRect();
      if (r.width && r.height && r.bottom > box.top - margin && r.top < box.bottom + margin &&
          r.right > box.left - margin && r.left < box.right + margin) return true;
    }
    return false;
  }

  function backToTop() {
    var button = document.querySelector("[data-md-component=top]");
    if (!button) return;
    var last = 0;  /* not read now: reading it would force a layout while the page loads */
    window.addEventListener("scroll", function () {
      var y = window.pageYOffset;
      /* Shown while the reader scrolls back up a long page, as Material does, except over a
         button or a field, which it would hide from the reader's finger. (Hidden, it keeps its
         place: Material's style only fades it, so covers() can measure where it would be.) */
      button.hidden = !(y > 400 && y < last && !covers(button));
      last = y;
    }, { passive: true });
    button.addEventListener("click", function () {
      button.hidden = true;
      window.scrollTo({ top: 0 });
      var skip = document.querySelector(".md-content h1");
      if (skip) {
        skip.setAttribute("tabindex", "-1");
        skip.focus({ preventScroll: true });
      }
    });
  }

  /* The offline copy: registered once the page has loaded, so it never competes
     with the first view for a slow connection. */
  function offline() {
    if (!root || !("serviceWorker" in navigator) || !window.isSecureContext) return;
    var register = function () {
      navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.pathname }).catch(function () {
        /* No offline copy (a browser setting, or a server without sw.js): the site works as before. */
      });
    };
    if (document.readyState === "complete") register();
    else window.addEventListener("load", register);
  }

  palette();
  backToTop();
  offline();
})();
