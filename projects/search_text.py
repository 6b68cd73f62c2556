"""What a search query means, worked out in Python the same way for SQLite and PostgreSQL.

Both engines index the same *folded* words of a project's published text (migration
0006_search_words): lower case, diacritics removed (ä → a, é → e), ß → ss, split at every
character that is not a letter or digit ("Start-ups" → "start", "ups"). A query word is folded
the same way and then becomes a group of alternatives, each alternative one or more index words
that must all occur (`Alternative`); every group must match (AND). What each engine then does
with a group is only "which projects contain these words" (search.py), so both find the same
projects.

How a query word (folded, `word`) is widened, in this order:

- Transliteration: "ae", "oe", "ue" may stand for ä, ö, ü ("Aethiopien", "Suedafrika"): the
  word with them replaced is an alternative too. ß and ss are the same after folding.
- Inflection: a light suffix strip (`stem`: plural -e, -en, -n, -s, -es, -ies, -y) and a prefix
  match of the stem ("Verwaltung" → verwaltung*, "Minigrids" → minigrid*, "municipality" →
  municipalit*). No real stemmer: both engines must agree, and PostgreSQL's snowball stemmers
  have no SQLite counterpart. Words under 4 letters match only exactly ("ii" is not "iii").
- Compounds: a known word that contains the stem inside it (German UI only: "Bergbau" →
  bergbausicherheit, "Versorgung" → energieversorgung), and, when the word itself is not
  known, its split into two known parts that must both occur ("Energieversorgung" → energie*
  AND versorg*, "Startups" → start AND ups); a linking s ("Arbeits|markt") is dropped.
- Typos, only when nothing above is known: known words at most one edit away (five to seven
  letters) or two (eight and more); a swap of two neighbours is one edit ("Ugnada"); the
  corrected word also matches as a prefix ("Berufsbidlung" → berufsbildung*).

"Known words" are the vocabulary of the published, non-withheld texts, read once per search
(`candidates_sql`), only when a word of five or more letters asks for it.

Limits: no synonyms or translations ("energy" does not find "Energie" in German texts); a typo
that is itself a known word is not corrected; a typo in both the first two and the last two
letters is not caught (the vocabulary query pre-selects on them); compounds split into two
parts only; English words are not searched inside longer words ("mining" must not find
"determining"); stems are crude (prefix matches may over-reach
for short stems such as "schul*").
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

MIN_PREFIX = 4  # shorter words match only exactly
MIN_WIDEN = 5  # words from this length get compounds and typos
TRANSLITERATIONS = (("ae", "a"), ("oe", "o"), ("ue", "u"))
SUFFIXES = ("ies", "en", "es", "e", "n", "s", "y")


def fold(text):
    """Lower case without diacritics, ß → ss: the form both indexes store."""
    return _fold(str(text or ""))


@lru_cache(maxsize=8192)
def _fold(text):
    # kept per process: a result page folds the same few hundred words of its cards each time
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def folded_words(text):
    """The index words of `text`: folded, split at everything but letters and digits."""
    return re.findall(r"[^\W_]+", fold(text))


@lru_cache(maxsize=8192)
def spaced_words(text):
    """ " word word ": the index words of a name between single spaces, to look for " word"
    in it (kept per process: a search tests every kept theme, phase and organisation name)."""
    return f" {' '.join(folded_words(text))} "


def stem(word):
    """`word` without one plural or -y ending, if at least MIN_PREFIX letters remain."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_PREFIX:
            return word[: -len(suffix)]
    return word


def variants(word):
    """`word` and its forms with ae/oe/ue read as umlauts (folded, so as a, o, u)."""
    found = [word]
    for pair, letter in TRANSLITERATIONS:
        for form in list(found):
            if pair in form:
                found.append(form.replace(pair, letter))
    return list(dict.fromkeys(found))


def max_edits(word):
    if len(word) >= 8:
        return 2
    return 1 if len(word) >= MIN_WIDEN else 0


def edits(a, b, limit):
    """Optimal-string-alignment distance of `a` and `b` (a swap counts one), or limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb and previous2 is not None:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@dataclass(frozen=True)
class Alternative:
    """Index words that must all occur; `prefix`: each also as the start of a longer word;
    `phrase`: next to each other in this order."""

    words: tuple
    prefix: bool = True
    phrase: bool = False


@dataclass
class Group:
    """One word (or phrase, or name) of the query: any alternative, or a name, matches it."""

    text: str
    alternatives: list = field(default_factory=list)
    land: str = ""  # ISO code of a Land the words name: then only that Land matches
    country: str = ""  # ISO code of a partner country the words name

    def highlight_words(self):
        return [(w, a.prefix) for a in self.alternatives for w in a.words]


def word_alternatives(word):
    """The alternatives of a folded query word that need no vocabulary."""
    found = []
    for form in variants(word):
        if len(form) < MIN_PREFIX:
            found.append(Alternative((form,), prefix=False))
        else:
            found.append(Alternative((stem(form),)))
    return list(dict.fromkeys(found))


def needs_vocabulary(word):
    return len(word) >= MIN_WIDEN


def candidates_condition(words):
    """SQL (portable: SQLite and PostgreSQL) over a column `term` that pre-selects the known
    words `widen` may use for `words`, with its parameters."""
    conditions, params = [], []
    for word in words:
        for form in variants(word):
            base = stem(form)
            # inside a compound, or the compound's parts (their first four letters in the word)
            conditions.append("term LIKE %s")
            params.append(f"%{base}%")
            conditions.append("(length(term) >= 3 AND %s LIKE '%%' || substr(term, 1, 3) || '%%')")
            params.append(form)
            k = max_edits(form)
            conditions.append(
                "(length(term) BETWEEN %s AND %s AND (substr(term, 1, 2) = %s"
                " OR substr(term, length(term) - 1, 2) = %s))"
            )
            params += [len(form) - k, len(form) + k, form[:2], form[-2:]]
    return " OR ".join(conditions), params


def widen(word, vocabulary, compounds=True):
    """All alternatives of the folded query `word`, given the known words `vocabulary`."""
    found = word_alternatives(word)
    if not needs_vocabulary(word):
        return found
    known = False
    for form in variants(word):
        base = stem(form)
        for term in vocabulary:
            if term.startswith(base):
                known = True
            elif compounds and len(base) >= MIN_WIDEN and base in term:
                known = True
                found.append(Alternative((term,), prefix=False))
    if known:
        return list(dict.fromkeys(found))
    for form in variants(word):
        split = _splits(form, vocabulary)
        found += split
        if split:
            known = True
    if not known:
        for form in variants(word):
            limit = max_edits(form)
            for term in vocabulary:
                if edits(form, term, limit) <= limit:
                    found.append(Alternative((term,)))
    return list(dict.fromkeys(found))


def _splits(word, vocabulary):
    """`word` as two known parts (each at least three letters; a linking s dropped)."""
    found = []
    for i in range(3, len(word) - 2):
        head, tail = word[:i], word[i:]
        heads = [head] + ([head[:-1]] if head.endswith("s") and len(head) > 4 else [])
        tail_stems = [stem(tail)] + (
            [tail[:-3]] if tail.endswith("ung") and i + 7 <= len(word) else []
        )
        tail_stem = next(
            (t for t in reversed(tail_stems) if any(v.startswith(t) for v in vocabulary)), ""
        )
        if not tail_stem:
            continue
        for part in heads:
            if part in vocabulary or (
                len(part) >= MIN_PREFIX and any(t.startswith(part) for t in vocabulary)
            ):
                prefix = len(part) >= MIN_PREFIX and len(tail_stem) >= MIN_PREFIX
                found.append(Alternative((part, tail_stem), prefix=prefix))
                break
    return found[:3]
