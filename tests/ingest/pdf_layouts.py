"""Generated PDFs with the layouts real policy agreements use, for the PDF reader tests.

``three_column_agreement`` draws A4 landscape pages set in three columns: bullets with hanging indents,
hyphenated line ends, footnote markers in the text and footnotes at the foot of each column, a running
header and footer with a page number, and a large, light, diagonal "CONCEPT" watermark drawn over the
text. ``two_column_portrait`` draws an A4 portrait page with a full-width heading over two columns.
Both return the sentences they set, so tests can look for them in the text read back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

FONT = "Helvetica"
BOLD = "Helvetica-Bold"
BODY = 9.0
LEADING = 11.5
NOTE = 6.5
NOTE_LEADING = 8.0

PARTNERS = ("de zorgverzekeraar", "de woningcorporatie", "het wijkteam", "de huisartsen", "de provincie")
ACTIONS = (
    "verhogen het aantal uren praktijkondersteuning voor jeugd met vier uur per normpraktijk",
    "maken uiterlijk in het tweede kwartaal afspraken over de inzet van mantelzorgondersteuning",
    "evalueren jaarlijks de wachttijden voor de jeugdhulp en publiceren de uitkomsten",
    "stellen samen een regionaal plan op voor het verminderen van de administratieve lasten",
    "zorgen ervoor dat bewoners met schulden binnen twee weken een eerste gesprek krijgen",
    "reserveren middelen voor het verduurzamen van maatschappelijk vastgoed in de kernen",
)
THEMES = (
    "Samenwerking in de wijk",
    "Jeugdhulp dichtbij huis",
    "Wonen met zorg",
    "Schulden en bestaanszekerheid",
    "Gezond opgroeien",
    "Mantelzorg en vrijwilligers",
    "Toegang tot ondersteuning",
    "Preventie en vroegsignalering",
    "Digitale dienstverlening",
)
PLACES = ("Noorderhaven", "Oosterwijk", "Zuidveen", "Westerburg", "Middelkamp", "Hoogeloo", "Laagland")
SOURCES = ("de monitor sociaal domein", "het jaarverslag van de GGD", "de wijkscan", "het cliëntonderzoek")
HYPHENATED = (
    ("Daarnaast onderzoeken partijen de mogelijkheden voor een gezamenlijke samen-", "werkingsagenda met de"),
    ("De regio werkt aan een betere aansluiting tussen onderwijs en arbeids-", "markt voor jongeren met"),
)


@dataclass
class Layout:
    """What was drawn: the PDF and the texts a correct reader returns."""

    path: Path
    sentences: list[str] = field(default_factory=list)  # body sentences, in reading order
    footnotes: list[str] = field(default_factory=list)
    running: list[str] = field(default_factory=list)  # header/footer texts (without page numbers)
    hyphenated_words: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)


def wrap(text: str, width: float, font: str = FONT, size: float = BODY, first_indent: float = 0.0) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        limit = width - (first_indent if not lines else 0.0)
        if current and stringWidth(candidate, font, size) > limit:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _sentence(page: int, column: int, index: int) -> str:
    partner = PARTNERS[(page + column + index) % len(PARTNERS)]
    action = ACTIONS[(page * 3 + column + index) % len(ACTIONS)]
    return f"In afspraak {page}.{column}.{index} {action} samen met {partner} in de regio."


def three_column_agreement(
    path: Path, pages: int = 3, watermark: str = "CONCEPT", watermark_style: str = "rotated"
) -> Layout:
    """A4 landscape, three columns per page, footnotes at the foot of each column, diagonal watermark.

    ``watermark_style`` "rotated" turns the whole word; "letters" sets each letter upright and outsized
    along a diagonal (what some producers write for a rotated word), light grey over the text.
    """
    width, height = landscape(A4)
    margin, gutter = 42.0, 22.0
    column_width = (width - 2 * margin - 2 * gutter) / 3
    layout = Layout(path=path, running=["Bestuurlijk akkoord zorg en welzijn regio Noorderhaven", "versie 0.9"])
    pdf = canvas.Canvas(str(path), pagesize=(width, height))
    pdf.setTitle("")  # no metadata title: the title must come from the first page
    note_number = 0
    for page in range(1, pages + 1):
        pdf.setFont(FONT, 7.5)
        pdf.drawString(margin, height - 26, layout.running[0])
        pdf.drawRightString(width - margin, height - 26, layout.running[1])
        pdf.drawCentredString(width / 2, 20, f"Pagina {page} van {pages}")
        top = height - 60
        if page == 1:
            title = "Bestuurlijk akkoord over zorg en welzijn in de regio"
            pdf.setFont(BOLD, 20)
            pdf.drawString(margin, top - 10, title)
            layout.headings.append(title)
            top -= 44
        carry: list[str] = []  # the end of a sentence that runs on from the column before
        for column in range(3):
            x = margin + column * (column_width + gutter)
            y = top
            for line in carry:
                pdf.setFont(FONT, BODY)
                pdf.drawString(x, y, line)
                y -= LEADING
            if carry:
                y -= 6
            heading = THEMES[((page - 1) * 3 + column) % len(THEMES)]
            pdf.setFont(BOLD, 11)
            pdf.drawString(x, y, heading)
            layout.headings.append(heading)
            y -= 18
            notes: list[str] = []
            for index in range(4):
                text = _sentence(page, column + 1, index)
                layout.sentences.append(text)
                bullet = index % 2 == 1
                indent = 10.0 if bullet else 0.0
                lines = wrap(text, column_width - indent)
                for number, line in enumerate(lines):
                    pdf.setFont(FONT, BODY)
                    if bullet and number == 0:
                        pdf.drawString(x, y, "•")
                    pdf.drawString(x + indent, y, line)
                    if index == 2 and number == len(lines) - 1:
                        note_number += 1  # a raised footnote marker after the sentence
                        pdf.setFont(FONT, 5.5)
                        pdf.drawString(x + indent + stringWidth(line, FONT, BODY) + 0.5, y + 3.5, str(note_number))
                        source = SOURCES[note_number % len(SOURCES)]
                        note = f"Zie {source} {2020 + note_number} voor de cijfers over {THEMES[note_number % 9].lower()}."
                        notes.append(f"{note_number} {note}")
                        layout.footnotes.append(note)
                    y -= LEADING
                y -= 6  # a paragraph gap
            head, tail = HYPHENATED[(page + column) % len(HYPHENATED)]
            pdf.setFont(FONT, BODY)
            for line in wrap(head, column_width):  # the last line ends in the hyphen
                pdf.drawString(x, y, line)
                y -= LEADING
            closing = f"{tail} gemeenten en maatschappelijke partners in thema {page}.{column + 1}."
            for line in wrap(closing, column_width):
                pdf.drawString(x, y, line)
                y -= LEADING
            layout.sentences.append(f"{head[:-1]}{tail} gemeenten en maatschappelijke partners in thema {page}.{column + 1}.")
            word = head.split()[-1][:-1] + tail.split()[0]
            layout.hyphenated_words.append(word)
            carry = []
            if column < 2:
                # a sentence that starts at the foot of this column and runs on at the top of the next,
                # with this column's footnotes printed in between
                y -= 6
                running_on = (
                    f"Tot slot spreken partijen in thema {page}.{column + 1} af dat zij de resultaten van dit "
                    f"akkoord elk half jaar met de gemeenteraad en de inwoners van "
                    f"{PLACES[(page * 2 + column) % len(PLACES)]} bespreken."
                )
                lines = wrap(running_on, column_width)
                for line in lines[:2]:
                    pdf.setFont(FONT, BODY)
                    pdf.drawString(x, y, line)
                    y -= LEADING
                carry = lines[2:]
                layout.sentences.append(running_on)
            # footnotes at the foot of the column, under a short rule
            note_lines = [line for note in notes for line in wrap(note, column_width, size=NOTE)]
            note_y = 40 + NOTE_LEADING * len(note_lines)
            pdf.setLineWidth(0.5)
            pdf.line(x, note_y + 8, x + 60, note_y + 8)
            for line in note_lines:
                pdf.setFont(FONT, NOTE)
                pdf.drawString(x, note_y, line)
                note_y -= NOTE_LEADING
        # the watermark: large, light and diagonal, drawn over the text
        pdf.saveState()
        pdf.setFillColorRGB(0.85, 0.85, 0.85)
        if watermark_style == "letters":
            pdf.setFont(BOLD, 110)
            for index, letter in enumerate(watermark):
                pdf.drawString(150 + 80 * index, 90 + 55 * index, letter)
        else:
            pdf.translate(width / 2, height / 2)
            pdf.rotate(32)
            pdf.setFont(BOLD, 150)
            pdf.drawCentredString(0, -50, watermark)
        pdf.restoreState()
        pdf.showPage()
    pdf.save()
    return layout


def two_column_portrait(path: Path) -> Layout:
    """A4 portrait: a full-width heading and introduction over two justified-looking columns."""
    width, height = A4
    margin, gutter = 60.0, 24.0
    column_width = (width - 2 * margin - gutter) / 2
    layout = Layout(path=path)
    pdf = canvas.Canvas(str(path), pagesize=A4)
    heading = "Uitvoeringsprogramma wonen en zorg 2026"
    pdf.setFont(BOLD, 16)
    pdf.drawString(margin, height - 80, heading)
    layout.headings.append(heading)
    intro = (
        "Dit programma beschrijft hoe de gemeente en haar partners de komende jaren werken aan passende "
        "woningen voor ouderen en mensen met een zorgvraag."
    )
    y = height - 104
    for line in wrap(intro, width - 2 * margin, size=10):
        pdf.setFont(FONT, 10)
        pdf.drawString(margin, y, line)
        y -= 13
    layout.sentences.append(intro)
    column_top = y - 14
    for column in range(2):
        x = margin + column * (column_width + gutter)
        y = column_top
        for index in range(6):
            text = _sentence(9, column + 1, index)
            layout.sentences.append(text)
            for line in wrap(text, column_width, size=10):
                pdf.setFont(FONT, 10)
                pdf.drawString(x, y, line)
                y -= 12.5
            y -= 6
    pdf.showPage()
    pdf.save()
    return layout


def text_with_sidebar(path: Path) -> Layout:
    """A4 portrait: a main text column and, beside it, a narrow sidebar in a smaller italic type."""
    height = A4[1]
    layout = Layout(path=path)
    pdf = canvas.Canvas(str(path), pagesize=A4)
    y = height - 80
    for index in range(8):
        text = _sentence(5, 1, index)
        layout.sentences.append(text)
        for line in wrap(text, 330, size=10):
            pdf.setFont(FONT, 10)
            pdf.drawString(60, y, line)
            y -= 13
        y -= 5
    sidebar = [
        "Kader: in deze paragraaf staan de afspraken die de gemeente met de partners heeft gemaakt voor 2026.",
        "Meer informatie staat op de website van de gemeente onder het kopje zorg en welzijn.",
    ]
    y = height - 95
    for text in sidebar:
        layout.footnotes.append(text)  # kept apart from the body like a note
        for line in wrap(text, 115, font="Helvetica-Oblique", size=8):
            pdf.setFont("Helvetica-Oblique", 8)
            pdf.drawString(420, y, line)
            y -= 10
        y -= 6
    pdf.showPage()
    pdf.save()
    return layout
