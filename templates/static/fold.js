/* The twin of grantsite/search/fold.py: the same folding, read from the same table (static/fold.json, written by
   the build from the Python source).  tests/test_search_fold.py runs both on the same inputs. */

// A word: Latin letters (with the diacritics of the table) or Cyrillic ones; the same class as fold.py.
const WORD = /[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0400-\u04ff]+/g;
const CYRILLIC = /[\u0400-\u04ff]/;

export function makeFolder(table) {
  const has = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
  const map = (word, letters) => Array.from(word, (c) => (has(letters, c) ? letters[c] : c)).join("");
  // İ lower-cases to i + a combining dot in Python and JS alike; a plain i is what is meant
  const lower = (word) => word.replace(/\u0130/g, "i").toLowerCase();

  function fromLatin(word) {
    const out = [];
    let k = 0;
    while (k < word.length) {
      const pair = word.slice(k, k + 2), c = word[k], before = k ? word[k - 1] : "";
      if (has(table.latin_pairs, pair)) {
        out.push(table.latin_pairs[pair]);
        k += 2;
        continue;
      }
      const next = word.slice(k + 1, k + 2);
      if ((c === "i" || c === "\u0131") && has(table.iotated, next) && (!before || table.latin_vowels.includes(before))) {
        out.push(table.iotated[next]);
        k += 2;
        continue;
      }
      const glide = before && has(table.glides, c) && table.glides[c].includes(before);
      out.push(glide ? "\u0439" : (has(table.latin, c) ? table.latin[c] : c));
      k += 1;
    }
    return out.join("");
  }

  function foldWord(word) {
    word = CYRILLIC.test(word) ? lower(map(word, table.homoglyphs)) : fromLatin(lower(word));
    return map(word, table.kazakh);
  }

  /** Lower-case, Latin Kazakh → Cyrillic, Kazakh letters → Russian look-alikes: 'Sybaılas' → 'сыбайлас'. */
  function fold(text) {
    return text.normalize("NFC").replace(WORD, foldWord).toLowerCase();
  }

  function longEnough(rest, suffix) {
    return rest >= (suffix.length === 1 ? table.stem.min_after_one_letter : table.stem.min);
  }

  /** A folded Kazakh word without its case, plural and possessive endings. */
  function stem(word) {
    let cutAny = false;
    for (let pass = 0; pass < table.stem.passes; pass += 1) {
      const cut = table.suffixes.find((s) => word.endsWith(s) && longEnough(word.length - s.length, s));
      if (cut === undefined) break;
      word = word.slice(0, word.length - cut.length);
      cutAny = true;
    }
    const last = word.slice(-1);
    if (cutAny && last && table.stem.voiced_ends.includes(last) && word.length > table.stem.min) {
      word = word.slice(0, -1);
    }
    return word;
  }

  /** A search as the index is searched: folded, and in Kazakh each word cut back to its stem. */
  function query(text, lang) {
    const folded = fold(text);
    return lang === "kk" ? folded.replace(WORD, stem) : folded;
  }

  /** The words of a text, each with its folded form, and the text between them: for highlighting. */
  function words(text) {
    const parts = [];
    let at = 0;
    for (const match of text.matchAll(WORD)) {
      if (match.index > at) parts.push({ text: text.slice(at, match.index) });
      parts.push({ text: match[0], folded: fold(match[0]) });
      at = match.index + match[0].length;
    }
    if (at < text.length) parts.push({ text: text.slice(at) });
    return parts;
  }

  return { fold, stem, query, words };
}
