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
