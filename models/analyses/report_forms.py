"""Sentences that report rather than undertake: a motion's recital and reported speech in minutes.

ANNOTATION.md excludes recitals ("constaterende dat …", "overwegende dat …") and descriptions of what was
said, but a recital or a report can carry someone else's undertaking ("overwegende dat de regering een
onderzoek uitvoert en binnenkort met een aanpak komt", "Zij merkt op dat de gemeente haar werkwijze zal
aanpassen"). These features mark the form and what the reported clause holds, so that the layer learns the
difference instead of a rule dropping all of them:

- ``recital`` for a motion's recital, with ``recital_deed`` when its clause reports a party's act, plan or
  allocation (a party or government noun with a deed verb, a future, or an agreement word), ``recital_fact``
  otherwise;
- ``reported_speech`` for a third party's speech verb followed by "dat" ("Hij meldt dat …", "De voorzitter
  geeft aan dat …"), with ``reported_promise`` when the reported clause holds a future, a promise or an
  agreement and ``reported_plain`` when it does not; a first person ("Ik meld dat …") is the speaker's own
  statement and gets neither.
"""

from __future__ import annotations

from collections.abc import Sequence

from models.analyses.commitment_forms import agent_noun
from models.nlp import Token
from rodedraad.dutch import load_word_list

_RECITAL_OPENERS = frozenset({"constaterende", "overwegende", "gezien", "gelet"})
_GOVERNMENT = frozenset({"kabinet", "regering", "minister", "staatssecretaris", "regeerakkoord", "rijk",
                         "ministerie", "overheid", "gemeente", "gemeenten", "provincie", "provincies", "college",
                         "kamer", "wetgever"}) | load_word_list("commitment_parties")
# what a party does, plans or allocates in a recital ("middelen zijn vrijgemaakt", "werkt aan", "komt met")
_DEED_LEMMAS = frozenset({
    "reserveren", "vrijmaken", "uittrekken", "toezeggen", "afspreken", "besluiten", "voornemen", "voornemens",
    "uitvoeren", "werken", "invulling", "investeren", "aankondigen", "beloven", "instellen", "starten",
    "opstellen", "ontwikkelen", "komen", "toekennen", "beschikbaar", "inzetten", "organiseren", "treffen",
    "nemen", "zorgen", "regelen", "gereserveerd", "vrijgemaakt", "toegezegd", "afgesproken", "besloten",
    "aangekondigd", "beloofd",
})
_FUTURE = frozenset({"zal", "zullen", "gaat", "gaan", "binnenkort", "voortaan"})
_SPEECH_LEMMAS = frozenset({"melden", "stellen", "zeggen", "vertellen", "aangeven", "opmerken", "uitleggen",
                            "benadrukken", "meedelen", "verklaren", "antwoorden", "betogen", "wijzen",
                            "constateren", "erkennen", "beamen", "bevestigen", "aankondigen"})
_SPEECH_WORDS = frozenset({"meldt", "melden", "meldde", "stelt", "stellen", "stelde", "zegt", "zeggen", "zei",
                           "vertelt", "vertelde", "geeft", "gaf", "merkt", "merkte", "legt", "legde", "benadrukt",
                           "benadrukte", "deelt", "deelde", "verklaart", "verklaarde", "antwoordt", "antwoordde",
                           "betoogt", "wijst", "wees", "constateert", "erkent", "bevestigt", "bevestigde"})
_FIRST = frozenset({"ik", "we", "wij"})
_THIRD = frozenset({"hij", "zij", "ze", "men"})
_PROMISE_LEMMAS = frozenset({"toezeggen", "beloven", "afspreken", "besluiten", "voornemen", "garanderen",
                             "terugkomen", "regelen", "zorgen", "oppakken", "aanpassen"})


def _recital(alpha: Sequence[str]) -> bool:
    return bool(alpha) and (alpha[0] in _RECITAL_OPENERS or alpha[:3] == ["van", "mening", "dat"])


def _deed(words: set[str], lemmas: set[str]) -> bool:
    party = bool(words & _GOVERNMENT) or any(agent_noun(word) for word in words)
    deed = bool((lemmas | words) & _DEED_LEMMAS) or bool(words & _FUTURE)
    return (party and deed) or bool(words & {"toegezegd", "afgesproken", "besloten", "voornemens", "gereserveerd",
                                           "vrijgemaakt", "aangekondigd"})


def _speech_then_that(words: Sequence[str], lemmas: Sequence[str]) -> int | None:
    """The position of "dat" after a speech verb within a few words ("geeft daarbij aan dat"), or None."""
    for position, (word, lemma) in enumerate(zip(words[:12], lemmas[:12], strict=False)):
        if word in _SPEECH_WORDS or lemma in _SPEECH_LEMMAS:
            for offset in range(position + 1, min(len(words), position + 6)):
                if words[offset] == "dat":
                    return offset
                if words[offset] in {",", ".", ";"}:
                    break
    return None


def report_form_features(tokens: Sequence[Token]) -> list[str]:
    """The recital and reported-speech features of one sentence (see the module docstring)."""
    words = [token.text.lower() for token in tokens]
    lemmas = [token.lemma.lower() for token in tokens]
    alpha = [token.text.lower() for token in tokens if token.is_alpha]
    features: list[str] = []
    if _recital(alpha):
        features.append("recital")
        clause = set(words[2:])
        features.append("recital_deed" if _deed(clause, set(lemmas[2:])) else "recital_fact")
    that = _speech_then_that(words, lemmas)
    if that is not None:
        before = set(words[:that])
        subject_third = bool(before & _THIRD) or any(
            token.text[:1].isupper() and token.is_alpha for token in tokens[1:that]) or any(
            agent_noun(word) for word in before) or bool(before & _GOVERNMENT)
        if subject_third and not before & _FIRST:
            features.append("reported_speech")
            rest_words = set(words[that + 1:])
            rest_lemmas = set(lemmas[that + 1:])
            promise = bool(rest_words & _FUTURE) or bool(rest_lemmas & _PROMISE_LEMMAS) or "toe" in rest_words
            features.append("reported_promise" if promise else "reported_plain")
    return features


def recital_of_fact(tokens: Sequence[Token]) -> bool:
    """A motion's recital that reports no party's act, plan or allocation ("constaterende dat veel
    bibliotheken gesloten zijn;"): ANNOTATION.md's recital, never a commitment (none of the ~80 such recitals
    in the gold, silver and demo annotations is one; those reporting a deed are left to the layer)."""
    return "recital_fact" in report_form_features(tokens)

