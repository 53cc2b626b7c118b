"""Team annotations ("silver") of real documents of ``../shared/corpus`` that ``../shared/gold`` leaves out.

They are training data for the sentence layer, never a yardstick: every quality number stays on the hand
gold. No text of the documents is stored: a sentence is named by the key of its normalised text
(``sentence_key``), as the reader and sentence splitter of today cut it. Each file in ``eval/silver/`` says
which sentences were judged (a contiguous stretch, so an unlisted judged sentence is a negative) and which
of them are commitments, tensions, borderline (left out of training) or hard negatives (look like a
commitment, are none), by the definitions of ``../shared/ANNOTATION.md``.

Annotating::

    python -m eval.silver list xml/handelingen-h-tk-20172018-70-5.xml --start 0 --count 120
    # write a labels file: one line per labelled sentence, "<index> <labels>", labels among
    #   C commitment, T tension, c borderline commitment, t borderline tension, H hard negative
    python -m eval.silver write xml/handelingen-h-tk-20172018-70-5.xml --kind debate \\
        --judged 0-119 --labels /tmp/labels.txt --out eval/silver/handelingen-70-5.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from eval.gold import normalise_loose
from eval.paths import REPO, shared_dir

SILVER_DIR = REPO / "eval" / "silver"
# blind team annotations of documents that DO have a hand gold: only to measure how far the team's method
# agrees with the gold (``python -m eval.silver agreement``); never training data
CHECK_DIR = REPO / "eval" / "silver_check"
_CACHE = Path("/tmp/rodedraad-silver-sentences")
_LABELS = {"C": "commitments", "T": "tensions", "c": "borderline_commitments", "t": "borderline_tensions",
           "H": "hard_negatives"}


def sentence_key(text: str) -> str:
    """The name of a sentence in a silver file: a hash of its normalised text (no text is stored)."""
    return hashlib.sha1(normalise_loose(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class SilverDocument:
    """One team-annotated corpus file: which sentence keys were judged and what each label holds."""

    name: str
    file: str  # relative to ../shared/corpus
    kind: str
    judged: frozenset[str]
    commitments: frozenset[str]
    borderline_commitments: frozenset[str]
    tensions: frozenset[str]
    borderline_tensions: frozenset[str]
    hard_negatives: frozenset[str]

    @property
    def path(self) -> Path:
        shared = shared_dir()
        if shared is None:
            raise FileNotFoundError("../shared is not there")
        return shared / "corpus" / self.file

    def commitment_label(self, key: str) -> int | None:
        """1, 0, or None for a borderline or unjudged sentence."""
        if key not in self.judged or key in self.borderline_commitments:
            return None
        return int(key in self.commitments)

    def tension_label(self, key: str) -> int | None:
        if key not in self.judged or key in self.borderline_tensions:
            return None
        return int(key in self.tensions)


def load_silver(directory: Path = SILVER_DIR) -> list[SilverDocument]:
    """Every silver file whose corpus file is there (none without ``../shared``)."""
    shared = shared_dir()
    if shared is None or not directory.is_dir():
        return []
    found = []
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not (shared / "corpus" / data["source"]["file"]).is_file():
            continue
        found.append(SilverDocument(
            path.stem, data["source"]["file"], data["source"]["kind"], frozenset(data["judged"]),
            *(frozenset(data.get(field, ())) for field in (
                "commitments", "borderline_commitments", "tensions", "borderline_tensions", "hard_negatives")),
        ))
    return found


def _sentences(file: str) -> list[dict[str, object]]:
    """The file's sentences as the training reads them (cached under /tmp: reading a debate takes a while)."""
    shared = shared_dir()
    if shared is None:
        raise SystemExit("../shared is not there")
    path = shared / "corpus" / file
    cache = _CACHE / (hashlib.sha1(f"{file}:{path.stat().st_mtime_ns}".encode()).hexdigest()[:16] + ".json")
    if cache.is_file():
        return list(json.loads(cache.read_text(encoding="utf-8")))
    from models.analyses.extract import is_candidate
    from models.analyses.train import analyse_all, read_file_documents
    from models.nlp import DutchNLP

    nlp = DutchNLP()
    rows = []
    for sentence in analyse_all(read_file_documents(path, file, nlp), nlp):
        rows.append({"text": sentence.text, "key": sentence_key(sentence.text), "page": sentence.passage.page,
                     "speaker": getattr(sentence.passage, "speaker", None), "candidate": is_candidate(sentence)})
    _CACHE.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return rows


def _ranges(spec: str) -> list[int]:
    found: list[int] = []
    for part in spec.split(","):
        if "-" in part:
            low, high = part.split("-")
            found.extend(range(int(low), int(high) + 1))
        elif part.strip():
            found.append(int(part))
    return found


def _list(args: argparse.Namespace) -> None:
    rows = _sentences(args.file)
    end = len(rows) if args.count is None else min(len(rows), args.start + args.count)
    print(f"# {args.file}: {len(rows)} sentences; showing {args.start}..{end - 1}")
    speaker = None
    for index in range(args.start, end):
        row = rows[index]
        if row["speaker"] != speaker:
            speaker = row["speaker"]
            print(f"--- speaker: {speaker}")
        mark = "" if row["candidate"] else " (not scored: under 3 or over 120 words)"
        print(f"[{index}] p{row['page']}{mark}: {row['text']}")


def _write(args: argparse.Namespace) -> None:
    rows = _sentences(args.file)
    judged = _ranges(args.judged)
    if not judged or max(judged) >= len(rows):
        raise SystemExit(f"--judged must lie within 0..{len(rows) - 1}")
    labelled: dict[str, list[str]] = {field: [] for field in _LABELS.values()}
    for number, line in enumerate(Path(args.labels).read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        index_text, _, labels = line.partition(" ")
        index = int(index_text)
        if index not in judged:
            raise SystemExit(f"{args.labels}:{number}: sentence {index} is outside --judged")
        for label in labels.strip():
            if label not in _LABELS:
                raise SystemExit(f"{args.labels}:{number}: unknown label {label!r} (use one of {''.join(_LABELS)})")
            labelled[_LABELS[label]].append(str(rows[index]["key"]))
    data = {
        "source": {"file": args.file, "kind": args.kind},
        "annotator": args.annotator,
        "note": "Team annotation by ../shared/ANNOTATION.md; training data only, never scored against. "
                "Keys are eval.silver.sentence_key of the sentences; no document text is stored.",
        "judged": sorted({str(rows[i]["key"]) for i in judged}),
        **{field: sorted(set(keys)) for field, keys in labelled.items()},
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    counts = ", ".join(f"{len(set(keys))} {field}" for field, keys in labelled.items())
    print(f"wrote {args.out}: {len(data['judged'])} judged sentences; {counts}")


def agreement(directory: Path = CHECK_DIR) -> list[tuple[str, str, int, int, int]]:
    """(document, label, tp, fp, fn) of the blind team annotations in ``directory`` against the hand gold, per
    label ("commitment", "tension"), over the sentences both judged; borderline on either side is left out."""
    from eval.gold import first_match, load_gold

    shared = shared_dir()
    if shared is None or not directory.is_dir():
        return []
    gold = {document.file: document for document in load_gold().documents}
    found: list[tuple[str, str, int, int, int]] = []
    for check in load_silver(directory):
        document = gold[check.file]
        counts = {"commitment": [0, 0, 0], "tension": [0, 0, 0]}
        seen: set[str] = set()
        for row in _sentences(check.file):
            key, text = str(row["key"]), str(row["text"])
            if key in seen or key not in check.judged:
                continue
            seen.add(key)
            for label, positives, borderline, ours in (
                ("commitment", document.commitments, document.borderline_commitments, check.commitment_label(key)),
                ("tension", document.tensions, document.borderline_tensions, check.tension_label(key)),
            ):
                theirs = 1 if first_match(text, positives) else None if first_match(text, borderline) else 0
                if theirs is None or ours is None or not (theirs or ours):
                    continue
                counts[label][0 if theirs and ours else 1 if ours else 2] += 1  # tp, fp, fn
        found.extend((check.name, label, tp, fp, fn) for label, (tp, fp, fn) in counts.items())
    return found


def _agreement(args: argparse.Namespace) -> None:
    rows = agreement()
    if not rows:
        print("no blind check annotations or no ../shared/gold")
        return
    totals: dict[str, list[int]] = {}
    print(f"{'document':44s} {'label':10s}    P     R   tp  fp  fn")
    for name, label, tp, fp, fn in rows:
        total = totals.setdefault(label, [0, 0, 0])
        for i, value in enumerate((tp, fp, fn)):
            total[i] += value
        print(_agreement_row(name, label, tp, fp, fn))
    for label, (tp, fp, fn) in totals.items():
        print(_agreement_row("pooled", label, tp, fp, fn))


def _agreement_row(name: str, label: str, tp: int, fp: int, fn: int) -> str:
    return f"{name:44s} {label:10s} {tp / max(1, tp + fp):.2f}  {tp / max(1, tp + fn):.2f} {tp:4d}{fp:4d}{fn:4d}"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="List corpus sentences and write team annotations.")
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="print a file's sentences with their index")
    listing.add_argument("file", help="path under ../shared/corpus")
    listing.add_argument("--start", type=int, default=0)
    listing.add_argument("--count", type=int)
    writing = commands.add_parser("write", help="write eval/silver/NAME.json from a labels file")
    writing.add_argument("file")
    writing.add_argument("--kind", required=True, help="debate, contract, regulation, circular, blog, policy_note, ...")
    writing.add_argument("--judged", required=True, help="sentence indices judged, e.g. 0-119 or 0-50,80-120")
    writing.add_argument("--labels", required=True)
    writing.add_argument("--out", required=True)
    writing.add_argument("--annotator", default="team")
    commands.add_parser("agreement", help="blind team annotations (eval/silver_check) against the hand gold")
    args = parser.parse_args(argv)
    {"list": _list, "write": _write, "agreement": _agreement}[args.command](args)


if __name__ == "__main__":
    main(sys.argv[1:])
