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
 * it was found by).
 *
 * Questions are read as citizens type them: filler words ("thì", "ở đâu",
 * "cho con", from the vocabulary in the manifest) are not required of a
 * procedure and weigh little; a word found in no title or keyword whose
 * sound-alike or one-letter neighbour is ("tạm chú", "đăng kí") is read as
 * that word too. Among equally good results a commune procedure comes before
 * a provincial one, and one the record says is ending never comes first.
 * The text rules here mirror generator/text/vietnamese.py and
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
  var STRONG = 40;  // a word's weight when it is in a title or keyword (generator/web/search.py, WEIGHTS)
  var PAIR = 32;  // the weight of two words side by side in a title or keyword
  var BODY = 0.5;  // a word a procedure has only in its text (not title, keywords, code) counts half a word
  var FILLER = 0.25;  // what a filler word adds to a procedure's score, against a word that carries meaning
  var GUESS = 0.6;  // what a sound-alike or a one-letter neighbour adds, against the word as typed
  var COVER = 40;  // added for a title made of the words asked for only (in part: in proportion)
  var COMMUNE = 1, ENDING = 2;  // flags at the end of a procedure's entry in the docs file
  var SOUNDS = [  // first and last letters that people mix up or that sound alike (folded)
    [/^tr/, "ch"], [/^ch/, "tr"], [/^s/, "x"], [/^x/, "s"], [/^gi/, "d"], [/^d/, "gi"], [/^r/, "d"], [/^d/, "r"],
    [/^l/, "n"], [/^n(?![gh])/, "l"], [/([^aeiouy])y$/, "$1i"], [/([^aeiouy])i$/, "$1y"],
    [/ng$/, "n"], [/([^gn])n$/, "$1ng"], [/c$/, "t"], [/t$/, "c"],
  ];

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

  /* Mark the terms that are filler words or phrases of the vocabulary ("ở đâu", "cho con"): compared by
     spelling when typed with accents, folded when not. A query of filler only is taken as it is. */
  function markFiller(terms, filler) {
    var spelled = {}, folded = {}, longest = 1;
    (filler || []).forEach(function (phrase) {
      spelled[phrase] = folded[fold(phrase)] = true;
      longest = Math.max(longest, phrase.split(" ").length);
    });
    terms.fillerSpelled = spelled;
    for (var i = 0; i < terms.length; i++) {
      for (var n = Math.min(longest, terms.length - i); n > 0; n--) {
        var part = terms.slice(i, i + n);
        if (part.some(function (term) { return term.isCode || term.prefix; })) continue;
        var accented = part.some(function (term) { return term.accented; });
        var key = part.map(function (term) { return accented ? term.spelling : term.folded[0]; }).join(" ");
        if (accented ? spelled[key] : folded[key]) {
          part.forEach(function (term) { term.filler = true; });
          i += n - 1;
          break;
        }
      }
    }
    if (terms.every(function (term) { return term.filler; })) terms.forEach(function (term) { term.filler = false; });
  }

  /* The highest weight of *folded* in *shard* (0 when it is not there); of its spelling *only*, if given
     ("chú" typed is weak though "chủ" is in a title). */
  function strength(shard, folded, only) {
    var forms = shard[folded], most = 0;
    Object.keys(forms || {}).forEach(function (form) {
      if (only && form !== only) return;
      for (var i = 1; i < forms[form].length; i += 2) most = Math.max(most, forms[form][i]);
    });
    return most;
  }

  /* Whether *a* and *b* differ by one letter added, dropped or changed. */
  function oneApart(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) return false;
    var i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    return a.slice(i + 1) === b.slice(i + 1) || a.slice(i) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i);
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

  /* Misspellings: a word that is in no title or keyword ("chú" of "thường chú"), or that is but never after
     the word typed before it ("tạm chú": "chú" is in "cô, dì, chú, bác"; "tạm chú" in no title), is also
     read as the sound-alikes and one-letter neighbours (for words of four letters or more) that are ("trú";
     "tạm trú"), the strongest first. Changes the terms; resolves when done. */
  Index.prototype.correct = function (manifest, terms) {
    var self = this;
    function weight(key, only) {
      return Promise.all(self.shardsFor(manifest, key, false).map(function (name) { return self.get(name); }))
        .then(function (shards) {
          return shards.reduce(function (most, shard) { return Math.max(most, strength(shard, key, only)); }, 0);
        });
    }
    function meant(term) {
      return term && !term.isCode && !term.filler && !term.prefix && !/\d/.test(term.folded[0]);
    }
    var typed = terms.map(function (term) { return term.folded[0]; });
    return Promise.all(terms.map(function (term, at) {
      if (!meant(term)) return null;
      var word = typed[at];
      var before = meant(terms[at - 1]) ? typed[at - 1] + " " : null;
      return Promise.all([weight(word, term.accented ? term.spelling : null), before ? weight(before + word) : 0])
        .then(function (found) {
          var alone = found[0] >= STRONG;
          if (alone && (!before || found[1] >= PAIR)) return null;
          var guesses = SOUNDS.map(function (rule) { return word.replace(rule[0], rule[1]); })
            .filter(function (guess, index, all) { return guess !== word && all.indexOf(guess) === index; });
          var own = self.shardsFor(manifest, word, false);
          return Promise.all(own.map(function (name) { return self.get(name); })).then(function (shards) {
            if (word.length >= 4) {
              shards.forEach(function (shard) {
                Object.keys(shard).forEach(function (key) {
                  if (key.indexOf(" ") < 0 && oneApart(word, key) && guesses.indexOf(key) < 0) guesses.push(key);
                });
              });
            }
            return Promise.all(guesses.map(function (guess) {
              return Promise.all([weight(guess), before ? weight(before + guess) : 0]);
            }));
          }).then(function (weights) {
            var strong = guesses.map(function (guess, index) { return [guess, weights[index]]; })
              .filter(function (pair) { return alone ? pair[1][1] >= PAIR : pair[1][0] >= STRONG; })
              .sort(function (a, b) { return b[1][1] - a[1][1] || b[1][0] - a[1][0]; })
              .map(function (pair) { return pair[0]; });
            if (strong.length) {
              term.guessed = strong.length;
              term.folded = strong.concat(term.folded);
            }
          });
        });
    }));
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
          var guess = term.guessed && term.folded.indexOf(folded) < term.guessed;
          Object.keys(forms).forEach(function (form) {
            var exact = term.accented && form === term.spelling ? 1 : 0;
            var factor = (whole ? 1 : 0.6) * (guess ? GUESS : 1);
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
      markFiller(terms, manifest.filler);
      return self.correct(manifest, terms);
    }).then(function () {
      var words = terms.filter(function (term) { return !term.isCode; });
      var pairs = [];
      for (var i = 0; i + 1 < words.length; i++) {
        if (!words[i + 1].prefix && !words[i].filler && !words[i + 1].filler) pairs.push(joined([words[i], words[i + 1]]));
      }
      return Promise.all([
        self.get(manifest.docs),
        Promise.all(terms.map(function (term) { return self.scoreTerm(manifest, term); })),
        words.length > 1 ? self.scoreTerm(manifest, joined(words)) : {},
        Promise.all(pairs.map(function (pair) { return self.scoreTerm(manifest, pair); })),
      ]);
    }).then(function (loaded) {
      var docs = loaded[0], perTerm = loaded[1], phraseScores = loaded[2], perPair = loaded[3];
      /* A procedure the record says is ending never first. Then those with more of the words that carry
         meaning (filler words are not required; only procedures with every word, or one fewer than the
         best, are listed), each word weighed by how rare it is in titles and keywords, and by less when
         found only in a procedure's text, not its title, keywords or code, or spelt otherwise than typed
         with accents ("sự" for "sử"). Then those where the words typed side by side stand side by side;
         then those with more words spelt exactly as typed ("mã" before "ma"); then the higher score, a
         commune procedure's a tenth higher; then the shorter title (the procedure before its special
         cases). */
      var total = {};
      var count = docs.docs.length;
      perTerm.forEach(function (scores, index) {
        var filler = terms[index].filler;
        var found = Object.keys(scores);
        /* How rare the word is in titles and keywords: "căn cước" (in every list of papers, in few
           titles) says more than "lại" */
        var named = found.filter(function (doc) { return scores[doc].score >= STRONG / 2; }).length;
        var rare = Math.log(1 + count / Math.max(named || found.length, 1));
        found.forEach(function (doc) {
          var sum = total[doc] || (total[doc] = { words: 0, matched: 0, pairs: 0, exact: 0, score: 0 });
          if (!filler) {
            sum.words += 1;
            /* Having the word at all counts half; in the title or keywords, spelt as typed, the rest */
            sum.matched += rare * (BODY + (scores[doc].score >= STRONG / 2 ? 1 : BODY) *
              (terms[index].accented && !scores[doc].exact ? BODY : 1));
            sum.exact += scores[doc].exact;
          }
          sum.score += scores[doc].score * (filler ? FILLER : 1);
        });
      });
      Object.keys(total).forEach(function (doc) {
        if (phraseScores[doc]) total[doc].score += phraseScores[doc].score;
        perPair.forEach(function (scores) {
          if (scores[doc]) { total[doc].pairs += 1; total[doc].score += scores[doc].score; }
        });
      });
      var meaning = terms.filter(function (term) { return !term.filler; }).length;
      var best = Object.keys(total).reduce(function (most, doc) { return Math.max(most, total[doc].words); }, 0);
      var partial = best < meaning;
      /* A question of three words or more also lists those with one word fewer: "bị mất căn cước thì
         làm lại ở đâu" means the card even if its procedure never says "lại". */
      var least = partial || meaning >= 3 ? Math.max(1, best - 1) : best;
      var flags = function (doc) { return docs.docs[doc][7] || 0; };
      var meant = terms.filter(function (term) { return !term.filler; });
      /* When the title has every word asked for: how much of it (its filler words left out: "Thủ tục")
         they are. "Đăng ký khai sinh" is more about "đăng ký khai sinh" than a title that adds four more. */
      var cover = function (doc) {
        var title = words(docs.docs[doc][0]).filter(function (word) { return !terms.fillerSpelled[canonicalTones(word)]; });
        var found = meant.map(function () { return false; });
        var hit = title.filter(function (word) {
          var folded = fold(word), any = false;
          meant.forEach(function (term, at) {
            if (term.folded.some(function (f) { return folded === f || (term.prefix && folded.indexOf(f) === 0); })) {
              found[at] = any = true;
            }
          });
          return any;
        });
        return title.length && found.every(Boolean) ? hit.length / title.length : 0;
      };
      var score = function (doc) {
        var sum = total[doc];
        if (sum.cover === undefined) sum.cover = cover(doc);
        return (sum.score + COVER * sum.cover) * (flags(doc) & COMMUNE ? 1.1 : 1);
      };
      var ranked = Object.keys(total).filter(function (doc) { return total[doc].words >= least; })
        .map(Number).sort(function (a, b) {
          var x = total[a], y = total[b];
          return (flags(a) & ENDING) - (flags(b) & ENDING) || y.matched - x.matched || y.pairs - x.pairs ||
            y.exact - x.exact || score(b) - score(a) || docs.docs[a][0].length - docs.docs[b][0].length || a - b;
        });
      var missing = terms.filter(function (term, index) { return !term.filler && !Object.keys(perTerm[index]).length; });
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
  /* A word typed with accents is marked only where it is spelt so ("mất", not "mặt"); a guess for a
     misspelt word, wherever it stands. */
  function hits(word, term) {
    var plain = word.replace(/\.$/, ""), folded = fold(plain);
    var typed = term.folded[term.guessed || 0];
    return term.folded.some(function (f) {
      if (f === typed && term.accented && !term.prefix && canonicalTones(plain) !== term.spelling) return false;
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
      var hit = terms.some(function (term) { return !term.filler && hits(word, term); });
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
    var unseen = result.terms.filter(function (term) { return !term.isCode && !term.filler && !has(doc[0], term); });
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
      return index.get(result.manifest.synonyms).then(function (synonyms) {
        var said = Object.keys(synonyms).filter(function (word) {
          return unseen.some(function (term) { return has(word, term); });
        });
        return said.length ? [format(text.synonym, { word: said[0], official: synonyms[said[0]] }), false] : null;
      });
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
  if (typeof module === "object" && module) module.exports = { Index: Index };  // node, in the fast tests
})();
