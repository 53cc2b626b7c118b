"""Themes on real document shapes: signature blocks by form, each document's own topics, short passages.

All text here is made up for these tests (no shared documents are copied).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from themes_corpus import write_corpus

from models.embedders.fake import FakeEmbedder
from models.indexer import ingest_paths
from models.nlp import DutchNLP
from models.store import Store
from models.theme_labels import (
    ThemeText,
    _class_terms,
    _label,
    comparative_form,
    is_form_block,
    is_heading,
    label_themes,
    noun_evidence,
    signature_spans,
    weak_head,
    without_signatures,
)
from models.themes import ThemeSettings, build_themes, carries_subject, cluster_documents

BODY = ("9.2 Partijen evalueren de samenwerking in het tweede jaar en stellen zo nodig de afspraken bij.\n\n")
SIGNING = ("Aldus overeengekomen en ondertekend te Noordstad op 3 mei 2024.\n\n"
           "Partij | Namens | Functie\n"
           "Gemeente Noordstad | B. Jansen | wethouder\n"
           "Stichting Buurtwerk Noordstad | C. de Vries | directeur-bestuurder\n"
           "Woonbond Zuidkant | H.J. van Dam | voorzitter\n")
PARTIES = ("Partijen\n"
           "– de gemeente Noordstad, vertegenwoordigd door mevrouw B. Jansen, wethouder Zorg, hierna: de gemeente;\n"
           "– Stichting Buurtwerk Noordstad, vertegenwoordigd door de heer C. de Vries, directeur, hierna: Buurtwerk;\n")
LIST = ("Aldus overeengekomen en getekend te Noordstad op 1 juli 2025.\n\n"
        "Gemeente Noordstad\nGemeente Oostwold\nWoonbond Zuidkant\nKredietbank Noordstad\n")


@pytest.fixture(scope="module")
def nlp() -> DutchNLP:
    return DutchNLP()


def _covered(text: str) -> str:
    return "".join(text[start:end] + "\n" for start, end in signature_spans(text))


def test_signature_lines_are_recognised_by_their_form() -> None:
    covered = _covered(BODY + SIGNING)
    assert "Aldus overeengekomen" in covered and "B. Jansen" in covered and "H.J. van Dam" in covered
    assert "Partijen evalueren" not in covered  # the article before the signing stays
    assert "vertegenwoordigd door" in _covered(PARTIES)
    assert "Kredietbank Noordstad" in _covered(LIST)  # the signing organisations, one a line
    assert is_form_block(BODY + SIGNING) and is_form_block(PARTIES) and is_form_block(LIST)
    kept = without_signatures(BODY + SIGNING)
    assert "Partijen evalueren de samenwerking" in kept and "Jansen" not in kept and "Namens" not in kept


def test_sentences_and_headings_that_look_alike_are_no_signature() -> None:
    for text in ("Namens de gemeenten maakt de koepel afspraken met aanbieders over de inkoop van jeugdhulp.",
                 "A. Gemeentelijke gebouwen en voorzieningen",
                 "Het uitbreidingsplan aan de J.C. Kapteynlaan en de Dorpsweg is besproken.",
                 "De partijen hebben afgesproken dat zij de evaluatie samen laten uitvoeren door een bureau."):
        assert signature_spans(text) == [], text
        assert not is_form_block(text)


def _topics(rng: np.random.Generator, centres: np.ndarray, counts: list[int], noise: float) -> np.ndarray:
    rows = [centres[i] + rng.normal(0, noise, (count, centres.shape[1])) for i, count in enumerate(counts)]
    points = np.vstack(rows)
    return (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32)


def test_a_short_document_keeps_its_own_theme_next_to_a_long_one() -> None:
    rng = np.random.default_rng(3)
    centres = rng.normal(size=(5, 64))
    long_doc = _topics(rng, centres[:4], [30, 30, 30, 30], 0.05)
    short_doc = _topics(rng, centres[4:], [4], 0.05)
    vectors = np.vstack([long_doc, short_doc])
    doc_ids = ["long"] * len(long_doc) + ["short"] * len(short_doc)
    first = cluster_documents(vectors, doc_ids)
    second = cluster_documents(vectors, doc_ids)
    assert np.array_equal(first.assignments, second.assignments)
    short_themes = set(first.assignments[len(long_doc):].tolist())
    assert len(short_themes) == 1 and -1 not in short_themes
    theme = short_themes.pop()
    assert not np.any(first.assignments[:len(long_doc)] == theme)  # not swallowed by (or swallowing) a long topic
    assert first.k >= 4


def test_the_same_topic_in_two_documents_is_one_theme() -> None:
    rng = np.random.default_rng(5)
    centres = rng.normal(size=(3, 64))
    one = _topics(rng, centres, [12, 12, 12], 0.05)
    two = _topics(rng, centres, [12, 12, 12], 0.05)
    result = cluster_documents(np.vstack([one, two]), ["a"] * 36 + ["b"] * 36)
    assert result.k == 3
    for topic in range(3):
        in_one = set(result.assignments[topic * 12:(topic + 1) * 12].tolist())
        in_two = set(result.assignments[36 + topic * 12:36 + (topic + 1) * 12].tolist())
        assert in_one == in_two and len(in_one) == 1


def test_short_passages_and_signatures_do_not_shape_themes() -> None:
    assert not carries_subject("Dank u wel. Dan geef ik het woord aan de volgende spreker.")
    assert not carries_subject(BODY + SIGNING)
    long_enough = " ".join(["De gemeente en de corporaties bouwen samen seniorenwoningen in de wijk."] * 4)
    assert carries_subject(long_enough)
    assert not carries_subject(long_enough, ThemeSettings(min_passage_words=200))


def test_signature_blocks_never_form_or_name_a_theme(tmp_path: Path, nlp: DutchNLP) -> None:
    root = write_corpus(tmp_path / "docs")
    for number, path in enumerate(sorted(root.glob("*.md"))):
        signing = SIGNING.replace("3 mei", f"{number + 1} mei") + "".join(
            f"Stichting Wijkhulp {place} | K. Bos | coördinator\n" for place in ("Noord", "Zuid", "Oost", "West"))
        path.write_text(path.read_text(encoding="utf-8") + "\n" + signing, encoding="utf-8")
    store = Store.open(tmp_path / "home")
    try:
        embedder = FakeEmbedder()
        ingest_paths(store, embedder, nlp, [root])
        themes = build_themes(store, embedder, nlp, settings=ThemeSettings(summaries=False, min_passage_words=10))
        assert themes
        signature_passages = {row["id"] for row in store.query("SELECT id, text FROM passages")
                              if is_form_block(row["text"])}
        assert signature_passages
        for theme in themes:
            words = {w.lower() for phrase in (theme.label, *theme.keyphrases) for w in phrase.split()}
            assert not words & {"jansen", "vries", "dam", "bos", "namens", "functie", "directeur-bestuurder", "aldus",
                                "wijkhulp", "coördinator"}
            assert not signature_passages & set(theme.passage_ids)
    finally:
        store.close()


@pytest.mark.parametrize("line, heading", [
    ("Continuïteit van de dagbesteding", True),
    ("Artikel 4.2 – Aansprakelijkheid van de aanbieder", True),
    ("Kleine windmolens in het buitengebied", True),
    ("Artikel 4.2 – Aansprakelijkheid 12", False),  # a table-of-contents line ends in its page number
    ("VERENIGING BUURTRAAD NOORDSTAD", False),  # a letterhead in capitals
    ("Wat betekent dit voor onze wijk?", False),
    ("De gemeente betaalt de kosten.", False),
    ("De heer Jansen (SP):", False),
    ("de aanbieder meldt dit binnen een week aan de gemeente en overlegt met de cliënt over een andere", False),
])
def test_heading_by_form(line: str, heading: bool) -> None:
    assert is_heading(line) is heading


def test_a_term_in_a_heading_can_name_a_theme(nlp: DutchNLP) -> None:
    """A word that a heading names and the body mentions once counts as evidence for the theme; the same
    word mentioned once in the body alone does not."""
    with_heading = [ThemeText("d1", "Dakisolatie bij huurwoningen\n\nDe corporatie isoleert de daken van 40 "
                                    "woningen. Bewoners krijgen vooraf een brief. De dakisolatie is in mei klaar."),
                    ThemeText("d1", "De aannemer werkt in twee ploegen. Bewoners kunnen vragen stellen op het "
                                    "spreekuur in het buurthuis.")]
    without = [ThemeText("d1", with_heading[0].text.split("\n\n", 1)[1]), with_heading[1]]
    other = [ThemeText("d2", "De bibliotheek opent een leestafel voor kinderen. Vrijwilligers lezen voor."),
             ThemeText("d2", "De leestafel staat in de hal van de bibliotheek. Kinderen lenen er boeken.")]
    labelled = label_themes(nlp, [with_heading, other])
    plain = label_themes(nlp, [without, other])
    assert any("dakisolatie" in phrase.lower() for phrase in labelled[0].keyphrases)
    assert not any("dakisolatie" in phrase.lower() for phrase in plain[0].keyphrases)


def test_noun_evidence_leaves_predicates_and_comparatives_out(nlp: DutchNLP) -> None:
    """After a noun, the closing word is a predicate ("de locaties dicht."); after "veel" a comparative
    ("veel realistischer.") is no noun; an adjective before the noun still lets the noun count."""
    found = noun_evidence(nlp.tokens("Morgen gaan de locaties dicht. Dat is veel realistischer. "
                                     "Er komt een gezamenlijk budget."))
    assert "budget" in found
    assert "dicht" not in found
    assert not any(word.startswith("realistisch") for word in found)


def test_pronominal_adverbs_never_name_a_theme(nlp: DutchNLP) -> None:
    theme = [ThemeText("d1", "De gemeente zet zich ertoe in. Zij draagt ertoe bij dat de wijkbus rijdt."),
             ThemeText("d1", "De wijkbus rijdt elke dag. De provincie draagt ertoe bij; de wijkbus is gratis.")]
    other = [ThemeText("d2", "De bibliotheek opent een leestafel. De leestafel staat in de hal."),
             ThemeText("d2", "Kinderen lezen aan de leestafel. Vrijwilligers lezen voor in de bibliotheek.")]
    labels = label_themes(nlp, [theme, other])
    assert not any("ertoe" in phrase.lower() for phrase in (labels[0].label, *labels[0].keyphrases))


def test_two_words_join_a_label_only_when_sentences_name_them_together(nlp: DutchNLP) -> None:
    """"Inning en ouderbijdrage" (named in one sentence each time) is one subject; a bus and a car park
    that share passages but never a sentence are a loose pair."""
    apart = [ThemeText("d1", f"Op {day} rijdt de wijkbus. Naast het buurthuis ligt een parkeerplaats voor {n} auto's.")
             for day, n in (("maandag", 4), ("dinsdag", 6), ("woensdag", 8), ("donderdag", 10))]
    together = [ThemeText("d3", f"De inning van de ouderbijdrage is {when}. Ouders krijgen een brief.")
                for when in ("maandelijks", "per kwartaal", "jaarlijks", "achteraf")]
    other = [ThemeText("d2", "De bibliotheek opent een leestafel. De leestafel staat in de hal."),
             ThemeText("d2", "Kinderen lezen aan de leestafel. Vrijwilligers lezen voor in de bibliotheek.")]
    labels = [label.label for label in label_themes(nlp, [apart, together, other])]
    assert " en " not in labels[0]
    assert labels[1] == "Inning van de ouderbijdrage"  # the sentences join the two with "van de"


def test_x_en_y_only_when_a_sentence_writes_it_so(nlp: DutchNLP) -> None:
    """Two terms named in one sentence as "X en Y" may form an "X en Y" label; named in one sentence
    but never joined ("de wijkbus stopt bij de parkeerplaats" is no "wijkbus en parkeerplaats") they may not."""
    written = [ThemeText("d1", f"Het college regelt {when} de kinderopvang en de peuteropvang. Ouders betalen mee.")
               for when in ("in mei", "in juni", "per jaar", "opnieuw")]
    apart = [ThemeText("d3", f"De wijkbus stopt {when} vlak bij de parkeerplaats. Bewoners stappen uit.")
             for when in ("vandaag", "morgen", "straks", "later")]
    other = [ThemeText("d2", "De bibliotheek opent een leestafel. De leestafel staat in de hal."),
             ThemeText("d2", "Kinderen lezen aan de leestafel. Vrijwilligers lezen voor in de bibliotheek.")]
    labels = [label.label for label in label_themes(nlp, [written, apart, other])]
    assert labels[0].lower() in {"kinderopvang en peuteropvang", "peuteropvang en kinderopvang"}
    assert " en " not in labels[1]


def test_comparatives_never_name_a_theme(nlp: DutchNLP) -> None:
    """By form: a comparative or superlative of an adjective ("kleinschaliger", lemma "kleinschalig") is
    no noun, even as the last word of a heading, so it is neither label nor keyphrase."""
    assert comparative_form("kleinschaliger", "kleinschalig")
    assert comparative_form("moeilijkste", "moeilijk")
    assert not comparative_form("vertegenwoordiger", "vertegenwoordiger")
    assert not comparative_form("ouder", "oud")
    smaller = [ThemeText("d1", f"Kleiner en kleinschaliger\n\nDe opvang wordt kleinschaliger {where}. Kleinschalige "
                               "woonvormen zijn beter dan een kleinschaliger.")
               for where in ("in de wijk", "in het dorp", "bij de kerk", "in de stad")]
    other = [ThemeText("d2", "De bibliotheek opent een leestafel. De leestafel staat in de hal."),
             ThemeText("d2", "Kinderen lezen aan de leestafel. Vrijwilligers lezen voor in de bibliotheek.")]
    labelled = label_themes(nlp, [smaller, other])
    assert not any("kleinschaliger" in text.lower() for text in (labelled[0].label, *labelled[0].keyphrases))


def test_a_taken_joined_label_takes_its_terms_too(nlp: DutchNLP) -> None:
    """A sub-theme is not named by the terms of its parent's label: "Inning van de ouderbijdrage" takes
    "inning" and "ouderbijdrage" as well as the whole phrase."""
    part = [ThemeText("d3", f"De inning van de ouderbijdrage is {when}. De inning gaat via de incassant.")
            for when in ("maandelijks", "per kwartaal", "jaarlijks", "achteraf")]
    other = [ThemeText("d2", "De bibliotheek opent een leestafel. De leestafel staat in de hal."),
             ThemeText("d2", "Kinderen lezen aan de leestafel. Vrijwilligers lezen voor in de bibliotheek.")]
    free = label_themes(nlp, [part, other])[0].label.lower()
    taken = label_themes(nlp, [part, other], taken=[["Inning van de ouderbijdrage"], []])[0].label.lower()
    assert "inning" in free or "ouderbijdrage" in free
    assert "inning" not in taken and "ouderbijdrage" not in taken


def test_a_word_that_only_says_what_kind_of_statement_follows_yields_to_a_phrase(nlp: DutchNLP) -> None:
    """"Maximum" (or "deadline", "behoefte") alone names no subject: a multiword phrase of the theme names
    it, however much lower it scores; a subject word such as "leestafel" keeps the label."""
    terms = _class_terms(nlp, [ThemeText("d1", "Het maximum geldt voor het volume. Het maximale volume is bereikt.")])
    keys: list[tuple[str, ...]] = [("maximum",), ("maximaal", "volume")]
    label, head = _label(terms, ["maximum", "maximale volume"], keys, [1.0, 0.1], set())
    assert label == "Maximale volume" and head == ("maximaal", "volume")
    subject, _ = _label(terms, ["leestafel", "maximale volume"], [("leestafel",), ("maximaal", "volume")],
                        [1.0, 0.1], set())
    assert subject == "Leestafel"


def test_a_join_never_ends_in_a_word_that_names_no_subject(nlp: DutchNLP) -> None:
    """"Geschillen in verband met …" joins "geschillen" to "verband", which names nothing: no "X in verband"."""
    terms = _class_terms(nlp, [ThemeText("d1", f"Geschillen in verband met de {what} gaan naar de rechter. "
                                               "Het verband is duidelijk.") for what in ("huur", "levering", "zorg")])
    label, _ = _label(terms, ["geschillen", "verband"], [("geschil",), ("verband",)], [1.0, 0.9], set())
    assert label == "Geschillen"


@pytest.mark.parametrize(("key", "text", "why"), [
    (("woordvoerder",), "woordvoerder", "role"),
    (("huurder",), "huurders", "role"),
    (("toezichthouder",), "toezichthouder", "role"),
    (("top",), "top", "short"),
    (("gunstig", "uitspraak"), "gunstige uitspraak", "vague modifier"),
    (("criterium", "omschrijving"), "criterium Omschrijving", "two nouns"),
    (("gemeente", "inzicht"), "gemeente inzicht", "two nouns"),
    (("leestafel",), "leestafel", None),
    (("wmo",), "Wmo", None),
    (("pgb",), "pgb", None),
    (("sociaal", "domein"), "sociale domein", None),
    (("persoonsgebonden", "budget"), "persoonsgebonden budget", None),
    (("bijdrage", "wmo"), "bijdrage Wmo", None),
    (("contractstandaard", "jeugd"), "Contractstandaard Jeugd", None),
    (("toezichtschap",), "toezichtschap", None),
])
def test_terms_that_cannot_head_a_label_by_their_form(key: tuple[str, ...], text: str, why: str | None) -> None:
    assert weak_head(key, text) == why


def test_a_role_a_stray_word_or_two_loose_nouns_yield_to_a_subject(nlp: DutchNLP) -> None:
    """"Woordvoerder" scores best in a debate part, yet an adviser names the subject: the next term that
    can head a label names the theme; with nothing else the weak term stays (a label is never empty)."""
    terms = _class_terms(nlp, [ThemeText("d1", "De woordvoerder vraagt naar de leestafel. De leestafel is nieuw.")])
    keys: list[tuple[str, ...]] = [("woordvoerder",), ("top",), ("gemeente", "inzicht"), ("leestafel",)]
    label, head = _label(terms, ["woordvoerder", "top", "gemeente inzicht", "leestafel"], keys,
                         [1.0, 0.9, 0.8, 0.3], set())
    assert label == "Leestafel" and head == ("leestafel",)
    alone, _ = _label(terms, ["woordvoerder"], [("woordvoerder",)], [1.0], set())
    assert alone == "Woordvoerder"


def test_a_bare_head_noun_takes_the_modifier_its_passages_give_it(nlp: DutchNLP) -> None:
    """"Openbaarmaking" alone is vague when two passages write "actieve openbaarmaking": the label takes the
    modifier; a vague one ("tijdige" is a deadline word) or a phrase of one passage does not."""
    texts = [ThemeText("d1", "De actieve openbaarmaking van stukken begint in mei. De openbaarmaking loopt."),
             ThemeText("d1", "Voor actieve openbaarmaking is een register nodig. De openbaarmaking is digitaal."),
             ThemeText("d1", "De openbaarmaking geldt ook voor adviezen. Een passieve openbaarmaking volgt.")]
    terms = _class_terms(nlp, texts)
    ranked = [(("openbaarmaking",), 1.0), (("actief", "openbaarmaking"), 0.5), (("passief", "openbaarmaking"), 0.4)]
    label, head = _label(terms, ["openbaarmaking"], [("openbaarmaking",)], [1.0], set(), ranked)
    assert label == "Actieve openbaarmaking" and head == ("actief", "openbaarmaking")
    once = [item for item in ranked if item[0] != ("actief", "openbaarmaking")]
    assert _label(terms, ["openbaarmaking"], [("openbaarmaking",)], [1.0], set(), once)[0] == "Openbaarmaking"


def test_document_parts_and_contact_lines_never_name_a_theme(nlp: DutchNLP) -> None:
    parts = [ThemeText("d1", f"Inleiding. De inhoudsopgave noemt de {what}. Het emailadres staat onderaan. "
                             f"De leestafel in de {what} is nieuw.") for what in ("hal", "zaal", "gang")]
    found = label_themes(nlp, [parts])[0]
    assert not {"inleiding", "inhoudsopgave", "emailadres"} & {k.lower() for k in found.keyphrases}
    assert found.label.lower() != "inhoudsopgave"
