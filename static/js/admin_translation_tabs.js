// Marks each language tab of a translated field whose text is empty (after
// modeltranslation's tabbed_translation_fields.js has made the tabs), so a missing
// translation shows without opening every tab; the mark follows what is typed. And names
// what the admin's scripts leave unnamed (the language switch, select2's search fields).
// Whenever the scripts add such elements (at start, on "Add another"), they are handled.
"use strict";
(() => {
  // The admin's /admin/jsi18n/ catalogue (locale/*/LC_MESSAGES/djangojs.po), if loaded;
  // called by name with literal strings so that makemessages finds them.
  const gettext = window.gettext || ((text) => text);

  // jQuery UI makes the list item the tab (role, focus, keys, clicks) and leaves a link
  // inside it that scripts can focus: a control inside a control (axe: nested-interactive).
  // Once the tabs are made, the links lose href and tabindex; jQuery UI finds a panel by
  // the tab's aria-controls, and only asks the href whether to fetch the panel over the
  // network: a link without one is told local.
  // (jQuery UI is loaded after this file: it is looked for when the tabs are there.)
  const hrefLessIsLocal = () => {
    const tabs = window.jQuery && window.jQuery.ui && window.jQuery.ui.tabs;
    if (tabs && !tabs.prototype.hrefLessIsLocal) {
      const isLocal = tabs.prototype._isLocal;
      tabs.prototype._isLocal = function (anchor) {
        return !anchor.hasAttribute("href") || isLocal.call(this, anchor);
      };
      tabs.prototype.hrefLessIsLocal = true;
    }
    return Boolean(tabs);
  };

  const markTabs = () => {
    const links = document.querySelectorAll(".ui-tabs-nav a.ui-tabs-anchor[href^='#']");
    const tabs = links.length > 0 && hrefLessIsLocal();
    for (const link of links) {
      const panel = document.getElementById(link.getAttribute("href").slice(1));
      if (tabs) {
        link.removeAttribute("href");
        link.removeAttribute("tabindex");
      }
      const field = panel && panel.querySelector("input.mt, textarea.mt");
      if (!field) {
        continue;
      }
      // The accessible name starts with the visible text (axe: label-content-name-mismatch).
      const shown = link.textContent.trim();
      const language = link.title && link.title !== shown ? `${shown}, ${link.title}` : shown;
      const mark = () => {
        const missing = field.value.trim() === "";
        link.parentElement.classList.toggle("mt-missing", missing);
        link.setAttribute("aria-label", missing ? `${language}: ${gettext("not written yet")}` : language);
      };
      mark();
      field.addEventListener("input", mark);
    }
  };

  const nameControls = () => {
    const mainSwitch = document.getElementById("modeltranslation-main-switch");
    if (mainSwitch && !mainSwitch.hasAttribute("aria-label")) {
      mainSwitch.setAttribute("aria-label", gettext("Language of every translated field"));
    }
    // select2 (the admin's autocomplete) leaves its search field without a name: give it
    // the name of the select it stands for.
    for (const search of document.querySelectorAll(".select2-search__field:not([aria-label])")) {
      const container = search.closest(".select2-container");
      const select = container && container.previousElementSibling;
      if (!select || select.tagName !== "SELECT") {
        continue;
      }
      const label = select.id && document.querySelector(`label[for="${select.id}"]`);
      const name = select.getAttribute("aria-label") || (label && label.textContent.replace(/:$/, ""));
      if (name) {
        search.setAttribute("aria-label", name.trim());
      }
    }
  };

  const update = () => {
    markTabs();
    nameControls();
  };
  new MutationObserver(update).observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener("load", update);
})();
