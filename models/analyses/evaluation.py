"""Leave-one-document-out extractors for eval/eval_gold_analyses.py: for each held-out gold document, a
sentence layer trained on the other gold documents, the demo annotations and (unless left out) the team's
silver annotations, never on the document itself; only the held-out gold document is scored."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from models.analyses.extract import commitments_from, decide, tensions_from
from models.analyses.sentences import AnalysedSentence, analyse_document
from models.analyses.train import Example, analyse_all, demo_examples, fit_layer, gold_labels, silver_examples
from models.commitments import DocumentContext
from models.nlp import DutchNLP


def loo_extractors(reads: Sequence[Any], nlp: DutchNLP, silver: Sequence[Example] = ()
                   ) -> list[Callable[[Any, DutchNLP], Any]]:
    """``reads``: eval.eval_gold_analyses.ReadDocument items; one extractor per item, in order. ``silver``:
    examples that always train (``silver_training``)."""
    from eval.eval_gold_analyses import Extracted

    analysed: list[list[tuple[Any, list[AnalysedSentence]]]] = []
    per_document: list[list[Example]] = []
    for read in reads:
        parts = [(document, analyse_all([(document, passages)], nlp)) for document, passages in read.documents]
        analysed.append(parts)
        sentences = [s for _, items in parts for s in items]
        per_document.append(gold_labels(read.gold, sentences, read.in_scope))
    demo = demo_examples(nlp)

    def extractor_for(index: int) -> Callable[[Any, DutchNLP], Any]:
        training = [e for i, items in enumerate(per_document) if i != index for e in items] + demo + list(silver)
        layer = fit_layer(training)

        def extract(read: Any, nlp: DutchNLP) -> Any:
            commitments: list[tuple[str, tuple[str, ...], str | None]] = []
            tensions: list[str] = []
            for document, passages in read.documents:  # analysed again: the timing covers the whole work
                context = DocumentContext.of(document, nlp)
                sentences = analyse_document(document, passages, nlp, context)
                decisions = decide(sentences, layer)
                for item in commitments_from(document, sentences, context, decisions=decisions):
                    c = item.commitment
                    commitments.append((c.sentence, c.actors, c.deadline))
                for tension in tensions_from(document, sentences, context, decisions=decisions):
                    tensions.extend(p.text for p in tension.tension.passages)
            return Extracted(tuple(commitments), tuple(tensions))

        return extract

    return [extractor_for(index) for index in range(len(reads))]


def silver_training(nlp: DutchNLP) -> tuple[list[Example], int]:
    """The silver examples (eval/silver) and how many documents they come from."""
    per_document = silver_examples(nlp)
    return [e for items in per_document.values() for e in items], len(per_document)
