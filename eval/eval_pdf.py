"""PDF reading against ``pdftotext`` and the gold evidence: ``python -m eval.eval_pdf [--json]``.

Three measures (issue 11):

1. **Sentence coverage** per PDF of ``../shared/corpus/pdf``: the share of plain ``pdftotext`` sentences of
   8+ words that appear intact in our document text. Both texts are compared after NFKC, lower case,
   soft hyphens removed, hyphens between letters and at line ends dropped (de-hyphenation) and all
   whitespace collapsed, so a heading that we set as its own paragraph still reads on into the next one.
   pdftotext's own paragraph breaks and page breaks end a reference sentence.
2. **Words lost** against the same reference: reference words (as a multiset) missing from ours, leaving
   aside the reference's running headers and footers (lines that repeat on many pages once digits are
   ignored) and lone page numbers.
3. **Gold evidence**: every evidence string of ``../shared/gold/*.json`` whose source is a PDF must lie
   inside one passage of :func:`ingest.pipeline.parse_file` (NFKC, lower case, collapsed whitespace).

The "before" columns are the reader as it was before the pypdfium2 rebuild (pdfplumber), measured once
with this script and kept in ``eval/pdf_baseline.json``. Speed is in ``bench/bench_pdf.py``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from eval.paths import REPO, shared_dir

BASELINE = REPO / "eval" / "pdf_baseline.json"
MIN_WORDS = 8
COVERAGE_GOAL = 0.97
WORDS_LOST_GOAL = 0.01
# A reference line that repeats (digits aside) on at least this share of pages is a running header/footer.
RUNNING_SHARE = 0.4

_SOFT = dict.fromkeys(map(ord, "\u00ad\ufffe\u0002\u200b"), None)
_LINE_HYPHEN = re.compile(r"(?<=\w)[-\u2010\u2011]\s+(?=\w)")
_INNER_HYPHEN = re.compile(r"(?<=\w)[-\u2010\u2011](?=\w)")
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'‘“(]?[A-ZÀ-Ý0-9])")
_TOKEN = re.compile(r"\w+")
# Footnote markers that pdftotext glues to the word before them ("iStandaarden1"); both sides lose them.
_GLUED_MARKER = re.compile(
    r"(?<=[^\W\d_]{2})\d{1,2}(?=[\s.,;:)]|$)"  # "iStandaarden1 wordt", "ICTU1,"
    r"|(?:(?<=[^\W\d_]{2}[.,;:])|(?<=[^\W\d_][’'”\")][.,;:]))\d{1,2}(?=\s|$)"  # "GI.3 De", "jeugd’.13 Ter"
)
_DOT_LEADER = re.compile(r"(?:\s?[.·…]){4,}")
# A list bullet standing alone: pdftotext often drops the glyph, so neither side keeps it.
_BULLET = re.compile(r"(?:(?<=\s)|^)[-•▪●◦–—■□➢➤►✓✔*·](?=\s)")
_PAGE_NUMBER = re.compile(
    r"^[-–—(\[]?\s*(?:pagina|page|blz\.?|p\.)?\s*\d{1,4}\s*(?:(?:/|van|of)\s*\d{1,4})?\s*[-–—)\]]?$", re.I
)


def normalise(text: str) -> str:
    """The comparison form: NFKC, lower case, no soft hyphens, de-hyphenated, without glued footnote
    markers, dot leaders and lone list bullets, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text.translate(_SOFT)).lower()
    text = _INNER_HYPHEN.sub("", _LINE_HYPHEN.sub("", text))
    text = _BULLET.sub(" ", _DOT_LEADER.sub(" ", _GLUED_MARKER.sub("", text)))
    return _SPACE.sub(" ", text).strip()


def pdftotext_pages(path: Path) -> list[str]:
    """Plain ``pdftotext`` output, one string per page."""
    executable = shutil.which("pdftotext")
    if executable is None:
        raise FileNotFoundError("pdftotext is not installed (apt-get install poppler-utils)")
    result = subprocess.run([executable, str(path), "-"], capture_output=True, check=True)
    pages = result.stdout.decode("utf-8", errors="replace").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def running_lines(pages: list[str]) -> set[str]:
    """Keys (lower case, digits masked) of reference lines that repeat on many pages."""
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_running_key(line) for line in page.splitlines() if line.strip()})
    needed = max(2, int(RUNNING_SHARE * len(pages) + 0.999))
    return {key for key, count in counts.items() if count >= needed and len(pages) >= 2}


def _running_key(line: str) -> str:
    return " ".join(re.sub(r"\d+", "#", line.lower()).split())


def content_pages(pages: list[str]) -> list[str]:
    """The reference pages without running headers/footers and lone page numbers."""
    running = running_lines(pages)
    return [
        "\n".join(
            line
            for line in page.splitlines()
            if not line.strip() or (_running_key(line) not in running and not _PAGE_NUMBER.match(line.strip()))
        )
        for page in pages
    ]


def reference_sentences(pages: list[str]) -> list[str]:
    """Sentences of 8+ words that end as sentences do (. ! ? ; :); a sentence also ends at a blank line
    and at a page break, so the part of a sentence before a page break is not one. Running headers,
    footers and page numbers are left out first; contents lines and addresses, which end in no
    punctuation, are no sentences."""
    sentences: list[str] = []
    for page in content_pages(pages):
        for block in re.split(r"\n\s*\n", page):
            lines = [line.strip() for line in block.splitlines() if line.strip()]
            # A line that ends a sentence ends it even when the next one starts in lower case.
            joined = "\n".join(lines)
            for part in re.split(r"(?<=[.!?;:])\n", joined):
                for sentence in _SENTENCE_END.split(part.replace("\n", " ")):
                    sentence = sentence.strip()
                    if len(_TOKEN.findall(sentence)) >= MIN_WORDS and sentence[-1:] in ".!?;:":
                        sentences.append(sentence)
    return sentences


def reference_words(pages: list[str]) -> Counter[str]:
    """Words of the reference, its running headers/footers and lone page numbers left aside."""
    return Counter(_TOKEN.findall(normalise("\n".join(content_pages(pages)))))


@dataclass
class FileScore:
    file: str
    pages: int
    sentences: int
    coverage: float
    words: int
    words_lost: float
    damaged_sentences: int = 0
    missed: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    error: str | None = None


def score_file(path: Path, read_text: Callable[[Path], str]) -> FileScore:
    pages = pdftotext_pages(path)
    sentences = reference_sentences(pages)
    words = reference_words(pages)
    try:
        ours = normalise(read_text(path))
    except Exception as error:  # an evaluation reports failures instead of stopping
        return FileScore(path.name, len(pages), len(sentences), 0.0, sum(words.values()), 1.0, error=str(error))
    ours_flat = ours.replace(" | ", " ")  # a table row's cells read on like pdftotext's
    our_words = Counter(_TOKEN.findall(ours))
    damaged = _reference_damage(set(words), set(our_words))
    kept = [s for s in sentences if not damaged.intersection(_TOKEN.findall(normalise(s)))]
    missed = [s for s in kept if normalise(s) not in ours_flat]
    lost = Counter({word: count for word, count in (words - our_words).items() if word not in damaged})
    total = sum(words.values())
    return FileScore(
        file=path.name,
        pages=len(pages),
        sentences=len(kept),
        coverage=1 - len(missed) / len(kept) if kept else 1.0,
        words=total,
        words_lost=sum(lost.values()) / total if total else 0.0,
        damaged_sentences=len(sentences) - len(kept),
        missed=missed,
        lost=[f"{word}×{count}" for word, count in lost.most_common(12)],
    )


def _reference_damage(reference: set[str], ours: set[str]) -> set[str]:
    """Reference words that pdftotext broke: not in our text, but one of our words less a letter or two,
    a piece of one of our words, or a lone letter.

    pdftotext drops glyphs it cannot map (a font's "f" or "fi" ligature: "heet" for "heeft", "in ormatie"
    for "informatie", "o" for "of"); sentences with such words cannot match a reader that got them right,
    so they are counted apart and shown.
    """
    missing = {word for word in reference - ours if not word.isdigit()}
    if not missing:
        return set()
    shortened = {word[:i] + word[i + 1 :] for word in ours if len(word) >= 3 for i in range(len(word))}
    shortened |= {word[:i] + word[i + 2 :] for word in ours if len(word) >= 4 for i in range(len(word) - 1)}
    long_words = [word for word in ours if len(word) >= 5]
    return {
        word
        for word in missing
        if len(word) == 1 or word in shortened or (len(word) >= 3 and any(word in other for other in long_words))
    }


def corpus_pdfs() -> list[Path]:
    shared = shared_dir()
    if shared is None or not (shared / "corpus" / "pdf").is_dir():
        raise FileNotFoundError("../shared/corpus/pdf is not there")
    return sorted((shared / "corpus" / "pdf").glob("*.pdf"))


def _evidence_strings(value: object) -> Iterator[tuple[str, str]]:
    """(file, evidence) pairs anywhere in a gold annotation."""
    if isinstance(value, dict):
        if isinstance(value.get("evidence"), str) and isinstance(value.get("file"), str):
            yield value["file"], value["evidence"]
        for item in value.values():
            yield from _evidence_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _evidence_strings(item)


def _gold_normalise(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip()


def score_gold() -> dict[str, object]:
    """Per PDF with gold: evidence strings found inside one passage, and the ones that are not."""
    from ingest.pipeline import parse_file

    shared = shared_dir()
    if shared is None:
        raise FileNotFoundError("../shared is not there")
    wanted: dict[str, set[str]] = {}
    for gold in sorted((shared / "gold").glob("*.json")):
        data = json.loads(gold.read_text(encoding="utf-8"))
        for file, evidence in _evidence_strings(data):
            if file.lower().endswith(".pdf"):
                wanted.setdefault(file, set()).add(evidence)
    result: dict[str, object] = {}
    for file, evidences in sorted(wanted.items()):
        _, documents = parse_file(shared / "corpus" / file)
        passages = [_gold_normalise(p.text) for parsed in documents for p in parsed.passages]
        missing = sorted(e for e in evidences if not any(_gold_normalise(e) in p for p in passages))
        result[file] = {"evidence": len(evidences), "found": len(evidences) - len(missing), "missing": missing}
    return result


def score_generated() -> dict[str, object]:
    """The layouts the tests draw (tests/ingest/pdf_layouts.py): sentences intact and in order,
    watermark letters in the text, the title."""
    import importlib.util
    import tempfile

    from ingest.readers import read_file

    spec = importlib.util.spec_from_file_location("pdf_layouts", REPO / "tests" / "ingest" / "pdf_layouts.py")
    if spec is None or spec.loader is None:
        return {}
    layouts: Any = importlib.util.module_from_spec(spec)
    sys.modules["pdf_layouts"] = layouts  # dataclasses look their module up while the file runs
    spec.loader.exec_module(layouts)
    result: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as folder:
        makers = {
            "three columns, landscape, rotated watermark": lambda p: layouts.three_column_agreement(p),
            "three columns, landscape, watermark letter by letter": lambda p: layouts.three_column_agreement(
                p, watermark_style="letters"
            ),
            "two columns, portrait": layouts.two_column_portrait,
        }
        for number, (name, make) in enumerate(makers.items()):
            path = Path(folder) / f"layout-{number}.pdf"
            drawn = make(path)
            extracted = read_file(path)
            text = extracted.text
            positions = [text.find(sentence) for sentence in drawn.sentences]
            found = [position for position in positions if position >= 0]
            result[name] = {
                "sentences": len(drawn.sentences),
                "intact": len(found),
                "in_order": found == sorted(found),
                "watermark_letters": len(re.findall(r"(?<!\w)[CONEPT](?!\w)", text)) + text.lower().count("concept"),
                "title": extracted.title,
            }
    return result


def run() -> dict[str, Any]:
    from ingest.readers import read_file

    files = [asdict(score_file(path, lambda p: read_file(p).text)) for path in corpus_pdfs()]
    return {"files": files, "gold": score_gold(), "generated": score_generated()}


def _print_report(result: dict[str, Any], baseline: dict[str, Any] | None) -> None:
    before = {row["file"]: row for row in (baseline or {}).get("files", [])}
    print(f"{'file':56} {'pages':>5} {'sent.':>5} {'damag':>5}  {'coverage':>15}  {'words lost':>15}")
    print(f"{'':56} {'':>5} {'':>5} {'':>5}  {'before':>7} {'after':>7}  {'before':>7} {'after':>7}")
    for row in result["files"]:
        old = before.get(row["file"], {})
        flag = "" if row["coverage"] >= COVERAGE_GOAL and row["words_lost"] <= WORDS_LOST_GOAL else "  <- goal"
        print(
            f"{row['file'][:56]:56} {row['pages']:>5} {row['sentences']:>5} {row['damaged_sentences']:>5}  "
            f"{_share(old.get('coverage'))} {_share(row['coverage'])}  "
            f"{_share(old.get('words_lost'))} {_share(row['words_lost'])}{flag}"
        )
        if row["error"]:
            print(f"    error: {row['error']}")
    rows = result["files"]
    print(
        f"goal: coverage >= {COVERAGE_GOAL:.0%} and words lost <= {WORDS_LOST_GOAL:.0%} on every file; "
        f"met on {sum(r['coverage'] >= COVERAGE_GOAL and r['words_lost'] <= WORDS_LOST_GOAL for r in rows)}"
        f" of {len(rows)}"
    )
    print("(sent. = reference sentences compared; damag = left aside because pdftotext lost a glyph in them)")
    for row in rows:
        for sentence in row["missed"][:3]:
            print(f"    missed in {row['file'][:30]}: {sentence[:150]}")
    print("\nGold evidence found inside one passage (parse_file):")
    old_gold = (baseline or {}).get("gold", {})
    for file, score in result["gold"].items():
        old = old_gold.get(file, {})
        old_text = f"{old['found']}/{old['evidence']}" if old else "-"
        print(f"  {file:60} before {old_text:>7}  after {score['found']}/{score['evidence']}")
        for evidence in score["missing"][:5]:
            print(f"      missing: {evidence[:140]}")


def _print_generated(result: dict[str, Any], baseline: dict[str, Any] | None) -> None:
    print("\nGenerated layouts (tests/ingest/pdf_layouts.py): sentences intact, in order, watermark letters, title")
    old_generated = (baseline or {}).get("generated", {})
    for name, score in result.get("generated", {}).items():
        old = old_generated.get(name)
        if old:
            print(
                f"  {name:54} before {old['intact']}/{old['sentences']} in order {old['in_order']},"
                f" watermark {old['watermark_letters']}, title {old['title']!r}"
            )
        print(
            f"  {name:54} after  {score['intact']}/{score['sentences']} in order {score['in_order']},"
            f" watermark {score['watermark_letters']}, title {score['title']!r}"
        )


def _share(value: object) -> str:
    return f"{value:7.1%}" if isinstance(value, float) else "      -"


def main(arguments: list[str]) -> int:
    result = run()
    if "--json" in arguments:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    baseline = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else None
    _print_report(result, baseline)
    _print_generated(result, baseline)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
