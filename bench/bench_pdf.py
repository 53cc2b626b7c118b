"""Pages per second of ``read_file`` against plain ``pdftotext`` (poppler-utils) on the same PDFs, same run.

Run as a script to print a table over the shared corpus PDFs:

    .venv/bin/python bench/bench_pdf.py [PDF_OR_FOLDER ...]

Each file is read by both, alternately, ``ROUNDS`` times, and the faster round of each counts, so a
burst of load on a shared machine hits neither side alone. Before timing, one file is read once to load
what a long ingest loads only once (the Dutch lexicon for hyphenation, imports). pdftotext is the speed
reference only: it does no header/footer removal, column ordering, hyphenation repair or paragraphs.
Install it with ``apt-get install -y poppler-utils``. Goal (issue 11): at least half of its pages/s.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import pypdfium2 as pdfium

from ingest.readers import read_file

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FOLDER = Path(os.environ.get("RODEDRAAD_SHARED", REPO.parent / "shared")) / "corpus" / "pdf"
ROUNDS = 2
GOAL = 0.5


def run(pdf_paths: Iterable[Path], rounds: int = ROUNDS) -> dict[str, object]:
    """Time both extractors per file; returns per-file rows and totals (pages, seconds, pages/s, ratio)."""
    paths = list(pdf_paths)
    pdftotext = shutil.which("pdftotext")
    if paths:
        with contextlib.suppress(Exception):  # a benchmark reports failures below instead of stopping
            read_file(paths[0])  # warm-up: imports and the lexicon, loaded once per process
    rows: list[dict[str, object]] = []
    total_pages = 0
    total_ours = 0.0
    total_poppler = 0.0
    for path in paths:
        pages = _page_count(path)
        ours_times: list[float] = []
        poppler_times: list[float] = []
        error = None
        characters = 0
        for _ in range(rounds):
            started = time.perf_counter()
            try:
                characters = len(read_file(path).text)
            except Exception as caught:  # a benchmark reports failures instead of stopping
                error = f"{type(caught).__name__}: {caught}"
            ours_times.append(time.perf_counter() - started)
            if pdftotext:
                started = time.perf_counter()
                subprocess.run([pdftotext, str(path), "-"], capture_output=True, check=False)
                poppler_times.append(time.perf_counter() - started)
        ours = min(ours_times)
        poppler = min(poppler_times) if poppler_times else None
        total_pages += pages
        total_ours += ours
        total_poppler += poppler or 0.0
        rows.append(
            {
                "file": path.name,
                "pages": pages,
                "characters": characters,
                "read_file_s": ours,
                "read_file_pages_per_s": pages / ours if ours else None,
                "pdftotext_s": poppler,
                "pdftotext_pages_per_s": pages / poppler if poppler else None,
                "error": error,
            }
        )
    ours_rate = total_pages / total_ours if total_ours else None
    poppler_rate = total_pages / total_poppler if pdftotext and total_poppler else None
    return {
        "files": rows,
        "pages": total_pages,
        "read_file_s": total_ours,
        "read_file_pages_per_s": ours_rate,
        "pdftotext_s": total_poppler if pdftotext else None,
        "pdftotext_pages_per_s": poppler_rate,
        "ratio": ours_rate / poppler_rate if ours_rate and poppler_rate else None,
        "goal_ratio": GOAL,
    }


def _page_count(path: Path) -> int:
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return 0
    try:
        return len(document)
    finally:
        document.close()


def _pdfs(arguments: list[str]) -> list[Path]:
    targets = [Path(a) for a in arguments] or [DEFAULT_FOLDER]
    found: list[Path] = []
    for target in targets:
        found.extend(sorted(target.glob("*.pdf")) if target.is_dir() else [target])
    return found


def _rate(value: object) -> str:
    return f"{value:8.1f}" if isinstance(value, float) else "       -"


def main(arguments: list[str]) -> int:
    paths = _pdfs(arguments)
    if not paths:
        print("no PDFs found", file=sys.stderr)
        return 1
    result = run(paths)
    print(f"{'file':48} {'pages':>5} {'ours p/s':>8} {'pdftotext p/s':>13}  note")
    for row in result["files"]:  # type: ignore[attr-defined]
        note = row["error"] or f"{row['characters']} chars"
        print(
            f"{row['file'][:48]:48} {row['pages']:>5} {_rate(row['read_file_pages_per_s'])}"
            f" {_rate(row['pdftotext_pages_per_s']):>13}  {note}"
        )
    print(
        f"{'total':48} {result['pages']:>5} {_rate(result['read_file_pages_per_s'])}"
        f" {_rate(result['pdftotext_pages_per_s']):>13}"
    )
    ratio = result["ratio"]
    if isinstance(ratio, float):
        print(f"ours / pdftotext: {ratio:.2f}x (goal >= {GOAL}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
