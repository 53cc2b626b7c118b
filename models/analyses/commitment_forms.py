"""Commitment forms of Dutch policy language, read per clause: features of the sentence layer.

The sentence-wide cues of ``features.py`` see that a sentence holds "ik" and "zal" somewhere; they do not see
whether the speaker is the one who will act, or that "…, maar …" only qualifies an undertaking made in the
first clause. These features read the clause that carries the form:

- a first person with a future auxiliary, a will or a promise verb in one clause ("Dat gesprek ga ik aan",
  "we zullen … komen tot", "Ik kom daarop terug"), and the same said by a member of government in a debate;
- an undertaking to deliver a document or a meeting ("In de brief zal ik ingaan op …", "Ik stuur de Kamer een
  brief"): a speech verb with a future vehicle is a promise, not a speech act;
- a party (role noun, party word, pronoun, capitalised name) as the subject of the main clause with a finite
  action verb in the present tense, also after a fronted condition or adverbial ("Als …, dan informeren
  Partijen elkaar", "Op verzoek stuurt hij …"): the working rules and obligations of agreements;
- a permission negated ("X mag … niet …"): a prohibition binds;
- an agreement or promise in the past tense ("hebben afgesproken", "zegde … toe", "besloot").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from models.nlp import Token
from rodedraad.dutch import load_word_list

_FIRST = frozenset({"ik", "we", "wij"})
_FUTURE = frozenset({"zal", "zullen", "ga", "gaan", "gaat"})
_WANT = frozenset({"wil", "willen"})
_OFFICES = frozenset({"minister", "staatssecretaris"})
_CLAUSE_BREAKS = frozenset({",", ";", ":", "maar", "echter", "terwijl", "omdat", "want", "hoewel"})
# what a promise in policy language delivers: a letter, a plan, an answer, a meeting
_VEHICLES = frozenset({
    "brief", "kamerbrief", "aanpak", "notitie", "nota", "rapportage", "voortgangsrapportage", "reactie",
    "kabinetsreactie", "plan", "plannen", "wetsvoorstel", "voorstel", "evaluatie", "onderzoek", "overzicht",
    "gesprek", "gesprekken", "overleg", "verslag", "actieplan", "uitwerking", "handreiking", "regeling",
})
_PROMISE_LEMMAS = frozenset({"toezeggen", "beloven", "garanderen", "terugkomen", "oppakken", "uitwerken",
                             "voornemen", "voornemens", "zorgen", "regelen", "organiseren", "informeren"})
_AGREEMENT_PAST = re.compile(r"\b(?:afgesproken|besloten|besloot|overeengekomen|toegezegd|beloofd|"
                             r"vastgelegd|spraken\b.*\baf|sprak\b.*\baf|zegde\b.*\btoe|zegden\b.*\btoe|"
                             r"kwamen\b.*\bovereen|kwam\b.*\bovereen)\b", re.IGNORECASE)
_PARTY_WORDS = load_word_list("commitment_parties") | frozenset({
    "aanvrager", "aanvragers", "subsidieontvanger", "initiatiefnemer", "initiatiefnemers", "deelnemer",
    "deelnemers", "wijkraad", "werkgroep", "projectgroep", "vng", "rijk", "zorgkantoren", "provincies",
    "waterschappen", "gemeentebestuur", "raad", "directie", "cliëntondersteuner", "cliëntondersteuners",
})
_PRONOUN_SUBJECTS = frozenset({"hij", "zij", "ze", "wij", "we", "ik", "men"})
_ROLE_NAME = re.compile(r"^[A-Z]\w*(?:gever|nemer|aanvrager|aanbieder|partij)s?$")
_STATE = frozenset({"is", "zijn", "ben", "bent", "heeft", "hebben", "wordt", "worden", "blijkt", "lijkt", "staat",
                    "staan", "ligt", "liggen", "weet", "weten", "vindt", "vinden", "denkt", "denken", "hoopt"})
_MODALS: dict[str, str] = {
    "zal": "future", "zullen": "future", "ga": "future", "gaat": "future", "gaan": "future",
    "moet": "must", "moeten": "must", "dient": "must", "dienen": "must",
    "mag": "may", "mogen": "may", "kan": "can", "kunnen": "can", "hoeft": "need", "hoeven": "need",
    "wil": "want", "willen": "want", "zou": "would", "zouden": "would",
}
_CONDITIONAL = frozenset({"als", "indien", "wanneer", "zodra", "tenzij", "mocht", "voordat", "nadat", "zolang",
                          "nu", "omdat", "doordat"})
_DETERMINERS = frozenset({"de", "het", "een", "elke", "iedere", "alle", "beide", "deze", "die", "dit", "onze",
                          "ook", "dan", "daarna", "vervolgens"})


def _clauses(tokens: Sequence[Token]) -> list[list[Token]]:
    clauses: list[list[Token]] = [[]]
    for token in tokens:
        if token.text.lower() in _CLAUSE_BREAKS and clauses[-1]:
            clauses.append([])
            continue
        clauses[-1].append(token)
    return [clause for clause in clauses if clause]


def finite_verb(token: Token) -> bool:
    """A finite verb read without a tagger: a modal or auxiliary, or a lower-case word whose lemma is an
    infinitive (-en) that differs from the word ("meldt" -> "melden", "stuurt" -> "sturen")."""
    word = token.text.lower()
    if word in _MODALS or word in _STATE:
        return True
    lemma = token.lemma.lower()
    return (token.is_alpha and token.text[:1].islower() and lemma.endswith("en") and lemma != word
            and not word.endswith(("en", "de", "te")) and len(word) > 2)


_NOT_VERBS = frozenset({"tussen", "tegen", "binnen", "buiten", "boven", "beneden", "open", "even", "samen", "eigen",
                        "andere", "alleen", "bovendien", "dezen", "volgen"})


def _plural(token: Token) -> bool:
    word = token.text.lower()
    return word in {"partijen", "wij", "we", "zij", "ze"} or (word in _PARTY_WORDS and word.endswith(("en", "s")))


def _plural_verb(token: Token) -> bool:
    """A plural present verb, which reads like its infinitive ("Partijen spreken af", "Gemeenten organiseren")."""
    word = token.text.lower()
    return (token.text[:1].islower() and word.endswith("en") and len(word) > 3 and word not in _NOT_VERBS
            and token.lemma.lower() == word)


def _is_party(tokens: Sequence[Token], index: int) -> bool:
    token = tokens[index]
    word = token.text.lower()
    if word in _PARTY_WORDS or word in _PRONOUN_SUBJECTS or _ROLE_NAME.match(token.text):
        return True
    return bool(index and token.is_alpha and token.text[:1].isupper() and len(word) > 2
                and tokens[index - 1].text.lower() in {"de", "het"})


def _main_clause(tokens: Sequence[Token]) -> tuple[Sequence[Token], bool]:
    """The main clause's tokens (after a fronted condition: "Als …, dan …") and whether one was fronted."""
    alpha = [token for token in tokens if token.is_alpha]
    if not alpha or alpha[0].text.lower() not in _CONDITIONAL:
        start = 0
        while start < len(tokens) and not tokens[start].is_alpha:
            start += 1  # a list marker
        return tokens[start:], False
    words = [token.text.lower() for token in tokens]
    for position, word in enumerate(words):
        if word == "dan" and position > 2:
            return tokens[position + 1:], True
    comma = next((i for i, word in enumerate(words) if word == ","), -1)
    return (tokens[comma + 1:], True) if comma > 0 else (tokens, True)


def party_clause(tokens: Sequence[Token]) -> tuple[str, str] | None:
    """The main clause's party subject and its finite verb's class: ("role"|"pronoun"|"first", "action"|
    "state"|modal group), or None. Reads subject-verb ("Opdrachtnemer meldt …") and, after a fronted part,
    verb-subject ("Daarna stuurt Opdrachtgever …", "…, dan overleggen Partijen …")."""
    return _party_of(_main_clause(tokens)[0])


def _party_of(main: Sequence[Token]) -> tuple[str, str] | None:
    """``party_clause`` over a main clause already found by ``_main_clause``."""
    alpha = [token for token in main if token.is_alpha][:8]
    for index, token in enumerate(alpha[:6]):
        if not _is_party(alpha, index) or token.text.lower() in _DETERMINERS:
            continue
        verb = None
        plural = _plural(token)
        if index + 1 < len(alpha) and (finite_verb(alpha[index + 1]) or (plural and _plural_verb(alpha[index + 1]))):
            verb = alpha[index + 1]  # subject - verb
        elif index and (finite_verb(alpha[index - 1]) or (plural and _plural_verb(alpha[index - 1]))):
            verb = alpha[index - 1]  # fronted part - verb - subject
        if verb is None:
            continue
        word = token.text.lower()
        subject = "first" if word in _FIRST else "pronoun" if word in _PRONOUN_SUBJECTS else "role"
        verb_word = verb.text.lower()
        kind = _MODALS.get(verb_word) or ("state" if verb_word in _STATE else "action")
        return subject, kind
    return None


def commitment_form_features(tokens: Sequence[Token], speaker_role: str | None, past: bool, perfect: bool,
                             deadline: bool) -> list[str]:
    features: list[str] = []
    words = [token.text.lower() for token in tokens]
    present = set(words)
    lemmas = {token.lemma.lower() for token in tokens if token.is_alpha}
    office = speaker_role in _OFFICES
    for clause in _clauses(tokens):
        clause_words = [token.text.lower() for token in clause]
        clause_set = set(clause_words)
        if not clause_set & _FIRST:
            continue
        clause_lemmas = {token.lemma.lower() for token in clause}
        if clause_set & _FUTURE and not ({"over", "om"} & clause_set and "gaat" in clause_set):
            features.append("self_future_clause")
        if clause_set & _WANT:
            features.append("self_want_clause")
        if clause_lemmas & _PROMISE_LEMMAS or ("terug" in clause_set and "komen" in clause_lemmas) or (
                "toe" in clause_set and "zeggen" in clause_lemmas):
            features.append("self_promise_clause")
        if clause_set & _VEHICLES:
            features.append("self_vehicle_clause")
    selfish = [f for f in features if f.startswith("self_")]
    if office:
        features.extend(f"office_{f}" for f in selfish)
        if words[:2] in (["laten", "we"], ["laten", "wij"]):
            features.append("office_hortative")
    elif speaker_role:
        features.extend(f"member_{f}" for f in selfish)
    if selfish and deadline:
        features.append("self_deadline")
    main, fronted = _main_clause(tokens)
    found = _party_of(main)
    if found is not None:
        subject, kind = found
        tense = "past" if past or perfect else "present"
        features.append(f"party_clause={subject}_{kind}_{tense}")
        features.append(f"party_clause_verb={kind}_{tense}")
        if fronted:
            features.append(f"party_clause_conditional={kind}")
    if present & {"mag", "mogen"} and present & {"niet", "geen", "nooit"}:
        features.append("prohibition")
    if (past or perfect) and _AGREEMENT_PAST.search(" ".join(words)):
        features.append("agreement_past")
    if lemmas & {"voornemens", "voornemen", "inzet", "streven"} and present & (_PARTY_WORDS | _FIRST):
        features.append("stated_intention")
    return features


def conditional_permission(tokens: Sequence[Token]) -> bool:
    """A right granted under a condition ("Als …, dan mag Opdrachtgever …", "Bij …, mogen Partijen …"): the
    main clause's verb after a fronted condition is a permission, not negated. ANNOTATION.md counts such a
    clause as a shift of say (a tension), not an undertaking; "mag … niet" is a prohibition and binds."""
    main, fronted = _main_clause(tokens)
    if not fronted:
        return False
    alpha = [token.text.lower() for token in main if token.is_alpha]
    return bool(alpha) and alpha[0] in _PERMISSION_VERBS and not set(alpha) & {"niet", "geen", "nooit"}


_PERMISSION_VERBS = frozenset({"mag", "mogen", "kan", "kunnen"})


_BOUND_PRONOUNS = frozenset({"hij", "zij", "ze", "partijen"})


def bound_under_condition(tokens: Sequence[Token], roles: Sequence[str]) -> bool:
    """In an agreement whose parties are roles: the party's action or prohibition in the main clause.

    - after a fronted condition the main clause inverts, verb then party ("Als …, dan overleggen Partijen
      …", "Als dat niet lukt, leggen zij …"): an obligation under a condition still binds; a permission or a
      state ("dan mag …", "dan is hij …") does not count here;
    - a role opening the clause with a negated permission ("Opdrachtnemer mag … niet …"): a prohibition.
    """
    main, fronted = _main_clause(tokens)
    alpha = [token for token in main if token.is_alpha]
    if len(alpha) < 3:
        return False
    words = {token.text.lower() for token in alpha}
    names = set(roles)
    if alpha[0].text in names and alpha[1].text.lower() in {"mag", "mogen"} and words & {"niet", "geen", "nooit"}:
        return True
    if not fronted:
        return False
    verb, subject = alpha[0], alpha[1]
    # a plural subject takes the verb's plural, which reads like its infinitive ("overleggen Partijen")
    plural = subject.text.lower() in {"partijen", "zij", "ze"} and verb.text[:1].islower() and (
        verb.lemma.lower() == verb.text.lower() and verb.text.lower().endswith("en"))
    return ((subject.text in names or subject.text.lower() in _BOUND_PRONOUNS) and (finite_verb(verb) or plural)
            and verb.text.lower() not in _MODALS and verb.text.lower() not in _STATE)
