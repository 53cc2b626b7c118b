"""The held-out actor judgments: their file, the scoring rule, and the rules run on one real regulation."""

from __future__ import annotations

import pytest

from eval.eval_actors import SPEAKER, is_right, load_judgments, predicted_actors
from eval.paths import shared_dir
from models.nlp import DutchNLP


def test_the_judgments_are_keyed_sentences_of_corpus_and_seed_files_in_their_sets() -> None:
    judged = load_judgments()
    assert len(judged) >= 100
    assert {item.set for item in judged} == {"tune", "report", "blind", "blind2", "blind3", "blind4"}
    assert all(len(item.key) == 16 and item.accept and item.file.count("/") == 1 for item in judged)
    assert len({(item.file, item.key) for item in judged}) == len(judged)


def test_an_actor_is_right_when_it_holds_an_accepted_word_and_no_line_break() -> None:
    assert is_right(["minister De Jonge (VWS)"], [SPEAKER], "minister De Jonge (VWS)")
    assert not is_right(["VVD (Veldman)"], [SPEAKER], "minister De Jonge (VWS)")
    assert is_right(["registerstichting"], ["registerstichting"], None)
    assert not is_right(["Alkaya\n\nDe Kamer"], ["alkaya"], None)
    assert not is_right([], ["gemeente"], None)


def test_a_regulation_binds_the_body_its_articles_name() -> None:
    shared = shared_dir()
    if shared is None or not (shared / "corpus" / "md" / "besluit-jeugdwet.md").is_file():
        pytest.skip("../shared/corpus is not there")
    items = [item for item in load_judgments() if item.file == "md/besluit-jeugdwet.md"]
    found = predicted_actors(shared / "corpus" / "md" / "besluit-jeugdwet.md", "md/besluit-jeugdwet.md",
                             {item.key for item in items}, DutchNLP())
    assert set(found) == {item.key for item in items}  # every judged sentence is read again
    right = [item for item in items if is_right(found[item.key][0], item.accept, found[item.key][1])]
    assert any("registerstichting" in item.accept for item in right)
