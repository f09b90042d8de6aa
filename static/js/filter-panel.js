// The filters of a list: folded behind their button on a phone, open beside the
// list on a wide screen. Browsers that can style the folded content show it on a
// wide screen without this script (site.css); for the others it opens the panel.
// On a phone the panel keeps the state the page came with (open when a filter
// value was refused, so that its message shows).
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 52rem)");
  var panels = Array.prototype.slice.call(
    document.querySelectorAll("details.filter-panel")
  );
  var openedByPage = panels.map(function (panel) {
    return panel.open;
  });

  function fit() {
    panels.forEach(function (panel, index) {
      panel.open = wide.matches || openedByPage[index];
    });
  }

  fit();
  if (wide.addEventListener) {
    wide.addEventListener("change", fit);
  } else if (wide.addListener) {
    wide.addListener(fit);
  }
})();
