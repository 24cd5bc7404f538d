// catalogue serve: reload this page when the preview is rebuilt, and show the problems of a bad edit.
// Served by the preview server only (never part of the published site).
(() => {
  "use strict";
  const me = document.currentScript;
  let version = me ? me.dataset.version : null;
  let panel = null;

  function hide() {
    if (panel) panel.remove();
    panel = null;
  }

  function show(state) {
    hide();
    if (!state.problems.length) return;
    // The site's texts, or a few words of English when its texts file is itself what is broken.
    const t = Object.assign({ title: "Problems", count: "{n}", lead: "", close: "Close" }, state.texts);
    panel = document.createElement("section");
    panel.className = "catalogue-preview-problems";
    panel.setAttribute("role", "alert");
    panel.setAttribute("aria-labelledby", "catalogue-preview-title");
    const heading = document.createElement("h2");
    heading.id = "catalogue-preview-title";
    heading.textContent = `${t.title} (${t.count.replace("{n}", state.problems.length)})`;
    const lead = document.createElement("p");
    lead.textContent = t.lead;
    const list = document.createElement("ol");
    for (const problem of state.problems) {
      const item = document.createElement("li");
      const code = document.createElement("code");
      code.textContent = problem;
      item.append(code);
      list.append(item);
    }
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = t.close;
    close.addEventListener("click", hide);
    panel.append(heading, lead, list, close);
    document.body.append(panel);
  }

  const events = new EventSource("/_preview/events");
  events.addEventListener("message", (event) => {
    const state = JSON.parse(event.data);
    if (version !== null && String(state.version) !== String(version)) {
      location.reload();
      return;
    }
    version = state.version;
    show(state);
  });
})();
