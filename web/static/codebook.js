// codebook.js — filter the codebook tree as you type.
(function () {
  "use strict";
  var input = document.getElementById("codebook-search");
  var tree = document.getElementById("codebook");
  if (!input || !tree) {
    return;
  }
  var items = Array.prototype.slice.call(tree.querySelectorAll("li.code"));
  input.addEventListener("input", function () {
    var q = input.value.trim().toLowerCase();
    items.forEach(function (li) {
      li.hidden = q !== "" && li.dataset.search.toLowerCase().indexOf(q) < 0;
    });
  });
})();
