"""The work behind an ingest, kept in the store: upload jobs, vectors, the vector index, themes and analyses.

A file is searchable by words the moment it is stored: its documents, passages and lexical terms commit per
file. What is left is read from the store itself rather than from a list kept beside it, so it survives a
restart or a kill -9 and nothing is done twice:

- upload jobs: files the API received and has not read yet (the ``jobs`` table);
- passages without a vector for the model, embedded in batches that commit one by one;
- then the sentence windows of the passages (``models.windows``): cut, and embedded the same way;
- a saved vector index older than the vectors, rebuilt from the stored vectors (every so many new vectors
  while a large backlog is embedded, so search by meaning uses what is there);
- passages not yet offered to the themes, and documents whose commitments and tensions are missing or
  out of date (``views.update_after_ingest``, run once every passage has its vector).

:func:`drain_step` does one unit of that work (read one uploaded file, embed one batch, rebuild the index, or
update themes and analyses); :func:`drain` repeats it until nothing is left. A worker process
(``rodedraad work --follow``, or the one ``rodedraad serve`` starts) runs the same loop and says it is alive
through a heartbeat, so the API neither does the work itself nor rebuilds the index while it runs.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from models.embedders.base import Embedder
from models.store import Store

if TYPE_CHECKING:
    from models.indexer import IngestReport, TextAnalyzer
    from models.parallel import WorkerPool

EMBED_BATCH = 64
# rebuild the index while a backlog is embedded once this many vectors (or this share of the index) are new
REBUILD_EVERY = 2048
REBUILD_SHARE = 0.25
# a worker whose heartbeat is older than this is taken for dead
HEARTBEAT_SECONDS = 15.0

JobState = Literal["queued", "reading", "stored", "failed"]
# what a job's state and its documents' progress say to a client
JobStage = Literal["queued", "reading", "failed", "embedding", "analysing", "done"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    path TEXT NOT NULL,
    backup TEXT,
    existed INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL,
    claimed_by INTEGER,
    error TEXT,
    document_ids TEXT NOT NULL DEFAULT '[]',
    report TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state, created);
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def ensure_tables(store: Store) -> None:
    store.executescript(_SCHEMA)


# ---- what is pending ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pending:
    """What the store still has to do; all zero/False when every stored passage is searchable by meaning,
    in the index, offered to the themes and every document analysed."""

    jobs: int
    vectors: int
    index_stale: bool
    analyses: int

    @property
    def finished(self) -> bool:
        return not (self.jobs or self.vectors or self.index_stale or self.analyses)


def pending_vectors(store: Store, model: str) -> int:
    """Distinct passage texts without a vector for ``model``."""
    row = store.query(
        "SELECT COUNT(DISTINCT p.sha256) AS n FROM passages p LEFT JOIN vectors v "
        "ON v.sha256 = p.sha256 AND v.model = ? WHERE v.sha256 IS NULL", (model,))
    return int(row[0]["n"])


def pending_jobs(store: Store) -> int:
    ensure_tables(store)
    return int(store.query("SELECT COUNT(*) AS n FROM jobs WHERE state IN ('queued', 'reading')")[0]["n"])


def index_stale(store: Store, model: str) -> bool:
    state = store.index_state()
    return state is None or state.get("generation") != store.generation or state.get("model") != model


def pending_analyses(store: Store) -> int:
    """Documents whose current text has no stored analyses (commitments, tensions) of this version yet."""
    from models.analysis_version import ANALYSIS_VERSION  # light: no extraction models

    if not store.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'analysis_documents'"):
        return int(store.query("SELECT COUNT(*) AS n FROM documents")[0]["n"])
    row = store.query(
        "SELECT COUNT(*) AS n FROM documents d LEFT JOIN analysis_documents a ON a.doc_id = d.id "
        "AND a.sha256 = d.sha256 AND a.version = ? WHERE a.doc_id IS NULL", (ANALYSIS_VERSION,))
    return int(row[0]["n"])


def pending(store: Store, model: str) -> Pending:
    has_passages = bool(store.query("SELECT 1 FROM passages LIMIT 1"))
    return Pending(jobs=pending_jobs(store), vectors=pending_vectors(store, model),
                   index_stale=has_passages and index_stale(store, model), analyses=pending_analyses(store))


# ---- the worker's heartbeat -----------------------------------------------------------------------------


def beat(store: Store, model: str) -> None:
    """Say that a worker drains this store with ``model`` (the API then leaves the work and the index to it)."""
    with store.transaction() as db:
        db.execute("INSERT OR REPLACE INTO meta VALUES ('worker', ?)",
                   (json.dumps({"pid": os.getpid(), "at": time.time(), "model": model}),))


def stop_beating(store: Store) -> None:
    with store.transaction() as db:
        db.execute("DELETE FROM meta WHERE key = 'worker' AND json_extract(value, '$.pid') = ?", (os.getpid(),))


def _worker_state(store: Store) -> dict[str, object] | None:
    """The heartbeat of a live worker, or None."""
    row = store.query("SELECT value FROM meta WHERE key = 'worker'")
    if not row:
        return None
    try:
        state: dict[str, object] = json.loads(row[0]["value"])
        alive = time.time() - float(state["at"]) < HEARTBEAT_SECONDS  # type: ignore[arg-type]
    except (ValueError, KeyError, TypeError):
        return None
    return state if alive else None


def worker_alive(store: Store) -> bool:
    return _worker_state(store) is not None


def worker_model(store: Store) -> str | None:
    state = _worker_state(store)
    return str(state["model"]) if state and state.get("model") else None


# ---- upgrading the store to another embedder ----------------------------------------------------------


def _meta(store: Store, key: str) -> str | None:
    rows = store.query("SELECT value FROM meta WHERE key = ?", (key,))
    return str(rows[0]["value"]) if rows else None


def _set_meta(store: Store, key: str, value: str | None) -> None:
    with store.transaction() as db:
        if value is None:
            db.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def active_embedder(store: Store) -> str | None:
    """The embedder (a ``load_embedder`` name) the store switched to after an upgrade; None: the settings'."""
    return _meta(store, "embedder")


def upgrade_target(store: Store) -> str | None:
    """The embedder the store is being upgraded to, behind the scenes (``request_upgrade``), or None."""
    return _meta(store, "upgrade_to")


def request_upgrade(store: Store, embedder: str) -> None:
    """Embed every passage with ``embedder`` as well, in the background work, and switch search to it (the index
    and the query embedder) only once every passage has its vector."""
    _set_meta(store, "upgrade_to", embedder)


def _finish_upgrade(store: Store, embedder: str) -> None:
    with store.transaction() as db:
        db.execute("INSERT OR REPLACE INTO meta VALUES ('embedder', ?)", (embedder,))
        db.execute("DELETE FROM meta WHERE key = 'upgrade_to'")


# ---- upload jobs ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    id: str
    source: str
    path: str
    backup: str | None
    existed: bool
    state: JobState
    error: str | None
    document_ids: tuple[str, ...]
    report: dict[str, object] | None
    created: str
    updated: str


def _job(row: sqlite3.Row) -> Job:
    get = row.__getitem__
    return Job(id=get("id"), source=get("source"), path=get("path"), backup=get("backup"),
               existed=bool(get("existed")), state=get("state"), error=get("error"),
               document_ids=tuple(json.loads(get("document_ids"))),
               report=json.loads(get("report")) if get("report") else None,
               created=get("created"), updated=get("updated"))


def add_upload_job(store: Store, *, source: str, path: Path, backup: Path | None, existed: bool,
                   claim: bool = False) -> Job:
    """Queue a received file (already moved to ``path``; a replaced version waits at ``backup``). With
    ``claim`` the job is this process's to read at once (no worker takes it)."""
    ensure_tables(store)
    job_id = secrets.token_hex(8)
    now = _now()
    state, owner = ("reading", os.getpid()) if claim else ("queued", None)
    with store.transaction() as db:
        db.execute("INSERT INTO jobs (id, kind, source, path, backup, existed, state, claimed_by, created, updated) "
                   "VALUES (?, 'upload', ?, ?, ?, ?, ?, ?, ?, ?)",
                   (job_id, source, str(path), str(backup) if backup else None, int(existed), state, owner,
                    now, now))
    found = job(store, job_id)
    assert found is not None
    return found


def job(store: Store, job_id: str) -> Job | None:
    ensure_tables(store)
    rows = store.query("SELECT * FROM jobs WHERE id = ?", (job_id,))
    return _job(rows[0]) if rows else None


def pending_job_for(store: Store, path: Path) -> Job | None:
    """The job that still has to read (or is reading) the received file at ``path``: a file queued before the
    server that received it was killed, say; None when there is none."""
    ensure_tables(store)
    rows = store.query("SELECT * FROM jobs WHERE path IN (?, ?) AND state IN ('queued', 'reading') "
                       "ORDER BY created DESC LIMIT 1", (str(path), str(path.resolve())))
    return _job(rows[0]) if rows else None


def _claim_next_job(store: Store) -> Job | None:
    """The oldest queued job, marked as being read by this process; a job left 'reading' by a process that
    died is queued again first."""
    ensure_tables(store)
    with store.transaction() as db:
        for row in db.execute("SELECT id, claimed_by, updated FROM jobs WHERE state = 'reading'").fetchall():
            if not _process_alive(row["claimed_by"], row["updated"]):
                db.execute("UPDATE jobs SET state = 'queued', claimed_by = NULL WHERE id = ?", (row["id"],))
        row = db.execute("SELECT id FROM jobs WHERE state = 'queued' ORDER BY created, id LIMIT 1").fetchone()
        if row is None:
            return None
        db.execute("UPDATE jobs SET state = 'reading', claimed_by = ?, updated = ? WHERE id = ?",
                   (os.getpid(), _now(), row["id"]))
    return job(store, str(row["id"]))


def _process_alive(pid: object, claimed_at: str | None = None) -> bool:
    """Whether the process that claimed a job (at ``claimed_at``, the job's ``updated``) still runs on this
    machine. Not it: a pid that is gone, a zombie (an exited orphan a container's init has not reaped), or a
    process that started after the claim: the pid was used again, as after a restart of the machine or the
    container, where the new worker may well get the dead one's pid (even this process's own)."""
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    started = _process_started(pid)
    if started is None:  # no /proc (not Linux): the pid is all there is to go by
        return True
    state, start = started
    if state in ("Z", "X"):
        return False
    if claimed_at is None:
        return True
    try:
        claimed = datetime.fromisoformat(claimed_at).timestamp()
    except (TypeError, ValueError):
        return True
    return start <= claimed + CLAIM_CLOCK_SLACK


# seconds a process's start time (from /proc, in clock ticks) may seem to lie after its own claim
CLAIM_CLOCK_SLACK = 0.5


def _process_started(pid: int) -> tuple[str, float] | None:
    """(state letter, start time as a Unix time) of a process, from /proc; None where there is no /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        ticks = os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None
    # field 22 of stat (index 19 after the name): start time in ticks since boot
    return fields[0], time.time() - uptime + int(fields[19]) / ticks


def run_job(store: Store, embedder: Embedder, analyzer: TextAnalyzer, queued: Job, *, max_bytes: int) -> Job:
    """Read one uploaded file into the store (searchable by words at once). On failure the replaced
    version is put back, so a bad re-upload never destroys what was stored."""
    from models.indexer import ingest_paths

    target = Path(queued.path)
    backup = Path(queued.backup) if queued.backup else None
    try:
        report = ingest_paths(store, embedder, analyzer, [target], max_bytes=max_bytes, wait=False)
    except BaseException as exc:
        _restore(target, backup, queued.existed)
        _finish_job(store, queued.id, "failed", error=f"{queued.source}: could not be read ({exc})")
        raise
    if report.failed or report.duplicates:  # an upload that adds nothing new is not stored a second time
        _restore(target, backup, queued.existed)
        return _finish_job(store, queued.id, "failed", error=(report.failed or report.duplicates)[0][1],
                           report=report)
    if backup is not None:
        backup.unlink(missing_ok=True)
    ids = [str(row["id"]) for row in store.query(
        "SELECT id FROM documents WHERE file_path = ? ORDER BY ordinal", (str(target.resolve()),))]
    return _finish_job(store, queued.id, "stored", document_ids=ids, report=report)


def _restore(target: Path, backup: Path | None, existed: bool) -> None:
    """Undo a failed upload: the previous version back under its name, or no file at all."""
    if existed and backup is not None and backup.exists():
        os.replace(backup, target)
    elif not existed:
        target.unlink(missing_ok=True)


def _finish_job(store: Store, job_id: str, state: JobState, *, error: str | None = None,
                document_ids: Sequence[str] = (), report: IngestReport | None = None) -> Job:
    counts = None if report is None else {
        "added": report.added, "replaced": report.replaced, "unchanged": report.unchanged,
        "failed": [list(pair) for pair in report.failed], "documents": report.documents,
        "passages": report.passages}
    with store.transaction() as db:
        db.execute("UPDATE jobs SET state = ?, error = ?, document_ids = ?, report = ?, updated = ?, "
                   "claimed_by = NULL WHERE id = ?",
                   (state, error, json.dumps(list(document_ids)), json.dumps(counts) if counts else None,
                    _now(), job_id))
    found = job(store, job_id)
    assert found is not None
    return found


def wait_for_job(store: Store, job_id: str, *, timeout: float, poll: float = 0.1) -> Job:
    """The job once it is read (stored or failed), or as it is when ``timeout`` seconds have passed."""
    deadline = time.monotonic() + timeout
    while True:
        current = job(store, job_id)
        assert current is not None
        if current.state in ("stored", "failed") or time.monotonic() >= deadline:
            return current
        time.sleep(poll)


@dataclass(frozen=True)
class JobProgress:
    """How far the work behind a read job has come: its passages searchable by meaning, documents analysed."""

    passages: int
    embedded: int
    documents_analysed: int

    def stage(self, state: JobState, documents: int) -> JobStage:
        if state != "stored":
            return state
        if self.embedded < self.passages:
            return "embedding"
        if self.documents_analysed < documents:
            return "analysing"
        return "done"


def job_progress(store: Store, found: Job, model: str) -> JobProgress:
    from models.analysis_version import ANALYSIS_VERSION

    if not found.document_ids:
        return JobProgress(0, 0, 0)
    marks = ",".join("?" * len(found.document_ids))
    row = store.query(
        f"SELECT COUNT(*) AS n, COUNT(v.sha256) AS embedded FROM passages p LEFT JOIN vectors v "
        f"ON v.sha256 = p.sha256 AND v.model = ? WHERE p.doc_id IN ({marks})", (model, *found.document_ids))[0]
    analysed = 0
    if store.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'analysis_documents'"):
        analysed = int(store.query(
            f"SELECT COUNT(*) AS n FROM analysis_documents a JOIN documents d ON d.id = a.doc_id "
            f"AND d.sha256 = a.sha256 WHERE a.version = ? AND a.doc_id IN ({marks})",
            (ANALYSIS_VERSION, *found.document_ids))[0]["n"])
    return JobProgress(int(row["n"]), int(row["embedded"]), analysed)


# ---- draining -------------------------------------------------------------------------------------------


@dataclass
class DrainReport:
    jobs: int = 0
    embedded: int = 0
    index_rebuilds: int = 0
    analyses: str = ""
    upgraded: int = 0  # passages embedded with an upgrade's model
    windows: int = 0  # sentence windows embedded (``models.windows``)
    switched_to: str | None = None  # the embedder the store switched to when its upgrade was complete


# (what, done, total): "embed", passages embedded, to embed; "windows", windows embedded, to embed
StepCallback = Callable[[str, int, int], None]


class Drainer:
    """Does the pending work of one store, a unit per :meth:`step`; remembers how many vectors were added
    since the index was last written, to rebuild it every so often while a large backlog is embedded."""

    def __init__(self, store: Store, embedder: Embedder, analyzer: TextAnalyzer, *,
                 max_bytes: int | None = None, analyses: Callable[[], str] | None = None,
                 batch: int = EMBED_BATCH, progress: StepCallback | None = None,
                 pool: WorkerPool | None = None,
                 upgrade_loader: Callable[[str], Embedder] | None = None,
                 on_switch: Callable[[Embedder], None] | None = None) -> None:
        from ingest.limits import DEFAULT_MAX_BYTES

        self.store, self.embedder, self.analyzer = store, embedder, analyzer
        self.pool = pool  # its processes embed a batch each, side by side (same model as ``embedder``)
        # loads the embedder of a requested upgrade (``request_upgrade``); None: upgrades wait for a worker
        self.upgrade_loader = upgrade_loader
        self._upgrade: tuple[str, Embedder] | None = None
        self.on_switch = on_switch  # called with the new embedder once the store has switched to it
        self.max_bytes = max_bytes or DEFAULT_MAX_BYTES
        self.analyses = analyses
        self.batch = batch
        self.progress = progress
        self.report = DrainReport()
        self._since_rebuild = 0
        self._to_embed: int | None = None
        self._windows_to_embed: int | None = None
        self._cursor: dict[str, int] = {}  # per model: the passage row id the last batch reached

    def step(self) -> str | None:
        """One unit of work; what it was ("job", "embed", "windows", "index", "analyses"), or None when nothing
        is left."""
        queued = _claim_next_job(self.store)
        if queued is not None:
            run_job(self.store, self.embedder, self.analyzer, queued, max_bytes=self.max_bytes)
            self.report.jobs += 1
            self._to_embed = None
            return "job"
        embedded = self._embed_batch()
        if embedded:
            self._since_rebuild += embedded
            indexed = int((self.store.index_state() or {}).get("vectors", 0))  # type: ignore[call-overload]
            if self._since_rebuild >= max(REBUILD_EVERY, REBUILD_SHARE * indexed):
                self._rebuild()
            return "embed"
        windows = self._window_step()
        if windows:
            self._since_rebuild += windows
            return "windows"
        if index_stale(self.store, self.embedder.name) and self.store.query("SELECT 1 FROM passages LIMIT 1"):
            self._rebuild()
            return "index"
        if self.analyses is not None and (pending_analyses(self.store) or themes_behind(self.store)
                                          or _between_stale(self.store)):
            self.report.analyses = self.analyses()
            return "analyses"
        if self.upgrade_loader is not None and upgrade_target(self.store) is not None:
            return self._upgrade_step()
        return None

    def _upgrade_step(self) -> str:
        """One batch of the upgrade's vectors (the index and search stay on the current model), passages first,
        then sentence windows; when every one has its vector, the index is written for the new model and the
        store switches to it."""
        target = upgrade_target(self.store)
        assert target is not None and self.upgrade_loader is not None
        if self._upgrade is None or self._upgrade[0] != target:
            self._upgrade = (target, self.upgrade_loader(target))
        embedder = self._upgrade[1]
        todo = self._missing(embedder.name, self.batch)
        windows = [] if todo else self._missing_windows(embedder.name, self.batch)  # then the windows
        if todo or windows:
            from models.indexer import embed_texts

            vectors = embed_texts(embedder, todo or windows)
            self.store.add_vectors(embedder.name, vectors, moves_generation=False)
            if windows:
                self.report.windows += len(vectors)
                return "upgrade"
            self.report.upgraded += len(vectors)
            if self.progress:
                self.progress("upgrade", self.report.upgraded, self.report.upgraded + pending_vectors(
                    self.store, embedder.name))
            return "upgrade"
        self.store.rebuild_index(embedder.name, embedder.dim)
        _finish_upgrade(self.store, target)
        self.report.switched_to = target
        self.embedder, self._upgrade = embedder, None  # new passages are embedded with it from now on
        self.pool = None  # the pool's processes hold the old model
        if self.on_switch is not None:
            self.on_switch(embedder)
        return "switch"

    def run(self, *, should_stop: Callable[[], bool] = lambda: False) -> DrainReport:
        while not should_stop() and self.step() is not None:
            pass
        return self.report

    def _embed_batch(self) -> int:
        from models.indexer import embed_texts

        processes = self.pool.processes if self.pool is not None else 1
        todo = self._missing(self.embedder.name, self.batch * processes)
        if not todo:
            return 0
        if self._to_embed is None:
            self._to_embed = pending_vectors(self.store, self.embedder.name)
        if self.pool is None:
            vectors = embed_texts(self.embedder, todo)
        else:
            parts = [todo[start:start + self.batch] for start in range(0, len(todo), self.batch)]
            futures = [self.pool.embed([text for _, text in part]) for part in parts]
            vectors = {sha: row for part, future in zip(parts, futures, strict=True)
                       for (sha, _), row in zip(part, future.result(), strict=True)}
        self.store.add_vectors(self.embedder.name, vectors)
        self.report.embedded += len(vectors)
        if self.progress:
            self.progress("embed", self.report.embedded, max(self._to_embed, self.report.embedded))
        return len(vectors)

    def _window_step(self) -> int:
        """Once every passage has its vector: cut the sentence windows of a batch of passages that have none,
        or embed a batch of windows without a vector (``models.windows``); how many it did, 0 when none."""
        from models.indexer import WINDOW_CUT_BATCH, embed_texts
        from models.windows import sentence_windows

        cut = self.store.cut_windows(sentence_windows, WINDOW_CUT_BATCH)
        if cut:
            return cut
        todo = self._missing_windows(self.embedder.name, self.batch)
        if not todo:
            return 0
        vectors = embed_texts(self.embedder, todo)
        self.store.add_vectors(self.embedder.name, vectors)
        self.report.windows += len(vectors)
        if self.progress:
            if self._windows_to_embed is None:
                self._windows_to_embed = self.report.windows + self.store.pending_window_vectors(self.embedder.name)
            self.progress("windows", self.report.windows, max(self._windows_to_embed, self.report.windows))
        return len(vectors)

    def _missing_windows(self, model: str, limit: int) -> list[tuple[str, str]]:
        """As ``_missing``, for the sentence windows (``Store.missing_window_vectors_after``)."""
        key = f"windows:{model}"
        start = self._cursor.get(key, 0)
        found: list[tuple[str, str]] = []
        for first in (start, 0) if start else (0,):
            found, self._cursor[key] = self.store.missing_window_vectors_after(model, limit, first)
            if found:
                break
        return found

    def _missing(self, model: str, limit: int) -> list[tuple[str, str]]:
        """Up to ``limit`` distinct (sha256, text) of passages without a vector for ``model``, in passage order
        from where the last batch stopped (``Store.missing_vectors_after``). When nothing is left past that
        point, the passages before it are looked at once more (a replaced file may have taken lower row ids)."""
        found: list[tuple[str, str]] = []
        start = self._cursor.get(model, 0)
        for first in (start, 0) if start else (0,):
            found, self._cursor[model] = self.store.missing_vectors_after(model, limit, first)
            if found:
                break
        return found

    def _rebuild(self) -> None:
        self.store.rebuild_index(self.embedder.name, self.embedder.dim)
        self.report.index_rebuilds += 1
        self._since_rebuild = 0


def themes_behind(store: Store) -> bool:
    """Passages stored after the themes' last build or sync (they wait to be offered to the themes)."""
    from models.theme_store import theme_state

    state = theme_state(store)
    if state is None:
        return False
    if state.generation != store.generation:  # files replaced or removed, or vectors added, since
        return True
    row = store.query("SELECT MAX(rowid) AS m FROM passages")
    return row[0]["m"] is not None and int(row[0]["m"]) > state.max_rowid


def _between_stale(store: Store) -> bool:
    """The between-document tensions are older than the documents or themes (``update_analyses`` recomputes
    them in the call that finds no document left to analyse)."""
    from models.analysis_store import is_stale

    return is_stale(store)
