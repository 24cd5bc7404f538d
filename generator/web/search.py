"""The search index: small files a phone fetches only as a query needs them.

Every word is indexed under its folded form (no diacritics, ``đ`` → ``d``),
and, inside that, under its spelling with the tone moved to the word's end, so
a query typed without accents finds every spelling while a query with accents
ranks the exact spelling first. Words are grouped into shards by the first
letters of their folded form; a shard that grows too large is split by one
more letter. ``templates/overrides/assets/javascripts/search.js`` reads it.

Files (under ``search/``):

- ``manifest.json``: format version, shard keys, the docs file name, the
  snippet files, and the catalogue's synonyms (to say why a result matched);
- ``docs.<hash>.json``: per procedure [title, code, field number, slug or "",
  time number, fee number, online], with the lists of fields, times and fees;
- ``t.<hash>.json``, one per shard: ``{folded: {spelling: [doc, weight, doc, weight, ...]}}``;
  a folded key with spaces is a pair of words that follow each other in a
  title or keyword ("ho chieu"), or a whole title or keyword ("ho khau"),
  which earns a bonus when it is exactly the query;
- ``s.<hash>.json``, one per SNIPPET_DOCS procedures: [keywords, sentences] of
  each, fetched only for results whose title does not show why they matched.

Synonyms are applied here: wherever a record says the official words, the
index also holds the words citizens type, so ``cccd``, ``nhập hộ khẩu`` or
``làm hộ chiếu`` find a record without keywords. They are the built-in
vocabulary of public-service Vietnamese (``vocabulary.yaml`` beside this file,
which works on any catalogue; applied where records name a procedure: title,
keywords, field) with the office's own (settings ``synonyms``; applied
everywhere) over it: an office's entry for the same words replaces the
built-in one. The
vocabulary's filler words ("thì", "ở đâu", "cho con") go to the manifest:
the browser does not require them of a procedure.

- ``v.<hash>.json``: every synonym (words typed → official words), fetched only
  to say why a result matched when nothing else does.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import NamedTuple

import yaml

from generator.model.records import Procedure
from generator.text.vietnamese import canonical_tones, fold_diacritics, slugify

FORMAT = 3
SHARD_BYTES = 12_000
"""Largest shard before it is split by one more letter (raw JSON; about a third gzipped)."""

SNIPPET_DOCS = 16
"""Procedures per snippet file: a result list fetches a few small files, never all of them."""
SNIPPET_CHARS = 240
"""Longest sentence kept for a snippet."""
WEIGHTS = {
    "code": 40,
    "phrase": 20,
    "title": 10,
    "keywords": 10,
    "pair": 8,
    "field": 3,
    "agency": 2,
    "body": 1,
}
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


def _body(p: Procedure) -> list[str]:
    body = [p.summary or "", *p.steps, *p.applicants, *p.results, *p.requirements]
    return body + [d.name for g in p.documents for d in g.items] + [g.case or "" for g in p.documents]


def _texts(p: Procedure) -> Iterator[tuple[str, str]]:
    """(field, text) of every text of *p* that search reads."""
    yield "title", p.title
    for keyword in p.keywords:
        yield "keywords", keyword
    yield "field", p.field
    yield "agency", p.agency
    for text in _body(p):
        yield "body", _plain(text)


VOCABULARY = Path(__file__).with_name("vocabulary.yaml")
"""The built-in vocabulary of public-service Vietnamese: synonyms and filler words (see its head)."""


class Vocabulary(NamedTuple):
    synonyms: dict[str, tuple[str, ...]]
    """Words citizens type, as written there → the official words records use for them (one or more phrases)."""
    filler: tuple[str, ...]
    """Words a question may hold that carry no meaning of their own, as canonical spellings."""


def spelled(text: str) -> str:
    """*text* as the index compares it: its words, lowercased, with canonical tones, one space apart."""
    return " ".join(canonical_tones(w) for w in words(text))


@cache
def builtin_vocabulary() -> Vocabulary:
    """``vocabulary.yaml``, checked: a mistake in it is the tool's, so it fails loudly."""
    data = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))
    synonyms: dict[str, tuple[str, ...]] = {}
    for said, official in data["synonyms"].items():
        officials = (official,) if isinstance(official, str) else tuple(official)
        if not isinstance(said, str) or not officials or not all(isinstance(o, str) for o in officials):
            raise ValueError(f"{VOCABULARY}: synonyms.{said}: give the official words, or a list of them")
        if any(spelled(o) == spelled(said) or not spelled(o) for o in officials):
            raise ValueError(f"{VOCABULARY}: synonyms.{said}: stands for itself, or for no words")
        if any(spelled(said) == spelled(known) for known in synonyms):
            raise ValueError(f"{VOCABULARY}: synonyms.{said}: given twice; give a list of official words")
        synonyms[said] = officials
    filler = tuple(dict.fromkeys(spelled(word) for word in data["filler"]))
    return Vocabulary(synonyms, filler)


def effective_synonyms(office: Mapping[str, str] | None) -> dict[str, tuple[str, ...]]:
    """The built-in synonyms with the office's (settings ``synonyms``) over them: an office's entry for the
    same words (in any case or tone placement) replaces the built-in meaning."""
    merged = dict(builtin_vocabulary().synonyms)
    for said, official in (office or {}).items():
        for known in [known for known in merged if spelled(known) == spelled(said)]:
            del merged[known]
        merged[said] = (official,)
    return merged


Synonyms = list[tuple[list[str], list[str]]]
"""(words citizens type, official words), each as canonical spellings."""


def synonym_pairs(synonyms: Mapping[str, str | Sequence[str]] | None) -> Synonyms:
    pairs = []
    for word, official in (synonyms or {}).items():
        said = [canonical_tones(w) for w in words(word)]
        for one in (official,) if isinstance(official, str) else official:
            meant = [canonical_tones(w) for w in words(one)]
            if said and meant and said != meant:
                pairs.append((said, meant))
    return pairs


Lookup = dict[str, list[tuple[list[str], list[str]]]]
"""The synonym pairs by the first word of their official words."""


def _lookup(pairs: Synonyms) -> Lookup:
    found: Lookup = defaultdict(list)
    for said, meant in pairs:
        found[meant[0]].append((said, meant))
    return found


def synonym_matches(spelled: list[str], lookup: Lookup) -> Iterator[tuple[int, int, list[str]]]:
    """(start, length, words said instead) of every place in *spelled* where a synonym's official words stand."""
    for start, word in enumerate(spelled):
        for said, meant in lookup.get(word, ()):
            if spelled[start : start + len(meant)] == meant:
                yield start, len(meant), said


def with_synonyms(spelled: list[str], synonyms: Synonyms) -> Iterator[list[str]]:
    """*spelled* (canonical spellings), then the same words with each synonym said instead of its official words."""
    yield spelled
    for start, size, said in synonym_matches(spelled, _lookup(synonyms)):
        yield spelled[:start] + said + spelled[start + size :]


Postings = dict[str, dict[str, dict[int, int]]]
"""folded word → spelling → document number → weight."""
PAIR_FIELDS = {"title", "keywords"}
"""Where pairs of neighbouring words are indexed: "hộ chiếu" as two words side by side, not apart."""


Terms = dict[tuple[str, str], int]
"""(folded word, spelling) → weight, in one procedure."""
TermsMemo = dict[int, tuple[Procedure, Synonyms, Terms]]
"""Terms of procedures seen before, by object identity, with the synonyms they were found with
(``catalogue serve`` keeps one between rebuilds, so an edit indexes one procedure again)."""


NAMING_FIELDS = PAIR_FIELDS | {"field"}
"""Where the built-in vocabulary is applied: what names a procedure. Not in its text, where official words
such as "trực tuyến" or "bản sao" stand in nearly every record: each would give every record a word the
citizen did not mean by it, and a large shard to download."""


def procedure_terms(p: Procedure, pairs: Synonyms, lookup: Lookup | None = None, naming: Lookup | None = None) -> Terms:
    """The words *p* is found by (with the catalogue's synonym *pairs*, and the *naming* synonyms in its
    title, keywords and field only), with their weights."""
    lookup = _lookup(pairs) if lookup is None else lookup
    fields: dict[tuple[str, str], set[str]] = defaultdict(set)
    uses: dict[tuple[str, str], int] = defaultdict(int)
    for term in code_terms(p.code):
        fields[term, term].add("code")
    for field, text in _texts(p):
        found = list(words(text))
        for word in found:
            terms = [(t, t) for t in code_terms(word)] if _CODE.fullmatch(word) else [_forms(word)]
            for folded, spelling in terms:
                fields[folded, spelling].add(field)
                uses[folded, spelling] += 1
        spelled = [_forms(w)[1] for w in found if not _CODE.fullmatch(w)]
        variants = [spelled]
        matches = list(synonym_matches(spelled, lookup))
        if naming and field in NAMING_FIELDS:
            matches += synonym_matches(spelled, naming)
        whole = []  # a title or keyword that is all official words, said otherwise ("tách hộ": "tách khẩu")
        for start, size, said in matches:
            if field in PAIR_FIELDS:  # the words said instead, and the pairs they make with their neighbours
                variants.append(spelled[:start] + said + spelled[start + size :])
                if size == len(spelled):
                    whole.append(said)
            else:
                variants.append(said)
        for number, variant in enumerate(variants):
            forms = [(_forms(w)[0], w) for w in variant]
            for folded, spelling in forms:
                fields[folded, spelling].add(field)
            if field in PAIR_FIELDS:
                for (f1, s1), (f2, s2) in itertools.pairwise(forms):
                    fields[f"{f1} {f2}", f"{s1} {s2}"].add("pair")
                # The whole text as one term; said otherwise only when all of it is (each other variant of a
                # long title would be a term of its own: a large shard of "đăng ký …" at 2,000 procedures).
                if len(forms) > 1 and (number == 0 or variant in whole):
                    fields[" ".join(f for f, _ in forms), " ".join(s for _, s in forms)].add("phrase")
    return {
        key: 4 * sum(WEIGHTS[f] for f in found_in) + min(max(uses[key] - 1, 0), 8) for key, found_in in fields.items()
    }


def postings(
    procedures: Iterable[Procedure],
    synonyms: Mapping[str, str | Sequence[str]] | None = None,
    memo: TermsMemo | None = None,
    naming: Mapping[str, str | Sequence[str]] | None = None,
) -> Postings:
    """Every term of every procedure, with the procedure's number and the term's weight there.

    *synonyms* (the office's) apply wherever records say the official words; *naming* (the built-in
    vocabulary) only where they name a procedure (NAMING_FIELDS)."""
    said = synonym_pairs(synonyms)
    named = synonym_pairs(naming)
    pairs = [*said, ([""], [""]), *named]  # what the memo compares: both lists, told apart
    lookup, naming_lookup = _lookup(said), _lookup(named)
    memo = memo if memo is not None else {}
    index: Postings = defaultdict(lambda: defaultdict(dict))
    live = set()
    for number, p in enumerate(procedures):
        known = memo.get(id(p))
        if known is None or known[0] is not p or known[1] != pairs:
            known = memo[id(p)] = (p, pairs, procedure_terms(p, said, lookup, naming_lookup))
        live.add(id(p))
        for (folded, spelling), weight in known[2].items():
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


Facts = tuple[str, str, str]
"""(time, fee, online) of a procedure, as cards show them."""


def _numbered(values: Iterable[str]) -> tuple[list[str], dict[str, int]]:
    """The distinct *values* in order, and each one's number: a value repeated by 2,000 cards is sent once."""
    distinct = list(dict.fromkeys(values))
    return distinct, {value: number for number, value in enumerate(distinct)}


def _sentences(text: str) -> list[str]:
    """The sentences of a Markdown text, plain, each at most SNIPPET_CHARS long (cut at a word)."""
    plain = " ".join(_LINK_TARGET.sub("", text).replace("**", "").replace("[", "").split())
    found = []
    for part in re.split(r"(?<=[.;:!?])\s+|\s+-\s+", plain):
        sentence = part.strip(" -")
        if len(sentence) > SNIPPET_CHARS:
            sentence = sentence[:SNIPPET_CHARS].rsplit(" ", 1)[0] + "…"
        if sentence:
            found.append(sentence)
    return found


def snippet_source(p: Procedure) -> list[list[str]]:
    """[keywords, sentences] of *p*: what a result's snippet quotes to say why it matched."""
    texts = [p.summary or "", *p.applicants, *p.requirements, *(d.name for g in p.documents for d in g.items)]
    texts += [*p.results, *p.steps]
    sentences = list(dict.fromkeys(s for text in texts for s in _sentences(text)))
    return [list(p.keywords), sentences]


COMMUNE = 1
"""Flag of a procedure done at the commune: before its provincial twin when the words fit both."""
ENDING = 2
"""Flag of a procedure the record says is abolished or replaced (from a day still to come): never first."""


def flags(p: Procedure) -> int:
    return (COMMUNE if "xa" in p.levels else 0) | (ENDING if p.ends else 0)


def search_files(
    procedures: list[Procedure],
    synonyms: dict[str, str] | None = None,
    facts: list[Facts] | None = None,
    memo: TermsMemo | None = None,
) -> dict[str, str]:
    """Every file of the search index, by path under ``search/``.

    *synonyms* are the catalogue's (settings), added to the built-in vocabulary; *facts* the (time, fee,
    online) of each procedure; *memo* keeps each procedure's terms, so a rebuild after one edit indexes one
    procedure. A procedure's entry in the docs file ends with its flags (COMMUNE, ENDING) when it has any.
    """
    facts = facts or [("", "", p.online) for p in procedures]
    fields, field_number = _numbered(sorted({p.field for p in procedures}))
    times, time_number = _numbered(f[0] for f in facts)
    fees, fee_number = _numbered(f[1] for f in facts)
    docs = [
        [
            p.title,
            p.code,
            field_number[p.field],
            "" if p.slug == slugify(p.title) else p.slug,
            time_number[time],
            fee_number[fee],
            online,
            *([flags(p)] if flags(p) else []),
        ]
        for p, (time, fee, online) in zip(procedures, facts, strict=True)
    ]
    docs_json = json.dumps(
        {"fields": fields, "times": times, "fees": fees, "docs": docs}, ensure_ascii=False, separators=(",", ":")
    )
    files = {}
    shard_names = {}
    everything = effective_synonyms(synonyms)
    office = dict(synonyms or {})
    builtin = {said: official for said, official in everything.items() if said not in office}
    for key, content in _shards(postings(procedures, office, memo, builtin)):
        name = _name("t", content)
        files[name] = content
        shard_names[key] = name
    snippet_names = []
    for start in range(0, len(procedures), SNIPPET_DOCS):
        chunk = [snippet_source(p) for p in procedures[start : start + SNIPPET_DOCS]]
        content = json.dumps(chunk, ensure_ascii=False, separators=(",", ":"))
        snippet_names.append(_name("s", content))
        files[snippet_names[-1]] = content
    docs_name = _name("docs", docs_json)
    files[docs_name] = docs_json
    said = {word: official[0] for word, official in everything.items() if synonym_pairs({word: official})}
    said_json = json.dumps(said, ensure_ascii=False, separators=(",", ":"))
    files[_name("v", said_json)] = said_json
    manifest = {
        "v": FORMAT,
        "docs": docs_name,
        "shards": shard_names,
        "snippets": snippet_names,
        "chunk": SNIPPET_DOCS,
        "synonyms": _name("v", said_json),
        "filler": builtin_vocabulary().filler,
    }
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False, separators=(",", ":"))
    return files
