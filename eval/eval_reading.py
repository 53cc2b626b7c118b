"""Reading real documents: does every file of ``../shared/corpus`` read cleanly, and does every gold evidence
string of ``../shared/gold`` come out intact inside one passage?

The second measure is what every later step depends on: a commitment, tension or answer that the reader
cuts in two (columns read across, a page break, a speaker turn mixed in) cannot be found whole again.
Goal: 100 % of the evidence of every annotated document in one passage; every corpus file read. The hard
non-commitments are left out of the count: some are calls to action to the reader, which the web reader
rightly drops as furniture.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.gold import GoldSet, load_gold, normalise_loose
from ingest.pipeline import parse_file
from ingest.readers import discover_files
from rodedraad.errors import IngestError
from rodedraad.records import ParsedDocument


@dataclass
class EvidenceReport:
    name: str
    found: int = 0
    total: int = 0
    split: list[str] = field(default_factory=list)  # in the text, but across two passages
    lost: list[str] = field(default_factory=list)  # not in the text at all


def evidence_report(name: str, parsed: list[ParsedDocument], evidence: list[str]) -> EvidenceReport:
    passages = [normalise_loose(p.text) for doc in parsed for p in doc.passages]
    texts = [normalise_loose(doc.document.text) for doc in parsed]
    report = EvidenceReport(name)
    for item in dict.fromkeys(evidence):
        key = normalise_loose(item)
        report.total += 1
        if any(key in passage for passage in passages):
            report.found += 1
        elif any(key in text for text in texts):
            report.split.append(item)
        else:
            report.lost.append(item)
    return report


def evaluate(gold: GoldSet | None = None) -> dict[str, Any]:
    gold = gold or load_gold()
    assert gold.corpus is not None
    files = discover_files([gold.corpus])
    read: dict[str, list[ParsedDocument]] = {}
    failures: dict[str, str] = {}
    seconds: dict[str, float] = {}
    for path in files:
        relative = str(path.relative_to(gold.corpus))
        started = time.perf_counter()
        try:
            _, parsed = parse_file(path)
        except IngestError as error:
            failures[relative] = str(error)
            continue
        seconds[relative] = time.perf_counter() - started
        read[relative] = parsed
    reports = []
    for document in gold.documents:
        parsed_document = read.get(document.file) or parse_file(Path(document.path))[1]
        evidence = [item.evidence for item in document.items(negatives=False)]
        reports.append(evidence_report(document.name, parsed_document, evidence))
    return {"files": len(files), "read": read, "failures": failures, "seconds": seconds, "evidence": reports}


def main() -> None:
    try:
        result = evaluate()
    except FileNotFoundError as exc:
        print(f"skipped: {exc}")
        return
    read: dict[str, list[ParsedDocument]] = result["read"]
    print(f"corpus files read: {len(read)} of {result['files']}")
    for name, problem in result["failures"].items():
        print(f"  FAILED {name}: {problem}")
    print(f"\n{'file':<62} {'docs':>4} {'passages':>8} {'s':>6}")
    for name, parsed in sorted(read.items()):
        passages = sum(len(doc.passages) for doc in parsed)
        print(f"{name:<62} {len(parsed):>4} {passages:>8} {result['seconds'][name]:>6.2f}")
    print("\nGold evidence intact in one passage (goal 100 %)")
    found = total = 0
    for report in result["evidence"]:
        found += report.found
        total += report.total
        print(f"  {report.name:<55} {report.found:>4}/{report.total:<4} {report.found / max(report.total, 1):.3f}")
        for item in report.split:
            print(f"      split across passages: {item[:90]!r}")
        for item in report.lost:
            print(f"      not in the text:       {item[:90]!r}")
    print(f"  {'pooled':<55} {found:>4}/{total:<4} {found / max(total, 1):.3f}")


if __name__ == "__main__":
    main()
