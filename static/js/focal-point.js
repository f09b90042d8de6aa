// The focal point of an image in the admin (core/admin.py,
// render_focal_point_preview): a click on the whole image sets the two focal
// point fields; typing in them moves the marker; both update the crop beside
// it. The positions are classes of 5 % steps (static/css/image-frames.css), as
// on the public pages, since the Content-Security-Policy refuses style
// attributes. A newly chosen file is shown before it is saved.
(function () {
  "use strict";
  var STEP = 5;
  var CENTRE = 50;
  var FOCUS_CLASS = /^focus-[xy]-\d+$/;

  function step(value) {
    var number = parseFloat(value);
    if (isNaN(number)) {
      return CENTRE;
    }
    number = Math.min(100, Math.max(0, number));
    return Math.round(number / STEP) * STEP;
  }

  function place(element, x, y) {
    Array.prototype.slice.call(element.classList).forEach(function (name) {
      if (FOCUS_CLASS.test(name)) {
        element.classList.remove(name);
      }
    });
    element.classList.add("focus-x-" + x, "focus-y-" + y);
  }

  function setUp(picker) {
    var field = picker.getAttribute("data-field");
    var inputX = document.getElementById("id_" + field + "_focus_x");
    var inputY = document.getElementById("id_" + field + "_focus_y");
    var file = document.getElementById("id_" + field);
    var whole = picker.querySelector(".focal-point__image");
    var shown = picker.querySelectorAll(".focal-point__marker, .cover");
    if (!inputX || !inputY) {
      return; // the form is read-only: the preview stays as it is
    }

    function show() {
      var x = step(inputX.value);
      var y = step(inputY.value);
      Array.prototype.forEach.call(shown, function (element) {
        place(element, x, y);
      });
    }

    whole.addEventListener("click", function (event) {
      var box = whole.getBoundingClientRect();
      inputX.value = step(((event.clientX - box.left) / box.width) * 100);
      inputY.value = step(((event.clientY - box.top) / box.height) * 100);
      show();
    });
    inputX.addEventListener("input", show);
    inputY.addEventListener("input", show);

    if (file && window.FileReader) {
      file.addEventListener("change", function () {
        if (!file.files || !file.files[0]) {
          return;
        }
        var reader = new window.FileReader();
        reader.addEventListener("load", function () {
          Array.prototype.forEach.call(
            picker.querySelectorAll("img"),
            function (image) {
              image.src = reader.result;
            }
          );
          picker.hidden = false;
        });
        reader.readAsDataURL(file.files[0]);
      });
    }
    show();
  }

  function start() {
    Array.prototype.forEach.call(
      document.querySelectorAll("[data-focal-point]"),
      setUp
    );
  }

  // The admin loads its media in the head, before the form exists.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
