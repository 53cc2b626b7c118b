"""Read plain text and Markdown: decode the bytes robustly, then strip Markdown syntax.

Decoding prefers UTF-8 (with or without BOM) and then cp1252, because Dutch text from Windows is by
far the most common non-UTF-8 case ("één", "coöperatie" must come out right); charset-normalizer
only decides when neither fits. Markdown keeps its structure as plain paragraphs: headings stand
alone, list items keep a "- " marker on their own line, tables become "cell | cell" rows.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from ingest.cleaning import (
    assemble_paragraphs,
    join_lines,
    looks_like_binary,
    normalise_characters,
    repair_mojibake,
    vocabulary_of,
)
from ingest.extracted import ExtractedText
from rodedraad.errors import CorruptFile, EmptyDocument

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# cp1252 bytes that are unassigned: a "cp1252" file containing them is something else.
_CP1252_HOLES = frozenset(b"\x81\x8d\x8f\x90\x9d")

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_FIELD = re.compile(r"^(title|date)\s*:\s*[\"']?(.*?)[\"']?\s*$", re.IGNORECASE | re.MULTILINE)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Template tags of static site generators (Liquid/Jekyll, Jinja, Hugo shortcodes): never text to read.
_TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.DOTALL)
_HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[a-zA-Z][\w:-]*(?:\s+[^<>]*?)?/?>")
_FENCE = re.compile(r"^\s*(```|~~~)")
_ATX_HEADING = re.compile(r"^\s{0,3}(?:[-*+]\s+)?(#{1,6})\s*(.*?)\s*#*\s*$")
_SETEXT_RULE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_HORIZONTAL_RULE = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BULLET = re.compile(r"^(\s*)[-*+•]\s+(?:\[[ xX]\]\s+)?")
_NUMBERED = re.compile(r"^(\s*)(\d{1,3})[.)]\s+")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)|!\[([^\]]*)\]\[[^\]]*\]")
_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_REFERENCE_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^>\s]+)>")
_INLINE_CODE = re.compile(r"`+([^`]*)`+")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS_STAR = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_STRAY_MARKERS = re.compile(r"(?<!\w)(?:\*\*|__|\*)(?!\w)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_HARD_BREAK = re.compile(r"(?: {2,}|\\)$")
_ENTITY = re.compile(r"&(nbsp|amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);")


def read_text(path: Path, data: bytes) -> ExtractedText:
    """A .txt file: decoded, characters cleaned, hyphenation at line ends repaired, paragraphs kept."""
    text = normalise_characters(decode_text(path, data))
    paragraphs = [p for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
    vocabulary = vocabulary_of(paragraphs)
    cleaned = assemble_paragraphs(_join_hyphenated_lines(p.split("\n"), vocabulary) for p in paragraphs)
    if not cleaned:
        raise EmptyDocument(str(path), "contains no text")
    return ExtractedText(text=cleaned, format="text")


def read_markdown(path: Path, data: bytes) -> ExtractedText:
    """A Markdown file: front matter gives title/date; the body becomes plain paragraphs."""
    text = decode_text(path, data)
    title, date, body = _split_front_matter(text)
    paragraphs = markdown_paragraphs(body)
    cleaned = assemble_paragraphs(normalise_characters(p) for p in paragraphs)
    if not cleaned:
        raise EmptyDocument(str(path), "contains no text")
    return ExtractedText(text=cleaned, format="markdown", title=title, date=date)


def decode_text(path: Path, data: bytes) -> str:
    """Bytes to text with "\n" newlines: BOMs honoured, UTF-8 then cp1252, charset-normalizer last.

    Broken double encodings are repaired; characters are not normalised yet (see cleaning).

    Raises :class:`CorruptFile` for binary data.
    """
    has_wide_bom = data.startswith(tuple(bom for bom, encoding in _BOMS if encoding != "utf-8-sig"))
    if b"\x00" in data[:4096] and not has_wide_bom:
        raise CorruptFile(str(path), "contains binary data, not text")
    text = _decode(data)
    if text is None or looks_like_binary(text):
        raise CorruptFile(str(path), "contains binary data, not text")
    return repair_mojibake(text.replace("\r\n", "\n").replace("\r", "\n"))


def _decode(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if not _CP1252_HOLES.intersection(data):
        return data.decode("cp1252")
    best = from_bytes(data).best()
    return str(best) if best is not None else None


def _join_hyphenated_lines(lines: list[str], vocabulary: frozenset[str]) -> str:
    """Keep the lines of a plain-text paragraph, but mend words broken by a hyphen at a line end."""
    out: list[str] = []
    for line in (raw.strip() for raw in lines):
        if not line:
            continue
        if out and re.search(r"\w-$", out[-1]) and line[:1].isalpha():
            out[-1] = join_lines([out[-1], line], vocabulary)
        else:
            out.append(line)
    return "\n".join(out)


def _split_front_matter(text: str) -> tuple[str | None, str | None, str]:
    match = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        return None, None, text
    found = _FRONT_FIELD.findall(match.group(1))
    fields = {key.lower(): normalise_characters(value).strip() for key, value in found}
    date = fields.get("date")
    date_match = re.match(r"\d{4}-\d{2}-\d{2}", date or "")
    return fields.get("title") or None, date_match.group() if date_match else None, text[match.end() :]


def markdown_paragraphs(markdown: str) -> list[str]:
    """Markdown (or trafilatura's markdown output) as clean plain-text paragraphs."""
    markdown = _TEMPLATE_TAG.sub("", _HTML_COMMENT.sub("", markdown))
    markdown = _HTML_BREAK.sub("\n", markdown)
    markdown = re.sub(r"(?im)^\s*<meta\b[^>]*>\s*$", "", markdown)
    lines = markdown.split("\n")
    paragraphs: list[str] = []
    block: list[str] = []  # lines of the paragraph being built, already inline-cleaned
    block_kind = "text"

    def flush() -> None:
        nonlocal block, block_kind
        if block:
            paragraphs.append("\n".join(block) if block_kind == "table" else _join_markdown_lines(block))
        block, block_kind = [], "text"

    in_fence = False
    for raw in lines:
        if _FENCE.match(raw):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            if raw.strip():
                block.append(raw.strip())
            continue
        line = _QUOTE.sub("", raw).rstrip()
        hard_break = bool(_HARD_BREAK.search(raw))
        if not line.strip():
            flush()
            continue
        if _LINK_DEFINITION.match(line) or _HORIZONTAL_RULE.match(line) or _SETEXT_RULE.match(line):
            flush()  # a rule, or the underline of a setext heading: the text above is its own paragraph
            continue
        heading = _ATX_HEADING.match(line)
        if heading:
            flush()
            if heading.group(2).strip():
                paragraphs.append(clean_inline(heading.group(2)))
            continue
        if _TABLE_ROW.match(line):
            if block_kind != "table":
                flush()
                block_kind = "table"
            if not _TABLE_SEPARATOR.match(line):
                cells = [clean_inline(cell) for cell in _split_table_row(line)]
                row = " | ".join(cell for cell in cells if cell)
                if row:
                    block.append(row)
            continue
        if block_kind == "table":
            flush()
        bullet = _BULLET.match(line)
        numbered = _NUMBERED.match(line)
        if bullet:
            line = "- " + line[bullet.end() :]
        elif numbered:
            line = f"{numbered.group(2)}. " + line[numbered.end() :]
        cleaned = clean_inline(line.strip())
        if cleaned:
            if hard_break:
                cleaned += "\n"  # marker for _join_markdown_lines
            block.append(cleaned)
    flush()
    return [p for p in paragraphs if p.strip()]


def _split_table_row(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return re.split(r"(?<!\\)\|", inner)


def _join_markdown_lines(lines: list[str]) -> str:
    """Soft-wrapped lines join with a space; list items and hard breaks keep their own line."""
    groups: list[list[str]] = [[]]
    for line in lines:
        ends_with_break = line.endswith("\n")
        groups[-1].append(line.rstrip("\n"))
        if ends_with_break:
            groups.append([])
    return "\n".join(join_lines(group) for group in groups if group)


def clean_inline(text: str) -> str:
    """Remove inline Markdown/HTML syntax: links keep their text, emphasis markers and tags go."""
    text = _IMAGE.sub("", text)
    text = _AUTOLINK.sub(r"\1", text)
    for _ in range(2):  # links inside emphasis and emphasis inside links
        text = _LINK.sub(r"\1", text)
        text = _REFERENCE_LINK.sub(r"\1", text)
    text = _INLINE_CODE.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    for _ in range(2):
        text = _STRONG.sub(r"\2", text)
        text = _STRIKE.sub(r"\1", text)
        text = _EMPHASIS_STAR.sub(r"\1", text)
        text = _EMPHASIS_UNDERSCORE.sub(r"\1", text)
    text = _STRAY_MARKERS.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    text = _ENTITY.sub(_entity, text)
    return " ".join(text.split())


def _entity(match: re.Match[str]) -> str:
    name = match.group(1)
    named = {"nbsp": " ", "amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
    if name in named:
        return named[name]
    try:
        return chr(int(name[2:], 16) if name.startswith("#x") else int(name[1:]))
    except ValueError:
        return match.group()
