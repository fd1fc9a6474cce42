# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plain-language check of what goes to the family: plain Python, no ORM.

The ORM layer (``models/case_glossary.py``) collects the texts of the
family's copy of the minutes or of the family plan and the glossary of the
organisation; this module finds which glossary terms the texts use and which
of them the texts leave unexplained.

Matching rules
--------------

* **Abbreviations** (a term written in capitals only, e.g. ``OSPOD``,
  ``ZŠ``) match case-sensitively as a whole word: ``SASANKA`` and ``sas``
  are not ``SAS``, ``MŠMT`` is not ``MŠ``. A Czech declension ending of at
  most six lower-case letters, optionally after a hyphen, still counts:
  ``OSPODu``, ``OSPOD-u``, ``SASky``, ``PPPčku``, ``OSPODem``.
* **Other terms** (jargon such as ``sanace rodiny``) match case-insensitively
  word by word; each word of six letters or more may lose its last two
  letters (four or five letters: the last one) and take an ending of up to
  two letters more than it lost, so ``sanace rodiny`` also finds
  ``sanaci rodiny`` and ``předběžné opatření`` finds ``předběžného
  opatření``.

A term counts as **explained** when, at one of its uses (anywhere in the
text: an explanation given once serves the whole document):

* it is followed, after at most three spaces, by a parenthesis holding a
  lower-case word of three letters or more, or words whose initials spell
  the abbreviation: ``OSPOD (orgán sociálně-právní ochrany dětí)``,
  ``ZŠ (Základní Škola)``; or
* it stands alone in a parenthesis after at least two words of the same
  clause, the last of them a lower-case word of three letters or more, or
  after words whose initials spell the abbreviation: ``orgán
  sociálně-právní ochrany dětí (OSPOD)``. A name does not explain:
  ``Mgr. Petra Nováková (OSPOD)`` still flags OSPOD.

HTML is reduced to text first (tags removed, entities decoded).
"""

import html
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

__all__ = ["find_unexplained", "find_used", "glossary_text", "strip_html"]

# Lower-case letters of Czech, Slovak and German besides a-z (declension
# endings): Python's ``re`` has no \p{Ll}.
LOWER = "a-záäčďéěíĺľňóôöřŕšťúůüýž"
MAX_SUFFIX = 6
PAREN_GAP = 3

_TAG_RE = re.compile(r"<!--.*?-->|</?[A-Za-z][^>]*>", re.DOTALL)
_WORD_RE = re.compile(r"[^\W\d_]+")
_CLAUSE_END_RE = re.compile(r"[.!?;:\n()\[\]]")
_PAREN_AFTER_RE = re.compile(r"[^\S\n]{0," + str(PAREN_GAP) + r"}\(([^()]{1,300})\)")


def strip_html(text):
    """Text of ``text`` (HTML or plain): tags removed, entities decoded."""
    if not text:
        return ""
    return html.unescape(_TAG_RE.sub(" ", str(text)))


def is_abbreviation(term):
    """``OSPOD``, ``ZŠ``: capitals only (at least one cased letter)."""
    return term == term.upper() and term != term.lower()


@lru_cache(maxsize=1024)
def _term_re(term):
    term = " ".join(term.split())
    if is_abbreviation(term):
        ending = "(?:-?[" + LOWER + "]{1," + str(MAX_SUFFIX) + "})?"
        return re.compile(r"(?<!\w)" + re.escape(term) + ending + r"(?!\w)")
    words = []
    for word in term.split():
        drop = 2 if len(word) >= 6 else 1 if len(word) >= 4 else 0
        stem = word[: len(word) - drop]
        words.append(re.escape(stem) + "[" + LOWER + "]{0," + str(drop + 2) + "}")
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def _initials_spell(words, term):
    letters = "".join(c for c in term if c.isalpha()).lower()
    initials = "".join(w[0] for w in words).lower()
    return bool(letters) and initials == letters


def _is_plain_word(word):
    return len(word) >= 3 and word[0].islower()


def _explained_after(text, match, term):
    """``OSPOD (orgán sociálně-právní ochrany dětí)``"""
    paren = _PAREN_AFTER_RE.match(text, match.end())
    if not paren:
        return False
    words = _WORD_RE.findall(paren.group(1))
    return any(_is_plain_word(w) for w in words) or (
        is_abbreviation(term) and _initials_spell(words, term)
    )


def _explained_before(text, match, term):
    """``orgán sociálně-právní ochrany dětí (OSPOD)``"""
    before = text[: match.start()].rstrip()
    after = text[match.end() :].lstrip()
    if not before.endswith("(") or not after.startswith(")"):
        return False
    before = before[:-1]
    clause = _CLAUSE_END_RE.split(before[-300:])[-1]
    words = _WORD_RE.findall(clause)
    if len(words) >= 2 and _is_plain_word(words[-1]):
        return True
    if is_abbreviation(term):
        letters = sum(1 for c in term if c.isalpha())
        return len(words) >= letters and _initials_spell(words[-letters:], term)
    return False


def _scan(text, terms):
    """``[(position of first use, term, explained)]`` in order of first use."""
    text = strip_html(text)
    if not text.strip():
        return []
    found = []
    for term in terms:
        if not term or not term.strip():
            continue
        matches = list(_term_re(term).finditer(text))
        if not matches:
            continue
        explained = any(
            _explained_after(text, m, term) or _explained_before(text, m, term)
            for m in matches
        )
        found.append((matches[0].start(), term, explained))
    found.sort(key=lambda item: item[0])
    return found


def find_used(text, terms):
    """The terms of ``terms`` (an iterable or a mapping term → explanation)
    that ``text`` uses, in order of first use, explained or not."""
    return [term for _pos, term, _explained in _scan(text, terms)]


def find_unexplained(text, terms):
    """The terms of ``terms`` (a mapping abbreviation → explanation, or any
    iterable of terms) that ``text`` uses without explaining them, in order
    of first use, without duplicates."""
    return [term for _pos, term, explained in _scan(text, terms) if not explained]


def glossary_text(terms_used: Iterable[str], terms: Mapping[str, str]):
    """One ``ABBR – explanation`` line per used term known to ``terms``."""
    return "\n".join(
        "{} – {}".format(term, " ".join((terms[term] or "").split()))
        for term in terms_used
        if term in terms
    )
