"""The demo corpus and its gold annotations stay consistent with each other and with the seed offsets.

Anchors are how evaluation finds a passage whatever the chunking, so each must occur exactly once in its
file: in the raw text for md/txt/html, in the source text (``corpora/src``) for the generated PDF and DOCX,
and, where ingest can already read the file, in the extracted text too.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rodedraad.records import DOCUMENT_KINDS

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpora"
ANNOTATIONS = CORPUS / "annotations.json"
SEED_QUERIES = REPO / "eval" / "seed_queries.json"
SHARED = Path(os.environ.get("RODEDRAAD_SHARED", REPO / ".." / "shared"))
DOCUMENT_FOLDERS = ("covenanten", "beleid", "blogs")
GENERATED_SUFFIXES = (".pdf", ".docx")

DEADLINE_FORMATS = (
    r"\d{4}-\d{2}-\d{2}",  # ISO date
    r"\d{4}-\d{2}",  # month
    r"\d{4}",  # year
    r"\d{4}-Q[1-4]",  # quarter
    r"\d{4}-H[12]",  # half year
    r"\d{4}/\d{4}",  # span of years
    r"P\d+[DWMY]",  # relative: ISO 8601 duration
)


def _load_build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpora_build", CORPUS / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


BUILD = _load_build_module()
DATA = json.loads(ANNOTATIONS.read_text(encoding="utf-8"))


def _collapse_whitespace(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _source_path(file: str) -> Path:
    """The file whose text the anchors are written against."""
    for source_name, target in {**BUILD.PDF_TARGETS, **BUILD.DOCX_TARGETS}.items():
        if target == file:
            return CORPUS / "src" / source_name
    return CORPUS / file


def _annotated_text(file: str) -> str:
    path = _source_path(file)
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".src":
        return str(BUILD.source_text(BUILD.parse_source(text)))
    return text


def _all_locations() -> Iterator[tuple[str, str, str]]:
    """(where, file, anchor) for every anchored location in the annotations."""
    for item in DATA["commitments"]:
        yield "commitment", item["file"], item["anchor"]
    for item in DATA["non_commitments"]:
        yield "non_commitment", item["file"], item["anchor"]
    for tension in DATA["tensions"]:
        for passage in tension["passages"]:
            yield f"tension {tension['id']}", passage["file"], passage["anchor"]
    for theme in DATA["themes"]:
        for passage in theme["passages"]:
            yield f"theme {theme['id']}", passage["file"], passage["anchor"]
    for query in DATA["queries"]:
        for answer in query["relevant"]:
            yield f"query {query['id']}", answer["file"], answer["anchor"]


LOCATIONS = list(_all_locations())
ANNOTATED_FILES = sorted({file for _, file, _ in LOCATIONS} | {doc["file"] for doc in DATA["documents"]})


def _corpus_documents() -> list[str]:
    return sorted(
        path.relative_to(CORPUS).as_posix()
        for folder in DOCUMENT_FOLDERS
        for path in (CORPUS / folder).rglob("*")
        if path.is_file()
    )


# ---- files and documents


def test_every_document_file_in_the_corpus_is_annotated_and_exists() -> None:
    assert _corpus_documents() == sorted({doc["file"] for doc in DATA["documents"]})
    for file in ANNOTATED_FILES:
        assert (CORPUS / file).is_file(), file
        assert _source_path(file).is_file(), file


def test_corpus_has_the_required_mix_of_kinds_and_formats() -> None:
    kinds = [doc["kind"] for doc in DATA["documents"]]
    assert all(kind in DOCUMENT_KINDS for kind in kinds)
    for kind in ("covenant", "policy_note", "blog"):
        assert kinds.count(kind) >= 4, kind
    files = _corpus_documents()
    assert len(files) >= 14
    assert {Path(file).suffix for file in files} >= {".md", ".txt", ".html", ".pdf", ".docx"}
    multi_post_files = [file for file in files if sum(doc["file"] == file for doc in DATA["documents"]) >= 2]
    assert multi_post_files, "a saved web page with several posts is needed to exercise article splitting"


def test_document_titles_occur_in_their_files_and_metadata_is_complete() -> None:
    for doc in DATA["documents"]:
        assert doc["title"] in _annotated_text(doc["file"]), doc["title"]
        assert doc["organisations"], doc["id"]
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", doc["date"]), doc["date"]
    assert len({doc["id"] for doc in DATA["documents"]}) == len(DATA["documents"])


def test_documents_are_300_to_1500_words() -> None:
    for file in _corpus_documents():
        text = _annotated_text(file)
        if file.endswith(".html"):
            text = re.sub(r"<[^>]+>", " ", text)
        posts = sum(doc["file"] == file for doc in DATA["documents"])
        assert 300 * posts <= len(text.split()), file
        assert len(text.split()) <= 1500 * posts, file


# ---- anchors


@pytest.mark.parametrize("file", ANNOTATED_FILES)
def test_every_anchor_occurs_exactly_once_in_its_file(file: str) -> None:
    text = _annotated_text(file)
    problems = [
        f"{where}: {text.count(anchor)}x {anchor!r}"
        for where, anchor_file, anchor in LOCATIONS
        if anchor_file == file and text.count(anchor) != 1
    ]
    assert not problems, "\n".join(problems)


def test_anchors_hold_no_markup_and_answers_have_at_least_six_words() -> None:
    for where, file, anchor in LOCATIONS:
        assert "<" not in anchor and "**" not in anchor and "\n" not in anchor, (where, anchor)
        if file.endswith(".html"):
            assert re.sub(r"<[^>]+>", "", _annotated_text(file)).count(anchor) == 1, (where, anchor)
    for query in DATA["queries"]:
        for answer in query["relevant"]:
            assert len(answer["anchor"].split()) >= 6, (query["id"], answer["anchor"])
    for item in DATA["commitments"]:
        assert len(item["anchor"].split()) >= 6, item["anchor"]


def _extracted_text(file: str) -> str:
    readers = pytest.importorskip("ingest.readers")
    extracted = readers.read_file(CORPUS / file)
    return _collapse_whitespace(str(getattr(extracted, "text", extracted)))


def _extraction_problems(file: str) -> list[str]:
    text = _extracted_text(file)
    return [
        f"{where}: {text.count(_collapse_whitespace(anchor))}x {anchor!r}"
        for where, anchor_file, anchor in LOCATIONS
        if anchor_file == file and text.count(_collapse_whitespace(anchor)) != 1
    ]


@pytest.mark.parametrize("file", [file for file in ANNOTATED_FILES if file.endswith(GENERATED_SUFFIXES)])
def test_anchors_survive_pdf_and_docx_extraction(file: str) -> None:
    problems = _extraction_problems(file)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("file", [file for file in ANNOTATED_FILES if not file.endswith(GENERATED_SUFFIXES)])
def test_anchors_survive_text_and_web_extraction(file: str) -> None:
    problems = _extraction_problems(file)
    assert not problems, "\n".join(problems)


# ---- commitments, non-commitments, tensions, themes, queries


def test_commitments_are_well_formed_and_varied() -> None:
    commitments = DATA["commitments"]
    strengths = {item["strength"] for item in commitments}
    assert strengths == {"binding", "intention", "aspiration"}
    assert sum(item["negated"] for item in commitments) >= 5
    for item in commitments:
        assert item["actors"], item["anchor"]
        deadline = item["deadline"]
        if deadline is None:
            assert item["deadline_type"] is None and item["deadline_text"] is None, item["anchor"]
            continue
        assert any(re.fullmatch(pattern, deadline) for pattern in DEADLINE_FORMATS), deadline
        assert item["deadline_type"] in ("by", "from", "in", "until"), item["anchor"]
        deadline_text = item["deadline_text"]
        assert deadline_text.casefold() in _annotated_text(item["file"]).casefold(), deadline_text
    deadline_words = " ".join(item["deadline_text"] or "" for item in commitments)
    for phrase in (
        "per 1 januari",
        "vóór 1 juli",
        "in 2027",
        "binnen drie maanden",
        "uiterlijk eind",
        "kwartaal",
    ):
        assert phrase in deadline_words, phrase


def test_non_commitments_cover_the_hard_cases() -> None:
    reasons = {item["why"] for item in DATA["non_commitments"]}
    assert reasons >= {"past", "hypothetical", "question", "advice", "parable", "quote_about_others"}
    commitment_anchors = {(item["file"], item["anchor"]) for item in DATA["commitments"]}
    assert not commitment_anchors & {(item["file"], item["anchor"]) for item in DATA["non_commitments"]}


def test_tensions_include_stated_and_between_documents() -> None:
    kinds = [tension["kind"] for tension in DATA["tensions"]]
    assert kinds.count("stated") >= 5 and kinds.count("between") >= 3
    theme_ids = {theme["id"] for theme in DATA["themes"]}
    for tension in DATA["tensions"]:
        assert tension["theme"] in theme_ids and tension["parties"] and tension["passages"], tension["id"]
        if tension["kind"] == "between":
            assert len({passage["file"] for passage in tension["passages"]}) >= 2, tension["id"]


def test_themes_are_shared_across_documents_and_organisations() -> None:
    assert 6 <= len(DATA["themes"]) <= 8
    for theme in DATA["themes"]:
        files = {passage["file"] for passage in theme["passages"]}
        assert len(files) >= 3, theme["id"]
        organisations = {
            org for doc in DATA["documents"] if doc["file"] in files for org in doc["organisations"]
        }
        assert len(organisations) >= 3, theme["id"]


def test_there_are_at_least_30_mostly_paraphrased_queries() -> None:
    queries = DATA["queries"]
    assert len(queries) >= 30
    assert len({query["id"] for query in queries}) == len(queries)
    assert sum(query["paraphrased"] for query in queries) >= 0.8 * len(queries)
    for query in queries:
        assert 1 <= len(query["relevant"]) <= 3, query["id"]
    answered_files = {answer["file"] for query in queries for answer in query["relevant"]}
    assert {Path(file).suffix for file in answered_files} >= {".md", ".txt", ".html", ".pdf", ".docx"}


# ---- generated PDF and DOCX


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.text(alphabet="abcdeëéïoóuvwz ,.;:–‘’“”€0123456789", min_size=1, max_size=60).filter(
            lambda value: (
                value.strip() == value and value != "" and not value.startswith(("-", "|", "@", "#"))
            )
        ),
        min_size=1,
        max_size=6,
    )
)
def test_source_parser_round_trips_plain_paragraphs(paragraphs: list[str]) -> None:
    source = "@title: Test\n\n" + "\n\n".join(paragraphs) + "\n"
    document = BUILD.parse_source(source)
    assert document.meta == {"title": "Test"}
    assert BUILD.source_text(document) == "\n\n".join(paragraphs)


def test_build_reproduces_the_committed_pdf_and_docx(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    pytest.importorskip("docx")
    for source_name, target in BUILD.PDF_TARGETS.items():
        built = tmp_path / Path(target).name
        BUILD.build_pdf(BUILD.load_source(source_name), built)
        assert built.read_bytes() == (CORPUS / target).read_bytes(), f"run python corpora/build.py ({target})"
    for source_name, target in BUILD.DOCX_TARGETS.items():
        built = tmp_path / Path(target).name
        BUILD.build_docx(BUILD.load_source(source_name), built)
        assert built.read_bytes() == (CORPUS / target).read_bytes(), f"run python corpora/build.py ({target})"


def test_pdf_has_three_two_column_pages_with_running_header_and_page_numbers() -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    (target,) = BUILD.PDF_TARGETS.values()
    with pdfplumber.open(CORPUS / target) as pdf:
        assert len(pdf.pages) >= 3
        for number, page in enumerate(pdf.pages, start=1):
            text = page.extract_text() or ""
            assert text.splitlines()[0].startswith("Convenant Eén Welzijnsbudget Lindeveen"), number
            assert f"Pagina {number}" in text.splitlines()[-1]
        body = pdf.pages[1].extract_words()
        middle = pdf.pages[1].width / 2
        assert sum(word["x0"] < middle - 20 for word in body) > 100
        assert sum(word["x0"] > middle + 5 for word in body) > 100
        hyphenated = re.findall(r"\w+-\n\w+", "\n".join(page.extract_text() or "" for page in pdf.pages))
        assert len(hyphenated) >= 3


def test_docx_has_headings_paragraphs_a_table_and_core_properties() -> None:
    docx = pytest.importorskip("docx")
    (target,) = BUILD.DOCX_TARGETS.values()
    document = docx.Document(io.BytesIO((CORPUS / target).read_bytes()))
    styles = [paragraph.style.name for paragraph in document.paragraphs]
    assert "Title" in styles and styles.count("Heading 1") >= 5 and styles.count("Normal") >= 10
    assert len(document.tables) == 1 and len(document.tables[0].rows) >= 4
    assert document.core_properties.title.startswith("Samenwerkingsafspraken Jeugdhulp")
    assert document.core_properties.created is not None


# ---- seed queries


def test_seed_queries_have_spans_within_the_seed_files() -> None:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"no seed files at {seeds}")
    data = json.loads(SEED_QUERIES.read_text(encoding="utf-8"))
    queries = data["queries"]
    assert len(queries) >= 15
    assert len({query["id"] for query in queries}) == len(queries)
    for query in queries:
        assert query["relevant"], query["id"]
        for span in query["relevant"]:
            with open(seeds / span["file"], encoding="utf-8", newline="") as handle:
                text = handle.read()
            assert 0 <= span["start"] < span["end"] <= len(text), (query["id"], span)
            assert len(text[span["start"] : span["end"]].split()) >= 20, (query["id"], span)
            # queries are paraphrases: no run of five query words is copied from the answer
            words = query["query"].lower().split()
            answer = _collapse_whitespace(text[span["start"] : span["end"]].lower())
            assert not any(" ".join(words[i : i + 5]) in answer for i in range(len(words) - 4)), query["id"]
