/* Progressive enhancements; every page works without this file. */
(function () {
  "use strict";
  var NBSP = "\u00a0";

  // Remember the language a reader chose, so the address of the whole site ("/") opens it next time.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[hreflang]");
    if (!link) return;
    try { localStorage.setItem("lang", link.getAttribute("hreflang")); } catch (e) { /* storage off */ }
  });

  // 5000.5 -> "5 000,5": no-break spaces between thousands, a comma before decimals (kk and ru alike).
  function group(value, decimals) {
    var parts = value.toFixed(decimals).split(".");
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
    return parts.length > 1 ? whole + "," + parts[1] : whole;
  }

  // Thousand tenge -> "4,4 млрд ₸"; the same rule as grantsite/site/i18n.py short_amount.
  function shortTenge(thousands, units) {
    var tenge = thousands * 1000, size = 1, unit = "tenge";
    if (Math.abs(tenge) >= 1e9) { size = 1e9; unit = "billion"; }
    else if (Math.abs(tenge) >= 1e6) { size = 1e6; unit = "million"; }
    else if (Math.abs(tenge) >= 1e3) { size = 1e3; unit = "thousand"; }
    var text = group(Math.floor(tenge / size * 10 + 0.5) / 10, 1);
    if (text.slice(-2) === ",0") text = text.slice(0, -2);
    return text + NBSP + units[unit].replace(/ /g, NBSP);
  }

  function hasOption(select, value) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
  }

  function setupFilters(form, list) {
    var cards = Array.prototype.slice.call(list.querySelectorAll(".card"));
    var status = document.getElementById("filter-status");
    var noMatch = document.getElementById("no-match");
    var count = document.getElementById("stat-count");
    var totalShort = document.getElementById("stat-total");
    var totalFull = document.getElementById("stat-total-full");
    var flagged = document.getElementById("stat-flagged");
    var flaggedText = document.getElementById("stat-flagged-text");
    var links = document.getElementById("link-filters");
    var units = JSON.parse(status.getAttribute("data-units"));
    var fields = { "area": "data-area", "territory": "data-territory", "grant-type": "data-type" };
    var names = Object.keys(fields);

    var params = new URLSearchParams(location.search);
    names.forEach(function (name) {
      var value = params.get(name), select = form.elements[name];
      if (value && hasOption(select, value)) select.value = value;
    });

    function apply(remember) {
      var shown = 0, amount = 0, outliers = 0;
      cards.forEach(function (card) {
        var match = names.every(function (name) {
          var wanted = form.elements[name].value;
          return !wanted || (card.getAttribute(fields[name]) || "").split(" ").indexOf(wanted) >= 0;
        });
        card.hidden = !match;
        if (!match) return;
        shown += 1;
        amount += parseFloat(card.getAttribute("data-amount")) || 0;
        if (card.hasAttribute("data-flagged")) outliers += 1;
      });
      amount = Math.round(amount * 10) / 10;
      count.textContent = String(shown);
      totalShort.textContent = shortTenge(amount, units);
      totalFull.textContent = group(amount, 1) + NBSP + units.full;
      flagged.hidden = outliers === 0;
      flaggedText.textContent = flaggedText.getAttribute("data-template").replace("{n}", outliers);
      status.textContent = status.getAttribute("data-template")
        .replace("{shown}", shown).replace("{total}", cards.length);
      noMatch.hidden = shown > 0;
      if (remember) {
        var query = new URLSearchParams(location.search);
        names.forEach(function (name) {
          var value = form.elements[name].value;
          if (value) query.set(name, value); else query.delete(name);
        });
        var text = query.toString();
        history.replaceState(null, "", location.pathname + (text ? "?" + text : "") + location.hash);
      }
    }

    form.hidden = false;
    status.hidden = false;
    if (links) links.hidden = true;
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply(false);
  }

  var form = document.getElementById("filters");
  var list = document.getElementById("priority-list");
  if (form && list) setupFilters(form, list);

  // The changes page: show the amendments of one issuer and/or one year; the choice is kept in the address.
  function setupChangeFilter(form) {
    var sections = Array.prototype.slice.call(document.querySelectorAll("section.amendment"));
    var count = form.querySelector("[data-change-count]");
    var none = form.querySelector("[data-change-none]");
    var names = ["issuer", "year"];
    var params = new URLSearchParams(location.search);
    names.forEach(function (name) {
      var value = params.get(name), select = form.elements[name];
      if (value && hasOption(select, value)) select.value = value;
    });

    function apply(remember) {
      var shown = 0;
      sections.forEach(function (section) {
        var match = names.every(function (name) {
          var wanted = form.elements[name].value;
          return !wanted || section.getAttribute("data-" + name) === wanted;
        });
        section.hidden = !match;
        if (match) shown += parseInt(section.getAttribute("data-count"), 10) || 0;
      });
      count.textContent = count.getAttribute("data-template").replace("{n}", shown);
      none.hidden = shown > 0;
      if (remember) {
        var query = new URLSearchParams(location.search);
        names.forEach(function (name) {
          var value = form.elements[name].value;
          if (value) query.set(name, value); else query.delete(name);
        });
        var text = query.toString();
        history.replaceState(null, "", location.pathname + (text ? "?" + text : "") + location.hash);
      }
    }

    form.hidden = false;
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply(false);
  }

  // Download what you see: the page's whole set (views/…, written by the build) cut down to the priorities
  // its filters leave shown.  Should the set not load (a page opened from disk), the link downloads it whole.
  function csvRecords(text) {
    var records = [], record = [], field = "", quoted = false, i = 0;
    for (; i < text.length; i += 1) {
      var c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; }
        else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ",") { record.push(field); field = ""; }
      else if (c === "\n" || (c === "\r" && text[i + 1] === "\n")) {
        if (c === "\r") i += 1;
        record.push(field); records.push(record); record = []; field = "";
      } else field += c;
    }
    if (field || record.length) { record.push(field); records.push(record); }
    return records;
  }

  function csvText(records) {
    return records.map(function (record) {
      return record.map(function (f) { return /[",\r\n]/.test(f) ? '"' + f.replace(/"/g, '""') + '"' : f; }).join(",");
    }).join("\r\n") + "\r\n";
  }

  function shownIds(selector) {
    var ids = {};
    Array.prototype.forEach.call(document.querySelectorAll(selector), function (el) {
      var link = el.querySelector("a[href]"), found = el.getAttribute("data-id");
      if (!found && link) found = (link.getAttribute("href").match(/p\/([^/?#]+)\/?$/) || [])[1];
      if (found) ids[decodeURIComponent(found)] = true;
    });
    return ids;
  }

  function save(name, type, text) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: type }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  function downloadShown(event) {
    var link = event.target.closest && event.target.closest("[data-shown] a[data-download]");
    if (!link) return;
    event.preventDefault();
    var ids = shownIds(link.closest("[data-shown]").getAttribute("data-shown"));
    var kind = link.getAttribute("data-download");
    var name = link.getAttribute("href").split("/").slice(-2).join("-").replace(/\.(csv|json)$/, "-shown.$1");
    fetch(link.href).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (text) {
      if (kind === "json") {
        var rows = JSON.parse(text).filter(function (row) { return ids[row.id]; });
        save(name, "application/json", JSON.stringify(rows, null, 2) + "\n");
      } else {
        var records = csvRecords(text.replace(/^\ufeff/, ""));
        var kept = [records[0]].concat(records.slice(1).filter(function (r) { return ids[r[0]]; }));
        save(name, "text/csv;charset=utf-8", "\ufeff" + csvText(kept));
      }
    }).catch(function () { location.href = link.href; });
  }
  document.addEventListener("click", downloadShown);

  var changeFilter = document.querySelector("[data-change-filter]");
  if (changeFilter) setupChangeFilter(changeFilter);

  // The search page keeps its query in the address (?q=…) so a search can be shared.
  var query = document.getElementById("search-q");
  if (query) {
    var q = new URLSearchParams(location.search).get("q");
    if (q) query.value = q;
  }
})();
