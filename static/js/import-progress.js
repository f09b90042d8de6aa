// The progress page of a CSV import (templates/admin/csv_import_progress.html):
// asks for the page again every two seconds and puts its new progress in place;
// once the job is done, the page is no progress page any more, and it is shown.
(function () {
  "use strict";
  var selector = "[data-import-progress]";
  var region = document.querySelector(selector);
  if (!region || !window.fetch || !window.DOMParser) {
    return;
  }
  function again(seconds) {
    window.setTimeout(poll, seconds * 1000);
  }
  function poll() {
    window
      .fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        var page = new window.DOMParser().parseFromString(html, "text/html");
        var next = page.querySelector(selector);
        if (!next) {
          window.location.reload();
          return;
        }
        region.replaceWith(next);
        region = next;
        again(2);
      })
      .catch(function () {
        again(5);
      });
  }
  again(2);
})();
