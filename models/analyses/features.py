"""Sentence features for the learned layer: the cues the rules read, plus hashed lemma uni/bigrams.

Every feature is a string; a stable hash (CRC32) maps it to one of ``DIMENSIONS`` columns, so the shipped
weights need no vocabulary and inference needs no training data. Cue features carry the prefix ``c:``,
lemma unigrams ``u:``, bigrams ``b:``, the sentence's first two words ``s:``.

Beside them, the sentence's dense vector from the shipped static embedder (models/embedders/static.py, the
fast profile: a mean of token vectors, offline, deterministic): ``sentence_vectors``.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from models.analyses.commitment_forms import commitment_form_features, plural_verb
from models.analyses.report_forms import report_form_features
from models.analyses.tension_features import tension_features
from models.nlp import Token
from rodedraad.dutch import MODAL_FORMS, load_word_list

DIMENSIONS = 1 << 15
# hashed words count less than the cue features: with a few thousand sentences words overfit to documents and
# their subjects. Session 21 measured it on real documents of the product's genres that no training or tuning
# text comes from (Kamerbrieven, council news, municipal budget programmes, a covenant's clauses, blogs; 41
# commitments and 15 tensions judged by hand before any run): 1.0 with the sentence vector at scale 3 found
# commitments P/R 0.63 / 0.46 there, 0.5 with the vector at scale 1 0.63 / 0.76 (tensions 0.33 / 0.20 ->
# 0.45 / 0.33), while the gold LOO's held-out average precision moved 0.813 -> 0.807 and 0.702 -> 0.704.
TEXT_WEIGHT = 0.5
_FIRST_SINGULAR = frozenset({"ik", "mij", "me", "mijn"})
_FIRST_PLURAL = frozenset({"we", "wij", "ons", "onze"})
_YOU = frozenset({"je", "jij", "jouw", "jullie", "u", "uw"})
_NEGATIONS = frozenset({"niet", "geen", "nooit", "niets", "niemand"})
_CONDITIONAL = frozenset({"zou", "zouden", "als", "indien", "mocht", "stel", "tenzij", "wanneer"})
_MOTION_PARTS = frozenset({"constaterende", "overwegende", "verzoekt", "spreekt", "roept", "van", "gehoord"})
_MODAL_GROUPS = MODAL_FORMS | {"verplicht": "must", "verplichten": "must"}
_AGREEMENT_STEMS = ("afspr", "afgespro", "besl", "toezeg", "toegezeg", "zeg", "verplicht", "overeen", "garand",
                    "spreken", "streef", "streven", "ambitie", "voornemen", "voornemens", "inzet", "ontraad")
_PARTY_WORDS = load_word_list("commitment_parties") | load_word_list("tension_roles")
# General Dutch vocabulary of the two labels, read as lemmas: each group is one feature (also crossed with
# the document kind), so that a word the training documents never used still counts through its group.
_LEXICON: dict[str, frozenset[str]] = {
    "conflict": frozenset({
        # not "zorg" or "belang": in policy text mostly care and importance, not worry and interest
        "probleem", "spanning", "conflict", "onrust", "boos", "teleurgesteld", "teleurstelling", "bedroefd",
        "kritiek", "bezwaar", "ongerust", "wantrouwen", "strijd", "ruzie", "frustratie", "onvrede", "klacht",
        "helaas", "jammer", "ongemak", "vervelend", "bedreiging", "dreigen", "onterecht", "onwenselijk",
        "overlast", "weigeren", "ontraden", "oneens", "onvoldoende", "gebrek", "tekort", "risico", "aarzeling",
        "aarzelen", "twijfel", "twijfelen", "bezorgd", "kanttekening", "ergernis", "dilemma", "tegenstelling",
        "botsen", "schuren", "druk", "onduidelijk", "lastig", "moeilijk", "hekelen", "verwijt", "verwijten",
        "tegenvallen", "achterblijven", "afhankelijk",
    }),
    "contrast": frozenset({"maar", "echter", "terwijl", "toch", "alleen", "daarentegen", "wel", "niettemin",
                           "ondanks", "hoewel", "weliswaar", "desondanks"}),
    "money": frozenset({
        "kosten", "verhalen", "schadevergoeding", "vergoeding", "boete", "aansprakelijk", "betalen", "korting",
        "opschorten", "ontbinden", "opzeggen", "zeggenschap", "tarief", "budget", "geld", "schade", "euro",
        "subsidie", "bedrag", "rekening", "loon",
    }),
    "right": frozenset({"mogen", "hoeven", "gerechtigd", "bevoegd", "recht", "bevoegdheid"}),
    "promise": frozenset({
        "toezeggen", "toezegging", "terugkomen", "afspreken", "afspraak", "besluiten", "verplichten", "garanderen",
        "regelen", "uitvoeren", "opstellen", "melden", "informeren", "sturen", "leveren", "aanpassen",
        "onderzoeken", "zorgen", "voornemen", "voornemens", "streven", "inzet", "plan", "organiseren",
        "ontwikkelen", "evalueren", "overleggen", "verstrekken", "publiceren", "verantwoordelijk",
    }),
    "report": frozenset({"zeggen", "vertellen", "aangeven", "uitleggen", "melden", "vragen", "stellen"}),
    "reject": frozenset({"ontraden", "oneens", "kloppen", "weigeren", "afwijzen", "tegen", "verzetten"}),
}
SIGNALS = re.compile(
    r"(?<![\w-])(?:zal|zullen|gaat|gaan|ga|moet|moeten|dient|dienen|mag|mogen|kan|kunnen|hoeft|hoeven|wil|willen|"
    r"ik|wij|we|ons|onze|partijen|niet|geen|maar|echter|toch|afgesproken|afspraken?|besloten|toegezegd|"
    r"toezeggen|zeg|verplicht\w*|zorgt|draagt|meldt|levert|stuurt|informeert|ontraad\w*|klopt|probleem|"
    r"problemen|spanning\w*|zorgen|kritiek|boos|onrust|conflict\w*|kosten|verhalen|schadevergoeding|"
    r"weiger\w*|bezwaar|helaas)(?![\w-])|[A-Z][a-z]+(?:gever|nemer|aanvrager)|\d{4}",
    re.IGNORECASE,
)
# Contrast inside a sentence ("…, terwijl …", "…, maar …"): two positions set against each other.
_INNER_CONTRAST = frozenset({"maar", "terwijl", "echter", "ondanks", "hoewel", "weliswaar", "desondanks",
                             "niettemin", "daarentegen", "integendeel"})
# Evaluations a negation turns into a judgement against something ("niet wenselijk", "klopt niet").
_EVALUATIONS = frozenset({
    "wenselijk", "nodig", "mogelijk", "eens", "klopt", "kloppen", "helpen", "helpt", "doenlijk", "juist",
    "goed", "voldoende", "toe", "tevreden", "verstandig", "haalbaar", "terecht", "gewenst", "eerlijk",
})
# Verbs of the speech act itself: "Ik wil daar twee dingen over zeggen", "Ik ga nu in op …", "Ik begin met …"
# announce what the speaker is about to say, not an action a reader can check later.
_SPEECH_ACTS = load_word_list("commitment_speech_verbs") | frozenset({
    "begin", "beginnen", "langs", "langsgaan", "afronden", "toevoegen", "behandelen", "bespreken", "vragen",
    "opmerken", "aangeven", "stellen", "zeg", "zeggen", "ingaan", "doorgaan", "aansluiten",
})
_HEDGES = frozenset({"misschien", "wellicht", "mogelijk", "waarschijnlijk", "denk", "vind", "volgens", "lijkt"})
_PROCEDURE = frozenset({"motie", "moties", "amendement", "amendementen", "stuk", "dictum", "oordeel"})
_ADDRESS = frozenset({"heer", "mevrouw", "collega", "collega's", "minister", "staatssecretaris", "kabinet",
                      "regering", "lid", "leden"})
_FUTURE_AUX = frozenset({"zal", "zullen", "zult", "ga", "gaat", "gaan"})
_ITEM_MARKER = re.compile(r"^\s*(?:[a-zA-Z][.)]|\d+(?:\.\d+)*[.)]?|[-•–*])\s+")
_LIST_MARKER = re.compile(r"^\s*(?:[a-z]\)|\d+(?:\.\d+)*\.?|[-•–*])\s")


@dataclass(frozen=True)
class SentenceInput:
    """What the features read of one sentence: its text, tokens and where it stands."""

    text: str
    tokens: Sequence[Token]
    kind: str  # the document kind: covenant, policy_note, blog, other
    speaker_role: str | None = None  # member, minister, staatssecretaris, chair (debates), or None
    rule_commitment: str | None = None  # the rules' verdict: None, or the reason ("cue", "scheduled", ...)
    rule_strength: str | None = None
    rule_tension: bool = False  # a tension cue phrase of the rules
    deadline: bool = False
    future_deadline: bool = False
    past: bool = False
    perfect: bool = False
    # forms of the text around the sentence (models/analyses/context_forms.py): a list item under its
    # lead-in, a lead-in that opens a list, a definitions block
    context: tuple[str, ...] = ()


@lru_cache(maxsize=200_000)
def feature_index(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) % DIMENSIONS


def _length_bucket(count: int) -> str:
    for bound in (5, 10, 20, 35, 60):
        if count < bound:
            return str(bound)
    return "long"


def cue_features(item: SentenceInput) -> list[str]:
    words = [token.text.lower() for token in item.tokens]
    alpha = [word for word, token in zip(words, item.tokens, strict=True) if token.is_alpha]
    features = [f"kind={item.kind}", f"speaker={item.speaker_role or 'none'}", f"len={_length_bucket(len(alpha))}"]
    if item.speaker_role:
        features.append(f"kind_speaker={item.kind}_{item.speaker_role}")
    text = item.text.strip()
    if text.endswith("?"):
        features.append("question")
    if text.endswith(":"):
        features.append("ends_colon")
    if _LIST_MARKER.match(text):
        features.append("list_item")
    if alpha and alpha[0] in _MOTION_PARTS:
        features.append(f"motion={alpha[0]}")
    present = set(words)
    first_singular = bool(present & _FIRST_SINGULAR)
    first_plural = bool(present & _FIRST_PLURAL)
    if item.speaker_role and (first_singular or first_plural):
        features.append(f"speaker_first={item.speaker_role}")
    if first_singular:
        features.append("first_singular")
    if first_plural:
        features.append("first_plural")
    if present & _YOU:
        features.append("you")
    if present & _NEGATIONS:
        features.append("negation")
    if alpha and alpha[0] in _CONDITIONAL:
        features.append("conditional_opener")
    groups = sorted({_MODAL_GROUPS[word] for word in words if word in _MODAL_GROUPS})
    for group in groups:
        features.append(f"modal={group}")
        if item.speaker_role:
            features.append(f"speaker_modal={item.speaker_role}_{group}")
        features.append(f"modal_kind={group}_{item.kind}")
        if first_singular or first_plural:
            features.append(f"first_modal={group}")
    if not groups:
        features.append("modal=none")
    parties = [i for i, word in enumerate(words) if word in _PARTY_WORDS]
    if parties:
        features.append("party_word")
        if parties[0] <= 2:
            features.append("party_first")
        if any(item.tokens[i].text[:1].isupper() for i in parties):
            features.append("party_capitalised")
        if len({words[i] for i in parties}) >= 2:
            features.append("two_parties")
    capitalised = sum(1 for token in item.tokens[1:] if token.is_alpha and token.text[:1].isupper())
    if capitalised:
        features.append("names")
    if any(word.startswith(_AGREEMENT_STEMS) for word in alpha):
        features.append("agreement_word")
    lemmas = {token.lemma.lower() for token in item.tokens if token.is_alpha} | set(alpha)
    for group, vocabulary in _LEXICON.items():
        hits = lemmas & vocabulary
        if hits:
            features.append(f"lex={group}")
            features.append(f"lex_kind={group}_{item.kind}")
            if item.speaker_role:
                features.append(f"lex_speaker={group}_{item.speaker_role}")
            if len(hits) >= 2:
                features.append(f"lex2={group}")
    features.extend(form_features(item, words, alpha, lemmas, groups))
    features.extend(commitment_form_features(item.tokens, item.speaker_role, item.past, item.perfect, item.deadline))
    features.extend(tension_features(item.text, words))
    features.extend(report_form_features(item.tokens))
    features.extend(item.context)
    if SIGNALS.search(item.text):
        features.append("signal")
    else:
        features.append("no_signal")
    if item.rule_commitment:
        features.append("rule_commitment")
        features.append(f"rule_reason={item.rule_commitment}")
    if item.rule_strength:
        features.append(f"rule_strength={item.rule_strength}")
    if item.rule_tension:
        features.append("rule_tension")
    if item.deadline:
        features.append("deadline")
    if item.future_deadline:
        features.append("future_deadline")
    elif item.deadline:
        features.append("past_deadline")  # a date before the document's: "is al eerder, in 2013, … geplaatst"
    if item.past:
        features.append("past")
    if item.perfect:
        features.append("perfect")
    if not (item.past or item.perfect):
        features.append("present")
    return ["c:" + feature for feature in features]


def form_features(item: SentenceInput, words: Sequence[str], alpha: Sequence[str], lemmas: set[str],
                  modal_groups: Sequence[str]) -> list[str]:
    """The form of the clause: contrast inside it, a negated evaluation, a motion part with or without a
    marked opposition, an announced speech act, a future construction against a plain present description."""
    features: list[str] = []
    present = set(words)
    negated = bool(present & _NEGATIONS)
    conflict = bool(lemmas & _LEXICON["conflict"]) or bool(lemmas & _LEXICON["reject"])
    inner = any(word in _INNER_CONTRAST for word in alpha[1:])
    if inner:
        features.append("contrast_inner")
    if alpha and alpha[0] in _INNER_CONTRAST:
        features.append("contrast_initial")
    if negated and any(
        words[j] in _EVALUATIONS for i, word in enumerate(words) if word in _NEGATIONS
        for j in range(max(0, i - 3), min(len(words), i + 4))
    ):
        features.append("negated_evaluation")
    if alpha and alpha[0] in _MOTION_PARTS:
        marks = [name for name, on in (("contrast", inner), ("negation", negated), ("conflict", conflict)) if on]
        features.extend(f"motion_marked={mark}" for mark in marks)
        if not marks:
            features.append("motion_plain")
    first = bool(present & (_FIRST_SINGULAR | _FIRST_PLURAL))
    # "Ik ga nu in op …" is a speech act, "Ik zeg toe …" (toezeggen) a promise
    speech = bool((lemmas | present) & _SPEECH_ACTS) or any(
        a == "in" and b == "op" for a, b in itertools.pairwise(words))
    speech = speech and "toe" not in present and not any(word.startswith(("toezeg", "toegezeg")) for word in alpha)
    if first and speech:
        features.append("speech_act")
        if present & _FUTURE_AUX or "want" in modal_groups:
            features.append("speech_act_announced")  # "Ik wil daar iets over zeggen", "Ik ga nu in op"
    if present & _HEDGES:
        features.append("hedge")
    if present & _PROCEDURE:
        features.append("procedure")
        if conflict:
            features.append("procedure_conflict")
    if item.speaker_role and present & _ADDRESS:
        features.append("addresses_other")
    about = any(word in {"ga", "gaat", "gaan"} and j + 1 < len(words) and words[j + 1] in {"over", "om"}
                for j, word in enumerate(words))
    if about:
        features.append("gaat_over")  # "Dit gaat over …", "Het gaat om …": about, not going to
    future = any(word in _FUTURE_AUX for word in words) and not about
    if future:
        features.append("future_construction")
    if alpha and alpha[0] in _CONDITIONAL and "dan" in present:
        features.append("conditional_then")
    # the clause opens with a pronoun standing for the party of the sentence before ("Hij informeert …"), or
    # states a procedure in the present passive ("Een aanvraag wordt ingediend bij …"): both carry a norm
    # in agreements and regulations, and describe in other genres
    if alpha and alpha[0] in {"hij", "zij", "ze"}:
        features.append(f"pronoun_subject_kind={item.kind}")
        features.append("pronoun_subject")
    if any(word in {"wordt", "worden"} for word in words) and not future:
        features.append(f"present_passive_kind={item.kind}")
        if not (item.past or item.perfect):
            features.append("present_passive")  # the form alone, read in every genre
    plain = not (future or item.past or item.perfect or item.future_deadline or modal_groups or item.rule_commitment)
    if plain:
        features.append("present_plain")
        features.append(f"present_plain_kind={item.kind}")
        if first:
            features.append("present_plain_first")
    features.extend(modal_form_features(item, present, alpha, lemmas, modal_groups, first))
    features.extend(frame_features(item, words, alpha, modal_groups, first))
    return features


_FINITE_FORMS = frozenset({"is", "zijn", "was", "waren", "wordt", "worden", "werd", "werden", "heeft", "hebben",
                           "had", "hadden", "ben", "bent", "kom", "komt", "komen", "staat", "staan", "gaat"})
# the document as the subject of its own sentence ("Deze nota beschrijft …", "Met deze brief informeer ik …")
_DOCUMENT_NOUNS = ("brief", "nota", "notitie", "memo", "rapport", "rapportage", "document", "verslag", "voorstel",
                   "verklaring", "evaluatie", "paragraaf", "hoofdstuk", "bijlage", "publicatie")
_DESCRIBING_VERBS = frozenset({
    "beschrijft", "beschrijf", "beschrijven", "bevat", "bevatten", "schetst", "schets", "schetsen", "geeft",
    "geef", "geven", "informeer", "informeren", "informeert", "biedt", "bied", "bieden", "presenteert",
    "presenteer", "presenteren", "gaat", "ga", "gaan", "behandelt", "behandel", "vat", "licht", "toont",
})
# the writer perceiving or following what others do ("Ik volg … nauwgezet", "Wij zien …"): no undertaking
_PERCEPTION_LEMMAS = frozenset({"volgen", "monitoren", "zien", "merken", "constateren", "signaleren", "waarnemen",
                                "horen", "lezen", "herkennen", "begrijpen", "waarderen"})


_PLURAL_SUBJECTS = frozenset({"we", "wij", "zij", "ze", "partijen"})


def _plural_finite(tokens: Sequence[Token]) -> bool:
    """A plural present verb next to its plural subject ("We ontwikkelen een integrale aanpak", "Daarom
    bezuinigen we …", "Partijen stellen … op"): it reads like its infinitive, so the lemma test above misses it."""
    return any(plural_verb(b) if a.text.lower() in _PLURAL_SUBJECTS else
               (plural_verb(a) and b.text.lower() in _PLURAL_SUBJECTS)
               for a, b in itertools.pairwise(tokens))


def frame_features(item: SentenceInput, words: Sequence[str], alpha: Sequence[str],
                   modal_groups: Sequence[str], first: bool) -> list[str]:
    """The frame of the sentence: a heading or title without a finite verb, the document describing itself,
    an imperative opening a numbered recommendation, the writer perceiving or monitoring in the present."""
    features: list[str] = []
    tokens = [token for token in item.tokens if token.is_alpha]
    text = item.text.strip()
    # a finite verb, read without a tagger: a modal or auxiliary, or a lower-case word after the first whose
    # lemma is a verb's infinitive (-en) and differs from the word ("meldt" -> "melden")
    finite = bool(modal_groups) or any(word in _FINITE_FORMS for word in alpha) or any(
        position and token.text[:1].islower() and token.lemma.lower().endswith("en")
        and token.lemma.lower() != token.text.lower() and not token.text.lower().endswith("en")
        for position, token in enumerate(tokens)) or _plural_finite(tokens)
    if not finite:
        features.append("no_finite_verb")
        if len(alpha) <= 15:
            features.append("no_finite_verb_short")
    if not text.rstrip("\"'”’)").endswith((".", "!", "?", ":", ";")):
        features.append("no_end_mark")
        if len(alpha) <= 8:
            features.append("title_form")  # "Wat wij gaan doen": a short line without a closing mark
    opener = [word for word in alpha[:4]]
    document_subject = any(word.endswith(_DOCUMENT_NOUNS) for word in opener[:3]) and bool(
        {"deze", "dit", "hierbij", "hierin", "hieronder"} & set(words[:4]))
    if document_subject:
        features.append("document_subject")
        if set(alpha[:6]) & _DESCRIBING_VERBS:
            features.append("document_describes_itself")
    if tokens and _LIST_MARKER.match(text):
        opening = tokens[0]
        lemma = opening.lemma.lower()
        if opening.text[:1].isupper() and lemma.endswith("en") and lemma != opening.text.lower() and not (
                opening.text.lower().endswith(("t", "en"))):
            features.append("imperative_item")  # "4. Bied duidelijkheid over …": a recommendation
    # a definition ("d. basispakket: pakket van …") or a recital ("- de raad op … vaststelde …;"): what the
    # definitions call neither an undertaking nor an obligation
    marker = _ITEM_MARKER.match(text)
    if marker and ":" in text:
        term = re.findall(r"\w+", text[marker.end():].split(":", 1)[0].lower())
        lemmas = {token.text.lower(): token.lemma.lower() for token in tokens}
        if 1 <= len(term) <= 3 and not any(
                word in _FINITE_FORMS or (lemmas.get(word, word).endswith("en") and lemmas.get(word, word) != word)
                for word in term):
            features.append("definition_item")
    if text.endswith(";"):
        features.append("ends_semicolon")
    if tokens and first and not modal_groups and not (item.past or item.perfect or item.future_deadline) and any(
            token.lemma.lower() in _PERCEPTION_LEMMAS for token in tokens[:6]):
        features.append("perception_present")
    return features


_PERMISSION_GROUPS = frozenset({"may", "can", "need"})
_CONDITION_WORDS = frozenset({"als", "indien", "wanneer", "tenzij", "zodra", "mits"})
_AGREEMENT_LEMMAS = frozenset({"afspreken", "besluiten", "overeenkomen", "toezeggen", "beloven", "vastleggen",
                               "afgesproken", "besloten", "toegezegd", "beloofd", "vastgelegd"})


def _agreement_told(present: set[str], alpha: Sequence[str], lemmas: set[str]) -> bool:
    """An agreement word, the past tense of the agreement verbs too, separable ones as well ("spraken … af",
    "kwamen overeen")."""
    return any(word.startswith(_AGREEMENT_STEMS) for word in alpha) or bool(lemmas & _AGREEMENT_LEMMAS) or (
        "af" in present and bool(lemmas & {"spreken", "sprak", "spraken"})) or (
        "overeen" in present and bool(lemmas & {"komen", "kwam", "kwamen"}))


def past_without_agreement(item: SentenceInput) -> bool:
    """The cue feature ``past_no_agreement`` alone, without computing the others: past or perfect, no modal and
    no agreement word."""
    if not (item.past or item.perfect):
        return False
    words = [token.text.lower() for token in item.tokens]
    if any(word in _MODAL_GROUPS for word in words):
        return False
    alpha = [word for word, token in zip(words, item.tokens, strict=True) if token.is_alpha]
    lemmas = {token.lemma.lower() for token in item.tokens if token.is_alpha} | set(alpha)
    return not _agreement_told(set(words), alpha, lemmas)


def modal_form_features(item: SentenceInput, present: set[str], alpha: Sequence[str], lemmas: set[str],
                        modal_groups: Sequence[str], first: bool) -> list[str]:
    """How the modality is framed: a right granted under a condition ("Als …, dan mag X …") is a shift of
    say, not an undertaking; a permission alone binds nobody; a modal addressed to the reader ("kunt u
    terecht bij") is advice; a motion or amendment as the subject of a modal is debate procedure ("De motie
    … zal mijn collega …"); a past event without an agreement word is a description."""
    features: list[str] = []
    groups = set(modal_groups)
    permission = bool(groups) and groups <= _PERMISSION_GROUPS
    condition = bool(present & _CONDITION_WORDS)
    if permission:
        features.append("permission_only")
        if condition:
            features.append("conditional_permission")
    if condition and groups & {"must", "future"}:
        features.append("conditional_obligation")
    if groups and present & _YOU and not first:
        features.append("you_modal")
    if groups and present & _PROCEDURE:
        features.append("procedure_modal")
    if present & _PROCEDURE and lemmas & {"vragen", "verzoeken", "roepen"}:
        features.append("procedure_request_reported")
    if (item.past or item.perfect) and not _agreement_told(present, alpha, lemmas) and not groups:
        features.append("past_no_agreement" + ("_first" if first else ""))
    return features


def text_features(tokens: Sequence[Token]) -> list[str]:
    lemmas = [token.lemma.lower() if token.is_alpha else token.text for token in tokens
              if token.is_alpha or token.text in {"?", ":", "!", "€"}]
    features = [f"u:{lemma}" for lemma in lemmas]
    features += [f"b:{a}_{b}" for a, b in itertools.pairwise(lemmas)]
    words = [token.text.lower() for token in tokens if token.is_alpha][:2]
    features.append("s:" + "_".join(words))
    return features


def vectorise(items: Sequence[SentenceInput]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR parts (data, indices, indptr) of the binary feature matrix, one row per sentence."""
    data: list[float] = []
    indices: list[int] = []
    indptr = [0]
    for item in items:
        values: dict[int, float] = {}
        for feature in text_features(item.tokens):
            values[feature_index(feature)] = TEXT_WEIGHT
        for feature in cue_features(item):
            values[feature_index(feature)] = 1.0
        columns = sorted(values)
        indices.extend(columns)
        data.extend(values[column] for column in columns)
        indptr.append(len(indices))
    return np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int32), np.asarray(indptr, dtype=np.int64)


@lru_cache(maxsize=1)
def _static_embedder() -> Any:
    from models.embedders.static import StaticEmbedder

    return StaticEmbedder()  # the packaged model: a store's refitted one would not match the shipped weights


def embedder_name() -> str:
    """The name (with a hash of its vectors) of the embedder whose vectors the layer reads."""
    return str(_static_embedder().name)


def sentence_vectors(texts: Sequence[str]) -> np.ndarray:
    """Unit sentence vectors of the packaged static embedder, one row per text (float32)."""
    return np.asarray(_static_embedder().embed([" ".join(text.split()) for text in texts]), dtype=np.float32)


def scores(items: Sequence[SentenceInput], weights: np.ndarray, bias: float) -> np.ndarray:
    """Logistic probabilities of one label for each sentence (weights: DIMENSIONS floats)."""
    return scores_of(vectorise(items), weights, bias)


def scores_of(matrix: tuple[np.ndarray, np.ndarray, np.ndarray], weights: np.ndarray, bias: float) -> np.ndarray:
    """``scores`` on features already vectorised (one matrix serves every label)."""
    return 1.0 / (1.0 + np.exp(-margins_of(matrix, weights, bias)))


def margins_of(matrix: tuple[np.ndarray, np.ndarray, np.ndarray], weights: np.ndarray, bias: float) -> np.ndarray:
    """The logistic margins (before the sigmoid) of the hashed features, one per row."""
    data, indices, indptr = matrix
    items = range(len(indptr) - 1)
    margins = np.add.reduceat(data * weights[indices], indptr[:-1]) if len(indices) else np.zeros(len(items))
    empty = indptr[1:] == indptr[:-1]
    return np.asarray(np.where(empty, 0.0, margins) + bias, dtype=np.float64)
