"""The analyses' tables: positions survive the JSON round trip; updates are incremental per document."""

from __future__ import annotations

from pathlib import Path

from models.analysis_store import (
    CommitmentFilters,
    TensionFilters,
    _position_from_json,
    _position_json,
    list_commitments,
    list_tensions,
    tensions_near,
    update_analyses,
)
from models.indexer import ingest_paths
from models.positions import Position
from service.context import Services


def test_position_round_trip() -> None:
    position = Position(
        "d", "d-0001", "a.txt", "gemeente X", "De gemeente X zal geen woningen bouwen.", ("gemeente X",), True,
        "2028", (frozenset({"woning", "~woning"}), frozenset({"bouwen"})), True, stance="refusal",
        targets=("Woonbron",), quantities=(("woning", 0.0, "eq"),), reported_words=(frozenset({"plek"}),),
        references=frozenset({"nota"}), title="Nota", kind="policy_note", claim="geen woningen bouwen",
        deadline_text="vóór 2028", scope=frozenset({"woning"}),
    )
    assert _position_from_json(_position_json(position)) == position


def test_update_is_incremental_and_between_follows_the_documents(services: Services, small_corpus: Path) -> None:
    ingest_paths(services.store, services.embedder, services.nlp, [small_corpus])
    first = update_analyses(services.store, services.nlp)
    assert first.documents_analysed == 3 and first.between_recomputed and first.commitments >= 3
    again = update_analyses(services.store, services.nlp)
    assert again.documents_analysed == 0 and not again.between_recomputed

    (small_corpus / "blog-thuisbaas.txt").write_text(
        "Blog van Woningcorporatie Thuisbaas\n\nIn het raadsvoorstel lees ik dat het college extra woningen voor "
        "ouderen wil bouwen. Dat herken ik niet: wij hebben daar geen afspraken over gemaakt.\n"
        "Thuisbaas zal geen extra woningen voor ouderen bouwen.\n",
        encoding="utf-8",
    )
    ingest_paths(services.store, services.embedder, services.nlp, [small_corpus])
    third = update_analyses(services.store, services.nlp)
    assert third.documents_analysed == 1 and third.documents_unchanged == 3 and third.between_recomputed
    between, total = list_tensions(services.store, TensionFilters(kind="between"))
    assert total == len(between) >= 1
    assert any("Thuisbaas" in " ".join(item.tension.parties) for item in between)


def test_commitments_and_tensions_near_given_passages(services: Services, small_corpus: Path) -> None:
    ingest_paths(services.store, services.embedder, services.nlp, [small_corpus])
    update_analyses(services.store, services.nlp)
    everything, total = list_commitments(services.store)
    assert total >= 2
    one = everything[0].commitment.passage_id
    near, count = list_commitments(services.store, CommitmentFilters(passage_ids=(one,)))
    assert count == len(near) >= 1 and {c.commitment.passage_id for c in near} == {one}
    stated, _ = list_tensions(services.store)
    cited = stated[0].tension.passages[0].passage_id
    assert {t.tension.id for t in tensions_near(services.store, [cited], [])} == {
        t.tension.id for t in stated if any(p.passage_id == cited for p in t.tension.passages)}
    assert tensions_near(services.store, ["no-such-passage"], []) == []
