"""Files that cannot be read: each raises its own IngestError with a one-line message naming the file."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ingest.readers import read_file
from rodedraad.errors import CorruptFile, EmptyDocument, FileTooLarge, IngestError, UnsupportedFormat


def assert_names_file(error: IngestError, path: Path) -> None:
    message = str(error)
    assert message.startswith(f"{path}: "), message
    assert "\n" not in message
    assert error.path == str(path)


@pytest.mark.parametrize("name", ["leeg.pdf", "leeg.txt", "leeg.docx", "leeg.md", "leeg.html", "leeg.xml"])
def test_empty_file_raises_empty_document(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(EmptyDocument) as caught:
        read_file(path)
    assert_names_file(caught.value, path)


def test_whitespace_only_file_raises_empty_document(tmp_path: Path) -> None:
    path = tmp_path / "spaties.txt"
    path.write_text(" \n\t\n  ", encoding="utf-8")
    with pytest.raises(EmptyDocument):
        read_file(path)


def test_markup_without_text_raises_empty_document(tmp_path: Path) -> None:
    path = tmp_path / "leeg.html"
    path.write_text("<html><body><script>var x = 1;</script></body></html>", encoding="utf-8")
    with pytest.raises(EmptyDocument) as caught:
        read_file(path)
    assert_names_file(caught.value, path)


def test_docx_that_is_not_a_zip_raises_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "nep.docx"
    path.write_text("Dit is platte tekst met een .docx-extensie.", encoding="utf-8")
    with pytest.raises(CorruptFile) as caught:
        read_file(path)
    assert_names_file(caught.value, path)
    assert "zip" in str(caught.value)


def test_zip_without_word_document_raises_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "archief.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notities.txt", "geen Word-document")
    with pytest.raises(CorruptFile) as caught:
        read_file(path)
    assert_names_file(caught.value, path)


def test_old_doc_format_raises_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "oud.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(CorruptFile, match=r"old \.doc"):
        read_file(path)


def test_oversized_file_raises_file_too_large(tmp_path: Path) -> None:
    path = tmp_path / "groot.txt"
    path.write_text("woord " * 200, encoding="utf-8")
    with pytest.raises(FileTooLarge) as caught:
        read_file(path, max_bytes=100)
    assert_names_file(caught.value, path)
    assert "1200 bytes" in str(caught.value) and "100 bytes" in str(caught.value)
    assert caught.value.http_status == 413


@pytest.mark.parametrize("name", ["presentatie.pptx", "tabel.xlsx", "README"])
def test_unknown_suffix_raises_unsupported_format_naming_supported_ones(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"inhoud")
    with pytest.raises(UnsupportedFormat) as caught:
        read_file(path)
    assert_names_file(caught.value, path)
    message = str(caught.value)
    assert (Path(name).suffix or "without a suffix") in message
    assert ".pdf" in message and ".docx" in message and ".md" in message


def test_missing_file_raises_ingest_error(tmp_path: Path) -> None:
    path = tmp_path / "bestaat-niet.pdf"
    with pytest.raises(IngestError, match="does not exist") as caught:
        read_file(path)
    assert_names_file(caught.value, path)


def test_binary_junk_in_text_file_raises_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "binair.txt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(CorruptFile) as caught:
        read_file(path)
    assert_names_file(caught.value, path)


def test_malformed_xml_raises_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "kapot.xml"
    path.write_text("<publicatie><al>Open element zonder einde</publicatie>", encoding="utf-8")
    with pytest.raises(CorruptFile) as caught:
        read_file(path)
    assert_names_file(caught.value, path)
    assert "well-formed" in str(caught.value)


def test_xml_entities_are_not_expanded(tmp_path: Path) -> None:
    path = tmp_path / "entiteit.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<d><al>Tekst &x; hier</al></d>",
        encoding="utf-8",
    )
    assert "root:" not in read_file(path).text
