"""Controlled vocabularies (schema/vocab/*.yaml): areas of the Law, grant types, territories, units."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary: a stable code with Kazakh and Russian labels."""

    code: str
    kk: str
    ru: str
    kk_confirmed: bool = True
    ru_confirmed: bool = True
    variants: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.kk if lang == "kk" else self.ru


@dataclass(frozen=True)
class GrantType(Term):
    months_min: int = 0
    months_max: int = 0
    mci_min: int = 0
    mci_max: int | None = None


@dataclass(frozen=True)
class Territory(Term):
    level: str = ""
    parent: str | None = None
    issuer: str | None = None  # folder name of lists issued for this territory (regions, republican cities)


@dataclass(frozen=True)
class Unit(Term):
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabularies:
    areas: dict[str, Term]
    grant_types: dict[str, GrantType]
    territories: dict[str, Territory]
    units: dict[str, Unit]
    mci: dict[int, int]  # monthly calculation index in tenge, by year

    def by_name(self, name: str) -> dict:
        """A vocabulary by the name used in table schemas ("areas", "grant-types", ...)."""
        return {"areas": self.areas, "grant-types": self.grant_types,
                "territories": self.territories, "units": self.units}[name]

    def territory_chain(self, kato: str) -> tuple[str, ...]:
        """The territory and every territory it lies in, innermost first."""
        chain, seen = [], set()
        while kato and kato not in seen:
            chain.append(kato)
            seen.add(kato)
            term = self.territories.get(kato)
            kato = term.parent if term else None
        return tuple(chain)

    def area_for(self, wording: str) -> Term | None:
        """The area whose official wording (or a known variant) this text is."""
        key = wording_key(wording)
        for term in self.areas.values():
            if key in {wording_key(w) for w in (term.kk, term.ru, *term.variants)}:
                return term
        return None


def wording_key(text: str) -> str:
    """Wording compared without case, quotes, kinds of dash, spaces around dashes or punctuation."""
    text = re.sub(r"\s*[\u2010-\u2015\u2212-]\s*", "-", text.casefold().replace("ё", "е"))
    return re.sub(r"[\s«»„“”‘’\"'.,;:()]+", " ", text).strip()


def suggest(value: object, choices) -> str | None:
    """The closest choice to a mistyped value, if one is close enough to be a likely typo."""
    text = str(value)
    choices = [str(c) for c in choices]
    cutoff = 0.5 if len(text) <= 3 else 0.6  # 'kz' for 'kk' is one letter in two
    hits = difflib.get_close_matches(text, choices, n=1, cutoff=cutoff)
    if not hits:
        folded = {c.casefold(): c for c in choices}
        hits = [folded[h] for h in difflib.get_close_matches(text.casefold(), list(folded), n=1, cutoff=cutoff)]
    return hits[0] if hits else None


@lru_cache(maxsize=4)
def load_vocabularies(schema_dir: Path = SCHEMA_DIR) -> Vocabularies:
    """Read the vocabulary files once."""
    def read(name):
        return yaml.load((schema_dir / "vocab" / f"{name}.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

    areas = {a["code"]: Term(a["code"], a["kk"], a["ru"], a["kk_confirmed"], a["ru_confirmed"],
                             tuple(a.get("variants", ()))) for a in read("areas")["areas"]}
    grants = read("grant-types")
    grant_types = {g["code"]: GrantType(g["code"], g["kk"], g["ru"], months_min=g["months"]["min"],
                                        months_max=g["months"]["max"], mci_min=g["mci"]["min"],
                                        mci_max=g["mci"]["max"]) for g in grants["grant_types"]}
    territories = {t["kato"]: Territory(t["kato"], t["kk"], t["ru"], level=t["level"], parent=t.get("parent"),
                                        issuer=t.get("issuer")) for t in read("territories")["territories"]}
    units = {u["code"]: Unit(u["code"], u["kk"], u["ru"], words=tuple(u["words"])) for u in read("units")["units"]}
    return Vocabularies(areas, grant_types, territories, units, {int(y): v for y, v in grants["mci"].items()})
