/* Calls for applications: the status of each call at the reader's own moment.
   The pages carry the status at build time (the fallback without JavaScript); this file applies the rules
   of grantsite/model/calls.py to the reader's clock instead, so a site built in January is still right in March.
   Windows come as data-calls="OPENS/CLOSES …" in ISO 8601 with the UTC offset (Astana time), so the
   reader's own time zone changes nothing. */
(function () {
  "use strict";
  var CLOSING_SOON = 7 * 24 * 60 * 60 * 1000;  // calls.CLOSING_SOON

  function windows(element) {
    return (element.getAttribute("data-calls") || "").split(" ").filter(Boolean).map(function (pair) {
      var ends = pair.split("/");
      return { opens: Date.parse(ends[0]), closes: Date.parse(ends[1]) };
    }).filter(function (w) { return !isNaN(w.opens) && !isNaN(w.closes); });
  }

  function status(w, now) {
    if (now < w.opens) return "planned";
    if (now >= w.closes) return "closed";
    return w.closes - now <= CLOSING_SOON ? "closing" : "open";
  }

  // The same choice as calls.headline: open calls (closing soonest), then planned (opening soonest),
  // then closed (latest first); rank sorts the most useful first.
  function headline(list, now) {
    var best = null;
    list.forEach(function (w) {
      var s = status(w, now), rank;
      if (s === "open" || s === "closing") rank = [0, w.closes];
      else if (s === "planned") rank = [1, w.opens];
      else rank = [2, -w.closes];
      if (!best || rank[0] < best.rank[0] || (rank[0] === best.rank[0] && rank[1] < best.rank[1])) {
        best = { status: s, rank: rank };
      }
    });
    return best || { status: "none", rank: [3, 0] };
  }

  function showBadge(badge, now) {
    var found = windows(badge);
    if (!found.length) return;
    var shown = headline(found, now).status;
    badge.setAttribute("data-call-status", shown);
    Array.prototype.forEach.call(badge.querySelectorAll("[data-label]"), function (label) {
      label.hidden = label.getAttribute("data-label") !== shown;
    });
  }

  function countOpen(summary, now) {
    var counts = { open: 0, planned: 0 };
    windows(summary).forEach(function (w) {
      var s = status(w, now);
      if (s === "open" || s === "closing") counts.open += 1;
      else if (s === "planned") counts.planned += 1;
    });
    summary.textContent = summary.getAttribute("data-template")
      .replace("{open}", counts.open).replace("{planned}", counts.planned);
  }

  // Stable: items whose rank is the same keep the order the page gave them.
  function sortItems(container, now) {
    var items = Array.prototype.slice.call(container.children).map(function (item, index) {
      return { item: item, index: index, rank: headline(windows(item), now).rank };
    });
    items.sort(function (a, b) {
      return a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.index - b.index;
    });
    items.forEach(function (entry) { container.appendChild(entry.item); });
  }

  var now = Date.now();
  Array.prototype.forEach.call(document.querySelectorAll(".call-status[data-calls]"), function (badge) {
    showBadge(badge, now);
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-call-summary]"), function (summary) {
    countOpen(summary, now);
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-call-sort]"), function (container) {
    sortItems(container, now);
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-call-asof]"), function (note) {
    note.hidden = true;  // the statuses now are the reader's, not the build's
  });
})();
