"""Who is bound by a commitment, and who stands on each side of a tension: rules by the form of the text.

- a debate sentence in the first person binds its speaker with their office ("minister De Jonge (VWS)");
  the chair binds nobody;
- a contract or regulation names roles ("Opdrachtgever", "Opdrachtnemer", "de aanvrager"): the actor is the
  one role that is the grammatical subject of the main clause — after a fronted "Als …, dan" clause, the
  subject of what follows — never the pair;
- otherwise the rules' subject (models/commitments.py: organisations, "wij", "partijen" resolved to the
  covenant's signatories, role nouns to the latest organisation of that kind), else the document's owner.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from models.analyses.sentences import AnalysedSentence
from models.commitments import DocumentContext, _parties_in, _subject
from models.nlp import Token
from rodedraad.dutch import FUNCTION_WORDS, load_word_list

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
})
_ALL_PARTY_WORDS = frozenset({"partijen", "beide", "ondertekenaars"})
_CONDITIONAL_OPENERS = frozenset({"als", "indien", "wanneer", "zodra", "tenzij", "mocht", "voordat", "nadat"})
_CHAIR = "voorzitter"


def _capitalised_roles(tokens: Sequence[Token], context: DocumentContext) -> list[tuple[int, str]]:
    """Role nouns used as names ("Opdrachtnemer", capitalised mid-sentence in the document): position, role."""
    found = []
    for position, token in enumerate(tokens):
        word = token.text
        if token.is_alpha and word[:1].isupper() and word.lower() in _ROLE_WORDS and _used_as_name(word, context):
            found.append((position, word))
    return found


def _used_as_name(word: str, context: DocumentContext) -> bool:
    """A role noun the document capitalises mid-sentence, again and again: a defined party ("Opdrachtnemer")."""
    return len(re.findall(rf"[a-z,]\s+{re.escape(word)}\b", context.text[:300_000])) >= 3


@lru_cache(maxsize=64)
def document_roles(context: DocumentContext) -> tuple[str, ...]:
    """The roles a document uses as names (a contract's "Opdrachtgever" and "Opdrachtnemer"), most used first."""
    counts = {
        word: len(re.findall(rf"[a-z,]\s+{re.escape(word)}\b", context.text[:300_000]))
        for word in {w for w in re.findall(r"\b[A-Z][a-z]{4,}\b", context.text[:300_000]) if w.lower() in _ROLE_WORDS}
    }
    return tuple(sorted((word for word, count in counts.items() if count >= 3), key=lambda w: (-counts[w], w)))


def _all_parties(tokens: Sequence[Token], context: DocumentContext) -> tuple[str, ...] | None:
    """ "Partijen …" in a document whose parties are roles: each role, one by one (never an organisation
    the document merely names, never the merged pair)."""
    roles = document_roles(context)
    if len(roles) >= 2 and any(token.text.lower() in _ALL_PARTY_WORDS for token in tokens):
        return roles[:2]
    return None


def _in_role_terms(actors: Sequence[str], text: str, context: DocumentContext) -> tuple[str, ...]:
    """Actors the rules found, in a document whose parties are roles: a lower-case role as the document
    writes it, no merged pair, and no organisation the sentence does not name (the owner fallback)."""
    roles = document_roles(context)
    if len(roles) < 2:
        return tuple(dict.fromkeys(actors))
    by_lower = {role.lower(): role for role in roles}
    lowered_text = text.lower()
    kept: list[str] = []
    for actor in actors:
        actor = by_lower.get(actor.lower(), actor)
        if sum(1 for role in roles if role.lower() in actor.lower()) >= 2 and actor not in roles:
            continue  # "Opdrachtgever Opdrachtnemer"
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
    for position in range(start + 1, min(len(tokens), start + 10)):
        token = tokens[position]
        if token.is_alpha and token.text[:1].islower() and token.text.lower() not in FUNCTION_WORDS:
            return position
    return -1


def speaker_actor(sentence: AnalysedSentence) -> str | None:
    speaker = getattr(sentence.passage, "speaker", None)
    if not speaker or speaker == _CHAIR:
        return None
    return str(speaker)


def commitment_actors(sentence: AnalysedSentence, context: DocumentContext) -> tuple[str, ...]:
    """The parties a commitment binds (see the module docstring); in a document whose parties are roles only
    those roles and the organisations the sentence itself names."""
    return _in_role_terms(_actors(sentence, context), sentence.text, context)


def _actors(sentence: AnalysedSentence, context: DocumentContext) -> tuple[str, ...]:
    tokens = sentence.tokens
    words = {token.text.lower() for token in tokens}
    speaker = speaker_actor(sentence)
    if speaker and words & _FIRST_PERSON:
        return (speaker,)
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
    noun = role_noun_subject(tokens)
    if noun is not None:
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


_PREPOSITIONS = frozenset({"in", "bij", "naar", "aan", "op", "via", "uit", "met", "voor", "tot", "tegen", "over",
                           "namens", "volgens", "binnen", "vanuit"})
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
        if any(re.search(rf"\w*{re.escape(stem)}\s+{re.escape(name)}\b", text, re.IGNORECASE) for stem in stems):
            return name
    return party


def tension_parties(sentence: AnalysedSentence, context: DocumentContext) -> tuple[str, ...]:
    """The parties a tension sentence names (roles one by one, never merged), with the speaker in a debate."""
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
        parties.extend(_parties_in(sentence.tokens, 0, len(sentence.tokens), context))
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
