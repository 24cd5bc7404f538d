/* Filling a form in the browser (bieu-mau/<ID>/dien-truc-tuyen/).
 *
 * Nothing the citizen types leaves the browser: the form's method is "dialog",
 * so a submission never sends a request; this script checks the answers, lists
 * the mistakes (announced, each linked to its field) and opens the print dialog.
 * A draft is kept in localStorage only while "remember" is ticked, and the
 * clear buttons remove it. Print stylesheet: catalogue.css, "Filling a form". */
(function () {
  "use strict";

  var form = document.getElementById("tt-fill");
  if (!form) return;
  var KEY = "tt-form-" + form.getAttribute("data-form");
  var status = document.getElementById("tt-fill-status");
  var summary = document.getElementById("tt-fill-errors");
  var remember = document.getElementById("tt-fill-remember");
  var fields = Array.prototype.slice.call(form.querySelectorAll(".tt-field"));

  function say(name, values) {
    return TT.format(form.getAttribute("data-" + name) || "", values || {});
  }

  function controls() {
    return Array.prototype.slice.call(form.querySelectorAll("input[name], textarea[name]"));
  }

  /* -- print copies: boxes for digits, ruled lines for long answers ------------------------ */

  function mirror(control) {
    var copy = form.querySelector('[data-for="' + control.id + '"]');
    if (!copy) return;
    if (copy.classList.contains("tt-print-boxes")) {
      Array.prototype.forEach.call(copy.children, function (box, i) { box.textContent = control.value.charAt(i); });
    } else {
      copy.textContent = control.value;
      /* as many ruled lines as the paper form has (set here: the policy forbids style attributes) */
      if (control.tagName === "TEXTAREA") copy.style.setProperty("--tt-lines", control.getAttribute("rows") || "3");
    }
  }

  /* Each column of a printed table as wide as what goes in it: its share, computed when the site was
     built (generator/render/forms.py, column_widths), set here for the same reason */
  form.querySelectorAll(".tt-fill-table col[data-width]").forEach(function (col) {
    col.style.width = col.getAttribute("data-width") + "%";
  });

  /* The sheet prints in Form Serif, the project's own serif, so a computer without Vietnamese fonts
     still prints every letter right; the print dialog would not wait for it. Its three faces (39 KB)
     are fetched once the citizen starts filling in (or prints), not with the page: a phone that only
     reads the form never pays for them. */
  var FACES = ['400 13pt "Form Serif"', '700 13pt "Form Serif"', 'italic 400 13pt "Form Serif"'];
  var formFont = null;
  function loadFormFont() {
    if (!formFont) {
      formFont = document.fonts && document.fonts.load
        ? Promise.all(FACES.map(function (face) { return document.fonts.load(face, "Ạ"); })).catch(function () {})
        : Promise.resolve();
    }
    return formFont;
  }
  form.addEventListener("focusin", loadFormFont);
  window.addEventListener("beforeprint", loadFormFont);

  function printWithFormFont() {
    loadFormFont().then(function () { window.print(); });
  }

  /* -- checking -------------------------------------------------------------------------- */

  function realDate(text) {
    var m = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})$/.exec(text);
    if (!m) return false;
    var day = Number(m[1]), month = Number(m[2]), year = Number(m[3]);
    var date = new Date(year, month - 1, day);
    return year >= 1900 && date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day;
  }

  /* What is wrong with what was written in one control, or "" */
  function wrong(control, label) {
    var value = control.value.trim();
    if (!value) return control.required ? say("required", label) : "";
    if (control.hasAttribute("data-date") && !realDate(value)) return say("date", label);
    var digits = control.getAttribute("data-digits");
    if (digits && !new RegExp("^[0-9]{" + digits + "}$").test(value)) {
      label.n = digits;
      return say("digits", label);
    }
    if (control.type === "email" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return say("email", label);
    return "";
  }

  /* The mistakes in a field, each { message, control } (the control to go to): in a table, one for
     each cell that is wrong, named by its column and row */
  function problems(field) {
    var label = { label: field.getAttribute("data-label").replace(/^\s*\d+\.\s*/, "") };
    if (field.classList.contains("tt-field--table")) {
      return Array.prototype.map.call(field.querySelectorAll("input[type=text]"), function (cell) {
        return { message: wrong(cell, { label: cell.getAttribute("aria-label") }), control: cell };
      }).filter(function (found) { return found.message; });
    }
    var radios = field.querySelectorAll("input[type=radio]");
    if (radios.length) {
      var chosen = Array.prototype.some.call(radios, function (r) { return r.checked; });
      return field.hasAttribute("data-required") && !chosen ? [{ message: say("choose", label), control: radios[0] }] : [];
    }
    var control = field.querySelector("input, textarea");
    if (!control || control.type === "checkbox") return [];
    var message = wrong(control, label);
    return message ? [{ message: message, control: control }] : [];
  }

  function show(field, found) {
    var message = found.map(function (f) { return f.message; }).join(" ");
    var error = field.querySelector(".tt-error");
    var target = field.tagName === "FIELDSET" ? field : field.querySelector("input, textarea");
    var described = (target.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
      return id && id !== error.id;
    });
    if (message) described.push(error.id);
    if (described.length) target.setAttribute("aria-describedby", described.join(" "));
    else target.removeAttribute("aria-describedby");
    var table = field.classList.contains("tt-field--table");
    var wrongCells = found.map(function (f) { return f.control; });
    field.querySelectorAll("input, textarea").forEach(function (control) {
      /* in a table, only the cells that are wrong, each also described by the message */
      if (message && (!table || wrongCells.indexOf(control) >= 0)) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
      if (table) {
        if (wrongCells.indexOf(control) >= 0) control.setAttribute("aria-describedby", error.id);
        else control.removeAttribute("aria-describedby");
      }
    });
    error.textContent = message;
    error.hidden = !message;
    field.classList.toggle("tt-field--error", Boolean(message));
  }

  function check() {
    var list = summary.querySelector("ul");
    list.textContent = "";
    var count = 0;
    fields.forEach(function (field) {
      var found = problems(field);
      show(field, found);
      found.forEach(function (each) {
        count += 1;
        var link = document.createElement("a");
        link.href = "#" + each.control.id;
        link.textContent = each.message;
        link.addEventListener("click", function (event) {
          event.preventDefault();
          each.control.focus();
        });
        var item = document.createElement("li");
        item.appendChild(link);
        list.appendChild(item);
      });
    });
    summary.querySelector("h2").textContent = say("errors-title", { n: count });
    summary.hidden = count === 0;
    if (count) summary.focus();
    return count === 0;
  }

  /* -- the draft, kept only when asked ----------------------------------------------------- */

  function store(data) {
    try {
      if (data) localStorage.setItem(KEY, JSON.stringify(data));
      else localStorage.removeItem(KEY);
    } catch (e) { /* storage off or full: the form still works, without a draft */ }
  }

  function save() {
    if (!remember.checked) return;
    var data = {};
    controls().forEach(function (control) {
      if (control.type === "radio") { if (control.checked) data[control.name] = control.value; }
      else if (control.type === "checkbox") data[control.name] = control.checked;
      else data[control.name] = control.value;
    });
    store(data);
  }

  function restore() {
    var data = null;
    try { data = JSON.parse(localStorage.getItem(KEY) || "null"); } catch (e) { data = null; }
    if (!data || typeof data !== "object") return;
    controls().forEach(function (control) {
      if (!Object.prototype.hasOwnProperty.call(data, control.name)) return;
      var value = data[control.name];
      if (control.type === "radio") control.checked = control.value === value;
      else if (control.type === "checkbox") control.checked = value === true;
      else control.value = String(value);
      mirror(control);
    });
    remember.checked = true;
    status.textContent = say("restored");
  }

  function clear() {
    if (!window.confirm(say("confirm"))) return;
    form.reset();
    store(null);
    remember.checked = false;
    fields.forEach(function (field) { show(field, []); });
    summary.hidden = true;
    controls().forEach(mirror);
    status.textContent = say("cleared");
    var first = controls()[0];
    if (first) first.focus();
  }

  /* -- wiring ---------------------------------------------------------------------------- */

  form.noValidate = true;
  form.classList.add("tt-fill--js");
  controls().forEach(mirror);
  document.querySelectorAll("[data-tt-fill-js]").forEach(function (part) { part.hidden = false; });
  restore();

  form.addEventListener("input", function (event) {
    mirror(event.target);
    var field = event.target.closest(".tt-field");
    if (field && field.classList.contains("tt-field--error")) show(field, problems(field));
    save();
  });
  form.addEventListener("change", save);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!check()) return;
    controls().forEach(mirror);
    status.textContent = say("printing");
    printWithFormFont();
  });
  remember.addEventListener("change", function () {
    if (remember.checked) save();
    else store(null);
  });
  document.querySelectorAll("[data-tt-fill-clear]").forEach(function (button) {
    button.addEventListener("click", clear);
  });
  window.addEventListener("beforeprint", function () { controls().forEach(mirror); });
})();
