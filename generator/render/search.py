"""The search index: small files a phone fetches only as a query needs them.

Every word is indexed under its folded form (no diacritics, ``đ`` → ``d``),
and, inside that, under its spelling with the tone moved to the word's end, so
a query typed without accents finds every spelling while a query with accents
ranks the exact spelling first. Words are grouped into shards by the first
letters of their folded form; a shard that grows too large is split by one
more letter. ``templates/overrides/assets/javascripts/search.js`` reads it.

Files (under ``search/``):

- ``manifest.json``: format version, shard keys, the docs file name;
- ``docs.<hash>.json``: per procedure [title, code, field number, slug or ""];
- ``t.<hash>.json``, one per shard: ``{folded: {spelling: [doc, weight, doc, weight, ...]}}``;
  a folded key with spaces is a whole title or keyword ("ho khau"), which
  earns a bonus when it is exactly the query.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache

from generator.model.records import Procedure
from generator.text.vietnamese import canonical_tones, fold_diacritics, slugify

FORMAT = 1
SHARD_BYTES = 12_000
"""Largest shard before it is split by one more letter (raw JSON; about a third gzipped)."""

WEIGHTS = {"code": 40, "phrase": 20, "title": 10, "keywords": 10, "field": 3, "agency": 2, "body": 1}
"""A word's score in a procedure is 4 × the sum of the weights of the fields it is
in, plus one for each further time it is used (up to 8): a word in the title and
the keywords outranks one in the keywords only, and ties go to the procedure
that is more about the word."""
_CODE = re.compile(r"\d\.\d{6}(?:\.[0-9a-z]+)*")
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> Iterator[str]:
    """The words of *text*, lowercased, as the browser script splits them."""
    lowered = text.lower()
    yield from _CODE.findall(lowered)
    yield from _WORD.findall(_CODE.sub(" ", lowered))


def code_terms(code: str) -> list[str]:
    """``1.004222`` is found as ``1.004222``, ``1004222`` and ``004222``."""
    code = code.lower()
    digits = code.replace(".", "")
    terms = [digits, code.split(".")[1]]
    if digits != code.replace(".", "", 1):  # a local variant: 1.000110.000.00.00.h01
        terms.append(code.split(".")[0] + code.split(".")[1])
    return terms


_LINK_TARGET = re.compile(r"\]\([^)]*\)|<https://[^>]*>")


def _plain(text: str) -> str:
    """Markdown without its link targets; the word pattern skips the rest of the markup."""
    return _LINK_TARGET.sub(" ", text)


@cache
def _forms(word: str) -> tuple[str, str]:
    """(folded, spelling) of one word; a catalogue repeats a few thousand words a million times."""
    return fold_diacritics(word), canonical_tones(word)


def _fields(p: Procedure) -> Iterator[tuple[str, Iterable[str]]]:
    yield "title", words(p.title)
    yield "keywords", (w for k in p.keywords for w in words(k))
    yield "field", words(p.field)
    yield "agency", words(p.agency)
    body = [p.summary or "", *p.steps, *p.applicants, *p.results, *p.requirements]
    body += [d.name for g in p.documents for d in g.items] + [g.case or "" for g in p.documents]
    yield "body", (w for text in body for w in words(_plain(text)))


Postings = dict[str, dict[str, dict[int, int]]]
"""folded word → spelling → document number → weight."""


Terms = dict[tuple[str, str], int]
"""(folded word, spelling) → weight, in one procedure."""


def procedure_terms(p: Procedure) -> Terms:
    """The words *p* is found by, with their weights."""
    fields: dict[tuple[str, str], set[str]] = defaultdict(set)
    uses: dict[tuple[str, str], int] = defaultdict(int)
    for term in code_terms(p.code):
        fields[term, term].add("code")
    for field, text_words in _fields(p):
        for word in text_words:
            terms = [(t, t) for t in code_terms(word)] if _CODE.fullmatch(word) else [_forms(word)]
            for folded, spelling in terms:
                fields[folded, spelling].add(field)
                uses[folded, spelling] += 1
    for phrase in (p.title, *p.keywords):
        phrase_words = [w for w in words(phrase) if not _CODE.fullmatch(w)]
        if len(phrase_words) > 1:
            forms = [_forms(w) for w in phrase_words]
            fields[" ".join(f for f, _ in forms), " ".join(s for _, s in forms)].add("phrase")
    return {
        key: 4 * sum(WEIGHTS[f] for f in found_in) + min(max(uses[key] - 1, 0), 8) for key, found_in in fields.items()
    }


TermsMemo = dict[int, tuple[Procedure, Terms]]
"""Terms of procedures seen before, by object identity (``catalogue serve`` keeps one between rebuilds)."""


def postings(procedures: Iterable[Procedure], memo: TermsMemo | None = None) -> Postings:
    memo = memo if memo is not None else {}
    index: Postings = defaultdict(lambda: defaultdict(dict))
    live = set()
    for number, p in enumerate(procedures):
        known = memo.get(id(p))
        if known is None or known[0] is not p:
            known = memo[id(p)] = (p, procedure_terms(p))
        live.add(id(p))
        for (folded, spelling), weight in known[1].items():
            index[folded][spelling][number] = weight
    for gone in set(memo) - live:
        del memo[gone]
    return index


def _encode(terms: dict[str, dict[str, dict[int, int]]]) -> str:
    data = {
        folded: {
            spelling: [x for doc, w in sorted(docs.items()) for x in (doc, w)]
            for spelling, docs in sorted(forms.items())
        }
        for folded, forms in sorted(terms.items())
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _shards(index: Postings, key_length: int = 2) -> Iterator[tuple[str, str]]:
    """(key, JSON) of each shard; a shard over SHARD_BYTES is split by one more letter."""
    groups: dict[str, dict[str, dict[str, dict[int, int]]]] = defaultdict(dict)
    for folded, forms in index.items():
        groups[folded[:key_length]][folded] = forms
    for key, terms in sorted(groups.items()):
        encoded = _encode(terms)
        longer = {f: forms for f, forms in terms.items() if len(f) > key_length}
        if len(encoded.encode()) > SHARD_BYTES and longer and key_length < 6:
            rest = {f: forms for f, forms in terms.items() if len(f) <= key_length}
            if rest:
                yield key, _encode(rest)
            yield from _shards(longer, key_length + 1)
        else:
            yield key, encoded


def _name(stem: str, content: str) -> str:
    """A file name safe on any host: the kind of file and a hash of its content."""
    digest = hashlib.sha256(content.encode()).hexdigest()[:12]
    return f"{stem}.{digest}.json"


def search_files(procedures: list[Procedure], memo: TermsMemo | None = None) -> dict[str, str]:
    """Every file of the search index, by path under ``search/``.

    *memo* keeps each procedure's terms, so a rebuild after one edit indexes one procedure.
    """
    fields = sorted({p.field for p in procedures})
    field_number = {name: number for number, name in enumerate(fields)}
    docs = [[p.title, p.code, field_number[p.field], "" if p.slug == slugify(p.title) else p.slug] for p in procedures]
    docs_json = json.dumps({"fields": fields, "docs": docs}, ensure_ascii=False, separators=(",", ":"))
    files = {}
    shard_names = {}
    for key, content in _shards(postings(procedures, memo)):
        name = _name("t", content)
        files[name] = content
        shard_names[key] = name
    docs_name = _name("docs", docs_json)
    files[docs_name] = docs_json
    manifest = {"v": FORMAT, "docs": docs_name, "shards": shard_names}
    files["manifest.json"] = json.dumps(manifest, separators=(",", ":"))
    return files
