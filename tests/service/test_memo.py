"""The common-threads memo as Markdown and Word: sections, footnotes, languages, marks, escaping."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document
from docx.document import Document as DocxDocument

from service.memo import (
    clip_spans,
    format_date,
    format_deadline,
    highlight_spans,
    render_docx,
    render_markdown,
)
from service.memo_text import DUTCH, ENGLISH
from tests.service.threads_fixture import SUBSIDY, empty_threads_result, threads_result

markdown_it = pytest.importorskip("markdown_it")

DUTCH_SECTIONS = ["Gedeelde thema's", "Bestaande afspraken", "Spanningen", "Niet onderbouwd"]
ENGLISH_SECTIONS = ["Shared themes", "Existing commitments", "Tensions", "Not supported"]
REFERENCE = re.compile(r"\[\^(\d+)\](?!:)")
DEFINITION = re.compile(r"^\[\^(\d+)\]: (.+)$", re.MULTILINE)


def _html(markdown: str) -> str:
    return markdown_it.MarkdownIt("commonmark").render(markdown)


def _docx(data: bytes) -> DocxDocument:
    return Document(io.BytesIO(data))


def _part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


# ------------------------------------------------------------------------------------------- Markdown


def test_every_footnote_reference_has_a_definition_and_every_definition_is_used() -> None:
    memo = render_markdown(threads_result())
    body, _, notes = memo.partition("\n[^1]: ")
    references = [int(n) for n in REFERENCE.findall(body)]
    definitions = [int(n) for n, _ in DEFINITION.findall(memo)]
    assert references and definitions
    assert set(references) == set(definitions)
    assert definitions == list(range(1, len(definitions) + 1))  # one definition each, in order
    first_seen = list(dict.fromkeys(references))
    assert first_seen == sorted(first_seen)  # numbered in reading order
    assert all(line.startswith("[^") for line in ("[^1]: " + notes).strip().splitlines())


def test_footnote_definition_names_title_file_page_and_passage() -> None:
    memo = render_markdown(threads_result())
    definitions = dict(DEFINITION.findall(memo))
    subsidy = [text for text in definitions.values() if SUBSIDY.passage_id in text]
    assert subsidy == [
        f"*Convenant Eén Welzijnsbudget Lindeveen 2027–2030*, convenant-een-welzijnsbudget.pdf, p. 2 — passage "
        f"{SUBSIDY.passage_id}"
    ]


def test_a_passage_cited_twice_keeps_one_number() -> None:
    memo = render_markdown(threads_result())
    definitions = dict(DEFINITION.findall(memo))
    (number,) = [n for n, text in definitions.items() if SUBSIDY.passage_id in text]
    # the subsidy passage is a summary sentence, a supporting passage and a commitment's source
    assert memo.count(f"[^{number}]") - 1 >= 3
    assert sum(SUBSIDY.passage_id in text for text in definitions.values()) == 1


def test_sections_come_in_order_after_title_and_intro() -> None:
    memo = render_markdown(threads_result())
    assert memo.startswith("# Rode-draadnotitie\n\nDeze notitie legt een concept van 5 zinnen")
    assert re.findall(r"^## (.+)$", memo, re.MULTILINE) == DUTCH_SECTIONS
    assert re.findall(r"^### (.+)$", memo, re.MULTILINE) == [
        "1. Eén budget voor welzijn en ontschotting", "2. Vroegsignalering van betalingsachterstanden",
    ]
    assert "Opgesteld op 14 maart 2026" in memo
    assert "Gevonden: 2 gedeelde thema's, 3 bestaande afspraken en 2 spanningen." in memo


def test_themes_show_relevance_organisations_draft_sentences_and_summary() -> None:
    memo = render_markdown(threads_result())
    theme = memo.split("### 1.")[1].split("### 2.")[0]
    assert "**Relevantie**: 82% · gedeeld door gemeente Lindeveen, Stichting Welzijn Lindeveen en Stichting " \
           "Sociale Wijkteams Lindeveen." in theme
    assert "zin 1 (“Het college stelt voor" in theme and "zin 2 (“Stichting Welzijn Lindeveen" in theme
    assert "- Wij gaan per 1 januari 2027 over op één welzijnsbudget voor alle basisvoorzieningen.[^" in theme
    assert theme.count("\n> ") == 3  # four supporting passages in the result, the strongest three shown


def test_sub_themes_the_draft_touches_are_listed_under_their_theme() -> None:
    result = threads_result()
    parent = result.themes[0]
    part = parent.model_copy(update={"id": "t0part", "label": "Penvoerderschap", "parent_id": parent.id,
                                     "relevance": 0.41, "draft_sentences": [1], "matched_subthemes": []})
    result.themes[0] = parent.model_copy(update={"matched_subthemes": [part]})
    memo = render_markdown(result)
    theme = memo.split("### 1.")[1].split("### 2.")[0]
    assert "Deelthema's die het concept raakt" in theme and "**Penvoerderschap** (relevantie 41%): zin 2" in theme
    assert "Deelthema's" not in memo.split("### 2.")[1]  # a theme without touched parts lists none
    english = render_markdown(result.model_copy(update={"options": result.options.model_copy(
        update={"language": "en"})}))
    assert "Sub-themes the draft touches" in english


def test_commitments_tensions_and_gaps_are_cited_with_their_facts() -> None:
    memo = render_markdown(threads_result())
    commitments = memo.split("## Bestaande afspraken")[1].split("## Spanningen")[0]
    assert "- **gemeente Lindeveen** — één meerjarige subsidie verstrekken aan Stichting Welzijn Lindeveen als " \
           "penvoerder (bij zinnen 1 en 2)\\\n  Termijn: met ingang van 1 januari 2027 · Sterkte: bindend\\\n" \
           "  “*De gemeente zegt toe met ingang" in commitments
    assert "Termijn: in 2026 · Sterkte: voornemen" in commitments
    assert commitments.count("[^") == 3  # each commitment cites its sentence
    tensions = memo.split("## Spanningen")[1].split("## Niet onderbouwd")[0]
    assert "Partijen: Stichting Sociale Wijkteams Lindeveen en Stichting Welzijn Lindeveen · in de tekst benoemd." \
        in tensions
    gaps = memo.split("## Niet onderbouwd")[1]
    assert "- **Zin 4**: “Daarnaast sluit de gemeente het nieuwe zwembad" in gaps
    assert "Geen passage komt in de buurt." in gaps
    assert "Dichtstbijzijnde passage (overeenkomst 0,41)" in gaps


def test_english_headings_dates_and_deadlines() -> None:
    memo = render_markdown(threads_result(language="en"))
    assert memo.startswith("# Common-threads memo\n")
    assert re.findall(r"^## (.+)$", memo, re.MULTILINE) == ENGLISH_SECTIONS
    assert "Drawn up on 14 March 2026" in memo
    assert "Deadline: 1 January 2027 · Strength: binding" in memo  # the ISO deadline, not the Dutch words
    assert "(for sentences 1 and 2)" in memo
    for dutch in [*DUTCH_SECTIONS, "Opgesteld", "Relevantie", "Termijn"]:
        assert dutch not in memo


def test_empty_result_says_so_in_every_section() -> None:
    memo = render_markdown(empty_threads_result())
    assert re.findall(r"^## (.+)$", memo, re.MULTILINE) == DUTCH_SECTIONS
    for sentence in (DUTCH.no_themes, DUTCH.no_commitments, DUTCH.no_tensions):
        assert f"\n{sentence}\n" in memo
    assert "Geen bestaande afspraken gevonden die bij dit concept passen." in memo
    assert "Alleen documenten van gemeente Lindeveen. Alleen documenten van het type convenant." in memo
    assert not REFERENCE.search(memo) and not DEFINITION.search(memo)


def test_a_fully_supported_draft_says_so_under_gaps() -> None:
    result = threads_result().model_copy(update={"gaps": []})
    memo = render_markdown(result)
    assert memo.rstrip().split("## Niet onderbouwd")[1].split("\n\n")[1] == DUTCH.no_gaps


def test_long_name_lists_are_counted_and_negated_commitments_marked() -> None:
    result = threads_result()
    many = [f"Stichting Wijkhuis {n}" for n in range(1, 19)]
    theme = result.themes[0].model_copy(update={"organisations": many})
    commitment = result.commitments[2].model_copy(update={"negated": True})
    memo = render_markdown(result.model_copy(update={"themes": [theme], "commitments": [commitment]}))
    assert "gedeeld door Stichting Wijkhuis 1, Stichting Wijkhuis 2, Stichting Wijkhuis 3, Stichting Wijkhuis 4, " \
           "Stichting Wijkhuis 5, Stichting Wijkhuis 6 en 12 andere." in memo
    assert "Sterkte: voornemen (ontkennend)" in memo


def test_marks_become_bold_and_no_html_leaks() -> None:
    memo = render_markdown(threads_result())
    assert "<mark>" not in memo and "</mark>" not in memo
    assert "**één meerjarige** subsidie" in memo  # adjacent marks join into one bold run
    html = _html(memo)
    assert "<strong>één meerjarige</strong>" in html
    assert "<strong>formaliteit</strong>" in html  # bold inside an italic quote still renders
    assert "&lt;privacy&gt;" in html  # the escaped entity of the highlight is text, not a tag


def test_markdown_special_characters_in_quotes_render_as_text() -> None:
    hostile = (
        "# 1. Kop <script>alert(1)</script> met *sterretjes*, _lage streepjes_, [een link](http://x.nl), "
        "`code`, &amp;amp; en <b>vet</b> maar <mark>gemarkeerd</mark> &lt;tag&gt; $5 | pijp ~~weg~~"
    )
    result = threads_result()
    passage = SUBSIDY.model_copy(update={"highlight": hostile})
    theme = result.themes[0].model_copy(update={"passages": [passage]})
    memo = render_markdown(result.model_copy(update={"themes": [theme, *result.themes[1:]]}))
    html = _html(memo)
    quote = html.split("<blockquote>")[1].split("</blockquote>")[0]
    assert "<script" not in memo and "<b>" not in memo and "<script" not in html
    for tag in ("<em>", "<a ", "<code>", "<h1>", "<ol>", "<del>", "<b>"):
        assert tag not in quote
    assert "<strong>gemarkeerd</strong>" in quote
    assert "# 1. Kop alert(1) met *sterretjes*, _lage streepjes_, [een link](http://x.nl), `code`, &amp;amp; en vet" \
        in quote  # the visible text is exactly what the passage says, tags dropped
    assert "&lt;tag&gt; $5 | pijp ~~weg~~" in quote


# ----------------------------------------------------------------------------------------------- DOCX


def test_docx_has_heading_styles_in_order_and_a_title() -> None:
    document = _docx(render_docx(threads_result()))
    styled = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert styled[0] == ("Title", "Rode-draadnotitie")
    assert [text for style, text in styled if style == "Heading 1"] == [*DUTCH_SECTIONS, "Bronnen"]
    assert [text for style, text in styled if style == "Heading 2"] == [
        "1. Eén budget voor welzijn en ontschotting", "2. Vroegsignalering van betalingsachterstanden",
    ]
    assert any(p.style.name == "List Bullet" for p in document.paragraphs)
    assert any(p.style.name == "Quote" for p in document.paragraphs)
    assert document.core_properties.title == "Rode-draadnotitie"
    assert document.core_properties.author == "rodedraad"


def test_docx_citations_link_to_a_numbered_source_list() -> None:
    data = render_docx(threads_result())
    document = _docx(data)
    markdown_sources = dict(DEFINITION.findall(render_markdown(threads_result())))
    cited = [int(link.text) for p in document.paragraphs for link in p.hyperlinks]
    assert all(link.fragment == f"bron_{link.text}" for p in document.paragraphs for link in p.hyperlinks)
    assert all(run.font.superscript for p in document.paragraphs for link in p.hyperlinks for run in link.runs)
    heading = next(i for i, p in enumerate(document.paragraphs) if p.text == "Bronnen")
    sources = [p.text for p in document.paragraphs[heading + 1:]]
    assert len(sources) == len(markdown_sources) == len(set(cited))
    assert set(cited) == set(range(1, len(sources) + 1))
    for number, text in markdown_sources.items():  # the same numbers as the Markdown footnotes
        passage_id = text.rsplit("passage ", 1)[1]
        assert sources[int(number) - 1].startswith(f"{number}.\t")
        assert sources[int(number) - 1].endswith(f"passage {passage_id}")
    bookmarks = re.findall(rb'w:name="(bron_\d+)"', _part(data, "word/document.xml"))
    assert {b.decode() for b in bookmarks} == {f"bron_{n}" for n in range(1, len(sources) + 1)}


def test_docx_marks_are_bold_runs_and_page_is_a4_in_dutch() -> None:
    data = render_docx(threads_result())
    document = _docx(data)
    quotes = [p for p in document.paragraphs if p.style.name == "Quote"]
    bold = [run.text for p in quotes for run in p.runs if run.bold]
    assert "één meerjarige" in bold and "penvoerder" in bold
    assert not [p.text for p in document.paragraphs if "<mark>" in p.text or "</" in p.text]
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert b'w:val="nl-NL"' in _part(data, "word/styles.xml")
    assert "14 maart 2026" in document.sections[0].footer.paragraphs[0].text


def test_docx_language_switch_and_empty_sections() -> None:
    english = _docx(render_docx(threads_result(language="en")))
    assert [p.text for p in english.paragraphs if p.style.name == "Heading 1"] == [*ENGLISH_SECTIONS, "Sources"]
    empty = _docx(render_docx(empty_threads_result()))
    texts = [p.text for p in empty.paragraphs]
    for sentence in (DUTCH.no_themes, DUTCH.no_commitments, DUTCH.no_tensions, DUTCH.no_sources):
        assert sentence in texts
    assert not [link for p in empty.paragraphs for link in p.hyperlinks]


def test_docx_survives_characters_xml_cannot_hold() -> None:
    result = threads_result()
    passage = SUBSIDY.model_copy(update={"highlight": "Pagina\x0c twee\x00 met <mark>budget</mark>\x1b."})
    theme = result.themes[0].model_copy(update={"passages": [passage]})
    document = _docx(render_docx(result.model_copy(update={"themes": [theme]})))
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert quotes and quotes[0].startswith("Pagina twee met budget.")


# ------------------------------------------------------------------------------------------- helpers


def test_highlight_spans_keep_text_and_turn_only_marks_bold() -> None:
    spans = highlight_spans("…de <mark>wijk</mark> &amp; <i>haar</i> <mark>inwoners</mark>\n volgen…")
    assert "".join(s.text for s in spans) == "…de wijk & haar inwoners volgen…"
    assert [s.text for s in spans if s.bold] == ["wijk", "inwoners"]


def test_clip_spans_keeps_the_first_mark_and_cuts_at_spaces() -> None:
    words = " ".join(f"woord{i}" for i in range(100))
    spans = highlight_spans(f"{words} <mark>budget</mark> {words}")
    clipped = clip_spans(spans, 120)
    text = "".join(s.text for s in clipped)
    assert text.startswith("…woord") and text.endswith("…") and len(text) <= 122
    assert any(s.bold and s.text == "budget" for s in clipped)
    assert set(text.strip("…").split()) <= set(f"{words} budget".split())  # no word cut in half
    assert clip_spans(spans[:1], 10_000) == spans[:1]


@pytest.mark.parametrize(("moment", "expected"), [
    ("2026-03-14T08:30:00Z", "14 maart 2026"),
    ("2026-03-14T23:30:00+00:00", "15 maart 2026"),  # already the next day in Amsterdam
    ("2026-06-30T22:30:00", "1 juli 2026"),  # naive times are UTC (the result's contract)
    ("2026-12-01", "1 december 2026"),
])
def test_dutch_dates(moment: str, expected: str) -> None:
    assert format_date(DUTCH, moment) == expected


@pytest.mark.parametrize(("deadline", "dutch", "english"), [
    ("2027-01-01", "1 januari 2027", "1 January 2027"),
    ("2027", "2027", "2027"),
    ("2026-Q4", "vierde kwartaal 2026", "fourth quarter of 2026"),
    ("2026-H1", "eerste helft 2026", "first half of 2026"),
    ("2026/2028", "2026–2028", "2026–2028"),
    ("P3M", "binnen 3 maanden", "within 3 months"),
    ("P1Y", "binnen 1 jaar", "within 1 year"),
    ("2027-09", "september 2027", "September 2027"),
])
def test_deadlines_in_words(deadline: str, dutch: str, english: str) -> None:
    assert format_deadline(DUTCH, deadline) == dutch
    assert format_deadline(ENGLISH, deadline) == english


@pytest.mark.parametrize("start, shown", [
    ("4. kennis te nemen van de uitkomsten", "4. kennis te nemen van de uitkomsten"),
    ("6.2 De gemeente stelt een budget beschikbaar", "6.2 De gemeente stelt een budget beschikbaar"),
    ("3) Partijen spreken af", "3) Partijen spreken af"),
])
def test_article_numbers_at_the_start_of_a_quote_stay_text(start: str, shown: str) -> None:
    result = threads_result()
    passage = SUBSIDY.model_copy(update={"highlight": start})
    theme = result.themes[0].model_copy(update={"passages": [passage]})
    html = _html(render_markdown(result.model_copy(update={"themes": [theme, *result.themes[1:]]})))
    quote = html.split("<blockquote>")[1].split("</blockquote>")[0]
    assert shown in quote and "<ol" not in quote and "\\" not in quote
