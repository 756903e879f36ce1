/* clausewise: the ambiguity register filter. Without JavaScript the filter links jump to
   each state's section; with it they show that section only. Under Material's instant
   navigation a page is swapped in without loading it, so the filter is set up again on
   each page Material emits on document$; elsewhere, once the page has loaded. */
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
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(setup);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
