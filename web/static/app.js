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

// <input type="search" data-filter-list="ID">: hide the labels of list ID whose
// data-search does not contain what is typed, accents, đ and case aside (the follow-up
// plan's reporting units, as many as a province has). Ticked boxes stay ticked.
const foldText = (text) =>
  text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
document.addEventListener("input", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.dataset.filterList) return;
  const list = document.getElementById(box.dataset.filterList);
  if (!list) return;
  const wanted = foldText(box.value.trim());
  for (const label of list.querySelectorAll("label[data-search]")) {
    label.hidden = wanted !== "" && !foldText(label.dataset.search || "").includes(wanted);
  }
});

// <div data-optional-card hx-get=…>: a card served by another part of the follow-up stage.
// When its route answers with an error (404: not there), show nothing: neither the error
// in the page's message area nor an empty frame.
document.addEventListener("htmx:beforeSwap", (event) => {
  const elt = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (!(elt instanceof Element) || elt.dataset.optionalCard === undefined) return;
  if (event.detail.xhr.status >= 400) {
    event.detail.shouldSwap = false;
    elt.remove();
  }
});
