/* clausewise: the ambiguity register filter. Without JavaScript the filter links jump to
   each state's section; with it they show that section only. */
(function () {
  function setup() {
    var links = document.querySelectorAll("a.cw-filter");
    var groups = document.querySelectorAll(".cw-register-group");
    if (!links.length || !groups.length) return;
    function show(state) {
      groups.forEach(function (g) { g.hidden = state !== "all" && g.dataset.cwState !== state; });
      links.forEach(function (a) { a.classList.toggle("cw-filter-active", a.dataset.cwState === state); });
    }
    links.forEach(function (a) {
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        show(a.dataset.cwState);
        history.replaceState(null, "", a.dataset.cwState === "all" ? "#all" : "#state-" + a.dataset.cwState);
      });
    });
    var m = location.hash.match(/^#state-([a-z]+)$/);
    show(m ? m[1] : "all");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
})();
