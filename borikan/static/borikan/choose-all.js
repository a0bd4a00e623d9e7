/* A box that ticks or clears every box of a list at once: <input type="checkbox"
   data-choose-all="numbers"> controls the boxes named "numbers" of its form. It follows them:
   ticked when all are, mixed when some are. Without JavaScript the boxes still work one by one. */
(function () {
  "use strict";
  document.querySelectorAll("input[data-choose-all]").forEach(function (all) {
    var form = all.form;
    var name = all.dataset.chooseAll;
    if (!form) { return; }
    function boxes() { return Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]')); }
    all.hidden = false;
    all.addEventListener("change", function () {
      boxes().forEach(function (box) { box.checked = all.checked; });
    });
    form.addEventListener("change", function (e) {
      if (e.target === all || e.target.name !== name) { return; }
      var list = boxes();
      var ticked = list.filter(function (box) { return box.checked; }).length;
      all.checked = ticked === list.length && ticked > 0;
      all.indeterminate = ticked > 0 && ticked < list.length;
    });
  });
})();
