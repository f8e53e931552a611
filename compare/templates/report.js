(function () {
  "use strict";
  var controls = ["f-verdict", "f-kind", "f-source"].map(function (id) { return document.getElementById(id); });
  var counter = document.getElementById("f-count");
  function apply() {
    var verdict = controls[0].value, kind = controls[1].value, source = controls[2].value;
    var cards = document.querySelectorAll("[data-card]");
    var shown = 0;
    Array.prototype.forEach.call(cards, function (card) {
      var ok = (!verdict || card.getAttribute("data-verdicts").split(" ").indexOf(verdict) >= 0) &&
        (!kind || card.getAttribute("data-kinds").split(" ").indexOf(kind) >= 0) &&
        (!source || card.getAttribute("data-sources").split(" ").indexOf(source) >= 0);
      card.classList.toggle("hidden", !ok);
      if (ok) { shown += 1; }
    });
    counter.textContent = shown + " of " + cards.length + " shown";
  }
  controls.forEach(function (c) { if (c) { c.addEventListener("change", apply); } });
  if (controls.every(function (c) { return c; }) && counter) { apply(); }
}());
