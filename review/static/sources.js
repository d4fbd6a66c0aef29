// The sources page while an addition is under way: every few seconds, the list of additions and the
// sources table are replaced by the server's current ones, and the form too until the user types in it
// (it comes back filled in when the site check refused the addition). Unlike a page refresh, this keeps
// what the user is typing. Without JavaScript the page refreshes itself (<noscript> in its head).
(function () {
  "use strict";
  var EVERY_MS = 4000;
  var PARTS = ["ul.source-jobs", "table.sources"], typed = false;

  function underWay(doc) { return !!doc.querySelector("ul.source-jobs[data-under-way]"); }

  function swap(fresh) {
    PARTS.concat(typed ? [] : ["form.f-source"]).forEach(function (selector) {
      var now = document.querySelector(selector), next = fresh.querySelector(selector);
      if (now && next) now.replaceWith(document.importNode(next, true));
    });
  }

  function poll() {
    fetch(window.location.pathname, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        swap(fresh);
        if (underWay(fresh)) window.setTimeout(poll, EVERY_MS);
      })
      .catch(function () { window.setTimeout(poll, EVERY_MS * 3); });  // the server restarting: try later
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.addEventListener("input", function (e) { if (e.target.closest("form.f-source")) typed = true; });
    if (underWay(document)) window.setTimeout(poll, EVERY_MS);
  });
})();
