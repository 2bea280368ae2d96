/* lw-quote-index.js: filters for the quote index that lw:quote-index writes.
 *
 * Each .lw-quote-index holds its facts as JSON (script.lw-quote-index-data):
 * the filters with their options, and for each quote the id of its list item and
 * its values (storyteller, site, role, themes, insights). This script builds one
 * labelled select per filter and hides the quotes that do not match every chosen
 * value. Nothing is fetched, so it works from file:// as well as from a server.
 * Filters can be preset from the address: evidence.html?storyteller=shaz&theme=trust
 */
(function () {
  "use strict";

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function presets() {
    var found = {};
    try {
      new URLSearchParams(window.location.search).forEach(function (value, key) { found[key] = value; });
    } catch (e) { /* an old browser: no presets */ }
    return found;
  }

  function setUp(container, serial) {
    var source = container.querySelector("script.lw-quote-index-data");
    var list = container.querySelector(".lw-quote-index-items");
    if (!source || !list) { return; }
    var data = JSON.parse(source.textContent);
    var words = data.words || {};  // the interface in the page's language (lw_method.translations)
    function say(key, fallback, values) {
      var text = words[key] || fallback;
      Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
      return text;
    }
    var prefix = "lw-quote-index-" + serial + "-";
    var items = data.quotes.map(function (quote) {
      return { quote: quote, node: document.getElementById(quote.item) };
    }).filter(function (entry) { return entry.node; });

    var form = element("form", { "class": "lw-quote-index-filters", "aria-label": say("filter", "Filter the quotes") });
    form.appendChild(element("p", { "class": "lw-quote-index-help" },
      say("hint", "Choose any mix of filters; the list shows the quotes that match them all.")));
    var fields = element("div", { "class": "lw-quote-index-fields" });
    var selects = {};
    var given = presets();
    data.filters.forEach(function (filter) {
      var id = prefix + filter.name;
      var field = element("div", { "class": "lw-quote-index-field" });
      field.appendChild(element("label", { "for": id }, filter.label));
      var select = element("select", { id: id, name: filter.name });
      select.appendChild(element("option", { value: "" }, say("all", "All")));
      filter.options.forEach(function (option) {
        select.appendChild(element("option", { value: option.value }, option.label + " (" + option.count + ")"));
      });
      if (given[filter.name] && filter.options.some(function (o) { return o.value === given[filter.name]; })) {
        select.value = given[filter.name];
      }
      select.addEventListener("change", apply);
      selects[filter.name] = select;
      field.appendChild(select);
      fields.appendChild(field);
    });
    var reset = element("button", { type: "reset", "class": "lw-quote-index-reset" }, say("reset", "Show all quotes"));
    fields.appendChild(reset);
    form.appendChild(fields);
    var status = element("p", { "class": "lw-quote-index-status", role: "status", "aria-live": "polite" });
    form.appendChild(status);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    list.parentNode.insertBefore(form, list);

    function apply() {
      var chosen = Object.keys(selects).filter(function (name) { return selects[name].value; });
      var shown = 0;
      items.forEach(function (entry) {
        var match = chosen.every(function (name) {
          return (entry.quote[name] || []).indexOf(selects[name].value) !== -1;
        });
        entry.node.hidden = !match;
        if (match) { shown += 1; }
      });
      status.textContent = chosen.length
        ? say("showing", "Showing {shown} of {total} quotes.", { shown: shown, total: items.length })
        : say("showingAll", "Showing all {total} quotes.", { total: items.length });
      container.setAttribute("data-shown", String(shown));
    }
    apply();
  }

  function start() {
    var indexes = document.querySelectorAll(".lw-quote-index");
    Array.prototype.forEach.call(indexes, function (container, position) {
      setUp(container, container.getAttribute("data-lw-quote-index") || String(position + 1));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
