// Searchable choices (hezuo/base/widgets.py): a <select data-hz-search="URL"> carries only its
// chosen options; Tom Select searches the rest at URL (hezuo/base/autocomplete.py) as one types.
// A multiple select becomes a tag picker (also one whose few options are all on the page).
// A link [data-hz-new] next to it adds a record in a modal (the model's own add form) and puts
// it into the field.
(function () {
  "use strict";

  function enhance(select) {
    if (select.tomselect || typeof TomSelect === "undefined") return;
    const url = select.dataset.hzSearch;
    const field = select.dataset.hzField || "";
    const multiple = select.multiple;
    const plugins = multiple ? ["remove_button"] : [];
    if (!multiple && !select.required) plugins.push("clear_button");
    new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      maxItems: multiple ? null : 1,
      maxOptions: null,
      preload: "focus",
      loadThrottle: 250,
      allowEmptyOption: false,
      placeholder: select.dataset.hzPlaceholder || "",
      hidePlaceholder: true,
      plugins: plugins,
      // in a modal the list opens over it, not cut off by its scrolling body
      dropdownParent: select.closest(".modal") ? "body" : null,
      closeAfterSelect: !multiple,
      // a tag picked, the typed text goes: the next tag is typed afresh
      onItemAdd: function () {
        if (multiple) this.setTextboxValue("");
      },
      // the server has searched (names in three languages, codes, aliases): show what it found
      score: function () {
        return function () {
          return 1;
        };
      },
      load: function (query, callback) {
        const self = this;
        const params = new URLSearchParams({ q: query });
        if (field) params.set("field", field);
        fetch(url + "?" + params.toString(), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
          .then(function (response) {
            return response.ok ? response.json() : { results: [] };
          })
          .then(function (data) {
            self.clearOptions(); // keeps the chosen ones
            callback(data.results);
          })
          .catch(function () {
            callback();
          });
      },
      render: {
        no_results: function (data) {
          if (!data.input) return null; // nothing typed yet: no "nothing found"
          const div = document.createElement("div");
          div.className = "no-results";
          div.textContent = select.dataset.hzNoResults || "";
          return div;
        },
      },
    });
  }

  // a short multiple select (industry directions, agreements) with its options on the page:
  // the same tag picker, searching what it carries, instead of Ctrl-click
  function enhanceMultiple(select) {
    if (select.tomselect || typeof TomSelect === "undefined") return;
    new TomSelect(select, {
      maxItems: null,
      maxOptions: null,
      placeholder: document.body.dataset.hzPlaceholder || "",
      hidePlaceholder: true,
      plugins: ["remove_button"],
      onItemAdd: function () {
        this.setTextboxValue("");
        this.refreshOptions(false);
      },
    });
  }

  const LOCAL = "select[multiple]:not([data-hz-search]):not([data-hz-plain])";

  function enhanceAll(root) {
    const scope = root && root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches("select[data-hz-search]")) enhance(scope);
    if (scope.matches && scope.matches(LOCAL)) enhanceMultiple(scope);
    scope.querySelectorAll("select[data-hz-search]").forEach(enhance);
    scope.querySelectorAll(LOCAL).forEach(enhanceMultiple);
  }

  function modal() {
    let element = document.getElementById("hz-choice-modal");
    if (!element) {
      element = document.createElement("div");
      element.className = "modal fade";
      element.id = "hz-choice-modal";
      element.tabIndex = -1;
      element.setAttribute("aria-hidden", "true");
      element.innerHTML =
        '<div class="modal-dialog modal-lg modal-dialog-scrollable"><div class="modal-content">' +
        '<div class="modal-body text-center text-secondary py-5">' +
        '<span class="spinner-border spinner-border-sm"></span></div></div></div>';
      document.body.appendChild(element);
    }
    return element;
  }

  document.addEventListener("click", function (event) {
    const link = event.target instanceof Element && event.target.closest("a[data-hz-new]");
    if (!link || typeof htmx === "undefined" || typeof bootstrap === "undefined") return;
    event.preventDefault(); // without htmx the link opens the full add page in a new tab
    const element = modal();
    bootstrap.Modal.getOrCreateInstance(element).show();
    htmx.ajax("GET", link.dataset.hzNew, {
      target: element.querySelector(".modal-content"),
      swap: "innerHTML",
    });
  });

  // sent by the add form in the modal once the record is saved (HX-Trigger)
  document.addEventListener("hz-choice-created", function (event) {
    const detail = event.detail || {};
    const select = detail.for && document.getElementById(detail.for);
    if (select && select.tomselect) {
      select.tomselect.addOption({ value: detail.value, text: detail.text });
      select.tomselect.addItem(detail.value);
    } else if (select) {
      select.add(new Option(detail.text, detail.value, true, true));
    }
    const element = document.getElementById("hz-choice-modal");
    if (element) bootstrap.Modal.getOrCreateInstance(element).hide();
  });

  document.addEventListener("DOMContentLoaded", function () {
    enhanceAll(document);
  });
  document.addEventListener("htmx:load", function (event) {
    enhanceAll(event.detail && event.detail.elt);
  });
})();
