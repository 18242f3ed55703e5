/* The embeddable player's controls over its <audio>: play/pause, seek bar, time, speed,
   transcript toggle and keys (space or k: play/pause; arrows: 5 s back/forward; j/l: 10 s).
   Without JavaScript the page keeps the browser's own audio controls and the open transcript. */
(function () {
  "use strict";
  var root = document.getElementById("player");
  var audio = root.querySelector("audio");
  var playButton = document.getElementById("play");
  var seek = document.getElementById("seek");
  var time = document.getElementById("time");
  var speed = document.getElementById("speed");
  var toggle = document.getElementById("transcript-toggle");
  var transcript = document.getElementById("transcript");
  var listed = parseFloat(root.getAttribute("data-seconds")) || 0;

  function clock(seconds) {
    var whole = Math.max(0, Math.round(seconds));
    var h = Math.floor(whole / 3600), m = Math.floor(whole / 60) % 60, s = whole % 60;
    var mm = h ? (m < 10 ? "0" : "") + m : String(m);
    return (h ? h + ":" : "") + mm + ":" + (s < 10 ? "0" : "") + s;
  }
  function total() {
    return isFinite(audio.duration) && audio.duration > 0 ? audio.duration : listed;
  }
  function render() {
    var now = audio.currentTime, length = total();
    seek.max = String(length);
    seek.value = String(now);
    seek.setAttribute("aria-valuetext", clock(now) + " of " + clock(length));
    time.textContent = clock(now) + " / " + clock(length);
    playButton.setAttribute("aria-label", audio.paused ? "Play" : "Pause");
    root.classList.toggle("playing", !audio.paused);
  }
  function togglePlay() {
    if (audio.paused) {
      var started = audio.play();
      if (started && started.catch) { started.catch(function () {}); }
    } else {
      audio.pause();
    }
  }
  function skip(seconds) {
    audio.currentTime = Math.min(Math.max(audio.currentTime + seconds, 0), total());
    render();
  }

  audio.controls = false;
  document.getElementById("controls").hidden = false;
  playButton.addEventListener("click", togglePlay);
  seek.addEventListener("input", function () { audio.currentTime = parseFloat(seek.value); });
  speed.addEventListener("change", function () { audio.playbackRate = parseFloat(speed.value); });
  audio.addEventListener("ratechange", function () { speed.value = String(audio.playbackRate); });
  ["timeupdate", "durationchange", "loadedmetadata", "play", "pause", "ended", "seeked"].forEach(function (name) {
    audio.addEventListener(name, render);
  });

  if (toggle && transcript) {
    toggle.hidden = false;
    transcript.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
    toggle.addEventListener("click", function () {
      var open = transcript.hidden;
      transcript.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      toggle.textContent = open ? "Hide transcript" : "Show transcript";
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var target = event.target, tag = target.tagName;
    var typing = tag === "TEXTAREA" || (tag === "INPUT" && target.type !== "range");
    var ownsSpace = typing || tag === "BUTTON" || tag === "SELECT" || tag === "A";
    var key = event.key;
    if (((key === "k" || key === "K") && !typing) || (key === " " && !ownsSpace)) {
      event.preventDefault();
      togglePlay();
    } else if ((key === "ArrowLeft" || key === "ArrowRight") && tag !== "SELECT") {
      event.preventDefault();
      skip(key === "ArrowLeft" ? -5 : 5);
    } else if ((key === "j" || key === "l") && !typing) {
      skip(key === "j" ? -10 : 10);
    }
  });
  render();
})();
