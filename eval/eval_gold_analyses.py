"""Commitments and tensions on the hand-annotated real documents of ``../shared/gold``, leave one document out.

Each gold document is read by the real reader (``ingest.pipeline.parse_file``), cut into passages and
sentences, and run through the extractors. The learned sentence layer is trained on the other nine gold
documents plus the demo annotations and the team's silver annotations (eval/silver; ``--no-silver`` leaves
them out, ``--compare-silver`` prints both) and scored on the held-out gold document only (never in-sample,
silver never scored); the rules of today ("before") run through the same harness. Scores per genre
(``eval.gold.genre_group``) and pooled:

- commitments precision / recall, share of the hard negatives taken;
- actor right (of found commitments): a word of the gold actor (a name, party, role noun or organisation
  word, lower case, function words and office words like "minister" left out) occurs in the predicted actors;
- deadline right (of found commitments whose gold deadline is ISO or null): the same ISO string;
- tensions precision / recall (a tension hits when one of its cited sentences holds the evidence).

Time for the analyses (goal: at most ``TIME_GOAL`` × the rules' time per passage) is measured apart from the
tables, whose per-document times include training and warm-up: the rules and the shipped layer take turns over
all ten documents, ``TIME_ROUNDS`` passes each after one warm-up pass, with the caches keyed by a text emptied
before every pass (``models.analyses.evaluation.clear_text_caches``); the medians are compared.

Run: ``python -m eval.eval_gold_analyses`` (part of ``make eval``); ``--before`` prints only today's rules,
``--examples N`` prints N failure examples per kind, ``--no-timing`` leaves the time measurement out.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from eval.gold import (
    GoldDocument,
    GoldItem,
    SentenceScore,
    first_match,
    genre_group,
    load_gold,
    normalise_loose,
    scope_span,
    score_sentences,
)
from models.analyses.train import read_file_documents
from models.nlp import DutchNLP
from rodedraad.records import Document, Passage

_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?|-Q[1-4])?(?:/\d{4}(?:-\d{2}(?:-\d{2})?)?)?$|^P\d+[DWMY]$")
_ACTOR_STOP = frozenset({
    "de", "het", "een", "van", "voor", "en", "of", "in", "op", "met", "aan", "der", "den", "te", "namens",
    "minister", "staatssecretaris", "lid", "leden", "kamerlid", "ministerie", "zijn", "haar", "als",
})


@dataclass(frozen=True)
class ReadDocument:
    """A gold document as the reader made it: documents with passages, and its in-scope sentences."""

    gold: GoldDocument
    documents: tuple[tuple[Document, tuple[Passage, ...]], ...]
    in_scope: frozenset[str]  # normalised sentences inside the scope


@dataclass(frozen=True)
class Extracted:
    """What an extractor returns for one document: commitment sentences with fields, tension sentences."""

    commitments: tuple[tuple[str, tuple[str, ...], str | None], ...]  # sentence, actors, deadline
    tensions: tuple[str, ...]  # one cited text per tension (a sentence or a short run of sentences)


Extractor = Callable[[ReadDocument, DutchNLP], Extracted]


@dataclass
class Scores:
    commitments: SentenceScore = field(default_factory=SentenceScore)
    tensions: SentenceScore = field(default_factory=SentenceScore)
    actor_ok: int = 0
    actor_n: int = 0
    deadline_ok: int = 0
    deadline_n: int = 0
    wrong_fields: list[str] = field(default_factory=list)
    seconds: float = 0.0
    passages: int = 0

    def add(self, other: Scores) -> None:
        self.commitments.add(other.commitments)
        self.tensions.add(other.tensions)
        self.actor_ok += other.actor_ok
        self.actor_n += other.actor_n
        self.deadline_ok += other.deadline_ok
        self.deadline_n += other.deadline_n
        self.wrong_fields.extend(other.wrong_fields)
        self.seconds += other.seconds
        self.passages += other.passages


def read_gold_document(gold: GoldDocument, nlp: DutchNLP) -> ReadDocument:
    documents = read_file_documents(gold.path, gold.file, nlp)
    text = normalise_loose(" ".join(document.text for document, _ in documents))
    start, end = scope_span(gold, text)
    in_scope = text[start:end]
    sentences = set()
    for _, passages in documents:
        for passage in passages:
            for s, e in nlp.sentences(passage.text):
                key = normalise_loose(passage.text[s:e])
                if key and key in in_scope:
                    sentences.add(key)
    return ReadDocument(gold, tuple(documents), frozenset(sentences))


def _in_scope(text: str, read: ReadDocument) -> bool:
    key = normalise_loose(text)
    return key in read.in_scope or any(key in sentence or sentence in key for sentence in read.in_scope
                                       if len(sentence) > 30 and len(key) > 30)


def actor_words(actor: str) -> set[str]:
    return {w for w in re.findall(r"[\w-]+", actor.lower()) if w not in _ACTOR_STOP and len(w) > 1}


def actor_right(predicted: Sequence[str], gold: Sequence[str]) -> bool:
    joined = " ".join(predicted).lower()
    return any(word in joined for actor in gold for word in actor_words(actor))


def score_document(read: ReadDocument, extracted: Extracted) -> Scores:
    gold = read.gold
    scores = Scores()
    predicted = [(s, a, d) for s, a, d in dict.fromkeys(extracted.commitments) if _in_scope(s, read)]
    seen: set[str] = set()
    unique = []
    for sentence, actors, deadline in predicted:
        if normalise_loose(sentence) not in seen:
            seen.add(normalise_loose(sentence))
            unique.append((sentence, actors, deadline))
    scores.commitments = score_sentences(
        [s for s, _, _ in unique], gold.commitments, gold.borderline_commitments, gold.non_commitments
    )
    credited: set[int] = set()
    for sentence, actors, deadline in unique:
        hit = first_match(sentence, gold.commitments)
        if hit is None or hit in credited:
            continue
        credited.add(hit)
        item: GoldItem = gold.commitments[hit]
        scores.actor_n += 1
        ok_actor = actor_right(actors, item.actors)
        scores.actor_ok += ok_actor
        ok_deadline = True
        if item.deadline is None or _ISO.match(item.deadline):
            scores.deadline_n += 1
            ok_deadline = deadline == item.deadline
            scores.deadline_ok += ok_deadline
        if not (ok_actor and ok_deadline):
            scores.wrong_fields.append(
                f"{gold.name}: {sentence[:90]!r} actors {list(actors)} vs {list(item.actors)}; "
                f"deadline {deadline} vs {item.deadline}"
            )
    tensions = [t for t in dict.fromkeys(extracted.tensions) if _in_scope(t, read) or
                any(_in_scope(part, read) for part in re.split(r"(?<=[.!?])\s+", t))]
    scores.tensions = score_sentences(tensions, gold.tensions, gold.borderline_tensions)
    return scores


# --- the extractors ----------------------------------------------------------------------------------


def rules_extractor(read: ReadDocument, nlp: DutchNLP) -> Extracted:
    """Today's rules (models/commitments.py, models/tensions.py), unchanged."""
    from models.commitments import DocumentContext, extract_rule_commitments
    from models.tensions import extract_rule_tensions

    commitments: list[tuple[str, tuple[str, ...], str | None]] = []
    tensions: list[str] = []
    for document, passages in read.documents:
        context = DocumentContext.of(document, nlp)
        for item in extract_rule_commitments(document, passages, nlp, context):
            c = item.commitment
            commitments.append((c.sentence, c.actors, c.deadline))
        for tension in extract_rule_tensions(document, passages, nlp, context):
            tensions.extend(p.text for p in tension.tension.passages)
    return Extracted(tuple(commitments), tuple(tensions))


def run(extractor_for: Callable[[int], Extractor], reads: Sequence[ReadDocument], nlp: DutchNLP
        ) -> dict[str, Scores]:
    """Scores per genre group and pooled; ``extractor_for(i)`` gives the extractor for held-out document i."""
    groups: dict[str, Scores] = defaultdict(Scores)
    for index, read in enumerate(reads):
        extractor = extractor_for(index)
        started = time.perf_counter()
        extracted = extractor(read, nlp)
        scores = score_document(read, extracted)
        scores.seconds = time.perf_counter() - started
        scores.passages = sum(len(p) for _, p in read.documents)
        groups[genre_group(read.gold.genre)].add(scores)
        groups["pooled"].add(scores)
    return dict(groups)


TIME_GOAL = 1.5
TIME_ROUNDS = 3


def shipped_extractor(read: ReadDocument, nlp: DutchNLP) -> Extracted:
    """The shipped sentence layer (models/analyses/data) with the rules' fields, as ingest runs it."""
    from models.analyses.evaluation import layer_extract

    return layer_extract(read, nlp)


def time_per_passage(extractors: dict[str, Extractor], reads: Sequence[ReadDocument], nlp: DutchNLP,
                     rounds: int = TIME_ROUNDS) -> dict[str, float]:
    """Median milliseconds per passage of each extractor over ``rounds`` passes over all ``reads``; the
    extractors take turns, each pass starts with the text caches emptied, one warm-up pass is not counted."""
    from models.analyses.evaluation import clear_text_caches

    passages = max(1, sum(len(p) for read in reads for _, p in read.documents))
    times: dict[str, list[float]] = {name: [] for name in extractors}
    for round_number in range(rounds + 1):
        for name, extractor in extractors.items():
            clear_text_caches()
            started = time.perf_counter()
            for read in reads:
                extractor(read, nlp)
            if round_number:
                times[name].append((time.perf_counter() - started) * 1000 / passages)
    return {name: statistics.median(values) for name, values in times.items()}


def print_timing(reads: Sequence[ReadDocument], nlp: DutchNLP) -> None:
    per_passage = time_per_passage({"rules": rules_extractor, "layer": shipped_extractor}, reads, nlp)
    ratio = per_passage["layer"] / max(1e-9, per_passage["rules"])
    print(f"\ntime for the analyses (median of {TIME_ROUNDS} passes over the {len(reads)} documents, text caches "
          f"emptied before each): rules {per_passage['rules']:.2f} ms per passage, learned layer "
          f"{per_passage['layer']:.2f} ms = {ratio:.2f} x the rules' (goal <= {TIME_GOAL} x)")


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "  - "


def print_table(title: str, groups: dict[str, Scores]) -> None:
    print(f"\n{title}")
    print(f"{'genre':26} {'c.P':>5} {'c.R':>5} {'tp/gold':>8} {'hardneg':>8} {'actor':>5} {'dline':>5} "
          f"{'t.P':>5} {'t.R':>5} {'tp/gold':>8} {'ms/pass':>7}")
    order = [*sorted(k for k in groups if k != "pooled"), "pooled"]
    for name in order:
        s = groups[name]
        c, t = s.commitments, s.tensions
        print(f"{name:26} {c.precision:5.2f} {c.recall:5.2f} {c.tp:>3}/{c.tp + c.fn:<4} "
              f"{c.hard_negatives_taken:>3}/{c.hard_negatives:<4} {_ratio(s.actor_ok, s.actor_n):>5} "
              f"{_ratio(s.deadline_ok, s.deadline_n):>5} {t.precision:5.2f} {t.recall:5.2f} "
              f"{t.tp:>3}/{t.tp + t.fn:<4} {1000 * s.seconds / max(1, s.passages):7.1f}")


def print_examples(groups: dict[str, Scores], count: int) -> None:
    pooled = groups["pooled"]
    for label, items in (
        ("commitments missed", pooled.commitments.missed), ("commitments false", pooled.commitments.false_positives),
        ("fields wrong", pooled.wrong_fields), ("tensions missed", pooled.tensions.missed),
        ("tensions false", pooled.tensions.false_positives),
    ):
        print(f"\n{label} ({len(items)}):")
        for item in items[:count]:
            print("  -", re.sub(r"\s+", " ", item)[:200])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", action="store_true", help="only today's rules")
    parser.add_argument("--no-before", action="store_true", help="only the learned layer (faster)")
    parser.add_argument("--examples", type=int, default=0, help="failure examples per kind")
    parser.add_argument("--no-silver", action="store_true", help="train without the silver annotations")
    parser.add_argument("--compare-silver", action="store_true", help="the learned layer with and without silver")
    parser.add_argument("--no-timing", action="store_true", help="leave out the time per passage")
    args = parser.parse_args(argv)
    nlp = DutchNLP()
    gold = load_gold()
    reads = [read_gold_document(document, nlp) for document in gold.documents]
    print("Goals: commitments P >= 0.85, R >= 0.80, <= 10% hard negatives taken; actor right >= 0.85; "
          "tensions P >= 0.75, R >= 0.70")
    if not args.no_before:
        before = run(lambda _: rules_extractor, reads, nlp)
        print_table("before: rules (models/commitments.py, models/tensions.py)", before)
    if args.before:
        if args.examples:
            print_examples(before, args.examples)
        return
    for use_silver in ((False, True) if args.compare_silver else (not args.no_silver,)):
        after = learned_groups(reads, nlp, use_silver)
        if after is None:
            return
        extra = " + silver" if use_silver else ""
        print_table(f"after: learned sentence layer, leave one document out (train on the other "
                    f"{len(reads) - 1} + demo{extra})", after)
        if args.examples:
            print_examples(after, args.examples)
    if not args.no_timing:
        print_timing(reads, nlp)


def learned_groups(reads: Sequence[ReadDocument], nlp: DutchNLP, use_silver: bool = True
                   ) -> dict[str, Scores] | None:
    """Scores of the learned layer, leave one gold document out; silver (eval/silver) only ever trains."""
    try:
        from models.analyses.evaluation import loo_extractors, silver_training
    except ImportError:
        print("\n(after: the learned layer is not there yet)")
        return None
    silver: list[Any] = []
    if use_silver:
        silver, documents = silver_training(nlp)
        labelled = sum(1 for e in silver if e.commitment is not None or e.tension is not None)
        print(f"\nsilver: {documents} documents, {labelled} judged sentences train "
              f"({sum(e.commitment == 1 for e in silver)} commitments, {sum(e.tension == 1 for e in silver)} "
              f"tensions, {sum(e.hard_negative for e in silver)} hard negatives); never scored")
    extractors = loo_extractors(reads, nlp, silver)
    return run(lambda index: extractors[index], reads, nlp)


if __name__ == "__main__":
    main()
