/* lw-checklist.js: the readiness checklist as a self-assessment.
 *
 * Works on the worksheet markup that lw:checklist writes (one .lw-checklist-entry
 * per check, with data-check and data-area). Answers live in this browser's
 * localStorage only; nothing is sent anywhere. Export and import as CSV
 * (check,status,notes) or JSON, which `lw-method readiness` turns into a report.
 */
(function () {
  "use strict";

  var STATUSES = [["not-yet", "Not yet"], ["emerging", "Emerging"], ["in-place", "In place"]];
  var STATUS_IDS = STATUSES.map(function (s) { return s[0]; });

  function load(key) {
    try { return JSON.parse(window.localStorage.getItem(key)) || {}; } catch (e) { return {}; }
  }
  function save(key, answers) {
    try { window.localStorage.setItem(key, JSON.stringify(answers)); } catch (e) { /* storage full or off */ }
  }

  function csvField(value) {
    value = String(value || "");
    return /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  /* RFC 4180 rows; returns [[field, ...], ...] with each row's first line number. */
  function parseCSV(text) {
    var rows = [], row = [], field = "", quoted = false, line = 1, rowLine = 1, i, c;
    for (i = 0; i < text.length; i++) {
      c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
        else if (c === '"') { quoted = false; }
        else { if (c === "\n") { line++; } field += c; }
      } else if (c === '"') { quoted = true; }
      else if (c === ",") { row.push(field); field = ""; }
      else if (c === "\n" || c === "\r") {
        if (c === "\r" && text[i + 1] === "\n") { i++; }
        row.push(field); rows.push({ fields: row, line: rowLine }); row = []; field = "";
        line++; rowLine = line;
      } else { field += c; }
    }
    if (quoted) { throw new Error("line " + rowLine + ": a quoted field is not closed"); }
    if (field !== "" || row.length) { row.push(field); rows.push({ fields: row, line: rowLine }); }
    return rows.filter(function (r) { return r.fields.join("").trim() !== ""; });
  }

  /* Answers from an exported file; throws an Error that names the line or entry. */
  function parseAnswers(text, knownChecks) {
    var answers = {}, entries = [], trimmed = text.replace(/^\uFEFF/, "").trim();
    if (trimmed.charAt(0) === "{" || trimmed.charAt(0) === "[") {
      var data;
      try { data = JSON.parse(trimmed); } catch (e) { throw new Error("not valid JSON: " + e.message); }
      var list = Array.isArray(data) ? data : data.answers;
      if (!Array.isArray(list)) { throw new Error('JSON needs an "answers" list'); }
      list.forEach(function (a, n) { entries.push({ where: "answer " + (n + 1), a: a || {} }); });
    } else {
      var rows = parseCSV(trimmed);
      if (!rows.length) { throw new Error("the file is empty"); }
      var header = rows[0].fields.map(function (h) { return h.trim().toLowerCase(); });
      if (header.join(",") !== "check,status,notes") {
        throw new Error("line 1: the columns must be check,status,notes (found " + header.join(",") + ")");
      }
      rows.slice(1).forEach(function (r) {
        if (r.fields.length !== 3) { throw new Error("line " + r.line + ": expected 3 columns, found " + r.fields.length); }
        entries.push({ where: "line " + r.line, a: { check: r.fields[0], status: r.fields[1], notes: r.fields[2] } });
      });
    }
    entries.forEach(function (e) {
      var check = String(e.a.check || "").trim(), status = String(e.a.status || "").trim();
      if (!knownChecks[check]) { throw new Error(e.where + ": no check has the id '" + check + "'"); }
      if (status && STATUS_IDS.indexOf(status) < 0) {
        throw new Error(e.where + ": status '" + status + "' is not one of " + STATUS_IDS.join(", "));
      }
      answers[check] = { status: status, notes: String(e.a.notes || "") };
    });
    return answers;
  }

  function download(name, type, text) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: type }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (k) { node.setAttribute(k, attributes[k]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function setUp(list, listIndex) {
    var key = list.getAttribute("data-storage-key") || "lw-readiness";
    var answers = load(key);
    var entries = Array.prototype.slice.call(list.querySelectorAll(".lw-checklist-entry[data-check]"));
    var known = {};
    entries.forEach(function (e) { known[e.getAttribute("data-check")] = true; });

    var toolbar = element("div", { "class": "lw-checklist-toolbar", role: "group", "aria-label": "Your self-assessment" });
    var overall = element("p", { "class": "lw-checklist-overall" });
    var message = element("p", { "class": "lw-checklist-message", role: "status", "aria-live": "polite" });
    var buttons = element("div", { "class": "lw-checklist-buttons" });
    var fileInput = element("input", { type: "file", accept: ".csv,.json,text/csv,application/json",
                                       "class": "lw-checklist-file", "aria-label": "Import answers from a CSV or JSON file" });
    function button(label, action, name) {
      var b = element("button", { type: "button", "data-action": name }, label);
      b.addEventListener("click", action);
      buttons.appendChild(b);
    }
    toolbar.appendChild(element("p", { "class": "lw-checklist-privacy" },
      "Your answers are kept in this browser only and are never sent anywhere. Export them to share or keep a copy."));
    toolbar.appendChild(overall);
    toolbar.appendChild(buttons);
    toolbar.appendChild(message);
    list.insertBefore(toolbar, list.firstChild);

    function answered(check) { return answers[check] || { status: "", notes: "" }; }

    function refresh() {
      var totals = { "not-yet": 0, emerging: 0, "in-place": 0, none: 0 };
      Array.prototype.forEach.call(list.querySelectorAll(".lw-checklist-area"), function (area) {
        var counts = { "not-yet": 0, emerging: 0, "in-place": 0, none: 0 }, n = 0;
        Array.prototype.forEach.call(area.querySelectorAll(".lw-checklist-entry[data-check]"), function (e) {
          var status = answered(e.getAttribute("data-check")).status || "none";
          counts[status]++; totals[status]++; n++;
        });
        var line = area.querySelector(".lw-checklist-progress");
        if (!line) {
          line = element("p", { "class": "lw-checklist-progress" });
          area.insertBefore(line, area.querySelector(".lw-checklist-items"));
        }
        line.textContent = counts["in-place"] + " of " + n + " in place · " + counts.emerging +
          " emerging · " + counts["not-yet"] + " not yet · " + counts.none + " not answered";
      });
      var all = entries.length;
      overall.textContent = "Overall: " + totals["in-place"] + " of " + all + " in place, " + totals.emerging +
        " emerging, " + totals["not-yet"] + " not yet, " + totals.none + " not answered.";
    }

    function show() {
      entries.forEach(function (entry) {
        var check = entry.getAttribute("data-check"), answer = answered(check);
        Array.prototype.forEach.call(entry.querySelectorAll("input[type=radio]"), function (r) {
          r.checked = r.value === answer.status;
        });
        var notes = entry.querySelector("textarea");
        notes.value = answer.notes;
        entry.querySelector(".lw-checklist-notes-print").textContent = answer.notes;
        entry.setAttribute("data-status", answer.status || "none");
      });
      refresh();
    }

    function record(check, change) {
      var answer = answered(check);
      answers[check] = { status: change.status !== undefined ? change.status : answer.status,
                         notes: change.notes !== undefined ? change.notes : answer.notes };
      if (!answers[check].status && !answers[check].notes) { delete answers[check]; }
      save(key, answers);
    }

    entries.forEach(function (entry, n) {
      var check = entry.getAttribute("data-check");
      var statement = entry.querySelector(".lw-checklist-statement").firstChild.textContent.trim();
      var fieldset = element("fieldset", { "class": "lw-checklist-choice" });
      fieldset.appendChild(element("legend", { "class": "lw-visually-hidden" }, "Status: " + statement));
      STATUSES.forEach(function (s) {
        var id = "lw-" + listIndex + "-" + n + "-" + s[0];
        var label = element("label", { "for": id });
        var radio = element("input", { type: "radio", name: "lw-" + listIndex + "-" + n, value: s[0], id: id });
        radio.addEventListener("change", function () {
          record(check, { status: s[0] }); entry.setAttribute("data-status", s[0]); refresh();
        });
        label.appendChild(radio);
        label.appendChild(document.createTextNode(" " + s[1]));
        fieldset.appendChild(label);
      });
      var statusBox = entry.querySelector(".lw-checklist-status");
      statusBox.replaceChildren(fieldset);
      var notesBox = entry.querySelector(".lw-checklist-notes");
      var notesId = "lw-" + listIndex + "-" + n + "-notes";
      var textarea = element("textarea", { id: notesId, rows: "2" });
      textarea.addEventListener("input", function () {
        record(check, { notes: textarea.value });
        entry.querySelector(".lw-checklist-notes-print").textContent = textarea.value;
      });
      notesBox.replaceChildren(element("label", { "for": notesId }, "Notes"), textarea,
                               element("div", { "class": "lw-checklist-notes-print", "aria-hidden": "true" }));
    });

    function exportCSV() {
      var lines = ["check,status,notes"];
      entries.forEach(function (e) {
        var check = e.getAttribute("data-check"), a = answers[check];
        if (a) { lines.push([check, a.status, a.notes].map(csvField).join(",")); }
      });
      return lines.join("\r\n") + "\r\n";
    }
    function exportJSON() {
      var list = [];
      entries.forEach(function (e) {
        var check = e.getAttribute("data-check"), a = answers[check];
        if (a) { list.push({ check: check, status: a.status, notes: a.notes }); }
      });
      return JSON.stringify({ schema: "lw-readiness/1", handbook: key.replace(/^lw-readiness:/, ""),
                              exported: new Date().toISOString(), answers: list }, null, 2) + "\n";
    }
    function importText(text) {
      answers = parseAnswers(text, known);
      save(key, answers);
      show();
    }

    button("Export CSV", function () { download("readiness-answers.csv", "text/csv", exportCSV()); message.textContent = "Exported your answers as CSV."; }, "export-csv");
    button("Export JSON", function () { download("readiness-answers.json", "application/json", exportJSON()); message.textContent = "Exported your answers as JSON."; }, "export-json");
    button("Import…", function () { fileInput.click(); }, "import");
    button("Clear answers", function () { answers = {}; save(key, answers); show(); message.textContent = "Cleared all answers in this browser."; }, "clear");
    button("Print", function () { window.print(); }, "print");
    buttons.appendChild(fileInput);
    fileInput.addEventListener("change", function () {
      var file = fileInput.files[0];
      if (!file) { return; }
      file.text().then(function (text) {
        try { importText(text); message.textContent = "Imported " + Object.keys(answers).length + " answers from " + file.name + "."; }
        catch (e) { message.textContent = "Could not import " + file.name + ": " + e.message; }
        fileInput.value = "";
      });
    });

    show();
    return { exportCSV: exportCSV, exportJSON: exportJSON, importText: importText,
             answers: function () { return JSON.parse(JSON.stringify(answers)); } };
  }

  function start() {
    var lists = document.querySelectorAll(".lw-checklist[data-storage-key]");
    window.lwReadiness = Array.prototype.map.call(lists, setUp);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
