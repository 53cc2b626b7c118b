"""What ``rodedraad read FILE --json`` prints (service/cli_read.py): the documents and passages a file yields."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from rodedraad.records import ParsedDocument


class ReadPassage(BaseModel):
    id: str
    ordinal: int
    page: int | None
    start: int
    end: int
    speaker: str | None = None
    text: str


class ReadDocument(BaseModel):
    id: str
    title: str
    kind: str
    source: str
    date: str | None
    organisations: list[str]
    pages: list[int]
    speakers: list[str]
    text: str
    passages: list[ReadPassage]


class ReadResult(BaseModel):
    file: str
    sha256: str
    size: int
    seconds: float
    documents: list[ReadDocument]


def read_result(path: Path, parsed: list[ParsedDocument], sha256: str, size: int, seconds: float) -> ReadResult:
    documents = []
    for item in parsed:
        doc = item.document
        passages = [ReadPassage(**_passage_fields(passage)) for passage in item.passages]
        documents.append(ReadDocument(
            id=doc.id, title=doc.title, kind=doc.kind, source=doc.source, date=doc.date,
            organisations=list(doc.organisations),
            pages=sorted({p.page for p in passages if p.page is not None}),
            speakers=list(dict.fromkeys(p.speaker for p in passages if p.speaker)),
            text=doc.text, passages=passages,
        ))
    return ReadResult(file=str(path), sha256=sha256, size=size, seconds=round(seconds, 4), documents=documents)


def _passage_fields(passage: Any) -> dict[str, Any]:
    fields = dataclasses.asdict(passage)
    fields.pop("doc_id", None)
    return fields
