"""Regenerate the PDF and DOCX documents of the demo corpus from their source text in ``corpora/src/``.

Run ``python corpora/build.py`` (needs reportlab and python-docx, both in the dev extras). The output is
byte-for-byte deterministic: reportlab runs in invariant mode (fixed dates and document id) and the DOCX
package is rewritten with fixed zip timestamps, so regenerating does not change committed files.

Source format (``*.src``, UTF-8): ``@key: value`` metadata lines first (title, author, subject, date,
header), then blocks separated by blank lines: ``# `` title, ``## `` heading, ``### `` subheading,
``- `` list items (one per line), ``| a | b |`` table rows (first row is the header), anything else a
paragraph. The evaluation anchors in ``annotations.json`` are checked against this source text.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent
SOURCE_DIR = CORPUS_DIR / "src"

# source file -> generated file (relative to corpora/)
PDF_TARGETS = {
    "convenant-een-welzijnsbudget-lindeveen.src": "covenanten/convenant-een-welzijnsbudget-lindeveen.pdf"
}
DOCX_TARGETS = {
    "samenwerkingsafspraken-jeugd-lindestreek.src": "covenanten/samenwerkingsafspraken-jeugd-lindestreek.docx"
}

# Break points for long Dutch compounds, so that reportlab hyphenates some words across lines in the PDF
# (exercising hyphenation repair in ingest). Soft hyphens are only added in the PDF, never in the source.
SOFT_HYPHENATION = {
    "populatiegebonden": "popu\xadlatie\xadgebonden",
    "basisvoorzieningen": "basis\xadvoor\xadzieningen",
    "samenwerkingsverband": "samen\xadwerkings\xadverband",
    "maatschappelijke": "maat\xadschap\xadpelijke",
    "verantwoording": "ver\xadant\xadwoording",
    "administratieve": "admi\xadnistra\xadtieve",
    "subsidieaanvragen": "subsidie\xadaan\xadvragen",
    "maatwerkvoorzieningen": "maatwerk\xadvoor\xadzieningen",
    "mantelzorgondersteuning": "mantelzorg\xadonder\xadsteuning",
    "organisaties": "orga\xadnisa\xadties",
    "ondersteuning": "onder\xadsteuning",
    "welzijnsbehoeften": "welzijns\xadbehoeften",
    "beroepskrachten": "beroeps\xadkrachten",
    "vrijwilligerscoördinator": "vrijwilligers\xadcoördinator",
}


@dataclass
class Block:
    kind: str  # title | heading | subheading | paragraph | list | table
    lines: list[str] = field(default_factory=list)


@dataclass
class SourceDocument:
    meta: dict[str, str]
    blocks: list[Block]


def parse_source(text: str) -> SourceDocument:
    meta: dict[str, str] = {}
    blocks: list[Block] = []
    body_lines: list[str] = []
    for line in text.splitlines():
        if line.startswith("@") and not body_lines and ":" in line:
            key, value = line[1:].split(":", 1)
            meta[key.strip()] = value.strip()
        else:
            body_lines.append(line)
    chunk: list[str] = []
    for line in [*body_lines, ""]:
        if line.strip():
            chunk.append(line.rstrip())
            continue
        if chunk:
            blocks.append(_block_from_lines(chunk))
            chunk = []
    return SourceDocument(meta, blocks)


def _block_from_lines(lines: list[str]) -> Block:
    first = lines[0]
    if first.startswith("### "):
        return Block("subheading", [first[4:]])
    if first.startswith("## "):
        return Block("heading", [first[3:]])
    if first.startswith("# "):
        return Block("title", [first[2:]])
    if first.startswith("- "):
        return Block("list", [line[2:] for line in lines])
    if first.startswith("|"):
        return Block("table", lines)
    return Block("paragraph", [" ".join(lines)])


def table_rows(block: Block) -> list[list[str]]:
    return [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in block.lines]


def source_text(document: SourceDocument) -> str:
    """The plain text of a source document, paragraphs separated by blank lines (what anchors match)."""
    parts: list[str] = []
    for block in document.blocks:
        if block.kind == "table":
            parts.extend(" ".join(row) for row in table_rows(block))
        else:
            parts.extend(block.lines)
    return "\n\n".join(parts)


def _soft_hyphenate(text: str) -> str:
    words = text.split(" ")
    return " ".join(SOFT_HYPHENATION.get(word, word) for word in words)


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def build_pdf(document: SourceDocument, target: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        FrameBreak,
        KeepTogether,
        NextPageTemplate,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    width, height = A4
    margin, gap, title_height = 2.3 * cm, 0.9 * cm, 4.2 * cm
    column_width = (width - 2 * margin - gap) / 2
    column_height = height - 2 * margin
    header_text = document.meta.get("header", document.meta.get("title", ""))

    def draw_running_header_and_footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(colors.HexColor("#444444"))
        canvas.drawString(margin, height - margin + 0.9 * cm, header_text)
        canvas.drawRightString(width - margin, height - margin + 0.9 * cm, "Gemeente Lindeveen")
        canvas.setStrokeColor(colors.HexColor("#888888"))
        canvas.line(margin, height - margin + 0.7 * cm, width - margin, height - margin + 0.7 * cm)
        canvas.line(margin, margin - 0.6 * cm, width - margin, margin - 0.6 * cm)
        canvas.drawString(margin, margin - 1.0 * cm, "Ondertekende versie, 24 juni 2026")
        canvas.drawRightString(width - margin, margin - 1.0 * cm, f"Pagina {doc.page}")
        canvas.restoreState()

    def column_frames(top: float) -> list[Frame]:
        return [
            Frame(margin, margin, column_width, top - margin, id="left", leftPadding=0, rightPadding=0),
            Frame(
                margin + column_width + gap,
                margin,
                column_width,
                top - margin,
                id="right",
                leftPadding=0,
                rightPadding=0,
            ),
        ]

    first_frames = [
        Frame(
            margin,
            height - margin - title_height,
            width - 2 * margin,
            title_height,
            id="title",
            leftPadding=0,
            rightPadding=0,
        ),
        *column_frames(height - margin - title_height),
    ]
    doc = BaseDocTemplate(
        str(target),
        pagesize=A4,
        invariant=1,
        title=document.meta.get("title", ""),
        author=document.meta.get("author", ""),
        subject=document.meta.get("subject", ""),
        creator="rodedraad corpora/build.py",
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
    )
    doc.addPageTemplates(
        [
            PageTemplate(id="first", frames=first_frames, onPage=draw_running_header_and_footer),
            PageTemplate(
                id="columns",
                frames=column_frames(margin + column_height),
                onPage=draw_running_header_and_footer,
            ),
        ]
    )

    body = ParagraphStyle(
        "body",
        fontName="Helvetica",
        fontSize=10.5,
        leading=14.2,
        alignment=TA_JUSTIFY,
        spaceAfter=6,
        embeddedHyphenation=1,
        splitLongWords=0,
    )
    bullet = ParagraphStyle(
        "bullet", parent=body, alignment=TA_LEFT, leftIndent=10, bulletIndent=0, spaceAfter=3
    )
    heading = ParagraphStyle(
        "heading",
        fontName="Helvetica-Bold",
        fontSize=11.5,
        leading=15,
        spaceBefore=8,
        spaceAfter=4,
        keepWithNext=1,
    )
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=18, leading=22, spaceAfter=8)
    lead = ParagraphStyle("lead", fontName="Helvetica-Oblique", fontSize=11, leading=15)

    story: list[object] = [NextPageTemplate("columns")]
    seen_title = lead_done = False
    for block in document.blocks:
        if block.kind == "title":
            story.append(Paragraph(_xml_escape(block.lines[0]), title))
            seen_title = True
        elif seen_title and block.kind == "paragraph" and not lead_done:
            story.append(Paragraph(_xml_escape(block.lines[0]), lead))
            story.append(FrameBreak())
            lead_done = True
        elif block.kind in ("heading", "subheading"):
            story.append(Paragraph(_xml_escape(block.lines[0]), heading))
        elif block.kind == "list":
            for item in block.lines:
                story.append(Paragraph(_xml_escape(_soft_hyphenate(item)), bullet, bulletText="–"))
            story.append(Spacer(1, 4))
        elif block.kind == "table":
            rows = table_rows(block)
            cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=7.5, leading=9.5)
            data = [[Paragraph(_xml_escape(value), cell) for value in row] for row in rows]
            table = Table(data, colWidths=[column_width * 0.44, column_width * 0.26, column_width * 0.30])
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#888888")),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story.append(KeepTogether([table]))
        else:
            story.append(Paragraph(_xml_escape(_soft_hyphenate(block.lines[0])), body))
    doc.build(story)


def build_docx(document: SourceDocument, target: Path) -> None:
    import docx
    from docx.shared import Pt

    word = docx.Document()
    fixed = dt.datetime.fromisoformat(document.meta.get("date", "2026-01-01") + "T09:00:00")
    properties = word.core_properties
    properties.title = document.meta.get("title", "")
    properties.author = document.meta.get("author", "")
    properties.subject = document.meta.get("subject", "")
    properties.last_modified_by = document.meta.get("author", "")
    properties.created = fixed
    properties.modified = fixed
    properties.revision = 1
    properties.keywords = "jeugdhulp; wachttijden; samenwerkingsafspraken"
    word.styles["Normal"].font.name = "Calibri"
    word.styles["Normal"].font.size = Pt(11)

    for block in document.blocks:
        if block.kind == "title":
            word.add_heading(block.lines[0], level=0)
        elif block.kind == "heading":
            word.add_heading(block.lines[0], level=1)
        elif block.kind == "subheading":
            word.add_heading(block.lines[0], level=2)
        elif block.kind == "list":
            for item in block.lines:
                word.add_paragraph(item, style="List Bullet")
        elif block.kind == "table":
            rows = table_rows(block)
            table = word.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for row_cells, values in zip(table.rows, rows, strict=True):
                for cell, value in zip(row_cells.cells, values, strict=True):
                    cell.text = value
            for cell in table.rows[0].cells:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
        else:
            word.add_paragraph(block.lines[0])

    buffer = io.BytesIO()
    word.save(buffer)
    target.write_bytes(_with_fixed_zip_timestamps(buffer.getvalue()))


def _with_fixed_zip_timestamps(package: bytes) -> bytes:
    """python-docx stamps zip entries with the current time; rewrite them so the file is reproducible."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dest.writestr(entry, source.read(info.filename))
    return out.getvalue()


def load_source(name: str) -> SourceDocument:
    return parse_source((SOURCE_DIR / name).read_text(encoding="utf-8"))


def main() -> None:
    for name, relative in PDF_TARGETS.items():
        target = CORPUS_DIR / relative
        build_pdf(load_source(name), target)
        print(f"wrote {target.relative_to(CORPUS_DIR)}")
    for name, relative in DOCX_TARGETS.items():
        target = CORPUS_DIR / relative
        build_docx(load_source(name), target)
        print(f"wrote {target.relative_to(CORPUS_DIR)}")


if __name__ == "__main__":
    main()
