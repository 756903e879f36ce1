/* clausewise: the ambiguity register filter, and tables that scroll sideways reachable by
   keyboard. Without JavaScript the filter links jump to each state's section; with it they
   show that section only. Under Material's instant navigation a page is swapped in without
   loading it, so everything is set up again on each page Material emits on document$;
   elsewhere, once the page has loaded. */
(function () {
  /* The script's words in the site's language: clausewise fills the table in when it
     writes this file (site/i18n.py); a string missing from it is shown as written. */
  var STRINGS = {};
  function T(s) { return STRINGS[s] || s; }
  function register() {
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
  /* A table wider than the screen scrolls in its own box; a keyboard user can scroll it
     only if the box can take focus (WCAG 2.1.1), and a screen reader should hear what it is. */
  function scrollable() {
    document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset__table").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1 && !box.hasAttribute("tabindex")) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", T("Table (scrolls sideways)"));
      }
    });
  }
  /* Cards on narrow screens: each cell of a .cw-cards table is labelled with its column. */
  function cards() {
    document.querySelectorAll(".cw-cards table").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        Array.prototype.forEach.call(tr.children, function (td, i) { if (heads[i]) td.setAttribute("data-label", heads[i]); });
      });
    });
  }
  /* A table wider than its box says so above it, and its box's right edge shows there is
     more until it is scrolled to the end. */
  function hints() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      var over = box.scrollWidth > box.clientWidth + 1;
      var hint = box.previousElementSibling && box.previousElementSibling.classList.contains("cw-scroll-hint") ? box.previousElementSibling : null;
      box.classList.toggle("cw-scrolls", over);
      if (over && !hint) {
        hint = document.createElement("p");
        hint.className = "cw-scroll-hint";
        hint.textContent = T("This table is wider than the page: scroll it sideways for more columns.");
        box.parentNode.insertBefore(hint, box);
        box.addEventListener("scroll", function () {
          box.classList.toggle("cw-scrolled-end", box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
        });
      }
      if (hint) hint.hidden = !over;
    });
  }
  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () { hints(); scrollable(); }, 150);
  });
  function setup() { register(); cards(); scrollable(); hints(); }
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(setup);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
