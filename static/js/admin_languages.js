// One language switch for the whole form of a translated model (core/admin.py,
// TranslatedFieldsAdmin): the fields of the chosen language are shown, those of the
// others hidden, in the form and in every inline. It starts on the admin's language (the
// page's lang), or on every language when a hidden field has an error. Without this
// script every language's field is on the page, each labelled with its language
// ("Name [be]"), as modeltranslation draws them.
//
// Each language's choice says how many of its fields are still to be written (empty
// where another language has the text), and such a field is marked while it is shown;
// both follow what is typed. And names what the admin's scripts leave unnamed (select2's
// search fields). New inline entries ("Add another") are handled as they come.
"use strict";
(() => {
  // The admin's /admin/jsi18n/ catalogue (locale/*/LC_MESSAGES/djangojs.po), if loaded;
  // called by name with literal strings so that makemessages finds them.
  const gettext = window.gettext || ((text) => text);
  const ngettext = window.ngettext || ((one, many, n) => (n === 1 ? one : many));
  const interpolate = window.interpolate || ((format, values) => format.replace("%s", values[0]));

  const ALL = "";
  const PREFIX = "mt-field-";
  let shown = null;
  let switchBox = null;

  // Every translated input of the page but the templates of new inline entries, with its
  // language (modeltranslation's class mt-field-<field>-<language>) and the id of its
  // field without the language (what the languages of one field share).
  const translatedInputs = () =>
    [...document.querySelectorAll("input.mt, textarea.mt, select.mt")]
      .filter((input) => !input.closest(".empty-form"))
      .map((input) => {
        const mark = [...input.classList].find((name) => name.startsWith(PREFIX));
        const language = mark ? mark.slice(PREFIX.length).split("-").pop() : "";
        const group = input.id.slice(0, input.id.length - language.length - 1);
        return { input, language, group };
      })
      .filter((field) => field.language);

  // What to hide with an input: its table cell and the column's header (a tabular
  // inline), its box in a line of several fields, or its line.
  const containers = (input) => {
    const holder = input.closest("td, .fieldBox, .form-row");
    if (!holder || holder.tagName !== "TD") {
      return holder ? [holder] : [];
    }
    const name = input.name.split("-").pop();
    const header = holder.closest("table").querySelector(`thead th.column-${CSS.escape(name)}`);
    return header ? [holder, header] : [holder];
  };

  const hasError = (element) => element.matches(".errors") || element.querySelector(".errorlist");

  const missing = (fields) => {
    const written = new Set(fields.filter((f) => f.input.value.trim() !== "").map((f) => f.group));
    return fields.filter((f) => f.input.value.trim() === "" && written.has(f.group));
  };

  const show = (language) => {
    shown = language;
    for (const { input, language: own } of translatedInputs()) {
      for (const element of containers(input)) {
        element.classList.toggle("mt-other-language", language !== ALL && own !== language);
      }
    }
  };

  const markMissing = () => {
    if (!switchBox) {
      return;
    }
    const fields = translatedInputs();
    const empty = missing(fields);
    const emptyInputs = new Set(empty.map((f) => f.input));
    for (const { input } of fields) {
      input.classList.toggle("mt-missing", emptyInputs.has(input));
    }
    for (const count of switchBox.querySelectorAll("[data-missing-of]")) {
      const n = empty.filter((f) => f.language === count.dataset.missingOf).length;
      count.textContent = n ? `: ${interpolate(ngettext("%s field not written yet", "%s fields not written yet", n), [n])}` : "";
    }
  };

  // The language's name in the admin's language, where the browser knows it.
  const languageName = (code) => {
    try {
      const name = new Intl.DisplayNames([document.documentElement.lang], { type: "language" }).of(code);
      return name && name.toLowerCase() !== code.toLowerCase() ? name : "";
    } catch {
      return "";
    }
  };

  // One radio button: a language, shown by its code as on the fields' labels ("[be]"),
  // its full name in the label's title where the browser knows it, and the count of its
  // fields still to write.
  const choice = (value, text, name, missingOf) => {
    const label = document.createElement("label");
    const radio = document.createElement("input");
    radio.type = "radio";
    radio.name = "mt-language";
    radio.value = value;
    radio.checked = value === shown;
    radio.addEventListener("change", () => {
      show(value);
      markMissing();
    });
    label.append(radio, ` ${text}`);
    if (name) {
      label.title = name;
    }
    if (missingOf) {
      const count = document.createElement("span");
      count.className = "mt-missing-count";
      count.dataset.missingOf = missingOf;
      label.append(count);
    }
    return label;
  };

  const makeSwitch = () => {
    const fields = translatedInputs();
    const form = document.querySelector("#content-main form");
    if (switchBox || !fields.length || !form) {
      return;
    }
    const languages = [...new Set(fields.map((f) => f.language))];
    const own = document.documentElement.lang;
    const errorElsewhere = fields.some(
      ({ input, language }) => language !== own && containers(input).some(hasError),
    );
    shown = languages.includes(own) && !errorElsewhere ? own : ALL;

    switchBox = document.createElement("fieldset");
    switchBox.className = "language-switch";
    const legend = document.createElement("legend");
    legend.textContent = gettext("Language of every translated field");
    switchBox.append(legend);
    for (const language of languages) {
      switchBox.append(choice(language, language.toUpperCase(), languageName(language), language));
    }
    switchBox.append(choice(ALL, gettext("All languages")));
    form.before(switchBox);
    show(shown);
    markMissing();
  };

  // select2 (the admin's autocomplete) leaves its search field without a name: give it
  // the name of the select it stands for.
  const nameSearchFields = () => {
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

  document.addEventListener("input", (event) => {
    if (event.target.classList && event.target.classList.contains("mt")) {
      markMissing();
    }
  });
  // A new inline entry ("Add another") shows the chosen language too.
  document.addEventListener("formset:added", () => {
    if (shown !== null) {
      show(shown);
    }
  });
  new MutationObserver(nameSearchFields).observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener("DOMContentLoaded", () => {
    makeSwitch();
    nameSearchFields();
  });
})();
