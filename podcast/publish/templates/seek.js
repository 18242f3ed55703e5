/* Chapters and transcript paragraphs that seek: every element with data-start (seconds)
   moves the page's audio there and plays; the one being heard is marked aria-current. */
(function () {
  "use strict";
  var audio = document.querySelector("audio");
  if (!audio) { return; }
  var groups = Array.prototype.map.call(document.querySelectorAll("[data-seek-group]"), function (group) {
    return Array.prototype.slice.call(group.querySelectorAll("[data-start]"));
  });

  function play() {
    var started = audio.play();
    if (started && started.catch) { started.catch(function () {}); }
  }

  document.addEventListener("click", function (event) {
    var control = event.target.closest ? event.target.closest("[data-start]") : null;
    if (!control) { return; }
    event.preventDefault();
    audio.currentTime = parseFloat(control.getAttribute("data-start"));
    play();
  });

  function mark() {
    var now = audio.currentTime + 0.05;
    groups.forEach(function (controls) {
      var current = null;
      controls.forEach(function (control) {
        if (parseFloat(control.getAttribute("data-start")) <= now) { current = control; }
      });
      controls.forEach(function (control) {
        if (control === current) { control.setAttribute("aria-current", "true"); }
        else { control.removeAttribute("aria-current"); }
      });
    });
  }
  audio.addEventListener("timeupdate", mark);
  audio.addEventListener("seeked", mark);
})();
