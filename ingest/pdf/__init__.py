"""Reading PDFs: PDFium text in reading order, pdfplumber only for ruled tables.

    model.py     words (or runs of words), tables, lines, pages
    words.py     PDFium words of a page, merged into runs where no table needs single words
                 (rotated text, footnote markers and line-break marks dealt with)
    tables.py    ruled tables as "cell | cell" rows: pdfplumber's table algorithm on PDFium's path
                 segments, only on the pages whose ruling asks for it
    layout.py    column gutters and the lines of a page in reading order
    assemble.py  running headers/footers, footnotes, paragraphs, hyphenation, page spans
    reader.py    read_pdf: errors, pages, title and date
"""

from ingest.pdf.reader import read_pdf

__all__ = ["read_pdf"]
