"""Pages per second of ``read_file`` against ``pdftotext -layout`` (poppler-utils) on the same PDFs.

Run as a script to print a table over the shared corpus PDFs:

    .venv/bin/python bench/bench_pdf.py [PDF_OR_FOLDER ...]

pdftotext is the speed reference only: it does no header/footer removal, column ordering,
hyphenation repair or paragraph building. Install it with ``apt-get install -y poppler-utils``.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from pypdf import PdfReader

from ingest.readers import read_file

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FOLDER = Path(os.environ.get("RODEDRAAD_SHARED", REPO.parent / "shared")) / "corpus" / "pdf"


def run(pdf_paths: Iterable[Path]) -> dict[str, object]:
    """Time both extractors per file; returns per-file rows and totals (pages, seconds, pages/s)."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # page counting only; its repair notes are noise
    pdftotext = shutil.which("pdftotext")
    rows: list[dict[str, object]] = []
    total_pages = 0
    total_ours = 0.0
    total_poppler = 0.0
    for path in pdf_paths:
        pages = len(PdfReader(str(path)).pages)
        started = time.perf_counter()
        error = None
        characters = 0
        try:
            characters = len(read_file(path).text)
        except Exception as caught:  # a benchmark reports failures instead of stopping
            error = f"{type(caught).__name__}: {caught}"
        ours = time.perf_counter() - started
        poppler: float | None = None
        if pdftotext:
            started = time.perf_counter()
            subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, check=False)
            poppler = time.perf_counter() - started
            total_poppler += poppler
        total_pages += pages
        total_ours += ours
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
    return {
        "files": rows,
        "pages": total_pages,
        "read_file_s": total_ours,
        "read_file_pages_per_s": total_pages / total_ours if total_ours else None,
        "pdftotext_s": total_poppler if pdftotext else None,
        "pdftotext_pages_per_s": total_pages / total_poppler if pdftotext and total_poppler else None,
    }


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
    print(f"{'file':48} {'pages':>5} {'ours p/s':>8} {'poppler p/s':>11}  note")
    for row in result["files"]:  # type: ignore[attr-defined]
        note = row["error"] or f"{row['characters']} chars"
        print(
            f"{row['file'][:48]:48} {row['pages']:>5} {_rate(row['read_file_pages_per_s'])}"
            f" {_rate(row['pdftotext_pages_per_s']):>11}  {note}"
        )
    print(
        f"{'total':48} {result['pages']:>5} {_rate(result['read_file_pages_per_s'])}"
        f" {_rate(result['pdftotext_pages_per_s']):>11}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
