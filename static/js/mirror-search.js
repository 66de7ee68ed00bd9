/*
 * Name search on the static copy of the site, where no server answers a query.
 *
 * The list page of the copy carries a hidden form (templates/prisoners/prisoner_list.html)
 * whose data-index names the prebuilt index (prisoners.views.search_index). This script
 * shows the form, loads the index when the reader first uses it, folds what they type
 * with the index's own rules (prisoners/search.py: fold, skeleton, query_terms, exported
 * by folding_rules) and lists the matching profiles as links, exact spellings first, as
 * the site's search does. The index carries each person's folded keys as the server
 * stores them, so only the query is folded here. Without JavaScript the form stays
 * hidden and the initials lead through the list.
 */
(function () {
  "use strict";

  var SHOWN = 50;

  // clean_query: no control characters, whitespace collapsed, at most `length` letters.
  function cleanQuery(raw, rules) {
    var printable = raw.replace(/\p{C}/gu, "");
    var words = printable.split(/\s+/).filter(Boolean).join(" ");
    return Array.from(words).slice(0, rules.length).join("");
  }

  // fold: lower case, accents dropped, Cyrillic and other letters by the table, then
  // words of [a-z0-9] separated by single spaces.
  function fold(text, rules) {
    var decomposed = text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
    var out = "";
    for (var ch of decomposed) {
      out += Object.prototype.hasOwnProperty.call(rules.letters, ch) ? rules.letters[ch] : ch;
    }
    return out.replace(/[^a-z0-9]+/g, " ").trim();
  }

  // skeleton: the usual romanisations of one sound to one letter, then vowels and
  // glides dropped after the first letter, then repeated letters once.
  function skeleton(word, rules) {
    rules.digraphs.forEach(function (pair) {
      word = word.split(pair[0]).join(pair[1]);
    });
    var classed = "";
    for (var ch of word) {
      classed += Object.prototype.hasOwnProperty.call(rules.classes, ch) ? rules.classes[ch] : ch;
    }
    var dropped = new RegExp("[" + rules.dropped + "]", "g");
    classed = classed.slice(0, 1) + classed.slice(1).replace(dropped, "");
    return classed.replace(/(.)\1+/g, "$1");
  }

  // query_terms: each folded word with its skeleton, or null where it is too short.
  function queryTerms(query, rules) {
    var words = fold(cleanQuery(query, rules), rules).split(" ").filter(Boolean);
    return words.slice(0, rules.words).map(function (word) {
      var key = skeleton(word, rules);
      return [word, key.length >= rules.min ? key : null];
    });
  }

  // PersonQuerySet.search: every word in the folded spellings, or its skeleton in
  // theirs; exact spellings first, then in the list's order (the index's).
  function search(index, query) {
    var terms = queryTerms(query, index.fold);
    if (!terms.length) return null;
    var exact = [];
    var loose = [];
    index.people.forEach(function (person) {
      var text = person[2];
      var skeletons = person[3];
      var isExact = true;
      for (var i = 0; i < terms.length; i++) {
        var inText = text.indexOf(terms[i][0]) !== -1;
        if (!inText && !(terms[i][1] && skeletons.indexOf(terms[i][1]) !== -1)) return;
        isExact = isExact && inText;
      }
      (isExact ? exact : loose).push(person);
    });
    return exact.concat(loose);
  }

  // For tests (tests/prisoners/test_mirror_search_js.py runs this file in Node).
  if (typeof module !== "undefined" && module.exports) {
    module.exports = { cleanQuery: cleanQuery, fold: fold, skeleton: skeleton,
      queryTerms: queryTerms, search: search };
    return;
  }

  var form = document.getElementById("mirror-search");
  if (!form || !window.fetch) return;
  var input = document.getElementById("mirror-q");
  var status = document.getElementById("mirror-search-status");
  var list = document.getElementById("mirror-search-list");
  var indexUrl = new URL(form.dataset.index, document.baseURI);
  var loading = null;
  var timer = null;

  function load() {
    if (!loading) {
      status.textContent = form.dataset.loading;
      loading = fetch(indexUrl.href).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      });
    }
    return loading;
  }

  function show(found) {
    list.replaceChildren();
    if (found === null) {
      status.textContent = "";
      return;
    }
    if (!found.length) {
      status.textContent = form.dataset.none;
      return;
    }
    status.textContent = form.dataset.found + " " + found.length;
    found.slice(0, SHOWN).forEach(function (person) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      // Relative to the index, as the copy writes it, wherever the copy is served.
      link.href = new URL(person[0], indexUrl).href;
      link.textContent = person[1];
      item.appendChild(link);
      list.appendChild(item);
    });
    if (found.length > SHOWN) status.textContent += ". " + form.dataset.more;
  }

  function update() {
    var query = input.value;
    load().then(function (index) {
      if (input.value === query) show(search(index, query));
    }, function () {
      status.textContent = form.dataset.failed;
      loading = null;
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update();
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  });
  input.addEventListener("focus", function () { load().catch(function () {}); }, { once: true });
  form.hidden = false;
})();
