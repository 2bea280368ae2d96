/* lw-checklist.js: the readiness checklist as a self-assessment.
 *
 * Works on the worksheet markup that lw:checklist writes (one .lw-checklist-entry
 * per check, with data-check and data-area). Answers live in this browser's
 * localStorage only; nothing is sent anywhere. Export and import as CSV
 * (check,status,notes) or JSON, which `lw-method readiness` turns into a report.
 * Compare… reads partners' exported files beside your own answers, in this page
 * only (they are never stored or sent), and shows check by check where you differ.
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

  /* A cell that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return), or that
   * starts with ' before one, gets a leading ' in the CSV (OWASP's advice on CSV injection);
   * importing a CSV takes it off again. */
  var FORMULA = /^'*[=+\-@\t\r]/, GUARDED = /^'+[=+\-@\t\r]/;
  function guardFormula(notes) { return FORMULA.test(notes) ? "'" + notes : notes; }
  function unguardFormula(notes) { return GUARDED.test(notes) ? notes.slice(1) : notes; }

  function csvField(value) {
    value = String(value || "");
    return /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  /* ";" when the first line is check;status;notes (a spreadsheet in a locale with decimal commas
   * saves CSV so), else ",". */
  function delimiterOf(text) {
    var first = text.split("\n", 1)[0];
    var cells = first.split(";").map(function (c) { return c.trim().replace(/^"|"$/g, "").trim().toLowerCase(); });
    return cells.slice(0, 3).join(",") === "check,status,notes" && first.indexOf(",") < 0 ? ";" : ",";
  }

  /* RFC 4180 rows, each with the line it starts on.  A quote opens a quoted field only at the
   * start of a field, and must be followed by the separator or the end of the row when it closes
   * one, as Python's csv module reads them in strict mode (lw-method readiness).  CRLF or LF
   * line ends; quoted fields may hold line breaks. */
  function parseCSV(text) {
    var separator = delimiterOf(text);
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
      if (closed && c !== separator && c !== "\n" && c !== "\r") {
        throw new Error("line " + rowLine + ": a quoted field must be followed by a " +
                        (separator === "," ? "comma" : "semicolon") + " or the end of the row");
      }
      closed = false;
      if (c === '"' && field === "") { quoted = true; }
      else if (c === separator) { row.push(field); field = ""; }
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

  /* A row without the empty cells a spreadsheet may add after the third column. */
  function withoutEmptyTail(fields) {
    fields = fields.slice();
    while (fields.length > 3 && fields[fields.length - 1].trim() === "") { fields.pop(); }
    return fields;
  }

  /* The entries of a CSV export, with the formula guard taken off every cell. */
  function entriesFromCSV(text) {
    var rows = parseCSV(text);
    if (!rows.length) { throw new Error("the file is empty"); }
    var header = withoutEmptyTail(rows[0].fields).map(function (h) { return h.trim().toLowerCase(); });
    if (header.join(",") !== "check,status,notes") {
      throw new Error("line " + rows[0].line + ": the columns must be check,status,notes (found " + header.join(",") + ")");
    }
    return rows.slice(1).map(function (r) {
      var fields = withoutEmptyTail(r.fields).map(unguardFormula);
      if (fields.length !== 3) { throw new Error("line " + r.line + ": expected 3 columns, found " + fields.length); }
      return { where: "line " + r.line, check: fields[0], status: fields[1], notes: fields[2].replace(/\r\n/g, "\n") };
    });
  }

  /* What a JSON export says about itself: who answered, when, for which handbook (text only). */
  function aboutJSON(text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { return {}; }
    var about = {};
    if (data && typeof data === "object" && !Array.isArray(data)) {
      ["respondent", "date", "handbook"].forEach(function (name) {
        if (typeof data[name] === "string" && data[name].trim()) { about[name] = data[name].replace(/\s+/g, " ").trim(); }
      });
    }
    return about;
  }

  /* Answers from an exported file, as strict as `lw-method readiness`: the whole file is refused,
   * with an Error naming the line or answer, when any id is not a check on this page, a check
   * is answered twice, a status is unknown or notes are not text. */
  function parseAnswers(text, known) { return parseFile(text, known, false).answers; }

  /* An exported file: its answers (a Map), what it says about itself, and (when ``lenient``,
   * for comparing) how many answers name checks not on this page, which are left out rather
   * than refusing the file. */
  function parseFile(text, known, lenient) {
    text = text.replace(/^\uFEFF/, "");
    var trimmed = text.trim();
    var json = trimmed.charAt(0) === "{" || trimmed.charAt(0) === "[";
    var entries = json ? entriesFromJSON(trimmed) : entriesFromCSV(text);
    var answers = new Map(), firstSeen = new Map(), elsewhere = 0;
    entries.forEach(function (e) {
      var check = e.check.trim(), status = e.status.trim();
      if (!known.has(check) && lenient && STATUS_IDS.concat([""]).indexOf(status) >= 0) { elsewhere++; return; }
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
    return { answers: answers, about: json ? aboutJSON(trimmed) : {}, elsewhere: elsewhere };
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
    /* The interface in the page's language: lw:checklist writes its words beside the worksheet. */
    var wordsNode = list.querySelector("script.lw-checklist-words"), words = {};
    try { words = wordsNode ? JSON.parse(wordsNode.textContent) : {}; } catch (e) { words = {}; }
    function say(name, fallback, values) {
      var text = typeof words[name] === "string" ? words[name] : fallback;
      Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(String(values[k])); });
      return text;
    }
    function statusWord(status, fallback) { return say("status-" + status, fallback); }

    var toolbar = element("div", { "class": "lw-checklist-toolbar", role: "group", "aria-label": say("toolbar", "Your self-assessment") });
    var overall = element("p", { "class": "lw-checklist-overall" });
    var message = element("p", { "class": "lw-checklist-message", role: "status", "aria-live": "polite" });
    var buttons = element("div", { "class": "lw-checklist-buttons" });
    var fileInput = element("input", { type: "file", accept: ".csv,.json,text/csv,application/json",
                                       "class": "lw-checklist-file", "aria-label": say("import-file", "Import answers from a CSV or JSON file") });
    var compareInput = element("input", { type: "file", accept: ".csv,.json,text/csv,application/json", multiple: "",
                                          "class": "lw-checklist-compare-file",
                                          "aria-label": say("compare-file", "Compare with partners' exported answers files (CSV or JSON)") });
    var respondentKey = key + ":respondent";
    var respondentId = "lw-" + listIndex + "-respondent";
    var respondentBox = element("p", { "class": "lw-checklist-respondent" });
    var respondent = element("input", { type: "text", id: respondentId, autocomplete: "organization" });
    try { respondent.value = window.localStorage.getItem(respondentKey) || ""; } catch (e) { /* storage off */ }
    respondent.addEventListener("input", function () {
      try { window.localStorage.setItem(respondentKey, respondent.value); } catch (e) { /* storage full or off */ }
    });
    respondentBox.appendChild(element("label", { "for": respondentId }, say("respondent", "Answering for (your organisation, shown to partners you share with): ")));
    respondentBox.appendChild(respondent);
    var comparison = element("div", { "class": "lw-checklist-compare", hidden: "" });
    function button(label, action, name) {
      var b = element("button", { type: "button", "data-action": name }, label);
      b.addEventListener("click", action);
      buttons.appendChild(b);
    }
    toolbar.appendChild(element("p", { "class": "lw-checklist-privacy" },
      say("privacy", "Your answers are kept in this browser only and are never sent anywhere. Export them to share or keep a copy.")));
    toolbar.appendChild(respondentBox);
    toolbar.appendChild(overall);
    toolbar.appendChild(buttons);
    toolbar.appendChild(message);
    toolbar.appendChild(comparison);
    list.insertBefore(toolbar, list.firstChild);
    var partners = [];

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
        line.textContent = say("progress", "{inplace} of {n} in place · {emerging} emerging · {notyet} not yet · {none} not answered",
          { inplace: counts["in-place"], n: n, emerging: counts.emerging, notyet: counts["not-yet"], none: counts.none });
      });
      var all = entries.length;
      overall.textContent = say("overall", "Overall: {inplace} of {all} in place, {emerging} emerging, {notyet} not yet, {none} not answered.",
        { inplace: totals["in-place"], all: all, emerging: totals.emerging, notyet: totals["not-yet"], none: totals.none });
      showComparison();
    }

    /* -- Compare…: partners' files beside your answers, in this page only ------------------- */
    var STEP = { "not-yet": 0, emerging: 1, "in-place": 2 };
    function statusLabel(status) {
      var found = STATUSES.filter(function (s) { return s[0] === status; })[0];
      return found ? statusWord(found[0], found[1]) : say("not-answered", "Not answered");
    }
    function statementOf(entry) { return entry.querySelector(".lw-checklist-statement").firstChild.textContent.trim(); }

    /* Each check where your status and your partners' are not all the same: the steps between
     * the furthest apart of those who answered (2: not yet and in place), biggest first. */
    function differences() {
      var rows = [];
      entries.forEach(function (entry, n) {
        var check = entry.getAttribute("data-check");
        var statuses = [answered(check).status].concat(partners.map(function (p) {
          var a = p.answers.get(check); return a ? a.status : "";
        }));
        var steps = statuses.filter(Boolean).map(function (s) { return STEP[s]; });
        var spread = steps.length > 1 ? Math.max.apply(null, steps) - Math.min.apply(null, steps) : 0;
        var same = statuses.every(function (s) { return s === statuses[0]; });
        if (!same) { rows.push({ entry: entry, check: check, spread: spread, order: n }); }
      });
      return rows.sort(function (a, b) { return b.spread - a.spread || a.order - b.order; });
    }

    function cell(tag, answer, attributes) {
      var node = element(tag, attributes || {}, statusLabel(answer ? answer.status : ""));
      if (answer && answer.notes) {
        node.appendChild(element("br"));
        node.appendChild(element("span", { "class": "lw-checklist-compare-notes" }, answer.notes));
      }
      return node;
    }

    function showComparison() {
      entries.forEach(function (entry) {
        var line = entry.querySelector(".lw-checklist-partners");
        if (line) { line.remove(); }
      });
      if (!partners.length) { comparison.hidden = true; comparison.replaceChildren(); return; }
      var rows = differences();
      var two = rows.filter(function (r) { return r.spread === 2; }).length;
      var one = rows.filter(function (r) { return r.spread === 1; }).length;
      var names = partners.map(function (p) { return p.label + " (" + p.file + (p.date ? ", " + p.date : "") + ")"; });
      var summary = element("p", { "class": "lw-checklist-compare-summary" },
        "Compared with " + names.join(", ") + ": you differ on " + rows.length + " of " + entries.length +
        " checks — " + two + " two steps apart (not yet and in place), " + one + " one step apart, " +
        (rows.length - two - one) + " answered by some and not others. These files stay in this page: " +
        "they are not stored or sent anywhere.");
      var table = element("table", { "class": "lw-checklist-compare-table" });
      table.appendChild(element("caption", {}, say("compare-caption", "Where you and your partners differ, furthest apart first")));
      var head = element("tr");
      head.appendChild(element("th", { scope: "col" }, say("check", "Check")));
      head.appendChild(element("th", { scope: "col" }, say("you", "You")));
      partners.forEach(function (p) { head.appendChild(element("th", { scope: "col" }, p.label)); });
      var thead = element("thead"); thead.appendChild(head); table.appendChild(thead);
      var tbody = element("tbody");
      rows.forEach(function (r) {
        var tr = element("tr", { "data-check": r.check, "data-steps": String(r.spread) });
        tr.appendChild(element("th", { scope: "row" }, statementOf(r.entry)));
        tr.appendChild(cell("td", answers.get(r.check)));
        partners.forEach(function (p) { tr.appendChild(cell("td", p.answers.get(r.check))); });
        tbody.appendChild(tr);
      });
      table.appendChild(tbody);
      var stop = element("button", { type: "button", "data-action": "stop-compare" }, say("stop-compare", "Stop comparing"));
      stop.addEventListener("click", function () {
        partners = []; showComparison(); message.textContent = say("stopped", "Stopped comparing; your partners' files are gone from this page.");
      });
      var scroller = element("div", { "class": "lw-readiness-scroll", role: "region", tabindex: "0",
                                      "aria-label": say("compare-region", "Where you and your partners differ") });
      scroller.appendChild(table);
      comparison.replaceChildren(summary, rows.length ? scroller : element("p", {}, say("no-difference", "You and your partners give every check the same status.")), stop);
      comparison.hidden = false;
      var differing = new Set(rows.map(function (r) { return r.check; }));
      entries.forEach(function (entry) {
        var check = entry.getAttribute("data-check");
        var line = element("p", { "class": "lw-checklist-partners", "data-differs": String(differing.has(check)) });
        line.textContent = say("partners", "Partners: ") + partners.map(function (p) {
          var a = p.answers.get(check);
          return p.label + " — " + statusLabel(a ? a.status : "") + (a && a.notes ? " (" + a.notes + ")" : "");
        }).join("; ");
        entry.appendChild(line);
      });
    }

    function compareFiles(files) {
      return Promise.all(files.map(function (file) {
        return file.text().then(function (text) {
          try {
            var parsed = parseFile(text, known, true);
            var label = parsed.about.respondent || file.name.replace(/\.[^.]*$/, "") || file.name;
            return { label: label, file: file.name, date: parsed.about.date || "", answers: parsed.answers,
                     elsewhere: parsed.elsewhere };
          } catch (e) { return { error: "Could not compare " + file.name + ": " + e.message }; }
        });
      })).then(function (read) {
        var problems = read.filter(function (r) { return r.error; }).map(function (r) { return r.error; });
        read.filter(function (r) { return !r.error; }).forEach(function (p) {
          var taken = partners.map(function (q) { return q.label; });
          var label = p.label, n = 2;
          while (taken.indexOf(label) >= 0) { label = p.label + " (" + n++ + ")"; }
          p.label = label;
          partners.push(p);
          if (p.elsewhere) { problems.push(p.file + ": " + p.elsewhere + " answers for checks not on this page were left out."); }
        });
        showComparison();
        var added = read.length - read.filter(function (r) { return r.error; }).length;
        message.textContent = (added ? "Comparing with " + partners.length + " partner" + (partners.length === 1 ? "" : "s") + ". " : "") +
          problems.join(" ");
      });
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
      fieldset.appendChild(element("legend", { "class": "lw-visually-hidden" }, say("status-legend", "Status: ") + statement));
      STATUSES.forEach(function (s) {
        var id = "lw-" + listIndex + "-" + n + "-" + s[0];
        var label = element("label", { "for": id });
        var radio = element("input", { type: "radio", name: "lw-" + listIndex + "-" + n, value: s[0], id: id });
        radio.addEventListener("change", function () {
          record(check, { status: s[0] }); entry.setAttribute("data-status", s[0]); refresh();
        });
        label.appendChild(radio);
        label.appendChild(document.createTextNode(" " + statusWord(s[0], s[1])));
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
      notesBox.replaceChildren(element("label", { "for": notesId }, say("notes", "Notes")), textarea,
                               element("div", { "class": "lw-checklist-notes-print", "aria-hidden": "true" }));
    });

    function exportCSV() {
      var lines = ["check,status,notes"];
      entries.forEach(function (e) {
        var check = e.getAttribute("data-check"), a = answers.get(check);
        if (a) { lines.push([check, a.status, a.notes].map(guardFormula).map(csvField).join(",")); }
      });
      return lines.join("\r\n") + "\r\n";
    }
    function today() {
      var now = new Date();
      return now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0") + "-" + String(now.getDate()).padStart(2, "0");
    }
    function exportJSON() {
      var list = [];
      entries.forEach(function (e) {
        var check = e.getAttribute("data-check"), a = answers.get(check);
        if (a) { list.push({ check: check, status: a.status, notes: a.notes }); }
      });
      var data = { schema: "lw-readiness/1", handbook: key.replace(/^lw-readiness:/, "") };
      if (respondent.value.trim()) { data.respondent = respondent.value.replace(/\s+/g, " ").trim(); }
      data.date = today();
      data.exported = new Date().toISOString();
      data.answers = list;
      return JSON.stringify(data, null, 2) + "\n";
    }
    function importText(text) {
      answers = parseAnswers(text, known);
      save(key, answers);
      show();
    }

    button(say("export-csv", "Export CSV"), function () { download("readiness-answers.csv", "text/csv", exportCSV()); message.textContent = say("exported-csv", "Exported your answers as CSV."); }, "export-csv");
    button(say("export-json", "Export JSON"), function () { download("readiness-answers.json", "application/json", exportJSON()); message.textContent = say("exported-json", "Exported your answers as JSON."); }, "export-json");
    button(say("import", "Import…"), function () { fileInput.click(); }, "import");
    button(say("compare", "Compare…"), function () { compareInput.click(); }, "compare");
    button(say("clear", "Clear answers"), function () { answers = new Map(); save(key, answers); show(); message.textContent = say("cleared", "Cleared all answers in this browser."); }, "clear");
    button(say("print", "Print"), function () { window.print(); }, "print");
    buttons.appendChild(fileInput);
    buttons.appendChild(compareInput);
    compareInput.addEventListener("change", function () {
      var chosen = Array.prototype.slice.call(compareInput.files);
      if (!chosen.length) { return; }
      compareFiles(chosen).then(function () { compareInput.value = ""; });
    });
    fileInput.addEventListener("change", function () {
      var file = fileInput.files[0];
      if (!file) { return; }
      file.text().then(function (text) {
        try { importText(text); message.textContent = say("imported", "Imported {count} answers from {file}.", { count: answers.size, file: file.name }); }
        catch (e) { message.textContent = say("not-imported", "Could not import {file}: {reason}", { file: file.name, reason: e.message }); }
        fileInput.value = "";
      });
    });

    show();
    return { exportCSV: exportCSV, exportJSON: exportJSON, importText: importText,
             answers: function () { return Object.fromEntries(answers); },
             partners: function () { return partners.map(function (p) { return { label: p.label, answers: Object.fromEntries(p.answers) }; }); } };
  }

  function start() {
    var lists = document.querySelectorAll(".lw-checklist[data-storage-key]");
    window.lwReadiness = Array.prototype.map.call(lists, setUp);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
