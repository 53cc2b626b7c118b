"""Boilerplate left in the indexed passages of real web pages and blogs, and the content that is kept.

Two independent checks, neither of which uses the rules of ``ingest/boilerplate*.py``:

1. **Seeds, by hand** (``eval/seed_boilerplate.json``): the line numbers of every author biography,
   call to action, contact card, image name and tagline of the five saved blog pages in
   ``../shared/seeds``, marked by reading the pages. A listed line that still stands as a line of a
   passage after ``ingest.pipeline.parse_file`` is a leak.
2. **Blog and HTML files of ../shared/corpus, and the seeds again, by a detector written for this
   evaluation**: simple regexes per category (below), applied to every line of every passage.

Goal: zero leaks in both. Content kept: every line of 20 or more words that the reader extracted (seeds:
of the page) and that neither check calls boilerplate must still be found in a passage (goal 100 %).

Run: ``.venv/bin/python -m eval.eval_boilerplate`` (also part of ``make eval``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.paths import shared_dir
from ingest.pipeline import parse_file
from ingest.readers import read_file
from rodedraad.records import ParsedDocument

HAND_LIST = Path(__file__).resolve().parent / "seed_boilerplate.json"
CATEGORIES = ("bio", "call_to_action", "contact", "image", "tagline")
CONTENT_MIN_WORDS = 20

# The evaluation's own detector: deliberately plain, written apart from the ingest rules.
_PATTERNS: dict[str, re.Pattern[str]] = {
    "call_to_action": re.compile(
        r"\b(klik hier|meer weten\b.*\?|neem (gerust |vrijblijvend )?contact (met ons )?op|schrijf (je|u) (nu )?in"
        r"|meld (je|u) (nu )?aan|download de|bestel hier|lees hier|bekijk (het hier|de website)|beluister de"
        r"|wil je (eens )?sparren|verder praten met)",
        re.IGNORECASE,
    ),
    "contact": re.compile(
        r"(\b0\d{2,3}[\s-]?\d{3}[\s-]?\d{3,4}\b|\+31[\s\d-]{9,}|\b[\w.-]+@[\w-]+\.\w{2,}|\bwww\.[\w-]+\.\w{2,})"
    ),
    "image": re.compile(
        r"(\b[\w-]+\.(jpe?g|png|gif|webp|heic|bmp|mp3|mp4|pdf|docx?)\b|\b\d{8}_\d{6}\b|\b(IMG|DSC|DSCN|PXL)[_-]?\d{3,})",
        re.IGNORECASE,
    ),
    "bio": re.compile(
        r"^(•\s*)?((?i:de auteurs?),|(?i:over de auteurs?)\b"
        r"|[A-Z][\w.]*( [\w.]+){1,4},? (is|was|werkt) (als |sinds \d{4} )?(\w+ ){0,3}"
        r"(adviseur|consultant|oprichter|directeur|partner|eigenaar)\b.{0,80}\b(bij|van|aan)\b"
        r"|.*\bmeer van (zijn|haar) (blogs|artikelen)\b|.*\bgeschreven op basis van\b)",
    ),
}


@dataclass
class FileResult:
    name: str
    leaks: dict[str, list[str]] = field(default_factory=dict)
    content_lines: int = 0
    content_kept: int = 0
    lost: list[str] = field(default_factory=list)


def _normal(line: str) -> str:
    return " ".join(line.replace("\u00a0", " ").split()).lstrip("•·*-– ").strip()


def passage_lines(parsed: list[ParsedDocument]) -> list[str]:
    return [_normal(line) for item in parsed for passage in item.passages for line in passage.text.splitlines()
            if line.strip()]


def detect(line: str, *, first_line: bool = False) -> str | None:
    """The evaluation's category for one passage line, or None."""
    for category, pattern in _PATTERNS.items():
        if pattern.search(line) and len(line.split()) <= 60:
            return category
    if first_line and len(line.split()) <= 5 and line.endswith("!"):
        return "tagline"
    return None


def _detector_leaks(parsed: list[ParsedDocument]) -> dict[str, list[str]]:
    leaks: dict[str, list[str]] = {}
    for item in parsed:
        lines = [_normal(line) for passage in item.passages for line in passage.text.splitlines() if line.strip()]
        for number, line in enumerate(lines):
            category = detect(line, first_line=number == 0 and line != _normal(item.document.title))
            if category:
                leaks.setdefault(category, []).append(line)
    return leaks


def _content(lines: list[str], kept: set[str], passages_text: str, result: FileResult) -> None:
    for line in lines:
        if len(line.split()) < CONTENT_MIN_WORDS or detect(line) or line in kept:
            continue
        result.content_lines += 1
        if line in passages_text:
            result.content_kept += 1
        else:
            result.lost.append(line)


def evaluate_seeds(seeds: Path, hand_list: Path = HAND_LIST) -> list[FileResult]:
    files = json.loads(hand_list.read_text(encoding="utf-8"))["files"]
    results = []
    for name, entry in sorted(files.items()):
        path = seeds / name
        if hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]:
            print(f"  ! {name} differs from the marked version: line numbers may be off")
        raw_lines = path.read_text(encoding="utf-8").splitlines()
        parsed = parse_file(path)[1]
        lines = set(passage_lines(parsed))
        result = FileResult(name)
        marked: set[str] = set()
        for category in CATEGORIES:
            for number in entry.get(category, []):
                line = _normal(raw_lines[number - 1])
                marked.add(line)
                if line and line in lines:
                    result.leaks.setdefault(f"hand:{category}", []).append(f"line {number}")
        for category, found in _detector_leaks(parsed).items():
            result.leaks.setdefault(f"detector:{category}", []).extend(found)
        text = "\n".join(passage.text for item in parsed for passage in item.passages)
        _content([_normal(line) for line in raw_lines], marked, " ".join(text.split()), result)
        results.append(result)
    return results


def evaluate_corpus(corpus: Path) -> list[FileResult]:
    paths = sorted((corpus / "blog").glob("*")) + sorted((corpus / "html").glob("*.html"))
    results = []
    for path in paths:
        parsed = parse_file(path)[1]
        result = FileResult(f"{path.parent.name}/{path.name}")
        result.leaks = {f"detector:{key}": value for key, value in _detector_leaks(parsed).items()}
        text = "\n".join(passage.text for item in parsed for passage in item.passages)
        reader_lines = [_normal(line) for line in read_file(path).text.splitlines()]
        _content(reader_lines, set(), " ".join(text.split()), result)
        results.append(result)
    return results


def summary(results: list[FileResult]) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    for result in results:
        for key, found in result.leaks.items():
            counts[key] += len(found)
    lines = sum(result.content_lines for result in results)
    kept = sum(result.content_kept for result in results)
    return {"leaks": dict(sorted(counts.items())), "total_leaks": sum(counts.values()),
            "content_lines": lines, "content_kept": round(kept / lines, 3) if lines else 1.0}


def main() -> None:
    shared = shared_dir()
    if shared is None or not (shared / "seeds").is_dir():
        raise FileNotFoundError("no ../shared/seeds (set RODEDRAAD_SHARED)")
    for label, results in (("seeds", evaluate_seeds(shared / "seeds")),
                           ("corpus blog + html", evaluate_corpus(shared / "corpus"))):
        numbers = summary(results)
        print(f"{label}: {numbers['total_leaks']} boilerplate lines in passages {numbers['leaks']} (goal 0); "
              f"content lines kept {numbers['content_kept']:.1%} of {numbers['content_lines']} (goal 100 %)")
        for result in results:
            for key, found in sorted(result.leaks.items()):
                for item in found:
                    print(f"  ✗ {result.name} {key}: {item[:100]}")
            for line in result.lost:
                print(f"  ✗ {result.name} content lost: {line[:100]}")


if __name__ == "__main__":
    main()
