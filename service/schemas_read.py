"""What ``rodedraad read FILE --json`` prints (service/cli_read.py): the documents and passages a file yields.

A document reads as ``GET /documents/{id}`` shows a stored one (``DocumentDetail``), plus the pages and
speakers its passages come from.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from rodedraad.records import ParsedDocument
from service.schemas import DocumentDetail, DocumentItem, PassageItem


class ReadDocument(DocumentDetail):
    pages: list[int]
    speakers: list[str]


class ReadResult(BaseModel):
    file: str
    sha256: str
    size: int
    seconds: float
    documents: list[ReadDocument]


def read_result(path: Path, parsed: list[ParsedDocument], sha256: str, size: int, seconds: float) -> ReadResult:
    documents = []
    for item in parsed:
        passages = [PassageItem.from_record(passage) for passage in item.passages]
        documents.append(ReadDocument(
            **DocumentItem.from_record(item.document).model_dump(),
            text=item.document.text, passages=passages,
            pages=sorted({p.page for p in passages if p.page is not None}),
            speakers=list(dict.fromkeys(p.speaker for p in passages if p.speaker)),
        ))
    return ReadResult(file=str(path), sha256=sha256, size=size, seconds=round(seconds, 4), documents=documents)
