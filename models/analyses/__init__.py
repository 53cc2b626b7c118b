"""Commitments and tensions: the learned sentence layer (features, classifier, training) and its fields.

- ``features``: cue features the rules compute (modality, tense, negation, parties, first person, speaker
  role, document kind, question, motion part) plus hashed lemma uni/bigrams, per sentence;
- ``classifier``: the shipped logistic weights (``data/sentence_layer.npz``), scoring sentences per label;
- ``actors``: who is bound (the speaker in a debate, one role in a contract, the resolved party);
- ``train``: rebuilds the weights from the annotated documents (``make train``);
- ``evaluation``: leave-one-document-out extractors for ``eval/eval_gold_analyses.py``.
"""
