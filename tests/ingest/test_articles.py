"""Article splitting and boilerplate removal on synthetic saved pages and on the real seeds."""

from __future__ import annotations

import json
import os
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.articles import Article, split_articles
from ingest.boilerplate import (
    LineRole,
    classify_lines,
    is_image_name,
    line_role,
    parse_phrase_file,
    strip_boilerplate,
)

REPO = Path(__file__).resolve().parents[2]
SEEDS = Path(os.environ.get("RODEDRAAD_SHARED", REPO.parent / "shared")) / "seeds"

# Body paragraphs written for these tests (not taken from any document).
WIJKTEAM = (
    "Het wijkteam in Oost werkt sinds vorig jaar met één gezamenlijk plan per gezin. Bewoners hoeven "
    "hun verhaal nog maar één keer te vertellen, en de hulpverleners stemmen onderling af wie wat doet. "
    "Dat vraagt wel iets van de organisaties: zij moeten gegevens delen en elkaars werkwijze leren kennen."
)
WIJKTEAM_2 = (
    "In de eerste maanden liep dat stroef. De ene organisatie registreerde alles, de andere vrijwel niets. "
    "Pas toen de teamleiders samen een werkafspraak maakten over wat er in het plan komt, ging het beter. "
    "Inmiddels zijn er ruim tweehonderd gezinnen op deze manier geholpen."
)
ARMOEDE = (
    "Armoede is zelden een probleem van geld alleen. Wie schulden heeft, slaapt slecht, stelt keuzes uit en "
    "mist afspraken. De gemeente heeft daarom besloten de schuldhulp dichter bij huis te organiseren, in de "
    "buurthuizen, met vrijwilligers die zelf ervaring hebben met geldzorgen."
)
ARMOEDE_2 = (
    "De eerste resultaten zijn bemoedigend. Mensen melden zich eerder, en het aantal huisuitzettingen daalde "
    "in twee jaar met een derde. Toch blijft het lastig om jongeren te bereiken; voor hen start in het "
    "najaar een aparte aanpak samen met de scholen en het jongerenwerk."
)
ENERGIE = (
    "De buurt wil in 2030 van het aardgas af. Bewoners, de woningcorporatie en de netbeheerder verkennen "
    "samen welke warmtebron het beste past. Een warmtenet is goedkoper per woning, maar vraagt dat bijna "
    "iedereen meedoet; met warmtepompen kan ieder huishouden zelf kiezen wanneer het overstapt."
)
ENERGIE_2 = (
    "Tijdens de laatste bewonersavond bleek dat veel mensen vooral willen weten wat het hen kost. De "
    "corporatie zegde toe vóór 1 januari een rekenvoorbeeld per woningtype te publiceren, zodat iedereen "
    "kan vergelijken voordat er een besluit valt."
)

WORDPRESS_PAGE = f"""Zoeken
Close this search box.

Samen werken in de wijk

wijkteam-oost.jpg

  • Eén gezin, één plan

{WIJKTEAM}

Wat ging er mis?

{WIJKTEAM_2}

Delen:

Twitter

Facebook

Vind ik leuk:

Vind ik Laden...

Gerelateerd

Schulden zijn geen schande

armoede-aanpak

{ARMOEDE}

De eerste resultaten

{ARMOEDE_2}

Advertenties

Van het gas af: wat kost het?

Bewoners en corporatie zoeken samen naar warmte

{ENERGIE}

{ENERGIE_2}

De auteur, Anna de Vries, is adviseur wonen en werkt voor een landelijk adviesbureau.

Geef een reactie

Vul je gegevens in of klik op een icoon om in te loggen.

Je reageert onder je WordPress.com account. Log uit /  Bijwerken )

Verbinden met %s

Deze site gebruikt Akismet om spam te bestrijden. Ontdek hoe de data van je reactie verwerkt wordt.
"""

BLOGGER_PAGE = f"""Home

maandag 3 februari 2020

Schulden zijn geen schande

Door Pieter Bakker

{ARMOEDE}

{ARMOEDE_2}

Geplaatst door Pieter Bakker op 10:15

Geen opmerkingen:

Een reactie posten

* * *

Het wijkteam na één jaar

Door Pieter Bakker

{WIJKTEAM}

{WIJKTEAM_2}

Labels: wijkteam, zorg

Nieuwere post
Oudere post
Homepage
"""

MEDIUM_PAGE = f"""Open in app

Sign up

Sign in

Van het gas af: wat kost het?

Anna de Vries

Follow

5 min read

Listen

Share

{ENERGIE}

Warmtenet of warmtepomp

{ENERGIE_2}

Wat nu?

{WIJKTEAM}

More from Anna de Vries
"""

LINKEDIN_PAGE = f"""Samenwerken in het sociaal domein: drie lessen

Anna de Vries
Adviseur sociaal domein

Gepubliceerd op 12 maart 2021

{WIJKTEAM}

Les 1: begin klein

{WIJKTEAM_2}

Les 2: deel wat je weet

{ARMOEDE}

Rapporteren

Vind ik leuk

Reageren

Delen
"""

INTERVIEW_PAGE = f"""Vijf vragen aan een wijkverpleegkundige

{WIJKTEAM}

Waarom koos je voor de wijk?

“Omdat je daar ziet hoe mensen echt leven. {WIJKTEAM_2}”

Wat is de grootste uitdaging?

“De tijd. {ARMOEDE}”

Wat zou je anders willen?

Marleen: “Minder formulieren. {ENERGIE}”
"""

SUBHEADINGS_PAGE = f"""Zo pakken we armoede aan

{ARMOEDE}

Schuldhulp in de buurt

{ARMOEDE_2}

Jongeren apart benaderen

{WIJKTEAM}

Samen met de scholen

{ENERGIE}
"""

POLICY_TEXT = f"""Beleidsnota armoede 2020-2024

Hoofdstuk 1

Inleiding

{ARMOEDE}

Hoofdstuk 2

De aanpak in de wijken

{ARMOEDE_2}

{WIJKTEAM}
"""


def _titles(text: str) -> list[str]:
    return [article.title for article in split_articles(text)]


def _cleaned(text: str) -> list[str]:
    return [strip_boilerplate(text, start=a.start, end=a.end) for a in split_articles(text)]


def test_wordpress_page_splits_into_its_three_posts() -> None:
    assert _titles(WORDPRESS_PAGE) == [
        "Samen werken in de wijk",
        "Schulden zijn geen schande",
        "Van het gas af: wat kost het?",
    ]


def test_articles_cover_the_page_in_order_without_overlap() -> None:
    articles = split_articles(WORDPRESS_PAGE)
    for before, after in pairwise(articles):
        assert before.end == after.start
    assert articles[-1].end == len(WORDPRESS_PAGE)
    for article in articles:
        assert WORDPRESS_PAGE[article.start:].startswith(article.title)


def test_wordpress_chrome_is_removed_and_content_kept() -> None:
    first, second, third = _cleaned(WORDPRESS_PAGE)
    assert first.startswith("Samen werken in de wijk\n\n• Eén gezin, één plan")
    assert "Wat ging er mis?" in first and WIJKTEAM_2 in first
    for chrome in ("Delen", "Twitter", "Vind ik", "Laden", "Gerelateerd", "wijkteam-oost.jpg", "Zoeken"):
        assert chrome not in first
    assert "armoede-aanpak" not in second and "Advertenties" not in second
    assert "Anna de Vries" not in third  # the author biography under the post is dropped
    assert third.endswith("voordat er een besluit valt.")
    assert "reactie" not in third.lower() and "Akismet" not in third


def test_blogger_page_splits_on_separator_and_keeps_bylines() -> None:
    assert _titles(BLOGGER_PAGE) == ["Schulden zijn geen schande", "Het wijkteam na één jaar"]
    first, second = _cleaned(BLOGGER_PAGE)
    assert "Door Pieter Bakker" in first
    assert "Een reactie posten" not in first and "Geen opmerkingen" not in first
    assert "Labels" not in second and "Oudere post" not in second and "Homepage" not in second


def test_medium_page_is_one_article_without_its_furniture() -> None:
    assert _titles(MEDIUM_PAGE) == ["Van het gas af: wat kost het?"]
    (text,) = _cleaned(MEDIUM_PAGE)
    for chrome in ("Open in app", "Sign up", "Sign in", "Follow", "min read", "Listen", "Share"):
        assert chrome not in text
    assert "Warmtenet of warmtepomp" in text and WIJKTEAM in text


def test_linkedin_article_keeps_its_numbered_lessons_together() -> None:
    assert _titles(LINKEDIN_PAGE) == ["Samenwerken in het sociaal domein: drie lessen"]
    (text,) = _cleaned(LINKEDIN_PAGE)
    assert "Les 2: deel wat je weet" in text
    assert not any(word in text for word in ("Rapporteren", "Reageren", "Vind ik leuk"))


def test_interview_questions_do_not_start_articles() -> None:
    assert _titles(INTERVIEW_PAGE) == ["Vijf vragen aan een wijkverpleegkundige"]


def test_a_statement_heading_after_an_interview_starts_the_next_post() -> None:
    page = INTERVIEW_PAGE + f"\nDe buurt als werkplaats voor het wijkteam\n\n{ARMOEDE_2}\n\n{WIJKTEAM_2}\n"
    assert _titles(page) == ["Vijf vragen aan een wijkverpleegkundige", "De buurt als werkplaats voor het wijkteam"]
    # a closing question heading stays inside the interview
    assert _titles(INTERVIEW_PAGE + f"\nWaar word je blij van?\n\n“Van de buren. {ARMOEDE_2}”\n") == [
        "Vijf vragen aan een wijkverpleegkundige"]


def test_subheadings_followed_by_paragraphs_do_not_split() -> None:
    assert _titles(SUBHEADINGS_PAGE) == ["Zo pakken we armoede aan"]


def test_policy_text_with_chapters_is_one_article() -> None:
    assert len(split_articles(POLICY_TEXT)) == 1


def test_a_small_advert_between_posts_is_not_an_article() -> None:
    page = WORDPRESS_PAGE.replace(
        "Advertenties\n", "Advertenties\n\nOns nieuwe boek\n\nNu verkrijgbaar in de winkel.\n\nBestel hier\n"
    )
    assert len(split_articles(page)) == 3


def test_empty_and_chrome_only_pages() -> None:
    assert split_articles("") == []
    assert split_articles("\n\n  \n") == []
    assert split_articles("Zoeken\n\nDelen:\n\nAdvertenties\n") == []
    assert split_articles("Eén korte regel") == [Article("Eén korte regel", 0, len("Eén korte regel"))]


@pytest.mark.parametrize(
    ("line", "role"),
    [
        ("Geef een reactie", LineRole.CLOSING),
        ("Vul je gegevens in of klik op een icoon om in te loggen.", LineRole.CLOSING),
        ("Je reageert onder je Facebook account. Log uit /  Bijwerken )", LineRole.CLOSING),
        ("Verbinden met %s", LineRole.CLOSING),
        ("Deel:", LineRole.CLOSING),
        ("Share this:", LineRole.CLOSING),
        ("Advertenties", LineRole.CLOSING),
        ("Lees meer", LineRole.CLOSING),
        ("Bestel hier een exemplaar.", LineRole.CLOSING),
        ("Bron: Voorbeeldsite.nl.", LineRole.CLOSING),
        ("3 reacties", LineRole.CLOSING),
        ("Wil je meer weten over onze aanpak?", LineRole.CLOSING),
        ("Search", LineRole.CHROME),
        ("Close this search box.", LineRole.CHROME),
        ("Deze website gebruikt cookies om je ervaring te verbeteren.", LineRole.CHROME),
        ("Alle cookies accepteren", LineRole.CHROME),
        ("Laden...", LineRole.CLOSING),
        (">", LineRole.CHROME),
        ("***", LineRole.SEPARATOR),
        ("- - -", LineRole.SEPARATOR),
        ("foto.png", LineRole.IMAGE),
        ("Dia2.PNG", LineRole.IMAGE),
        ("samen sterk.png", LineRole.IMAGE),
        ("hemel-en-hel", LineRole.IMAGE),
        ("wijk oost 2", LineRole.IMAGE),
        ("\u00a0", LineRole.SPACER),
        ("", LineRole.BLANK),
        ("Bron: het jaarverslag 2019 van de gemeente, hoofdstuk 3.", LineRole.CONTENT),
        ("Lees meer over de aanpak van armoede in ons jaarverslag en op de site van de gemeente.",
         LineRole.CONTENT),
        ("Samen werken in de wijk", LineRole.CONTENT),
        ("De gemeente deelt de kosten met de corporatie.", LineRole.CONTENT),
        ("en verder", LineRole.CONTENT),
    ],
)
def test_line_roles(line: str, role: LineRole) -> None:
    assert line_role(line) is role


def test_image_names_are_not_ordinary_lowercase_text() -> None:
    assert is_image_name("portret_anna-2019")
    assert not is_image_name("zie hieronder.")
    assert not is_image_name("De Wijk")


def test_repeated_banner_alt_text_is_chrome() -> None:
    banner = "Ons boek over samenwerken nu in de winkel"
    page = "\n\n".join([WIJKTEAM, banner, "Bestel hier.", ARMOEDE, banner, "Nu te koop.", ENERGIE, banner])
    roles = [line.role for line in classify_lines(page) if line.text == banner]
    assert roles == [LineRole.CHROME] * 3
    assert banner not in strip_boilerplate(page)


def test_a_post_title_repeated_in_sidebar_and_navigation_keeps_its_heading() -> None:
    title = "Warmte in de buurt"
    page = f"Home > Blog > {title}\n\n{title}\n\n3 mei 2022\n\n{ENERGIE}\n\nVorige\n\n{title}\n\n" \
           f"Recente berichten\n\n{title}\n\nHet wijkteam na één jaar\n"
    roles = [line.role for line in classify_lines(page) if line.text == title]
    assert roles == [LineRole.CONTENT, LineRole.CHROME, LineRole.CHROME]
    assert _titles(page) == [title]


def test_alt_text_with_caption_is_dropped() -> None:
    page = f"{WIJKTEAM}\n\nAnna de Vries adviseur wonen Bureau Oost\nAnna de Vries\n\n{ARMOEDE}"
    assert strip_boilerplate(page) == f"{WIJKTEAM}\n\n{ARMOEDE}"


def test_contact_card_after_call_to_action_is_dropped_at_article_end() -> None:
    page = f"{WIJKTEAM}\n\nVerder praten met Anna?\n\nAnna de Vries Bureau Oost\n\nAnna de Vries\n"
    assert strip_boilerplate(page) == WIJKTEAM


def test_strip_boilerplate_normalises_blank_lines_and_spaces() -> None:
    page = "  Titel van het stuk  \n\u00a0\n\n\n" + WIJKTEAM + "\n\nDelen:\n\n" + ARMOEDE + "\n"
    assert strip_boilerplate(page) == f"Titel van het stuk\n\n{WIJKTEAM}\n\n{ARMOEDE}"


def test_phrase_file_format_errors_name_the_line() -> None:
    with pytest.raises(ValueError, match=r"x\.txt:2"):
        parse_phrase_file("[chrome]\n! bad rule\n", name="x.txt")
    with pytest.raises(ValueError, match="unknown section"):
        parse_phrase_file("[nonsense]\n= a\n", name="x.txt")
    book = parse_phrase_file("[chrome]\n= delen\n^ klik om\n~ ^\\d+ likes$\n")
    assert book.chrome.matches("Delen:") and book.chrome.matches("Klik om te delen")
    assert book.chrome.matches("12 likes") and not book.chrome.matches("Klikom")


# --- the real seeds (skipped when /work/shared is absent) -------------------------------------


def _seeds() -> list[Path]:
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        pytest.skip("shared seeds are not available")
    return seeds


def test_each_seed_yields_articles_and_multi_post_pages_several() -> None:
    counts = {path.name[:3]: len(split_articles(path.read_text(encoding="utf-8"))) for path in _seeds()}
    assert all(count >= 1 for count in counts.values())
    assert counts.get("000", 5) >= 4
    assert counts.get("002", 10) >= 8


def test_seed_article_boundaries_match_the_annotation() -> None:
    seeds = _seeds()
    gold = json.loads((REPO / "eval" / "seed_articles.json").read_text(encoding="utf-8"))["files"]
    for path in seeds:
        if path.name not in gold:
            continue
        text = path.read_text(encoding="utf-8")
        predicted = [text.count("\n", 0, a.start) + 1 for a in split_articles(text)]
        expected = [article["line"] for article in gold[path.name]["articles"]]
        matched = [g for g in expected if any(abs(g - p) <= 3 for p in predicted)]
        # every predicted start is a real article; at most one article in five may be missed
        assert all(any(abs(g - p) <= 3 for g in expected) for p in predicted), path.name
        assert len(matched) >= 0.8 * len(expected), path.name


NEWS_PAGE = f"""Nieuws

Zomerstop

4 juli 2022

{WIJKTEAM} {WIJKTEAM_2}

Lees meer

Nieuwe aanpak schulden

1 juni 2022

{ARMOEDE} {ARMOEDE_2}

Lees meer

Warmte in de buurt

3 mei 2022

{ENERGIE} {ENERGIE_2}

Lees meer
"""

LIST_PAGE = f"""Onze plannen voor de wijk

{WIJKTEAM}

Wat we dit jaar gaan doen

  • Eén plan per gezin.
  • Schuldhulp in het buurthuis.
  • Een rekenvoorbeeld voor iedere woning.

{ARMOEDE_2}

De eerste resultaten van het plan

  • Minder huisuitzettingen in de wijk

{ENERGIE}
"""


def test_news_listing_with_dated_items_splits_per_item() -> None:
    assert _titles(NEWS_PAGE) == ["Zomerstop", "Nieuwe aanpak schulden", "Warmte in de buurt"]


def test_a_bullet_list_under_a_subheading_does_not_split() -> None:
    assert _titles(LIST_PAGE)[:1] == ["Onze plannen voor de wijk"]
    assert "Wat we dit jaar gaan doen" not in _titles(LIST_PAGE)


THEME_PAGE = f"""Bureau Oost

Advies voor het sociaal domein

Home

Over ons

Blog

Contact

Warmte in de buurt

3 mei 2022 | Anna de Vries

{ENERGIE}

{ENERGIE_2}

Tags: energie, wijk

Het wijkteam na één jaar

1 april 2022 | Anna de Vries

{WIJKTEAM}

{WIJKTEAM_2}

Recente berichten

Warmte in de buurt

Het wijkteam na één jaar

Archief

mei 2022

april 2022
"""


def test_theme_header_and_sidebar_are_not_articles() -> None:
    articles = split_articles(THEME_PAGE)
    assert [a.title for a in articles] == ["Warmte in de buurt", "Het wijkteam na één jaar"]
    last = strip_boilerplate(THEME_PAGE, start=articles[-1].start, end=articles[-1].end)
    assert last.endswith(WIJKTEAM_2)
    assert "Bureau Oost" not in strip_boilerplate(THEME_PAGE, start=articles[0].start, end=articles[0].end)


def test_an_author_note_closes_a_post() -> None:
    note = "Anna de Vries is adviseur bij Bureau Oost."
    page = (f"Samen werken in de wijk\n\n{WIJKTEAM}\n\n{WIJKTEAM_2}\n\n{note}"
            f"\n\nSchulden zijn geen schande\n\n{ARMOEDE}\n\n{ARMOEDE_2}")
    assert _titles(page) == ["Samen werken in de wijk", "Schulden zijn geen schande"]
    sentence = f"Samen werken in de wijk\n\n{WIJKTEAM}\n\nDe gemeente is verantwoordelijk voor de zorg.\n\n" \
               f"Schulden zijn geen schande\n\n{ARMOEDE}\n\n{ARMOEDE_2}"
    assert len(split_articles(sentence)) == 1


page_lines = st.sampled_from([
    "", " ", "\u00a0", "Geef een reactie", "Deel:", "Advertenties", "***", ">", "foto.png", "hemel-en-hel",
    "Samen werken in de wijk", "Wat ging er mis?", "3 mei 2022", "Door Anna de Vries", "• Eén plan",
    "Anna de Vries is adviseur bij Bureau Oost.", "Hoofdstuk 2", "“Omdat het kan.”", WIJKTEAM, ARMOEDE,
    "Korte zin.", "\r", "ĳ 👍 \u200b",
])


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.lists(page_lines, max_size=60).map("\n".join), st.text(max_size=300)))
def test_articles_always_tile_the_page_in_order(page: str) -> None:
    articles = split_articles(page)
    for before, after in pairwise(articles):
        assert before.end == after.start
    for article in articles:
        assert 0 <= article.start < article.end <= len(page)
        # the title is the article's own: a short untitled lead-in merged into the first article keeps that
        # article's title, so the title need not stand at the very start
        assert article.title in page[article.start:article.end]
        cleaned = strip_boilerplate(page, start=article.start, end=article.end)
        assert cleaned == cleaned.strip()
        assert "\n\n\n" not in cleaned
    if articles:
        assert articles[-1].end == len(page)


def test_html_articles_keep_their_own_titles_and_dates(tmp_path: Path) -> None:
    from ingest.pipeline import parse_file

    def article(title: str, iso: str, shown: str, body: str, more: str) -> str:
        return (f'<article><h2><a href="/p">{title}</a></h2><div class="meta">Geplaatst op '
                f'<time datetime="{iso}">{shown}</time></div><p>{body}</p><p>{more}</p></article>')

    page = tmp_path / "blog.html"
    page.write_text(
        "<html><head><title>Blog | Wijkwerk</title></head><body><main>"
        + article("Samen bouwen aan de wijk", "2024-03-12", "12 maart 2024", WIJKTEAM, WIJKTEAM_2)
        + article("Minder regels voor vrijwilligers", "2024-04-03", "3 april 2024", ARMOEDE, ARMOEDE_2)
        + "</main></body></html>",
        encoding="utf-8",
    )
    documents = [item.document for item in parse_file(page)[1]]
    assert [d.title for d in documents] == ["Samen bouwen aan de wijk", "Minder regels voor vrijwilligers"]
    assert [d.date for d in documents] == ["2024-03-12", "2024-04-03"]
    assert ARMOEDE[:40] not in documents[0].text and WIJKTEAM[:40] not in documents[1].text
