// Small page behaviours declared by data attributes, so that templates need no inline event
// handlers (the Content-Security-Policy allows scripts from this site only).
//   data-hz-print            a button that prints the page
//   data-hz-autosubmit       a select (or input) whose change submits its form
//   data-hz-check-all="SEL"  a checkbox that checks or unchecks every input matching SEL
//   data-hz-go               a select whose value is a URL to open; the form's "on" field, if
//                            any, is passed along as ?on=
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    const target = event.target;
    if (!(target instanceof Element)) return;
    if (target.closest("[data-hz-print]")) {
      window.print();
      return;
    }
    const all = target.closest("[data-hz-check-all]");
    if (all) {
      document.querySelectorAll(all.dataset.hzCheckAll).forEach(function (box) {
        box.checked = all.checked;
      });
    }
  });
  document.addEventListener("change", function (event) {
    const target = event.target;
    if (!(target instanceof Element)) return;
    if (target.matches("[data-hz-autosubmit]") && target.form) {
      target.form.submit();
      return;
    }
    if (target.matches("[data-hz-go]") && target.value) {
      const on = target.form && target.form.elements.namedItem("on");
      const day = on && "value" in on ? on.value : "";
      window.location.href = target.value + (day ? "?on=" + encodeURIComponent(day) : "");
    }
  });
})();
