// Marks each language tab of a translated field whose text is empty (after
// modeltranslation's tabbed_translation_fields.js has made the tabs), so a missing
// translation shows without opening every tab; the mark follows what is typed.
"use strict";
window.addEventListener("load", () => {
  const say = window.gettext || ((text) => text);
  for (const link of document.querySelectorAll(".ui-tabs-nav a[href^='#']")) {
    const panel = document.getElementById(link.getAttribute("href").slice(1));
    const field = panel && panel.querySelector("input.mt, textarea.mt");
    if (!field) {
      continue;
    }
    const language = link.title || link.textContent;
    const mark = () => {
      const missing = field.value.trim() === "";
      link.parentElement.classList.toggle("mt-missing", missing);
      link.setAttribute("aria-label", missing ? `${language}: ${say("not written yet")}` : language);
    };
    mark();
    field.addEventListener("input", mark);
  }
});
