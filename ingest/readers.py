"""Turn one file into :class:`ExtractedText`: checks, format dispatch, and finding files in folders.

``read_file`` is the one entry point the rest of ingest uses. It refuses missing, empty and
oversized files, sniffs the content where the suffix can lie (a ".pdf" that is not a PDF, a ".docx"
that is not a zip), and hands the bytes to the reader for the format. Every failure is an
:class:`IngestError` whose message is one line: ``"<path>: <what is wrong>"``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ingest.docx import read_docx
from ingest.extracted import ExtractedText
from ingest.html import read_html
from ingest.limits import DEFAULT_MAX_BYTES as DEFAULT_MAX_BYTES  # re-exported: its old home
from ingest.pdf import read_pdf
from ingest.text import read_markdown, read_text
from ingest.xml import read_xml
from rodedraad.errors import CorruptFile, EmptyDocument, FileTooLarge, IngestError, UnsupportedFormat

_READERS: dict[str, Callable[[Path, bytes], ExtractedText]] = {
    ".pdf": read_pdf,
    ".docx": read_docx,
    ".html": read_html,
    ".htm": read_html,
    ".xml": read_xml,
    ".txt": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_READERS)


def read_file(path: Path, *, max_bytes: int | None = DEFAULT_MAX_BYTES) -> ExtractedText:
    """Read a supported file into clean text (with page spans for PDFs).

    Raises :class:`UnsupportedFormat`, :class:`FileTooLarge`, :class:`EmptyDocument`,
    :class:`CorruptFile`, :class:`EncryptedPdf` or :class:`NoTextLayer` (all :class:`IngestError`),
    or a plain :class:`IngestError` when the path does not exist or is not a file.
    ``max_bytes=None`` means the default limit.
    """
    if max_bytes is None:
        max_bytes = DEFAULT_MAX_BYTES
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise IngestError(name, "does not exist")
    if not path.is_file():
        raise IngestError(name, "is not a file")
    size = path.stat().st_size
    if size > max_bytes:
        raise FileTooLarge(name, f"is {_megabytes(size)}, more than the limit of {_megabytes(max_bytes)}")
    if size == 0:
        raise EmptyDocument(name, "is empty")
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        shown = f"'{suffix}'" if suffix else "without a suffix"
        raise UnsupportedFormat(
            name, f"unsupported file type {shown}; supported: {', '.join(sorted(SUPPORTED_SUFFIXES))}"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(name, f"cannot be read ({error.strerror or error})") from error
    _check_content(path, suffix, data)
    return reader(path, data)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 100 * 1024 else f"{size} bytes"


def _check_content(path: Path, suffix: str, data: bytes) -> None:
    """Catch files whose content does not match their suffix before a parser trips over them."""
    if not data.strip():
        raise EmptyDocument(str(path), "contains only whitespace")
    if suffix == ".pdf" and b"%PDF-" not in data[:1024]:
        raise CorruptFile(str(path), "is not a PDF (the content does not start with %PDF-)")


FOLDER_DOCUMENTATION = frozenset({"README", "LICENSE", "LICENCE", "CHANGELOG", "CONTRIBUTING"})


def discover_files(paths: Iterable[Path]) -> list[Path]:
    """Files to ingest: folders searched recursively (sorted, hidden and unsupported files skipped).

    A folder's own documentation (README, LICENSE, CHANGELOG) describes the folder rather than being one of
    its policy texts, so it is skipped inside folders; name it explicitly to ingest it.
    A file named explicitly is always returned, even with an unsupported suffix, so the caller
    reports it through :func:`read_file`'s :class:`UnsupportedFormat`. Paths that do not exist are
    returned as given, for the same reason. Duplicates are dropped, first occurrence wins.
    """
    found: list[Path] = []
    seen: set[Path] = set()

    def add(candidate: Path) -> None:
        key = candidate.resolve()
        if key not in seen:
            seen.add(key)
            found.append(candidate)

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for candidate in sorted(path.rglob("*")):
                relative = candidate.relative_to(path)
                if any(part.startswith(".") for part in relative.parts):
                    continue
                if candidate.stem.upper() in FOLDER_DOCUMENTATION:
                    continue
                if candidate.is_file() and candidate.suffix.lower() in SUPPORTED_SUFFIXES:
                    add(candidate)
        else:
            add(path)
    return found
