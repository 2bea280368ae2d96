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

  /* One answer as stored and exported, or null when it is not one: a known status (or none)
   * and notes that are text. */
  function answerOf(value) {
    if (!value || typeof value !== "object") { return null; }
    var status = value.status === undefined || value.status === null ? "" : value.status;
    var notes = value.notes === undefined || value.notes === null ? "" : value.notes;
    if (typeof status !== "string" || typeof notes !== "string") { return null; }
    if (status && STATUS_IDS.indexOf(status) < 0) { return null; }
    return { status: status, notes: notes };
  }

  /* Answers kept in this browser, as a Map (so no id, not even "__proto__", names a property of
   * an object); only answers to checks on this page that are still well formed are kept. */
  function load(key, known) {
    var answers = new Map(), stored;
    try { stored = JSON.parse(window.localStorage.getItem(key)); } catch (e) { stored = null; }
    if (stored && typeof stored === "object" && !Array.isArray(stored)) {
      Object.keys(stored).forEach(function (check) {
        var answer = answerOf(stored[check]);
        if (known.has(check) && answer) { answers.set(check, answer); }
      });
    }
    return answers;
  }
  function save(key, answers) {
    try { window.localStorage.setItem(key, JSON.stringify(Object.fromEntries(answers))); }
    catch (e) { /* storage full or off */ }
  }

  /* Notes that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return), or that
   * start with ' before one, get a leading ' in the CSV (OWASP's advice on CSV injection);
   * importing a CSV takes it off again. */
  var FORMULA = /^'*[=+\-@\t\r]/, GUARDED = /^'+[=+\-@\t\r]/;
  function guardFormula(notes) { return FORMULA.test(notes) ? "'" + notes : notes; }
  function unguardFormula(notes) { return GUARDED.test(notes) ? notes.slice(1) : notes; }

  function csvField(value) {
    value = String(value || "");
    return /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  /* RFC 4180 rows, each with the line it starts on.  A quote opens a quoted field only at the
   * start of a field, and must be followed by a comma or the end of the row when it closes
   * one, as Python's csv module reads them in strict mode (lw-method readiness). */
  function parseCSV(text) {
    var rows = [], row = [], field = "", quoted = false, closed = false, line = 1, rowLine = 1, i, c;
    function endRow() { row.push(field); rows.push({ fields: row, line: rowLine }); row = []; field = ""; }
    for (i = 0; i < text.length; i++) {
      c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
        else if (c === '"') { quoted = false; closed = true; }
        else { if (c === "\n") { line++; } field += c; }
        continue;
      }
      if (closed && c !== "," && c !== "\n" && c !== "\r") {
        throw new Error("line " + rowLine + ": a quoted field must be followed by a comma or the end of the row");
      }
      closed = false;
      if (c === '"' && field === "") { quoted = true; }
      else if (c === ",") { row.push(field); field = ""; }
      else if (c === "\n" || c === "\r") {
        if (c === "\r" && text[i + 1] === "\n") { i++; }
        endRow();
        line++; rowLine = line;
      } else { field += c; }
    }
    if (quoted) {
      throw new Error("line " + rowLine + ": a quoted field is never closed (a \" is missing), " +
                      "so the rest of the file would be read as one answer");
    }
    if (field !== "" || row.length || closed) { endRow(); }
    return rows.filter(function (r) { return r.fields.join("").trim() !== ""; });
  }

  function kindOf(value) {
    return Array.isArray(value) ? "a list" : value === null ? "null" : typeof value === "object" ? "an object" :
      typeof value === "boolean" ? "true or false" : "a number";
  }

  /* One JSON answer's field as text: absent or null is empty, anything else is an error. */
  function textField(answer, name, where) {
    var value = answer[name];
    if (value === undefined || value === null) { return ""; }
    if (typeof value !== "string") { throw new Error(where + ": '" + name + "' must be text, not " + kindOf(value)); }
    return value;
  }

  /* The entries of a JSON export: [{where, check, status, notes}], each field text. */
  function entriesFromJSON(text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { throw new Error("not valid JSON: " + e.message); }
    var list = Array.isArray(data) ? data : data && typeof data === "object" ? data.answers : null;
    if (!Array.isArray(list)) { throw new Error('JSON needs an "answers" list'); }
    return list.map(function (a, n) {
      var where = "answer " + (n + 1);
      if (!a || typeof a !== "object" || Array.isArray(a)) { throw new Error(where + " is not an object {check, status, notes}"); }
      if (typeof a.check !== "string") { throw new Error(where + ' needs a "check" id as text'); }
      return { where: where, check: a.check, status: textField(a, "status", where), notes: textField(a, "notes", where) };
    });
  }

  /* The entries of a CSV export, with the formula guard taken off the notes. */
  function entriesFromCSV(text) {
    var rows = parseCSV(text);
    if (!rows.length) { throw new Error("the file is empty"); }
    var header = rows[0].fields.map(function (h) { return h.trim().toLowerCase(); });
    if (header.join(",") !== "check,status,notes") {
      throw new Error("line " + rows[0].line + ": the columns must be check,status,notes (found " + header.join(",") + ")");
    }
    return rows.slice(1).map(function (r) {
      if (r.fields.length !== 3) { throw new Error("line " + r.line + ": expected 3 columns, found " + r.fields.length); }
      return { where: "line " + r.line, check: r.fields[0], status: r.fields[1], notes: unguardFormula(r.fields[2]) };
    });
  }

  /* Answers from an exported file, as strict as `lw-method readiness`: the whole file is refused,
   * with an Error naming the line or answer, when any id is not a check on this page, a check
   * is answered twice, a status is unknown or notes are not text. */
  function parseAnswers(text, known) {
    text = text.replace(/^\uFEFF/, "");
    var trimmed = text.trim();
    var entries = trimmed.charAt(0) === "{" || trimmed.charAt(0) === "[" ? entriesFromJSON(trimmed) : entriesFromCSV(text);
    var answers = new Map(), firstSeen = new Map();
    entries.forEach(function (e) {
      var check = e.check.trim(), status = e.status.trim();
      if (!known.has(check)) { throw new Error(e.where + ": no check on this page has the id '" + check + "'"); }
      if (status && STATUS_IDS.indexOf(status) < 0) {
        throw new Error(e.where + ": status '" + status + "' is not one of " + STATUS_IDS.join(", "));
      }
      if (answers.has(check)) {
        throw new Error(e.where + ": check '" + check + "' is answered twice (the first time: " + firstSeen.get(check) + ")");
      }
      answers.set(check, { status: status, notes: e.notes });
      firstSeen.set(check, e.where);
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
    var entries = Array.prototype.slice.call(list.querySelectorAll(".lw-checklist-entry[data-check]"));
    var known = new Set(entries.map(function (e) { return e.getAttribute("data-check"); }));
    var answers = load(key, known);

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

    function answered(check) { return answers.get(check) || { status: "", notes: "" }; }

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
      var status = change.status !== undefined ? change.status : answer.status;
      var notes = change.notes !== undefined ? change.notes : answer.notes;
      if (status || notes) { answers.set(check, { status: status, notes: notes }); } else { answers.delete(check); }
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
        var check = e.getAttribute("data-check"), a = answers.get(check);
        if (a) { lines.push([check, a.status, guardFormula(a.notes)].map(csvField).join(",")); }
      });
      return lines.join("\r\n") + "\r\n";
    }
    function exportJSON() {
      var list = [];
      entries.forEach(function (e) {
        var check = e.getAttribute("data-check"), a = answers.get(check);
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
    button("Clear answers", function () { answers = new Map(); save(key, answers); show(); message.textContent = "Cleared all answers in this browser."; }, "clear");
    button("Print", function () { window.print(); }, "print");
    buttons.appendChild(fileInput);
    fileInput.addEventListener("change", function () {
      var file = fileInput.files[0];
      if (!file) { return; }
      file.text().then(function (text) {
        try { importText(text); message.textContent = "Imported " + answers.size + " answers from " + file.name + "."; }
        catch (e) { message.textContent = "Could not import " + file.name + ": " + e.message; }
        fileInput.value = "";
      });
    });

    show();
    return { exportCSV: exportCSV, exportJSON: exportJSON, importText: importText,
             answers: function () { return Object.fromEntries(answers); } };
  }

  function start() {
    var lists = document.querySelectorAll(".lw-checklist[data-storage-key]");
    window.lwReadiness = Array.prototype.map.call(lists, setUp);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
