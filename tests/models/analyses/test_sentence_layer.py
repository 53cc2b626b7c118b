"""The learned sentence layer: shipped weights, deterministic training, candidates, fields and dedupe."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from models.analyses.actors import commitment_actors, debate_offices, with_offices_named
from models.analyses.extract import (
    commitments_from,
    decide,
    is_candidate,
    never_a_commitment,
    sentence_key,
    tensions_from,
)
from models.analyses.features import DIMENSIONS, SentenceInput, cue_features, embedder_name
from models.analyses.layer import LabelModel, SentenceLayer, SentenceLayerMissing, load_layer, read_layer
from models.analyses.sentences import AnalysedSentence, analyse_document
from models.analyses.train import Example, fit_layer, silver_labels
from models.commitments import DocumentContext
from models.nlp import DutchNLP
from rodedraad.records import Commitment, Document, Passage, sha256_text

CONTRACT = """Overeenkomst schoonmaak wijkcentrum

Artikel 1. Melden

Opdrachtnemer meldt een storing binnen twee werkdagen aan Opdrachtgever.
Opdrachtgever betaalt de factuur van Opdrachtnemer binnen dertig dagen.
Als Opdrachtnemer de planning niet haalt, dan informeert Opdrachtgever de huurders.
Opdrachtgever en Opdrachtnemer evalueren de afspraken jaarlijks in het voorjaar.
Opdrachtnemer levert in mei een werkplan aan Opdrachtgever.
Partijen vergoeden elkaar bij opzegging geen schade.
"""


@pytest.fixture(scope="module")
def nlp() -> DutchNLP:
    return DutchNLP()


def _document(text: str, kind: str = "covenant", date: str | None = "2026-02-01") -> tuple[Document, list[Passage]]:
    document = Document(id="d1", source="x.md", title=text.splitlines()[0], kind=kind, date=date,  # type: ignore[arg-type]
                        organisations=(), text=text, sha256=sha256_text(text))
    return document, [Passage("p1", "d1", 0, None, 0, len(text), text)]


def _never() -> SentenceLayer:
    """A layer that takes nothing: what is found, the rules found by definition."""
    layer = _everything()
    return dataclasses.replace(layer, commitment=dataclasses.replace(layer.commitment, threshold=1.01),
                               tension=dataclasses.replace(layer.tension, threshold=1.01))


def _everything() -> SentenceLayer:
    """A layer that takes every candidate: isolates the fields and dedupe from the learned weights."""
    model = LabelModel(np.zeros(DIMENSIONS, dtype=np.float32), 5.0, 0.5)
    return SentenceLayer(model, model)


def _commitments_by_sentence(nlp: DutchNLP, text: str, kind: str, layer: SentenceLayer) -> dict[str, Commitment]:
    """The commitments of one made-up document, by their sentence."""
    document, passages = _document(text, kind=kind)
    context = DocumentContext.of(document, nlp)
    return {c.commitment.sentence: c.commitment for c in commitments_from(
        document, analyse_document(document, passages, nlp, context), context, layer)}


def _sentences_taken(nlp: DutchNLP, text: str, kind: str, layer: SentenceLayer | None = None) -> list[str]:
    """The commitment sentences of one made-up document (by default every candidate the rules leave)."""
    document, passages = _document(text, kind=kind)
    context = DocumentContext.of(document, nlp)
    return [c.commitment.sentence for c in commitments_from(
        document, analyse_document(document, passages, nlp, context), context, layer or _everything())]


def test_shipped_weights_load_and_score(nlp: DutchNLP) -> None:
    layer = load_layer()
    assert layer.commitment.weights.shape == (DIMENSIONS,)
    assert 0.0 < layer.commitment.threshold < 1.0 and 0.0 < layer.tension.threshold < 1.0
    document, passages = _document(CONTRACT, kind="covenant")
    sentences = analyse_document(document, passages, nlp)
    probabilities = layer.commitment.probabilities([s.features for s in sentences])
    assert probabilities.shape == (len(sentences),)
    assert np.all((probabilities >= 0) & (probabilities <= 1)) and len(set(np.round(probabilities, 6))) > 1


def test_unreadable_weights_are_one_error(tmp_path: Path) -> None:
    bad = tmp_path / "layer.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(SentenceLayerMissing, match="make train"):
        read_layer(bad)


def _toy_examples(nlp: DutchNLP) -> list[Example]:
    texts = [
        ("De gemeente zal vóór 1 juli een plan opstellen.", 1, 0),
        ("Wij gaan volgend jaar de regeling evalueren.", 1, 0),
        ("Partijen verplichten zich tot overleg.", 1, 0),
        ("Het weer was gisteren mooi in de stad.", 0, 0),
        ("De bewoners zijn boos over de overlast van het verkeer.", 0, 1),
        ("Er is onenigheid tussen de gemeente en de corporatie.", 0, 1),
        ("Het rapport telt veertig pagina's met tabellen.", 0, 0),
    ]
    examples = []
    for index, (text, commitment, tension) in enumerate(texts):
        tokens = nlp.tokens(text)
        examples.append(Example(f"doc{index % 3}", SentenceInput(text, tokens, "other"), commitment, tension))
    return examples


def test_training_is_deterministic(nlp: DutchNLP, tmp_path: Path) -> None:
    examples = _toy_examples(nlp)
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    fit_layer(examples).save(first)
    fit_layer(examples).save(second)
    assert first.read_bytes() == second.read_bytes()
    layer = read_layer(first)
    scored = layer.commitment.probabilities([e.features for e in examples])
    positives = [p for p, e in zip(scored, examples, strict=True) if e.commitment == 1]
    negatives = [p for p, e in zip(scored, examples, strict=True) if e.commitment == 0]
    assert min(positives) > max(negatives)  # in-sample: the toy data must at least be learnt


def test_commitments_train_only_on_what_the_rules_leave_to_the_layer(nlp: DutchNLP) -> None:
    examples = _toy_examples(nlp)
    text = "Verzoekt de regering om voor de zomer een plan te maken?"
    ruled = Example("doc0", SentenceInput(text, nlp.tokens(text), "other"), 0, 0, commitment_rule=False,
                    tension_rule=False)
    plain, more = fit_layer(examples), fit_layer([*examples, ruled])
    assert np.array_equal(plain.commitment.weights, more.commitment.weights)  # never a commitment: not trained on
    assert not np.array_equal(plain.tension.weights, more.tension.weights)  # tensions train on every sentence


def test_the_threshold_counts_what_the_rules_decide(nlp: DutchNLP, monkeypatch: pytest.MonkeyPatch) -> None:
    """Gold sentences worded against their label but decided by the rules: the threshold sees them decided."""
    from models.analyses import train

    seen: list[tuple[list[float], list[int]]] = []
    choose = train._best_threshold
    monkeypatch.setattr(train, "_best_threshold", lambda p, labels, *rest: seen.append(
        (list(p), list(labels))) or choose(p, labels, *rest))
    training = [dataclasses.replace(e, group="demo:" + e.group) for e in _toy_examples(nlp)]
    gold = [dataclasses.replace(e, group="gold", commitment=1 - e.commitment, commitment_rule=not e.commitment)
            for e in _toy_examples(nlp)]
    fit_layer([*training, *gold])
    probabilities, labels = seen[0]  # commitments first
    assert probabilities == [float(label) for label in labels] == [1.0 - e.commitment for e in _toy_examples(nlp)]


def test_a_lone_peak_of_f1_does_not_choose_the_threshold() -> None:
    """Two positives just above 0.2 and ten negatives just below make F1 peak at 0.2 alone (1.0, against 0.55
    below and 0.8 above): with its neighbours it scores 0.78, so 0.2 itself is not chosen."""
    from models.analyses.train import _best_threshold

    probabilities = np.array([0.21, 0.21] + [0.95] * 4 + [0.19] * 10)
    labels = np.array([1] * 6 + [0] * 10)
    assert _best_threshold(probabilities, labels) > 0.2


def test_where_f1_is_flat_the_middle_of_the_top_can_be_chosen() -> None:
    """F1 within the tolerance of its best from 0.3 to 0.7: the highest threshold or the middle one."""
    from models.analyses.train import _best_threshold

    probabilities = np.array([0.9] * 20 + [0.5] * 2 + [0.25] * 1 + [0.1] * 30 + [0.45, 0.55, 0.65])
    labels = np.array([1] * 20 + [1, 0] + [1] + [0] * 30 + [0, 0, 0])
    highest = _best_threshold(probabilities, labels)
    middle = _best_threshold(probabilities, labels, tie="middle")
    assert 0.25 < middle < highest


def test_cue_features_read_speaker_motion_and_question(nlp: DutchNLP) -> None:
    text = "verzoekt de regering om vóór de zomer met een plan te komen?"
    features = cue_features(SentenceInput(text, nlp.tokens(text), "policy_note", speaker_role="member"))
    assert {"c:speaker=member", "c:motion=verzoekt", "c:question"} <= set(features)


def test_candidates_are_sentences_of_some_length(nlp: DutchNLP) -> None:
    document, passages = _document("Titel\n\nJa.\n\nDe gemeente stelt vóór 2027 een plan op voor de wijk.\n")
    sentences = analyse_document(document, passages, nlp)
    assert [s.text.strip() for s in sentences if is_candidate(s)] == [
        "De gemeente stelt vóór 2027 een plan op voor de wijk."
    ]


def test_contract_actor_is_one_role_the_subject(nlp: DutchNLP) -> None:
    document, passages = _document(CONTRACT, kind="covenant")
    context = DocumentContext.of(document, nlp)
    found = {c.commitment.sentence[:22]: c.commitment for c in
             commitments_from(document, analyse_document(document, passages, nlp, context), context, _everything())}
    assert found["Opdrachtnemer meldt ee"].actors == ("Opdrachtnemer",)
    assert found["Opdrachtgever betaalt "].actors == ("Opdrachtgever",)
    assert found["Als Opdrachtnemer de p"].actors == ("Opdrachtgever",)  # the subject after "Als …, dan"
    assert all("Opdrachtgever Opdrachtnemer" not in c.actors for c in found.values())
    assert found["Opdrachtnemer levert i"].deadline == "2026-05"  # a month without a year: the document's year
    assert sorted(found["Partijen vergoeden elk"].actors) == ["Opdrachtgever", "Opdrachtnemer"]  # each role apart
    tensions = tensions_from(document, analyse_document(document, passages, nlp, context), context, _everything())
    assert all(len(t.tension.parties) == len({p.lower() for p in t.tension.parties}) for t in tensions)
    assert not any("Opdrachtgever Opdrachtnemer" in p for t in tensions for p in t.tension.parties)


def test_debate_first_person_binds_the_speaker(nlp: DutchNLP) -> None:
    text = "Ik zeg toe dat ik voor de zomer een brief stuur. De Kamer krijgt die brief in juni."
    document = Document(id="d1", source="x.xml", title="debat", kind="policy_note", date="2018-03-01",
                        organisations=(), text=text, sha256=sha256_text(text))
    passage = Passage("p1", "d1", 0, None, 0, len(text), text, speaker="minister De Jonge (VWS)")
    context = DocumentContext.of(document, nlp)
    sentences = analyse_document(document, [passage], nlp, context)
    assert sentences[0].features.speaker_role == "minister"
    assert commitment_actors(sentences[0], context) == ("minister De Jonge (VWS)",)


def test_the_cabinet_is_the_writer_only_in_a_ministry_s_letter(nlp: DutchNLP) -> None:
    news = ("Gemeente Lindeveen\n\nRaadsinformatiebrief herindeling\n\n"
            "Het nieuwe kabinet van VVD, CDA en D66 wil de provincie meer macht geven bij herindelingen.\n"
            "De gemeente Lindeveen stuurt in mei een zienswijze naar de provincie.\n")
    found = _commitments_by_sentence(nlp, news, "policy_note", _everything())
    assert found["Het nieuwe kabinet van VVD, CDA en D66 wil de provincie meer macht geven bij herindelingen."
                 ].actors == ("kabinet",)
    letter = ("Ministerie van Volksgezondheid, Welzijn en Sport\n\nKamerbrief over de herindeling\n\n"
              "Het kabinet stuurt in mei een wetsvoorstel naar uw Kamer.\n")
    actors = _commitments_by_sentence(nlp, letter, "policy_note", _everything())[
        "Het kabinet stuurt in mei een wetsvoorstel naar uw Kamer."].actors
    assert actors and actors != ("kabinet",)


def test_a_member_naming_the_minister_binds_the_minister_who_takes_part(nlp: DutchNLP) -> None:
    first = "Ik zeg toe dat ik voor de zomer een brief stuur."
    second = "In het overleg heeft de minister toegezegd dat hij de regeling in mei aanpast."
    text = f"{first}\n\n{second}"
    document = Document(id="d1", source="x.xml", title="debat", kind="other", date="2018-03-01",
                        organisations=(), text=text, sha256=sha256_text(text))
    passages = [Passage("p1", "d1", 0, None, 0, len(first), first, speaker="minister De Jonge (VWS)"),
                Passage("p2", "d1", 1, None, len(first) + 2, len(text), second, speaker="mevrouw Agema (PVV)")]
    context = DocumentContext.of(document, nlp)
    found = commitments_from(document, analyse_document(document, passages, nlp, context), context, _everything())
    actors = {c.commitment.sentence: c.commitment.actors for c in found}
    assert actors[second] == ("minister De Jonge (VWS)",)
    # two ministers take part: "de minister" names neither (each is still named by surname)
    assert debate_offices(["minister De Jonge (VWS)", "minister Hoekstra (FIN)", "voorzitter", None]) == {
        "de jonge": "minister De Jonge (VWS)", "hoekstra": "minister Hoekstra (FIN)"}
    assert debate_offices(["staatssecretaris Blokhuis (VWS)", "mevrouw Agema (PVV)"]) == {
        "staatssecretaris": "staatssecretaris Blokhuis (VWS)", "blokhuis": "staatssecretaris Blokhuis (VWS)",
        "agema": "mevrouw Agema (PVV)"}
    assert with_offices_named(("minister", "gemeenten"), {"minister": "minister X"}) == ("minister X", "gemeenten")


def _undated_debate(nlp: DutchNLP, text: str, speaker: str) -> tuple[Document, DocumentContext, list[AnalysedSentence]]:
    """One speaker's passage of a 2017-2018 debate that has no date, only its session year; its sentences."""
    document = Document(id="d1", source="x.xml", title="debat", kind="other", date=None, organisations=(),
                        text=text, sha256=sha256_text(text), date_span="2017-09/2018-08")
    passage = Passage("p1", "d1", 0, None, 0, len(text), text, speaker=speaker)
    context = DocumentContext.of(document, nlp)
    return document, context, analyse_document(document, [passage], nlp, context)


def test_a_debate_dated_by_its_session_year_gives_year_less_promises_a_year(nlp: DutchNLP) -> None:
    document, context, sentences = _undated_debate(
        nlp, "Ik zeg toe dat ik in mei een brief stuur over de wachtlijsten.", "minister De Jonge (VWS)")
    found = commitments_from(document, sentences, context, _everything())
    assert [c.commitment.deadline for c in found] == ["2018-05"]


def test_a_year_before_a_debates_session_is_no_deadline_ahead(nlp: DutchNLP) -> None:
    """A debate dated only by its session year: "in 2013" is past, "in 2019" ahead."""
    document, context, (past, ahead) = _undated_debate(
        nlp, "De corporatie is al eerder, in 2013, onder toezicht geplaatst. De corporatie wordt in 2019 gesplitst.",
        "minister Ollongren (BZK)")
    assert context.reference_year == 2017
    assert not past.features.future_deadline and past.features.rule_commitment is None
    assert ahead.features.future_deadline
    assert "c:past_deadline" in cue_features(past.features) and "c:past_deadline" not in cue_features(ahead.features)
    assert never_a_commitment(past) and not never_a_commitment(ahead)  # history before the document, told as such
    actions = [c.commitment.action for c in commitments_from(document, [past, ahead], context, _everything())]
    assert actions and not any(", ," in action or ",," in action for action in actions)  # the year cut out
    _, _, (agreed,) = _undated_debate(
        nlp, "In 2013 hebben de corporatie en de gemeente afgesproken dat de huren gelijk blijven.",
        "minister Ollongren (BZK)")
    assert not never_a_commitment(agreed)  # a past agreement binds


def test_the_same_sentence_is_one_commitment_and_one_tension(nlp: DutchNLP) -> None:
    sentence = "De gemeente stelt vóór 1 juli 2026 een plan op."
    text = f"{sentence}\n\n3.2.1 {sentence}\n"  # the second time under its article number
    document = Document(id="d1", source="x.md", title="t", kind="other", date="2026-01-01", organisations=(),
                        text=text, sha256=sha256_text(text))
    half = len(sentence) + 2
    assert text[half:].startswith("3.2.1 ")
    passages = [Passage("p1", "d1", 0, None, 0, half, text[:half]), Passage("p2", "d1", 1, None, half, len(text),
                                                                               text[half:])]
    context = DocumentContext.of(document, nlp)
    sentences = analyse_document(document, passages, nlp, context)
    found = commitments_from(document, sentences, context, _everything())
    assert len(found) == 1 and found[0].commitment.deadline == "2026-07-01"
    assert len(tensions_from(document, sentences, context, _everything())) == 1


def test_a_sentence_keeps_a_number_that_is_no_list_marker() -> None:
    assert sentence_key("3.30.4  Opdrachtnemer meldt het.") == sentence_key("Opdrachtnemer meldt het.")
    assert sentence_key("b) De gemeente betaalt.") == sentence_key("De gemeente betaalt.")
    for a, b in (("45 woningen komen er bij.", "30 woningen komen er bij."),
                 ("1.500 woningen komen er bij.", "2.000 woningen komen er bij."),
                 ("2025 wordt een overgangsjaar.", "2026 wordt een overgangsjaar.")):
        assert sentence_key(a) != sentence_key(b)


def test_a_regulation_role_that_must_act_is_a_commitment_by_form(nlp: DutchNLP) -> None:
    nothing = LabelModel(np.zeros(DIMENSIONS, dtype=np.float32), -5.0, 0.5)
    text = ("Regeling subsidie buurthuizen\n\nDe aanvrager dient jaarlijks een verslag in te sturen.\n"
            "De aanvrager kan bezwaar maken tegen het besluit.\nDe aanvrager diende vorig jaar een verslag in.\n")
    found = _sentences_taken(nlp, text, "policy_note", SentenceLayer(nothing, nothing))
    assert found == ["De aanvrager dient jaarlijks een verslag in te sturen."]


def _cues(nlp: DutchNLP, text: str, kind: str = "other", **kwargs: object) -> set[str]:
    return set(cue_features(SentenceInput(text, nlp.tokens(text), kind, **kwargs)))  # type: ignore[arg-type]


def test_a_motion_part_is_marked_only_when_it_sets_positions_against_each_other(nlp: DutchNLP) -> None:
    plain = _cues(nlp, "constaterende dat de regeling in alle wetten is opgenomen;", speaker_role="member")
    marked = _cues(nlp, "constaterende dat gemeenten de regeling nog hanteren, terwijl de rechter haar verbood;",
                   speaker_role="member")
    assert "c:motion_plain" in plain and not any(f.startswith("c:motion_marked") for f in plain)
    assert {"c:motion_marked=contrast", "c:contrast_inner"} <= marked and "c:motion_plain" not in marked


def test_an_announced_speech_act_is_told_apart_from_a_promise(nlp: DutchNLP) -> None:
    assert "c:speech_act_announced" in _cues(nlp, "Ik wil daar twee dingen over zeggen.", speaker_role="minister")
    assert "c:speech_act" in _cues(nlp, "Ik ga nu in op de motie van de heer Jansen.", speaker_role="minister")
    assert "c:speech_act" not in _cues(nlp, "Ik zeg toe dat ik in mei een brief stuur.", speaker_role="minister")


def test_a_plain_present_description_is_told_apart_from_a_future_construction(nlp: DutchNLP) -> None:
    described = _cues(nlp, "De gemeente voert het beleid van de regio uit.")
    promised = _cues(nlp, "De gemeente zal het beleid van de regio uitvoeren.")
    about = _cues(nlp, "Dit gaat over de inhoud van de zorg.")
    assert "c:present_plain" in described and "c:future_construction" not in described
    assert "c:future_construction" in promised and "c:present_plain" not in promised
    assert "c:gaat_over" in about and "c:future_construction" not in about


def test_a_negated_evaluation_and_care_as_a_word(nlp: DutchNLP) -> None:
    assert "c:negated_evaluation" in _cues(nlp, "Eén loket voor alles is niet wenselijk.")
    # "zorg" in policy text is care, not worry: no conflict cue by itself
    assert "c:lex=conflict" not in _cues(nlp, "De gemeente koopt de zorg in bij drie aanbieders.")


def test_a_medium_named_after_a_preposition_is_not_the_bound_party(nlp: DutchNLP) -> None:
    text = ("Circulaire woonzorg van het ministerie van Volksgezondheid\n\n"
            "De regeling wordt op 11 september in de Staatscourant geplaatst.\n")
    document, passages = _document(text, kind="policy_note")
    document = Document(id="d1", source="x.md", title="Circulaire", kind="policy_note", date="2026-02-01",
                        organisations=("ministerie van Volksgezondheid", "Staatscourant"), text=text,
                        sha256=sha256_text(text))
    context = DocumentContext.of(document, nlp)
    sentence = analyse_document(document, passages, nlp, context)[-1]
    assert "Staatscourant" not in commitment_actors(sentence, context)


def test_silver_labels_read_keys_and_leave_borderline_and_unjudged_out(nlp: DutchNLP) -> None:
    from eval.silver import SilverDocument, sentence_key

    document, passages = _document(CONTRACT, kind="covenant")
    context = DocumentContext.of(document, nlp)
    sentences = [(s, context) for s in analyse_document(document, passages, nlp, context) if is_candidate(s)]
    keys = [sentence_key(s.text) for s, _ in sentences]
    silver = SilverDocument("s", "x.md", "contract", judged=frozenset(keys[:4]), commitments=frozenset(keys[:1]),
                            borderline_commitments=frozenset(keys[1:2]), tensions=frozenset(keys[2:3]),
                            borderline_tensions=frozenset(), hard_negatives=frozenset(keys[3:4]))
    examples = silver_labels(silver, sentences)
    assert [(e.commitment, e.tension, e.hard_negative) for e in examples] == [
        (1, 0, False), (None, 0, False), (0, 1, False), (0, 0, True)]  # sentences 5.. were not judged
    assert all(e.group == "silver:s" for e in examples) and examples[3].weight > examples[2].weight


def test_silver_never_chooses_a_threshold(nlp: DutchNLP) -> None:
    """Silver examples train but are never held out: a layer whose only real group is silver keeps 0.5."""
    examples = [dataclasses.replace(e, group="silver:" + e.group) for e in _toy_examples(nlp)]
    assert fit_layer(examples).commitment.threshold == 0.5


@pytest.mark.model
def test_dense_weights_ship_with_the_embedder_name_and_another_embedder_is_refused(nlp: DutchNLP,
                                                                                   tmp_path: Path) -> None:
    layer = fit_layer(_toy_examples(nlp))
    assert layer.commitment.dense.size and layer.embedder == embedder_name()
    path = tmp_path / "layer.npz"
    layer.save(path)
    read = read_layer(path)
    assert read.embedder == layer.embedder and np.array_equal(read.commitment.dense, layer.commitment.dense)
    document, passages = _document(CONTRACT, kind="covenant")
    sentences = analyse_document(document, passages, nlp)
    assert len(decide(sentences, read).commitment) == sum(1 for s in sentences if is_candidate(s))
    stale = dataclasses.replace(read, embedder="static-nl-0000000000")
    with pytest.raises(SentenceLayerMissing, match="make train"):
        decide(sentences, stale)


def test_modal_framing_tells_a_granted_right_from_an_undertaking(nlp: DutchNLP) -> None:
    right = _cues(nlp, "Als de levering uitblijft, dan mag de huurder de kosten verhalen op de verhuurder.")
    duty = _cues(nlp, "De huurder meldt een gebrek binnen twee dagen.")
    advice = _cues(nlp, "Voor vragen kunt u terecht bij het loket van de gemeente.")
    procedure = _cues(nlp, "De motie op stuk nr. 12 zal mijn collega afhandelen.", speaker_role="minister")
    assert {"c:permission_only", "c:conditional_permission"} <= right
    assert not {"c:permission_only", "c:conditional_permission"} & duty
    assert "c:you_modal" in advice and "c:procedure_modal" in procedure
    assert "c:past_no_agreement" in _cues(nlp, "De wethouder opende gisteren het nieuwe gebouw.", past=True)
    assert "c:past_no_agreement" not in _cues(nlp, "De partijen spraken af het plan te volgen.", past=True)


def test_the_writer_reporting_what_they_read_binds_nobody(nlp: DutchNLP) -> None:
    text = ("Blog van de huurdersvereniging\n\nIn de woonvisie van de gemeente lees ik dat in 2028 driehonderd "
            "woningen klaar zijn.\nWij sturen de gemeente in mei een brief over de planning.\n")
    found = _sentences_taken(nlp, text, "blog")
    assert "Wij sturen de gemeente in mei een brief over de planning." in found  # the layer takes every sentence
    assert not any("lees ik dat" in sentence for sentence in found)


def test_an_opinion_or_finding_attributed_to_a_source_binds_nobody(nlp: DutchNLP) -> None:
    text = ("Nota wonen en zorg\n\nVolgens het planbureau woont een derde van de ouderen in een te groot huis.\n"
            "Volgens mij moeten we daar snel iets aan doen.\n"
            "Volgens de afspraken in het convenant bouwt de corporatie in 2027 honderd woningen.\n"
            "Volgens artikel 4 meldt de verhuurder elke wijziging aan de huurder.\n")
    found = _sentences_taken(nlp, text, "policy_note")
    assert not any(sentence.startswith(("Volgens het planbureau", "Volgens mij")) for sentence in found)
    assert any(sentence.startswith("Volgens de afspraken") for sentence in found)  # a norm that binds
    assert any(sentence.startswith("Volgens artikel 4") for sentence in found)


# Forms that bind nobody, each followed by the sentences of the same text that still bind: (document kind, text,
# the sentences kept last, the starts of the sentences refused)
_BIND_NOBODY: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...]]] = {
    # a letter acting by being sent or a document describing itself; a promise made in the letter keeps it
    "letter": ("policy_note", "Brief over de stand van de jeugdzorg\n\nMet deze brief informeer ik de raad over de "
               "wachtlijsten.\nDeze notitie beschrijft hoe de regio de zorg inkoopt.\nHet jaarverslag doe ik u hierbij "
               "toekomen.\nMet deze notitie kom ik mijn belofte aan de raad na.\n"
               "In deze brief zeg ik toe dat ik in juni terugkom op de wachtlijsten.\n",
               ("In deze brief zeg ik toe dat ik in juni terugkom op de wachtlijsten.",),
               ("Met deze", "Deze notitie", "Het jaarverslag")),
    # a letter sent now or before and a report describing itself by its name; a letter promised binds
    "letter sent": ("policy_note", "Brief over de voortgang van de wijkaanpak\n\nMet deze brief bied ik uw Kamer de "
                    "derde rapportage aan.\nBeide onderzoeken doe ik u tezamen met deze brief toekomen.\n"
                    "Met mijn brief van 2 maart heb ik uw Kamer geïnformeerd over de eerste resultaten.\n"
                    "De halfjaarrapportage geeft een overzicht van de projecten in de wijken.\n"
                    "In oktober doe ik u de uitkomst van de evaluatie toekomen.\n"
                    "Ik houd uw Kamer op de hoogte van de gesprekken met de provincie.\n",
                    ("In oktober doe ik u de uitkomst van de evaluatie toekomen.",
                     "Ik houd uw Kamer op de hoogte van de gesprekken met de provincie."),
                    ("Met ", "Beide", "De halfjaarrapportage")),
    # what someone else is reported to say; a binding word or a "maar" going on in its own voice keeps it
    "reported": ("blog", "Verslag van de bewonersavond\n\nDe voorzitter van de huurdersvereniging geeft aan dat de "
                 "vereniging nu tien jaar bestaat.\nHij stelt dat de communicatie met de corporatie te wensen overliet.\n"
                 "Dat zegt de huurdersvereniging in reactie op het plan.\nZij wil van de wethouder weten wie betaalt.\n"
                 "De buurtraad vraagt zich af of de planning haalbaar is.\n"
                 "De wethouder geeft aan dat de gemeente in juni een nieuw plan zal presenteren.\n"
                 "De corporatie stelt dat de huren openbaar zijn, maar toetst elke aanvraag zelf.\n",
                 ("De wethouder geeft aan dat de gemeente in juni een nieuw plan zal presenteren.",
                  "De corporatie stelt dat de huren openbaar zijn, maar toetst elke aanvraag zelf."),
                 ("De voorzitter", "Hij stelt", "Dat zegt", "Zij wil", "De buurtraad")),
    # a quotation reported with its speaker; a date ahead keeps it
    "quotation": ("policy_note", "Raad stemt in met het nieuwe zwembad\n\n'Het bestuur vraagt ons om een blanco cheque', zei Anna "
                  "de Wit van de buurtpartij.\nDe Vries: 'Het bestuur zet de raad onder druk met deze planning.\n"
                  "De planning is te krap, aldus de ondernemersvereniging.\n"
                  "'We openen het zwembad in mei 2027', zei de wethouder.\n",
                  ("'We openen het zwembad in mei 2027', zei de wethouder.",), ("'Het bestuur", "De Vries", "De planning")),
    # an opinion reported with a modal of obligation or wish, and the speaker named after an indirect quote; a
    # future in what is reported keeps it
    "reported opinion": ("blog", "Verslag van de raadsvergadering\n\n'De basis moet zijn of er nut of noodzaak is', "
                         "zegt Knot.\nDe fractievoorzitter zegt dat de provincie van twee walletjes wil snoepen.\n"
                         "In totaal snijdt het college de komende jaren fors in het welzijnswerk, zei de wethouder.\n"
                         "De wethouder zegt dat de gemeente de subsidieregeling in juni zal aanpassen.\n",
                         ("De wethouder zegt dat de gemeente de subsidieregeling in juni zal aanpassen.",),
                         ("'De basis", "De fractievoorzitter", "In totaal")),
    # a fear, hope or understanding of what happens; an agreement beside it keeps it
    "attitude": ("blog", "Verslag van de raadsvergadering\n\nDe SP vreest dat de armoede zal toenemen door de "
                 "maatregelen.\nHij snapt dat het college moet bezuinigen.\n"
                 "We hopen dat de bewoners de nieuwe regeling gaan gebruiken.\n"
                 "Verder zijn CDA en VVD van mening dat het college het nadeel voldoende onder de aandacht heeft "
                 "gebracht.\nZij maakt zich ernstig zorgen over het toekomstige niveau van de voorzieningen.\n"
                 "De wethouder begrijpt dat er is afgesproken dat de gemeente de kosten in mei betaalt.\n",
                 ("De wethouder begrijpt dat er is afgesproken dat de gemeente de kosten in mei betaalt.",),
                 ("De SP", "Hij snapt", "We hopen", "Verder zijn", "Zij maakt")),
    # a reading guide and a letter's courtesies act by being said
    "courtesy": ("policy_note", "Brief aan de bewoners van de Kerkbuurt\n\nHierna ga ik in op de planning van de werkzaamheden.\n"
                 "Hierna volgt het verslag van de avond.\nWij nodigen u graag uit op de informatieavond van 3 maart.\n"
                 "We stellen het op prijs dat u ons uw vragen stuurt.\nWe danken u daarvoor.\n"
                 "De gemeente nodigt de bewoners in maart uit voor een schouw van de straat.\n",
                 ("De gemeente nodigt de bewoners in maart uit voor een schouw van de straat.",),
                 ("Hierna", "Wij nodigen", "We stellen", "We danken")),
    # advice on a motion and the next point announced; a "maar" that goes on to bind keeps it
    "speech act": ("policy_note", "Debat over de wijkaanpak\n\nIk begin met de motie op stuk nr. 12.\nDie motie ontraad ik.\n"
                   "Laat ik het oordeel over de motie op stuk nr. 13 aan de Kamer laten.\n"
                   "Ik wil daar twee dingen over zeggen.\n"
                   "Ik ontraad de motie, maar ik stuur de Kamer voor de zomer een brief over de kosten.\n",
                   ("Ik ontraad de motie, maar ik stuur de Kamer voor de zomer een brief over de kosten.",),
                   ("Ik begin", "Die motie", "Laat ik", "Ik wil daar")),
    # a party pleading for or calling on others; a plea it undertakes to make binds
    "appeal": ("blog", "Verslag van de raadsvergadering\n\nDe PvdA ziet graag meer aandacht voor de wijken.\n"
               "Ook pleit de partij voor meer overleg met de dorpsraden.\n"
               "De raad riep het college op om de wijkteams te betrekken.\n"
               "De wijkagent roept iedereen op verdachte zaken te melden.\n"
               "Namens de gemeenten pleit de vereniging ervoor dat het Rijk de kosten compenseert.\n"
               "Ze vragen om een toezegging van de minister voor compensatie aan de gemeenten.\n"
               "De wethouder zal bij de provincie pleiten voor meer geld voor de wijken.\n",
               ("De wethouder zal bij de provincie pleiten voor meer geld voor de wijken.",),
               ("De PvdA", "Ook pleit", "De raad riep", "De wijkagent", "Namens de", "Ze vragen")),
    # a form's fields read as one sentence
    "form fields": ("policy_note", "Raadsvoorstel werkkapitaal kredietbank\n\nRaadsvoorstel van : burgemeester en "
                    "wethouders aan : gemeenteraad datum : 11 november 2013 agendapunt : 4\n\n"
                    "De aanvrager dient binnen vier weken een verslag in te leveren.\n",
                    ("De aanvrager dient binnen vier weken een verslag in te leveren.",),
                    ("Raadsvoorstel van",)),
    # what happened, told in the past with nothing that could bind; a decision or an announcement keeps it
    "plain past": ("blog", "Verslag van de wijkavond\n\nEen buurman heeft bij de gemeente aan de bel getrokken.\n"
                   "Het college wilde een krediet voor de plannen.\n"
                   "Daarom hoefde de gemeente de kredietbank geen werkkapitaal te verstrekken.\n"
                   "Mocht het plan mislukken, dan gaat de gemeente de kosten in mei verhalen.\n"
                   "De gemeente heeft aangekondigd dit najaar te komen met een nieuwe regeling.\n"
                   "De corporaties mailen elk kwartaal een overzicht van verhuurde woningen.\n",
                   ("Mocht het plan mislukken, dan gaat de gemeente de kosten in mei verhalen.",
                    "De gemeente heeft aangekondigd dit najaar te komen met een nieuwe regeling.",
                    "De corporaties mailen elk kwartaal een overzicht van verhuurde woningen."),
                   ("Een buurman", "Het college wilde", "Daarom hoefde")),
    # a party's grievance or dissent states a tension, no undertaking; a decision beside it binds
    "grievance": ("blog", "Verslag van de raadsvergadering\n\nDe omwonenden zijn boos op de wethouder.\n"
                  "Andere partijen zien niets in de veranderingen.\n"
                  "Toch plaatsten zij net als de overige fracties kritische kanttekeningen bij het plan.\n"
                  "Ondanks het protest van de omwonenden heeft de raad besloten het dorpshuis te sluiten.\n",
                  ("Ondanks het protest van de omwonenden heeft de raad besloten het dorpshuis te sluiten.",),
                  ("De omwonenden", "Andere partijen", "Toch plaatsten")),
    # a finding reported; a condition opening it makes it a rule of the agreement
    "finding": ("covenant", "Samenwerkingsafspraken wijkteams\n\nHelaas moet de dorpsraad constateren dat de "
                "afspraken niet worden nagekomen.\nVerder concludeert het college dat het gebouw weinig wordt gebruikt.\n"
                "Dat blijkt uit de resultaten van de peiling onder de leden.\n"
                "Als blijkt dat een andere gemeente verantwoordelijk is, maken de gemeenten onderling afspraken over "
                "de verrekening.\n",
                ("Als blijkt dat een andere gemeente verantwoordelijk is, maken de gemeenten onderling afspraken over "
                 "de verrekening.",),
                ("Helaas", "Verder concludeert", "Dat blijkt")),
    # what a regulation or a message is for; a party's own aim and an obligation of the regulation bind
    "purpose": ("policy_note", "Regeling wijkbudgetten\n\nDeze regeling heeft als doel de bewonersinitiatieven te "
                "stimuleren.\nHet bericht is bedoeld om de gemeente inzicht te geven in de levering.\n"
                "Wij hebben als doel om in 2027 alle wijken te bereiken.\n"
                "De aanvrager dient binnen vier weken een verslag in te leveren.\n",
                ("Wij hebben als doel om in 2027 alle wijken te bereiken.",
                 "De aanvrager dient binnen vier weken een verslag in te leveren."),
                ("Deze regeling", "Het bericht")),
    # a minister's letter telling what it and its enclosure go into; a proposal promised for later binds
    "letter guide": ("policy_note", "Voortgang van de aanpak jeugd\n\nTer voorbereiding van het overleg informeren "
                     "wij u met bijgevoegde rapportage over de voortgang.\n"
                     "In de rapportage gaan we ook in op de uitvoering van de moties.\n"
                     "In deze brief nemen wij u mee in de opgaven voor de komende jaren.\n"
                     "In deze notitie doen wij een voorstel voor het proces.\n"
                     "Achtereenvolgens gaan we in op de volgende vragen.\n"
                     "In het voorjaar doen wij u een voorstel voor de nieuwe verordening.\n",
                     ("In het voorjaar doen wij u een voorstel voor de nieuwe verordening.",),
                     ("Ter voorbereiding", "In de rapportage", "In deze brief", "In deze notitie", "Achtereenvolgens")),
    # a document telling what it goes into, and a council's motion retold; the college's own plan binds
    "proposal guide": ("policy_note", "Raadsvoorstel samenwerking in de regio\n\nOp 3 maart heeft de gemeenteraad in een "
                       "motie gevraagd de samenwerking met de buurgemeenten te onderzoeken.\n"
                       "In dit raadsvoorstel worden de besluiten van maart nogmaals herhaald.\n"
                       "Vervolgens gaan wij in op de afspraken met de buurgemeenten.\n"
                       "Ten slotte wordt nog stilgestaan bij de regionale ontwikkelingen.\n"
                       "Ik licht in deze brief toe hoe de buurgemeenten samenwerken.\n"
                       "Wij stellen de raad voor:\n\n"
                       "Het college legt het plan in september aan de raad voor.\n",
                       ("Het college legt het plan in september aan de raad voor.",),
                       ("Op 3 maart", "In dit raadsvoorstel", "Vervolgens", "Ten slotte", "Ik licht",
                        "Wij stellen")),
}


def test_the_lazy_verdicts_equal_the_rules_or_the_layer_where_the_rules_leave_it(nlp: DutchNLP) -> None:
    from models.analyses.extract import commitment_decided, commitment_rule, tension_decided, tension_rule

    text = "".join(text for _, text, _, _ in _BIND_NOBODY.values()) + (
        "Opdrachtnemer meldt een wijziging binnen twee weken.\nAls Opdrachtnemer te laat levert, mag Opdrachtgever de "
        "kosten verhalen op Opdrachtnemer.\nDe omwonenden zijn boos op de wethouder.\nIk ontraad de motie.\n"
        "Als dat niet lukt, leggen zij het conflict voor aan de Geschillencommissie.\n")
    document, passages = _document(text, kind="covenant")
    context = DocumentContext.of(document, nlp)
    sentences = analyse_document(document, passages, nlp, context)
    rules = {"commitment": set(), "tension": set()}
    for sentence in sentences:
        for chosen in (True, False):
            for label, rule, decided in (("commitment", commitment_rule, commitment_decided),
                                         ("tension", tension_rule, tension_decided)):
                verdict = rule(sentence, context)
                rules[label].add(verdict)
                assert decided(sentence, context, chosen) == (chosen if verdict is None else verdict), sentence.text
    assert rules["commitment"] == rules["tension"] == {True, False, None}  # every branch was met


@pytest.mark.parametrize("form", sorted(_BIND_NOBODY))
def test_forms_that_bind_nobody_unless_something_in_them_binds(nlp: DutchNLP, form: str) -> None:
    kind, text, kept, refused = _BIND_NOBODY[form]
    found = _sentences_taken(nlp, text, kind)
    assert found[-len(kept):] == list(kept)
    assert not any(sentence.startswith(refused) for sentence in found)


def test_the_items_under_a_heading_of_goals_are_the_writer_s_aspirations_but_not_a_regulation_s_aim(
        nlp: DutchNLP) -> None:
    text = ("Energiecollectief Noord\n\nDoelen van ons energiecollectief\n\n"
            "• Betaalbare duurzame energie voor de buurt\n• Kennis delen met buurten die verder zijn\n\n"
            "Wat we deden\n\n• Een enquête onder de bewoners\n\n"
            "Artikel 2 Doel\n\na. het bevorderen van de energiebesparing in de wijk;\n")
    found = _commitments_by_sentence(nlp, text, "other", _never())
    assert sorted(found) == ["• Betaalbare duurzame energie voor de buurt", "• Kennis delen met buurten die verder zijn"]
    assert {(c.strength, c.modality) for c in found.values()} == {("aspiration", "goal")}


def test_a_proposal_s_decision_points_bind_the_council_and_a_board_s_decision_binds_the_board(nlp: DutchNLP) -> None:
    text = ("Raadsvoorstel inkoop jeugdhulp\n\nHet college stelt de raad voor:\n"
            "1. het inkoopplan jeugdhulp 2027 vast te stellen;\n2. kennis te nemen van de marktconsultatie.\n\n"
            "Besluitenlijst van het college\n\nHet college van burgemeester en wethouders besluit:\n"
            "1. de subsidie aan de stichting per 1 januari 2027 te verlagen.\n")
    found = _commitments_by_sentence(nlp, text, "policy_note", _everything())
    proposed = found["1. het inkoopplan jeugdhulp 2027 vast te stellen;"]
    assert (proposed.actors, proposed.strength, proposed.modality) == (("gemeenteraad",), "intention", "decision point")
    decided = found["1. de subsidie aan de stichting per 1 januari 2027 te verlagen."]
    assert (decided.actors, decided.strength, decided.deadline) == (("college",), "binding", "2027-01-01")
    assert not any(sentence.startswith(("Het college stelt", "Het college van")) for sentence in found)  # lead-ins


def test_a_past_tense_year_in_an_undated_document_is_not_ahead(nlp: DutchNLP) -> None:
    text = "Nieuws over de jeugdzorg\n\nDe gemeenten werden in 2015 verantwoordelijk voor de jeugdzorg.\n"
    for date, ahead in ((None, False), ("2014-06-01", True)):
        document, passages = _document(text, kind="blog", date=date)
        sentence = next(s for s in analyse_document(document, passages, nlp) if "2015" in s.text)
        assert sentence.features.future_deadline is ahead


def test_how_often_something_happens_is_no_undertaking(nlp: DutchNLP) -> None:
    text = ("Jaarverslag van de vereniging\n\nGemeenten die geen afspraken met ons maken, doen dat vaak omdat we er "
            "weinig huizen hebben.\nSteeds vaker worden wij bij het woonbeleid betrokken.\n"
            "De stichting beziet zo vaak als nodig, maar ten minste eenmaal per jaar, of het plan werkt.\n"
            "De gemeente wil dat woningen vaker worden aangepast.\n")
    found = _sentences_taken(nlp, text, "policy_note")
    assert not any(sentence.startswith(("Gemeenten die", "Steeds vaker")) for sentence in found)
    assert "De gemeente wil dat woningen vaker worden aangepast." in found  # a modal binds
    assert any(sentence.startswith("De stichting beziet") for sentence in found)  # a minimum is set


def test_frame_features_mark_titles_self_description_recommendations_and_perception(nlp: DutchNLP) -> None:
    assert "c:title_form" in _cues(nlp, "Wat de provincie gaat doen")
    assert "c:no_finite_verb" in _cues(nlp, "Regels over een gezamenlijk budget voor de wijken.")
    assert "c:no_finite_verb" not in _cues(nlp, "De gemeente meldt jaarlijks de resultaten.")
    # a plural present reads like its infinitive: next to its plural subject it is the finite verb
    assert "c:no_finite_verb" not in _cues(nlp, "We ontwikkelen een integrale aanpak voor de wijken.")
    assert "c:no_finite_verb" not in _cues(nlp, "Daarom investeren wij in de opleiding van vrijwilligers.")
    assert "c:no_finite_verb" in _cues(nlp, "Samen investeren in de opleiding van vrijwilligers.")
    assert "c:document_describes_itself" in _cues(nlp, "Dit rapport beschrijft de gevolgen voor de regio.")
    assert "c:document_subject" not in _cues(nlp, "De provincie schrijft een brief aan de minister.")
    assert "c:imperative_item" in _cues(nlp, "3. Investeer in de opleiding van nieuwe medewerkers.")
    assert "c:imperative_item" not in _cues(nlp, "3. De gemeente investeert in de opleiding.")
    assert "c:perception_present" in _cues(nlp, "Ik volg deze experimenten op de voet.")
    assert "c:perception_present" not in _cues(nlp, "Ik zal deze experimenten op de voet volgen.")
    assert "c:definition_item" in _cues(nlp, "c. jaarplan: het plan van de partners voor een kalenderjaar.")
    assert "c:definition_item" not in _cues(nlp, "2. De leverancier meldt altijd: storingen en vertraging.")


def test_party_entries_in_the_legal_formula_and_naming_sentences_are_no_commitments(nlp: DutchNLP) -> None:
    text = ("Samenwerkingsovereenkomst inkoop\n\nDE ONDERGETEKENDEN:\na) Gemeente Aalsum, krachtens artikel 171 van de "
            "Gemeentewet in deze rechtsgeldig vertegenwoordigd door haar burgemeester de heer P. de Boer, die handelt "
            "ter uitvoering van het besluit van het college.\nDe overeenkomst noemt de Gemeente en Aanbieders "
            "gezamenlijk Partijen.\n\nArtikel 1\nDe Aanbieder levert de zorg binnen vijf werkdagen na de toewijzing.\n")
    taken = _sentences_taken(nlp, text, "covenant")
    assert not any("rechtsgeldig vertegenwoordigd" in sentence or "gezamenlijk Partijen" in sentence
                   for sentence in taken)
    assert any(sentence.startswith("De Aanbieder levert") for sentence in taken)
