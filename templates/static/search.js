/* The search page (/{lang}/search/?q=…): Pagefind's index of the folded priority pages, one bundle per
   year (the newest loaded, the others merged into it), queried with the same folding (fold.js), results
   shown in their original text with the query's words marked.
   Without this script the page says that search needs JavaScript and links the browse pages. */
import { makeFolder } from "./fold.js";

const FILTERS = ["year", "issuer", "area", "territory", "grant-type"];
const SORTS = { "funding-desc": { funding: "desc" }, "funding-asc": { funding: "asc" } };
const TYPING_PAUSE = 300; // ms after the last key before a search runs
const SHOWN = ["title", "issuer", "area", "territory", "grant"]; // the fields where query words are marked
const PASSAGE = 24; // words quoted from the page where the query matched

const form = document.getElementById("search-form");
const filters = document.getElementById("search-filters");
const status = document.getElementById("search-status");
const box = document.getElementById("search-results");
const more = document.getElementById("search-more");
const card = document.getElementById("search-result");
const elsewhere = document.getElementById("search-elsewhere");
const PAGE = Number(box?.getAttribute("data-page")) || 10; // results whose details are loaded at a time

function message(name, values = {}) {
  let text = status.getAttribute("data-" + name) || "";
  for (const [key, value] of Object.entries(values)) text = text.replace("{" + key + "}", value);
  return text;
}

function say(name, values) {
  status.textContent = message(name, values);
}

// Pagefind folds diacritics itself (й ~ и, ё ~ е); marking compares words the same way.
const loose = (word) => word.normalize("NFD").replace(/[\u0300-\u036f]/g, "");

function commonPrefix(a, b) {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n += 1;
  return n;
}

/** The words to mark: the query's own (folded, stemmed) and the words Pagefind matched in the page. */
function marker(folder, terms, data) {
  const words = data.content.split(/[\r\n\s]+/g);
  const matched = new Set();
  for (const at of data.locations || []) {
    for (const part of folder.words(words[at] || "")) if (part.folded) matched.add(loose(part.folded));
  }
  return (folded) => {
    const word = loose(folded);
    return terms.some((t) => word.startsWith(t) ||
      (matched.has(word) && commonPrefix(word, t) >= Math.min(4, t.length)));
  };
}

function marked(folder, text, isMatch) {
  const out = document.createDocumentFragment();
  for (const part of folder.words(text)) {
    if (part.folded && isMatch(part.folded)) {
      const mark = document.createElement("mark");
      mark.textContent = part.text;
      out.append(mark);
    } else {
      out.append(document.createTextNode(part.text));
    }
  }
  return out;
}

/** The passage of the page's original text with most query words that the card does not show already. */
function passage(folder, data, isMatch) {
  const onCard = new Set();
  for (const name of SHOWN) for (const part of folder.words(data.meta[name] || "")) onCard.add(part.folded);
  const parts = folder.words(data.text || "");
  const words = [];
  parts.forEach((part, i) => { if (part.folded) words.push(i); });
  const hit = words.map((i) => (isMatch(parts[i].folded) && !onCard.has(parts[i].folded) ? 1 : 0));
  let best = 0, end = -1, sum = 0;
  for (let k = 0; k < hit.length; k += 1) {
    sum += hit[k] - (k >= PASSAGE ? hit[k - PASSAGE] : 0);
    if (sum > best) [best, end] = [sum, k];
  }
  if (end < 0) return null;
  const from = Math.max(0, hit.indexOf(1, Math.max(0, end - PASSAGE + 1)) - 4);
  const to = Math.min(words.length, from + PASSAGE);
  const text = parts.slice(words[from], words[to - 1] + 1).map((part) => part.text).join("");
  const out = marked(folder, text, isMatch);
  if (from > 0) out.prepend("… ");
  if (to < words.length) out.append(" …");
  return out;
}

/** A result's page, relative to this one (the site may live in a sub-path). */
function pageUrl(data) {
  return box.getAttribute("data-root") + data.url.replace(/^\//, "");
}

/** A result's data with the original text of its page (text.txt beside it), which its passage is quoted from. */
async function withText(data) {
  try {
    const reply = await fetch(pageUrl(data) + "text.txt");
    data.text = reply.ok ? await reply.text() : "";
  } catch {
    data.text = ""; // no passage, the result itself still shows
  }
  return data;
}

function resultItem(folder, terms, data) {
  const item = card.content.firstElementChild.cloneNode(true);
  const isMatch = marker(folder, terms, data);
  for (const slot of item.querySelectorAll("[data-field]")) {
    const name = slot.getAttribute("data-field"), text = data.meta[name] || "";
    slot.append(SHOWN.includes(name) ? marked(folder, text, isMatch) : document.createTextNode(text));
    if (!text) slot.closest("[data-optional]")?.setAttribute("hidden", "");
  }
  const quoted = terms.length ? passage(folder, data, isMatch) : null;
  if (quoted) {
    const slot = item.querySelector("[data-passage]");
    slot.append(quoted);
    slot.hidden = false;
  }
  item.querySelector("a[data-field=title]").href = pageUrl(data);
  return item;
}

/** Each year's Pagefind bundle of this language: the newest loaded, the others merged into it. */
async function loadIndex(lang) {
  const reply = await fetch(new URL("../pagefind/years.json", import.meta.url));
  if (!reply.ok) throw new Error("years.json: " + reply.status);
  const years = (await reply.json())[lang] || [];
  if (!years.length) throw new Error("no search index for " + lang);
  const bundle = (year) => new URL("../pagefind/" + lang + "/" + year + "/", import.meta.url).href;
  const pagefind = await import(bundle(years[0]) + "pagefind.js");
  // result URLs from the site root ("/kk/p/…/"), made relative to this page below: the site may live in a sub-path
  await pagefind.options({ baseUrl: "/" });
  await Promise.all(years.slice(1).map((year) => pagefind.mergeIndex(bundle(year), { baseUrl: "/" })));
  return { pagefind, years };
}

/** Results in the order Pagefind ranked them, their data loaded a page at a time. */
function ranked(results) {
  return {
    length: results.length,
    take: (from, n) => Promise.all(results.slice(from, from + n).map((result) => result.data())),
  };
}

/** Each year's results, in funding order within its year, merged into one funding order: Pagefind sorts
    within each bundle, so a list's next result is compared with the other lists' by its amount. */
function byAmount(lists, direction) {
  const at = lists.map(() => 0), heads = lists.map(() => null), merged = [];
  const head = (i) => (heads[i] ??= at[i] < lists[i].length ? lists[i][at[i]].data() : Promise.resolve(null));
  const before = (a, b) => (direction === "asc" ? a < b : a > b);
  async function next() {
    const data = await Promise.all(lists.map((_, i) => head(i)));
    let best = -1;
    data.forEach((d, i) => {
      if (d && (best < 0 || before(Number(d.meta.amount), Number(data[best].meta.amount)))) best = i;
    });
    if (best < 0) return null;
    heads[best] = null;
    at[best] += 1;
    return data[best];
  }
  return {
    length: lists.reduce((sum, list) => sum + list.length, 0),
    async take(from, n) {
      while (merged.length < from + n) {
        const found = await next();
        if (!found) break;
        merged.push(found);
      }
      return merged.slice(from, from + n);
    },
  };
}

/** A search over every year's bundle: its results (length, take) and the filter counts of the words alone. */
async function find(index, query, chosen, sortName) {
  const sort = SORTS[sortName];
  if (!sort || index.years.length < 2 || chosen.year) {
    const found = await index.pagefind.search(query, { filters: chosen, sort: sort || {} });
    return { results: ranked(found.results), counts: found.totalFilters || {} };
  }
  const years = await Promise.all(index.years.map((year) =>
    index.pagefind.search(query, { filters: { ...chosen, year }, sort })));
  return { results: byAmount(years.map((found) => found.results), Object.values(sort)[0]),
           counts: years[0].totalFilters || {} };
}

function readState() {
  const params = new URLSearchParams(location.search);
  const chosen = {};
  for (const key of FILTERS) if (params.get(key)) chosen[key] = params.get(key);
  return { q: params.get("q") || "", sort: params.get("sort") || "", chosen };
}

function formState() {
  const chosen = {};
  for (const key of FILTERS) {
    const value = filters.elements[key].value;
    if (value) chosen[key] = value;
  }
  return { q: form.elements.q.value.trim(), sort: filters.elements.sort.value, chosen };
}

function writeUrl(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const key of FILTERS) if (state.chosen[key]) params.set(key, state.chosen[key]);
  if (state.sort) params.set("sort", state.sort);
  const query = params.toString();
  history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  // the same search in the other language (filter values are labels in this language: only the words go)
  const words = state.q ? "?" + new URLSearchParams({ q: state.q }) : "";
  for (const link of document.querySelectorAll("a[hreflang]")) {
    const plain = link.getAttribute("data-href") || link.getAttribute("href");
    if (!/search\/$/.test(plain)) continue;
    link.setAttribute("data-href", plain);
    link.setAttribute("href", plain + words);
  }
}

function fillFilters(all, lang) {
  const collator = new Intl.Collator(lang);
  for (const key of FILTERS) {
    const values = Object.keys(all[key] || {});
    values.sort(key === "year" ? (a, b) => b.localeCompare(a) : collator.compare);
    const select = filters.elements[key];
    for (const value of values) select.append(new Option(value, value));
    // a filter with one value everywhere would not narrow anything
    select.closest(".filter").hidden = values.length < 2;
  }
}

function showCounts(counts) {
  for (const key of FILTERS) {
    for (const option of filters.elements[key].options) {
      if (!option.value) continue;
      const n = (counts[key] || {})[option.value] || 0;
      option.textContent = option.value + " (" + n + ")";
    }
  }
}

function applyFilters(state) {
  for (const key of FILTERS) {
    const select = filters.elements[key], value = state.chosen[key];
    if (value && Array.from(select.options).some((o) => o.value === value)) {
      select.value = value;
      select.closest(".filter").hidden = false;
    }
  }
}

async function start() {
  const lang = document.documentElement.lang;
  const state = readState();
  let index, folder, listed = false; // listed: the filters' values are in their lists
  form.elements.q.value = state.q;
  if (SORTS[state.sort]) filters.elements.sort.value = state.sort;
  if (state.q) say("loading");
  try {
    [index, folder] = await Promise.all([
      loadIndex(lang),
      fetch(new URL("fold.json", import.meta.url)).then((r) => {
        if (!r.ok) throw new Error("fold.json: " + r.status);
        return r.json();
      }).then(makeFolder),
    ]);
  } catch (error) {
    say("error");
    throw error;
  }
  filters.hidden = false;

  let results = ranked([]), terms = [], latest = 0;

  // until the filters' lists are filled, the filters in the address apply as they are
  function wanted() {
    const now = formState();
    if (!listed) now.chosen = state.chosen;
    return now;
  }

  async function show(fresh) {
    const list = box.querySelector("ol"), mine = latest, from = fresh ? 0 : list.children.length;
    more.disabled = true;
    const data = await Promise.all((await results.take(from, PAGE)).map(withText));
    if (mine !== latest) return;
    const items = data.map((d) => resultItem(folder, terms, d));
    if (fresh) list.replaceChildren(...items);
    else list.append(...items);
    more.hidden = list.children.length >= results.length;
    more.disabled = false;
  }

  async function search() {
    const now = wanted();
    writeUrl(now);
    const mine = ++latest;
    if (!now.q && !Object.keys(now.chosen).length) {
      box.querySelector("ol").replaceChildren();
      more.hidden = elsewhere.hidden = true;
      box.removeAttribute("aria-busy");
      box.setAttribute("data-query", "");
      say("prompt");
      return;
    }
    const query = now.q ? folder.query(now.q, lang) : null;
    terms = query ? folder.words(query).filter((p) => p.folded).map((p) => loose(p.folded)) : [];
    box.setAttribute("aria-busy", "true");
    const found = await find(index, query, now.chosen, now.sort);
    if (mine !== latest) return;
    results = found.results;
    if (listed) showCounts(found.counts);
    await show(true);
    if (mine !== latest) return;
    box.removeAttribute("aria-busy");
    box.setAttribute("data-query", now.q); // what the list shows now (tests wait for it)
    if (results.length) say("found", { n: results.length });
    else say(now.q ? "none" : "none-filtered", { q: now.q });
    elsewhere.hidden = results.length > 0 || !now.q;
  }

  async function run() {
    try {
      await search();
    } catch (error) {
      say("error");
      throw error;
    }
  }

  let pause;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(pause);
    run();
  });
  form.elements.q.addEventListener("input", () => {
    clearTimeout(pause);
    pause = setTimeout(run, TYPING_PAUSE);
  });
  filters.addEventListener("change", run);
  filters.addEventListener("submit", (event) => event.preventDefault());
  filters.addEventListener("reset", () => setTimeout(run, 0));
  more.addEventListener("click", () => show(false));
  await run();
  // the filters' values come after the first results: on a large site they weigh more than the results
  try {
    fillFilters(await index.pagefind.filters(), lang);
  } catch (error) {
    say("error");
    throw error;
  }
  applyFilters(state);
  listed = true;
  filters.setAttribute("data-listed", "");
  await run(); // again, now with the number of results for each filter value
}

if (form && filters && status && box && card && elsewhere) start();
