/* Keyboard and screen-reader additions on every public page (progressive enhancement: without
   JavaScript the menus are <details> that open and close with Enter or Space, and paging is a
   page load whose address ends in #results-heading).

   1. Escape closes the open menu or disclosure the focus is in (the main menu, "About the
      programme", the filter disclosure: any <details> in the header or #catalogue) and returns
      the focus to its button (the <summary>). A disclosure whose button is hidden, because the
      wide layout shows its content anyway, is left alone.
   2. After the list was paged or the filter form sent (htmx swaps #catalogue), the focus goes
      to the results heading, and the live region #results-status says the new count (and the
      page). A ticked box or a new sort order also applies at once, but there the focus stays
      where it is, so that several boxes can be ticked in a row (WCAG 3.2.2): only the count is
      announced. */
(function () {
  "use strict";

  var MENUS = ".site-header details[open], #catalogue details[open]";

  function visible(element) {
    return element.getClientRects().length > 0;
  }

  // On window, so that it runs after the handlers on the document: one that already used the
  // key (list.js closing the search suggestions) prevents its default, and nothing else closes.
  window.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.defaultPrevented) {
      return;
    }
    var active = document.activeElement;
    var open = Array.prototype.slice.call(document.querySelectorAll(MENUS));
    // the innermost open disclosure around the focus first ("About" inside the main menu)
    open.reverse();
    for (var i = 0; i < open.length; i++) {
      var details = open[i];
      var summary = details.querySelector(":scope > summary");
      if (!summary || !visible(summary) || !details.contains(active)) {
        continue;
      }
      details.open = false;
      summary.focus();
      event.preventDefault();
      return;
    }
  });

  // Which swaps move the focus: decided when the request starts, from what started it.
  var focusResults = false;

  document.addEventListener("htmx:beforeRequest", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "catalogue") {
      return;
    }
    var trigger = (event.detail.requestConfig || {}).triggeringEvent;
    // paging (a boosted link: a click) or sending the form (submit); not a change of a field
    focusResults = !trigger || trigger.type === "submit" || trigger.type === "click";
  });

  function announce() {
    var heading = document.getElementById("results-heading");
    var status = document.getElementById("results-status");
    if (!heading || !status) {
      return;
    }
    var text = heading.textContent.replace(/\s+/g, " ").trim();
    var current = document.querySelector("#catalogue .pagination [aria-current='page']");
    if (current) {
      text += ", " + current.textContent.replace(/\s+/g, " ").trim();
    }
    status.textContent = text;
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.detail.target || event.detail.target.id !== "catalogue") {
      return; // e.g. the search suggestions
    }
    announce();
    if (focusResults) {
      var heading = document.getElementById("results-heading");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    }
    focusResults = false;
  });
})();
