// The alignment page (interview_align.go): the units of the transcript
// (side "a") and of another text (side "b") are grouped; a row shows
// group k of each. Join with next ends no group at a unit, Split after
// ends one there. When both sides have as many groups, the form's map is
// their pairing (text.UnitMap: "1:1,2-3:2") and the form may be saved.
"use strict";
(() => {
  const table = document.getElementById("alignment");
  const form = document.getElementById("align-form");
  if (!table || !form) return;
  const mapInput = document.getElementById("align-map");
  const status = document.getElementById("align-status");
  const save = document.getElementById("save-alignment");
  const tbody = table.tBodies[0];
  const units = { a: [], b: [] }; // each side's unit elements, in order
  const ends = { a: [], b: [] }; // ends[side][i]: a group ends at unit i
  for (const row of tbody.rows) {
    for (const [side, cell] of [["a", row.cells[0]], ["b", row.cells[1]]]) {
      const us = cell.querySelectorAll(".align-unit");
      us.forEach((u, j) => {
        units[side].push(u);
        ends[side].push(j === us.length - 1);
      });
    }
  }
  const groups = (side) => {
    const out = [];
    let cur = [];
    units[side].forEach((_, i) => {
      cur.push(i);
      if (ends[side][i] || i === units[side].length - 1) {
        out.push(cur);
        cur = [];
      }
    });
    return out;
  };
  const range = (g) => (g.length === 1 ? String(g[0] + 1) : g[0] + 1 + "-" + (g[g.length - 1] + 1));
  const render = () => {
    const ga = groups("a"), gb = groups("b");
    const rows = [];
    for (let r = 0; r < Math.max(ga.length, gb.length); r++) {
      const tr = document.createElement("tr");
      tr.className = "align-row";
      for (const [side, gs] of [["a", ga], ["b", gb]]) {
        const td = document.createElement("td");
        td.className = "align-cell";
        for (const i of gs[r] || []) td.append(units[side][i]);
        tr.append(td);
      }
      rows.push(tr);
    }
    tbody.replaceChildren(...rows);
    for (const side of ["a", "b"]) {
      units[side].forEach((u, i) => {
        const last = i === units[side].length - 1;
        u.querySelector(".join").hidden = last || !ends[side][i];
        u.querySelector(".split").hidden = last || ends[side][i];
        u.classList.toggle("joined", !last && !ends[side][i]);
      });
    }
    if (ga.length === gb.length) {
      mapInput.value = ga.map((g, r) => range(g) + ":" + range(gb[r])).join(",");
      status.textContent = ga.length + " group(s) in each text, side by side: save to align them so.";
      save.disabled = false;
    } else {
      mapInput.value = "";
      status.textContent = "The transcript has " + ga.length + " group(s), this text " + gb.length +
        ": join turns (or split groups) until both have as many.";
      save.disabled = true;
    }
  };
  table.addEventListener("click", (e) => {
    const btn = e.target.closest("button");
    if (!btn) return;
    const u = btn.closest(".align-unit");
    const side = u.dataset.side;
    const i = units[side].indexOf(u);
    if (i < 0) return;
    ends[side][i] = btn.classList.contains("split");
    render();
  });
  render();
})();
