// The interview page's player: keyboard-first transcription controls for
// the recording (#media), and seeking on any element that carries
// data-t-start (seconds), such as timed turns and segments.
(function () {
  "use strict";
  var media = document.getElementById("media");
  if (!media) {
    return;
  }
  var status = document.getElementById("player-status");
  var rates = [0.5, 0.6, 0.75, 0.9, 1, 1.25, 1.5, 1.75, 2];

  function say(msg) {
    if (status) {
      status.textContent = msg;
    }
  }

  // clock formats seconds as [hh:mm:ss].
  function clock(t) {
    var s = Math.max(0, Math.floor(t));
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return "[" + pad(Math.floor(s / 3600)) + ":" + pad(Math.floor(s / 60) % 60) + ":" + pad(s % 60) + "]";
  }

  function toggle() {
    if (media.paused) {
      var p = media.play();
      if (p && p.catch) {
        p.catch(function (err) { say("Cannot play: " + err.message); });
      }
    } else {
      media.pause();
    }
  }

  function back(seconds) {
    media.currentTime = Math.max(0, media.currentTime - seconds);
    say("Back to " + clock(media.currentTime));
  }

  function rate(step) {
    var i = rates.indexOf(media.playbackRate);
    if (i < 0) {
      i = rates.indexOf(1);
    }
    i = Math.min(rates.length - 1, Math.max(0, i + step));
    media.playbackRate = rates[i];
    say("Speed " + rates[i] + "×");
  }

  // insertTimestamp puts the current time at the caret of the transcript
  // editor (a textarea marked data-transcript-editor), or of the text
  // field being typed in; with neither it only says the time.
  function insertTimestamp() {
    var stamp = clock(media.currentTime) + " ";
    var el = document.querySelector("textarea[data-transcript-editor]");
    var active = document.activeElement;
    if (active && (active.tagName === "TEXTAREA" || (active.tagName === "INPUT" && active.type === "text"))) {
      el = active;
    }
    if (!el) {
      say("Time " + stamp.trim() + " (no transcript editor on this page)");
      return;
    }
    var start = el.selectionStart, end = el.selectionEnd;
    // In the transcript editor a timestamp marks a turn start, which is
    // what the server reads as a time anchor: it begins a line.
    if (el.hasAttribute("data-transcript-editor") && start > 0 && el.value.charAt(start - 1) !== "\n") {
      stamp = "\n" + stamp;
    }
    el.value = el.value.slice(0, start) + stamp + el.value.slice(end);
    el.selectionStart = el.selectionEnd = start + stamp.length;
    el.dispatchEvent(new Event("input", {bubbles: true}));
    el.focus();
    say("Inserted " + stamp.trim());
  }

  // A time span marked while listening (Alt+[ and Alt+], or the buttons):
  // once both ends are set, the coding script offers the codes for the
  // turns spoken in it (the server takes the range from the time anchors).
  var mark = {};
  var markInfo = document.getElementById("time-mark");
  function setMark(end) {
    var t = Math.round(media.currentTime * 1000) / 1000;
    mark[end ? "to" : "from"] = t;
    var text = "Marked " + (mark.from === undefined ? "…" : clock(mark.from)) + "–" + (mark.to === undefined ? "…" : clock(mark.to));
    if (markInfo) {
      markInfo.textContent = text;
    }
    say(text);
    if (mark.from !== undefined && mark.to !== undefined) {
      if (mark.to <= mark.from) {
        say("The end mark must come after the start mark.");
        return;
      }
      document.dispatchEvent(new CustomEvent("ownwords:timespan", {detail: {from: mark.from, to: mark.to}}));
    }
  }
  var markStart = document.getElementById("mark-start");
  var markEnd = document.getElementById("mark-end");
  if (markStart && markEnd) {
    markStart.addEventListener("click", function () { setMark(false); });
    markEnd.addEventListener("click", function () { setMark(true); });
  }

  // Alt+key works while typing in the transcript or a memo. e.code, not
  // e.key: Alt changes the character on some keyboards.
  var keys = {
    KeyP: toggle,
    KeyK: toggle,
    KeyB: function () { back(5); },
    Comma: function () { rate(-1); },
    Period: function () { rate(1); },
    KeyT: insertTimestamp,
    BracketLeft: function () { setMark(false); },
    BracketRight: function () { setMark(true); }
  };
  document.addEventListener("keydown", function (e) {
    if (!e.altKey || e.ctrlKey || e.metaKey) {
      return;
    }
    var fn = keys[e.code];
    if (fn) {
      e.preventDefault();
      fn();
    }
  });

  // Seek on click: any element with data-t-start, now or added later.
  document.addEventListener("click", function (e) {
    var el = e.target.closest ? e.target.closest("[data-t-start]") : null;
    if (!el) {
      return;
    }
    var t = parseFloat(el.getAttribute("data-t-start"));
    if (!isFinite(t) || t < 0) {
      return;
    }
    if (el.tagName === "A") {
      e.preventDefault();
    }
    media.currentTime = t;
    say("At " + clock(t));
    if (media.paused) {
      toggle();
    }
  });

  // The turn being spoken: in the transcript, and side by side in the
  // other text too (its turns carry the times of the transcript turns
  // aligned with them), the last timed element of each column that has
  // started (looked up at each update, a few times a second: the
  // transcript may change while it plays).
  var columns = ["transcript", "other-text"];
  var speaking = {};
  function speak(id, now) {
    var col = document.getElementById(id);
    var timed = col ? col.querySelectorAll("[data-t-start]") : [];
    var best = null, bestT = -1;
    for (var i = 0; i < timed.length; i++) {
      var t = parseFloat(timed[i].getAttribute("data-t-start"));
      if (t <= now && t >= bestT) {
        best = timed[i];
        bestT = t;
      }
    }
    if (best !== speaking[id]) {
      if (speaking[id]) {
        speaking[id].classList.remove("speaking");
      }
      if (best) {
        best.classList.add("speaking");
      }
      speaking[id] = best;
    }
  }
  media.addEventListener("timeupdate", function () {
    columns.forEach(function (id) { speak(id, media.currentTime); });
  });

  // Several recordings: a button loads another into the player.
  var choices = document.querySelectorAll(".recording-choice");
  Array.prototype.forEach.call(choices, function (b) {
    b.addEventListener("click", function () {
      media.pause();
      media.src = b.getAttribute("data-src");
      media.load();
      say("Loaded " + b.textContent);
    });
  });
}());
