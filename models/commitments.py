"""Commitments: who binds themselves (or others) to which future action, by when, and how firmly.

Rule-based over the Dutch NLP layer, sentence by sentence (there is no offline Dutch parser here, so the
"structure" is read from word order, lemmas and finite forms):

1. **Reject** what only looks like a commitment: questions, quotes, "je/jij" advice, conditionals
   ("Als …", "Stel dat", "zou"), forecasts ("verwacht dat"), appeals ("roep … op", "vragen de raad"),
   definitions ("wordt verstaan"), legal status ("niet in rechte afdwingbaar"), proposals ("in te stemmen
   met") — phrases in ``rodedraad/data/commitment_rejections.txt``.
2. **Cue**: a finite present form of an agreement verb with its particle or reflexive anywhere in the
   sentence (separable verbs: "zegt … toe", "spreken … af", "verplichten zich"), a future auxiliary
   ("zal", "gaat") or an aspiration ("streeft", "ambitie") — ``commitment_cues.txt`` gives the strength.
   Past forms ("spraken af", "toegezegd") are not cues, so past descriptions fall out.
3. **Subject**: the party before the cue (Dutch is verb-second: "Partijen verplichten zich …") or right
   after it when an adverbial comes first ("In 2026 breiden wij … uit"). A party is an organisation
   (models/organisations.py, or a capitalised name the document also uses mid-sentence), a party noun
   ("partijen", "de gemeente", "de verhuurders") or a self-reference ("wij", "ik", "het college") which
   is resolved to the document's own organisation (models/document_context.py); "partijen" in a covenant
   becomes its signatories, minus those it addresses ("… bij de gemeente in te dienen"). A fronted object
   leaves the subject after the verb ("Het advies …, neemt het college niet over"). Partners join ("samen
   met A en B", "in samenwerking met", "…; Woonstede stelt … beschikbaar" — in a covenant only its parties),
   and a role noun ("de stichting") is the latest organisation of that kind named before.
   Without a party there is no commitment ("Het gaat om …", "Je moet eerst …").
4. **Without a cue**: a present-tense sentence with a future deadline ("Woonstede brengt in het eerste
   kwartaal van 2027 in kaart …", "De komende drie jaar richt Samen Noord zich op …"), in covenants a
   party-first present-tense clause ("De verhuurders melden …"), a purpose clause up front ("Om dit te
   bereiken, zorgen ze …"), a grant arranged for a coming period ("Zo is voor 2018 één beschikking voor één
   samenwerkingsverband … mogelijk geworden": the financier and the partnership) — strength ``intention``;
   a verbless "Met de ambitie dat …" right after a commitment is that commitment's aspiration.

Negation ("zal geen", "zullen niet") is read after the cue; the deadline comes from models/deadlines.py.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from models.deadlines import DOCUMENT_HEADS, Deadline, deadline_year, parse_deadline
from models.document_context import (
    NOT_SIGNATORIES,
    DocumentContext,
    distinctive_words,
    is_organisation_type,
    longer_name,
    looks_like_name,
)
from models.nlp import DutchNLP, Token
from models.organisations import is_law
from rodedraad.dutch import FUNCTION_WORDS, MODAL_FORMS, SEPARABLE_PARTICLES, SUBORDINATORS, load_word_list
from rodedraad.records import Commitment, Document, Passage, Strength, sha256_text

_STRENGTH_ORDER: dict[Strength, int] = {"binding": 0, "aspiration": 1, "intention": 2}
_NEGATIONS = frozenset({"niet", "geen", "nooit", "niets", "niemand"})
_QUOTE_OPENERS = "“‘\"'„«"
_PAST_FORMS = load_word_list("commitment_past_forms")
_PRESENT_IRREGULAR = frozenset({
    "is", "ben", "bent", "zijn", "heeft", "heb", "hebt", "hebben", "kan", "kun", "kunt", "kunnen", "wil", "wilt",
    "willen", "zal", "zult", "zullen", "mag", "mogen", "gaat", "ga", "gaan", "staat", "sta", "staan", "doet",
    "doe", "doen", "komt", "kom", "komen", "ziet", "zie", "zien", "slaat", "laat", "laten", "krijgt", "krijgen",
})
_INFORMAL_YOU = frozenset({"je", "jij", "jouw", "jezelf", "jullie"})
_CONDITIONAL_OPENERS = frozenset({
    "als", "indien", "stel", "mocht", "wanneer", "zodra", "tenzij", "of", "omdat", "hoewel", "doordat", "toen",
    "wat", "waarom", "hoe", "wie", "welke", "waar",
})
# A cue inside a clause opened by one of these is not asserted: "wat we gaan doen", "of zij zullen".
_NOUN_CUES = frozenset({"ambitie", "ambities", "doel", "doelstelling", "inzet"})
_POSSESSIVES = frozenset({"onze", "ons", "hun", "zijn", "haar", "mijn"})
_NON_ASSERTING_CLAUSES = frozenset({
    "wat", "hoe", "of", "waarom", "als", "indien", "zodra", "wanneer", "omdat", "doordat", "want", "waardoor",
})
# A clause whose first word is one of these starts with its subject ("De gemeente zal …"); any other first
# word is an adverbial and the subject follows the finite verb ("In 2026 breiden wij … uit").
_PRONOUN_SUBJECTS = frozenset({"ik", "wij", "we", "zij", "ze", "hij"})
_SUBJECT_STARTERS = frozenset({
    "de", "het", "een", "deze", "die", "dit", "onze", "ons", "mijn", "ieder", "iedere", "elke", "alle", "beide",
    "zij", "ze", "hij",
})
_PREPOSITIONS = frozenset({
    "in", "op", "uit", "naar", "bij", "van", "voor", "met", "aan", "over", "tot", "rond", "nabij", "tussen",
})
_CLOSERS = "”’\"')»"
_PARTICIPLE_PREFIXES = (
    "ge", "afge", "toege", "vastge", "opge", "uitge", "inge", "aange", "overge", "meege", "samenge", "voorge",
    "terugge", "bijge", "doorge", "omge",
)
_NAME_INSIDE = frozenset({"de", "van", "het", "&", "der", "den", "voor", "in"})
_MAX_ACTION_WORDS = 12
_MIN_WORDS = 4
_MAX_WORDS = 90


@dataclass(frozen=True)
class _Cue:
    strength: Strength
    forms: frozenset[str]
    required: tuple[str, ...]
    label: str


def _load_cues() -> tuple[_Cue, ...]:
    cues = []
    for line in sorted(load_word_list("commitment_cues")):
        strength, forms, required = (part.strip() for part in [*line.split("|"), "", ""][:3])
        form_set = frozenset(form.strip() for form in forms.split(",") if form.strip())
        needed = tuple(word.strip() for word in required.split(",") if word.strip())
        label = sorted(form_set, key=len)[-1] + (" " + " ".join(w.split("/")[0] for w in needed) if needed else "")
        cues.append(_Cue(strength, form_set, needed, label))  # type: ignore[arg-type]
    return tuple(sorted(cues, key=lambda cue: (_STRENGTH_ORDER[cue.strength], -len(cue.required), cue.label)))


_CUES = _load_cues()
_PARTY_WORDS = load_word_list("commitment_parties")
_SELF_REFERENCES = load_word_list("commitment_self_references")
_NON_ACTIONS = load_word_list("commitment_non_actions")
_SPEECH_VERBS = load_word_list("commitment_speech_verbs")
_REJECTIONS = re.compile(
    r"(?<![\w-])(?:" + "|".join(
        re.escape(phrase).replace(r"\ ", r"\s+")
        for phrase in sorted(load_word_list("commitment_rejections"), key=len, reverse=True)
    ) + r")(?![\w-])"
)


@dataclass(frozen=True)
class FoundCommitment:
    """A commitment with what the record leaves out: negation, the raw deadline words, the span."""

    commitment: Commitment
    negated: bool
    deadline_text: str | None
    deadline_kind: str | None
    start: int
    end: int


@dataclass(frozen=True)
class SentenceVerdict:
    """The analysis of one sentence: a commitment or the reason it is not one (for evaluation)."""

    is_commitment: bool
    reason: str
    strength: Strength | None = None
    modality: str = ""
    actors: tuple[str, ...] = ()
    action: str = ""
    negated: bool = False
    deadline: Deadline | None = None


# --- sentence analysis --------------------------------------------------------------------------


@lru_cache(maxsize=50_000)
def _collapse(word: str) -> str:
    return re.sub(r"(.)\1", r"\1", word.lower()).replace("v", "f").replace("z", "s")


def _is_present_form(token: Token) -> bool:
    form = token.text.lower()
    lemma = token.lemma.lower()
    if form in _PRESENT_IRREGULAR or form == lemma:
        return True
    if not lemma.endswith("en"):
        return False
    if form.endswith(("dden", "tten")) and lemma.endswith(("den", "ten")):
        return False  # a past plural of a stem in d or t ("meldden", "besteedden", "wachtten"), not "melden"
    stem = _collapse(lemma[:-2])
    return _collapse(form) in {stem, stem + "t", _collapse(lemma)}


def _is_past_form(token: Token) -> bool:
    """A finite past form: "verstrekte", "bouwden" (stem + de/te) or a strong past ("bedroeg", "gaf")."""
    form = token.text.lower()
    lemma = token.lemma.lower()
    if form in _PAST_FORMS:
        return True
    if not token.is_alpha or form == lemma or not lemma.endswith("en") or len(lemma) < 4:
        return False
    if form.startswith(_PARTICIPLE_PREFIXES) or form.endswith(("nd", "nde", "ing", "ingen")):
        return False
    if _is_present_form(token):
        return False
    stem = lemma[:-2]
    return _collapse(form) in {_collapse(stem + ending) for ending in ("de", "te", "den", "ten")}


def _is_participle(token: Token) -> bool:
    form = token.text.lower()
    return (
        token.is_alpha and len(form) > 5 and form != token.lemma.lower() and form.endswith(("d", "t", "en"))
        and form.startswith(_PARTICIPLE_PREFIXES)
    )


def _has_past(tokens: Sequence[Token], end: int | None = None) -> bool:
    """A finite past form before ``end`` ("verstrekte", "bedroeg"); an adjective after a determiner is not."""
    for position, token in enumerate(tokens[:end]):
        if _is_past_form(token):
            previous = tokens[position - 1].text.lower() if position else ""
            if token.text.lower() not in _PAST_FORMS and (previous in _SUBJECT_STARTERS or previous in _PREPOSITIONS):
                continue  # "met beperkte aanpassingen", "de gemaakte afspraken"
            return True
    return False


def _main_clause(tokens: Sequence[Token]) -> Sequence[Token]:
    for position, token in enumerate(tokens):
        if position and (token.text in {",", ";", ":"} or token.text.lower() in SUBORDINATORS):
            return tokens[:position]
    return tokens


_INSERTION_WORDS = 4


def _main_clause_over_insertions(tokens: Sequence[Token]) -> Sequence[Token]:
    """The main clause, read past short insertions between commas ("Humanitas is al eerder, in 2013, onder
    toezicht geplaatst": the participle stands after the year)."""
    position = 1
    while position < len(tokens):
        token = tokens[position]
        if token.text == ",":
            close = next((i for i in range(position + 1, min(len(tokens), position + _INSERTION_WORDS + 2))
                          if tokens[i].text == ","), None)
            inserted = tokens[position + 1:close] if close is not None else ()
            if close is None or any(t.text.lower() in SUBORDINATORS | {"en", "maar", "want", "of"} for t in inserted):
                return tokens[:position]
            position = close + 1
            continue
        if token.text in {";", ":"} or token.text.lower() in SUBORDINATORS:
            return tokens[:position]
        position += 1
    return tokens


def _has_perfect(tokens: Sequence[Token]) -> bool:
    """ "zijn … geland", "heeft … gemaakt" in the main clause: a perfect tense describes what happened."""
    main = _main_clause_over_insertions(tokens)
    auxiliary = next((i for i, t in enumerate(main) if t.text.lower() in {"heeft", "hebben", "is", "zijn", "ben"}), -1)
    return auxiliary >= 0 and any(_is_participle(token) for token in main[auxiliary + 1:])


def _find_cue(words: Sequence[str], tokens: Sequence[Token]) -> tuple[_Cue, int] | None:
    present = set(words)
    for cue in _CUES:
        if not all(any(option in present for option in word.split("/")) for word in cue.required):
            continue
        for index, word in enumerate(words):
            if word in cue.forms:
                if cue.required and not _required_in_clause(words, index, cue.required):
                    continue
                if "gaan" in cue.forms and not cue.required and not _infinitive_follows(tokens, index):
                    continue
                if "dient" in cue.forms and "te" not in words[index + 1:]:
                    continue  # "… stelt voor geen zienswijzen in te dienen": "dienen" is the infinitive here
                return cue, index
    return None


_CLAUSE_EDGES = frozenset({",", ";", ":"}) | {"omdat", "want", "maar", "terwijl", "die", "waarin", "waarop", "als"}


def _required_in_clause(words: Sequence[str], index: int, required: Sequence[str]) -> bool:
    """Particles belong to their verb's clause: "zegt toe dat …", not "zegt … dat we naar de locaties toe gaan"."""
    begin = index
    while begin > 0 and words[begin - 1] not in _CLAUSE_EDGES and words[begin - 1] not in SUBORDINATORS:
        begin -= 1
    end = index + 1
    while end < len(words) and words[end] not in _CLAUSE_EDGES and words[end] not in SUBORDINATORS:
        end += 1
    clause = words[begin:end + 1]  # the subordinator that ends the clause counts ("spreken af dat")
    after = words[index + 1:end + 1]
    for word in required:
        options = word.split("/")
        if not any(option in SEPARABLE_PARTICLES or option in {"zich", "bereid", "vastgelegd"} for option in options):
            continue  # an object noun ("advies", "aanbeveling") may stand anywhere in the sentence
        if "dat" in options:
            if not any(option in after for option in options):
                return False
        elif not any(option in clause for option in options):
            return False
    return True


def _infinitive_follows(tokens: Sequence[Token], index: int) -> bool:
    """ "gaat … aanstellen": future "gaan" needs an infinitive in its clause ("het gaat om" has none)."""
    for token in tokens[index + 1:]:
        word = token.text.lower()
        if word in {",", ";", ":", "omdat", "als", "maar", "want"}:
            return False
        if token.is_alpha and word.endswith("en") and word == token.lemma.lower() and word not in FUNCTION_WORDS:
            return True
    return False


# Last words of a capitalised run that make it a publication, a message, a register or a process, not a party.
_MEDIUM_HEADS = ("courant", "blad", "wetboek", "bericht", "berichten", "formulier", "proces", "register", "code",
                 "antwoord", "beginsel")  # "beginsel": a principle ("Woonplaatsbeginsel") binds nobody


def _names_a_medium(words: Sequence[str]) -> bool:
    """A run of capitalised words that names a law, a publication, a message, a register or a principle: no
    party."""
    return any(is_law(word) or word.lower().endswith(_MEDIUM_HEADS) for word in words)


def _capitalised_names(tokens: Sequence[Token], context: DocumentContext) -> list[tuple[str, int, int]]:
    """Runs of capitalised words ("De Linde", "Woonstede") that the document also uses mid-sentence."""
    runs: list[tuple[str, int, int]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.text[:1].isupper() and token.is_alpha:
            end = index + 1
            while end < len(tokens) and (
                (tokens[end].text[:1].isupper() and tokens[end].is_alpha)
                or (tokens[end].text.lower() in _NAME_INSIDE and end + 1 < len(tokens)
                    and tokens[end + 1].text[:1].isupper()
                    and not (tokens[end].text.lower() == "het" and tokens[end - 1].text.lower() not in _NAME_INSIDE)
                    and not (tokens[end].text.lower() == "de" and tokens[end - 1].text.isupper()))
            ):
                end += 1
            words = [t.text for t in tokens[index:end]]
            while words and words[0].lower() in FUNCTION_WORDS:
                words = words[1:]
            name = " ".join(words)
            previous = tokens[index - 1].text.lower() if index else ""
            after = tokens[end].text.lower() if end < len(tokens) else ""
            in_list = previous == "," or after == ","  # "Centrum, De Haarbrug, Kortenhoeve": places
            shorter = [" ".join(words[cut:]) for cut in range(1, len(words)) if is_organisation_type(words[cut - 1])]
            known_tail = next((tail for tail in shorter if _is_known_organisation(tail, context)), None)
            if known_tail and not _is_known_organisation(name, context):
                name = known_tail  # "Woningcorporatie Thuisbaas" → "Thuisbaas"
            if words and (words[0].lower().endswith(DOCUMENT_HEADS) or _names_a_medium(words)) and not (
                    _is_known_organisation(name, context)):
                index = end  # "het Beleidsplan Sociaal Domein", "Convenant Wonen en Zorg", "de Staatscourant",
                continue     # "een Startzorgbericht", "de Wmo", "het Burgerlijk Wetboek": a document, no party
            if name and name.lower() not in _PARTY_WORDS and previous not in _PREPOSITIONS and (
                _is_known_organisation(name, context)
                or (_used_as_name(name, context.text) and not in_list and " " not in name and name.lower()
                    not in FUNCTION_WORDS and looks_like_name(name) and (
                    tokens[index].text.lower() in {"de", "het"} or index == 0 or after in {"en", "zal", "zullen"}
                    or len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", context.text)) >= 2
                ))
                or (_used_as_name(name, context.text) and not in_list and " " in name)
            ):
                runs.append((name, index, end))
            index = end
        else:
            index += 1
    return runs


@lru_cache(maxsize=20_000)
def _used_as_name_cached(name: str, text_hash: str, text: str) -> bool:
    return re.search(rf"[a-zà-ÿ,]\s+(?:de\s+|het\s+)?{re.escape(name)}(?!\w)", text) is not None


def _used_as_name(name: str, text: str) -> bool:
    return _used_as_name_cached(name, sha256_text(text[:2000]) + str(len(text)), text)


def _is_known_organisation(name: str, context: DocumentContext) -> bool:
    pattern = re.compile(rf"(?<!\w){re.escape(name.lower())}(?!\w)")
    return any(pattern.search(org.lower()) for org in context.organisations)


def _resolve_name(name: str, context: DocumentContext) -> str:
    """A short name ("Woonstede", "De Linde") to the document's full organisation name when it has one."""
    lowered = name.lower()
    pattern = re.compile(rf"(?<!\w){re.escape(lowered)}(?!\w)")
    matches = [org for org in context.organisations if pattern.search(org.lower())]
    if matches:
        return min(matches, key=len)
    if context.owner and pattern.search(context.owner.lower()):
        return context.owner
    return longer_name(name, context.text) or name


# the owners for whom "het kabinet" and "de minister" are the writer itself: a ministry's or minister's letter
_NATIONAL = ("minister", "ministerie", "staatssecretaris", "kabinet", "rijksoverheid", "regering", "rijk ", "het rijk")


def _party_of_word(word: str, tokens: Sequence[Token], position: int, context: DocumentContext) -> list[str]:
    """The actors a party noun or pronoun stands for in this document."""
    if word in _ALL_PARTIES:
        # only the agreement's own list of parties: an organisation merely named in its text (the Rijksoverheid
        # whose policy may change, in a clause on special circumstances) is no party of it
        signatories = list(context.signatories)
        if context.kind != "covenant" or not signatories:
            return ["partijen"]
        recipients = set(_recipients(tokens, context))
        return [name for name in signatories if name not in recipients] or signatories
    municipalities = [org for org in context.organisations if org.lower().startswith("gemeente ")]
    if word == "gemeenten":
        return municipalities or ["gemeenten"]
    if word == "college" and municipalities:
        owner = context.owner if context.owner in municipalities else municipalities[0]
        return [owner]
    if word in {"kabinet", "minister", "staatssecretaris", "ik"}:
        ministries = [org for org in context.organisations if org.lower().startswith("ministerie")]
        if ministries:
            return ministries[:1]
    if word in _SELF_REFERENCES:
        if word in {"kabinet", "minister"} and context.owner and not context.owner.lower().startswith(_NATIONAL):
            return [word]  # a news item or a council's page on "het kabinet": the national government, not its owner
        if word in {"gemeente"} and context.owner and not context.owner.lower().startswith("gemeente"):
            municipalities = [org for org in context.organisations if org.lower().startswith("gemeente ")]
            return municipalities[:1] or ["gemeente"]
        return [context.owner] if context.owner else [word]
    forms = {word, word + "s", word + "en", word.removesuffix("s"), word.removesuffix("en")}
    matches = [org for org in context.organisations if forms & set(org.lower().split())]
    return matches[:1] if len(matches) == 1 else [word]


_TO_PREPOSITIONS = frozenset({"bij", "aan", "naar"})
_ALL_PARTIES = frozenset({"partijen", "partij", "ondertekenaars", "ondertekenaar"})


def _recipients(tokens: Sequence[Token], context: DocumentContext) -> list[str]:
    """Parties a sentence addresses rather than binds: "Partijen verplichten zich … een werkplan bij de
    gemeente in te dienen" — the gemeente receives the plan."""
    found: list[str] = []
    for position in range(len(tokens) - 2):
        if tokens[position].text.lower() not in _TO_PREPOSITIONS:
            continue
        offset = position + 2 if tokens[position + 1].text.lower() in {"de", "het"} else position + 1
        word = tokens[offset].text.lower()
        alias = next((names for key, names in context.aliases if key == word), None)
        if alias is not None:
            found.extend(alias)
        elif word in (_SELF_REFERENCES | _PARTY_WORDS) - {"wij", "we", "ik", "ons", "onze"} - _ALL_PARTIES:
            found.extend(_party_of_word(word, tokens, offset, context))
    return found


def _parties_in(tokens: Sequence[Token], start: int, end: int, context: DocumentContext) -> list[str]:
    """Actors named in tokens[start:end]: organisations, capitalised names, party words."""
    actors: list[str] = []
    covered: set[int] = set()
    if context.aliases and start < end:
        lowered = [token.text.lower() for token in tokens]
        for key, names in sorted(context.aliases, key=lambda item: -len(item[0])):
            key_words = key.split()
            for position in range(start, end - len(key_words) + 1):
                if lowered[position:position + len(key_words)] == key_words and position not in covered:
                    actors.extend(names)
                    covered.update(range(position, position + len(key_words)))
    for name, first, last in _capitalised_names(tokens[start:end], context):
        if any(start + index in covered for index in range(first, last)):
            continue
        resolved = _resolve_name(name, context)
        if resolved != name and _names_a_medium(resolved.split()) and not _is_known_organisation(resolved, context):
            resolved = name  # "Woonplaatsbeginsel" is not "Woonplaatsbeginsel Jeugdwet"
        if not resolved.lower().startswith(NOT_SIGNATORIES) and resolved.lower() not in {"kamer", "uw kamer"}:
            actors.append(resolved)
        covered.update(range(start + first, start + last))
    for position in range(start, end):
        if position in covered:
            continue
        token = tokens[position]
        word = token.text.lower()
        lemma = token.lemma.lower()
        if word in _PARTY_WORDS or lemma in _PARTY_WORDS or word in _SELF_REFERENCES:
            key = word if word in _PARTY_WORDS or word in _SELF_REFERENCES else lemma
            if key in {"we", "wij", "ik"} and position > 0 and tokens[position - 1].text.lower() in {"dan", "zoals"}:
                continue
            actors.extend(_party_of_word(key, tokens, position, context))
    return list(dict.fromkeys(actors))


_GENERIC_PARTY_NOUNS = frozenset({"organisaties", "organisatie", "partners", "partijen", "aanbieders"})


def _without_generic(actors: Sequence[str]) -> list[str]:
    """ "De organisaties in het samenwerkingsverband": once the named parties are known, the generic noun goes."""
    concrete = [actor for actor in actors if actor[:1].isupper() or " " in actor]
    return [actor for actor in actors if not (concrete and actor in _GENERIC_PARTY_NOUNS)]


def _resolve_roles(actors: Sequence[str], recent: Sequence[str], context: DocumentContext) -> list[str]:
    """A role noun the document did not resolve ("de stichting" with two foundations named) stands for the
    organisation of that kind named most recently before the sentence."""
    resolved: list[str] = []
    for actor in actors:
        if actor[:1].islower() and " " not in actor and actor not in _SELF_REFERENCES:
            forms = {actor, actor.removesuffix("s"), actor.removesuffix("en")}
            match = next((name for name in reversed(recent) if forms & set(name.lower().split())), None)
            resolved.append(match or actor)
        else:
            resolved.append(actor)
    return list(dict.fromkeys(resolved))


def parties_in_sentence(tokens: Sequence[Token], context: DocumentContext) -> list[str]:
    """All parties a sentence names (organisations, party nouns, "wij" resolved to the document's owner)."""
    return _parties_in(tokens, 0, len(tokens), context)


def _pronoun_subject(words: Sequence[str], verb_at: int) -> bool:
    """ "zij/ze" right before or right after the finite verb: the subject is a pronoun."""
    return (verb_at > 0 and words[verb_at - 1] in {"zij", "ze"}) or (
        verb_at + 1 < len(words) and words[verb_at + 1] in {"zij", "ze"}
    )


def _clause_opener(tokens: Sequence[Token], verb_at: int) -> str | None:
    """The subordinator that opens the clause of the verb at ``verb_at`` ("dat", "of", "wat"), or None."""
    for position in range(verb_at - 1, -1, -1):
        word = tokens[position].text.lower()
        if word == "als" and verb_at - position == 2 and tokens[position + 1].text.lower() not in _PRONOUN_SUBJECTS:
            continue  # "Het stadsdeel als financier gaat …": "als" means "as", no clause starts here
        if word in {":", ";"}:
            return None
        if word in SUBORDINATORS:
            return word
    return None


_WITH_PARTNER = re.compile(r"(?<!\w)(?:samen\s+met|in\s+samenwerking\s+met|met)\s+", re.IGNORECASE)
_LIST_SPLIT = re.compile(r"\s*,\s*|\s+en\s+")


def _co_actors(sentence: str, context: DocumentContext) -> list[str]:
    """Organisations that act together with the subject: "samen met Zorggroep De Linde", "in samenwerking met
    het Samenwerkingsverband …", "samen met de VNG en Zorgverzekeraars Nederland", "met De Jeugdhaven
    afgesproken". In a covenant only its parties can be bound, so partners outside it are left out."""
    found: list[str] = []
    for match in _WITH_PARTNER.finditer(sentence):
        plain_met = match.group().strip().lower() == "met"
        agreed_with = "afgesproken" in sentence[match.end():match.end() + 60]
        if plain_met and not agreed_with:
            continue
        if "wel" in sentence[max(0, match.start() - 6):match.start()].lower():
            continue
        window = re.split(r"[.;:()]", sentence[match.end():match.end() + 160], maxsplit=1)[0]
        for segment in _LIST_SPLIT.split(window):
            segment = re.sub(r"^(?:de|het)\s+", "", segment.strip())
            name_match = re.match(r"[A-Z][\w&-]*(?:\s+(?:[A-Z][\w&-]*|de|van|in|der))*", segment)
            if name_match is None:
                break  # the list of partners ends at the first segment that is no name
            name = _resolve_name(name_match.group().strip(), context)
            distinctive = distinctive_words(name)
            known = name in context.organisations or _is_known_organisation(name, context) or any(
                name in names for _, names in context.aliases
            ) or bool(distinctive and looks_like_name(distinctive[0]) and _used_as_name(name, context.text))
            if not known:
                continue
            if context.kind == "covenant" and context.signatories and name not in context.signatories:
                continue
            found.append(name)
    return found


def _subject(tokens: Sequence[Token], verb_at: int, context: DocumentContext) -> list[str]:
    """Parties before the finite verb (from the last comma on), else right after it (inversion)."""
    clause_start = 0  # commas do not end the subject: they separate list items ("Centrum, De Haarbrug, …")
    for position in range(verb_at - 1, -1, -1):
        word = tokens[position].text.lower()
        if word == "als" and verb_at - position == 2 and tokens[position + 1].text.lower() not in _PRONOUN_SUBJECTS:
            continue  # "Het stadsdeel als financier gaat …": "als" means "as", no clause starts here
        if tokens[position].text in {";", ":"} or word in SUBORDINATORS:
            clause_start = position + 1
            break
    if clause_start > 0:  # a subordinate clause is verb-final: its subject is somewhere before the verb
        inside = _parties_in(tokens, clause_start, verb_at, context)
        if inside:
            return inside[:1] if len(inside) > 1 and tokens[verb_at].text.lower().endswith("t") else inside
    end = verb_at + 1
    while end < min(len(tokens), verb_at + 5) and tokens[end].text not in {",", ";", ":"}:
        end += 1
    after = _parties_in(tokens, verb_at + 1, end, context)
    first = tokens[clause_start] if clause_start < verb_at else None
    if after and _fronted_object(tokens, clause_start, verb_at):
        return after[:1]  # "De aanbeveling om … samen te voegen, neemt het college niet over"
    if first is not None and (
        first.text.lower() in _SUBJECT_STARTERS or first.text.lower() in _PARTY_WORDS
        or first.text.lower() in _SELF_REFERENCES or (first.text[:1].isupper() and first.text.lower() not in
                                                      FUNCTION_WORDS)
    ):
        before = _parties_in(tokens, clause_start, verb_at, context)
        if before:
            return before
    return after[:1]  # the subject right after the verb; later names are objects ("informeer ik uw Kamer")


# words that end a noun phrase's head: a preposition or what opens a clause on the noun ("Het advies om …")
_AFTER_THE_NOUN = _PREPOSITIONS | {"om", "dat", "die", "te"}


def _fronted_object(tokens: Sequence[Token], start: int, verb_at: int) -> bool:
    """A clause that opens with "de/het <noun>" that names no party, with a party or pronoun right after the
    finite verb: the opening phrase is a fronted object, the subject follows the verb (Dutch verb second)."""
    if verb_at - start < 2 or verb_at + 1 >= len(tokens):
        return False
    determiner, noun = tokens[start].text.lower(), tokens[start + 1]
    if determiner not in {"de", "het", "dit", "dat", "deze"} or not noun.text[:1].islower():
        return False
    for token in tokens[start + 1:min(verb_at, start + 4)]:  # the noun, after adjectives ("Het nieuwe kabinet …")
        if token.text.lower() in _PARTY_WORDS or token.lemma.lower() in _PARTY_WORDS:
            return False
        if token.text.lower() in _AFTER_THE_NOUN or not token.is_alpha:
            break  # "Het advies om kleine aanbieders …": what follows the noun is no longer the noun
    following = tokens[verb_at + 1].text.lower()
    return following in {"het", "de", "wij", "we", "ik", "zij", "ze", "hij"} and tokens[verb_at + 1].is_alpha


# Finite verbs that carry no action of their own: the action is what follows them ("zal … vereenvoudigen").
_AUXILIARIES = frozenset(MODAL_FORMS) | frozenset({
    "is", "ben", "bent", "zijn", "wordt", "worden", "werd", "werden", "heeft", "heb", "hebt", "hebben", "had",
    "hadden", "blijft", "blijven", "was", "waren", "streeft", "streven", "verplicht", "verplichten", "verbindt",
    "verbinden",
})


def _action_verb(token: Token) -> bool:
    """A finite verb that is itself the action ("kiest", "stellen", "bracht"): not an auxiliary, a modal, a
    noun cue ("ambitie") or another word the cue was found at."""
    word, lemma = token.text.lower(), token.lemma.lower()
    if not token.is_alpha or not token.text[:1].islower() or word in _AUXILIARIES or word in _NOUN_CUES:
        return False
    return (_is_present_form(token) and (lemma.endswith("en") or word in _PRESENT_IRREGULAR)) or _is_past_form(token)


def _opens_with_subject(tokens: Sequence[Token], verb_at: int) -> bool:
    """Whether the clause before the finite verb at ``verb_at`` is its subject ("De gemeente kiest …",
    "Partijen sturen …"), not an adverbial with the subject after the verb ("In 2026 breiden wij … uit")."""
    if verb_at < 1 or any(token.text in {",", ";", ":"} for token in tokens[:verb_at]):
        return False
    first = next((token for token in tokens[:verb_at] if token.is_alpha), None)
    if first is None:
        return False
    word = first.text.lower()
    return (word in _SUBJECT_STARTERS or word in _PRONOUN_SUBJECTS or word in _PARTY_WORDS
            or (first.text[:1].isupper() and word not in FUNCTION_WORDS and word not in _PREPOSITIONS))


def _action(
    sentence: str, tokens: Sequence[Token], after: int, deadline: Deadline | None, actors: Sequence[str]
) -> str:
    """What the commitment promises: the words after its finite verb, or from that verb on when the verb is the
    action itself and its subject opens the clause ("De gemeente kiest per voorziening …" → "kiest per
    voorziening …", where the words after it alone read "per voorziening …")."""
    start = tokens[after].end if after < len(tokens) else len(sentence)
    limit = _MAX_ACTION_WORDS
    if 0 < after < len(tokens) and _action_verb(tokens[after]) and _opens_with_subject(tokens, after):
        start, limit = tokens[after].start, _MAX_ACTION_WORDS + 1
    text = sentence[start:]
    if deadline is not None and deadline.start >= start:
        # the deadline cut out of "al eerder, in 2013, onder …" leaves no empty pair of commas
        text = re.sub(r",(?:\s*,)+", ",", sentence[start:deadline.start] + sentence[deadline.end:])
    text = re.sub(r"^\s*(?:zich\s+)?(?:ernaar|er\s+naar|naar|toe|af|overeen|in|zich|om|dat|,)\b", " ", text)
    text = re.sub(r"^\s*(?:zij|wij|we|ze|hij|het\s+college|de\s+gemeente)\b", " ", text.strip())
    text = re.sub(r"\s+", " ", text).strip(" ,.;:")
    if len(text.split()) < 2 and after < len(tokens):  # verb-final clause: "… Samen Noord van start gaat"
        before = sentence[:tokens[after].start]
        if deadline is not None and deadline.end <= tokens[after].start:
            before = before[:deadline.start] + before[deadline.end:]
        for actor in actors:
            before = re.sub(re.escape(actor.split()[-1]), " ", before)
        text = re.sub(r"\s+", " ", before).strip(" ,.;:")
        return " ".join([*text.split()[-_MAX_ACTION_WORDS:], tokens[after].text])
    words = text.split()
    return " ".join(words[:limit])


def _is_future(deadline: Deadline, context: DocumentContext) -> bool:
    if context.date and len(context.date) == 10 and re.fullmatch(r"\d{4}-\d\d-\d\d", deadline.value):
        return deadline.value > context.date
    year = deadline_year(deadline.value)
    if year is None:
        return True
    if context.reference_year is None:
        return True
    return year >= context.reference_year


_NUMBERING = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[-•*▪–]|\(?[a-z]\))\s+")
_MAIN_CLAUSE_END = re.compile(r"(?<![\w-])(?:omdat|doordat|want|zodat|waardoor|terwijl)(?![\w-])")
_QUOTED = re.compile(r"“[^”]*”|‘[^’]{12,}’|\"[^\"]*\"")


def _in_quotes(sentence: str, position: int) -> bool:
    return any(match.start() < position < match.end() for match in _QUOTED.finditer(sentence))


def _reject_reason(sentence: str, words: Sequence[str]) -> str | None:
    alpha = [word for word in words if word[:1].isalnum()]
    if not _MIN_WORDS <= len(alpha) <= _MAX_WORDS:
        return "length"
    if sentence.rstrip(_CLOSERS + " ").endswith("?"):
        return "question"
    if sentence[:1] in _QUOTE_OPENERS:
        return "quote"
    if _INFORMAL_YOU & set(words) or alpha[:1] == ["u"]:
        return "advice"
    if alpha[0] in _CONDITIONAL_OPENERS:
        return "conditional"
    if alpha[0] in {"artikel", "hoofdstuk", "paragraaf", "bijlage"} and len(alpha) > 1 and alpha[1][:1].isdigit():
        return "heading"
    if "|" in words or ":" in words[:4]:
        return "table row or definition"  # "Populatiegebonden budget: het bedrag dat …"
    lowered = sentence.lower()
    main_end = _MAIN_CLAUSE_END.search(lowered)
    rejection = _REJECTIONS.search(lowered, 0, main_end.start() if main_end else len(lowered))
    if rejection:
        return f"rejected: {rejection.group()}"
    return None


def _second_clause_actors(tokens: Sequence[Token], context: DocumentContext) -> list[str]:
    """ "…; Woonstede stelt daarvoor kosteloos een ruimte beschikbaar": a clause after a semicolon that opens
    with a named party and a present-tense verb adds that party."""
    for position, token in enumerate(tokens):
        if token.text != ";" or position + 2 >= len(tokens):
            continue
        names = _capitalised_names(tokens[position + 1:position + 6], context)
        if not names or names[0][1] != 0:
            continue
        name, _, last = names[0]
        verb = tokens[position + 1 + last] if position + 1 + last < len(tokens) else None
        if verb is not None and verb.is_alpha and verb.text[:1].islower() and not _is_past_form(verb):
            return [_resolve_name(name, context)]
    return []


def analyse_sentence(
    sentence: str, tokens: Sequence[Token], context: DocumentContext, previous_parties: Sequence[str] = (),
    recent_parties: Sequence[str] = (),
) -> SentenceVerdict:
    """Decide whether one sentence is a commitment; ``tokens`` are ``nlp.tokens(sentence)``.

    ``previous_parties`` are the organisations the sentence before named: "zij"/"ze" as subject refers to
    them when there is exactly one ("Samen Noord … Daarnaast zullen ze …"). ``recent_parties`` are all
    organisations named before, most recent last: a role noun ("de stichting") refers to the latest of its kind.
    """
    numbering = _NUMBERING.match(sentence)
    if numbering:  # "2.3 Woonstede brengt …": the article number is no part of the sentence
        cut = numbering.end()
        sentence = sentence[cut:]
        tokens = [
            Token(t.text, t.start - cut, t.end - cut, t.lemma, t.is_stop, t.is_alpha) for t in tokens if t.start >= cut
        ]
    sentence = sentence.strip()
    colon = next((i for i, token in enumerate(tokens[:5]) if token.text == ":"), -1)
    if colon >= 0 and colon + 1 < len(tokens) and tokens[colon + 1].text[:1].isupper():
        cut = tokens[colon + 1].start  # "Voor de duidelijkheid: De Linde zal …": the clause after the colon
        sentence = sentence[cut:]
        tokens = [
            Token(t.text, t.start - cut, t.end - cut, t.lemma, t.is_stop, t.is_alpha) for t in tokens if t.start >= cut
        ]
    words = [token.text.lower() for token in tokens]
    reason = _reject_reason(sentence, words)
    if reason:
        return SentenceVerdict(False, reason)
    deadline = parse_deadline(sentence, context.when)
    looptijd = re.search(r"gedurende\s+de\s+looptijd\s+van\s+(?:dit|deze)\s+\w+", sentence, re.IGNORECASE)
    if deadline is None and looptijd and context.period and context.kind == "covenant":
        deadline = Deadline(context.period, looptijd.group(), "in", looptijd.start(), looptijd.end())
    found = _find_cue(words, tokens)
    if found is not None:
        cue, verb_at = found
        if _in_quotes(sentence, tokens[verb_at].start):
            return SentenceVerdict(False, "quote")
        if any(t.lemma.lower() in _SPEECH_VERBS or t.text.lower() in _SPEECH_VERBS
               for t in _main_clause(tokens[verb_at + 1:])):
            return SentenceVerdict(False, "speech act")  # "Ik zal er kort iets over vertellen"
        opener = _clause_opener(tokens, verb_at)
        if opener in _NON_ASSERTING_CLAUSES:
            return SentenceVerdict(False, f"inside a '{opener}' clause")
        if cue.label.split()[0] in _NOUN_CUES and not (
            (verb_at > 0 and words[verb_at - 1] in _POSSESSIVES) or {"heeft", "hebben"} & set(words[:verb_at])
        ):
            return SentenceVerdict(False, "goal of something, not of a party")  # "Het doel van de tool is …"
        if _has_past(tokens, verb_at) or (
            cue.label.split()[0] in {"ambities", "ambitie", "doelstelling", "doel", "inzet"} and _has_past(tokens)
        ):
            return SentenceVerdict(False, "past")
        actors = _subject(tokens, verb_at, context)
        if not actors and len(previous_parties) == 1 and _pronoun_subject(words, verb_at):
            actors = list(previous_parties)
        if actors:
            actors = _complete_actors(actors, sentence, tokens, context, recent_parties)
        if not actors and cue.label.startswith(("zijn vastgelegd", "worden vastgelegd")) and context.organisations:
            actors = list(context.organisations) if context.kind == "covenant" else [context.owner or ""]
        if not actors:
            return SentenceVerdict(False, "no party")
        if deadline is not None and not _is_future(deadline, context) and cue.strength != "binding":
            return SentenceVerdict(False, "past deadline")
        negated = any(word in _NEGATIONS for word in words[verb_at:])
        return SentenceVerdict(
            True, "cue", cue.strength, cue.label, tuple(actors),
            _action(sentence, tokens, verb_at, deadline, actors), negated, deadline,
        )
    verdict = (
        _settled_arrangement(sentence, tokens, deadline, context, recent_parties)
        or _purpose_clause(sentence, tokens, context, previous_parties, deadline)
        or _scheduled_action(sentence, tokens, words, deadline, context)
    )
    if verdict.is_commitment:
        actors = _complete_actors(verdict.actors, sentence, tokens, context, recent_parties)
        verdict = dataclasses.replace(verdict, actors=tuple(actors))
    return verdict


def _complete_actors(
    actors: Sequence[str], sentence: str, tokens: Sequence[Token], context: DocumentContext, recent: Sequence[str]
) -> list[str]:
    """The subject's parties plus partners ("samen met …"), a second clause's party ("…; Woonstede stelt …"),
    role nouns resolved to the latest organisation of that kind, generic nouns dropped."""
    joined = list(dict.fromkeys([*actors, *_co_actors(sentence, context), *_second_clause_actors(tokens, context)]))
    return _resolve_roles(_without_generic(joined), recent, context)


def _scheduled_action(
    sentence: str, tokens: Sequence[Token], words: Sequence[str], deadline: Deadline | None,
    context: DocumentContext,
) -> SentenceVerdict:
    """A present-tense action with a future deadline, or a covenant clause with a party first."""
    if _has_past(tokens) or _has_perfect(tokens):
        return SentenceVerdict(False, "past")
    negated = any(word in _NEGATIONS for word in words)
    if (
        deadline is not None and _is_future(deadline, context) and deadline.kind != "until"
        and (not deadline.value.startswith("P") or context.kind == "covenant" or _forward_period(deadline))
        and not deadline.text.startswith("voor ")  # "het budget bedraagt voor 2027 …": an amount, not an action
    ):
        after = next((i for i, t in enumerate(tokens) if t.start >= deadline.end), len(tokens))
        if deadline.start == 0:
            if after >= len(tokens) or not _looks_finite(tokens[after]):
                return SentenceVerdict(False, "no verb after the deadline")
            actors = _subject(tokens, after, context)
            if not actors and context.kind != "blog" and context.owner:
                actors = [context.owner]
            verb_at = after
        else:
            verb_at = _first_verb(tokens)
            actors = _subject(tokens, verb_at, context) if verb_at > 0 else []
            if verb_at > 0 and tokens[verb_at].lemma.lower() in _NON_ACTIONS and tokens[verb_at].text.lower() not in {
                "gaat", "gaan", "is", "zijn"
            }:
                actors = []
            if not actors and after < len(tokens) and _looks_finite(tokens[after]):
                # "… De komende drie jaar richt Samen Noord zich …": the verb right after the time phrase
                inverted = _parties_in(tokens, after + 1, min(len(tokens), after + 5), context)
                if inverted:
                    verb_at, actors = after, inverted[:1]
            if not actors:
                if not _is_main_clause_passive(words) or context.kind == "blog" or not context.owner:
                    return SentenceVerdict(False, "no party")
                actors = [context.owner]
        if not actors:
            return SentenceVerdict(False, "no party")
        source = re.sub(r"[^a-z]", "", context.source.lower())
        known = {*context.organisations, context.owner} - {None}
        named_in_source = any(
            len(word) >= 5 and word.lower() in source for actor in actors for word in re.findall(r"\w+", actor)
        )
        named_twice = any(" " in actor and context.text.count(actor) >= 2 for actor in actors)  # "Samen Noord"
        if context.kind == "blog" and not (set(actors) & known) and not named_in_source and not named_twice:
            return SentenceVerdict(False, "no known organisation")  # "De volgende leergang … start op …"
        return SentenceVerdict(
            True, "scheduled", "intention", "present tense with a deadline", tuple(actors),
            _action(sentence, tokens, max(verb_at, 0), deadline, actors), negated, deadline,
        )
    if context.kind == "covenant":
        verb_at = _first_verb(tokens)
        content_after = [t for t in tokens[verb_at + 1:] if t.is_alpha] if verb_at > 0 else []
        if 0 < verb_at <= 6 and tokens[verb_at].lemma.lower() not in _NON_ACTIONS and content_after:
            actors = _parties_in(tokens, 0, verb_at, context)  # a clause that starts with its party
            if actors:
                return SentenceVerdict(
                    True, "covenant clause", "intention", "present tense in a covenant", tuple(actors),
                    _action(sentence, tokens, verb_at, deadline, actors), negated, deadline,
                )
    return SentenceVerdict(False, "no cue")


def _forward_period(deadline: Deadline) -> bool:
    """ "de komende drie jaar": a period that only looks ahead, in any kind of text."""
    return "komende" in deadline.text.lower()


_SETTLED = re.compile(
    r"(?<![\w-])(?:is|zijn)(?![\w-])[^.;]{0,140}?(?<![\w-])(?:mogelijk\s+geworden|geregeld|vastgelegd|toegekend|"
    r"verleend)(?![\w-])",
    re.IGNORECASE,
)
_GRANT_NOUNS = frozenset({
    "beschikking", "subsidie", "subsidiebeschikking", "subsidieovereenkomst", "budget", "opdracht",
})
_COLLECTIVE_NOUNS = frozenset({"samenwerkingsverband", "consortium", "coalitie", "alliantie", "netwerk"})


def _settled_arrangement(
    sentence: str, tokens: Sequence[Token], deadline: Deadline | None, context: DocumentContext,
    recent: Sequence[str],
) -> SentenceVerdict | None:
    """ "Zo is voor 2018 één beschikking voor één samenwerkingsverband … mogelijk geworden": a perfect tense
    that reports a grant arranged for a coming period. The financier grants and the recipient carries it out;
    a collective noun ("samenwerkingsverband") is the organisation named just before."""
    if deadline is None or not _is_future(deadline, context) or _SETTLED.search(sentence) is None:
        return None
    if not {token.lemma.lower() for token in tokens} & _GRANT_NOUNS:
        return None
    recipients: list[str] = []
    for token in tokens:
        word = token.text.lower()
        if word in _COLLECTIVE_NOUNS:
            named = [name for name in reversed(recent) if name != context.financier]
            recipients.extend(named[:1])
    actors = list(dict.fromkeys([*([context.financier] if context.financier else []), *recipients]))
    if not actors:
        return None
    return SentenceVerdict(
        True, "settled arrangement", "intention", "is … mogelijk geworden", tuple(actors),
        _action(sentence, tokens, 0, deadline, actors), False, deadline,
    )


_PURPOSE_OPENER = re.compile(r"^\s*Om\s+[^,]{3,60}?\s+te\s+\w+\s*,\s*")


def _purpose_clause(
    sentence: str, tokens: Sequence[Token], context: DocumentContext, previous_parties: Sequence[str],
    deadline: Deadline | None,
) -> SentenceVerdict | None:
    """ "Om dit te bereiken, zorgen ze er met elkaar voor dat …": a purpose clause up front makes the present
    tense that follows a plan; the subject comes right after the verb (or is "ze", the party named before)."""
    match = _PURPOSE_OPENER.match(sentence)
    if match is None:
        return None
    verb_at = next((i for i, token in enumerate(tokens) if token.start >= match.end()), len(tokens))
    if verb_at >= len(tokens) or not _looks_finite(tokens[verb_at]) or _is_past_form(tokens[verb_at]):
        return None
    words = [token.text.lower() for token in tokens]
    actors = _subject(tokens, verb_at, context)
    if not actors and len(previous_parties) == 1 and _pronoun_subject(words, verb_at):
        actors = list(previous_parties)
    if not actors or any(word in {"je", "jij", "u"} for word in words[verb_at:verb_at + 2]):
        return None
    negated = any(word in _NEGATIONS for word in words[verb_at:])
    return SentenceVerdict(
        True, "purpose clause", "intention", "om … te, present tense", tuple(actors),
        _action(sentence, tokens, verb_at, deadline, actors), negated, deadline,
    )


def _looks_finite(token: Token) -> bool:
    """The word after a fronted deadline is the finite verb (verb second): any lowercase content word."""
    word = token.text.lower()
    if not token.is_alpha or not token.text[:1].islower():
        return False
    return word in _PRESENT_IRREGULAR or word not in FUNCTION_WORDS


def _first_verb(tokens: Sequence[Token]) -> int:
    """Index of the finite verb after a subject at the sentence start ("De verhuurders melden …"), or -1.

    Without a tagger: skip the subject (determiners, names, party nouns, adjectives, "en") and take the
    first lowercase word that has a present verb form, or that ends in -t/-en right after a party word.
    """
    previous_is_party = False
    for position, token in enumerate(tokens[:9]):
        word = token.text.lower()
        lemma = token.lemma.lower()
        if position == 0 or not token.is_alpha or token.text[:1].isupper():
            previous_is_party = token.text[:1].isupper() or word in _PARTY_WORDS
            continue
        if word in _PRESENT_IRREGULAR:
            return position
        if previous_is_party and word in _PRONOUN_SUBJECTS:
            continue
        if word in _PRONOUN_SUBJECTS or (position == 1 and tokens[0].text.lower() in _PRONOUN_SUBJECTS):
            previous_is_party = True
            if word in _PRONOUN_SUBJECTS:
                continue
            return position if word not in FUNCTION_WORDS else -1
        if word in FUNCTION_WORDS or word in _PARTY_WORDS or lemma in _PARTY_WORDS:
            if word in _PARTY_WORDS or lemma in _PARTY_WORDS:
                previous_is_party = True
            continue
        if lemma.endswith("en") and _is_present_form(token) and (lemma != word or not word.endswith("ingen")):
            return position
        if previous_is_party and (word.endswith("t") or (word.endswith("en") and word == lemma)):
            return position
        if previous_is_party and word.endswith("en") and not word.endswith("ingen"):
            return position
        previous = tokens[position - 1]
        if (
            position >= 2 and word.endswith("en") and not word.endswith("ingen") and previous.is_alpha
            and previous.text.lower() not in FUNCTION_WORDS and not previous.text.lower().endswith(("e", "en"))
        ):
            return position  # "… de wijkverpleging stellen": a plural verb after the subject's noun
        previous_is_party = False
    return -1


def _is_main_clause_passive(words: Sequence[str]) -> bool:
    """ "De documenten worden … gepubliceerd": the passive auxiliary before any comma or subordinator."""
    for word in words:
        if word in {"wordt", "worden"}:
            return True
        if word in {",", ";", ":"} or word in SUBORDINATORS:
            return False
    return False


# --- the entry ----------------------------------------------------------------------------------


def commitment_id(passage_id: str, start: int) -> str:
    return "c-" + sha256_text(f"{passage_id}:{start}")[:14]


def extract_commitments(
    document: Document, passages: Sequence[Passage], nlp: DutchNLP, context: DocumentContext | None = None
) -> list[FoundCommitment]:
    """All commitments in a document's passages, in text order, each citing its sentence and passage: the
    learned sentence layer decides (models/analyses/), the rules of this module fill the fields."""
    from models.analyses.extract import commitments_from  # the layer builds on this module's rules
    from models.analyses.sentences import analyse_document

    context = context or DocumentContext.of(document, nlp)
    return commitments_from(document, analyse_document(document, passages, nlp, context), context)


def extract_rule_commitments(
    document: Document, passages: Sequence[Passage], nlp: DutchNLP, context: DocumentContext | None = None
) -> list[FoundCommitment]:
    """The rules alone (the layer's cue features and the before numbers of the evaluation): all
    commitments the rules find in a document's passages, in text order."""
    context = context or DocumentContext.of(document, nlp)
    spans: list[tuple[Passage, int, int]] = []
    for passage in passages:
        for start, end in nlp.sentences(passage.text):
            spans.append((passage, start, end))
    sentences = [passage.text[start:end] for passage, start, end in spans]
    found: list[FoundCommitment] = []
    previous: list[str] = []  # the organisations last named, across passages ("… Samen Noord … zullen ze …")
    recent: list[str] = []  # every organisation named so far, most recent last
    last: tuple[int, tuple[str, int], SentenceVerdict] | None = None  # the commitment just before
    for (passage, start, end), sentence, tokens in zip(spans, sentences, nlp.tokens_many(sentences), strict=True):
        named = [p for p in _parties_in(tokens, 0, len(tokens), context) if p[:1].isupper() or " " in p]
        verdict = analyse_sentence(sentence, tokens, context, previous_parties=previous, recent_parties=recent)
        if not verdict.is_commitment and last is not None and last[0] == len(found) and _GOAL_CONTINUATION.match(
            sentence
        ) and (passage.id, start) != last[1]:
            verdict = _goal_of(last[2], sentence, tokens)  # "… richt Samen Noord zich op … Met de ambitie dat …"
        previous = named or previous
        recent = [name for name in recent if name not in named] + named
        if not verdict.is_commitment or verdict.strength is None:
            last = None
            continue
        deadline = verdict.deadline
        record = Commitment(
            id=commitment_id(passage.id, start), passage_id=passage.id, doc_id=document.id,
            sentence=re.sub(r"\s+", " ", sentence).strip(), actors=verdict.actors, modality=verdict.modality,
            action=verdict.action, deadline=deadline.value if deadline else None, strength=verdict.strength,
        )
        found.append(FoundCommitment(
            commitment=record, negated=verdict.negated, deadline_text=deadline.text if deadline else None,
            deadline_kind=deadline.kind if deadline else None, start=start, end=end,
        ))
        last = (len(found), (passage.id, start), verdict)
    return found


_GOAL_CONTINUATION = re.compile(r"^\s*Met\s+(?:de\s+ambitie|als\s+doel|het\s+doel|de\s+bedoeling)\b", re.IGNORECASE)


def _goal_of(previous: SentenceVerdict, sentence: str, tokens: Sequence[Token]) -> SentenceVerdict:
    """A verbless "Met de ambitie dat …" right after a commitment states that commitment's aim: an aspiration
    of the same parties."""
    return SentenceVerdict(
        True, "goal of the commitment before", "aspiration", "met de ambitie", previous.actors,
        _action(sentence, tokens, 2, None, previous.actors), False, None,
    )
