"""Kazakh and Russian text folded for search: one table, read by this module and by the site's JS twin.

People type Kazakh on Russian keyboards (`жемкорлык` for `жемқорлық`, a Latin `i` for `і`), in the 2021
Kazakh Latin alphabet (`sybaılas jemqorlyq`) or its informal English-keyboard cousin (`sybailas`).  Folding
brings all of these to one form: lower case, the 2021 Latin alphabet written in Cyrillic, and the nine
Kazakh letters replaced by their Russian look-alikes.  The search stage folds the page text it indexes
and the site's templates/static/fold.js folds every query with the same TABLE (the build writes it to
static/fold.json), so both sides always agree.  Light Kazakh stemming is applied to queries only (see
stem()): Pagefind matches each query word as the beginning of indexed words, so a query cut back to its
stem finds every inflected form while the index keeps whole words.
"""
from __future__ import annotations

import json
import re
import unicodedata

# The nine Kazakh letters and the Russian letter a Russian keyboard gives for each.
KAZAKH = {"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и"}

# The 2021 Kazakh Latin alphabet → Cyrillic; the 2018 acute letters (á ǵ ń ó ú ý) and w are read too.
LATIN = {
    "a": "а", "ä": "ә", "á": "ә", "b": "б", "c": "с", "ç": "ч", "d": "д", "e": "е", "é": "е", "f": "ф",
    "g": "г", "ğ": "ғ", "ǵ": "ғ", "h": "һ", "i": "і", "ı": "и", "j": "ж", "k": "к", "l": "л", "m": "м",
    "n": "н", "ñ": "ң", "ń": "ң", "o": "о", "ö": "ө", "ó": "ө", "p": "п", "q": "қ", "r": "р", "s": "с",
    "ş": "ш", "t": "т", "u": "у", "ū": "ұ", "ü": "ү", "ú": "ү", "v": "в", "w": "у", "x": "х", "y": "ы",
    "ý": "у", "z": "з",
}
# Letter pairs typed for one Cyrillic letter on keyboards without ş, ç.
LATIN_PAIRS = {"sh": "ш", "ch": "ч", "zh": "ж"}
LATIN_VOWELS = "aäáeéoöóuūüúyýiı"
# й is written ı after a vowel in 2021 (sybaılas), i on English keyboards (sybailas), y in Russian habit
# (sybaylas); y only after a, e, o, because ы follows u-like vowels in real words (aýyl, sýyq).
GLIDES = {"ı": "aäáeéoöóuūüúyý", "i": "aäáeéoöóuūüúyý", "y": "aäáeéoöó"}
# я and ю are written ıa and ıu (saıasat = саясат) at the start of a word or after a vowel.
IOTATED = {"a": "я", "u": "ю"}

# Latin letters that look like Cyrillic ones, read as Cyrillic inside a Cyrillic word ("тәуелдiлiк").
HOMOGLYPHS = {
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І", "K": "К", "M": "М", "O": "О", "P": "Р",
    "T": "Т", "X": "Х", "Y": "У", "a": "а", "c": "с", "e": "е", "h": "һ", "i": "і", "ı": "і", "k": "к",
    "o": "о", "p": "р", "x": "х", "y": "у",
}

# Kazakh inflections, folded, longest first: case endings, plural, 3rd-person possessive.
SUFFIXES = sorted({
    "нын", "нин", "дын", "дин", "тын", "тин",          # genitive -ның -нің -дың -дің -тың -тің
    "ны", "ни", "ды", "ди", "ты", "ти", "ын", "ин",    # accusative (-ын -ін after a possessive)
    "га", "ге", "ка", "ке", "на", "не", "а", "е",      # dative
    "да", "де", "та", "те", "нда", "нде",              # locative
    "дагы", "деги", "тагы", "теги", "ндагы", "ндеги",  # -дағы / -дегі
    "дан", "ден", "тан", "тен", "нан", "нен",          # ablative
    "мен", "бен", "пен",                               # instrumental
    "лар", "лер", "дар", "дер", "тар", "тер",          # plural
    "ы", "и", "сы", "си",                              # possessive
}, key=lambda s: (-len(s), s))
# A stem keeps at least `min` letters (`min_after_one_letter` when the ending is one letter).  Before a
# vowel ending к, қ, п turn into г, ғ, б (тәуелділік → тәуелділігі): a stem left ending in one of
# `voiced_ends` loses that letter, so that it begins both forms.
STEM = {"min": 4, "min_after_one_letter": 5, "passes": 3, "voiced_ends": "гб"}

TABLE = {"kazakh": KAZAKH, "latin": LATIN, "latin_pairs": LATIN_PAIRS, "latin_vowels": LATIN_VOWELS,
         "glides": GLIDES, "iotated": IOTATED, "homoglyphs": HOMOGLYPHS, "suffixes": SUFFIXES, "stem": STEM}

# A word: letters of the Latin (with the diacritics above) or Cyrillic script; fold.js uses the same class.
_LETTERS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0400-\u04ff"
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
WORD = re.compile(f"[{_LETTERS}]+")
_LATIN_RUN = re.compile(f"[{_LATIN}]+")
_LETTER = re.compile(f"[{_LETTERS}]")
_LETTERS_ON = re.compile(f"[{_LETTERS}]*")
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def table_json() -> str:
    """The folding table as the site publishes it for fold.js (sorted keys: the same bytes every build)."""
    return json.dumps(TABLE, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def fold(text: str) -> str:
    """Lower-case, Latin Kazakh → Cyrillic, Kazakh letters → Russian look-alikes: 'Sybaılas' → 'сыбайлас'."""
    text = _latin_words_folded(unicodedata.normalize("NFC", text))
    # a word of Cyrillic letters only folds letter by letter: the whole text at once (a site is megabytes),
    # letter by letter with str.replace, ten times faster than str.translate with a dict
    text = text.lower()
    for letter, folded in KAZAKH.items():
        text = text.replace(letter, folded)
    return text


def _latin_words_folded(text: str) -> str:
    """Each word with a Latin letter in it folded whole (Latin Kazakh, or a Latin look-alike inside a Cyrillic
    word).  Found from its Latin letters, few in most texts: a scan of every word for one took most of the time
    the search stage spent folding."""
    kept, at = [], 0
    for run in _LATIN_RUN.finditer(text):
        start = run.start()
        if start < at:  # in the word just folded
            continue
        while start > at and _LETTER.match(text, start - 1):
            start -= 1
        end = _LETTERS_ON.match(text, run.end()).end()
        kept += [text[at:start], _fold_word(text[start:end])]
        at = end
    if not kept:
        return text
    kept.append(text[at:])
    return "".join(kept)


def _fold_word(word: str) -> str:
    if _CYRILLIC.search(word):
        word = _lower("".join(HOMOGLYPHS.get(c, c) for c in word))
    else:
        word = _from_latin(_lower(word))
    return "".join(KAZAKH.get(c, c) for c in word)


def _lower(word: str) -> str:
    # İ lower-cases to i + a combining dot in Python and JS alike; a plain i is what is meant
    return word.replace("İ", "i").lower()


def _from_latin(word: str) -> str:
    out, k = [], 0
    while k < len(word):
        pair, c = word[k:k + 2], word[k]
        before = word[k - 1] if k else ""
        if pair in LATIN_PAIRS:
            out.append(LATIN_PAIRS[pair])
            k += 2
            continue
        if c in "iı" and word[k + 1:k + 2] in IOTATED and (not before or before in LATIN_VOWELS):
            out.append(IOTATED[word[k + 1]])
            k += 2
            continue
        out.append("й" if before and before in GLIDES.get(c, "") else LATIN.get(c, c))
        k += 1
    return "".join(out)


def stem(word: str) -> str:
    """A folded Kazakh word without its case, plural and possessive endings: 'тауелдиликтин' → 'тауелдилик'."""
    cut_any = False
    for _ in range(STEM["passes"]):
        cut = next((s for s in SUFFIXES if word.endswith(s) and _long_enough(len(word) - len(s), s)), None)
        if cut is None:
            break
        word, cut_any = word[:-len(cut)], True
    if cut_any and word[-1:] in STEM["voiced_ends"] and len(word) > STEM["min"]:
        word = word[:-1]
    return word


def _long_enough(rest: int, suffix: str) -> bool:
    return rest >= (STEM["min_after_one_letter"] if len(suffix) == 1 else STEM["min"])


def query(text: str, lang: str) -> str:
    """A search as the index is searched: folded, and in Kazakh each word cut back to its stem."""
    folded = fold(text)
    if lang != "kk":
        return folded
    return WORD.sub(lambda m: stem(m.group(0)), folded)
