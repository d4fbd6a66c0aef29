// Suggestions for "move to commitment" boxes: type an ID or words of the text, pick a commitment.
// Without JavaScript the box still works: the server resolves an ID in any case or words found in one commitment.
(function () {
  "use strict";
  function clear(list) { while (list.firstChild) list.removeChild(list.firstChild); list.hidden = true; }

  function show(input, list, found) {
    clear(list);
    found.forEach(function (c) {
      var li = document.createElement("li"), button = document.createElement("button");
      button.type = "button";
      button.className = "suggestion";
      button.setAttribute("data-cid", c.cid);
      var cid = document.createElement("strong");
      cid.textContent = c.cid;
      button.appendChild(cid);
      button.appendChild(document.createTextNode(" " + c.ja + (c.en ? " / " + c.en : "")));
      button.addEventListener("click", function () { input.value = c.cid; clear(list); input.focus(); });
      li.appendChild(button);
      list.appendChild(li);
    });
    list.hidden = !found.length;
  }

  function attach(input) {
    var list = input.parentNode.querySelector(".suggestions"), asked = 0;
    if (!list) return;
    input.addEventListener("input", function () {
      var q = input.value.trim(), mine = ++asked;
      if (!q) { clear(list); return; }
      fetch(input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (found) { if (mine === asked) show(input, list, found); })
        .catch(function () { clear(list); });
    });
    input.addEventListener("keydown", function (ev) { if (ev.key === "Escape") clear(list); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest]"), attach);
  });
}());
