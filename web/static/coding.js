// coding.js — select a passage of the transcript, pick a code, save the
// segment. Offsets are Unicode code points, as the server and REFI-QDA
// count them: strings are walked with for..of, which yields code points
// (a surrogate pair counts once), never with .length (UTF-16 units).
// Side by side, a passage selected in the other text (#other-text) is sent
// with that text's ID and its own offsets: the server codes the aligned
// passage of the transcript, where every coding lives.
(function () {
  "use strict";
  var transcript = document.getElementById("transcript");
  if (!transcript) {
    return;
  }
  var picker = document.getElementById("picker");
  var search = document.getElementById("code-search");
  var list = document.getElementById("code-list");
  var info = document.getElementById("selection-info");
  var status = document.getElementById("coding-status");
  var layer = document.getElementById("layer");
  var options = Array.prototype.slice.call(list.querySelectorAll(".code-option"));
  var current = null; // {start, end, text} of the last selection
  var active = -1;

  function say(msg) {
    status.textContent = msg;
  }

  // cpLength counts the code points of s.
  function cpLength(s) {
    var n = 0;
    for (var ch of s) {
      n++;
    }
    return n;
  }

  // surface is a text that can be coded: its paragraphs, its code points
  // as stored (the paragraphs joined by "\n"), and the ID of the other
  // text it is ("" for the transcript).
  function surface(el) {
    var paras = Array.prototype.slice.call(el.querySelectorAll(".para"));
    var full = paras.map(function (p) { return p.textContent; }).join("\n");
    return {el: el, paras: paras, codePoints: Array.from(full), textID: el.dataset.text || ""};
  }
  var surfaces = [surface(transcript)];
  var other = document.getElementById("other-text");
  if (other && other.dataset.text) {
    surfaces.push(surface(other));
  }

  // offsetAt returns the code-point offset of a boundary point inside para.
  function offsetAt(para, node, offset) {
    var r = document.createRange();
    r.setStart(para, 0);
    r.setEnd(node, offset);
    return Number(para.dataset.start) + cpLength(r.toString());
  }

  // selectionRange returns {start, end, text, textID} for the current
  // selection within the transcript or the other text, or null.
  function selectionRange() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) {
      return null;
    }
    var r = sel.getRangeAt(0);
    var s = surfaces.find(function (x) { return x.el.contains(r.commonAncestorContainer) && !x.off; }) ||
      surfaces.find(function (x) { return !x.off && x.paras.some(function (p) { return r.intersectsNode(p); }); });
    if (!s) {
      return null;
    }
    var hit = s.paras.filter(function (p) { return r.intersectsNode(p); });
    if (hit.length === 0) {
      return null;
    }
    var first = hit[0];
    var last = hit[hit.length - 1];
    var start = first.contains(r.startContainer) ? offsetAt(first, r.startContainer, r.startOffset) : Number(first.dataset.start);
    var end = last.contains(r.endContainer) ? offsetAt(last, r.endContainer, r.endOffset) : Number(last.dataset.end);
    if (end <= start) {
      return null;
    }
    var text = s.codePoints.slice(start, end).join("");
    if (text.trim() === "") {
      return null;
    }
    return {start: start, end: end, text: text, textID: s.textID};
  }

  async function sha256hex(s) {
    var digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(s));
    return Array.from(new Uint8Array(digest), function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  function visible() {
    return options.filter(function (o) { return !o.hidden; });
  }

  function setActive(i) {
    var v = visible();
    options.forEach(function (o) { o.classList.remove("active"); o.setAttribute("aria-selected", "false"); });
    if (v.length === 0) {
      active = -1;
      return;
    }
    active = Math.max(0, Math.min(i, v.length - 1));
    v[active].classList.add("active");
    v[active].setAttribute("aria-selected", "true");
    v[active].scrollIntoView({block: "nearest"});
  }

  function filter() {
    // A leading "/" is the shortcut itself, when a synthetic key event
    // typed it after focusing the box.
    var q = search.value.trim().replace(/^\//, "").toLowerCase();
    options.forEach(function (o) {
      o.hidden = q !== "" && o.dataset.search.toLowerCase().indexOf(q) < 0;
    });
    setActive(0);
  }

  function showPicker() {
    picker.hidden = false;
    if (current.time) {
      info.textContent = "Spoken from " + current.time.from + " s to " + current.time.to + " s: the turns in that time, from the time anchors. Choose a code:";
    } else if (current.textID) {
      info.textContent = cpLength(current.text) + " characters selected in the other text (" + current.start + "–" + current.end +
        "): the code goes on the aligned passage of the transcript. Choose a code:";
    } else {
      info.textContent = cpLength(current.text) + " characters selected (" + current.start + "–" + current.end + "). Choose a code:";
    }
    search.value = "";
    filter();
  }

  function noteSelection() {
    var r = selectionRange();
    if (r) {
      current = r;
      showPicker();
    }
  }

  async function apply(codeID) {
    if (!current) {
      say("Select a passage of the transcript first.");
      return;
    }
    if (!window.crypto || !crypto.subtle) {
      say("Coding needs a secure connection (HTTPS, or http://127.0.0.1).");
      return;
    }
    var body = current.time ? {code_id: codeID, t_start: current.time.from, t_end: current.time.to} :
      {code_id: codeID, start: current.start, end: current.end, text_hash: await sha256hex(current.text)};
    if (current.textID) {
      body.text_id = current.textID;
    }
    if (layer) {
      body.layer = layer.value;
    }
    say("Saving…");
    var resp;
    try {
      resp = await fetch(transcript.dataset.action, {
        method: "POST",
        credentials: "same-origin",
        headers: {"Content-Type": "application/json", "Accept": "application/json"},
        body: JSON.stringify(body)
      });
    } catch (e) {
      say("Not saved: the server cannot be reached.");
      return;
    }
    var data = await resp.json().catch(function () { return {}; });
    if (resp.ok) {
      sessionStorage.setItem("ownwords-scroll", String(window.scrollY));
      window.location.reload();
      return;
    }
    say((resp.status === 409 ? "Conflict, not saved: " : "Not saved: ") + (data.error || resp.statusText));
  }

  // A time span marked in the player (player.js) is coded by time.
  document.addEventListener("ownwords:timespan", function (e) {
    current = {time: {from: e.detail.from, to: e.detail.to}};
    showPicker();
    search.focus();
  });

  surfaces.forEach(function (x) {
    x.el.addEventListener("mouseup", noteSelection);
    x.el.addEventListener("keyup", noteSelection);
  });

  search.addEventListener("input", filter);
  search.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive(active + 1);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive(active - 1);
    } else if (e.key === "Enter") {
      e.preventDefault();
      var v = visible();
      if (active >= 0 && active < v.length) {
        apply(v[active].dataset.codeId);
      }
    } else if (e.key === "Escape") {
      picker.hidden = true;
    }
  });
  list.addEventListener("click", function (e) {
    var o = e.target.closest(".code-option");
    if (o) {
      apply(o.dataset.codeId);
    }
  });

  document.addEventListener("keydown", function (e) {
    var t = e.target;
    var typing = t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement;
    if (e.key === "/" && !typing) {
      e.preventDefault();
      if (!current) {
        current = selectionRange();
      }
      if (current) {
        showPicker();
        search.focus();
      } else {
        say("Select a passage of the transcript first, then press / to search codes.");
      }
    }
  });

  // The segment panel: "use the selected text as the range" fills the
  // range and its hash; typing a range by hand clears the hash (the server
  // then hashes the stored text itself). Side by side, a passage selected
  // in the other text fills its own offsets and that text's ID: the server
  // resizes the segment to the aligned passage of the transcript, as it
  // codes a passage selected there.
  var useSel = document.getElementById("use-selection");
  var startIn = document.getElementById("segment-start");
  var endIn = document.getElementById("segment-end");
  var hashIn = document.getElementById("segment-hash");
  var textIn = document.getElementById("segment-text");
  var rangeIn = document.getElementById("segment-range-in");
  function rangeOf(textID) {
    textIn.value = textID;
    rangeIn.hidden = !textID;
    rangeIn.textContent = textID ? "From and To count in the other text: saving moves the segment to the aligned passage of the transcript." : "";
  }
  if (useSel && startIn && endIn && hashIn && textIn && rangeIn) {
    useSel.addEventListener("click", async function () {
      var r = current || selectionRange();
      if (!r || r.time) {
        say("Select the new passage in the transcript or the other text first.");
        return;
      }
      var secure = window.crypto && crypto.subtle;
      if (r.textID && !secure) {
        say("A passage of the other text needs a secure connection (HTTPS, or http://127.0.0.1): select it in the transcript.");
        return;
      }
      startIn.value = r.start;
      endIn.value = r.end;
      hashIn.value = secure ? await sha256hex(r.text) : "";
      rangeOf(r.textID);
      say("Range set to " + r.start + "–" + r.end + (r.textID ? " of the other text" : "") + ": save to keep it.");
    });
    [startIn, endIn].forEach(function (el) {
      el.addEventListener("input", function () { hashIn.value = ""; rangeOf(""); });
    });
  }

  var y = sessionStorage.getItem("ownwords-scroll");
  if (y !== null) {
    sessionStorage.removeItem("ownwords-scroll");
    window.scrollTo(0, Number(y));
  }
  surfaces.forEach(function (x) {
    if (x.codePoints.length !== (x.paras.length ? Number(x.paras[x.paras.length - 1].dataset.end) : 0)) {
      say("Warning: the " + (x.textID ? "other text" : "transcript") + " on screen does not match its offsets; coding in it is disabled.");
      x.off = true;
      x.el.removeEventListener("mouseup", noteSelection);
      x.el.removeEventListener("keyup", noteSelection);
    }
  });
})();
