"""Who a commitment binds, on documents the gold leaves out (`eval/actors_heldout.json`).

The gold's actor score (`eval.eval_gold_analyses`) is measured on the ten documents the actor rules were written
looking at. These judgments are of commitments rodedraad found in other documents of ``../shared/corpus``
(protocols, regulations, council pages, debates, a Q&A) and in the seed blogs (files named ``seeds/…``; the
others live in ``corpus/``): for each, the words one of which a right actor holds.
The rules are run on the sentence as the reader makes it (``parse_file``, the debate's speakers resolved as
the analyses do) whether or not the layer takes it today. Printed per set: ``tune`` (changed looking at
these), ``report`` (seen while judging, not tuned on) and ``blind``, ``blind2``, ``blind3``, ``blind4`` (each
drawn and judged before the changes that followed it; see the judgments file's note).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from eval.paths import REPO, shared_dir
from eval.silver import sentence_key
from models.analyses.actors import commitment_actors, debate_offices, with_offices_named
from models.analyses.sentences import analyse_document
from models.analyses.train import read_file_documents
from models.commitments import DocumentContext
from models.nlp import DutchNLP

JUDGMENTS = REPO / "eval" / "actors_heldout.json"
SPEAKER = "@speaker"


@dataclass(frozen=True)
class Judged:
    file: str
    key: str
    set: str
    accept: tuple[str, ...]


def load_judgments(path: Path = JUDGMENTS) -> list[Judged]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Judged(item["file"], item["key"], item["set"], tuple(item["accept"])) for item in data["items"]]


def is_right(actors: Sequence[str], accept: Sequence[str], speaker: str | None) -> bool:
    """One accepted word occurs in a predicted actor, and no actor runs across a line break."""
    words = [(speaker or "").lower() if word == SPEAKER else word for word in accept]
    return not any("\n" in actor for actor in actors) and any(
        word and word in actor.lower() for word in words for actor in actors)


def predicted_actors(path: Path, source: str, keys: set[str], nlp: DutchNLP
                     ) -> dict[str, tuple[tuple[str, ...], str | None]]:
    """Actors and speaker of every sentence of the file whose key is asked for."""
    found: dict[str, tuple[tuple[str, ...], str | None]] = {}
    for document, passages in read_file_documents(path, source, nlp):
        context = DocumentContext.of(document, nlp)
        sentences = analyse_document(document, passages, nlp, context)
        offices = debate_offices(getattr(sentence.passage, "speaker", None) for sentence in sentences)
        for sentence in sentences:
            key = sentence_key(sentence.text)
            if key in keys and key not in found:
                found[key] = (with_offices_named(commitment_actors(sentence, context), offices),
                              getattr(sentence.passage, "speaker", None))
    return found


def main() -> None:
    shared = shared_dir()
    if shared is None:
        raise FileNotFoundError("../shared is not there: no held-out actor judgments to score")
    judged = load_judgments()
    nlp = DutchNLP()
    by_file: dict[str, list[Judged]] = defaultdict(list)
    for item in judged:
        by_file[item.file].append(item)
    right: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrong: list[str] = []
    for file, items in sorted(by_file.items()):
        path = shared / file if file.startswith("seeds/") else shared / "corpus" / file
        found = predicted_actors(path, file, {item.key for item in items}, nlp)
        for item in items:
            actors, speaker = found.get(item.key, ((), None))
            ok = item.key in found and is_right(actors, item.accept, speaker)
            for name in (item.set, "all"):
                right[name][0] += ok
                right[name][1] += 1
            if not ok:
                wrong.append(f"{file}: {item.key} ({item.set}) actors {list(actors)}, wanted one of {list(item.accept)}"
                             + ("" if item.key in found else " [sentence not read]"))
    print(f"{'set':<8} {'right':>9} {'share':>6}")
    for name in ("tune", "report", "blind", "blind2", "blind3", "blind4", "all"):
        hits, total = right[name]
        print(f"{name:<8} {hits:>4}/{total:<4} {hits / total if total else 0:>6.2f}")
    print(f"goal (issue 12): actor right >= 0.85; {len(wrong)} wrong:")
    for line in wrong:
        print("  " + line)


if __name__ == "__main__":
    main()
