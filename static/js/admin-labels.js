// Two of the Wagtail admin's editing widgets leave their typing area without a name for
// assistive technology (axe-core: label, aria-input-field-name): the tag field types into a
// box that jQuery tag-it adds beside the labelled input, and Draftail's rich-text box inside
// a StreamField block has no label. Each gets the name a sighted editor reads beside it.
(function () {
  "use strict";

  function labelTagFields() {
    document.querySelectorAll("input[data-controller~='w-tag']").forEach(function (field) {
      const typed = field.parentElement.querySelector("ul.tagit input.ui-autocomplete-input");
      const label = document.getElementById(field.id + "-label");
      if (typed && label && !typed.hasAttribute("aria-labelledby")) {
        typed.setAttribute("aria-labelledby", label.id);
      }
    });
  }

  function labelRichText() {
    const unnamed = ".public-DraftEditor-content[role=textbox]:not([aria-labelledby]):not([aria-label])";
    document.querySelectorAll(unnamed).forEach(function (box) {
      const field = box.closest(".w-field");
      const label = field && field.querySelector("label[id]");
      const panel = box.closest("section[aria-labelledby]");
      const name = label ? label.id : panel && panel.getAttribute("aria-labelledby");
      if (name) {
        box.setAttribute("aria-labelledby", name);
      }
    });
  }

  function label() {
    labelTagFields();
    labelRichText();
  }

  new MutationObserver(label).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", label);
})();
