"""Who is bound by a commitment, and who stands on each side of a tension: rules by the form of the text.

- a debate sentence in the first person binds its speaker with their office ("minister De Jonge (VWS)");
  the chair binds nobody;
- a contract or regulation names roles ("Opdrachtgever", "Opdrachtnemer", "de aanvrager"): the actor is the
  one role that is the grammatical subject of the main clause — after a fronted "Als …, dan" clause, the
  subject of what follows — never the pair;
- the party that opens the main clause by its form (``clause_subject``): a role of the agreement, a role noun of
  a person or body ("De wijkagent Jan de Vries …", "de kascommissie"), both halves of a coordinated subject;
  a pronoun ("hij", "zij") stands for the subject of the fronted clause ("Als Opdrachtgever …, dan garandeert
  hij") or of the nearest sentence before it that names one; the agent of a passive ("… door de
  kascommissie"), the actor an act names ("Een aanvraag wordt ingediend" → "aanvrager"); a list item without
  a subject binds the subject of its lead-in ("De subsidieontvanger is verplicht: a. …"); in a bulletin or
  blog an impersonal clause ("er", "men") or a passive with a party as subject binds the party named last;
- a motion's considerations ("constaterende dat het kabinet …", "… in het regeerakkoord") bind the party they
  name (the coalition agreement: the cabinet), never the members who move it;
- otherwise the rules' subject (models/commitments.py: organisations, "wij", "partijen" resolved to the
  covenant's signatories, role nouns to the latest organisation of that kind), else the document's owner.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from models.analyses.commitment_forms import finite_verb, plural_verb
from models.analyses.context_forms import decision_maker
from models.analyses.sentences import AnalysedSentence
from models.commitments import DocumentContext, _parties_in, _subject
from models.document_context import distinctive_words, is_organisation_type
from models.nlp import Token
from rodedraad.dutch import FUNCTION_WORDS, MODAL_FORMS, SUBORDINATORS, load_word_list, sentence_spans

_FIRST_PERSON = frozenset({"ik", "mij", "me", "mijn", "we", "wij", "ons", "onze"})
_ROLE_WORDS = (load_word_list("commitment_parties") | load_word_list("tension_roles")) - frozenset({
    "partijen", "partij", "ondertekenaars", "ondertekenaar", "wij", "we", "ik",  # resolved by the rules
})
# Role nouns of regulations and agreements that bind whoever fills them ("De aanvrager dient …").
_BOUND_ROLES = frozenset({
    "aanvrager", "aanvragers", "subsidieontvanger", "ontvanger", "initiatiefnemer", "initiatiefnemers",
    "deelnemer", "deelnemers", "leverancier", "zorgaanbieder", "aanbieder", "opdrachtnemer", "opdrachtgever",
    "gemeente", "gemeenten", "provincie", "minister", "staatssecretaris", "kabinet", "regering", "college",
    "bestuur", "wijkraad", "stichting", "vereniging", "coöperatie", "corporatie", "werkgroep", "projectgroep",
    # the bodies and officers regulations and protocols address ("De toezichthouder vormt zich een oordeel")
    "toezichthouder", "inspectie", "inspecteur", "instelling", "instellingen", "uitvoerder", "accountant",
    # the partners of a collaboration and the bodies that carry out policy ("De verschillende
    # uitvoeringsinstanties bereiden zich voor", "Deze besluiten hebben de partners onlangs genomen")
    "partner", "partners", "instantie", "instanties",
    # who provides the care or service a contract buys ("De Dienstverlener levert de ondersteuning binnen …")
    "dienstverlener", "dienstverleners", "zorgverlener", "zorgverleners", "hulpverlener", "hulpverleners",
})
_ALL_PARTY_WORDS = frozenset({"partijen", "beide", "ondertekenaars"})
_CONDITIONAL_OPENERS = frozenset({"als", "indien", "wanneer", "zodra", "tenzij", "mocht", "voordat", "nadat"})
_CHAIR = "voorzitter"


def _capitalised_roles(tokens: Sequence[Token], context: DocumentContext) -> list[tuple[int, str]]:
    """Role nouns used as names ("Opdrachtnemer", capitalised mid-sentence in the document): position, role."""
    found = []
    for position, token in enumerate(tokens):
        word = token.text
        if (token.is_alpha and word[:1].isupper() and word.lower() in _ROLE_WORDS and word.lower() not in _OFFICES
                and _used_as_name(word, context)):
            found.append((position, word))
    return found


def _used_as_name(word: str, context: DocumentContext) -> bool:
    """A role noun the document capitalises mid-sentence, again and again: a defined party ("Opdrachtnemer")."""
    return _uses_as_name(word, context) >= 3


def _uses_as_name(word: str, context: DocumentContext) -> int:
    """How often the document writes a role noun capitalised mid-sentence on its own: not as the first word of
    a name ("Stichting Welzijn …") and not as a party's short name from the party list ("hierna: de
    Wijkteams"), which are organisations, not roles."""
    if any(key == word.lower() and len(names) == 1 for key, names in context.aliases):
        return 0
    return len(re.findall(rf"[a-z,]\s+{re.escape(word)}\b(?![ \t]+[A-Z])", context.text[:300_000]))


@lru_cache(maxsize=64)
def document_roles(context: DocumentContext) -> tuple[str, ...]:
    """The roles a document uses as names (a contract's "Opdrachtgever" and "Opdrachtnemer"), most used first."""
    counts = {
        word: _uses_as_name(word, context)
        for word in {w for w in re.findall(r"\b[A-Z][a-z]{4,}\b", context.text[:300_000]) if w.lower() in _ROLE_WORDS}
    }
    return tuple(sorted((word for word, count in counts.items() if count >= 3), key=lambda w: (-counts[w], w)))


_OFFICES = frozenset({"minister", "staatssecretaris", "ministerie", "kabinet", "regering"})


def party_roles(context: DocumentContext) -> tuple[str, ...]:
    """The document's roles that are parties of its agreement ("Opdrachtgever", "Opdrachtnemer"): offices a
    regulation capitalises ("de Minister") are its authority, not a party."""
    return tuple(role for role in document_roles(context) if role.lower() not in _OFFICES)


def _all_parties(tokens: Sequence[Token], context: DocumentContext) -> tuple[str, ...] | None:
    """ "Partijen …" in a document whose parties are roles: each role, one by one (never an organisation
    the document merely names, never the merged pair)."""
    roles = party_roles(context)
    if len(roles) >= 2 and any(token.text.lower() in _ALL_PARTY_WORDS for token in tokens):
        return roles[:2]
    return None


def _in_role_terms(actors: Sequence[str], text: str, context: DocumentContext) -> tuple[str, ...]:
    """Actors the rules found, in a document whose parties are roles: a lower-case role as the document
    writes it, no merged pair, and no organisation the sentence does not name (the owner fallback)."""
    roles = party_roles(context)
    if len(roles) < 2:
        return tuple(dict.fromkeys(actors))
    by_lower = {role.lower(): role for role in roles}
    lowered_text = text.lower()
    kept: list[str] = []
    for actor in actors:
        actor = by_lower.get(actor.lower(), actor)
        rest = actor.lower()
        for role in roles:
            rest = rest.replace(role.lower(), " ")
        if sum(1 for role in roles if role.lower() in actor.lower()) >= 2 and actor not in roles and not rest.strip():
            continue  # "Opdrachtgever Opdrachtnemer" (a name holding two role words is a name)
        if actor not in roles and not any(
            len(word) >= 4 and word in lowered_text for word in re.findall(r"\w+", actor.lower())
        ):
            continue
        kept.append(actor)
    return tuple(dict.fromkeys(kept))


def _main_clause_start(tokens: Sequence[Token]) -> int:
    """Index where the main clause starts: after a fronted conditional clause ("Als …, dan …", "Indien …, …")."""
    words = [token.text.lower() for token in tokens]
    alpha = [i for i, token in enumerate(tokens) if token.is_alpha]
    if not alpha or words[alpha[0]] not in _CONDITIONAL_OPENERS:
        return 0
    for position, word in enumerate(words):
        if word == "dan" and position > alpha[0] + 2:
            return position + 1
    comma = next((i for i, word in enumerate(words) if word == ","), -1)
    return comma + 1 if comma > 0 else 0


def role_subject(tokens: Sequence[Token], context: DocumentContext) -> str | None:
    """The one capitalised role that is the subject: the first role of the main clause."""
    roles = _capitalised_roles(tokens, context)
    if not roles:
        return None
    start = _main_clause_start(tokens)
    while start < len(tokens) and not tokens[start].is_alpha:
        start += 1  # an article number or list marker ("3.1", "a.")
    # the subject opens the main clause ("Opdrachtnemer meldt …") or follows its verb ("Daarna meldt
    # Opdrachtnemer …"); a role further on is an object ("… meldt dit aan Opdrachtgever")
    in_subject = [role for position, role in roles if start <= position <= start + 3]
    return in_subject[0] if in_subject else None


def role_noun_subject(tokens: Sequence[Token]) -> str | None:
    """A role noun opening the main clause ("De aanvrager dient …", "De wijkraad volgt …"): that role."""
    start = _main_clause_start(tokens)
    words = [token.text.lower() for token in tokens[start:start + 4] if token.is_alpha]
    while words and words[0] in {"de", "het", "een", "dan", "ook", "elke", "iedere"}:
        words = words[1:]
    if words and words[0] in _BOUND_ROLES:
        return next(t.text for t in tokens[start:start + 6] if t.text.lower() == words[0])
    return None


def _first_verb(tokens: Sequence[Token], start: int) -> int:
    """The main clause's finite verb, read without a tagger: the first word read as a finite verb
    (``finite_verb``, a plural present, a modal), else the first lower-case content word that is no party noun
    and does not stand in a noun phrase an article or determiner opened ("Het nieuwe kabinet van VVD, CDA en D66
    wil …" has "wil", not "nieuwe"; "Rijk, gemeenten, provincies en waterschappen starten …" has "starten";
    "Vrijdag ging Friesland …" has "ging", which the lemmatiser does not read as a verb)."""
    in_phrase = start < len(tokens) and tokens[start].text.lower() in _PHRASE_OPENERS
    for position in range(start + 1, min(len(tokens), start + 12)):
        token = tokens[position]
        word = token.text.lower()
        if finite_verb(token) or plural_verb(token) or word in MODAL_FORMS:
            return position
        if word in _PHRASE_OPENERS:
            in_phrase = True
            continue
        if (token.is_alpha and token.text[:1].islower() and word not in FUNCTION_WORDS and not in_phrase
                and word not in _PARTY_NOUNS and not _is_role_noun(word)):
            return position
    return -1


# words that open a noun phrase: what follows up to a finite verb is its adjectives and noun
_PHRASE_OPENERS = frozenset({"de", "het", "een", "deze", "dit", "onze", "ons", "haar", "hun", "mijn", "elke", "iedere",
                             "alle", "beide"})


def speaker_actor(sentence: AnalysedSentence) -> str | None:
    speaker = getattr(sentence.passage, "speaker", None)
    if not speaker or speaker == _CHAIR:
        return None
    return str(speaker)


def debate_offices(speakers: Iterable[str | None]) -> dict[str, str]:
    """The bare offices ("minister", "staatssecretaris") and the surnames ("baudet", "van der lee") that name one
    speaker of a debate only: a member's "de minister heeft toegezegd …" binds the minister who takes part
    ("minister De Jonge (VWS)"), and "de heer Baudet" on the other side of a tension is "FvD (Baudet)". An
    office or surname two speakers share stays as it is."""
    holders: dict[str, set[str]] = {}
    for speaker in speakers:
        for key in _speaker_keys(speaker or ""):
            holders.setdefault(key, set()).add(speaker or "")
    return {key: next(iter(names)) for key, names in holders.items() if len(names) == 1}


def _speaker_keys(speaker: str) -> list[str]:
    """ "minister De Jonge (VWS)" → ["minister", "de jonge"]; "GroenLinks (Van der Lee)" → ["van der lee"]."""
    office, _, rest = speaker.partition(" ")
    if office.lower() in _BARE_OFFICES:
        return [office.lower(), re.sub(r"\s*\(.*\)\s*$", "", rest).strip().lower()]
    titled = _PERSON_TITLE.match(speaker.lower())
    if titled:  # "mevrouw Agema (PVV)"
        return [re.sub(r"\s*\(.*\)\s*$", "", speaker.lower()[titled.end():]).strip()]
    named = re.search(r"\(([^()]+)\)\s*$", speaker)  # "PVV (Agema)", as the debate reader labels a member
    return [named.group(1).strip().lower()] if named else []


def with_offices_named(parties: Sequence[str], offices: Mapping[str, str]) -> tuple[str, ...]:
    """The parties with a bare office or a surname ("de heer Baudet") replaced by the one speaker who holds it
    (``debate_offices``)."""
    return tuple(dict.fromkeys(offices.get(_PERSON_TITLE.sub("", party.lower()), party) for party in parties))


_PERSON_TITLE = re.compile(r"^(?:de\s+)?(?:heer|mevrouw|collega)\s+")
_BARE_OFFICES = frozenset({"minister", "staatssecretaris"})


def commitment_actors(sentence: AnalysedSentence, context: DocumentContext) -> tuple[str, ...]:
    """The parties a commitment binds (see the module docstring); in a document whose parties are roles only
    those roles and the organisations the sentence itself names; a proposal's decision point binds the body
    that decides it ("1. het plan vast te stellen;" under "De raad wordt voorgesteld:")."""
    body = decision_maker(sentence.features.context, sentence.tokens)
    if body is not None:
        return (body,)
    return _in_role_terms(_actors(sentence, context), sentence.text, context)


def _actors(sentence: AnalysedSentence, context: DocumentContext) -> tuple[str, ...]:
    tokens = sentence.tokens
    words = {token.text.lower() for token in tokens}
    speaker = speaker_actor(sentence)
    motion = _motion_party(sentence.text, context)
    if motion is not None:
        return motion
    promiser = _promise_retold(words, speaker) if speaker else None
    if promiser is not None:
        return (promiser,)
    if speaker and words & _FIRST_PERSON:
        reporter = _reporting_office(tokens)
        return (reporter,) if reporter else (speaker,)
    opening = clause_subject(sentence, context)
    if opening:
        partners = [actor for actor in sentence.verdict.actors if actor and actor not in opening
                    and _named_in(actor, sentence.text, context)] if sentence.verdict.is_commitment else []
        if partners and any(actor in sentence.verdict.actors for actor in opening):
            return tuple(dict.fromkeys((*opening, *partners)))  # "… gaat samen met Woonstede …"
        return opening
    role = role_subject(tokens, context)
    if role is not None:
        return (role,)
    both = _all_parties(tokens, context)
    if both is not None:
        return both
    if sentence.verdict.is_commitment and sentence.verdict.actors:
        actors = [actor for actor in sentence.verdict.actors if actor]
        if speaker:  # the rules fall back on the document's owner; in a debate the speaker is the one speaking
            actors = [speaker if actor == context.owner else actor for actor in actors]
        cleaned = _in_role_terms(_not_governed(actors, tokens), sentence.text, context)
        if cleaned:
            return cleaned
    noun = role_noun_subject(tokens) or subject_role_noun(tokens) or _ruled_clause_subject(tokens)
    if noun is not None:
        aliased = _aliased(noun, context)
        if aliased:
            return tuple(aliased)  # "De gemeenten stellen …" after "… hierna gezamenlijk: de gemeenten"
        resolved = _parties_in(tokens, 0, len(tokens), context)
        return (next((party for party in resolved if noun.lower() in party.lower()), noun),)
    start = _main_clause_start(tokens)
    verb = _first_verb(tokens, start)
    actors = _subject(tokens, verb, context) if verb > 0 else []
    actors = _not_governed(actors, tokens)
    if not actors and not speaker:
        actors = _not_governed(_parties_in(tokens, start, len(tokens), context), tokens)[:1]
    if actors:
        return tuple(dict.fromkeys(actors))
    if speaker:
        return (speaker,)
    return (context.owner,) if context.owner else ()


# Who speaks for the government in a debate, as a member reports it ("De minister zegt: wij gaan …"); only words
# ``role_noun_subject`` can return
_GOVERNMENT = _BARE_OFFICES | {"kabinet", "regering"}


def _reporting_office(tokens: Sequence[Token]) -> str | None:
    """In a debate, the office that opens the main clause when the first person speaks only in what it reports:
    "De minister heeft aangegeven dat wij …", "De minister zegt: wij gaan …" bind the minister, not the member
    who retells it. A first person before the clause ends ("De minister en ik …") keeps the speaker."""
    office = role_noun_subject(tokens)
    if office is None or office.lower() not in _GOVERNMENT:
        return None
    for token in tokens:
        word = token.text.lower()
        if word in _FIRST_PERSON:
            return None
        if word in _CLAUSE_BOUNDARIES:
            return office
    return None


_PROMISE_WORDS = frozenset({"toezegging", "toezeggingen", "toegezegd"})


def _promise_retold(words: set[str], speaker: str) -> str | None:
    """In a debate, a member retelling the government's promise binds the office that made it: "de toezegging
    die de minister heeft gedaan om ons later antwoorden te geven", "De staatssecretaris heeft toegezegd …".
    Only when one office is named: "de toezegging van de minister aan het kabinet" says not whose it is. A
    minister's own "Dat heb ik toegezegd" stays the speaker's."""
    if speaker.partition(" ")[0].lower() in _GOVERNMENT or not words & _PROMISE_WORDS:
        return None
    offices = words & _GOVERNMENT
    return next(iter(offices)) if len(offices) == 1 else None


def _named_in(actor: str, text: str, context: DocumentContext) -> bool:
    """The sentence names the organisation: a word of its name as written ("Woonstede", not "per wijk" for
    "Stichting Thuis in de Wijk") that no other organisation of the document shares ("Lindestreek" of "GGD
    Lindestreek" names neither the GGD nor "Bibliotheek Lindestreek")."""
    others = {word for name in context.organisations if name != actor for word in distinctive_words(name)}
    return any(len(word) >= 4 and word not in others and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)
               for word in distinctive_words(actor))


_PREPOSITIONS = frozenset({"in", "bij", "naar", "aan", "op", "via", "uit", "met", "voor", "tot", "tegen", "over",
                           "namens", "volgens", "binnen", "vanuit", "tijdens", "na", "gedurende", "vanaf", "sinds",
                           "onder", "zonder", "naast"})
_ARTICLES = frozenset({"de", "het", "een", "'t"})


def _not_governed(actors: Sequence[str], tokens: Sequence[Token]) -> list[str]:
    """Actors that are not only named inside a prepositional phrase: "in de Staatscourant geplaatst",
    "ingediend bij SenterNovem" name a medium or an addressee, not the party that is bound ("door X" is
    the agent of a passive and stays)."""
    words = [token.text.lower() for token in tokens]
    kept = []
    for actor in actors:
        head = actor.lower().split()[0] if actor.strip() else ""
        positions = [i for i, word in enumerate(words) if word == head]
        governed = bool(positions)
        for position in positions:
            before = position - 1
            while before >= 0 and words[before] in _ARTICLES:
                before -= 1
            if before < 0 or words[before] not in _PREPOSITIONS:
                governed = False
        if not governed:
            kept.append(actor)
    return kept


def _latest_of_kind(party: str, recent: Sequence[str], text: str) -> str:
    """A lower-case role noun ("de corporatie") stands for the organisation of that kind named last before
    it: a word of its name, or the word the document puts before its name ("Woningcorporatie Thuisbaas"),
    is or ends in the role."""
    if not party[:1].islower() or " " in party:
        return party
    stems = [stem for stem in {party, party.removesuffix("s"), party.removesuffix("en")} if len(stem) >= 4]
    for name in reversed(recent):
        words = name.lower().split()
        if any(word.endswith(stem) for word in words for stem in stems):
            return name
        if any(_named_after(stem, name, text) for stem in stems):
            return name
    return party


@lru_cache(maxsize=256)
def _named_after(stem: str, name: str, text: str) -> bool:
    """Whether ``text`` puts the role word ``stem`` right before ``name`` ("Woningcorporatie Thuisbaas").
    Cached: a document asks it for the same party and role at every sentence that names the role (a string
    keeps its hash, so a hit costs no rescan); small, because each entry keeps a document's text alive."""
    lowered = _lowered(text)
    if len(lowered) == len(text) and not _follows_somewhere(stem, name.lower(), lowered):
        return False  # the regex below would scan the whole document to find nothing
    # no leading \w*: it matches the same places (it may match nothing) but rescanned the text at every offset
    return re.search(rf"{re.escape(stem)}\s+{re.escape(name)}\b", text, re.IGNORECASE) is not None


@lru_cache(maxsize=8)
def _lowered(text: str) -> str:
    return text.lower()


def _may_contain(text: str, lowered_word: str) -> bool:
    """False only when ``text`` cannot hold ``lowered_word`` in any case: a plain substring test that spares a
    case-blind regex over a whole document."""
    lowered = _lowered(text)
    return len(lowered) != len(text) or lowered_word in lowered


def _follows_somewhere(stem: str, name: str, lowered: str) -> bool:
    """A necessary condition of ``_named_after``'s pattern, by plain string search: some occurrence of ``name``
    has white space before it and ``stem`` before that."""
    start = lowered.find(name)
    while start != -1:
        before = start
        while before and lowered[before - 1].isspace():
            before -= 1
        if before < start and lowered.endswith(stem, 0, before):
            return True
        start = lowered.find(name, start + 1)
    return False


def tension_parties(sentence: AnalysedSentence, context: DocumentContext) -> tuple[str, ...]:
    """The parties on the sides of a tension sentence: the speaker in a debate and the member or minister the
    passage answers ("mevrouw Agema", "de minister"); the roles of an agreement (a clause one role may invoke
    concerns both); the organisations, party nouns and groups ("bewoners", "wijkteams") the sentence names;
    without any, those of the sentence before ("Ze spraken nauwelijks met elkaar")."""
    parties: list[str] = []
    speaker = speaker_actor(sentence)
    if speaker:
        parties.append(speaker)
    roles = [role for _, role in _capitalised_roles(sentence.tokens, context)]
    parties.extend(roles)
    both = _all_parties(sentence.tokens, context)
    if both is not None:
        parties.extend(both)
    elif not roles:
        named = _parties_in(sentence.tokens, 0, len(sentence.tokens), context)
        if speaker:  # "ik", "wij" are the speaker; the document has no owner of its own in a debate
            named = [party for party in named if party != context.owner]
        parties.extend(named)
    parties.extend(_groups_in(sentence.text))
    if speaker:
        parties.extend(_addressed(sentence, speaker))
    agreement_roles = party_roles(context)
    if len(agreement_roles) >= 2 and (roles or both or _SHIFT_WORDS & {t.lemma.lower() for t in sentence.tokens}):
        parties.extend(agreement_roles[:2])  # what one party of an agreement may do, it may do to the other
    if not [party for party in parties if party != speaker]:
        parties.extend(_parties_before(sentence, context))
    parties = [_latest_of_kind(party, sentence.recent_parties, context.text) for party in parties]
    cleaned: list[str] = []
    for party in parties:
        lowered = party.lower()
        if not party or lowered in {"ik", "wij", "we", "ons", "onze"} or any(p.lower() == lowered for p in cleaned):
            continue
        if len([p for p in cleaned if p.lower() in lowered]) >= 2:
            continue  # "Opdrachtgever Opdrachtnemer": two parties run together, not a third one
        cleaned.append(party)
    return tuple(cleaned[:4])


_SHIFT_WORDS = frozenset({"schadevergoeding", "korting", "ontbinden", "opzeggen", "opzegging", "verhalen", "boete",
                          "aansprakelijk", "vergoeden", "opschorten", "terugvorderen", "schade"})
# Groups that stand on one side of a conflict without being an organisation ("De bewoners hebben zorgen").
_GROUPS = re.compile(
    r"(?<![\w-])(bewoners|inwoners|buurtbewoners|leden|cliënten|patiënten|huurders|mantelzorgers|vrijwilligers|"
    r"verenigingen|wijkteams|schuldenaren|schuldeisers|ketenpartners|zorgaanbieders|aanbieders|gemeenten|"
    r"zorgverzekeraars|corporaties|werkgevers|medewerkers|professionals|ouders|jongeren|ondernemers|"
    r"[a-z]*kredietbank|speculanten|politici)(?![\w-])", re.IGNORECASE)
# The other side in a debate: the member or minister the speaker names ("mevrouw Agema", "de heer Hijink",
# "collega Segers", "de motie-Agema"), else "de minister" / "de staatssecretaris" a member addresses.
_PERSON = re.compile(r"(?:\b(?:[Mm]evrouw|[Dd]e\s+heer|[Cc]ollega|[Mm]otie\s+van\s+(?:mevrouw|de\s+heer)?\s*)\s*"
                     r"|[Mm]otie-)((?:(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]er)\s+)*[A-Z][\w'-]+)")
_OFFICE_WORD = re.compile(r"\bde\s+(minister|staatssecretaris)\b", re.IGNORECASE)


def _groups_in(text: str) -> list[str]:
    return [match.group(1).lower() for match in _GROUPS.finditer(text)]


def _addressed(sentence: AnalysedSentence, speaker: str) -> list[str]:
    """Who a debate speaker answers or presses: the person named last in the passage up to this sentence, or
    the minister or state secretary a member addresses."""
    before = sentence.passage.text[:sentence.end]
    people = [match.group(1) for match in _PERSON.finditer(before)]
    people = [person for person in people if person.lower() not in speaker.lower()]
    if people:
        return [people[-1]]
    if not speaker.lower().startswith(("minister", "staatssecretaris")):
        offices = _OFFICE_WORD.findall(before)
        if offices:
            return [offices[-1].lower()]
    return []


def _parties_before(sentence: AnalysedSentence, context: DocumentContext) -> list[str]:
    """The groups and organisations the sentence before names: "Er bestond een muur tussen de partners" after a
    sentence that names the wijkteams and the kredietbank."""
    at = getattr(sentence.passage, "start", 0) + sentence.start
    window = context.text[max(0, at - _LOOK_BACK_CHARS):at]
    for start, end in reversed(sentence_spans(window)[-3:]):
        text = window[start:end]
        found = _groups_in(text) + [name for name in context.organisations if name in text]
        if found:
            return list(dict.fromkeys(found))
    return []


# --- the subject of a clause by its opening words; pronouns to what they stand for ---------------------------

_PRONOUNS = frozenset({"hij", "zij", "ze", "men"})
_ARTICLE_WORDS = frozenset({"de", "het", "een", "deze", "dit", "die", "elke", "iedere", "ook"})
_NUMBERING = re.compile(r"^\s*(?:(?:\d{1,2}(?:\.\d{1,2})*\.?|[a-z]{1,2}[.)]|\d{1,2}°\.?|[-•*▪–])\s+)+")
_WORD = re.compile(r"[^\W\d_][\w’'&-]*|[,;:]")
# Nouns for a person in office or a body that can be bound ("De wijkagent zegde zijn medewerking toe",
# "Controle volgt door de kascommissie"): the person titles of the word list, and these word endings.
_PERSON_ROLES = frozenset(
    word.lower() for word in load_word_list("person_titles") if " " not in word and len(word) > 3
) | frozenset({"directeur", "bestuurder", "wijkagent", "ombudsman", "coördinator", "penningmeester", "secretaris"})
_BODY_ENDINGS = ("commissie", "raad", "werkgroep", "stuurgroep", "projectgroep", "bestuur", "team", "collectief")
_NOT_BODIES = frozenset({"voorraad", "team"})  # "de raad" opening a clause is the council (a raadsvoorstel)
_SUBORDINATE_OPENERS = _CONDITIONAL_OPENERS | {"omdat", "doordat", "hoewel", "nu", "toen", "terwijl", "zodat"}
_FINITE_AUXILIARIES = frozenset({
    "heeft", "hebben", "is", "zijn", "zal", "zullen", "wil", "willen", "gaat", "gaan", "kan", "kunnen", "moet",
    "moeten", "wordt", "worden", "mag", "mogen",
})
_LOOK_BACK_SENTENCES = 5
_LOOK_BACK_CHARS = 900


@lru_cache(maxsize=50_000)
def _is_role_noun(word: str) -> bool:
    lowered = word.lower()
    return (lowered in _PERSON_ROLES or lowered in _BOUND_ROLES
            or (lowered.endswith(_BODY_ENDINGS) and lowered not in _NOT_BODIES)
            or any(lowered.endswith(head) and len(lowered) - len(head) >= _MIN_MODIFIER for head in _ROLE_HEADS))


# Dutch compounds are head-final: "registerstichting", "subsidieontvanger", "zorgdirecteur" name a role or
# body by their last part ("beroepsbeoefenaar", "voorraad" have none of these heads).
_ROLE_HEADS = tuple(sorted(role for role in _BOUND_ROLES | _PERSON_ROLES if len(role) >= 5))
_MIN_MODIFIER = 3


@lru_cache(maxsize=64)
def role_acronyms(context: DocumentContext) -> frozenset[str]:
    """Acronyms the document uses with an article for a role or kind of body whose words it also writes out
    ("de GI" and "Gecertificeerde Instelling", "de RUD" and "Regionale Uitvoeringsdienst"): "De GI zendt …"
    binds the GI. An acronym of anything else (a law, a number, a message: "het BSN") is none."""
    text = context.text[:300_000]
    found = set()
    for acronym in set(_ACRONYM_WITH_ARTICLE.findall(text)):
        spelled = r"[ \t\u00a0]+".join(rf"[{letter}{letter.lower()}][\w-]*" for letter in acronym)
        for match in re.finditer(rf"(?<!\w){spelled}(?!\w)", text):
            head = match.group(0).split()[-1]
            if _is_role_noun(head) or is_organisation_type(head):
                found.add(acronym)
                break
    return frozenset(found)


_ACRONYM_WITH_ARTICLE = re.compile(r"\b(?:[Dd]e|[Hh]et)[ \t\u00a0]+([A-Z]{2,6})\b(?![\w’'-])")


def _words(text: str) -> list[str]:
    return _WORD.findall(_NUMBERING.sub("", text))


def _main_words(words: Sequence[str]) -> tuple[list[str], list[str]]:
    """A clause's words split into a fronted subordinate clause ("Als Opdrachtnemer tekortschiet,") and the
    main clause after it ("dan …" or after the comma); no fronted clause: ([], words)."""
    if not words or words[0].lower() not in _SUBORDINATE_OPENERS:
        return [], list(words)
    lowered = [word.lower() for word in words]
    for position, word in enumerate(lowered[2:], start=2):
        if word == "dan":
            return list(words[1:position]), list(words[position + 1:])
    if "," in lowered:
        comma = lowered.index(",")
        return list(words[1:comma]), list(words[comma + 1:])
    for position in range(3, len(lowered) - 2):  # "Omdat er plannen zijn … heeft de gemeente besloten …"
        if lowered[position] in _FINITE_AUXILIARIES and lowered[position + 1] in {"de", "het"} and (
                _is_role_noun(words[position + 2]) or lowered[position + 2] in _PARTY_NOUNS):
            return list(words[1:position]), list(words[position:])
    return [], list(words)


def _aliased(word: str, context: DocumentContext) -> tuple[str, ...] | None:
    """The parties a name of the agreement stands for ("de gemeenten", "het samenwerkingsverband"), else None."""
    lowered = word.lower()
    return next((names for key, names in context.aliases if key == lowered), None)


def _resolve_word(word: str, following: Sequence[str], context: DocumentContext,
                  recent: Sequence[str], *, strict_ok: bool = True) -> tuple[str, ...]:
    """A party word as the document means it: a role of the agreement, the owner or an organisation whose name
    holds it ("de Wijkraad" in the Wijkraad's own bulletin), a role noun with the name after it ("de wijkagent
    Jan de Vries"), else the latest organisation of that kind."""
    roles = party_roles(context)
    lowered = word.lower()
    if word in roles:
        named = [name for name in context.organisations if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", name)]
        return (named[0],) if len(named) == 1 else (word,)  # "de Wijkteams": the foundation of that name
    if lowered in _ALL_PARTY_WORDS:
        return roles[:2] if len(roles) >= 2 else ()
    aliased = _aliased(lowered, context)
    if aliased:
        return tuple(aliased)  # "de stuurgroep" the parties form, "het samenwerkingsverband"
    pattern = re.compile(rf"(?<!\w){re.escape(lowered)}(?!\w)")
    if context.owner and pattern.search(context.owner.lower()):
        return (context.owner,)
    named = [name for name in context.organisations if pattern.search(name.lower())]
    if len(named) == 1:
        return (named[0],)
    if lowered in _PARTY_NOUNS and not strict_ok:
        return ()  # several organisations of that kind: the rules choose (models/commitments.py)
    name: list[str] = []
    for next_word in following[:4]:
        if next_word[:1].isupper() or (name and next_word in {"de", "van", "der", "den"}):
            name.append(next_word)
        else:
            break
    while name and not name[-1][:1].isupper():
        name.pop()
    if name and lowered in _PERSON_ROLES:
        return (f"{lowered} {' '.join(name)}",)
    resolved = _latest_of_kind(lowered, recent, context.text)
    return (resolved if resolved != lowered else word if word[:1].isupper() else lowered,)


def _opening(words: Sequence[str], context: DocumentContext, recent: Sequence[str],
             *, any_party: bool = False) -> tuple[str, ...] | str | None:
    """The party that opens a clause ("Opdrachtnemer meldt", "De wijkagent Jan de Vries geeft", "Daarna stuurt
    Opdrachtgever", "dan overleggen Partijen"), or "pronoun" when a pronoun is its subject ("Hij houdt", "Op
    verzoek stuurt hij", "dan overleggen zij"); None when it opens with neither. Party nouns the rules resolve
    ("de gemeente", "het college") only with ``any_party`` (looking back for what a pronoun stands for)."""
    position = 0
    while position < len(words) and words[position].lower() in _ARTICLE_WORDS:
        position += 1
    adjective = ""
    if position + 1 < len(words) and position > 0 and words[position][:1].islower() and (
            _is_role_noun(words[position + 1]) or words[position + 1].lower() in _PARTY_NOUNS):
        adjective = words[position]
        position += 1  # an adjective before the noun: "de sociale wijkteams"
    if position >= len(words):
        return None
    first = _party_at(words, position, context, recent, any_party=any_party)
    if isinstance(first, tuple) and adjective and first == (words[position].lower(),) and _is_role_noun(first[0]):
        first = (f"{adjective} {first[0]}",)  # "de certificerende instelling" is not "de gecertificeerde instelling"
    if isinstance(first, tuple):
        return _with_coordinated(first, words, position, context, recent)
    if first is not None or position > 0:
        return first  # "De aanvraag wordt …": a clause that opens with a noun phrase has it as subject
    # verb second: a fronted adverbial and the finite verb, then the subject ("Daarna stuurt Opdrachtgever …")
    for index in range(1, min(len(words), 5)):
        if words[index] in {",", ";", ":"}:
            break
        if words[index].lower() in _ARTICLE_WORDS:
            continue
        found = _party_at(words, index, context, recent, any_party=any_party)
        if found is not None:
            return found
    if words[0].lower() not in _PREPOSITIONS:
        return None
    # a longer fronted phrase ("Op grond van artikel 25, lid 3, van de Gemeentewet dient de raad …"): the
    # subject follows the first auxiliary or modal verb
    for index in range(2, min(len(words) - 1, _LONG_FRONT)):
        if words[index] in {";", ":"}:
            return None
        if words[index].lower() in _FINITE_AUXILIARIES or words[index].lower() in MODAL_FORMS:
            after = index + 1
            while after < len(words) - 1 and words[after].lower() in _ARTICLE_WORDS:
                after += 1
            return _party_at(words, after, context, recent, any_party=any_party)
    return None


_LONG_FRONT = 16


def _with_coordinated(first: tuple[str, ...], words: Sequence[str], position: int, context: DocumentContext,
                      recent: Sequence[str]) -> tuple[str, ...]:
    """ "De gemeente en de Stichting Wijkteams spreken af …": both parties of a coordinated subject."""
    for index in range(position + 1, min(len(words), position + 7)):
        word = words[index]
        if word.lower() == "en":
            after = index + 1
            while after < len(words) and words[after].lower() in {"de", "het"}:
                after += 1
            second = _party_at(words, after, context, recent, any_party=True) if after < len(words) else None
            if isinstance(second, tuple) and second:
                return tuple(dict.fromkeys((*first, *second)))
            return first
        if not word[:1].isupper() and word.lower() not in {"de", "van", "der", "den", "het"}:
            return first
    return first


def _party_at(words: Sequence[str], index: int, context: DocumentContext, recent: Sequence[str],
              *, any_party: bool) -> tuple[str, ...] | str | None:
    word = words[index]
    lowered = word.lower()
    if word == "Onze" and index + 1 < len(words) and words[index + 1] in {"Minister", "Ministers"}:
        return (context.owner,) if context.owner and _OFFICE_OWNER.match(context.owner) else ("minister",)
    if lowered in _PRONOUNS:
        return "pronoun"
    if word[:1].isupper() and not (index > 0 and words[index - 1].lower() in _LOCATIVES):
        run = list(itertools.takewhile(lambda w: w[:1].isupper(), words[index:index + 5]))
        named = [name for name in (context.owner, *context.organisations) if name and (
            " ".join(words[index:index + len(name.split())]) == name
            or (len(run) >= 2 and re.search(rf"(?<!\w){re.escape(' '.join(run))}(?!\w)", name)))]
        if named:
            return (max(named, key=len),)
    roles = party_roles(context)
    if word in roles or (lowered in _ALL_PARTY_WORDS and len(roles) >= 2 and not context.signatories):
        return _resolve_word(word, words[index + 1:], context, recent)
    if lowered in _ALL_PARTY_WORDS and context.signatories:
        return context.signatories  # "Partijen spreken af …": every party of the list that binds itself
    if lowered in _PARTY_WORDS_RESOLVED_BY_RULES and not any_party:
        return None
    if word in role_acronyms(context) and index > 0 and words[index - 1].lower() in {"de", "het"}:
        return (word,)  # "De GI zendt …", "zorgt de GI dat …"
    if _is_role_noun(word) or (any_party and lowered in _PARTY_NOUNS):
        if index > 0 and words[index - 1].lower() in {"een", "elke", "iedere"}:
            return (lowered,)  # "Een gemeente …": any of them, no organisation in particular
        return _resolve_word(word, words[index + 1:], context, recent, strict_ok=any_party) or None
    return None


# "Onze Minister" of a law or decree is the minister who issues it (the document's owner when that is an office).
_OFFICE_OWNER = re.compile(r"(?:minister|staatssecretaris|ministerie)\b", re.IGNORECASE)


# Party nouns the rules of models/commitments.py already resolve to the document's organisations.
_PARTY_WORDS_RESOLVED_BY_RULES = frozenset({"gemeenten", "college", "kabinet", "regering", "provincies", "minister",
                                            "staatssecretaris", "rijk"})
_PARTY_NOUNS = load_word_list("commitment_parties") - _FIRST_PERSON - {"partij", "partijen", "organisatie",
                                                                         "organisaties"}


def _antecedent(sentence: AnalysedSentence, context: DocumentContext, fronted: Sequence[str]) -> tuple[str, ...]:
    """What "hij", "zij" or "men" stands for: the subject of the fronted clause ("Als Opdrachtgever …, dan
    garandeert hij"), else the subject of the nearest sentence before it that has one (a chain of "Hij …"
    sentences leads back to "De wijkagent Jan de Vries geeft …")."""
    recent = sentence.recent_parties
    if fronted:
        found = _opening(fronted, context, recent, any_party=True)
        if isinstance(found, tuple) and found:
            return found
    at = getattr(sentence.passage, "start", 0) + sentence.start
    window = context.text[max(0, at - _LOOK_BACK_CHARS):at] if context.text else sentence.passage.text[:sentence.start]
    spans = sentence_spans(window)[-_LOOK_BACK_SENTENCES:]
    for start, end in reversed(spans[1:] if len(spans) > 1 else spans):
        inner, main = _main_words(_words(window[start:end]))
        found = _opening(main, context, recent, any_party=True)
        if isinstance(found, tuple) and found:
            return found
        if inner:
            found = _opening(inner, context, recent, any_party=True)
            if isinstance(found, tuple) and found:
                return found
    return ()


_PASSIVE = frozenset({"wordt", "worden", "werd", "werden"})
_LOCATIVES = frozenset({"in", "bij", "te", "naar", "uit", "via", "op", "aan"})
_LOCATIVE_BEFORE = re.compile(r"(?:^|\W)(?:in|bij|te|naar|uit|via|op|aan)\s+(?:de\s+|het\s+)?$", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[a-z]{1,2}[.)]|\d{1,2}°\.?|[-•*▪–])\s+")


_DETERMINERS = frozenset({"de", "het", "een", "deze", "dit", "dan", "ook", "elke", "iedere", "alle", "beide"})
_SCAN = 40  # words of the main clause searched for a verb with its subject after it


def _role_head(word: str) -> bool:
    """A role or body noun, also in the plural ("corporaties", "aanbieders", "partijen")."""
    lowered = word.lower()
    return word.isalpha() and (_is_role_noun(lowered) or lowered in _ALL_PARTY_WORDS or _plural_noun(lowered))


def _role_phrase(alpha: Sequence[Token], at: int) -> tuple[str, int] | None:
    """The role noun at ``at`` after articles, with one inflected adjective before it ("de Duitse regering",
    "de gefuseerde woningcorporatie"): its words as written and the index after the noun, else None."""
    while at < len(alpha) and alpha[at].text.lower() in _DETERMINERS:
        at += 1
    if at < len(alpha) and _role_head(alpha[at].text):
        return alpha[at].text, at + 1
    if (at + 1 < len(alpha) and alpha[at].text.lower().endswith("e") and len(alpha[at].text) > 3
            and _role_head(alpha[at + 1].text)):
        return f"{alpha[at].text} {alpha[at + 1].text}", at + 2
    return None


def subject_role_noun(tokens: Sequence[Token]) -> str | None:
    """The role or body noun that is the main clause's subject by word order, for the sentences the narrower
    ``role_noun_subject`` leaves: in the plural or after an adjective and followed by its finite verb ("De
    corporaties houden zich aan …", "De Duitse regering heeft …"), or right after the finite verb that a
    fronted phrase put first ("Indien …, draagt het college zorg voor …", "Bij gebruik van … draagt het college
    …", "… is de aanvrager verschuldigd …"). Dutch puts the finite verb second: what follows it directly is the
    subject when the clause opened with something else. Only the first finite verb is read: "De Aw beoordeelt …
    en informeert de corporatie" names its object after the second."""
    start = _main_clause_start(tokens)
    alpha = [token for token in tokens[start:] if token.is_alpha][:_SCAN]
    # a participle after a comma and before its preposition opens an insertion, not the main clause ("Ter
    # uitvoering van de taken, bedoeld in artikel 2.14, …, draagt het college …")
    rest = tokens[start:]
    inserted = {id(rest[i]) for i in range(1, len(rest) - 1) if rest[i - 1].text == ","
                and rest[i].text.endswith(("d", "t")) and rest[i + 1].text.lower() in _PREPOSITIONS}
    opening = _role_phrase(alpha, 0)
    if opening is not None:
        phrase, after = opening
        verb = alpha[after] if after < len(alpha) else None
        # a plural subject's verb ends in -en like an infinitive ("De corporaties houden zich …")
        if verb is not None and (finite_verb(verb) or (verb.text.islower() and verb.text.endswith("en")
                                                       and verb.text not in FUNCTION_WORDS)):
            return phrase
    for position, token in enumerate(alpha):
        word = token.text.lower()
        if position and (word in _CLAUSE_BOUNDARIES or word in _CONDITIONAL_OPENERS):
            return None  # a subordinate clause: its subject binds nobody by this form
        if id(token) in inserted:
            continue
        if finite_verb(token) and (position == 0 or alpha[position - 1].text.lower() not in _DETERMINERS):
            if position == 2 and alpha[0].text.lower() in _ARTICLES and alpha[1].text[:1].isupper():
                return None  # "De Aw blijft deze corporaties toetsen": a name opens the clause as its subject
            if alpha[0].text.lower() in _ARTICLES and any(
                    (alpha[i].text.lower() in _PARTY_NOUNS or _is_role_noun(alpha[i].text))
                    and alpha[i - 1].text.lower() not in _PREPOSITIONS for i in range(1, position)):
                return None  # "Het nieuwe kabinet van VVD, CDA en D66 wil de provincie …": the party opens it
            found = _role_phrase(alpha, position + 1)
            if (found is not None and alpha[position + 1].text.lower() in _DETERMINERS
                    and _plural_noun(found[0].split()[-1]) == _plural_finite(token.text.lower())):
                return found[0]
            return None  # the first finite verb has no role after it: a role further on is an object
    return None


# Forms of the verbs by which a norm lays down what a party does ("In artikel 6 is bepaald dat de aanbieder …",
# "Dit artikel regelt dat …", "In de overeenkomst is afgesproken dat …").
_RULING_VERBS = frozenset({"bepaald", "bepaalt", "geregeld", "regelt", "vastgelegd", "afgesproken", "overeengekomen",
                           "opgenomen", "voorgeschreven"})


def _ruled_clause_subject(tokens: Sequence[Token]) -> str | None:
    """The role noun that a norm's dat-clause binds: "… wordt geregeld dat ten aanzien van de financiering het
    college zorg draagt voor …" binds the college. The first role noun of the clause that no preposition
    governs; the norm verb must come right before "dat"."""
    alpha = [token for token in tokens if token.is_alpha]
    for position in range(1, len(alpha) - 1):
        if alpha[position].text.lower() != "dat" or alpha[position - 1].text.lower() not in _RULING_VERBS:
            continue
        for at in range(position + 1, min(len(alpha), position + 1 + _SCAN)):
            word = alpha[at].text.lower()
            if word in _CLAUSE_BOUNDARIES or word in _CONDITIONAL_OPENERS:
                return None  # "dat als een jeugdhulpaanbieder … wil, de aanbieder …": not this form
            if word in _DETERMINERS and alpha[at - 1].text.lower() not in _PREPOSITIONS:
                found = _role_phrase(alpha, at)
                if found is not None:
                    return found[0]
        return None
    return None


def _plural_noun(word: str) -> bool:
    """A role noun in the plural ("partners", "gemeenten", "corporaties"): the verb after a fronted phrase
    agrees with its subject, so "Deze besluiten hebben de partners genomen" has the partners as subject and
    "… blijft deze corporaties toetsen" does not."""
    lowered = word.lower()
    return any(lowered.endswith(ending) and _is_role_noun(lowered[:-len(ending)]) for ending in ("s", "en"))


def _plural_finite(word: str) -> bool:
    """A finite verb in the plural: "hebben", "zullen", "zijn", "gaan" (a singular never ends in -en or is
    one of the short plurals)."""
    return word.endswith("en") or word in {"zijn", "gaan", "staan", "doen", "zien", "slaan"}


def clause_subject(sentence: AnalysedSentence, context: DocumentContext) -> tuple[str, ...]:
    """The party bound by the sentence's main clause when its form shows it: the role, role noun or pronoun
    (resolved) that opens it; the agent of a passive ("… door de kascommissie"); for a passive with a party
    as its subject ("De wijkraad wordt geïnformeerd") or an impersonal clause ("In Oeken is er het plan …",
    "men") in a bulletin or blog, the party the text named last; for a list item without a subject, the
    subject of its lead-in ("De subsidieontvanger is verplicht: a. …"); else ()."""
    fronted, main = _main_words(_words(sentence.text))
    lowered = [word.lower() for word in main]
    found = _opening(main, context, sentence.recent_parties)
    passive = _main_clause_passive(lowered)
    agent = _passive_agent(main, context, sentence.recent_parties) if passive or found is None else ()
    if agent:
        return agent
    # "er" or "men" of the main clause, not of a subordinate one ("De gemeente verstuurt …, indien er …")
    head = lowered[:next((i for i, word in enumerate(lowered) if word in _CLAUSE_BOUNDARIES), len(lowered))]
    impersonal = ("men" in head[:6] or "er" in head[:12]) and not _FIRST_PERSON & set(lowered)
    if found == "pronoun" and "men" in lowered[:6]:
        found = None
    if found == "pronoun":
        return _antecedent(sentence, context, fronted)
    if isinstance(found, tuple) and found:
        if passive and not getattr(sentence.passage, "speaker", None) and context.kind in _NARRATIVE_KINDS:
            return _recent_party(sentence, context, exclude=found)  # the one who informs the subject
        return found
    if impersonal and not getattr(sentence.passage, "speaker", None) and context.kind in _NARRATIVE_KINDS:
        return _recent_party(sentence, context, exclude=(context.owner,) if context.owner else ())
    if passive:
        agent_noun = _agent_noun(main[:6], context)
        if agent_noun:
            return agent_noun
    if _LIST_ITEM.match(sentence.text):
        return _lead_in_subject(sentence, context)
    return ()


def _main_clause_passive(lowered: Sequence[str]) -> bool:
    """A passive auxiliary before the main clause hands over to a subordinate one ("De wijkraad wordt
    geïnformeerd"); "zorgt de GI dat … wordt ingediend" is active: its passive belongs to the dat-clause."""
    for word in lowered:
        if word in _PASSIVE:
            return True
        if word in _CLAUSE_BOUNDARIES:
            return False
    return False


# Words that open a subordinate clause inside the main one: the subordinators, "om" and "alvorens". A comma does
# not (it also closes an insertion: "De aanvraag, vergezeld van een begroting, wordt ingediend"), nor "als" ("als
# aanbieder"), a relative "die" or "wat", a question word or the "of" that joins two phrases.
_CLAUSE_BOUNDARIES = (SUBORDINATORS - {"als", "die", "wat", "welke", "wie", "hoe", "waar", "hoeveel", "of"}) | {
    "om", "alvorens", ";", ":"}


# Kinds whose text tells what others do (a bulletin, a presentation, a blog): an impersonal clause there is
# about the party named last; in a policy note or a regulation it is the document's own authority.
_NARRATIVE_KINDS = frozenset({"other", "blog", "newsletter", "presentation"})


def _passive_agent(main: Sequence[str], context: DocumentContext, recent: Sequence[str]) -> tuple[str, ...]:
    """ "… wordt ingediend door het bestuursorgaan", "Controle volgt door de kascommissie": the agent."""
    lowered = [word.lower() for word in main]
    for position, word in enumerate(lowered[:-1]):
        if word != "door" or (position > 0 and lowered[position - 1] in {"een", "de", "het", "die", "dat"}):
            continue  # "een door de Minister vastgesteld model": who made the model, not who is bound
        if _after_verbal_noun(lowered[:position]):
            continue  # "… wordt voor het verstrekken van de gegevens door de instanties bepaald": who supplies them
        index = position + 1
        while index < len(main) and lowered[index] in {"de", "het"}:
            index += 1
        if index < len(main):
            found = _party_at(main, index, context, recent, any_party=True)
            if isinstance(found, tuple) and found:
                return found
    return ()


def _after_verbal_noun(before: Sequence[str]) -> bool:
    """An infinitive used as a noun ("het verstrekken", "het structureel verstrekken") since the clause's last
    passive auxiliary: a "door" after it names who does that act, not the passive's agent."""
    last_passive = max((i for i, word in enumerate(before) if word in _PASSIVE), default=-1)
    tail = before[last_passive + 1:]
    return any(word == "het" and any(len(next_word) > 4 and next_word.endswith("en") and next_word.isalpha()
                                     for next_word in tail[i + 1:i + 3])
               for i, word in enumerate(tail))


def _agent_noun(words: Sequence[str], context: DocumentContext) -> tuple[str, ...]:
    """A passive whose subject is an act names its actor by the act: "Een aanvraag wordt ingediend" binds the
    "aanvrager" when the document speaks of one ("aanvraag" → "aanvrager", "melding" → "melder")."""
    for word in words:
        lowered = word.lower()
        if len(lowered) < 5 or not word.isalpha():
            continue
        stem = re.sub(r"(aa|ee|oo|uu)([^aeiou])$", lambda m: m.group(1)[0] + m.group(2), lowered)
        stem = stem.removesuffix("ing")
        for agent in (f"{stem}er", f"{lowered}er", f"{lowered}r"):
            if agent != lowered and _may_contain(context.text, agent) and re.search(
                    rf"(?<!\w){agent}(?!\w)", context.text, re.IGNORECASE):
                return (agent,)
    return ()


def _recent_party(sentence: AnalysedSentence, context: DocumentContext, exclude: Sequence[str]) -> tuple[str, ...]:
    """The party named last before the sentence that is not ``exclude`` and not a venue ("in de Vroolijke
    Frans", "bij het buurthuis")."""
    at = getattr(sentence.passage, "start", 0) + sentence.start
    before = context.text[:at]
    excluded = {name.lower() for name in exclude if name}
    for name in reversed(sentence.recent_parties):
        if name.lower() in excluded or any(name.lower() in other for other in excluded):
            continue
        mentions = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", before)]
        if mentions and _LOCATIVE_BEFORE.search(before[max(0, mentions[-1] - 12):mentions[-1]]):
            continue
        return (name,)
    return ()


def _lead_in_subject(sentence: AnalysedSentence, context: DocumentContext) -> tuple[str, ...]:
    """A list item without a subject of its own ("a. het plan uit te voeren binnen één jaar;") binds the
    subject of the sentence that leads into the list ("De subsidieontvanger is verplicht:")."""
    at = getattr(sentence.passage, "start", 0) + sentence.start
    window = context.text[max(0, at - 2 * _LOOK_BACK_CHARS):at]
    for start, end in reversed(sentence_spans(window)[-12:]):
        text = window[start:end].rstrip()
        if _LIST_ITEM.match(text) and not text.endswith(":"):
            continue  # a sibling item
        if not text.endswith(":"):
            return ()
        fronted, main = _main_words(_words(text))
        found = _opening(main, context, sentence.recent_parties, any_party=True)
        if isinstance(found, tuple) and found:
            return found
        if fronted:
            found = _opening(fronted, context, sentence.recent_parties, any_party=True)
            if isinstance(found, tuple) and found:
                return found
        return _agent_noun(main[:8], context)
    return ()


# --- a motion's considerations: "constaterende dat het kabinet …" -------------------------------------------

_MOTION_CLAUSE = re.compile(r"^\W*(?:constaterende|overwegende|van\s+mening|gelet\s+op|wijzende\s+op)\b[^,;]*?\bdat\s+"
                            r"(?P<rest>.+)", re.IGNORECASE | re.DOTALL)
_GOVERNMENT_WORDS = frozenset({"kabinet", "regering", "regeerakkoord", "coalitieakkoord", "minister",
                               "staatssecretaris", "rijk"})


def _motion_party(text: str, context: DocumentContext) -> tuple[str, ...] | None:
    """A motion states what others do or agreed ("constaterende dat in het regeerakkoord … is gereserveerd",
    "overwegende dat het kabinet … invulling geeft"): the party named in that clause, never the members who
    move the motion; the coalition agreement binds the cabinet."""
    match = _MOTION_CLAUSE.match(text)
    if match is None:
        return None
    words = [word.lower() for word in _words(match.group("rest"))[:12]]
    for word in words:
        if word in {"kabinet", "regeerakkoord", "coalitieakkoord"}:
            return ("kabinet",)
        if word in _GOVERNMENT_WORDS:
            return (word,)
        if word in {"gemeenten", "gemeente", "provincies", "provincie"}:
            return (word,)
    return None
