"""Reading PDFs: PDFium text in reading order, pdfplumber only for ruled tables.

    words.py     PDFium words of a page (rotated text and footnote markers left out), ruling counts
    tables.py    ruled tables as "cell | cell" rows, on the pages whose ruling asks for it
    layout.py    column gutters and the lines of a page in reading order
    assemble.py  running headers/footers, footnotes, paragraphs, hyphenation, page spans
    reader.py    read_pdf: errors, pages, title and date
"""

from ingest.pdf.reader import read_pdf

__all__ = ["read_pdf"]
