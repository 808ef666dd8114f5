// duthao: the little behaviour the pages need, in a file (the CSP allows no inline script).
"use strict";

// <form data-clear-after="text" data-focus-after="speaker">: after a successful htmx
// request, empty the named fields and put the cursor in the other (the conference's
// opinion form, where the secretary types one opinion after another).
document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.detail.elt;
  if (!(form instanceof HTMLFormElement) || !event.detail.successful) return;
  for (const name of (form.dataset.clearAfter || "").split(" ").filter(Boolean)) {
    const field = form.elements.namedItem(name);
    if (field && "value" in field) field.value = "";
  }
  const focus = form.dataset.focusAfter && form.elements.namedItem(form.dataset.focusAfter);
  if (focus && "focus" in focus) focus.focus();
});

// <a data-back href="/">: back to the previous page when there is one, else the link.
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element && event.target.closest("a[data-back]");
  if (link && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});

// <form data-needs-reason="explain partial">: the reason is required (asked by the browser
// before saving) for the decisions the rule names (models.statuses.DECISIONS_NEEDING_RESPONSE);
// the server refuses the same way without this script.
document.addEventListener("change", (event) => {
  const select = event.target;
  if (!(select instanceof HTMLSelectElement) || select.name !== "decision") return;
  const form = select.form;
  if (!form || form.dataset.needsReason === undefined) return;
  const reason = form.elements.namedItem("response");
  if (reason instanceof HTMLTextAreaElement) {
    reason.required = form.dataset.needsReason.split(" ").includes(select.value);
  }
});

// While a disposition is being saved its reason is read-only: the row is replaced by the
// saved one, so text typed during the request would vanish (readonly fields are still sent).
document.addEventListener("htmx:beforeRequest", (event) => {
  const form = event.detail.elt;
  if (!(form instanceof HTMLFormElement) || form.dataset.needsReason === undefined) return;
  for (const area of form.querySelectorAll("textarea")) area.readOnly = true;
});
document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.detail.elt;
  if (!(form instanceof HTMLFormElement) || form.dataset.needsReason === undefined) return;
  for (const area of form.querySelectorAll("textarea")) area.readOnly = false;
});
