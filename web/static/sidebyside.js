// sidebyside.js — keep the transcript and the other text of an interview
// level turn by turn while either column scrolls. The paragraphs where an
// aligned turn begins carry data-unit (its number, the same in both
// columns); the column scrolled leads: the other shows the same turn at
// the same height, and the same share of it scrolled past.
(function () {
  "use strict";
  var a = document.getElementById("transcript");
  var b = document.getElementById("other-text");
  if (!a || !b || !a.classList.contains("text-column")) {
    return;
  }

  // units maps unit numbers to their paragraphs in col.
  function units(col) {
    var m = {};
    col.querySelectorAll(".para[data-unit]").forEach(function (p) { m[p.dataset.unit] = p; });
    return m;
  }
  var ua = units(a);
  var ub = units(b);
  var order = Object.keys(ua).map(Number).filter(function (u) { return ub[u]; }).sort(function (x, y) { return x - y; });
  if (order.length === 0) {
    return;
  }

  // top is where p begins, in col's scrolled content (the columns are
  // positioned, so offsetTop counts from them).
  function top(p) {
    return p.closest(".row").offsetTop;
  }

  var synced = new Map(); // column → the scrollTop set by sync, to ignore its echo

  function follow(from, to, fromUnits, toUnits) {
    if (synced.has(from) && Math.abs(synced.get(from) - from.scrollTop) < 2) {
      synced.delete(from);
      return;
    }
    synced.delete(from);
    var y = from.scrollTop;
    var i = 0;
    while (i + 1 < order.length && top(fromUnits[order[i + 1]]) <= y) {
      i++;
    }
    var u = order[i];
    var f0 = top(fromUnits[u]);
    var t0 = top(toUnits[u]);
    var f1 = i + 1 < order.length ? top(fromUnits[order[i + 1]]) : from.scrollHeight;
    var t1 = i + 1 < order.length ? top(toUnits[order[i + 1]]) : to.scrollHeight;
    var share = f1 > f0 ? Math.min(Math.max((y - f0) / (f1 - f0), 0), 1) : 0;
    var target = Math.round(t0 + share * (t1 - t0));
    if (Math.abs(to.scrollTop - target) >= 1) {
      to.scrollTop = target;
      synced.set(to, to.scrollTop); // as clamped by the browser
    }
  }

  // A search hit opened side by side (#hit in the transcript, #other-hit
  // in the other text): each column shows its marked passage near its
  // top, and neither follows the other until the reader scrolls.
  function reveal(col, id) {
    var p = document.getElementById(id);
    if (!p || !col.contains(p)) {
      return false;
    }
    var before = col.scrollTop;
    col.scrollTop = Math.max(0, top(p) - 16);
    if (col.scrollTop !== before) {
      synced.set(col, col.scrollTop); // its scroll event is not the reader's
    }
    return true;
  }
  var revealed = reveal(a, "hit");
  revealed = reveal(b, "other-hit") || revealed;
  if (revealed) {
    a.closest(".columns").scrollIntoView({block: "start"});
  }

  a.addEventListener("scroll", function () { follow(a, b, ua, ub); }, {passive: true});
  b.addEventListener("scroll", function () { follow(b, a, ub, ua); }, {passive: true});
})();
