"""Theme labels, summaries and the shared flag on Dutch text written for these tests (fake embedder, no model).

Labels must be noun phrases an adviser would use: never a person's name (after a title, or a debate
speaker), never a title, signature or address block, never a loose "X en Y" pair or function words only.
"""

from __future__ import annotations

import pytest

from models.embedders.fake import FakeEmbedder
from models.nlp import DutchNLP
from models.theme_labels import ThemeText, is_form_block, label_themes, person_names
from models.theme_store import SHARED_MIN_SHARE, _carriers
from models.theme_summary import SummaryPassage, candidate_sentences, summarise_theme
from rodedraad.dutch import STOP_WORDS

# Three subjects; each passage of the debate theme also names the members who speak about it.
FRAUD = [
    "De heer Bakker vraagt naar de aanpak van fraude met het persoonsgebonden budget.",
    "Fraude met het persoonsgebonden budget kost de zorg elk jaar miljoenen, zegt mevrouw Van Dijk.",
    "Minister Hoekstra wil de aanpak van fraude met het persoonsgebonden budget versterken.",
    "Volgens de heer Bakker moet het zorgkantoor fraude met het persoonsgebonden budget sneller melden.",
    "Mevrouw Van Dijk wil dat de budgethouder beter wordt beschermd tegen fraude met zorggeld.",
    "De heer Bakker en minister Hoekstra spreken over controles van het persoonsgebonden budget.",
]
SOLAR = [
    "De gemeente opent een nieuwe tender voor zonneparken langs de snelweg.",
    "Initiatiefnemers van zonneparken dienen hun plan in tijdens de tenderprocedure.",
    "In de tender voor zonneparken weegt de participatie van omwonenden zwaar.",
    "De evaluatie van de eerste tender zonneparken volgt in het najaar.",
    "Omwonenden krijgen een financieel aandeel in zonneparken die de tender winnen.",
    "De tenderprocedure voor zonneparken kent strikte criteria voor landschap en natuur.",
]
SIGNATURE = "Burgemeester en wethouders van Noorderveld,\nde secretaris, J. Klaassen\nde burgemeester, P. de Wit"
ADDRESS = "Gemeente Noorderveld\nPostbus 100\n9999 ZZ Noorderveld\nTelefoon: 14 0999"


@pytest.fixture(scope="module")
def nlp() -> DutchNLP:
    return DutchNLP()


def test_person_names_come_from_titles_and_speakers_not_from_acronyms_in_the_text() -> None:
    text = ("De heer Bakker (CDA) vroeg de minister van VWS om een brief. Minister De Jonge antwoordde. "
            "Mevrouw van Brenk sprak met wethouder Smits over de Wmo.")
    assert {"bakker", "jonge", "brenk", "smits"} <= person_names([text])
    assert not person_names([text]) & {"vws", "cda", "wmo", "minister", "heer", "mevrouw"}
    # a debate speaker's capitalised words are a name, a party or a ministry: never a subject
    names = person_names([text], ["SP (Hijink)", "minister De Jonge (VWS)"])
    assert {"hijink", "sp", "vws", "jonge"} <= names and not names & {"minister", "wmo"}


def test_signature_and_address_blocks_are_recognised() -> None:
    assert is_form_block(SIGNATURE)
    assert is_form_block(ADDRESS)
    assert is_form_block("Hoogachtend,\nde staatssecretaris van Wonen")
    assert not is_form_block(SOLAR[0])
    assert not is_form_block(FRAUD[1])


def test_labels_never_name_people_or_titles(nlp: DutchNLP) -> None:
    themes = [[ThemeText(f"d{i % 2}", text) for i, text in enumerate(FRAUD)],
              [ThemeText(f"s{i % 2}", text) for i, text in enumerate(SOLAR)]]
    labels = label_themes(nlp, themes, speakers=["minister Hoekstra (Financiën)"])
    fraud = labels[0]
    words = {word.lower() for word in fraud.label.split()}
    assert not words & {"bakker", "dijk", "hoekstra", "heer", "mevrouw", "minister"}
    assert "fraude" in fraud.label.lower() or "persoonsgebonden budget" in fraud.label.lower()
    for phrase in fraud.keyphrases:
        assert not {w.lower() for w in phrase.split()} & {"bakker", "dijk", "hoekstra", "heer", "mevrouw"}


def test_signature_blocks_do_not_name_a_theme(nlp: DutchNLP) -> None:
    theme = [ThemeText(f"s{i}", text) for i, text in enumerate(SOLAR)]
    theme += [ThemeText(f"s{i}", SIGNATURE) for i in range(4)] + [ThemeText(f"s{i}", ADDRESS) for i in range(4)]
    other = [ThemeText(f"d{i}", text) for i, text in enumerate(FRAUD)]
    label = label_themes(nlp, [theme, other])[0]
    assert not {w.lower() for w in label.label.split()} & {"burgemeester", "wethouders", "postbus", "secretaris"}
    assert "zonnepark" in label.label.lower() or "tender" in label.label.lower()


def test_two_words_are_joined_with_en_only_when_they_occur_together(nlp: DutchNLP) -> None:
    together = [ThemeText(f"s{i % 3}", text) for i, text in enumerate(SOLAR)]
    loose = [ThemeText("a", "Het gesprek over de kermis ging lang door in het dorpshuis."),
             ThemeText("b", "Het gesprek over de kermis eindigde pas na middernacht."),
             ThemeText("c", "Een fietstocht langs de dijk trok veel bezoekers naar het dorp."),
             ThemeText("d", "Na de fietstocht langs de dijk dronken de bezoekers koffie."),
             ThemeText("e", "De kermis en de fietstocht komen volgend jaar terug in het dorp.")]
    labels = label_themes(nlp, [together, loose])
    first, second = (label.label.lower() for label in labels)
    assert "zonnepark" in first and "tender" in first  # "Zonneparken en tender…": they go together
    if " en " in second:  # a pair is only made of words that share passages
        left, right = second.split(" en ", 1)
        assert not ({left.strip(), right.strip()} <= {"kermis", "fietstocht", "gesprek", "dijk"})


def test_labels_are_never_function_words_only(nlp: DutchNLP) -> None:
    filler = [ThemeText(f"f{i}", "Het is wel zo dat het ook daarom nog steeds zo is, want het was er al.")
              for i in range(4)]
    labels = label_themes(nlp, [filler, [ThemeText(f"s{i}", t) for i, t in enumerate(SOLAR)]])
    for label in labels:
        content = [w for w in label.label.lower().split() if w not in STOP_WORDS]
        assert content, label.label


def test_summary_states_the_theme_without_questions_quotes_or_courtesies(nlp: DutchNLP) -> None:
    passages = [
        SummaryPassage("p1", "d1", "Dank u wel, voorzitter, voor het woord en de gelegenheid om te spreken. "
                                   "Wat gaat de minister doen aan fraude met het persoonsgebonden budget? "
                                   "“Dat is echt een schande voor iedereen hier,” zei een budgethouder boos."),
        SummaryPassage("p2", "d2", "Het zorgkantoor controleert vanaf dit jaar alle declaraties van het "
                                   "persoonsgebonden budget op fraude."),
        SummaryPassage("p3", "d3", "Budgethouders die fraude met het persoonsgebonden budget vermoeden, "
                                   "kunnen dit melden bij het zorgkantoor."),
        SummaryPassage("p4", "d3", "Het weer was die dag mooi en de zaal zat vol met mensen uit het land."),
    ]
    texts = [c.text for c in candidate_sentences(nlp, passages)]
    assert not any(t.endswith("?") or t.startswith(("Dank", "“")) for t in texts)
    embedder = FakeEmbedder()
    summary = summarise_theme(nlp, lambda batch: embedder.embed(batch, kind="query"), passages, sentences=3,
                              keyphrases=("Fraude met het persoonsgebonden budget", "zorgkantoor"))
    assert {s.passage_id for s in summary} == {"p2", "p3"}  # the sentences that name the theme
    for sentence in summary:
        assert sentence.text in next(p.text for p in passages if p.passage_id == sentence.passage_id)


def test_shared_needs_a_real_share_from_each_source() -> None:
    assert _carriers({"a.md": 19, "b.md": 1}, 20) == 1  # one stray passage does not share a theme
    assert _carriers({"a.md": 12, "b.md": 8}, 20) == 2
    stray = round(SHARED_MIN_SHARE * 100) - 1
    assert _carriers({"a.md": 100 - stray, "b.md": stray}, 100) == 1
