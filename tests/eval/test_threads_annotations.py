"""The common-threads gold (eval/threads) stays consistent with its drafts and with the demo corpus.

Every anchor must be found exactly once where the evaluation looks for it: gap anchors in the draft, commitment
anchors in the text ingest extracts from the corpus file (PDF and DOCX included). No model is loaded.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from ingest.pipeline import parse_file

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpora"
THREADS = REPO / "eval" / "threads"
DATA = json.loads((THREADS / "annotations.json").read_text(encoding="utf-8"))
CORPUS_DATA = json.loads((CORPUS / "annotations.json").read_text(encoding="utf-8"))
COMMITMENTS_GOLD = json.loads((REPO / "eval" / "commitments_gold.json").read_text(encoding="utf-8"))
DRAFTS = DATA["drafts"]
DRAFT_IDS = [draft["id"] for draft in DRAFTS]
# the longest run of words a draft may share with the corpus: names and set phrases, not copied sentences
MAX_SHARED_WORDS = 9


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _draft_text(draft: dict[str, object]) -> str:
    return (THREADS / "drafts" / str(draft["file"])).read_text(encoding="utf-8")


@cache
def _extracted(file: str) -> str:
    """The text of every document ingest makes of a corpus file, whitespace collapsed."""
    _, documents = parse_file(CORPUS / file, source=file)
    return "\n".join(_collapse(item.document.text) for item in documents)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def test_every_draft_file_is_annotated_once_and_ids_are_unique() -> None:
    files = sorted(path.name for path in (THREADS / "drafts").glob("*.md"))
    assert files == sorted(draft["file"] for draft in DRAFTS)
    assert len(set(DRAFT_IDS)) == len(DRAFT_IDS) >= 5


@pytest.mark.parametrize("draft", DRAFTS, ids=DRAFT_IDS)
def test_draft_is_a_realistic_length(draft: dict[str, object]) -> None:
    assert 250 <= len(_draft_text(draft).split()) <= 1000


def test_at_least_one_draft_is_about_a_thousand_words() -> None:
    assert max(len(_draft_text(draft).split()) for draft in DRAFTS) >= 900


@pytest.mark.parametrize("draft", DRAFTS, ids=DRAFT_IDS)
def test_themes_and_tensions_name_annotations_of_the_demo_corpus(draft: dict[str, object]) -> None:
    themes = {theme["id"] for theme in CORPUS_DATA["themes"]}
    tensions = {tension["id"] for tension in CORPUS_DATA["tensions"]}
    assert draft["themes"] and set(draft["themes"]) <= themes  # type: ignore[arg-type]
    assert len(set(draft["themes"])) == len(draft["themes"])  # type: ignore[arg-type]
    ids = [item["id"] for item in draft["tensions"]]  # type: ignore[attr-defined]
    assert ids and set(ids) <= tensions and len(set(ids)) == len(ids)


@pytest.mark.parametrize("draft", DRAFTS, ids=DRAFT_IDS)
def test_gap_anchors_occur_once_in_their_draft_outside_headings(draft: dict[str, object]) -> None:
    text = _draft_text(draft)
    gaps = draft["gaps"]
    assert isinstance(gaps, list) and 2 <= len(gaps) <= 4
    for anchor in gaps:
        assert text.count(anchor) == 1, anchor
        line = next(line for line in text.splitlines() if anchor in line)
        assert not line.lstrip().startswith("#"), anchor
        assert "*" not in anchor and "\n" not in anchor


@pytest.mark.parametrize("draft", DRAFTS, ids=DRAFT_IDS)
def test_commitment_anchors_occur_once_in_the_extracted_corpus_text(draft: dict[str, object]) -> None:
    locations = draft["commitments"]
    assert isinstance(locations, list) and locations
    seen = set()
    for location in locations:
        key = (location["file"], location["anchor"])
        assert key not in seen, key
        seen.add(key)
        assert _extracted(location["file"]).count(_collapse(location["anchor"])) == 1, key


@pytest.mark.parametrize("draft", DRAFTS, ids=DRAFT_IDS)
def test_commitments_are_gold_commitments(draft: dict[str, object]) -> None:
    """A reader's commitment is one the commitment gold knows, so a miss is never an annotation mismatch."""
    gold = {(c["file"], c["anchor"]) for c in CORPUS_DATA["commitments"] + COMMITMENTS_GOLD["demo_commitments"]}
    for location in draft["commitments"]:  # type: ignore[attr-defined]
        assert (location["file"], location["anchor"]) in gold, location


@pytest.mark.parametrize("draft", DRAFTS, ids=DRAFT_IDS)
def test_draft_paraphrases_the_corpus_instead_of_copying_it(draft: dict[str, object]) -> None:
    corpus = " ".join(" ".join(_words(_extracted(doc["file"]))) for doc in CORPUS_DATA["documents"])
    words = _words(_draft_text(draft))
    n = MAX_SHARED_WORDS + 1
    copied = [" ".join(words[i:i + n]) for i in range(len(words) - n + 1)
              if f" {' '.join(words[i:i + n])} " in f" {corpus} "]
    assert not copied, copied[:3]


@pytest.mark.parametrize("draft", DRAFTS, ids=DRAFT_IDS)
def test_gap_sentences_share_no_long_phrase_with_the_corpus(draft: dict[str, object]) -> None:
    """A gap is about something the corpus never mentions: not even five words in a row come from it
    (names of places and organisations, "voor de hele gemeente", are short enough to pass)."""
    corpus = " " + " ".join(" ".join(_words(_extracted(doc["file"]))) for doc in CORPUS_DATA["documents"]) + " "
    text = _draft_text(draft)
    for anchor in draft["gaps"]:  # type: ignore[attr-defined]
        sentence = next(s for s in re.split(r"(?<=[.!?])\s+", _collapse(text)) if anchor in s)
        words = _words(sentence)
        shared = [" ".join(words[i:i + 5]) for i in range(len(words) - 4)
                  if f" {' '.join(words[i:i + 5])} " in corpus]
        assert not shared, (anchor, shared)
