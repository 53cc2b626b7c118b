"""Bring files into the store: parse, enrich (organisations, lexical terms), commit; then embed what is new.

Progressive: each file commits on its own with its documents, passages and lexical terms, so it is searchable
by words at once. The vectors follow: with ``wait=True`` (the default) this call embeds the passages that lack
one and writes the index before it returns; with ``wait=False`` they stay in the store's work queue
(``models.work_queue``) for a worker (``rodedraad work``, or the server's own) to embed.

Incremental by content hash: an unchanged file is skipped without parsing; a changed one has its old
documents replaced in one transaction. Vectors are cached by passage hash and model, so a passage is never
embedded twice. After the passages, the sentence windows of long passages are cut and embedded the same way
(``sync_windows``, ``models.windows``): search scores a passage by its best window too. Failures are
collected per file and the run goes on.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

import numpy as np

from ingest.limits import DEFAULT_MAX_BYTES
from models.embedders.base import Embedder
from models.store import Store
from rodedraad.errors import DuplicateDocument, FileTooLarge, IngestError, RodedraadError
from rodedraad.records import ParsedDocument, sha256_text

if TYPE_CHECKING:
    from models.parallel import ReadResult, WorkerPool

EMBED_BATCH = 32
WINDOW_CUT_BATCH = 2000  # passage texts cut into sentence windows per transaction


class TextAnalyzer(Protocol):
    """What the indexer needs of the Dutch NLP layer."""

    def index_terms(self, text: str) -> list[str]: ...

    def organisations(self, text: str) -> list[str]: ...


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    # files whose content another stored file already holds (the corpus under a second path): (source, message)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    documents: int = 0
    passages: int = 0
    embedded: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed


ProgressCallback = Callable[[str, int, int], None]
# while vectors are made: (passages embedded so far, passages to embed)
EmbedCallback = Callable[[int, int], None]
# after each file: (source, outcome) with outcome "added", "replaced", "unchanged", "duplicate" or "failed"
FileDoneCallback = Callable[[str, str], None]


def source_names(paths: Sequence[Path]) -> list[tuple[Path, str]]:
    """Every file under ``paths`` with a display name that does not depend on the working directory:
    the path relative to the parent of the folder that was named (``corpora/notes/x.md``)."""
    found: list[tuple[Path, str]] = []
    for root in paths:
        root_abs = root.resolve()
        base = root_abs.parent
        for file in _discover_files([root]):
            try:
                name = file.resolve().relative_to(base).as_posix()
            except ValueError:
                name = file.name
            found.append((file, name))
    return found


def _discover_files(paths: Sequence[Path]) -> list[Path]:
    from ingest.readers import discover_files  # loads the readers: only when files are ingested

    return discover_files(paths)


def ingest_paths(
    store: Store,
    embedder: Embedder,
    analyzer: TextAnalyzer,
    paths: Sequence[Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: ProgressCallback | None = None,
    on_file: FileDoneCallback | None = None,
    wait: bool = True,
    on_embed: EmbedCallback | None = None,
    pool: WorkerPool | None = None,
) -> IngestReport:
    """Store every file under ``paths``; with ``wait``, also embed what is missing and write the index.

    With a ``pool`` (``models.parallel``) the files are read and the passages embedded in its worker
    processes, several at a time, while this process alone writes the store, file by file in the same order."""
    report = IngestReport()
    files = source_names(paths)
    in_flight: deque[tuple[int, Path, str, str | None, Future[ReadResult] | None]] = deque()
    window = 2 * pool.processes if pool is not None else 0
    for number, (file, source) in enumerate(files, start=1):
        # with a pool, only new or changed files go to it; without, ``_ingest_file`` checks (and hashes) once
        checked = _check_file(store, file, source, max_bytes) if pool is not None else None
        if pool is None or checked is None:
            in_flight.append((number, file, source, checked, None))
        else:
            in_flight.append((number, file, source, checked, pool.read(file, source, max_bytes)))
        while in_flight and (len(in_flight) > window or in_flight[0][4] is None):
            _finish_file(store, embedder, analyzer, in_flight.popleft(), len(files), max_bytes, report,
                         progress, on_file)
    while in_flight:
        _finish_file(store, embedder, analyzer, in_flight.popleft(), len(files), max_bytes, report, progress,
                     on_file)
    if wait and (report.added or report.replaced or store.load_index(embedder.name) is None
                 or store.windows_behind(embedder.name)):  # a store from before windows gets them here too
        report.embedded += sync_index(store, embedder, progress=on_embed, pool=pool)
    return report


def _check_file(store: Store, file: Path, source: str, max_bytes: int) -> str | None:
    """The file's hash when it is new or changed; None when it is unchanged, already stored from another path
    or cannot be read (the write step then reports it)."""
    try:
        if file.stat().st_size > max_bytes:
            return None
        digest = file_sha256(file)
    except OSError:
        return None
    key = str(file.resolve())
    if store.file_sha256(key) == digest or any(Path(path).exists() for path, _ in store.files_holding(key, digest)):
        return None  # unchanged or a duplicate: ``_ingest_file`` says which without reading it
    return digest


def _finish_file(store: Store, embedder: Embedder, analyzer: TextAnalyzer,
                 item: tuple[int, Path, str, str | None, Future[ReadResult] | None], total: int, max_bytes: int,
                 report: IngestReport, progress: ProgressCallback | None, on_file: FileDoneCallback | None) -> None:
    number, file, source, _, read = item
    if progress:
        progress(source, number, total)
    before = _sizes(report)
    try:
        if read is None:
            _ingest_file(store, embedder, analyzer, file, source, max_bytes, report)
        else:
            _store_read_file(store, embedder, file, source, read.result(), report)
    except DuplicateDocument as exc:
        report.duplicates.append((source, f"{source}: {exc.problem}"))
    except IngestError as exc:
        report.failed.append((source, f"{source}: {exc.problem}"))
    except RodedraadError as exc:
        report.failed.append((source, f"{source}: {exc}"))
    except OSError as exc:
        report.failed.append((source, f"{source}: cannot read the file ({exc.strerror or exc})"))
    if on_file:
        on_file(source, _outcome(before, report))


def _store_read_file(store: Store, embedder: Embedder, file: Path, source: str, read: ReadResult,
                     report: IngestReport) -> None:
    """Write what a worker process read (or report why it could not)."""
    if isinstance(read, str):
        report.failed.append((source, read))
        return
    source_file, parsed, terms = read
    key = str(file.resolve())
    previous = store.file_sha256(key)
    moved_from = _moved_from(store, key, source, source_file.sha256, [doc.document.id for doc in parsed])
    store.replace_file(key, source_file, parsed, terms, {}, embedder.name, moved_from=moved_from)
    _count_stored(report, source, previous, parsed)


def _count_stored(report: IngestReport, source: str, previous: str | None, parsed: Sequence[ParsedDocument]) -> None:
    (report.replaced if previous else report.added).append(source)
    report.documents += len(parsed)
    report.passages += sum(len(doc.passages) for doc in parsed)


def _sizes(report: IngestReport) -> dict[str, int]:
    return {"added": len(report.added), "replaced": len(report.replaced), "unchanged": len(report.unchanged),
            "duplicate": len(report.duplicates), "failed": len(report.failed)}


def _outcome(before: dict[str, int], report: IngestReport) -> str:
    """What happened to the file just handled: the list of the report that grew."""
    return next((name for name, size in _sizes(report).items() if size > before[name]), "failed")


def _ingest_file(
    store: Store,
    embedder: Embedder,
    analyzer: TextAnalyzer,
    file: Path,
    source: str,
    max_bytes: int,
    report: IngestReport,
) -> None:
    key = str(file.resolve())
    size = file.stat().st_size
    if size > max_bytes:  # before hashing: never read a huge file twice
        raise FileTooLarge(source, f"is {size / 2**20:.1f} MiB, more than the limit of {max_bytes / 2**20:.1f} MiB")
    digest = file_sha256(file)
    previous = store.file_sha256(key)
    if previous == digest:
        report.unchanged.append(source)
        return
    _moved_from(store, key, source, digest)  # a duplicate is known before the file is read
    from ingest.pipeline import parse_file  # the readers (pdf, docx, html): loaded when a file is read

    source_file, parsed = parse_file(file, max_bytes=max_bytes, source=source)
    parsed = [with_organisations(doc, analyzer) for doc in parsed]
    moved_from = _moved_from(store, key, source, digest, [doc.document.id for doc in parsed])
    store.replace_file(key, source_file, parsed, index_terms_of(analyzer, parsed), {}, embedder.name,
                       moved_from=moved_from)
    _count_stored(report, source, previous, parsed)


def _moved_from(store: Store, key: str, source: str, digest: str, doc_ids: Sequence[str] = ()) -> list[str]:
    """Stored files that hold this file's content or documents and are gone from disk (the corpus moved):
    they leave when this file is stored. One still on disk makes this file a duplicate (``DuplicateDocument``)."""
    holders = store.files_holding(key, digest, doc_ids)
    present = [name for path, name in holders if Path(path).exists()]
    if present:
        raise DuplicateDocument(source, f"holds the same content as {present[0]}, which is already stored; "
                                "nothing was added")
    return [path for path, _ in holders]


def index_terms_of(analyzer: TextAnalyzer, parsed: Sequence[ParsedDocument]) -> dict[str, str]:
    """Passage id → its lexical terms, batched through the analyzer's pipeline when it can (2x faster with
    spaCy than one passage at a time)."""
    passages = [passage for doc in parsed for passage in doc.passages]
    many = getattr(analyzer, "index_terms_many", None)
    found: Iterable[list[str]] = (
        cast(Iterable[list[str]], many(passage.text for passage in passages)) if many is not None
        else (analyzer.index_terms(passage.text) for passage in passages))
    return {passage.id: " ".join(terms) for passage, terms in zip(passages, found, strict=True)}


def with_organisations(parsed: ParsedDocument, analyzer: TextAnalyzer) -> ParsedDocument:
    found = tuple(dict.fromkeys(analyzer.organisations(parsed.document.text)))
    return dataclasses.replace(parsed, document=dataclasses.replace(parsed.document, organisations=found))


def embed_missing(store: Store, embedder: Embedder, texts: Sequence[str]) -> dict[str, np.ndarray]:
    """Vectors for the texts whose hash has no cached vector for this model, embedded in batches."""
    by_sha = {sha256_text(text): text for text in texts}
    cached = store.cached_vector_shas(embedder.name, by_sha)
    return embed_texts(embedder, [(sha, text) for sha, text in by_sha.items() if sha not in cached])


def embed_texts(embedder: Embedder, todo: Sequence[tuple[str, str]]) -> dict[str, np.ndarray]:
    """Vectors by key for (key, text) pairs, embedded in batches of ``EMBED_BATCH``."""
    vectors: dict[str, np.ndarray] = {}
    for start in range(0, len(todo), EMBED_BATCH):
        batch = todo[start:start + EMBED_BATCH]
        embedded = embedder.embed([text for _, text in batch], kind="passage")
        vectors.update({sha: embedded[row] for row, (sha, _) in enumerate(batch)})
    return vectors


def sync_index(store: Store, embedder: Embedder, *, progress: EmbedCallback | None = None,
               pool: WorkerPool | None = None) -> int:
    """Embed the passages that lack a vector for this model, committing every batch (a kill loses at most
    a few), then rebuild the index. With a ``pool`` its processes embed batches side by side (each with the
    same model: ``pool`` was made with the embedder's name). Returns how many passages were embedded."""
    from models.work_queue import pending_vectors

    total = pending_vectors(store, embedder.name)
    batches = store.missing_vector_batches(embedder.name, EMBED_BATCH)
    done = 0
    if pool is None:
        for batch in batches:
            store.add_vectors(embedder.name, embed_texts(embedder, batch))
            done += len(batch)
            if progress:
                progress(done, max(total, done))
    else:
        pending: deque[tuple[list[tuple[str, str]], Future[np.ndarray]]] = deque()
        last: list[tuple[str, str]] | None
        for last in itertools.chain(batches, [None]):
            if last is not None:
                pending.append((last, pool.embed([text for _, text in last])))
            while pending and (len(pending) > 2 * pool.processes or last is None):
                finished, future = pending.popleft()
                vectors = future.result()
                store.add_vectors(embedder.name, {sha: vectors[row] for row, (sha, _) in enumerate(finished)})
                done += len(finished)
                if progress:
                    progress(done, max(total, done))
    sync_windows(store, embedder, pool=pool)
    store.rebuild_index(embedder.name, embedder.dim)
    return done


def sync_windows(store: Store, embedder: Embedder, *, pool: WorkerPool | None = None) -> int:
    """Cut the sentence windows of passages that have none (``models.windows``) and embed those without a
    vector for this model, committing every batch; returns how many windows were embedded."""
    from models.windows import sentence_windows

    while store.cut_windows(sentence_windows, WINDOW_CUT_BATCH):
        pass
    done, cursor = 0, 0
    while True:
        batch, cursor = store.missing_window_vectors_after(embedder.name, EMBED_BATCH * (pool.processes if pool
                                                                                        else 1), cursor)
        if not batch:
            return done
        if pool is None:
            vectors = embed_texts(embedder, batch)
        else:
            parts = [batch[start:start + EMBED_BATCH] for start in range(0, len(batch), EMBED_BATCH)]
            futures = [pool.embed([text for _, text in part]) for part in parts]
            vectors = {sha: row for part, future in zip(parts, futures, strict=True)
                       for (sha, _), row in zip(part, future.result(), strict=True)}
        store.add_vectors(embedder.name, vectors)
        done += len(vectors)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
