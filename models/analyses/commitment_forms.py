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

import itertools
import re
from collections.abc import Sequence

from models.nlp import Token
from rodedraad.dutch import MODAL_FORMS, SUBORDINATORS, load_word_list

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
# Endings of Dutch nouns that name a person in a role or a body able to act ("registerstichting",
# "jeugdhulpaanbieder", "toezichthouder", "gezinsvoogdijwerker"): the subject of a norm in regulations.
_AGENT_ENDINGS = (
    "gever", "nemer", "houder", "aanbieder", "verzekeraar", "werker", "ontvanger", "beheerder", "bestuurder",
    "uitvoerder", "leverancier", "instelling", "stichting", "organisatie", "commissie", "college", "minister",
    "inspectie", "autoriteit", "inspecteur", "directeur", "voorzitter", "secretaris", "ambtenaar", "aanvrager",
    "deelnemer", "verhuurder", "huurder", "accountant", "werkgroep", "stuurgroep", "projectgroep", "gemeente",
    "provincie", "corporatie", "vereniging", "coöperatie", "bestuur", "directie", "consulent", "begeleider",
    "medewerker", "coördinator", "regisseur", "hulpverlener", "zorgverlener", "penvoerder", "financier",
    "zorgkantoor", "waterschap", "ondersteuner", "toezichthouder", "wijkraad", "ministerie", "dienst",
    "partij", "partner", "dienstverlener",  # "De sectorpartijen dragen bij …", "ketenpartners", "De Dienstverlener"
)
_AGENT_PLURALS = ("s", "en", "n", "")
_AGENT_SUFFIXES = tuple(ending + plural for ending in _AGENT_ENDINGS for plural in _AGENT_PLURALS)
_ROLE_NAME = re.compile(r"^[A-Z]\w*(?:gever|nemer|aanvrager|aanbieder|partij)s?$")
_STATE = frozenset({"is", "zijn", "ben", "bent", "heeft", "hebben", "wordt", "worden", "blijkt", "lijkt", "staat",
                    "staan", "ligt", "liggen", "weet", "weten", "vindt", "vinden", "denkt", "denken", "hoopt"})
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
    if word in MODAL_FORMS or word in _STATE:
        return True
    lemma = token.lemma.lower()
    return (token.is_alpha and token.text[:1].islower() and lemma.endswith("en") and lemma != word
            and not word.endswith(("en", "de", "te")) and len(word) > 2)


_NOT_VERBS = frozenset({"tussen", "tegen", "binnen", "buiten", "boven", "beneden", "open", "even", "samen", "eigen",
                        "andere", "alleen", "bovendien", "dezen", "volgen"})


def _plural(token: Token) -> bool:
    word = token.text.lower()
    return word in {"partijen", "wij", "we", "zij", "ze"} or (word in _PARTY_WORDS and word.endswith(("en", "s")))


def plural_verb(token: Token) -> bool:
    """A plural present verb, which reads like its infinitive ("Partijen spreken af", "Gemeenten organiseren")."""
    word = token.text.lower()
    return (token.text[:1].islower() and word.endswith("en") and len(word) > 3 and word not in _NOT_VERBS
            and token.lemma.lower() == word)


def agent_noun(word: str) -> bool:
    """A noun that names a role or a body by its ending ("registerstichting", "jeugdhulpaanbieders")."""
    word = word.lower()
    return len(word) > 4 and word.endswith(_AGENT_SUFFIXES)


def _abbreviation(text: str) -> bool:
    """A body named by its initials ("de AW", "het WSW", "de Aw")."""
    return 2 <= len(text) <= 6 and text[:1].isupper() and text.isalpha() and (
        text.isupper() or (len(text) == 2 and text[1:].islower()))


def _is_party(tokens: Sequence[Token], index: int) -> bool:
    token = tokens[index]
    word = token.text.lower()
    if word in _PARTY_WORDS or word in _PRONOUN_SUBJECTS or _ROLE_NAME.match(token.text):
        return True
    if token.is_alpha and not finite_verb(token) and agent_noun(word) and not (
            word.endswith("en") and token.lemma.lower() == word):  # "financieren" is a verb
        return True
    after_article = bool(index and tokens[index - 1].text.lower() in {"de", "het"})
    return bool(after_article and token.is_alpha and token.text[:1].isupper()
                and (len(word) > 2 or _abbreviation(token.text)))


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


_NOUN_PHRASE = frozenset({"de", "het", "een", "en", "of", "onze", "elke", "iedere", "alle", "beide", "haar",
                          "hun"})
_OBLIGED = frozenset({"verplicht", "verantwoordelijk", "gehouden", "bereid", "voornemens", "belast"})


def _modifier(token: Token) -> bool:
    """An article, a conjunction inside a coordinated subject or an inflected adjective ("gecertificeerde")."""
    word = token.text.lower()
    if word in _STATE or word in MODAL_FORMS:
        return False
    return word in _NOUN_PHRASE or (token.text[:1].islower() and word.endswith("e") and not finite_verb(token)
                                    and word not in MODAL_FORMS and len(word) > 3)


def _verb_after(alpha: Sequence[Token], index: int, plural: bool) -> Token | None:
    """The finite verb after a subject, past a coordinated subject ("Het college en de instelling
    verschaffen …"): articles, conjunctions, adjectives and other parties in between."""
    position = index + 1
    while position < len(alpha) and position <= index + 7:
        if _modifier(alpha[position]) or _is_party(alpha, position):
            plural = plural or alpha[position].text.lower() in {"en", "of"}
            position += 1
            continue
        if alpha[position].text.lower() != "van":
            break
        # a "van"-phrase naming what the role is about ("De aanvrager van subsidie vermeldt …")
        after = position + 1
        while after < len(alpha) and alpha[after].text.lower() in _NOUN_PHRASE:
            after += 1
        if after >= len(alpha) or finite_verb(alpha[after]):
            break
        position = after + 1
    if position < len(alpha) and (finite_verb(alpha[position]) or (plural and plural_verb(alpha[position]))):
        return alpha[position]
    return None


def _verb_before(alpha: Sequence[Token], index: int, plural: bool) -> Token | None:
    """The finite verb before a subject after a fronted part ("Daarnaast houdt de corporatie …")."""
    position = index - 1
    while position > 0 and _modifier(alpha[position]) and alpha[position].text.lower() not in {"en", "of"}:
        position -= 1
    if 0 <= position < index and (finite_verb(alpha[position]) or (plural and plural_verb(
            alpha[position]))) and alpha[position].text[:1].islower():
        return alpha[position]
    return None


# verbs of saying whose "dat"-clause reports what was said ("Hij meldt dat …"): the party's act is the saying
_SAYING_LEMMAS = frozenset({"melden", "stellen", "zeggen", "vertellen", "aangeven", "opmerken", "uitleggen",
                            "benadrukken", "meedelen", "verklaren", "antwoorden", "betogen", "wijzen", "constateren",
                            "erkennen", "bevestigen", "onderstrepen", "vinden", "denken", "menen", "merken"})


def _speech_then_that(alpha: Sequence[Token], position: int) -> bool:
    """The finite verb at ``position`` says or thinks, and a "dat"-clause follows within a few words ("meldt
    dat", "geeft daarbij aan dat"); "Opdrachtnemer meldt altijd:" (a list of what to report) is no report."""
    verb = alpha[position]
    if verb.lemma.lower() not in _SAYING_LEMMAS and verb.text.lower() not in {"geeft", "geven", "legt", "leggen",
                                                                               "merkt", "wijst", "wijzen"}:
        return False
    return any(token.text.lower() == "dat" for token in alpha[position + 1:position + 6])


def _party_of(main: Sequence[Token]) -> tuple[str, str] | None:
    """``party_clause`` over a main clause already found by ``_main_clause``."""
    alpha = [token for token in main if token.is_alpha][:14]
    for index, token in enumerate(alpha[:7]):
        if not _is_party(alpha, index) or token.text.lower() in _DETERMINERS:
            continue
        plural = _plural(token)
        verb = _verb_after(alpha, index, plural) or (_verb_before(alpha, index, plural) if index else None)
        if verb is None:
            continue
        word = token.text.lower()
        subject = "first" if word in _FIRST else "pronoun" if word in _PRONOUN_SUBJECTS else "role"
        verb_word = verb.text.lower()
        kind = MODAL_FORMS.get(verb_word) or ("state" if verb_word in _STATE else "action")
        if kind == "action" and _speech_then_that(alpha, alpha.index(verb)):
            kind = "speech"  # "Hij meldt dat …", "De wethouder stelt dat …": a report of what was said
        if kind == "state":
            after = [t.text.lower() for t in alpha[alpha.index(verb) + 1:alpha.index(verb) + 4]]
            if set(after) & _OBLIGED:
                kind = "obliged"  # "De corporaties zijn verantwoordelijk voor …", "X is verplicht …"
        return subject, kind
    return None


def _inverted_clause(tokens: Sequence[Token]) -> Sequence[Token] | None:
    """After a fronted part closed by a comma, the main clause that opens with its finite verb ("Om …,
    corrigeert de toezichthouder …"): None when the comma is not followed by a finite verb."""
    for position, token in enumerate(tokens[:40]):
        if token.text == "," and position > 2:
            rest = [t for t in tokens[position + 1:] if t.is_alpha]
            if rest and rest[0].text[:1].islower() and finite_verb(rest[0]) and rest[0].text.lower() not in _STATE:
                return tokens[position + 1:]
            return None
    return None


_NEGATIONS = frozenset({"niet", "geen", "nooit"})
# trying or weighing is no undertaking ("Dat ga ik proberen", "Ik zal overwegen of …")
_ATTEMPT_LEMMAS = frozenset({"proberen", "overwegen", "trachten", "pogen", "nadenken", "bezinnen"})
# the talk of a debate itself: what a speaker "goes to" in the answer is no action a reader can check
_TALK_NOUNS = frozenset({"termijn", "beantwoording", "interruptie", "interrupties", "betoog", "inbreng", "spreektijd",
                         "blokje", "stemming", "woord", "volgorde"})
_REQUEST_FORMS = frozenset({"vraag", "vraagt", "vragen", "vroeg", "vroegen", "verzoek", "verzoekt", "verzoeken",
                            "verzocht"})
_QUESTION_WORDS = frozenset({"of", "hoe", "wat", "waarom", "wanneer", "welke", "wie"})
_PROMISE_NOUNS = frozenset({"toezegging", "toezeggingen", "belofte", "beloftes", "beloften"})
_PASSIVE_FUTURE = re.compile(r"\b(?:zal|zullen)\b(?:\s+\S+){0,6}?\s+(?:worden|zijn)\b|\b(?:wordt|worden)\s+"
                             r"(?:\S+\s+){0,3}?(?:binnenkort|jaarlijks|nog|later|straks|voortaan|vervolgens)\b",
                             re.IGNORECASE)
# how often something happens describes a practice, not an undertaking ("Soms sturen aanbieders …")
_HABITUAL = frozenset({"soms", "vaak", "meestal", "doorgaans", "veelal", "zelden", "dikwijls"})
_CHOICE_LEMMAS = frozenset({"bepalen", "kiezen", "beslissen"})
_SCHEDULED = frozenset({"plaatsvinden", "plaats", "start", "starten", "begint", "beginnen", "opent", "sluit", "loopt"})


def _past_clause(clause: Sequence[Token]) -> bool:
    """A clause in the past: a finite past form, or an auxiliary of the perfect with a participle."""
    from models.commitments import _is_participle, _is_past_form

    words = [token.text.lower() for token in clause]
    if any(_is_past_form(token) for token in clause):
        return True
    # "gemeenten", "gebruikers" read like participles ("ge-" … "-en"): a party noun is none
    return bool({"heb", "heeft", "hebben", "ben", "is", "zijn"} & set(words)) and any(
        _is_participle(token) and token.text.lower() not in _PARTY_WORDS and not agent_noun(token.text)
        for token in clause)


def _self_clause_features(clause: Sequence[Token]) -> list[str]:
    """The first-person clause: will, promise, vehicle, read with its tense, negation and hedges."""
    features: list[str] = []
    clause_words = [token.text.lower() for token in clause]
    clause_set = set(clause_words)
    clause_lemmas = {token.lemma.lower() for token in clause}
    past = _past_clause(clause)
    future = bool(clause_set & _FUTURE) and not ({"over", "om"} & clause_set and "gaat" in clause_set)
    if past:
        features.append("self_past_clause")  # "Samen met … maakten we …", "Ik heb … gevraagd"
    if future:
        features.append("self_future_clause")
    if clause_set & _WANT:
        features.append("self_want_clause")
    promise = bool(clause_lemmas & _PROMISE_LEMMAS) or ("terug" in clause_set and "komen" in clause_lemmas) or (
        "toe" in clause_set and "zeggen" in clause_lemmas)
    if promise:
        features.append("self_promise_clause")
    if clause_set & _VEHICLES and not past:
        features.append("self_vehicle_clause")
    if (future or promise or clause_set & _WANT) and clause_set & _NEGATIONS:
        features.append("self_negated")  # "Dat zal ik niet doen", "Daar ga ik geen evaluatie voor doen"
    if clause_lemmas & _ATTEMPT_LEMMAS:
        features.append("self_attempt")
    if "bereid" in clause_set:
        features.append("self_willing")  # "Ik ben bereid om …"
    if "blijven" in clause_lemmas and not past:
        features.append("self_continue")  # "Wij blijven dat doen"
    if "al" in clause_set and not (past or future):
        features.append("self_already")  # "Dat doen we al"
    if "even" in clause_set or clause_set & _TALK_NOUNS:
        features.append("self_talk")  # "Ik ga even …", "in mijn beantwoording"
    return features


_QUALIFIERS = frozenset({"maar", "echter", "hoewel"})


def _leading_self(tokens: Sequence[Token]) -> list[str]:
    """The undertaking in the sentence's first clause, before a "maar" that qualifies it ("Dat gesprek ga ik
    aan, maar wel met …", "Dus wil ik best met deze motie aan de slag, maar …"): the qualifier's contrast and
    hesitation words do not take the undertaking back. Also a willingness ("wil ik best", "wil ik graag")."""
    clauses = _clauses(tokens)
    if not clauses:
        return []
    first = clauses[0]
    words = {token.text.lower() for token in first}
    if not words & _FIRST or _past_clause(first) or words & _NEGATIONS:
        return []
    features = []
    qualified = any(token.text.lower() in _QUALIFIERS for token in tokens[len(first):])
    lemmas = {token.lemma.lower() for token in first}
    if words & _FUTURE and not ({"over", "om"} & words and "gaat" in words):
        features.append("self_lead_future")
    if words & _WANT and words & {"best", "graag", "wel", "heel"}:
        features.append("self_lead_willing")
    if lemmas & _PROMISE_LEMMAS or ("terug" in words and "komen" in lemmas):
        features.append("self_lead_promise")
    if features and qualified:
        features.append("self_lead_qualified")
    return features


_COPULAS = frozenset({"zijn", "blijken", "lijken", "blijven", "worden"})


def _future_state(tokens: Sequence[Token]) -> bool:
    """A future auxiliary whose clause ends in a copula without a participle ("Dat zal het volgende overleg
    zijn", "… zal duidelijk worden"): a prediction of a state, not a passive nor an undertaking. Gold, silver
    and demo: none of 10 such sentences (5 documents) is a commitment."""
    from models.commitments import _is_participle

    alpha = [token for token in tokens if token.is_alpha]
    aux = next((i for i, token in enumerate(alpha) if token.text.lower() in {"zal", "zullen"}), None)
    if aux is None or len(alpha) < aux + 2 or alpha[-1].text.lower() not in _COPULAS:
        return False
    # a participle anywhere ("verstuurd", "gerealiseerd zal worden") makes a passive; an infinitive after the
    # auxiliary ("zal … opnemen dat … zijn") is the main verb and the copula belongs to a subordinate clause
    return not any(_is_participle(token) or (
        token.text[:1].islower() and token.text.lower() != token.lemma.lower() and token.lemma.lower().endswith("en")
        and token.text.lower().endswith(("d", "t", "en"))) for token in alpha[:-1]) and not any(
        plural_verb(token) for token in alpha[aux + 1:-1])


def _request_features(tokens: Sequence[Token], words: Sequence[str]) -> list[str]:
    """Asking is no undertaking: a reported question ("De heer X vroeg of …"), a request for a promise ("Ik
    vraag … een toezegging"); a promise named as done ("bedanken voor haar toezegging om …") is one."""
    features: list[str] = []
    present = set(words)
    asks = [i for i, word in enumerate(words) if word in _REQUEST_FORMS]
    if asks:
        first = asks[0]
        if present & _FIRST and not any(words[j] in _FUTURE for j in range(max(0, first - 3), first)):
            features.append("request_first")
        elif not present & _FIRST:
            features.append("request_other")
        if any(word in _QUESTION_WORDS for word in words[first + 1:first + 8]):
            features.append("request_question")
    if present & _PROMISE_NOUNS:
        features.append("promise_noun_requested" if asks or present & _WANT else "promise_noun")
    return features


def commitment_form_features(tokens: Sequence[Token], speaker_role: str | None, past: bool, perfect: bool,
                             deadline: bool) -> list[str]:
    features: list[str] = []
    words = [token.text.lower() for token in tokens]
    present = set(words)
    lemmas = {token.lemma.lower() for token in tokens if token.is_alpha}
    office = speaker_role in _OFFICES
    for clause in _clauses(tokens):
        if {token.text.lower() for token in clause} & _FIRST:
            features.extend(_self_clause_features(clause))
    selfish = sorted({f for f in features if f.startswith("self_")})
    features = list(selfish)
    if office:
        features.extend(f"office_{f}" for f in selfish)
        if words[:2] in (["laten", "we"], ["laten", "wij"]):
            features.append("office_hortative")
    elif speaker_role:
        features.extend(f"member_{f}" for f in selfish)
    if selfish and deadline:
        features.append("self_deadline")
    features.extend(_leading_self(tokens))
    main, fronted = _main_clause(tokens)
    found = _party_of(main)
    if found is None and not fronted:
        inverted = _inverted_clause(tokens)
        if inverted is not None:
            found, fronted = _party_of(inverted), True
    if found is not None:
        subject, kind = found
        tense = "past" if past or perfect else "present"
        features.append(f"party_clause={subject}_{kind}_{tense}")
        features.append(f"party_clause_verb={kind}_{tense}")
        if fronted:
            features.append(f"party_clause_conditional={kind}")
    if present & {"mag", "mogen"} and present & _NEGATIONS:
        features.append("prohibition")
    if (past or perfect) and _AGREEMENT_PAST.search(" ".join(words)):
        features.append("agreement_past")
    if lemmas & {"voornemens", "voornemen", "inzet", "streven"} and present & (_PARTY_WORDS | _FIRST):
        features.append("stated_intention")
    features.extend(_request_features(tokens, words))
    text = " ".join(words)
    state = _future_state(tokens)
    if state:
        features.append("future_state")  # "Dat zal het volgende overleg zijn": a prediction, nobody acts
    elif _PASSIVE_FUTURE.search(text) and not past:
        features.append("passive_future")  # "De regels worden binnenkort aangepast", "… zal worden geplaatst"
    if present & _HABITUAL:
        features.append("habitual")
    if "zelf" in present and lemmas & _CHOICE_LEMMAS:
        features.append("own_choice")  # "De gemeente bepaalt zelf of …": a freedom, no obligation
    if any(word in _WANT and words[i + 1:i + 3] and "dat" in words[i + 1:i + 3] for i, word in enumerate(words)):
        features.append("wants_that")  # "X wil (graag) dat …": a wish about what others do
    if deadline and lemmas & _SCHEDULED and not (past or perfect):
        features.append("scheduled_with_date")  # "De opening vindt plaats op …"
    if not past and _delivers_vehicle(tokens):
        features.append("delivers_vehicle")  # "… om met een aanpak te komen", "de brief waarmee we komen"
    if any(word in _POSSESSIVE_FIRST and following in _AIMS for word, following in itertools.pairwise(words)):
        features.append("own_aim")  # "Mijn streven is …", "Onze inzet is gericht op …"
    return features


_POSSESSIVE_FIRST = frozenset({"mijn", "ons", "onze"})
_AIMS = frozenset({"streven", "inzet", "voornemen", "ambitie", "doel", "bedoeling", "opdracht", "plan"})


def _delivers_vehicle(tokens: Sequence[Token]) -> bool:
    """A party coming with a document or plan ("met een fraudeaanpak … te komen", "de aanpak waarmee we
    komen", "komt binnenkort met een brief"): "komen" and "met"/"waarmee" with a vehicle noun near it."""
    words = [token.text.lower() for token in tokens]
    if not any(token.lemma.lower() == "komen" or token.text.lower() in {"kom", "komt", "komen"} for token in tokens):
        return False
    for position, word in enumerate(words):
        near = words[max(0, position - 3):position] if word == "waarmee" else words[position + 1:position + 5]
        if word in {"met", "waarmee"} and any(w in _VEHICLES or w.endswith("aanpak") for w in near):
            return True
    return False


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
# what turns a permission into a bound: negated or restricted ("mag … niet", "mag alleen …": a prohibition), or
# an obligation, a future or a will beside it in the sentence
_BOUNDING = frozenset({
    "niet", "geen", "nooit", "niets", "alleen", "uitsluitend", "slechts", "enkel", "pas", "maximaal", "hooguit",
    "hoogstens", "hoogste", "verplicht", "zorgt", "zorgen",
}) | {word for word, group in MODAL_FORMS.items() if group in {"future", "must", "need", "want"}}

# "om … te mogen" is an infinitive, "nu … mag" a reason: neither "mag" is the main clause's
_PERMISSION_SUBORDINATORS = SUBORDINATORS | {"om", "nu"}


def granted_permission(tokens: Sequence[Token]) -> bool:
    """A right granted, with or without a condition after it ("Opdrachtgever mag de overeenkomst … ontbinden
    als:", "Bij overmacht …, mogen Partijen de overeenkomst beëindigen", "De aanbieder mag wel van de omvang
    afwijken"): the main clause's finite verb is "mag"/"mogen" and nothing in the sentence negates, restricts or
    obliges. ANNOTATION.md's commitment binds a party; a right binds nobody (a shift of say is a tension). In the
    gold, demo and silver annotations 25 of 26 such sentences left to the layer are no commitment."""
    words = {token.text.lower() for token in tokens}
    if words & _BOUNDING:
        return False
    main = [token.text.lower() for token in _main_clause(tokens)[0]]
    for position, word in enumerate(main):
        if word in {"mag", "mogen"}:
            # the main clause's verb: nothing subordinates it, or it follows a fronted part ("…, mogen Partijen")
            inverted = position > 0 and main[position - 1] == ","
            return inverted or not set(main[:position]) & _PERMISSION_SUBORDINATORS
    return False


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
            and verb.text.lower() not in MODAL_FORMS and verb.text.lower() not in _STATE)
