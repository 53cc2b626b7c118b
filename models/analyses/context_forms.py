"""The text around a sentence, read by its form: list items under a lead-in, definitions blocks.

A list item says little by itself: "b. het verslag binnen zes maanden aan de Minister te verstrekken" binds
the party of its lead-in ("De ontvanger is verplicht:"), while the same shape under "… ontbinden als:" is a
condition and under "In deze regeling wordt verstaan onder:" a definition. The features of the learned layer
read each sentence alone; these give it the class of the lead-in an item stands under (obligation, a party's
action, future, passive, permission, condition, definition, recital, other), whether the item is a clause or
a fragment, whether a sentence ending in ":" opens a list, and whether the sentence stands in a definitions
block (under a heading such as "Begripsomschrijvingen"). Features, not rules: the layer weighs them. One
class is also a rule: a proposal's decision points ("De raad wordt voorgesteld: 1. het plan vast te stellen;")
are what the council or board decides (``decision_point``), and its training documents hold almost none.

``context_features`` takes one document's sentences in reading order (across passages).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from models.analyses.commitment_forms import finite_verb, party_clause
from models.nlp import Token

# "a.", "b)", "(c)", "1.", "2)", "3.1.", "1°", a bullet or dash: the marker and its kind (siblings share one)
_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("degree", re.compile(r"^\s*\(?\d{1,2}°[.)]?(?:\s+|$)")),
    ("number", re.compile(r"^\s*\(?\d{1,2}(?:\.\d{1,2})*[.)](?:\s+|$)")),
    ("letter", re.compile(r"^\s*\(?[a-z][.)](?:\s+|$)")),
    ("capital", re.compile(r"^\s*\(?[A-Z]\)(?:\s+|$)")),
    ("roman", re.compile(r"^\s*\(?(?:i{1,3}|iv|vi{0,3}|ix|x)[.)](?:\s+|$)")),
    ("bullet", re.compile(r"^\s*[-•–—*·▪►●○◦■□➢✓](?:\s+|$)")),
)
_CONDITIONS = frozenset({"als", "indien", "wanneer", "tenzij", "mits", "zodra", "voorzover", "zolang", "nadat",
                         "voordat", "waarin", "waarbij"})
_CASE_NOUNS = frozenset({"gevallen", "situaties", "omstandigheden", "uitzonderingen", "voorwaarden"})
_DEFINITION_STEMS = ("begrip", "definitie", "begripsomschrijving", "begripsbepaling", "woordenlijst")
_RECITAL_WORDS = frozenset({"overwegende", "constaterende", "overwegen", "overweging", "overwegingen",
                            "considerans"})
_OBLIGATION_WORDS = frozenset({"moet", "moeten", "dient", "dienen", "verplicht", "verplichten", "verplichting",
                               "verplichtingen", "gehouden", "verantwoordelijk", "garandeert", "garanderen",
                               "verbindt", "verbinden"})
_CARE = frozenset({"zorgt", "zorgen", "draagt", "dragen"})
_PERMISSIONS = frozenset({"mag", "mogen", "kan", "kunnen"})
_NEGATIONS = frozenset({"niet", "geen", "nooit"})
_FUTURE = frozenset({"zal", "zullen", "zult", "ga", "gaat", "gaan"})
_PASSIVE = frozenset({"wordt", "worden"})
_END_MARKS = (".", "!", "?", ":", ";", ",")
LEAD_CLASSES = ("condition", "definition", "recital", "decision", "goal", "obligation", "permission", "future",
                "party_action", "passive", "other")
# A heading or lead-in over the writer's own goals or actions: "Doelen van ons energiecollectief", "Doel van het
# onderzoek", "Onze ambities:", "Actiepunten", "Vervolgstappen", "Wat gaan we doen:". Its items ("• Lijst opstellen
# met kansrijke mogelijkheden", "• Betaalbare duurzame energie voor de buurt") are what the writer sets out to do.
_GOAL_LEAD = re.compile(
    r"^(?:onze |de |het |\w+ )?(?:doel|doelen|doelstelling|doelstellingen|ambitie|ambities|speerpunten|actiepunten"
    r"|acties|vervolgacties|vervolgstappen|volgende stappen|plan van aanpak)\b|^wat (?:willen|gaan) (?:we|wij)\b")
# The decision points of a council or board proposal: "De raad wordt voorgesteld:", "Het college stelt de raad
# voor:", "Voorgesteld wordt:", "Het college besluit:", "Beslispunten:", a heading "Voorgesteld besluit". The
# items under it ("1. het uitvoeringsprogramma vast te stellen;") are what the body decides. A motion's
# "verzoekt de regering:" is a demand, not a decision, and is not among them.
_DECISION_LEAD = re.compile(
    r"\bbeslispunt|\b(?:voorgesteld|ontwerp|gevraagd|te nemen)(?:e)? ?besluit\b|^besluit(?:en)?(?: om| tot)?$"
    r"|\b(?:raad|gemeenteraad|staten|bestuur)\b (?:wordt|worden) gevraagd\b"
    r"|\b(?:wordt|worden) voorgesteld\b|\bvoorgesteld (?:wordt|worden)\b"
    r"|\bstel(?:t|len) (?:de (?:gemeente)?raad|uw raad|u|de staten|het bestuur) voor\b|\bstel(?:t|len) voor$"
    r"|\b(?:raad|gemeenteraad|college|wethouders|staten|bestuur)\b(?: \w+){0,4} (?:besluit|besluiten)(?: \w+){0,2}$"
    r"|\bte besluiten\b")


def _decision_lead(index: int, tokens: Sequence[Token], marker: str | None) -> _Lead:
    """A decision lead-in with the body that takes its decisions and whether it reports them taken: the board
    that "besluit" itself ("Het college besluit:", "Gedeputeerde Staten besluiten:", taken), else the council the
    proposal goes to ("De raad wordt voorgesteld:", "Het college stelt voor:", "Beslispunten", proposed)."""
    text = " ".join(token.text.lower() for token in tokens if token.is_alpha)
    taken = bool(re.search(r"\bbesl(?:uit|uiten|oot|oten)\b", text)) and not re.search(
        r"\b(?:voorgesteld|voor|gevraagd|te besluiten|beslispunt)", text)
    if taken and re.search(r"\b(?:college|wethouders)\b", text):
        body = "college"
    elif taken and "gedeputeerde" in text:
        body = "Gedeputeerde Staten"
    elif "staten" in text:
        body = "Provinciale Staten"
    elif re.search(r"\bbestuur\b", text):
        body = "dagelijks bestuur" if "dagelijks" in text else "algemeen bestuur"
    else:
        body = "gemeenteraad"
    return _Lead(index, "decision", marker, body, taken)


def marker_kind(text: str) -> str | None:
    """The kind of list marker the sentence opens with ("letter" for "b)", "number2" for "4.1."), or None."""
    for kind, pattern in _MARKERS:
        match = pattern.match(text)
        if match:
            depth = len(re.findall(r"\d+", match.group()))  # "4." and "4.1." are not siblings
            return f"number{depth}" if kind == "number" else kind
    return None


def _bare_marker(text: str, kind: str | None) -> bool:
    """A sentence that is only a marker ("1°.", "–"): the reader cut the item's text off it."""
    return kind is not None and not re.search(r"\w", re.sub(r"^\s*\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-zA-Z]|[ivx]+)",
                                                             "", text))


def lead_class(tokens: Sequence[Token]) -> str:
    """What a sentence ending in ":" makes of the items under it (one of LEAD_CLASSES): a condition ("…
    ontbinden als:", "in de volgende gevallen:"), a definition ("wordt verstaan onder:"), a recital
    ("overwegen dat:"), an obligation ("X is verplicht:", "X draagt er zorg voor dat:"), a permission ("X
    mag:"), a future ("Wij zullen:"), a party's action ("X meldt altijd:"), a passive ("Bij de aanvraag
    worden verstrekt:") or none of these."""
    tokens = _without_marker(tokens)
    alpha = [token.text.lower() for token in tokens if token.is_alpha]
    if not alpha:
        return "other"
    present = set(alpha)
    if alpha[-1] in _CONDITIONS or alpha[-1] in _CASE_NOUNS or (
            present & _CASE_NOUNS and present & {"volgende", "onderstaande"}):
        return "condition"
    if alpha[0] in _CONDITIONS and "dan" not in present and not any(token.text == "," for token in tokens):
        return "condition"  # "Als X signalen heeft van:": the whole lead-in is the condition
    text = " ".join(alpha)
    if any(word.startswith(_DEFINITION_STEMS) for word in alpha) or re.search(
            r"\bverstaan onder\b|\bbedoeld met\b|\bwordt bedoeld\b|\bbetekent\b", text):
        return "definition"
    if present & _RECITAL_WORDS:
        return "recital"
    if _DECISION_LEAD.search(text):
        return "decision"
    if _GOAL_LEAD.search(text):
        return "goal"
    care = bool(present & _CARE) and bool(present & {"zorg", "dat", "ervoor", "voor"})
    if present & _OBLIGATION_WORDS or care:
        return "obligation"
    if present & _PERMISSIONS and not present & _NEGATIONS:
        return "permission"
    about = any(a in {"gaat", "gaan", "ging"} and b in {"om", "over"} for a, b in itertools.pairwise(alpha))
    if present & _FUTURE and not about:  # "Het gaat om:" is about, not going to
        return "future"
    found = party_clause(tokens)
    if found is not None and found[1] in {"action", "must", "future", "obliged"}:
        return "party_action"
    if present & _PASSIVE:
        return "passive"
    return "other"


def _without_marker(tokens: Sequence[Token]) -> Sequence[Token]:
    """The tokens after a list marker ("a) Als …" reads as "Als …")."""
    if not tokens:
        return tokens
    offset = tokens[0].start
    text = ""
    for token in tokens[:6]:
        text = text.ljust(token.start - offset) + token.text
    match = next((m for _, pattern in _MARKERS if (m := pattern.match(text))), None)
    if match is None:
        return tokens
    return [token for token in tokens if token.start - offset >= match.end()]


def _clause(tokens: Sequence[Token]) -> bool:
    """The item holds a finite verb of its own ("Opdrachtnemer levert …"), not a fragment ("de prijs")."""
    return any(finite_verb(token) for token in tokens if token.is_alpha)


_SECTION = re.compile(r"^\W*(?:artikel|hoofdstuk|deel|paragraaf|bijlage|afdeling|§)\s*[\dIVX]", re.IGNORECASE)


def _heading(text: str, tokens: Sequence[Token]) -> bool:
    """A short line without a closing mark and without a list marker ("Artikel 2", "Begripsomschrijvingen"),
    or a line naming a section by its number ("Deel 1: Bepalingen …")."""
    words = sum(1 for token in tokens if token.is_alpha)
    if _SECTION.match(text):
        return True
    return 0 < words <= 6 and not text.rstrip("\"'”’) ").endswith(_END_MARKS) and marker_kind(text) is None


def _unmarked_item(text: str) -> bool:
    """An item whose marker the reader lost: it opens in lower case or ends in "," or ";"."""
    stripped = text.strip()
    return bool(stripped) and (stripped[:1].islower() or stripped.endswith((",", ";")))


def _shape(tokens: Sequence[Token]) -> str:
    return "clause" if _clause(_without_marker(tokens)) else "fragment"


@dataclass
class _Lead:
    index: int
    kind: str  # one of LEAD_CLASSES
    marker: str | None  # the lead-in's own marker: an item with the same marker is its sibling, not its item
    body: str | None = None  # a decision lead-in's deciding body (_decision_lead)
    taken: bool = False  # a decision lead-in reporting the decision taken, not proposing it


def context_features(texts: Sequence[str], tokens: Sequence[Sequence[Token]]) -> list[tuple[str, ...]]:
    """For each sentence of one document in reading order, the features of the text around it:

    - ``item_lead=<class>`` and ``item_lead_shape=<class>_<clause|fragment>`` for a list item under a
      lead-in ending in ":" (nested lists stand under their nearest lead-in); ``item_no_lead`` for a marked
      item without one;
    - ``lead_in=<class>`` for a sentence ending in ":" that items follow;
    - ``definitions_block`` under a heading that names definitions, or under a definitions lead-in;
    - ``decision_by=<body>`` (and ``decision_taken``) for an item under a decision lead-in or heading
      (``_decision_lead``).
    """
    found: list[list[str]] = [[] for _ in texts]
    leads: list[_Lead] = []
    opened: dict[int, str] = {}  # a lead-in with items under it: its class
    definitions = False
    decisions: _Lead | None = None  # a heading "Beslispunten", "Voorgesteld besluit", "Doelen", read as a lead-in
    previous_marker: str | None = None  # the kind of a bare marker sentence just before
    previous_item = False
    for index, (text, words) in enumerate(zip(texts, tokens, strict=True)):
        kind = marker_kind(text)
        bare = _bare_marker(text, kind)
        if kind is None and previous_marker is not None:
            kind = previous_marker  # "1°." then "€ 0,91 per inwoner": one item cut in two
        previous_marker = kind if bare else None
        if _heading(text, words) and kind is None:
            leads.clear()
            definitions = any(token.text.lower().startswith(_DEFINITION_STEMS) for token in words if token.is_alpha)
            heading_class = lead_class(words)
            decisions = (_decision_lead(index, words, None) if heading_class == "decision"
                         else _Lead(index, "goal", None) if heading_class == "goal" and not _SECTION.match(text)
                         else None)  # "Artikel 2 Doel" heads a regulation's aim, not the writer's goals
            previous_item = False
            continue
        lead: _Lead | None = None
        if kind is not None:
            siblings = [position for position, item in enumerate(leads) if item.marker == kind]
            if siblings:
                del leads[siblings[0]:]  # "2. …" after the items of "1. …:": a sibling of that lead-in
            lead = leads[-1] if leads else None
        elif leads and (leads[-1].index == index - 1 or previous_item) and _unmarked_item(text):
            lead = leads[-1]
        elif leads and leads[-1].kind == "decision" and leads[-1].index == index - 1:
            lead = leads[-1]  # "Het college stelt voor:" then one unmarked decision point
        else:
            leads.clear()
        if lead is None and kind is not None and not bare and decisions:
            lead = decisions  # "1. …" under the heading "Beslispunten" or "Doelen"
        features = found[index]
        if lead is not None:
            opened[lead.index] = lead.kind
            features += [f"item_lead={lead.kind}", f"item_lead_shape={lead.kind}_{_shape(words)}"]
            if lead.body:
                features += [f"decision_by={lead.body}"] + (["decision_taken"] if lead.taken else [])
            if lead.kind == "definition":
                features.append("definitions_block")
        elif kind is not None and not bare:
            features.append("item_no_lead")
        if definitions and "definitions_block" not in features:
            features.append("definitions_block")
        previous_item = lead is not None
        if text.rstrip().endswith(":"):
            own = lead_class(words)
            parent = lead if lead is not None and lead.body else None
            if parent is not None and own not in _SUBORDINATING:
                # "2. in te stemmen met de voorstellen om:": its items are decision points too
                leads.append(_Lead(index, "decision", kind, parent.body, parent.taken))
            elif own == "decision":
                leads.append(_decision_lead(index, words, kind))
            else:
                leads.append(_Lead(index, own, kind))
    for lead_index, lead_kind in opened.items():
        found[lead_index].append(f"lead_in={lead_kind}")
    return [tuple(features) for features in found]


# lead-ins whose items are no undertaking of their own: a condition, a definition, a permission, a recital
_SUBORDINATING = frozenset({"condition", "definition", "permission", "recital"})
_OWN_BINDING = frozenset({"moet", "moeten", "dient", "dienen", "verplicht", "zal", "zullen", "garandeert",
                          "afgesproken", "toegezegd"})


def subordinate_item(context: Sequence[str], tokens: Sequence[Token]) -> bool:
    """A list item under a lead-in that makes it a condition, definition, permission or recital ("… ontbinden
    als: b) X levert niets", "wordt verstaan onder: d. basispakket: …") and without an obligation, future or
    agreement word of its own: the item is no commitment (in the gold, silver and demo annotations 4 of ~150
    such items are, one of them kept by its own "moeten")."""
    leads = {feature.split("=", 1)[1] for feature in context if feature.startswith("item_lead=")}
    if not leads & _SUBORDINATING:
        return False
    return not {token.text.lower() for token in tokens} & _OWN_BINDING


_NOTING = frozenset({"kennis", "kennisnemen", "kennisname"})


def decision_point(context: Sequence[str], tokens: Sequence[Token]) -> bool:
    """An item under a decision lead-in whose verb is an infinitive: what the council or board decides ("1. het
    uitvoeringsprogramma vast te stellen;", "Het implementatieplan vaststellen;", "- beschermd wonen mee te nemen
    in de inkoop;"). Taking note ("kennis te nemen van …") decides nothing a reader can check, and an item that
    opens a list of its own ("in te stemmen met de voorstellen om:") leaves that to its items."""
    if "item_lead=decision" not in context:
        return False
    words = [token for token in _without_marker(tokens) if token.is_alpha]
    lower = [token.text.lower() for token in words]
    if not words or _NOTING & set(lower[:4]) or tokens[-1].text == ":":
        return False
    if any(first == "te" and second.endswith("en") for first, second in itertools.pairwise(lower)):
        return True
    last = words[-1]  # "… vaststellen": a bare infinitive ends the item
    return last.text.endswith("en") and last.lemma.lower() == last.text.lower() and len(lower) >= 3


def decision_maker(context: Sequence[str], tokens: Sequence[Token]) -> str | None:
    """The body that takes a decision point (``decision_point``): "gemeenteraad", "college", ..., else None."""
    if not decision_point(context, tokens):
        return None
    return next((feature.split("=", 1)[1] for feature in context if feature.startswith("decision_by=")), None)


def goal_item(context: Sequence[str], tokens: Sequence[Token]) -> bool:
    """An item under a heading or lead-in of the writer's goals or actions (_GOAL_LEAD): "• Lijst opstellen met
    kansrijke mogelijkheden" under "Doel van het onderzoek", "• Betaalbare duurzame energie voor de buurt" under
    "Doelen van ons energiecollectief". Not an item that opens a list of its own or asks a question."""
    if "item_lead=goal" not in context:
        return False
    words = [token for token in _without_marker(tokens) if token.is_alpha]
    return len(words) >= 2 and tokens[-1].text not in {":", "?"}
