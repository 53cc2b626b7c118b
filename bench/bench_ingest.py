"""Progressive ingest at scale: a synthetic-but-realistic corpus built from ``../shared/corpus``, ingested by the
real CLI in subprocesses, timed stage by stage.

The corpus: new PDFs assembled from pages of the real PDFs (pypdfium2 imports whole pages, so the reader meets
real columns, tables and fonts), and text notes assembled from paragraphs of the other real documents; page
counts follow the real PDFs'. Nothing is copied whole, and it is written under /tmp (never into the project).

Measured per run (``rodedraad ingest --no-wait`` then ``rodedraad work``, one ``--processes`` setting):
- time to the first lexical hit (a search by words that finds a passage, polled beside the ingest);
- the reading + lexical stage: documents/s until every file is searchable by words;
- time until every passage is searchable by meaning, and passages/s end to end;
- peak memory of the CLI processes (its workers included).

``python -m bench.bench_ingest --documents 200 --profile fast --processes 2``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from eval.paths import REPO, shared_dir

PROBE_TERM = "gemeente"  # a word nearly every Dutch policy text has; its index term equals it


def build_corpus(documents: int, root: Path, *, seed: int = 7, pdf_share: float = 0.8) -> Path:
    """``documents`` files under ``root`` (made once per size and seed; reused when complete)."""
    import pypdfium2 as pdfium

    from ingest.pipeline import parse_file

    done = root / ".complete"
    if done.exists():
        return root
    shared = shared_dir()
    if shared is None:
        raise SystemExit("the synthetic corpus is built from ../shared/corpus, which is not here")
    root.mkdir(parents=True, exist_ok=True)
    chooser = random.Random(seed)
    corpus = shared / "corpus"
    pdfs = []
    for path in sorted(corpus.rglob("*.pdf")):
        try:
            pdfs.append((path, len(pdfium.PdfDocument(path))))
        except pdfium.PdfiumError:
            continue
    page_counts = [pages for _, pages in pdfs]
    paragraphs: list[str] = []
    for path in sorted(corpus.rglob("*")):
        if path.is_file() and path.suffix.lower() in (".html", ".htm", ".txt", ".md", ".docx", ".xml"):
            try:
                _, parsed = parse_file(path)
            except Exception:  # a source that does not read is simply not sampled
                continue
            for doc in parsed:
                paragraphs += [p for p in doc.document.text.split("\n\n") if len(p.split()) >= 8]
    sources = {path: pdfium.PdfDocument(path) for path, _ in pdfs}
    for number in range(documents):
        if chooser.random() < pdf_share:
            target = pdfium.PdfDocument.new()
            for _ in range(min(60, chooser.choice(page_counts))):
                path, pages = chooser.choice(pdfs)
                target.import_pages(sources[path], [chooser.randrange(pages)])
            target.save(root / f"synth-{number:05d}.pdf")
            target.close()
        else:
            body = "\n\n".join(chooser.choice(paragraphs) for _ in range(chooser.randint(6, 60)))
            (root / f"synth-{number:05d}.txt").write_text(f"Notitie {number}\n\n{body}\n", encoding="utf-8")
    done.write_text(str(documents))
    return root


def _count(home: Path, sql: str) -> int:
    try:
        db = sqlite3.connect(f"file:{home / 'rodedraad.sqlite3'}?mode=ro", uri=True, timeout=5)
        try:
            return int(db.execute(sql).fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def _first_hit(home: Path, started: float, found: list[float], stop: threading.Event) -> None:
    while not stop.is_set():
        if _count(home, f"SELECT COUNT(*) FROM passage_terms WHERE passage_terms MATCH '{PROBE_TERM}'"):
            found.append(time.perf_counter() - started)
            return
        time.sleep(0.2)


def _all_vectors(home: Path, started: float, embedded: list[float], stop: threading.Event) -> None:
    """When every passage has a vector and the index holds them all (the work goes on with the analyses)."""
    passages = _count(home, "SELECT COUNT(*) FROM passages")
    while not stop.is_set():
        try:
            state = json.loads((home / "vectors.json").read_text())
        except (OSError, ValueError):
            state = {}
        if passages and int(state.get("vectors", 0)) >= passages:
            embedded.append(time.perf_counter() - started)
            return
        time.sleep(0.5)


def run(documents: int, *, profile: str, processes: int, work_root: Path = Path("/tmp"),
        until_meaning: bool = False) -> dict[str, object]:
    """One timed ingest; ``until_meaning`` stops the work once every passage is searchable by meaning (the
    analyses, hours at 10,000 documents, are left queued and not timed)."""
    corpus = build_corpus(documents, work_root / f"rodedraad-synth-{documents}")
    home = work_root / f"rodedraad-synth-home-{documents}-{profile}-{processes}"
    subprocess.run(["rm", "-rf", str(home)], check=True)
    env = {**os.environ, "RODEDRAAD_EMBEDDER": profile, "PYTHONPATH": str(REPO)}
    cli = [sys.executable, "-m", "service.cli", "--home", str(home)]
    found: list[float] = []
    stop = threading.Event()
    started = time.perf_counter()
    probe = threading.Thread(target=_first_hit, args=(home, started, found, stop), daemon=True)
    probe.start()
    subprocess.run([*cli, "ingest", "--no-wait", "--processes", str(processes), str(corpus)], env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    lexical = time.perf_counter() - started
    stop.set()
    embedded: list[float] = []
    stop = threading.Event()
    watcher = threading.Thread(target=_all_vectors, args=(home, started, embedded, stop), daemon=True)
    watcher.start()
    worker = subprocess.Popen([*cli, "work", "--processes", str(processes)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    while worker.poll() is None and not (until_meaning and embedded):
        time.sleep(0.5)
    if worker.poll() is None:
        worker.terminate()  # the unit in hand commits or rolls back; the rest stays queued
    worker.wait()
    total = time.perf_counter() - started
    stop.set()
    watcher.join()
    by_meaning = embedded[0] if embedded else total
    status = json.loads(subprocess.run([*cli, "status", "--json"], env=env, capture_output=True, text=True,
                                       check=False).stdout)
    files = _count(home, "SELECT COUNT(*) FROM files")
    return {
        "documents": documents, "profile": profile, "processes": processes,
        "files_stored": files, "passages": status["passages"],
        "first_lexical_hit_s": round(found[0], 1) if found else None,
        "lexical_stage_s": round(lexical, 1), "documents_per_s_lexical": round(files / lexical, 2),
        "all_by_meaning_s": round(by_meaning, 1),
        "passages_per_s_end_to_end": round(status["passages"] / by_meaning, 1),
        "analyses_done_s": None if until_meaning else round(total, 1),
        "vectors_pending": status["vectors_pending"], "finished": status["finished"],
        "peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
    }


def table(results: list[dict[str, object]]) -> str:
    lines = ["| documents | profile | processes | passages | first lexical hit s | reading+lexical docs/s | "
             "all by meaning s | passages/s end to end | analyses done s | peak MB |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['documents']} | {r['profile']} | {r['processes']} | {r['passages']} | "
                     f"{r['first_lexical_hit_s']} | {r['documents_per_s_lexical']} | {r['all_by_meaning_s']} | "
                     f"{r['passages_per_s_end_to_end']} | {r['analyses_done_s']} | {r['peak_mb']} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--profile", default="fast")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--until-meaning", action="store_true", help="stop once all is searchable by meaning")
    parser.add_argument("--build-only", action="store_true", help="only build the synthetic corpus")
    options = parser.parse_args()
    if options.build_only:
        print(build_corpus(options.documents, Path("/tmp") / f"rodedraad-synth-{options.documents}"))
        return
    results = [run(options.documents, profile=options.profile, processes=p, until_meaning=options.until_meaning)
               for p in options.processes]
    for result in results:
        print(json.dumps(result))
    print(table(results))


if __name__ == "__main__":
    main()
