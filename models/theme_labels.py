"""Theme labels and keyphrases: class-based TF-IDF over lemmatised Dutch noun phrases.

Each theme is one class; the passages that fit no theme form one extra background class, so words
that are everywhere (the corpus's own name, "gemeente", "partijen") score low. Terms are the
noun-phrase candidates of ``models.keyphrases`` (lemma keys, so "sociale domein" and "sociaal domein"
meet; stop words, pronouns, numbers and web boilerplate never form a candidate).

Score of term t in theme c, as in BERTopic's c-TF-IDF but counted in sentences, at most two per
passage, rather than words (a passage repeating a word ten times is not ten voices, and a theme of three
short passages still has evidence for its terms):

    tf(t, c) = sentence units of c containing t / sentence units of c
    idf(t)   = log(1 + mean units per class / units of all classes containing t)

multiplied by a small bonus for multiword phrases (an adviser writes "één welzijnsbudget", not
"budget") and for terms used by more than one document of the theme. A term needs two sentences of
the theme. Keyphrases are chosen greedily to cover the theme's passages (``select_keyphrases``), so a
broad theme names its sub-topics. The label is the best phrase; a single word is joined to another term
only the way sentences of the theme write the two: "X van de Y" ("Inning van de ouderbijdrage", in at least
two sentences) or "X en Y" (written so, and most sentences holding the rarer term name both), never a loose
pair such as "Thema en gesprek" nor "Fraude en fraudeaanpak". A label's head is a noun by form: never a
comparative ("kleinschaliger"), a number or deadline adverb ("uiterlijk twaalf"), and a word that only says
what kind of statement follows ("maximum", "deadline", "behoefte", ``NOT_ALONE``) yields to a multiword
phrase of the theme (so does any bare word to a phrase among the next four scoring at least 0.4 as
well). Some terms never head a label while a better one is there (``weak_head``): a role alone
("Woordvoerder", "Huurders", ``ROLE_NOUNS`` and agent-noun endings), a short stray word ("Top"), a vague
modifier with one noun ("Gunstige uitspraak", ``VAGUE_MODIFIERS``) and two nouns set side by side as a table
header or clause leaves them ("criterium Omschrijving", "gemeente inzicht"); they stay keyphrases. Two themes
never get the same head phrase, and a sub-theme takes no term of its parent's label.

What never names a theme: people (the capitalised words after a title such as "de heer", "mevrouw",
"minister", and the names in debate speakers, ``person_names``), titles and offices
(``rodedraad/data/person_titles.txt``), the procedure of a debate ("motie", "Kamer", "algemeen overleg"),
vague modifiers ("eventuele", "genoemde"), and signature and address blocks: passages that are mostly
such a block (``is_form_block``) are not read for labels, and the signature lines of other passages
(``signature_spans``: "Aldus overeengekomen en ondertekend te …", "Gemeente X | A. Jansen | wethouder",
"…, vertegenwoordigd door de heer A. Jansen, directeur, hierna: …") are left out of what labels read.
A capitalised word that only one document uses (a place, an author) may be a keyphrase but not the head
of a label.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from models.keyphrases import _ADJECTIVE_ENDINGS, _candidates
from models.nlp import DutchNLP, Token
from rodedraad.dutch import NOUN_CONTEXT_WORDS, STOP_WORDS, fold_diacritics, load_word_list

_MIN_PASSAGES = 2
_PHRASE_BONUS = {1: 1.0, 2: 1.3, 3: 1.35}
_MAX_LABEL_WORDS = 5
# Lemmas that describe no subject, beyond models.keyphrases' exclusions: dates, vague quantities and
# light verbs that the tagger-less phrase rules take for nouns.
LABEL_EXCLUDED = frozenset({
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
    "november", "december", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
    "extra", "allerlei", "ander", "elk", "ieder", "veel", "weinig", "doen", "gaan", "komen", "staan",
    "zien", "maken", "geven", "nemen", "vinden", "sociaal", "thuis", "tafel", "boek", "resultaat",
    "hoeveel", "zolang", "dichtbij", "vroeg", "snel", "nodig", "mogelijk", "zeker", "echt", "gewoon",
    "vooral", "samen", "eerst", "verder", "steeds", "hierna", "hiervoor", "daarbij", "daarom",
    "thema", "onderwerp", "kwestie", "vraagstuk",
    # the parts and contact lines of a document, not its subject
    "inhoudsopgave", "inleiding", "samenvatting", "voorwoord", "colofon", "adres", "emailadres", "e-mailadres",
    "postadres", "bezoekadres", "telefoonnummer", "website",
    # the procedure of a debate or meeting, not its subject
    "woord", "interruptie", "termijn", "vergadering", "beraadslaging", "fractie", "indiening", "slot", "stuk",
    "agendapunt", "notulen", "hamerstuk", "woordvoerder", "woordvoering", "vragensteller",
    "stemming", "stemmingen", "spreektijd", "betoog", "absoluut", "correct",
    "precies", "nou", "gang", "klaar", "zijde", "spreker", "opgestaan", "minuut", "kort", "overig",
    "motie", "kamer", "debat", "regering", "dictum", "oordeel", "interpretatie", "vervolgvraag", "kamerlid",
    "bewindspersoon", "schorsing", "amendement", "wetgevingsoverleg", "notaoverleg", "plenair", "ordedebat",
    # vague modifiers and adverbs that say which or when, not what ("eventuele plannen", "genoemde duur")
    "eventueel", "beschikbaar", "bestaan", "benodigd", "noemen", "gewenst", "verschillend", "overeenkomstig",
    "onderhavig", "desbetreffend", "betreffen", "voornoemd", "onderstaand", "bovenstaand", "bijbehorend",
    "daadwerkelijk", "huidig", "nader", "bepalen", "divers", "toepasselijk", "volgen", "laat", "later", "vooraf",
    "achteraf", "laten", "sterk", "definitief", "voorlopig", "concreet", "diverse", "overige", "beetje",
    "ondertekenaar", "ondertekening", "ondergetekende", "vast", "lang", "groot", "klein", "nieuw", "nieuws", "ruim",
    # numerals and the adverbs of a deadline ("uiterlijk twaalf weken na …")
    "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf", "dertien", "veertien",
    "vijftien", "zestien", "zeventien", "achttien", "negentien", "twintig", "dertig", "veertig", "vijftig", "zestig",
    "zeventig", "tachtig", "negentig", "honderd", "duizend", "miljoen", "miljard", "uiterlijk", "tijdig",
    "zover", "zoveel", "straks", "uberhaupt", "inmiddels", "alsnog",
})
# Words that say what kind of statement or measure follows, not its subject: they may stand in a label's
# phrase ("maximum aantal uren", "behoefte aan dagbesteding") but never alone.
NOT_ALONE = frozenset({
    "maximum", "maximaal", "minimum", "minimaal", "deadline", "datum", "periode", "moment", "jaar", "maand",
    "week", "dag", "behoefte", "bevinding", "conclusie", "aanbeveling", "uitgangspunt", "aandachtspunt",
    "aanleiding", "overzicht", "stand", "stap", "punt", "deel", "aantal", "mate", "kader", "aspect", "doel",
    "aanpak", "manier", "vorm", "wijze", "rol", "taak", "situatie", "ontwikkeling", "toelichting", "opgave",
    "antwoord", "vraag", "oproep", "idee", "opmerking", "verschil", "aarzeling", "reactie", "verband",
})
# Roles of people and parties: a label names what the theme is about, not who takes part ("Woordvoerder",
# "Huurders", "Aanbieder" alone say nothing of the subject); they may stand in a phrase ("positie van huurders").
ROLE_NOUNS = frozenset({
    "woordvoerder", "voorzitter", "spreker", "vragensteller", "indiener", "ondertekenaar", "minister",
    "staatssecretaris", "kamerlid", "lid", "collega", "burger", "inwoner", "bewoner", "buurtbewoner", "huurder",
    "verhuurder", "eigenaar", "deelnemer", "belegger", "investeerder", "partner", "client", "klant", "medewerker",
    "werknemer", "werkgever", "ondernemer", "aanbieder", "leverancier", "opdrachtgever", "opdrachtnemer",
    "aannemer", "hoofdaannemer", "onderaannemer", "gebruiker", "aanvrager", "ontvanger", "houder", "betrokkene",
    "belanghebbende", "professional", "beroepsbeoefenaar", "vrijwilliger", "mens", "persoon", "partij", "iedereen",
})
# Agent nouns by their ending ("toezichthouder", "regievoerder", "zorgaanbieder", "subsidieontvanger").
_ROLE_ENDINGS = ("voerder", "houder", "nemer", "gever", "bewoner", "hebbende", "aanbieder", "ontvanger", "aanvrager",
                 "gebruiker", "deelnemer", "medewerker", "lid", "partij")
# Modifiers that say how, which or whether, not what kind ("gunstige uitspraak", "aangepaste einddatum",
# "onnodige aantasting"): a phrase of such a modifier and one noun may be a keyphrase but not a label.
VAGUE_MODIFIERS = frozenset({
    "gunstig", "ongunstig", "relevant", "volledig", "onvolledig", "realistisch", "onrealistisch", "voldoende",
    "onvoldoende", "verkeerd", "juist", "onjuist", "goed", "slecht", "vergelijkbaar", "specifiek", "onnodig",
    "gebruiken", "gebruikt", "samenhangend", "bestaand", "geldend", "aangaan", "aangegaan", "gevestigd", "vestigen",
    "aangepast", "aanpassen", "gewijzigd", "wijzigen", "voorgenomen", "voornemen", "gedefinieerd", "definieren",
    "bepaald", "vorig", "volgend", "eerder", "vroeger", "oud", "jong", "hoog", "laag", "belangrijk", "passend",
    "adequaat", "duidelijk", "onduidelijk", "bijzonder", "essentieel", "cruciaal", "enorm", "flink", "aanzienlijk",
    "gelijk", "zelfde", "enkel", "ernstig", "moeilijk", "makkelijk", "eenvoudig", "lastig", "mooi", "prima",
    "verstandig", "redelijk", "terecht", "gewoon", "normaal", "regulier", "standaard", "zogenaamd", "heel",
    "genoemd", "bedoeld", "aanwezig", "afwezig", "mogelijk", "noodzakelijk", "nodig", "wenselijk", "gericht",
    "opgenomen", "opnemen", "gevraagd", "vragen", "vermeld", "vermelden", "beschreven", "beschrijven", "aangegeven",
    "aangeven", "gesteld", "stellen", "gegeven", "geven", "gemaakt", "maken",
})
_SHORT_WORD = 4
# Phrases of a debate's procedure whose words alone are subjects elsewhere ("overleg met bewoners").
PROCEDURE_PHRASES = frozenset({("algemeen", "overleg"), ("schriftelijk", "overleg"), ("tweede", "termijn"),
                               ("eerste", "termijn")})
# Titles and offices before a person's name; never a label word (rodedraad/data/person_titles.txt).
PERSON_TITLES = load_word_list("person_titles")
# Titles after which lowercase name particles may follow ("mevrouw van Brenk"); after an office a
# lowercase "van" names the office's domain ("minister van VWS") and ends the name.
_PERSONAL_TITLES = frozenset({"heer", "heren", "mevrouw", "meneer", "mw", "dhr", "mr", "drs", "dr", "ir", "prof",
                              "collega", "kamerlid", "raadslid"})
_NAME_PARTICLES = frozenset({"van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "in", "op", "von", "le",
                             "la", "du", "da", "di"})
_NAME_TOKEN = re.compile(r"[^\W\d_][^\W_]*(?:[-'’][^\W\d_]+)*|\S")
# lines of an address or signature block
_POSTCODE = re.compile(r"\b\d{4} ?[A-Z]{2}\b|\b[Pp]ostbus\s+\d")
_FORM_FIELD = re.compile(r"\b(?:postbus|telefoon|tel|fax|e-mail|kenmerk|ons kenmerk|uw kenmerk|datum|onderwerp|"
                         r"bijlagen?|uw brief|contactpersoon|doorkiesnummer)\s*[:.]", re.IGNORECASE)
_SIGNATURE = re.compile(r"\b(?:hoogachtend|met (?:vriendelijke|hartelijke) groet(?:en)?|w\.g\.|namens (?:deze|dezen|"
                        r"het college|de minister|de staatssecretaris))", re.IGNORECASE)
_INITIALS = re.compile(r"\b(?:[A-Z]\.){1,4}\s?(?:(?:van|de|der|den|ter|ten)\s)*[A-Z][a-z]")
_LOOSE_PAIR_SHARE = 0.5
_PAIR_SCORE = 0.5
# Words that open a noun phrase; "de/het/een … X" followed by a break is evidence that X is a noun.
_DETERMINERS = frozenset({"de", "het", "een", "deze", "dit", "die", "dat", "onze", "ons", "hun", "elke", "ieder",
                          "iedere", "geen", "veel", "meer", "alle"})
# Prepositions and quantifiers open one too, for the word right after them only ("voor zonneparken langs …",
# rodedraad/data/noun_context_words.txt).
_OPENERS = _DETERMINERS | NOUN_CONTEXT_WORDS
KEYPHRASES = 12  # per theme (and sub-theme); models.themes gives a broad theme's last ones to its rest
_COVERAGE = 0.8
Key = tuple[str, ...]


@dataclass(frozen=True)
class ThemeText:
    """One passage of a theme as labelling needs it (``speaker``: the debate speaker, if any)."""

    doc_id: str
    text: str
    speaker: str | None = None


def _is_acronym(word: str) -> bool:
    return word.isupper() or sum(1 for char in word if char.isupper()) >= 2 or any(c.isdigit() for c in word)


def person_names(texts: Iterable[str], speakers: Iterable[str] = ()) -> frozenset[str]:
    """Lowercase words (diacritics folded) that name people in these texts.

    The capitalised words after a title or office ("de heer Paternotte", "minister De Jonge",
    "mevrouw van Brenk", "wethouder Jansen"; acronyms after a title, "minister van VWS", are not names)
    and the capitalised words of debate speakers ("SP (Hijink)", "minister De Jonge (VWS)"): names,
    parties and ministries, none of them a subject.
    """
    names: set[str] = set()
    for speaker in speakers:  # every capitalised word of a speaker: names, parties ("SP", "GroenLinks"), ministries
        for word in _NAME_TOKEN.findall(speaker or ""):
            lowered = fold_diacritics(word.lower())
            if (word[:1].isupper() and word[:1].isalpha()
                    and lowered not in PERSON_TITLES and lowered not in _NAME_PARTICLES):
                names.add(lowered)
    for text in texts:
        tokens = _NAME_TOKEN.findall(text)
        for index, token in enumerate(tokens):
            title = fold_diacritics(token.lower())
            if title not in PERSON_TITLES:
                continue
            personal = title in _PERSONAL_TITLES
            position = index + 1
            while position < len(tokens) and position <= index + 5:
                word = tokens[position]
                lowered = fold_diacritics(word.lower())
                if lowered in _NAME_PARTICLES and (personal or word[:1].isupper()):
                    position += 1
                    continue
                if word[:1].isupper() and word[:1].isalpha() and not _is_acronym(word) and lowered not in PERSON_TITLES:
                    names.add(lowered)
                    position += 1
                    continue
                break
    return frozenset(names - STOP_WORDS)


# The signing of an agreement ("Aldus overeengekomen en ondertekend te … op …", "Ondertekend op …",
# "Ondertekening", "De ondergetekenden", "Ondertekenaars") and who signs for whom ("Namens …").
_SIGNING = re.compile(r"^\W*(?:(?:aldus|zo|als volgt)\s+(?:overeengekomen|vastgesteld|ondertekend|getekend|besloten)\b"
                      r"|(?:in\s+\w+voud\s+)?(?:ondertekend|getekend)\s+(?:te|op|in|door)\b"
                      r"|ondertekening\b|ondertekenaars\b|(?:de\s+)?ondergetekenden\b|namens\b)", re.IGNORECASE)
_REPRESENTED = re.compile(r"\bvertegenwoordigd\s+door\b|\bhierna\s*:|\bnamens\b", re.IGNORECASE)
_LINE_BREAK = re.compile(r"\n|(?<=\S)\s+(?=[|–—-]\s)|(?<=[;])\s+")
_SIGNATORY_WORDS = 12
# initials and a surname, then a break: "A. Jansen |", "H.M. de Vries," "J.W.Remkes" (not "A. Gemeentelijke
# gebouwen", an enumerated heading, nor "L.R. Beijnenlaan en …", a street)
_SIGNATORY = re.compile(r"\b(?:[A-Z]\.\s?){1,4}(?:(?:van|de|der|den|ter|ten|te|in 't|op)\s)*[A-Z][a-zà-ÿ]+"
                        r"(?:-[A-Z][a-zà-ÿ]+)?(?=\s*$|\s*[|,;—–)]|\s+[-–—]\s|\s+[A-Z])")


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            spans.append((start, start + len(line.rstrip())))
        start += len(line)
    return spans


def signature_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the signature lines of a text, recognised by their form.

    A signature line opens the signing ("Aldus overeengekomen en ondertekend te …", "Ondertekend op …",
    "Ondertekening", "De ondergetekenden", "Namens …"), names a signatory with initials ("Gemeente X —
    A. Jansen", "Partij | A. Jansen | wethouder"), or names a party and its representative ("…,
    vertegenwoordigd door mevrouw A. Jansen, wethouder …, hierna: de gemeente;"). After an opening, short
    lines without a sentence end (the organisations that sign, one a line) belong to it too.
    """
    spans: list[tuple[int, int]] = []
    in_block = False
    for start, end in _line_spans(text):
        line = text[start:end]
        words = line.split()
        signing = _SIGNING.match(line)
        if signing and signing.group(0).lower().rstrip().endswith("namens"):
            opening = len(words) <= 8 and not line.rstrip().endswith(".")  # "Namens de gemeente,"
        else:
            opening = bool(signing) and len(words) <= 25
        signatories = len(_SIGNATORY.findall(line))
        named = signatories >= 1 and (bool(_REPRESENTED.search(line)) or (
            len(words) <= _SIGNATORY_WORDS * signatories and not line.rstrip().endswith(".")))
        short_name_line = (in_block and len(words) <= _SIGNATORY_WORDS and not line.rstrip().endswith((".", "?", "!"))
                           and any(word[:1].isupper() for word in words))
        if opening or named or short_name_line:
            spans.append((start, end))
            in_block = in_block or opening
        else:
            in_block = False
    return spans


def without_signatures(text: str) -> str:
    """The text with its signature lines (``signature_spans``) left out: what labels may read."""
    pieces: list[str] = []
    position = 0
    for start, end in signature_spans(text):
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def signature_share(text: str) -> float:
    """The share of a text's non-space characters that are signature lines."""
    total = sum(1 for char in text if not char.isspace())
    signed = sum(1 for start, end in signature_spans(text) for char in text[start:end] if not char.isspace())
    return signed / total if total else 0.0


@lru_cache(maxsize=65_536)
def is_form_block(text: str) -> bool:
    """A signature, address or letterhead block, or a list of names: text that names no subject.

    Evidence: a closing formula ("Hoogachtend", "Met vriendelijke groet", "w.g."), a postcode or a form
    field ("Postbus", "Kenmerk:", "Datum:") in a short passage, a title with initials and a name and no
    sentence end ("de secretaris, J. Klaassen"), or mostly capitalised words without a sentence end
    (names and addresses line by line).
    """
    words = text.split()
    if not words:
        return True
    if signature_share(text) >= 0.5:
        return True  # mostly the signing of an agreement: "Aldus overeengekomen …", signatories
    if _SIGNATURE.search(text) and len(words) < 80:
        return True
    if (_POSTCODE.search(text) or _FORM_FIELD.search(text)) and len(words) < 60:
        return True
    alphabetic = [word for word in words if word[:1].isalpha()]
    capitalised = sum(1 for word in alphabetic if word[:1].isupper())
    ends_sentence = any(word.endswith((".", "!", "?")) and len(word) > 3 for word in words)
    titled = any(fold_diacritics(word.lower().strip(".,;:()")) in PERSON_TITLES for word in words)
    if titled and not ends_sentence and (len(words) < 25 or (_INITIALS.search(text) and len(words) < 60)):
        return True  # "de secretaris, J. Klaassen", "Aan het college van burgemeester en wethouders"
    return len(alphabetic) >= 4 and capitalised / len(alphabetic) > 0.6 and not ends_sentence


@dataclass(frozen=True)
class ThemeLabel:
    label: str
    keyphrases: tuple[str, ...]


def noun_evidence(tokens: Sequence[Token]) -> set[str]:
    """Lemmas seen closing a noun phrase: a determiner, at most two words, then a stop word or punctuation.

    A tagger-free test that keeps verbs ("ontstaat") and predicative adjectives ("helder") out of labels:
    "de samenwerking tussen" and "een gezamenlijk budget." count, "ontstaat" never follows a determiner.
    """
    found: set[str] = set()
    for index, token in enumerate(tokens):
        opener = token.text.lower()
        if opener not in _OPENERS:
            continue
        reach = 4 if opener in _DETERMINERS else 2
        for position in range(index + 1, min(index + reach, len(tokens))):
            word = tokens[position]
            if not word.is_alpha or word.is_stop:
                break
            if position > index + 1 and not _attributive(tokens[position - 1].text):
                break  # "de locaties dicht.": after a noun, a closing word is a predicate, not a noun
            following = tokens[position + 1] if position + 1 < len(tokens) else None
            if following is None or not following.is_alpha or following.is_stop:
                if not _comparative(word):
                    found.add(fold_diacritics(word.lemma.lower()))
                break
    return found


def _attributive(word: str) -> bool:
    """An adjective or participle before a noun, by its ending: "gezamenlijk", "sociale", "persoonsgebonden"."""
    lowered = word.lower()
    return lowered.endswith(("e", *_ADJECTIVE_ENDINGS)) or (lowered.endswith("en") and "ge" in lowered[:-4])


def _comparative(token: Token) -> bool:
    """A comparative or superlative adjective ("realistischer", "effectiefste"): the word is its lemma
    plus -er/-ere/-st/-ste."""
    word, lemma = token.text.lower(), token.lemma.lower()
    return word != lemma and any(word == lemma + ending or word == lemma + lemma[-1:] + ending
                                 for ending in ("er", "ere", "st", "ste"))


@dataclass
class _ClassTerms:
    """What c-TF-IDF needs of one class. ``passages`` and ``df`` count units: sentences, at most
    ``_SENTENCES_PER_PASSAGE`` per passage and term, so a short theme still has enough evidence and a
    long passage that repeats a word is not ten voices."""

    passages: int
    df: Counter[Key]
    docs: defaultdict[Key, set[str]]
    surfaces: defaultdict[Key, Counter[str]]
    documents: int
    capitalised: defaultdict[Key, bool]
    nouns: set[str]
    passage_keys: list[frozenset[Key]]
    passage_df: Counter[Key]
    doc_passages: Counter[str]
    sentence_keys: list[frozenset[Key]]
    # per sentence: its lemmas (lowercase, diacritics folded) and its words as written
    sentence_words: list[tuple[Key, tuple[str, ...]]]


_SENTENCES_PER_PASSAGE = 2
# A heading names the subject of what follows ("Continuïteit van maatschappelijke ondersteuning",
# "Veluwonen en schuurwoningen in Oeken"): its terms count as two sentences of the passage.
_HEADING_WEIGHT = 2
_HEADING_WORDS = 12
_HEADING_END = re.compile(r"[.!?:;,]\W*$|\d\W*$")


def is_heading(line: str) -> bool:
    """A section heading by its form: one short line (at most ``_HEADING_WORDS`` words) that opens with a
    capital (after a number such as "Artikel 3.4 –") and ends without punctuation or a page number (a
    table-of-contents line), and is not in capitals throughout (a letterhead)."""
    line = line.strip()
    if not line or "\n" in line:
        return False
    words = line.split()
    letters = [char for char in line if char.isalpha()]
    if len(words) > _HEADING_WORDS or len(letters) < 4 or _HEADING_END.search(line):
        return False
    if all(char.isupper() for char in letters):
        return False
    return letters[0].isupper()


# Pronominal adverbs ("ertoe", "daarvan", "hierover", "waaronder"): a pronoun and a preposition in one word,
# never a subject.
_PRONOMINAL_ADVERB = re.compile(r"^(?:er|daar|hier|waar)(?:aan|achter|af|bij|binnen|boven|buiten|door|heen|in|langs|"
                                r"mee|na|naar|naast|om|omheen|onder|op|over|tegen|toe|tussen|uit|van|voor|zonder)$")


def _names_a_person(key: Key, surface: str, names: frozenset[str]) -> bool:
    if any(part in PERSON_TITLES for part in key):
        return True
    return any(word[:1].isupper() and fold_diacritics(word.lower()) in names for word in surface.split())


def _sentence_slices(nlp: DutchNLP, text: str, tokens: Sequence[Token]) -> list[Sequence[Token]]:
    """The tokens of a passage cut at its sentence boundaries."""
    slices: list[Sequence[Token]] = []
    position = 0
    for _, end in nlp.sentences(text) or [(0, len(text))]:
        first = position
        while position < len(tokens) and tokens[position].start < end:
            position += 1
        if position > first:
            slices.append(tokens[first:position])
    if position < len(tokens):
        slices.append(tokens[position:])
    return slices


# text → its tokens and sentence slices, shared by the labelling calls of one build (themes, then sub-themes)
LabelCache = dict[str, tuple[list[Token], list[Sequence[Token]]]]


def _analysed(nlp: DutchNLP, texts: Sequence[str], cache: LabelCache | None) -> list[tuple[list[Token],
                                                                                      list[Sequence[Token]]]]:
    store: LabelCache = {} if cache is None else cache
    missing = [text for text in dict.fromkeys(texts) if text not in store]
    for text, tokens in zip(missing, nlp.tokens_many(missing), strict=True):
        store[text] = (tokens, _sentence_slices(nlp, text, tokens))
    return [store[text] for text in texts]


def _class_terms(nlp: DutchNLP, texts: Sequence[ThemeText], names: frozenset[str] = frozenset(),
                 cache: LabelCache | None = None) -> _ClassTerms:
    df: Counter[Key] = Counter()
    passage_df: Counter[Key] = Counter()
    docs: defaultdict[Key, set[str]] = defaultdict(set)
    surfaces: defaultdict[Key, Counter[str]] = defaultdict(Counter)
    capitalised: defaultdict[Key, bool] = defaultdict(bool)
    nouns: set[str] = set()
    passage_keys: list[frozenset[Key]] = []
    sentence_keys: list[frozenset[Key]] = []
    sentence_words: list[tuple[Key, tuple[str, ...]]] = []
    units = 0
    texts = [ThemeText(item.doc_id, without_signatures(item.text), item.speaker) for item in texts
             if not is_form_block(item.text)]
    for item, (tokens, slices) in zip(texts, _analysed(nlp, [t.text for t in texts], cache), strict=True):
        nouns |= noun_evidence(tokens)
        in_passage: Counter[Key] = Counter()
        units += min(len(slices), _SENTENCES_PER_PASSAGE)
        for number, sentence in enumerate(slices):
            seen: set[Key] = set()
            heading = number + 1 < len(slices) and is_heading(item.text[sentence[0].start:sentence[-1].end])
            if heading and sentence[-1].is_alpha:
                nouns.add(fold_diacritics(sentence[-1].lemma.lower()))  # a heading ends in its noun
            for key, surface, sentence_start in _candidates(sentence):
                if any(part in LABEL_EXCLUDED or _PRONOMINAL_ADVERB.match(part) for part in key) \
                        or key in PROCEDURE_PHRASES or _names_a_person(key, surface, names):
                    continue
                first = surface.split()[0]
                if sentence_start and first[:1].isupper() and first[1:].islower():
                    surface = surface[:1].lower() + surface[1:]  # capitalised only because a sentence starts
                surfaces[key][surface] += 1
                if surface[:1].isupper() and not surface.isupper():
                    capitalised[key] = True
                seen.add(key)
            in_passage.update(seen)
            sentence_keys.append(frozenset(seen))
            sentence_words.append((tuple(fold_diacritics(token.lemma.lower()) for token in sentence),
                                   tuple(token.text for token in sentence)))
            if heading:
                in_passage.update({key: _HEADING_WEIGHT - 1 for key in seen})
        for key, count in in_passage.items():
            df[key] += min(count, _SENTENCES_PER_PASSAGE)
            passage_df[key] += 1
            docs[key].add(item.doc_id)
        passage_keys.append(frozenset(in_passage))
    return _ClassTerms(max(1, units), df, docs, surfaces, len({t.doc_id for t in texts}), capitalised,
                       nouns, passage_keys, passage_df, Counter(t.doc_id for t in texts), sentence_keys,
                       sentence_words)


def _display(terms: _ClassTerms, key: Key) -> str:
    """The most frequent written form (ties: the alphabetically first, so the result is stable)."""
    return min(terms.surfaces[key].items(), key=lambda item: (-item[1], item[0]))[0]


def _contains(longer: Key, shorter: Key) -> bool:
    return any(longer[i:i + len(shorter)] == shorter for i in range(len(longer) - len(shorter) + 1))


def _overlaps(key: Key, chosen: Sequence[Key]) -> bool:
    return any(_contains(other, key) or _contains(key, other) for other in chosen)


def ranked_terms(classes: Sequence[_ClassTerms], index: int) -> list[tuple[Key, float]]:
    """The terms of class ``index`` by c-TF-IDF score, best first (ties by key, so deterministic)."""
    total_df: Counter[Key] = Counter()
    for terms in classes:
        total_df.update(terms.df)
    mean_passages = sum(t.passages for t in classes) / max(1, len(classes))
    own = classes[index]
    nouns = set().union(*(terms.nouns for terms in classes))
    scored: list[tuple[Key, float]] = []
    for key, count in own.df.items():
        if count < min(_MIN_PASSAGES, own.passages):
            continue
        if key[-1] not in nouns and not own.capitalised[key]:
            continue  # a phrase ends in a noun (names excepted)
        if comparative_form(_display(own, key).split()[-1], key[-1]):
            continue  # "kleinschaliger", "moeilijkste": an adjective's degree, not a noun
        tf = count / own.passages
        idf = math.log(1 + mean_passages / total_df[key])
        spread = 0.4 + 0.6 * len(own.docs[key]) / max(1, own.documents)
        short_word = 0.85 if len(key) == 1 and len(key[0]) < 5 else 1.0
        # a capitalised single word used by one document is mostly a person's or place's name
        name = 0.5 if own.capitalised[key] and len(own.docs[key]) == 1 else 1.0
        scored.append((key, tf * idf * _PHRASE_BONUS.get(len(key), 1.35) * spread * short_word * name))
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored


_DEGREE_ENDINGS = ("ere", "er", "ste", "st")


def comparative_form(word: str, lemma: str) -> bool:
    """A comparative or superlative adjective by its form: the word is its lemma plus -er/-ere/-st/-ste
    and the lemma ends like an adjective ("kleinschaliger" of "kleinschalig", "moeilijkste" of "moeilijk";
    never "vertegenwoordiger", whose lemma is itself)."""
    word, lemma = word.lower(), lemma.lower()
    return word != lemma and lemma.endswith((*_ADJECTIVE_ENDINGS, "rijk")) and any(
        word in (lemma + ending, lemma + lemma[-1:] + ending) for ending in _DEGREE_ENDINGS)


def _proper_name(terms: _ClassTerms, key: Key, text: str) -> bool:
    """A capitalised word that one document uses (a place, a person, a product): no label head."""
    words = text.split()
    return (len(words) == 1 and terms.capitalised[key] and not _is_acronym(words[0]) and len(words[0]) > 4
            and len(terms.docs[key]) < 2)


def role_noun(lemma: str) -> bool:
    """A person or party by role ("woordvoerder", "huurders", "toezichthouder"), by list or agent-noun ending."""
    return lemma in ROLE_NOUNS or (lemma.endswith(_ROLE_ENDINGS) and not lemma.endswith("schap"))


def weak_head(key: Key, text: str) -> str | None:
    """Why a term cannot head a label by its form, or None: a role noun alone ("Woordvoerder"), a short
    stray word alone ("Top"; acronyms and capitalised names excepted), a vague modifier with one noun
    ("Gunstige uitspraak", "Aangepaste einddatum") or two nouns set side by side without a link, as a
    table header or a clause leaves them ("criterium Omschrijving", "gemeente inzicht", "identiteit
    geheim"; a capitalised first word is a name and stays: "Contractstandaard Wmo")."""
    words = text.split()
    if len(key) != len(words):
        return None
    if len(key) == 1:
        if role_noun(key[0]):
            return "role"
        word = words[0]
        if len(word) <= _SHORT_WORD and word.islower() and any(char in "aeiouy" for char in word):
            return "short"
        return None
    if len(key) == 2:
        if key[0] in VAGUE_MODIFIERS:
            return "vague modifier"
        first = words[0]
        lowered = fold_diacritics(first.lower())
        attributive = (lowered.endswith(_ADJECTIVE_ENDINGS) or lowered != key[0]
                       or (lowered.endswith("en") and "ge" in lowered[:-4]))
        second = words[1]
        specifier = _is_acronym(second) or (len(second) <= 4 and second[:1].isupper())  # "bijdrage Wmo"
        if first[:1].islower() and not _is_acronym(first) and not attributive and not specifier:
            return "two nouns"
    return None


def _together(terms: _ClassTerms, first: Key, second: Key) -> float:
    """Share of the sentences holding the rarer of two terms that hold both: two words named in one
    sentence ("de inning van de ouderbijdrage") are one subject, two words of one passage may not be."""
    both = sum(1 for keys in terms.sentence_keys if first in keys and second in keys)
    rarer = min(sum(1 for keys in terms.sentence_keys if first in keys),
                sum(1 for keys in terms.sentence_keys if second in keys))
    return both / max(1, rarer)


# Prepositions that join two nouns into one subject ("inning van de ouderbijdrage", "fraude met het pgb").
_JOINING_PREPOSITIONS = frozenset({"van", "voor", "in", "bij", "met", "op", "over", "tegen", "tussen", "rond", "rondom",
                                   "naar", "door", "zonder", "binnen", "buiten", "onder", "uit", "aan", "na"})
_JOIN_DETERMINERS = frozenset({"de", "het", "een"})
_JOIN_ADJECTIVES = 2
_MIN_JOINS = 2


def _find(sequence: Key, part: Key) -> list[int]:
    return [i for i in range(len(sequence) - len(part) + 1) if sequence[i:i + len(part)] == part]


def joins(terms: _ClassTerms, first: Key, second: Key) -> Counter[str]:
    """How the theme's sentences join two terms into one phrase, by written form: "X en Y" (a determiner
    before Y dropped: "de inning en de ouderbijdrage" → "inning en ouderbijdrage") or "X <preposition>
    [de/het/een] [adjectives] Y" ("inning van de ouderbijdrage", "fraude met het persoonsgebonden budget"),
    either term first. Counted once per sentence and form."""
    found: Counter[str] = Counter()
    for keys, (lemmas, words) in zip(terms.sentence_keys, terms.sentence_words, strict=True):
        if first not in keys or second not in keys:
            continue
        seen: set[str] = set()
        for one, other in ((first, second), (second, first)):
            for i in _find(lemmas, one):
                link = i + len(one)
                coordinated = link < len(lemmas) and lemmas[link] in {"en", ","}
                if link >= len(lemmas) or not (coordinated or lemmas[link] in _JOINING_PREPOSITIONS):
                    continue
                position = link + 1
                if position < len(lemmas) and lemmas[position] in _JOIN_DETERMINERS and lemmas[link] != ",":
                    position += 1
                determined = position
                while (position - determined < _JOIN_ADJECTIVES and position < len(words)
                       and lemmas[position:position + len(other)] != other and words[position].isalpha()
                       and _attributive(words[position])):
                    position += 1  # "met het persoonsgebonden budget"
                if lemmas[position:position + len(other)] != other:
                    continue
                if coordinated:  # "X en de Y", "X, Y en Z" → "X en Y"
                    phrase = [*words[i:link], "en", *words[determined:position + len(other)]]
                else:
                    phrase = list(words[i:position + len(other)])
                if phrase[0][:1].isupper() and phrase[0][1:].islower() and (i == 0 or not words[i - 1].isalpha()):
                    phrase[0] = phrase[0].lower()  # capitalised only because a sentence starts
                seen.add(" ".join(phrase))
        found.update(seen)
    return found


def _same_stem(first: Key, second: Key) -> bool:
    """Two terms whose words contain one another ("fraude" / "fraudeaanpak", "toezicht" / "toezichthouder")."""
    one, other = " ".join(first), " ".join(second)
    return one[:5] == other[:5] or one in other or other in one


_PHRASE_SCORE = 0.4
_PHRASE_REACH = 5


def _joined(terms: _ClassTerms, display: list[str], keys: list[Key], scores: list[float], eligible: list[int],
            head_index: int) -> list[str] | None:
    """A one-word head joined to another term the way the theme's sentences join them: "X van de Y" (at
    least ``_MIN_JOINS`` sentences, the other term scoring at least a quarter as well) or "X en Y" (written
    so in a sentence, at least ``_LOOSE_PAIR_SHARE`` of the sentences holding the rarer term name both, and
    the other term scores at least ``_PAIR_SCORE`` as well). None when no sentence joins them."""
    head = keys[head_index]
    for index in eligible[:6]:
        key, text = keys[index], display[index]
        if key == head or _overlaps(key, [head]) or not (text[:1].islower() or _is_acronym(text)):
            continue
        if _same_stem(head, key) or key[-1] in NOT_ALONE:
            continue  # "Fraude en fraudeaanpak" says one thing twice; "geschillen in verband" says nothing
        forms = [(count, form) for form, count in joins(terms, head, key).items()
                 if len(form.split()) <= _MAX_LABEL_WORDS]
        prepositional = [item for item in forms if " en " not in item[1] and item[0] >= _MIN_JOINS
                         and scores[index] >= 0.25 * scores[head_index]]
        paired = [item for item in forms if " en " in item[1] and scores[index] >= _PAIR_SCORE * scores[head_index]
                  and _together(terms, head, key) >= _LOOSE_PAIR_SHARE]
        if prepositional or paired:
            return max(prepositional or paired, key=lambda item: (item[0], item[1]))[1].split()
    return None


def _modified(terms: _ClassTerms, head: Key, score: float, ranked: Sequence[tuple[Key, float]],
              used_heads: set[Key]) -> Key | None:
    """A phrase of the theme that gives a bare head noun its modifier ("maatregel" → "financiële maatregel"):
    the head as its last word, in at least ``_MIN_MODIFIED`` passages, at least ``_MODIFIED_SCORE`` as well
    scored, lowercase, and no weak head itself (a vague modifier says nothing more than the noun)."""
    for key, other in ranked:
        if other < _MODIFIED_SCORE * score:
            break
        if (len(key) == 2 and key[-1] == head[-1] and key not in used_heads
                and terms.passage_df[key] >= _MIN_MODIFIED and _display(terms, key)[:1].islower()
                and weak_head(key, _display(terms, key)) is None):
            return key
    return None


_MIN_MODIFIED = 2
_MODIFIED_SCORE = 0.25


def _label(terms: _ClassTerms, display: list[str], keys: list[Key], scores: list[float],
           used_heads: set[Key], ranked: Sequence[tuple[Key, float]] = ()) -> tuple[str, Key | None]:
    """The label from the ranked terms.

    The head is the best unused term that is not a one-document proper name, or a multiword phrase
    among the next two when it scores at least half as well (an adviser writes "regionale
    samenwerking" rather than "samenwerking"); a capitalised single word (a place, an organisation) yields
    to a lowercase subject among the next three that scores at least 0.4 as well. A one-word head gets
    another term joined with "en" only when at least ``_LOOSE_PAIR_SHARE`` of the sentences holding the rarer
    term name both and the other term scores at least ``_PAIR_SCORE`` as well as the head.
    """
    if not keys:
        return "", None
    eligible = [i for i, key in enumerate(keys) if key not in used_heads and not _proper_name(terms, key, display[i])
                and weak_head(key, display[i]) is None]
    if not eligible:
        eligible = [i for i, key in enumerate(keys) if key not in used_heads and weak_head(key, display[i]) is None]
    if not eligible:
        eligible = [i for i, key in enumerate(keys) if key not in used_heads] or [0]
    head_index = eligible[0]
    for i in eligible[1:3]:
        promotable = len(keys[i]) > 1 and display[i][:1].islower()
        if promotable and scores[i] >= 0.5 * scores[head_index]:
            head_index = i
            break
    first = display[head_index]
    if len(first.split()) == 1 and first[:1].isupper() and not _is_acronym(first):
        for i in eligible[1:4]:  # a name ("Aalst", "Woonstede") yields to a subject when there is one
            if display[i][:1].islower() and scores[i] >= 0.4 * scores[head_index]:
                head_index = i
                break
    head = keys[head_index]
    words = display[head_index].split()
    if len(words) == 1:
        words = _joined(terms, display, keys, scores, eligible, head_index) or words
    if len(words) == 1:
        # a bare word: a phrase of the theme says more ("maximum" → "maximale huurprijs")
        ratio = 0.0 if head[-1] in NOT_ALONE else _PHRASE_SCORE
        reach = eligible if ratio == 0.0 else eligible[:_PHRASE_REACH]
        phrase = next((i for i in reach if i != head_index and len(keys[i]) > 1 and display[i][:1].islower()
                       and scores[i] >= ratio * scores[head_index]), None)
        if phrase is None and head[-1] in NOT_ALONE:
            phrase = next((i for i in eligible if i != head_index and keys[i][-1] not in NOT_ALONE
                           and display[i][:1].islower()), None)
        if phrase is not None:
            head_index, head = phrase, keys[phrase]
            words = display[phrase].split()
    if len(words) == 1 and ranked:
        modified = _modified(terms, head, scores[head_index], ranked, used_heads)
        if modified is not None:
            head, words = modified, _display(terms, modified).split()
    label = " ".join(words[:_MAX_LABEL_WORDS])
    return label[:1].upper() + label[1:], head


def select_keyphrases(terms: _ClassTerms, ranked: Sequence[tuple[Key, float]],
                      count: int) -> tuple[list[Key], list[float]]:
    """``count`` terms from the ranked ones, so that together they speak for all of the theme's passages.

    Greedy: the next term is the one with the best score × (1 − ``_COVERAGE`` + ``_COVERAGE`` × freshness),
    where freshness is how little the passages holding the term are covered by the terms chosen so far
    (the mean of 1 / (1 + times covered)). The first term is the best ranked one; a broad theme's
    keyphrases then name its several sub-topics instead of ten variations of the largest one. Terms that
    contain or are contained in a chosen one are skipped.
    """
    pool = [(rank, key, score) for rank, (key, score) in enumerate(ranked[:count * 4])]
    holders = {key: [i for i, keys in enumerate(terms.passage_keys) if key in keys] for _, key, _ in pool}
    covered: Counter[int] = Counter()
    chosen: list[Key] = []
    scores: list[float] = []

    def value(item: tuple[int, Key, float]) -> tuple[float, int]:
        _, key, score = item
        passages = holders[key]
        fresh = sum(1 / (1 + covered[p]) for p in passages) / len(passages) if passages else 1.0
        return score * (1 - _COVERAGE + _COVERAGE * fresh), -item[0]

    while pool and len(chosen) < count:
        best = max(pool, key=value)
        pool.remove(best)
        if _overlaps(best[1], chosen):
            continue
        chosen.append(best[1])
        scores.append(best[2])
        covered.update(holders[best[1]])
    return chosen, scores


_PART_SPLIT = re.compile(r"\s+(?:en|" + "|".join(sorted(_JOINING_PREPOSITIONS)) + r")(?:\s+(?:de|het|een))?\s+")


def _label_parts(label: str) -> set[str]:
    """A label and the terms it joins ("Inning van de ouderbijdrage": also "inning", "ouderbijdrage"),
    lowercase: what a theme named so takes from its sub-themes."""
    lowered = label.lower().strip()
    return {lowered, *(part for part in _PART_SPLIT.split(lowered) if part)}


def label_themes(
    nlp: DutchNLP,
    themes: Sequence[Sequence[ThemeText]],
    background: Sequence[ThemeText] = (),
    *,
    keyphrases: int = KEYPHRASES,
    speakers: Iterable[str] = (),
    taken: Sequence[Iterable[str]] = (),
    cache: LabelCache | None = None,
) -> list[ThemeLabel]:
    """A label (2–5 words) and ``keyphrases`` ranked phrases per theme, in the order given.

    Themes are labelled largest first so that, when two themes share their best phrase, the larger
    keeps it and the smaller one is named by its next phrase. ``taken`` (per theme, optional): labels
    that theme must not be named by (a sub-theme is not named like its parent); compared in lower case.
    ``cache``: a dict kept across calls so a text is analysed once (the sub-themes' passages are the themes').
    """
    all_texts = [item for texts in (*themes, background) for item in texts]
    names = person_names((item.text for item in all_texts),
                         {*speakers, *(item.speaker for item in all_texts if item.speaker)})
    classes = [_class_terms(nlp, texts, names, cache) for texts in themes]
    if background:
        classes.append(_class_terms(nlp, background, names, cache))
    order = sorted(range(len(themes)), key=lambda i: (-len(themes[i]), i))
    used_heads: set[Key] = set()
    labels: dict[int, ThemeLabel] = {}
    for index in order:
        ranked = ranked_terms(classes, index)
        chosen, scores = select_keyphrases(classes[index], ranked, max(keyphrases, 3))
        display = [_display(classes[index], key) for key in chosen]
        avoid = {part for text in (taken[index] if index < len(taken) else ()) for part in _label_parts(text)}
        unusable = used_heads | {key for key, text in zip(chosen, display, strict=True) if text.lower() in avoid}
        label, head = _label(classes[index], display, chosen, scores, unusable, ranked)
        if head is not None:
            used_heads.add(head)
        labels[index] = ThemeLabel(label=label or "Overig", keyphrases=tuple(display[:keyphrases]))
    return [labels[i] for i in range(len(themes))]
