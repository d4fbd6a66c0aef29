// Keyboard shortcuts for the review screens. No dependencies; everything also works with the mouse.
(function () {
  "use strict";
  var items = [], current = 0, picking = null, pending = "";

  function typing(ev) {
    var t = ev.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }
  function select(i) {
    if (!items.length) return;
    current = Math.max(0, Math.min(i, items.length - 1));
    items.forEach(function (el, n) { el.classList.toggle("current", n === current); });
    items[current].scrollIntoView({block: "nearest"});
  }
  // The next item in direction ``step`` still awaiting a decision (decided ones keep their place on the page).
  function nextOpen(from, step) {
    for (var i = from + step; i >= 0 && i < items.length; i += step) {
      if (!items[i].classList.contains("decided")) return i;
    }
    return from;
  }
  function submit(selector) {
    var form = items.length ? items[current].querySelector(selector) : null;
    if (form) form.submit();
  }
  function openPicker() {
    if (!items.length) return;
    picking = items[current].querySelector(".f-reject");
    if (picking) picking.querySelector(".picker").hidden = false;
  }
  function closePicker() {
    if (picking) picking.querySelector(".picker").hidden = true;
    picking = null;
  }
  function pick(n) {
    var choices = picking.querySelectorAll(".picker li");
    if (n < 1 || n > choices.length) return;
    picking.querySelector("select[name=reason]").value = choices[n - 1].getAttribute("data-reason");
    picking.submit();
  }
  function toggleHelp(force) {
    var help = document.getElementById("help");
    if (help) help.hidden = force === undefined ? !help.hidden : !force;
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev)) return;
    var key = ev.key;
    if (picking) {
      if (key === "Escape") closePicker();
      else if (/^[1-9]$/.test(key)) pick(parseInt(key, 10));
      ev.preventDefault();
      return;
    }
    if (pending === "g") {
      pending = "";
      if (key === "q") window.location.href = "/review";
      else if (key === "d") window.location.href = "/";
      else if (key === "a") window.location.href = "/audit";
      else if (key === "c") window.location.href = "/commitments";
      return;
    }
    switch (key) {
      case "g": pending = "g"; break;
      case "?": toggleHelp(); break;
      case "Escape": toggleHelp(false); break;
      case "j": select(nextOpen(current, 1)); break;
      case "k": select(nextOpen(current, -1)); break;
      case "a": submit(".f-accept"); break;
      case "s": submit(".f-skip"); break;
      case "r": openPicker(); break;
      case "u": var undo = document.getElementById("undo-form"); if (undo) undo.submit(); break;
      case "o": if (items.length) window.location.href = items[current].getAttribute("data-document"); break;
      default: return;
    }
    ev.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", function () {
    var queue = document.getElementById("queue");
    if (!queue) return;
    items = Array.prototype.slice.call(queue.querySelectorAll(".item"));
    select(parseInt(queue.getAttribute("data-pos") || "0", 10) || 0);
    items.forEach(function (el, n) { el.addEventListener("click", function () { select(n); }); });
  });
}());
