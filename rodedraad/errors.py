"""All errors rodedraad raises on purpose. Each message is one sentence naming the bad thing.

The CLI prints ``str(error)`` on one line and exits 1; the API maps ``http_status`` to the response.
Anything else that escapes is a bug and may show a traceback.
"""

from __future__ import annotations


class RodedraadError(Exception):
    """Base class; ``http_status`` is what the API answers with."""

    http_status = 400


class IngestError(RodedraadError):
    """A file could not be turned into documents. Message names the file and the problem."""

    http_status = 422

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class UnsupportedFormat(IngestError):
    pass


class EmptyDocument(IngestError):
    pass


class FileTooLarge(IngestError):
    http_status = 413


class CorruptFile(IngestError):
    pass


class EncryptedPdf(IngestError):
    pass


class NoTextLayer(IngestError):
    pass


class DuplicateDocument(IngestError):
    """The file holds a document another stored file already holds (the same corpus under a second path).
    Not a failure: the ingest reports it as already stored and adds nothing."""

    http_status = 409


class StoreError(RodedraadError):
    http_status = 500


class NotFound(RodedraadError):
    http_status = 404


class ModelUnavailable(RodedraadError):
    """An embedding model or backend could not be loaded (missing package or model directory)."""

    http_status = 503


class InvalidRequest(RodedraadError):
    http_status = 400


class ClusterUnavailable(RodedraadError):
    """Distributed ingest cannot start: Ray is not installed, or its cluster cannot be reached."""

    http_status = 503
