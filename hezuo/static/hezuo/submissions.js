// Forms that post are sent once (hezuo/base/submissions.py): each carries a fresh one-time
// token in "_submission", also the forms htmx loads; once sent, its submit buttons are disabled
// and a second submit is dropped; they are usable again when the page is shown anew (back).
(function () {
  "use strict";
  const FIELD = "_submission";
  const RELEASE_AFTER_MS = 15000; // a download, or an answer that never came: usable again

  function newToken() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  function posts(form) {
    return (form.getAttribute("method") || "").toLowerCase() === "post" ||
      form.hasAttribute("hx-post");
  }

  function arm(form, fresh) {
    let input = form.querySelector("input[name='" + FIELD + "']");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = FIELD;
      form.appendChild(input);
    }
    if (fresh || !input.value) input.value = newToken();
  }

  function armAll(root, fresh) {
    if (!root || !root.querySelectorAll) return;
    const forms = Array.from(root.querySelectorAll("form"));
    if (root instanceof HTMLFormElement) forms.push(root);
    forms.forEach(function (form) { if (posts(form)) arm(form, fresh); });
  }

  function buttons(form) {
    const own = Array.from(form.querySelectorAll(
      "button[type=submit], button:not([type]), input[type=submit]"));
    const outside = form.id ? Array.from(document.querySelectorAll("[form='" + form.id + "']")) : [];
    return own.concat(outside.filter(function (el) { return el.type === "submit"; }));
  }

  function release(form, fresh) {
    delete form.dataset.hzSent;
    buttons(form).forEach(function (button) {
      if (button.dataset.hzDisabled) {
        button.disabled = false;
        delete button.dataset.hzDisabled;
      }
    });
    if (fresh && posts(form)) arm(form, true);
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !posts(form)) return;
    const viaHtmx = form.hasAttribute("hx-post") || !!form.closest("[hx-boost='true']");
    if (form.dataset.hzSent) {
      event.preventDefault();
      return;
    }
    if (event.defaultPrevented && !viaHtmx) return; // another script stopped it: not sent
    arm(form, false);
    form.dataset.hzSent = "1";
    // disabled after this event, so that the pressed button's name and value are still sent
    window.setTimeout(function () {
      buttons(form).forEach(function (button) {
        if (!button.disabled) {
          button.disabled = true;
          button.dataset.hzDisabled = "1";
        }
      });
    }, 0);
    window.setTimeout(function () { release(form, false); }, RELEASE_AFTER_MS);
  }); // bubbling: after the form's own handlers (htmx drops a repeat while one is in flight)

  // htmx: a form it loads gets its token; after its answer the form may be sent anew
  document.addEventListener("htmx:load", function (event) { armAll(event.detail.elt, false); });
  document.addEventListener("htmx:afterRequest", function (event) {
    const elt = event.detail.elt;
    const form = elt instanceof HTMLFormElement ? elt : elt && elt.closest && elt.closest("form");
    if (form && form.isConnected) release(form, true);
  });
  // back (or forward) to a page kept by the browser: its forms are usable, with new tokens
  window.addEventListener("pageshow", function (event) {
    document.querySelectorAll("form").forEach(function (form) {
      if (form.dataset.hzSent || event.persisted) release(form, event.persisted);
    });
  });
  armAll(document, false);
})();
