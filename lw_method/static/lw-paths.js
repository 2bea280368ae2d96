/* Reading paths: reveal the bar of the path the reader is following.
 *
 * Every page on a path carries, for each path through it, a <nav class="lw-path-nav"> written
 * with the hidden attribute.  Links from a path carry ?path=ID&step=N; on arrival this script
 * shows the bar of that path (the one for step N when the page is on it twice).  A reader who
 * came any other way, or reads without JavaScript, sees the page as it always is.
 */
(function () {
  "use strict";
  function reveal() {
    var params = new URLSearchParams(window.location.search);
    var path = params.get("path");
    if (!path) return;
    var step = params.get("step");
    var bars = Array.prototype.filter.call(document.querySelectorAll("nav.lw-path-nav"), function (bar) {
      return bar.getAttribute("data-lw-path") === path;
    });
    if (!bars.length) return;
    var shown = bars.filter(function (bar) { return bar.getAttribute("data-lw-step") === step; })[0] || bars[0];
    shown.hidden = false;
    document.documentElement.classList.add("lw-on-path");
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", reveal);
  } else {
    reveal();
  }
})();
