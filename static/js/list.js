/* Project list: small additions on top of htmx (static/js/vendor/htmx.min.js).
   Without JavaScript the filter form submits as a normal GET and everything still works. */
(function () {
  "use strict";

  function enhance() {
    // Copy buttons of the embed snippet only work with JavaScript: show them now.
    document.querySelectorAll("[data-copy-target][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }

  // htmx replaced the filters and results (the focus and the new count: keyboard.js).
  document.addEventListener("htmx:afterSettle", enhance);

  // A ticked box applies the filters at once; pressing "Apply filters" afterwards sends the
  // same address again. htmx would push it a second time, and Back would then seem to do
  // nothing: the same address replaces the current history entry instead.
  document.addEventListener("htmx:beforeHistoryUpdate", function (event) {
    var update = event.detail.history;
    if (update.type === "push" && new URL(update.path, location.href).href === location.href) {
      update.type = "replace";
    }
  });

  // The list has one address per selection (projects.querystring.tidy_query, which redirects
  // the form's plain GET): no empty fields and no default sort order in the pushed URL.
  document.addEventListener("htmx:configRequest", function (event) {
    var data = event.detail.formData;
    if (event.detail.verb !== "get" || !data) {
      return;
    }
    var query = (data.get("q") || "").trim();
    var names = [];
    data.forEach(function (value, name) {
      if (names.indexOf(name) < 0) {
        names.push(name);
      }
    });
    names.forEach(function (name) {
      var kept = data.getAll(name).filter(function (value) {
        return typeof value !== "string" || value.trim() !== "";
      });
      if (name === "sort" && kept.length === 1 && kept[0] === (query ? "relevance" : "newest")) {
        kept = [];
      }
      data.delete(name);
      kept.forEach(function (value) {
        data.append(name, value);
      });
    });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) {
      return;
    }
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    field.focus();
    field.select();
    if (navigator.clipboard) {
      navigator.clipboard.writeText(field.value);
    }
    var done = button.getAttribute("data-copied-label");
    if (done) {
      // a KERN button's text sits in its .kern-label
      (button.querySelector(".kern-label") || button).textContent = done;
    }
  });

  // Search suggestions (htmx fills #search-suggestions while the visitor types): Escape in the
  // search box or on a suggestion closes them and returns to the box; the links are reached
  // with Tab like any other. Without JavaScript there are none: the form searches as before.
  // Leaving the search box (Tab to a suggestion) must not reload the list, which would replace
  // the suggestions under the keyboard focus: the search applies on Enter or "Apply filters".
  document.addEventListener(
    "change",
    function (event) {
      if (event.target.id === "id_q") {
        event.stopPropagation();
      }
    },
    true
  );

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var box = document.getElementById("search-suggestions");
    var input = document.getElementById("id_q");
    if (!box || !input || !box.firstElementChild) {
      return;
    }
    if (event.target === input || box.contains(event.target)) {
      box.textContent = "";
      input.focus();
      event.preventDefault(); // used: the filter disclosure around stays open (keyboard.js)
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
