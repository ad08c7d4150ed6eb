#!/usr/bin/env python3
"""Synthetic content for benchmarks and scale tests: deterministic by seed, shaped like the real Akmola list.

Texts are made of the real list's own words (Kazakh and Russian), with the real list's lengths, so pages,
indexes and data files weigh what real ones would.  Usage:
    python bench/generate.py OUT_DIR --priorities 10000 [--seed 1]
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grantsite.content import load_vocabularies  # noqa: E402
from grantsite.importer.run import content_yaml  # noqa: E402

SAMPLE = ROOT / "content" / "2026" / "akmola"
ISSUERS = 20
PER_LIST = 50


def _words(lang: str) -> list[str]:
    words = []
    for path in sorted(SAMPLE.glob("[0-9]*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts = [data["direction"], data["problem"]] + [e["text"] for e in data["indicators"] + data["results"]]
        for text in texts:
            words += re.findall(r"[^\s\d]{3,}", text[lang])
    return words


class Writer:
    """Makes texts of a given length from the real list's words, the same for the same seed."""

    def __init__(self, seed: int):
        self.random = random.Random(seed)
        self.words = {"kk": _words("kk"), "ru": _words("ru")}

    def sentence(self, lang: str, words: int) -> str:
        chosen = [self.random.choice(self.words[lang]) for _ in range(words)]
        return " ".join(chosen).capitalize().rstrip(".,;:") + "."

    def text(self, words: int) -> dict:
        return {lang: self.sentence(lang, words) for lang in ("kk", "ru")}

    def paragraphs(self, count: int, words: int) -> dict:
        return {lang: "\n".join(self.sentence(lang, words) for _ in range(count)) for lang in ("kk", "ru")}

    def entry(self) -> dict:
        value = self.random.choice([20, 50, 70, 100, 300, 1000, 3000, 20000])
        unit = self.random.choice([("адам", "человек", "persons"), ("%", "%", "percent"), ("іс-шара", "мероприятий", "events")])
        text = self.text(self.random.randint(10, 35))
        text = {"kk": f"{text['kk'][:-1]} – кемінде {value} {unit[0]};", "ru": f"{text['ru'][:-1]} – не менее {value} {unit[1]};"}
        return {"text": text, "target": {"value": value, "unit": unit[2], "qualifier": "at-least"}}


def priority(writer: Writer, number: int, year: int, areas: list[str], territory: str) -> dict:
    amount = writer.random.choice([3000.0, 5000.0, 6000.0, 8000.0, 10000.0, 12000.0])
    published = f"{int(amount):,}".replace(",", "\u00a0") + ",0"
    return {
        "number": number,
        "area": writer.random.choice(areas),
        "direction": writer.text(writer.random.randint(5, 14)),
        "problem": writer.paragraphs(writer.random.randint(1, 4), writer.random.randint(25, 60)),
        "funding": {"amount": amount, "published": published},
        "grant": {"type": "short-term", "count": 1, "years": [year]},
        "territory": territory,
        "indicators": [writer.entry() for _ in range(writer.random.randint(2, 3))],
        "results": [writer.entry() for _ in range(writer.random.randint(5, 13))],
        "material_base": None,
        "translation": {"kk": "official", "ru": "unofficial"},
    }


def listing(year: int, issuer: dict) -> dict:
    return {
        "title": {"kk": f"Үкіметтік емес ұйымдар үшін {year} жылға арналған мемлекеттік гранттардың басым бағыттарының тізбесі",
                  "ru": f"Перечень приоритетных направлений государственных грантов для неправительственных организаций на {year} год"},
        "issuer": {"name": {"kk": f"{issuer['kk']} ішкі саясат басқармасы", "ru": f"Управление внутренней политики: {issuer['ru']}"},
                   "territory": issuer["kato"]},
        "approval": {"order": None, "date": None},
        "source": {"document": "source.txt", "language": "kk", "url": None},
        "translation": {"kk": "official", "ru": "unofficial"},
    }


def generate(out: Path, priorities: int, seed: int = 1) -> int:
    """Write a content tree of about `priorities` priorities into out; return how many were written."""
    vocab = load_vocabularies()
    writer = Writer(seed)
    areas = sorted(vocab.areas)
    issuers = [{"code": f"region-{i + 1:02d}", "kato": t.code, "kk": t.kk, "ru": t.ru}
               for i, t in enumerate(t for t in vocab.territories.values() if t.level in ("region", "city-republican"))]
    issuers = issuers[:ISSUERS]
    lists = max(1, -(-priorities // PER_LIST))
    written = 0
    for n in range(lists):
        year, issuer = 2026 - n // len(issuers), issuers[n % len(issuers)]
        folder = out / str(year) / issuer["code"]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "list.yaml").write_text(content_yaml(listing(year, issuer)), encoding="utf-8")
        (folder / "source.txt").write_text("synthetic\n", encoding="utf-8")
        for number in range(1, min(PER_LIST, priorities - written) + 1):
            record = priority(writer, number, year, areas, issuer["kato"])
            (folder / f"{number:02d}.yaml").write_text(content_yaml(record), encoding="utf-8")
            written += 1
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--priorities", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"wrote {generate(args.out, args.priorities, args.seed)} priorities into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
