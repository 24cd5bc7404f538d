/* Procedure search for the catalogue site.
 *
 * Reads the index that generator/web/search.py writes (search/): a manifest,
 * one file of procedure titles, and shards of words grouped by their first
 * letters, fetched only when a query needs them. Words are compared folded
 * (no diacritics, đ → d) so a query typed without accents finds every
 * spelling; a query with accents ranks the exact spelling first; words typed
 * side by side rank first where they stand side by side ("hộ chiếu", not "hỗ
 * trợ … đối chiếu"). When no procedure has every word, the procedures with
 * the most of them are shown, and the page says so. A result whose title does
 * not show why it matched gets a snippet (a keyword, a sentence, or the synonym
 * it was found by). The text rules here mirror generator/text/vietnamese.py and
 * generator/web/search.py. Folding, formatting, the cards and the addresses of
 * the index and of the procedures are common.js's (TT), loaded before this.
 */
(function () {
  "use strict";

  var TONE = /[\u0300\u0301\u0303\u0309\u0323]/g;
  var CODE = /\d\.\d{6}(?:\.[0-9a-z]+)*/g;
  var CODE_ONLY = /^\d\.\d{6}(?:\.[0-9a-z]+)*$/;
  var WORD = /[\p{L}\p{N}]+/gu;
  var MAX_RESULTS = 50;
  var MIN_PREFIX = 3;
  var MAX_SHARDS = 8;
  var SNIPPETS = 5;  // results that may fetch a snippet file (2.4 KB at most gzipped) to say why they matched

  var fold = TT.fold;
  var format = TT.format;

  function canonicalTones(word) {
    var parts = word.toLowerCase().normalize("NFD");
    var tones = parts.match(TONE);
    return (parts.replace(TONE, "") + (tones ? tones[0] : "")).normalize("NFC");
  }

  function slugify(text) {
    return fold(text).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function words(text) {
    var lowered = text.normalize("NFC").toLowerCase();
    var codes = lowered.match(CODE) || [];
    return codes.concat(lowered.replace(CODE, " ").match(WORD) || []);
  }

  function codeTerms(code) {
    var digits = code.replace(/\./g, "");
    var parts = code.split(".");
    var terms = [digits, parts[1]];
    if (parts.length > 2) terms.push(parts[0] + parts[1]);
    return terms;
  }

  /* A query as terms: each has the folded forms it may match, its spelling,
     and whether it may match as the start of a longer word. */
  /* *typing*: the citizen is still typing, so the last word may be unfinished.
     A submitted query (Enter, the button, a link with ?q=) is taken as whole. */
  function parseQuery(query, typing) {
    var found = words(query);
    var open = typing && !/\s$/.test(query);
    var last = found[found.length - 1];
    if (open && found.length > 1 && !CODE_ONLY.test(last) && fold(last).length < MIN_PREFIX) {
      found.pop();  // "xoa dang k": wait for the next letter rather than find nothing
    }
    return found.map(function (word, index) {
      var isCode = CODE_ONLY.test(word);
      var folded = isCode ? codeTerms(word) : [fold(word)];
      var spelling = isCode ? folded[0] : canonicalTones(word);
      return {
        word: word,
        isCode: isCode,
        folded: folded,
        spelling: spelling,
        accented: !isCode && spelling !== folded[0],
        prefix: open && index === found.length - 1 && !isCode && folded[0].length >= MIN_PREFIX,
      };
    });
  }

  function Index() {
    this.files = {};
  }

  Index.prototype.get = function (name) {
    var files = this.files;
    if (!files[name]) {
      files[name] = fetch(TT.url("index", name)).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + name);
        return response.json();
      }).catch(function (error) {
        delete files[name];  // try again with the next query
        throw error;
      });
    }
    return files[name];
  };

  /* The shard a whole word is in, plus, for a word still being typed, the
     shards its continuations were split into ("thu" → "thuo", "thua"...). */
  Index.prototype.shardsFor = function (manifest, folded, prefix) {
    var names = [];
    for (var length = Math.min(folded.length, 6); length > 0; length--) {
      var name = manifest.shards[folded.slice(0, length)];
      if (name) { names.push(name); break; }
    }
    if (prefix) {
      Object.keys(manifest.shards).forEach(function (key) {
        if (key.length > folded.length && key.indexOf(folded) === 0 && names.length < MAX_SHARDS) {
          names.push(manifest.shards[key]);
        }
      });
    }
    return names;
  };

  /* For one term, each matching document's best score, and whether it has the
     word spelt exactly as the query spells it (only asked of accented terms). */
  Index.prototype.scoreTerm = function (manifest, term) {
    var self = this;
    var wanted = [];
    term.folded.forEach(function (folded) {
      self.shardsFor(manifest, folded, term.prefix).forEach(function (name) { wanted.push([folded, name]); });
    });
    return Promise.all(wanted.map(function (pair) {
      return self.get(pair[1]).then(function (shard) { return [pair[0], shard]; });
    })).then(function (pairs) {
      var scores = {};
      pairs.forEach(function (pair) {
        var folded = pair[0], shard = pair[1];
        Object.keys(shard).forEach(function (word) {
          var whole = word === folded;
          if (!whole && (!term.prefix || word.indexOf(" ") >= 0 || word.indexOf(folded) !== 0)) return;
          var forms = shard[word];
          Object.keys(forms).forEach(function (form) {
            var exact = term.accented && form === term.spelling ? 1 : 0;
            var factor = whole ? 1 : 0.6;
            var postings = forms[form];
            for (var i = 0; i < postings.length; i += 2) {
              var found = scores[postings[i]] || (scores[postings[i]] = { score: 0, exact: 0 });
              found.score = Math.max(found.score, postings[i + 1] * factor);
              found.exact = Math.max(found.exact, exact);
            }
          });
        });
      });
      return scores;
    });
  };

  /* Several words as one term: the whole query as a title or keyword, or two neighbouring words. */
  function joined(words) {
    return {
      folded: [words.map(function (term) { return term.folded[0]; }).join(" ")],
      spelling: words.map(function (term) { return term.spelling; }).join(" "),
      accented: words.some(function (term) { return term.accented; }),
      prefix: false,
    };
  }

  Index.prototype.search = function (query, typing) {
    var self = this;
    var terms = parseQuery(query, typing);
    if (!terms.length) return Promise.resolve(null);
    var manifest;
    return this.get("manifest.json").then(function (loaded) {
      manifest = loaded;
      var words = terms.filter(function (term) { return !term.isCode; });
      var pairs = [];
      for (var i = 0; i + 1 < words.length; i++) {
        if (!words[i + 1].prefix) pairs.push(joined([words[i], words[i + 1]]));
      }
      return Promise.all([
        self.get(manifest.docs),
        Promise.all(terms.map(function (term) { return self.scoreTerm(manifest, term); })),
        words.length > 1 ? self.scoreTerm(manifest, joined(words)) : {},
        Promise.all(pairs.map(function (pair) { return self.scoreTerm(manifest, pair); })),
      ]);
    }).then(function (loaded) {
      var docs = loaded[0], perTerm = loaded[1], phraseScores = loaded[2], perPair = loaded[3];
      /* Documents with every term first; when none has them all, those with the most.
         Then those where the words typed side by side stand side by side; then those
         with more words spelt exactly as typed ("mã" before "ma"); then the higher score. */
      var total = {};
      perTerm.forEach(function (scores) {
        Object.keys(scores).forEach(function (doc) {
          var sum = total[doc] || (total[doc] = { matched: 0, pairs: 0, exact: 0, score: 0 });
          sum.matched += 1;
          sum.score += scores[doc].score;
          sum.exact += scores[doc].exact;
        });
      });
      Object.keys(total).forEach(function (doc) {
        if (phraseScores[doc]) total[doc].score += phraseScores[doc].score;
        perPair.forEach(function (scores) {
          if (scores[doc]) { total[doc].pairs += 1; total[doc].score += scores[doc].score; }
        });
      });
      var best = Object.keys(total).reduce(function (most, doc) { return Math.max(most, total[doc].matched); }, 0);
      var partial = best < terms.length;
      var least = partial ? Math.max(1, best - 1) : best;
      var ranked = Object.keys(total).filter(function (doc) { return total[doc].matched >= least; })
        .map(Number).sort(function (a, b) {
          var x = total[a], y = total[b];
          return y.matched - x.matched || y.pairs - x.pairs || y.exact - x.exact || y.score - x.score || a - b;
        });
      var missing = terms.filter(function (term, index) { return !Object.keys(perTerm[index]).length; });
      return { docs: docs, ranked: ranked, terms: terms, partial: partial && ranked.length > 0, missing: missing,
               manifest: manifest };
    });
  };

  /* [keywords, sentences] of procedure *number*, from its snippet file. */
  Index.prototype.snippetSource = function (manifest, number) {
    var name = manifest.snippets[Math.floor(number / manifest.chunk)];
    return this.get(name).then(function (chunk) { return chunk[number % manifest.chunk]; });
  };

  /* Whether *word* (as written in a text) is what *term* asks for. */
  function hits(word, term) {
    var folded = fold(word.replace(/\.$/, ""));
    return term.folded.some(function (f) {
      if (folded === f || (term.prefix && folded.indexOf(f) === 0)) return true;
      return /^\d+$/.test(f) && folded.replace(/\./g, "").indexOf(f) >= 0;
    });
  }

  function has(text, term) {
    return (text.match(/[\p{L}\p{N}.]+/gu) || []).some(function (word) { return hits(word, term); });
  }

  /* The title as text nodes, with the words the query matched in <mark>. */
  function highlighted(title, terms) {
    var fragment = document.createDocumentFragment();
    var last = 0;
    title.replace(/[\p{L}\p{N}.]+/gu, function (word, at) {
      var hit = terms.some(function (term) { return hits(word, term); });
      if (!hit) return word;
      fragment.appendChild(document.createTextNode(title.slice(last, at)));
      var mark = document.createElement("mark");
      mark.textContent = word;
      fragment.appendChild(mark);
      last = at + word.length;
      return word;
    });
    fragment.appendChild(document.createTextNode(title.slice(last)));
    return fragment;
  }

  /* Why *number* matched, when its title does not show it: a keyword, a sentence of
     the record, or the synonym it was found by; null when the title says it all. */
  function snippet(index, result, number, text) {
    var doc = result.docs.docs[number];
    var unseen = result.terms.filter(function (term) { return !term.isCode && !has(doc[0], term); });
    if (!unseen.length) return null;
    return index.snippetSource(result.manifest, number).then(function (source) {
      var keywords = source[0].filter(function (k) { return unseen.some(function (term) { return has(k, term); }); });
      if (keywords.length) return [format(text.keyword, { text: keywords.slice(0, 3).join(", ") }), true];
      var best = null, most = 0;
      source[1].forEach(function (sentence) {
        var count = unseen.filter(function (term) { return has(sentence, term); }).length;
        if (count > most) { best = sentence; most = count; }
      });
      if (best) return [best, true];
      var synonyms = result.manifest.synonyms || {};
      var said = Object.keys(synonyms).filter(function (word) {
        return unseen.some(function (term) { return has(word, term); });
      });
      return said.length ? [format(text.synonym, { word: said[0], official: synonyms[said[0]] }), false] : null;
    });
  }

  /* What the first results say of why they matched (see snippet), fetched before they are shown:
     a card that grew after being shown would push the cards under it (layout shift). */
  function explain(index, result, text) {
    if (!result || !result.ranked.length) return Promise.resolve([]);
    return Promise.all(result.ranked.slice(0, SNIPPETS).map(function (number) {
      var found = snippet(index, result, number, text);
      return found ? found.catch(function () { return null; }) : null;  // no snippet: the card says enough
    }));
  }

  /* The results' place reaches at least the foot of the screen, so what follows them (the link
     to report a mistake, the footer) is out of sight before and after they change. */
  function keepPlace(container) {
    var below = window.innerHeight - container.getBoundingClientRect().top;
    container.style.minHeight = Math.max(0, Math.ceil(below)) + "px";
  }

  /* *said*: what explain() found for the first results. */
  function render(container, status, browse, result, said) {
    var text = container.dataset;
    container.textContent = "";
    var count = result ? result.ranked.length : 0;
    browse.classList.toggle("tt-search-browse--shown", !count);
    if (!result) {  // no query, or no word in it: the place kept for results stays as it is
      status.textContent = "";
      return;
    }
    if (!count) {
      status.textContent = text.none;
      keepPlace(container);
      return;
    }
    var shown = result.ranked.slice(0, MAX_RESULTS);
    if (result.partial) {
      var missing = result.missing.map(function (term) { return "“" + term.word + "”"; }).join(", ");
      status.textContent = format(missing ? text.partial : text.partialSome, { n: shown.length, missing: missing });
    } else {
      status.textContent = format(count > shown.length ? text.more : text.count, { n: count, shown: shown.length });
    }
    shown.forEach(function (number, place) {
      var doc = result.docs.docs[number];
      var facts = [TT.element("span", "", highlighted(text.code + " " + doc[1], result.terms))];
      if (result.docs.times) {
        var online = doc[6], badge = text["online" + online.charAt(0).toUpperCase() + online.slice(1)];
        facts.push(result.docs.times[doc[4]], result.docs.fees[doc[5]],
                   TT.element("span", "tt-badge tt-badge--" + online, badge));
      }
      var why = said[place];
      container.appendChild(TT.card(
        TT.url("procedures", (doc[3] || slugify(doc[0])) + "/"),
        highlighted(doc[0], result.terms),
        facts,
        why && TT.element("span", "tt-card__why", why[1] ? highlighted(why[0], result.terms) : why[0]),
        TT.element("span", "tt-card__field", result.docs.fields[doc[2]])
      ));
    });
    keepPlace(container);
  }

  /* A commune's name before 1 July 2025 (one of search.html's data-names) loads old-communes.js, which
     says above the results where its citizens go now; other queries load nothing more. */
  function oldCommune(query) {
    var box = document.querySelector("[data-tt-old-search]");
    if (!box || box.hasAttribute("data-loaded")) return;
    var typed = " " + fold(query).replace(/[^a-z0-9]+/g, " ") + " ";
    var names = box.getAttribute("data-names").split("|");
    if (!names.some(function (name) { return typed.indexOf(" " + name + " ") !== -1; })) return;
    box.setAttribute("data-loaded", "");
    var script = document.createElement("script");
    script.src = box.getAttribute("data-script");
    document.head.appendChild(script);
  }

  function start() {
    var form = document.querySelector("[data-tt-search]");
    if (!form) return;
    var input = form.querySelector("input[name=q]");
    var status = document.getElementById("tt-search-status");
    var results = document.getElementById("tt-results");
    var browse = document.querySelector("[data-tt-search-browse]");
    var index = new Index();
    var pending = 0;
    var timer = null;

    /* tt-query (catalogue.css): the browse links give way to the results' place. Set as the
       reader types, so the page moves only in answer to their keys. */
    function searching(query) {
      document.documentElement.classList.toggle("tt-query", !!query.trim());
      if (query.trim()) browse.classList.remove("tt-search-browse--shown");
      else results.style.minHeight = "";
    }

    function run(typing) {
      var query = input.value;
      oldCommune(query);
      var mine = ++pending;
      var url = new URL(window.location.href);
      if (query.trim()) url.searchParams.set("q", query); else url.searchParams.delete("q");
      history.replaceState(null, "", url.href);
      searching(query);
      if (query.trim()) status.textContent = results.dataset.loading;
      index.search(query, typing).then(function (result) {
        return explain(index, result, results.dataset).then(function (said) { return [result, said]; });
      }).then(function (found) {
        if (mine === pending) render(results, status, browse, found[0], found[1]);
      }, function () {
        if (mine !== pending) return;
        status.textContent = results.dataset.error;
        browse.classList.add("tt-search-browse--shown");
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      run(false);
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      searching(input.value);
      timer = setTimeout(function () { run(true); }, 200);
    });
    var initial = new URL(window.location.href).searchParams.get("q");
    if (initial) {
      input.value = initial;
      run(false);
    }
    input.focus();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
