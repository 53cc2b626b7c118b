"""Leave-one-document-out extractors for eval/eval_gold_analyses.py: for each held-out gold document, a
sentence layer trained on the other gold documents, the demo annotations and (unless left out) the team's
silver annotations, never on the document itself; only the held-out gold document is scored."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from models.analyses.extract import commitments_from, decide, tensions_from
from models.analyses.layer import SentenceLayer
from models.analyses.sentences import analyse_document
from models.analyses.train import Example, analyse_in_context, demo_examples, fit_layer, gold_labels, silver_examples
from models.commitments import DocumentContext
from models.nlp import DutchNLP


def loo_extractors(reads: Sequence[Any], nlp: DutchNLP, silver: Sequence[Example] = ()
                   ) -> list[Callable[[Any, DutchNLP], Any]]:
    """``reads``: eval.eval_gold_analyses.ReadDocument items; one extractor per item, in order. ``silver``:
    examples that always train (``silver_training``)."""
    per_document: list[list[Example]] = []
    for read in reads:
        sentences = analyse_in_context(read.documents, nlp)
        per_document.append(gold_labels(read.gold, sentences, read.in_scope))
    demo = demo_examples(nlp)

    def extractor_for(index: int) -> Callable[[Any, DutchNLP], Any]:
        training = [e for i, items in enumerate(per_document) if i != index for e in items] + demo + list(silver)
        layer = fit_layer(training)
        return lambda read, nlp: layer_extract(read, nlp, layer)

    return [extractor_for(index) for index in range(len(reads))]


def layer_extract(read: Any, nlp: DutchNLP, layer: SentenceLayer | None = None) -> Any:
    """Commitments (sentence, actors, deadline) and tension sentences of one read gold document by ``layer``
    (the shipped one when None), each document analysed from its passages: the timing covers the whole work."""
    from eval.eval_gold_analyses import Extracted

    commitments: list[tuple[str, tuple[str, ...], str | None]] = []
    tensions: list[str] = []
    for document, passages in read.documents:
        context = DocumentContext.of(document, nlp)
        sentences = analyse_document(document, passages, nlp, context)
        decisions = decide(sentences, layer)
        for item in commitments_from(document, sentences, context, decisions=decisions):
            c = item.commitment
            commitments.append((c.sentence, c.actors, c.deadline))
        for tension in tensions_from(document, sentences, context, decisions=decisions):
            tensions.extend(p.text for p in tension.tension.passages)
    return Extracted(tuple(commitments), tuple(tensions))


def silver_training(nlp: DutchNLP) -> tuple[list[Example], int]:
    """The silver examples (eval/silver) and how many documents they come from."""
    per_document = silver_examples(nlp)
    return [e for items in per_document.values() for e in items], len(per_document)


def clear_text_caches() -> None:
    """Empty the caches keyed by a sentence's or a document's text, so that a timed pass over documents read
    before costs what new documents cost. Caches keyed by one word or phrase stay: any corpus warms them."""
    from models import commitments, deadlines
    from models.analyses import actors, extract

    for cached in (deadlines.parse_deadline, commitments._used_as_name_cached, actors._named_after,
                   actors._lowered, actors.document_roles, actors.role_acronyms, extract.dissent_match,
                   extract.outspoken_match):
        cached.cache_clear()
