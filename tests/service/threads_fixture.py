"""A hand-built ``ThreadsResult`` for tests that render or serve common threads without computing them.

The draft, documents and passages are invented for these tests (fictional gemeente Lindeveen, like the demo
corpus) and shaped like what ``POST /threads`` returns: two shared themes, three commitments, two tensions
and two unsupported draft sentences, one of them without any nearby passage. Some passages are cited more
than once on purpose (a theme passage that is also a commitment's source), and the highlights hold HTML
entities and Markdown special characters, as real highlights do.

Use ``threads_result()`` for the full result, ``threads_result(language="en")`` for English headings and
``empty_threads_result()`` for a draft that matched nothing.
"""

from __future__ import annotations

from service.schemas_analyses import CommitmentItem
from service.schemas_themes import SummarySentenceItem
from service.schemas_threads import (
    CitedPassageItem,
    DraftItem,
    DraftSentenceItem,
    GapItem,
    MemoLanguage,
    ThreadCommitmentItem,
    ThreadOptionsItem,
    ThreadsResult,
    ThreadTensionItem,
    ThreadThemeItem,
)

CREATED = "2026-03-14T08:30:00Z"

DRAFT_SENTENCES = (
    "Het college stelt voor om vanaf 1 januari 2027 alle basisvoorzieningen voor welzijn uit één meerjarig budget te betalen.",
    "Stichting Welzijn Lindeveen wordt penvoerder en verdeelt het budget samen met de sociale wijkteams.",
    "Huurders met een betalingsachterstand krijgen binnen vijf werkdagen een budgetcoach aan de keukentafel.",
    "Daarnaast sluit de gemeente het nieuwe zwembad in Lindeveen-Noord aan op het warmtenet.",
    "Zo houden we de Wmo-uitgaven in de hand en komen inwoners eerder in beeld.",
)

# documents: id → (title, source, kind, organisations)
DOCUMENTS = {
    "a1c4e9f07b2d3e58": ("Convenant Eén Welzijnsbudget Lindeveen 2027–2030", "corpora/covenanten/convenant-een-welzijnsbudget.pdf",
                         "covenant", ["gemeente Lindeveen", "Stichting Welzijn Lindeveen", "Stichting Sociale Wijkteams Lindeveen"]),
    "b7d2f1a9c3e04b61": ("Beleidsnota Sociaal Domein 2026–2030", "corpora/beleid/beleidsnota-sociaal-domein.html",
                         "policy_note", ["gemeente Lindeveen"]),
    "c93e0d5a8f1b2c47": ("Evaluatie sociale wijkteams 2023–2025", "corpora/beleid/evaluatie-wijkteams.md",
                         "policy_note", ["gemeente Lindeveen", "Stichting Sociale Wijkteams Lindeveen"]),
    "d05b8e2c7a9f4d13": ("Convenant vroegsignalering betalingsachterstanden", "corpora/covenanten/vroegsignalering.txt",
                         "covenant", ["Kredietbank Lindestreek", "Woonstede Lindeveen", "gemeente Lindeveen"]),
    "e6f1a3b9d2c85e70": ("Wie kijkt er mee in mijn leven?", "corpora/blogs/column-adviesraad.md",
                         "blog", ["Adviesraad Sociaal Domein Lindeveen"]),
}


def _passage(doc_id: str, ordinal: int, page: int | None, text: str, highlight: str, similarity: float,
             draft_sentences: list[int]) -> CitedPassageItem:
    title, source, kind, organisations = DOCUMENTS[doc_id]
    return CitedPassageItem(
        passage_id=f"{doc_id}-{ordinal:04d}", doc_id=doc_id, title=title, source=source, kind=kind, page=page,
        start=ordinal * 400, end=ordinal * 400 + len(text), text=text, highlight=highlight, similarity=similarity,
        organisations=organisations, draft_sentences=draft_sentences,
    )


SUBSIDY = _passage(
    "a1c4e9f07b2d3e58", 3, 2,
    "De gemeente zegt toe met ingang van 1 januari 2027 één meerjarige subsidie te verstrekken aan Stichting Welzijn "
    "Lindeveen als penvoerder, voor alle basisvoorzieningen in de wijken.",
    "De gemeente zegt toe met ingang van 1 januari 2027 <mark>één</mark> <mark>meerjarige</mark> subsidie te "
    "verstrekken aan Stichting <mark>Welzijn</mark> Lindeveen als <mark>penvoerder</mark>, voor alle "
    "<mark>basisvoorzieningen</mark> in de wijken.",
    0.83, [0, 1],
)
POPULATION_BUDGET = _passage(
    "a1c4e9f07b2d3e58", 1, 1,
    "Partijen kiezen voor een populatiegebonden budget: geld volgt de wijk & haar inwoners, niet het aantal "
    "geleverde trajecten (zie art. 4*).",
    "Partijen kiezen voor een populatiegebonden <mark>budget</mark>: geld volgt de wijk &amp; haar inwoners, niet "
    "het aantal geleverde trajecten (zie art. 4*).",
    0.74, [0],
)
ONE_BUDGET_NOTE = _passage(
    "b7d2f1a9c3e04b61", 12, None,
    "Wij gaan per 1 januari 2027 over op één welzijnsbudget voor alle basisvoorzieningen, zodat organisaties niet "
    "langer elk jaar opnieuw subsidie hoeven aan te vragen voor hetzelfde werk in dezelfde wijk.",
    "Wij gaan per 1 januari 2027 over op <mark>één</mark> welzijnsbudget voor alle "
    "<mark>basisvoorzieningen</mark>, zodat organisaties niet langer elk jaar opnieuw subsidie hoeven aan te "
    "vragen voor hetzelfde werk in dezelfde wijk.",
    0.71, [0],
)
WIJKTEAM_SHIFT = _passage(
    "c93e0d5a8f1b2c47", 7, None,
    "Een gezamenlijk budget neemt de prikkel weg om inwoners naar elkaar door te verwijzen, maar de wijkteams "
    "vrezen dat het geld dan naar het welzijnswerk verschuift ten koste van de zwaardere ondersteuning.",
    "Een gezamenlijk <mark>budget</mark> neemt de prikkel weg om inwoners naar elkaar door te verwijzen, maar de "
    "<mark>wijkteams</mark> vrezen dat het geld dan naar het welzijnswerk verschuift ten koste van de zwaardere "
    "ondersteuning.",
    0.62, [1],
)
CREDIT_BANK = _passage(
    "d05b8e2c7a9f4d13", 5, 3,
    "De Kredietbank verplicht zich om binnen vijf werkdagen na ontvangst van een signaal contact te zoeken met de "
    "huurder, bij voorkeur met een huisbezoek.",
    "De Kredietbank verplicht zich om binnen <mark>vijf</mark> <mark>werkdagen</mark> na ontvangst van een signaal "
    "contact te zoeken met de <mark>huurder</mark>, bij voorkeur met een huisbezoek.",
    0.79, [2],
)
BUDGET_COACH = _passage(
    "b7d2f1a9c3e04b61", 18, None,
    "De gemeente zal daarnaast in 2026 een budgetcoach beschikbaar maken in elk sociaal wijkteam.",
    "De gemeente zal daarnaast in 2026 een <mark>budgetcoach</mark> beschikbaar maken in elk sociaal wijkteam.",
    0.68, [2],
)
PRIVACY_COLUMN = _passage(
    "e6f1a3b9d2c85e70", 2, None,
    "Er stonden ineens twee mensen van de Kredietbank op de stoep. Niemand had haar gevraagd of ze dat wilde; "
    "<privacy> is voor de Kredietbank kennelijk een formaliteit.",
    "Er stonden ineens twee mensen van de Kredietbank op de stoep. Niemand had haar gevraagd of ze dat wilde; "
    "&lt;privacy&gt; is voor de Kredietbank kennelijk een <mark>formaliteit</mark>.",
    0.44, [2],
)
WMO_COSTS = _passage(
    "c93e0d5a8f1b2c47", 11, None,
    "De uitgaven aan Wmo-begeleiding stegen in 2025 met 9 procent; de evaluatie kon niet vaststellen of de "
    "wijkteams daar invloed op hadden.",
    "De uitgaven aan <mark>Wmo</mark>-begeleiding stegen in 2025 met 9 procent; de evaluatie kon niet vaststellen "
    "of de wijkteams daar invloed op hadden.",
    0.41, [4],
)


def _draft() -> DraftItem:
    text = " ".join(DRAFT_SENTENCES)
    sentences: list[DraftSentenceItem] = []
    cursor = 0
    similarities = (0.83, 0.74, 0.79, 0.22, 0.41)
    for index, sentence in enumerate(DRAFT_SENTENCES):
        start = text.index(sentence, cursor)
        cursor = start + len(sentence)
        sentences.append(DraftSentenceItem(index=index, text=sentence, start=start, end=cursor,
                                           best_similarity=similarities[index], supported=index not in (3, 4)))
    return DraftItem(text=text, sentences=sentences)


def _summary(passage: CitedPassageItem, text: str) -> SummarySentenceItem:
    return SummarySentenceItem(text=text, passage_id=passage.passage_id, doc_id=passage.doc_id)


def _themes() -> list[ThreadThemeItem]:
    one_budget = ThreadThemeItem(
        id="t3f9a1c07e2", label="Eén budget voor welzijn en ontschotting",
        keyphrases=["één budget", "populatiegebonden budget", "penvoerder", "basisvoorzieningen"],
        summary=[
            _summary(ONE_BUDGET_NOTE, "Wij gaan per 1 januari 2027 over op één welzijnsbudget voor alle basisvoorzieningen."),
            _summary(SUBSIDY, "De gemeente zegt toe met ingang van 1 januari 2027 één meerjarige subsidie te verstrekken aan Stichting Welzijn Lindeveen als penvoerder."),
            # a summary sentence from a passage that is not among the cited ones: cited by its document
            SummarySentenceItem(text="Het werkplan beschrijft per wijk welke basisvoorzieningen er zijn en wie ze levert.",
                                passage_id="a1c4e9f07b2d3e58-0006", doc_id="a1c4e9f07b2d3e58"),
        ],
        size=14, doc_ids=["a1c4e9f07b2d3e58", "b7d2f1a9c3e04b61", "c93e0d5a8f1b2c47"],
        organisations=["gemeente Lindeveen", "Stichting Welzijn Lindeveen", "Stichting Sociale Wijkteams Lindeveen"],
        shared=True, sources=["corpora/covenanten/convenant-een-welzijnsbudget.pdf", "corpora/beleid/beleidsnota-sociaal-domein.html"],
        relevance=0.82, draft_sentences=[0, 1], passages=[SUBSIDY, POPULATION_BUDGET, ONE_BUDGET_NOTE, WIJKTEAM_SHIFT],
    )
    early_signals = ThreadThemeItem(
        id="t81bd04e6c5", label="Vroegsignalering van betalingsachterstanden",
        keyphrases=["vroegsignalering", "betalingsachterstand", "budgetcoach", "Kredietbank"],
        summary=[
            _summary(CREDIT_BANK, "De Kredietbank verplicht zich om binnen vijf werkdagen na ontvangst van een signaal contact te zoeken met de huurder."),
            _summary(BUDGET_COACH, "De gemeente zal daarnaast in 2026 een budgetcoach beschikbaar maken in elk sociaal wijkteam."),
        ],
        size=9, doc_ids=["d05b8e2c7a9f4d13", "b7d2f1a9c3e04b61"],
        organisations=["Kredietbank Lindestreek", "Woonstede Lindeveen", "gemeente Lindeveen"],
        shared=True, sources=["corpora/covenanten/vroegsignalering.txt", "corpora/beleid/beleidsnota-sociaal-domein.html"],
        relevance=0.67, draft_sentences=[2, 4], passages=[CREDIT_BANK, BUDGET_COACH],
    )
    return [one_budget, early_signals]


def _commitment(passage: CitedPassageItem, number: int, *, sentence: str, actors: list[str], modality: str,
                action: str, deadline: str | None, deadline_text: str | None, strength: str, theme_id: str,
                reason: str, draft_sentences: list[int]) -> ThreadCommitmentItem:
    base = CommitmentItem(
        id=f"c{passage.passage_id[:8]}{number}", sentence=sentence, actors=actors, modality=modality, action=action,
        deadline=deadline, strength=strength, doc_id=passage.doc_id, passage_id=passage.passage_id, negated=False,
        deadline_text=deadline_text, title=passage.title, source=passage.source, page=passage.page,
    )
    return ThreadCommitmentItem(**base.model_dump(), relevance=passage.similarity, theme_id=theme_id, reason=reason,
                                draft_sentences=draft_sentences)


def _commitments() -> list[ThreadCommitmentItem]:
    return [
        _commitment(
            SUBSIDY, 1, sentence=SUBSIDY.text, actors=["gemeente Lindeveen"], modality="zegt toe",
            action="één meerjarige subsidie verstrekken aan Stichting Welzijn Lindeveen als penvoerder",
            deadline="2027-01-01", deadline_text="met ingang van 1 januari 2027", strength="binding",
            theme_id="t3f9a1c07e2", reason="Het concept gaat uit van dezelfde datum en dezelfde penvoerder.",
            draft_sentences=[0, 1],
        ),
        _commitment(
            CREDIT_BANK, 2, sentence=CREDIT_BANK.text, actors=["Kredietbank Lindestreek"], modality="verplicht zich",
            action="contact zoeken met de huurder na een signaal", deadline="P5D",
            deadline_text="binnen vijf werkdagen na ontvangst van een signaal", strength="binding",
            theme_id="t81bd04e6c5", reason="De termijn van vijf werkdagen staat al in het convenant; het concept herhaalt die.",
            draft_sentences=[2],
        ),
        _commitment(
            BUDGET_COACH, 3, sentence=BUDGET_COACH.text, actors=["gemeente Lindeveen"], modality="zal",
            action="een budgetcoach beschikbaar maken in elk sociaal wijkteam", deadline="2026", deadline_text="in 2026",
            strength="intention", theme_id="t81bd04e6c5",
            reason="Het concept rekent op budgetcoaches die nog niet in elk wijkteam werken.", draft_sentences=[2],
        ),
    ]


def _tensions() -> list[ThreadTensionItem]:
    return [
        ThreadTensionItem(
            id="x5e20c9a1d4", kind="stated", issue="Eén budget kan geld van de wijkteams naar het welzijnswerk verschuiven.",
            parties=["Stichting Sociale Wijkteams Lindeveen", "Stichting Welzijn Lindeveen"], passages=[WIJKTEAM_SHIFT],
            explanation="De evaluatie noemt de verschuiving „ten koste van” de zwaardere ondersteuning.",
            relevance=0.62, theme_id="t3f9a1c07e2",
            reason="Het concept maakt Stichting Welzijn penvoerder van het budget dat ook de wijkteams raakt.",
            draft_sentences=[1],
        ),
        ThreadTensionItem(
            id="x9a7713be02", kind="between",
            issue="Snel ingrijpen bij betalingsachterstanden tegenover de privacy van inwoners.",
            parties=["Adviesraad Sociaal Domein Lindeveen", "Kredietbank Lindestreek"],
            passages=[CREDIT_BANK, PRIVACY_COLUMN],
            explanation="Het convenant wil binnen vijf werkdagen op de stoep staan; de adviesraad vindt dat inwoners eerst om toestemming gevraagd moet worden.",
            relevance=0.55, theme_id="t81bd04e6c5",
            reason="Het concept belooft een budgetcoach aan de keukentafel zonder te zeggen wie daar toestemming voor vraagt.",
            draft_sentences=[2],
        ),
    ]


def _gaps() -> list[GapItem]:
    return [
        GapItem(sentence_index=3, text=DRAFT_SENTENCES[3], best_similarity=0.22, nearest=None),
        GapItem(sentence_index=4, text=DRAFT_SENTENCES[4], best_similarity=0.41, nearest=WMO_COSTS),
    ]


def threads_result(language: MemoLanguage = "nl") -> ThreadsResult:
    """The full hand-built result: 5 draft sentences, 2 themes, 3 commitments, 2 tensions, 2 gaps."""
    return ThreadsResult(
        id="th-2026031408-7c1e",
        created=CREATED,
        options=ThreadOptionsItem(organisations=[], kinds=[], top_themes=5, language=language),
        draft=_draft(), themes=_themes(), commitments=_commitments(), tensions=_tensions(), gaps=_gaps(),
    )


def empty_threads_result(language: MemoLanguage = "nl") -> ThreadsResult:
    """A draft that matched nothing in the documents: every sentence is a gap without a nearby passage."""
    text = "Wij bouwen een kabelbaan naar de maan."
    sentence = DraftSentenceItem(index=0, text=text, start=0, end=len(text), best_similarity=0.08, supported=False)
    return ThreadsResult(
        id="th-2026031409-0000", created=CREATED,
        options=ThreadOptionsItem(organisations=["gemeente Lindeveen"], kinds=["covenant"], top_themes=5, language=language),
        draft=DraftItem(text=text, sentences=[sentence]), themes=[], commitments=[], tensions=[],
        gaps=[GapItem(sentence_index=0, text=text, best_similarity=0.08, nearest=None)],
    )
