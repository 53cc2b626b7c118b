"""Cue features of stated tensions for the sentence layer, read by the form of Dutch policy language.

ANNOTATION.md counts as a tension far more than the explicit conflict words: a party's worry, reluctance or
grievance, a friction or dilemma, a clause shifting money or say between the parties of an agreement, a
role set against another role, and in a debate a speaker rejecting, doubting or contradicting another.
Each group below is one feature (``t_…``), so that a phrasing the training documents never used still counts
through its group; a few counter-forms ("geen enkel probleem", a motion left to the Chamber's judgement)
mark the same words used without any conflict. Two parties named in one sentence are no feature by
themselves: only a role pair set against each other by a contrast or conflict word is.

The module holds the word lists of these groups (data, kept together here) and one entry function,
``tension_features``, called from models/analyses/features.py ``cue_features``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Each group: a regular expression over the lower-cased sentence with whitespace collapsed. Word starts
# (\b) and stems (\w*) keep inflections ("knelt", "knellen", "aarzelingen").
_W = r"(?:\s+\w+){0,3}?\s+"  # up to three words in between
_GROUPS: dict[str, str] = {
    # a party's worry or unrest ("zorgen over", "bezorgd", "onrust over", "onzekerheid bij")
    "worry": r"\bzorg(?:en)?\s+(?:over|om)\b|\bbezorgd|\bongerust|\bonrust\b|\bonzekerheid|\bvrees\b|\bvrezen\b"
             r"|\bbang\s+(?:dat|voor)\b|\bhuiverig|\bongemak\b",
    # reluctance and reserve ("wij zijn terughoudend", "ik aarzel", "met de nodige reserves", "reserves bij het
    # plan"; not a budget's "gedekt uit de reserve sociaal domein")
    "reluctance": r"\baarzel\w*|\bkritisch\b|\bterughoudend\w*|\bkanttekening\w*|\bsceptisch"
                  r"|\bmet\s+(?:\w+\s+){0,2}?reserves?\b|\breserves?\s+(?:bij|tegen|over|ten\s+aanzien)\b"
                  r"|\bniet\s+overtuigd"
                  r"|\bmoeite\s+met\b|\bniet\s+(?:zo\s+)?(?:in\s+)?geloo?f\w*|\bniet\s+(?:zo\s+)?voor\s+zijn\b"
                  r"|\bniet\s+zonder\s+meer\b|\bniet\s+(?:te\s+)?ondersteunen\b|\bniet\s+herken\w*"
                  r"|\bherken\w*\s+(?:\w+\s+){0,4}?niet\b"
                  r"|\b(?:vind|vinden|lijkt|lijken)\s+(?:\w+\s+){0,3}?(?:lastig|moeilijk|ingewikkeld|bezwaarlijk)\b"
                  # "Alle fracties hadden het moeilijk met …", "zich niet in de geschetste situatie te herkennen"
                  r"|\b(?:heb|hebt|heeft|hebben|had|hadden)\s+het\s+(?:\w+\s+){0,2}?(?:moeilijk|lastig|zwaar)\b"
                  r"|\bniet\s+(?:\w+\s+){1,8}?te\s+herkennen\b",
    # friction, collision, dilemma ("dat knelt", "het wringt", "ten koste van", "op gespannen voet")
    "friction": r"\bknel\w*|\bwring\w*|\bschur\w*|\bbots\w*|\bspanning\w*|\bten\s+koste\s+van\b"
                r"|\bgespannen\s+voet\b|\btegengesteld\w*|\bstrijdig\b|\bin\s+strijd\s+met\b|\bconflict\w*"
                r"|\bgeschil\b|\bgeschillen\b|\bhaaks\s+op\b|\bgaa?t\s+(?:\w+\s+)?in\s+tegen\b|\btegenstrijdig\w*"
                r"|\bruzie|\bonenigheid|\bdilemma|\bmuur\s+tussen\b|\bgeen\s+overeenstemming\b|\bwantrouw\w*"
                r"|\bde\s+dupe\b|\bbenadeeld|\bafwentel\w*|\bvan\s+mening\s+verschil\w*|\bverschil\w*\s+van\s+mening"
                r"|\boneens\b|\bhet\s+(?:\w+\s+){0,2}?niet\s+eens\b|\bniet\s+met\s+(?:\w+\s+){1,3}?eens\b"
                r"|\baan\s+(?:de\s+)?(?:kant|zijde)\s+van\b|\b(?:aan\s+)?beide\s+kanten\b|\benerzijds\b"
                r"|\b(?:sta|staan|staat|stonden|stond|stellen|stelt|opstellen)\s+(?:\w+\s+){0,3}?tegenover\b"
                # camps set apart and trust lost ("de tegenstelling coalitie en oppositie", not "in tegenstelling
                # tot"; "vertrouwen dat allang verspeeld is", "geen vertrouwen in"); a discussion reported as what
                # happened ("Over … was veel discussie", "dat veel discussie opleverde"), not one held
                r"|\b(?<!in )tegenstelling\w*|\bvertrouwen\s+(?:\w+\s+){0,4}?(?:verspeeld|kwijt|geschaad|beschadigd)\b"
                r"|\bgeen\s+vertrouwen\b|\bniet\s+(?:meer\s+)?(?:kunnen\s+)?vertrouwen\s+op\b"
                r"|\b(?:was|waren|is|ontstond|ontstonden|leverde\w*|opleverde)\s+(?:\w+\s+){0,2}?(?:veel|flinke|felle|"
                r"stevige|pittige|verhitte|heftige)\s+discussie\w*"
                r"|\b(?:veel|flinke|felle|stevige|pittige|verhitte|heftige)\s+discussie\w*\s+(?:op)?(?:leverde|opgeleverd)\w*",
    # a problem or complaint named as such ("het probleem is", "veel kritiek op", "overlast")
    "problem": r"\bproblem\w*|\bprobleem\b|\bknelpunt\w*|\bnadel\w*|\bnadeel\b|\boverlast\b|\bklacht\w*"
               r"|\bkritiek\b|\bbezwa(?:ar|ren)\b|\b(?:het\s+)?punt\s+is\b|\bte\s+wensen\s+over\b|\bknelt\b",
    # grievance and feeling ("boos", "teleurgesteld", "helaas", "onterecht", "schamel")
    "grievance": r"\bboos\b|\bteleurgesteld|\bteleurstel\w*|\bbedroefd|\bfrustr\w*|\bonvrede|\bergernis|\bergeren"
                 r"|\bverontwaardig\w*|\bvervelend|\bjammer\b|\bhelaas\b|\bonterecht\w*|\boneerlijk\w*"
                 r"|\bonwenselijk\w*|\bschamel\w*|\bgetergd|\bboosheid|\bontevreden|\bongenoegen|\bonbehag\w*|\bpuinhoop"
                 r"|\bellende\b|\bchaos\b|\bmisstand\w*|\bschandal\w*|\bschande\b|\bonacceptabel|\bonaanvaardba\w*"
                 r"|\bonvoorstelba\w*|\bonbegrijpelijk|\babsurd|\bkwalijk|\bzorgelijk|\bverontrust\w*"
                 r"|\bslecht\s+bezig\b|\bbedrogen\b|\bverziek\w*|\bverpest\w*|\bgraai\w*|\bpijn\s+(?:doet|doen)\b"
                 r"|\bdan\s+(?:gehoopt|verwacht|beloofd)\b|\bniet\s+(?:zo\s+|erg\s+|echt\s+|heel\s+)?(?:blij|tevreden)\b"
                 # feeling slighted, overrun or cornered, and blame ("reageerden gepikeerd", "voelen zich
                 # geschoffeerd", "balen ervan", "overviel gemeenten", "met de rug tegen de muur", "een vinger
                 # wijzen"): the words of news and council reports, which no training document uses
                 r"|\bgepikeerd|\bgeschoffeerd|\bgeschrokken\b|\bbalen\b|\bbaalt\b|\bbaalden?\b|\boverval(?:len|t)\b"
                 r"|\boverviel\w*|\boverrompel\w*|\bverbolgen|\bwoedend|\bgeïrriteerd|\birritatie\w*|\btegenzin\b"
                 r"|\bgemor\b|\bmorren\b|\bgeen\s+recht\s+aan\b|\bvinger\s+(?:te\s+)?wijzen|\bover\s+(?:één|een)\s+kam\b"
                 r"|\bzwartepiet\w*|\bverkeerde\s+keelgat\b|\brug\s+tegen\s+de\s+muur\b|\bvoor\s+het\s+blok\b"
                 r"|\bvoldongen\s+feit\w*|\bmes\s+op\s+de\s+keel\b",
    # doubt put to another's position ("de vraag is of", "het is zeer de vraag", "ik vraag me af")
    "doubt": r"\b(?:de|het\s+is\s+(?:\w+\s+)?de)\s+vraag\s+(?:is\s+)?of\b|\bzeer\s+de\s+vraag\b"
             r"|\bvraag\s+(?:me|mij|ik\s+me)\s+af\b|\btwijfel\w*|\bbetwijfel\w*"
             r"|\b(?:begrijp|snap|zie)\s+(?:\w+\s+){0,3}?niet\b(?!\s+(?:alleen|zomaar))|\bniet\s+(?:goed\s+)?(?:begrijp|snap)\w*"
             r"|\bwil\s+er\s+(?:bij\s+mij\s+)?niet\s+in\b|\bweet\s+(?:ik\s+)?niet\s+of\b"
             # "De bezuiniging roept vragen op", "kan er geen chocola van maken"
             r"|\b(?:roep\w*|riep\w*)\s+(?:\w+\s+){0,3}?vragen\s+op\b|\bgeen\s+chocola\b",
    # a speaker dismissing a proposal or claim ("voegt niets toe", "niet nodig", "klopt niet", "ontraad")
    "dismissal": r"\bvoeg\w*\s+(?:\w+\s+){0,3}?niets?\s+(?:aan\s+)?toe\b|\bniets?\s+aan\s+toe\b"
                 r"|\bniet\s+(?:zo\s+|echt\s+|meer\s+zo\s+)?(?:nodig|wenselijk|doenlijk|verstandig|terecht|juist)\b"
                 r"|\bklopt\s+(?:\w+\s+){0,2}?niet\b|\bontra(?:ad|den)\w*|\bniet\s+mee\s+(?:kan\s+|kunnen\s+)?gaan\b"
                 r"|\bniet\s+(?:\w+\s+)?(?:adequaat|passend|zinvol|relevant)\b|\bdurf\s+ik\s+niet\b"
                 r"|\bniet\s+mee\s+in\b|\bga\s+(?:\w+\s+)?niet\s+mee\b|\bgeen\s+grond\b|\bniet\s+(?:\w+\s+)?overtuigend\b"
                 r"|\bgrote\s+woorden\b|\bniet\s+denkbaar\b"
                 r"|\b(?:onderschrijf|deel|steun|volg)\s+(?:ik|wij|we)\s+(?:\w+\s+)?niet\b"
                 r"|\bniet\s+(?:\w+\s+)?(?:onderschrijven|delen|steunen|volgen)\b|\baf\s+te\s+wijzen\b|\bongegrond\w*",
    # a contradiction of what another said ("wel degelijk", "nou juist", "eerder andersom", "integendeel")
    "contradiction": r"\bwel\s+degelijk\b|\bnou\s+juist\b|\bjuist\s+niet\b|\beerder\s+andersom\b|\bintegendeel\b"
                     r"|\bniet\s+zozeer\b|\bgeen\s+sprake\s+van\b|\bdat\s+is\s+(?:\w+\s+){0,2}?niet\s+(?:zo|waar)\b"
                     r"|\b(?:doen|doet|deed|deden)\s+(?:\w+\s+){0,5}?alsof\b|\bvoorkomen\s+alsof\b"
                     r"|\bzeg\s+ik\s+(?:helemaal|zeker)\s+niet\b|\bontkennend\b|\bniet\s+het\s+geval\b",
    # a deficit of what a party does or gets ("onvoldoende", "te weinig", "nog steeds", "weinig zichtbaar")
    "deficit": r"\bonvoldoende\b|\bte\s+weinig\b|\bte\s+veel\b|\btekort(?!\s*(?:schiet|koming|geschoten))\w*"
               r"|\bgebrek\s+aan\b|\bnog\s+steeds\b"
               r"|\bnog\s+niet\s+(?:goed|op\s+orde)\b|\bweinig\s+(?:zichtbaar|aandacht|ruimte)\b"
               r"|\bniet\s+(?:rond|uit)\s+(?:\w+\s+)?(?:krijgen|kunnen)\b|\bontoereikend\w*",
    # a consequence that lands on a party ("gevolgen hebben voor", "leidt tot", "bedreiging voor")
    "consequence": r"\bgevolgen\s+(?:\w+\s+){0,2}?voor\b|\bleidt\s+(?:\w+\s+){0,3}?tot\b|\bbedreig\w*"
                   r"|\bimpact\s+op\b|\bdreig\w*|\bverdwal\w*|\brisico\w*\s+(?:voor|op|bij)\b",
    # money, risk or say moved from one party to another ("verhalen op", "geen recht op schadevergoeding")
    "shift": r"\bverhal\w*\s+op\b|\bvoor\s+rekening\s+van\b|\bten\s+laste\s+van\b|\bde\s+rekening\b"
             r"|\bgeen\s+recht\s+op\b|\bschadevergoeding\w*|\bkorting\b|\bterugvorder\w*|\bverreken\w*"
             r"|\bongeldig\b|\bontbind\w*|\bopzeg\w*|\bopschort\w*"
             r"|\bnooit\s+meer\s+dan\b|\bsanctie\w*|\bboete\w*",
    # liability named ("is aansprakelijk voor", "geen toerekenbare fout", "vrijwaart"): its own group, apart from
    # the shifts, because the annotators mark a liability clause only now and then (gold + silver: 5 of 37
    # labelled sentences naming liability or a default are tensions, against 9 of 11 "verhalen op" / "hoeft
    # geen schadevergoeding" clauses)
    "liability": r"\baansprakelijk\w*|\btoerekenba\w*|\bvrijwa\w*|\bgevolgschade\b",
    # a party's own default as the condition of a remedy ("Als X tekortschiet, moet hij …", "niet nakomt",
    # "te wijten aan"): the contract's ordinary remedy, mostly no tension by itself
    "default": r"\btekort\s*(?:schiet|schieten|geschoten)\b|\btekortkoming\w*|\bniet\s+(?:\w+\s+)?nakom\w*"
               r"|\bkom\w*\s+(?:\w+\s+){0,4}?niet\s+na\b|\bte\s+wijten\b|\bwanprestatie\b|\bcontractbreuk\b",
    # the route a dispute takes ("legt het conflict voor aan de Geschillencommissie", "bevoegde rechter",
    # "arbitrage", "bindend advies"): a neutral procedure of the agreement (gold + silver: 1 of 18 labelled
    # sentences naming it, seven documents, is a tension, 8 more borderline; see dispute_route below)
    "dispute_route": r"\bgeschillencommissie\w*|\bvoor\s*(?:te\s+)?leggen\b|\bleg\w*\s+(?:\w+\s+){0,4}?voor\s+aan\b"
                     r"|\bbevoegde\s+rechter\b|\barbitrage\w*|\bbindend\w*\s+advie\w*|\bmediation\b|\bmediator\b"
                     r"|\bnaar\s+de\s+rechter\b",
    # thanks and appreciation ("Ik ben heel blij dat …", "dank voor", "complimenten"): agreement voiced, not a
    # collision (gold + silver: 1 of 182 labelled sentences with these words is a tension)
    "appreciation": r"\bblij\b|\bdankbaar\w*|\bbedank\w*|\bdank\s+(?:u|je|jullie|voor|de|het)\b|\bwaardeer\w*"
                    r"|\bwaardering\b|\bcompliment\w*|\bfijn\b|\btevreden\b|\bverheugd\b",
    # a party's power over another: withdrawing, suspending, collecting, charging, approving beforehand, acting
    # one-sidedly ("kan de erkenning intrekken", "brengt de kosten in rekening bij", "zonder voorafgaande
    # goedkeuring", "voor eigen rekening en risico van"); separable verbs split by "te" ("op te zeggen")
    "power": r"\bintrek\w*|\bingetrokken\b|\bin\s+te\s+trekken\b|\bschors\w*|\bgeschorst\b|\binvorder\w*"
             r"|\bin\s+te\s+vorderen\b|\bterug\s+te\s+vorderen\b|\bin\s+rekening\b(?!\s+(?:te\s+)?houd)"
             r"|\beenzijdig\w*|\b(?:voorafgaande|zonder)\s+(?:\w+\s+)?(?:goedkeuring|toestemming|instemming)\b"
             r"|\bverscherpt\w*\s+toezicht\b|\bdwangsom\w*|\bonder\s+bewind\w*|\bverbied\w*|\bverboden\b"
             r"|\bop\s+te\s+zeggen\b|\bte\s+ontbinden\b|\beigen\s+rekening\b|\beigen\s+risico\b"
             r"|\balleen\s+(?:de\s+|het\s+)?\w+\s+(?:mag|mogen|kan|kunnen|beslist|bepaalt)\b",
    # a party opposing, refusing or blocking ("weigert", "niet akkoord", "weerstand", "accepteert … niet")
    "opposition": r"\bweiger\w*|\bgeweigerd\b|\bniet\s+akkoord\b|\bweerstand\b|\bverzet\w*|\btegenstand\b"
                  r"|\bafwijz\w*|\bafgewezen\b|\bblokk?eer\w*|\btegen\s*(?:te\s+)?houden\b|\btegengehouden\b"
                  r"|\btegenwerk\w*|\baccepte(?:ert|ren|er)\s+(?:\w+\s+){0,3}?niet\b|\bniet\s+(?:te\s+)?accepte\w*"
                  r"|\bniet\s+aanvaard\w*|\bgeen\s+(?:consensus|draagvlak|overeenstemming)\b|\bonder\s+(?:druk|vuur)\b"
                  r"|\bin\s+het\s+geding\b|\bworstel\w*|\bcynis\w*|\bniet\s+gehoord\b|\bniet\s+serieus\b"
                  r"|\bheroverweg\w*|\bonder\s+(?:de\s+)?(?:andere|ene)\b|\blijdt\s+onder\b"
                  r"|\b(?:ben|bent|zijn|is)\s+(?:\w+\s+){0,2}?tegen\s+(?:de|het|een|elke|dit|deze|die|dat|alle)\b"
                  r"|\btegen(?:hang|stribbel|sprek|spreek|gesproken|werk|stem|gestemd)\w*|\bbezwaar\w+"
                  # passing another by ("gaat volledig voorbij aan de rol van de raad", "genegeerd", "buitenspel")
                  r"|\bnegeer\w*|\bgenegeerd\b|\bnegeren\b|\bvoorbij\s+(?:te\s+)?gaan\s+aan\b"
                  r"|\bgaa?t\s+(?:\w+\s+){0,3}?voorbij\s+aan\b|\bgepasseerd\b|\bbuitenspel\b"
                  # a council's censure and votes against ("motie van afkeuring", "het voorstel werd afgekeurd",
                  # "geen steun aan", "in de aanval"); "een declaratie is afgekeurd" names no proposal
                  r"|\bmotie\s+van\s+(?:afkeuring|treurnis|wantrouwen)\b|\bgeen\s+(?:\w+\s+)?steun\b|\bin\s+de\s+aanval\b"
                  r"|\b(?:voorstel\w*|moties?|amendement\w*|plan|plannen)\b(?:\s+\S+){0,6}?\s+(?:afgekeurd|verworpen|"
                  r"weggestemd)\b|\b(?:stemde|stemden)\s+(?:\w+\s+){0,3}?tegen\b",
    # an excess judged ("veel te vrijblijvend", "te laat", "duurt te lang"): the speaker's verdict on another
    "excess": r"\b(?:veel|veels|echt|wel\s+erg|heel\s+erg|nog\s+steeds)\s+te\s+\w+|\bte\s+(?:groot|klein|laat|lang|"
              r"duur|hoog|laag|traag|vrijblijvend|zwaar|ver|eenzijdig|smal|krap|star|rigide|complex|ingewikkeld)\b",
    # reluctance or a hedge in an answer: not now, only later, not in favour ("niet nu", "vanaf een bepaald
    # moment", "ik ben daar geen voorstander van", "met slagen om de arm", "liever niet")
    "hedge_answer": r"\bniet\s+nu\b|\bnu\s+(?:nog\s+)?niet\b|\bvoorlopig\s+niet\b|\bvanaf\s+een\s+bepaald\s+moment\b"
                    r"|\bgeen\s+(?:\w+\s+)?(?:voorstander|voorstanders|fan|liefhebber)\b|\bslagen\s+om\s+de\s+arm\b"
                    r"|\bliever\s+niet\b|\bniet\s+(?:direct|meteen|zomaar|per\s+se)\b|\bniet\s+aan\s+(?:beginnen|begin)\b"
                    r"|\bniet\s+(?:\w+\s+)?durven\b|\bpas\s+(?:per|na|in|op|als|wanneer|vanaf)\b|\bgaat\s+mij\s+te\s+ver\b",
    # own organisation or interest against the collective or the residents' world ("de eigen gemeente",
    # "eigen belang", "autonomie", "systeemwereld"), say moved between parties ("zeggenschap", "bezuiniging")
    "own_vs_collective": r"\beigen\s+(?:\w+\s+)?(?:belang\w*|gemeente|organisatie|autonomie|koers|achterban|instelling|"
                         r"prioriteit\w*|regie|positie|toko|parochie|winkel)\b|\bautonomie\b|\bzeggenschap\b"
                         r"|\bbeleidsvrijheid\b|\bsysteemwereld\b|\bleefwereld\b|\bin\s+plaats\s+van\b",
    "money_moved": r"\bbezuinig\w*|\bgekort\b|\bkorten\b|\bkortingen\b|\bover(?:ge)?hevel\w*|\bverschuiv\w*"
                   r"|\bverschoven\b"
                   r"|\bverantwoordelijkheid\w*\s+(?:\w+\s+){0,2}?(?:bij|naar)\b|\bovergedragen\b|\bover\s+te\s+dragen\b"
                   r"|\bafgewenteld\b|\bopdraaien\s+voor\b|\bbetalen\s+de\s+prijs\b|\bminder\s+geld\b",
}
_COMPILED = {name: re.compile(pattern) for name, pattern in _GROUPS.items()}
# all groups in one pattern: most sentences hold none (84 % of the training sentences), and one search over the
# alternation costs less than the 21 searches it spares
_ANY_GROUP = re.compile("|".join(f"(?:{pattern})" for pattern in _GROUPS.values()))
# groups that name no conflict of their own (a remedy's condition, a dispute's route, thanks): features, but
# no part of "t_any" / "t_two" / the recital crossings, so that they can pull a sentence down
_NEUTRAL = frozenset({"default", "dispute_route", "appreciation"})
# The same words used without a conflict: "geen (enkel) probleem", "geen twijfel", "geen bezwaar", agreement
# ("we zijn het eens", "ik deel"), or a motion left to the Chamber's judgement (no rejection).
_NO_CONFLICT = re.compile(
    r"\bgeen\s+(?:enkel\w*\s+)?(?:probleem|problemen|twijfel|bezwaar|bezwaren|kritiek|spanning|conflict)\b"
    r"|\b(?:het|we|wij|ik)\s+(?:\w+\s+){0,3}?(?:helemaal\s+|zeer\s+)?eens\b(?<!niet eens)"
    r"|\boordeel\s+(?:aan\s+)?(?:van\s+)?de\s+kamer\b|\bondersteun\w*\s+(?:ik|wij|we)\b|\bdeel\s+(?:ik|wij|we)\b")
_NEGATED_EENS = re.compile(r"\bniet\s+(?:\w+\s+){0,4}?eens\b|\boneens\b")
# Conditional clause of an agreement ("Als …, dan mag …", "Indien …"): with a shift, a right over the other.
_CONDITION = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:als|indien|wanneer|zodra|mocht|bij)\b")
_THEN_PERMISSION = re.compile(r"\b(?:dan|mag|mogen|hoeft|hoeven|kan)\b")
# Roles that stand against each other by their function (financier/provider, local/regional, own
# organisation/collective, the system world against residents).
_ROLE_SIDES: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset({"financier", "financiers", "opdrachtgever", "opdrachtgevers", "gemeente", "gemeenten",
                "zorgkantoor", "zorgkantoren", "verzekeraar", "verzekeraars", "inkoper", "inkopers"}),
     frozenset({"aanbieder", "aanbieders", "zorgaanbieder", "zorgaanbieders", "opdrachtnemer", "opdrachtnemers",
                "uitvoerder", "uitvoerders", "leverancier", "leveranciers", "instelling", "instellingen"})),
    (frozenset({"lokaal", "lokale", "gemeente", "gemeenten", "gemeentelijke", "wijk"}),
     frozenset({"regionaal", "regionale", "regio", "regio's", "provincie", "landelijk", "landelijke", "rijk",
                "kabinet", "minister"})),
    (frozenset({"eigen"}), frozenset({"collectief", "collectieve", "gezamenlijk", "gezamenlijke", "samen"})),
    # the council that sets the frame against the executive that carries it out
    (frozenset({"raad", "gemeenteraad", "raadsleden", "fractie", "fracties", "oppositie"}),
     frozenset({"college", "wethouder", "wethouders", "burgemeester"})),
    (frozenset({"bewoners", "inwoners", "burgers", "burger", "cliënten", "cliënt", "mensen", "leden"}),
     frozenset({"gemeente", "gemeenten", "overheid", "instanties", "organisaties", "systeem", "bureaucratie",
                "ambtenaren", "wethouder", "college"})),
)
_PEOPLE = frozenset({"bewoners", "inwoners", "burgers", "ouders", "leden", "cliënten", "ondernemers", "boeren",
                     "partners", "gemeenten", "gemeente", "aanbieders", "wij", "we", "zij", "ze", "men"})
_CONTRAST = frozenset({"maar", "terwijl", "echter", "hoewel", "weliswaar", "toch", "ondanks", "tegenover",
                       "daarentegen", "desondanks", "niettemin", "anderzijds"})
_STANCE = re.compile(r"\b(?:ik|wij|we)\s+(?:\w+\s+)?(?:vind|vinden|denk|denken|wil|willen|pleit|pleiten|vraag)\b")
_MOTION_RECITAL = re.compile(r"^\W*(?:constaterende|overwegende|van\s+mening|gehoord)\b")
# a recital that only reports what another said or plans ("constaterende dat de minister stelt dat …",
# "overwegende dat het kabinet voornemens is …"): a premise, no conflict stated by the recital itself
_RECITAL_REPORT = re.compile(
    r"^\W*(?:constaterende|overwegende|gehoord)\s+(?:\w+\s+){0,2}?dat\s+(?:\S+\s+){1,6}?(?:stelt|stellen|aangeeft|"
    r"aangeven|zegt|zeggen|meldt|melden|schrijft|schrijven|concludeert|concluderen|verwacht|verwachten|heeft\s+"
    r"aangekondigd|hebben\s+aangekondigd|voornemens\s+is|voornemens\s+zijn|van\s+plan\s+is|heeft\s+besloten)\b"
    r"|^\W*(?:constaterende|overwegende)\b.*[\"“”]")
# a recital that cites its source, a document or a law ("constaterende dat uit onderzoek blijkt …", "… in het
# regeerakkoord is gereserveerd", "… wettelijk verankerd is"): the ground of the motion, taken from elsewhere
# (gold + silver: 1 of 20 such recitals, six documents, is a tension)
_RECITAL_SOURCE = re.compile(
    r"^\W*(?:constaterende|overwegende|van\s+mening)\b.*\b(?:stelt\s+dat|stellen\s+dat|voorgesteld|blijkt|advies|"
    r"rapport\w*|onderzoek\w*|regeerakkoord|coalitieakkoord|aangenomen|verankerd|opgenomen|opgesteld|verdrag|"
    r"wettelijk\w*)\b")
# a recital that values something ("van mening dat het budget een mooi instrument is", "… essentieel is",
# "… kansen biedt"): the view the motion builds on, no collision (gold + silver: 0 of 11, five documents)
_RECITAL_VALUE = re.compile(
    r"^\W*(?:constaterende|overwegende|van\s+mening)\b.*\b(?:mooi\w*|belangrijk\w*|essentieel|waardevol\w*|"
    r"van\s+belang|wenselijk|succesvol\w*|bijdrage|kansen|aantrekkelijk\w*|gelijkwaardig\w*)\b")
# a short reply that denies ("Dat klopt niet.", "Nee, dat is niet zo.", "Dat zie ik echt niet."): in a debate
# the answer to the sentence before it
_SHORT_DENIAL = re.compile(r"^\W*(?:nee\W+)?(?:dat|dit|daar|het|die|zo)\b[^.?!;:]*\b(?:niet|geen|nooit|niets)\b")
# a question that presses rather than asks ("Is dat nou wel verstandig?", "Dat kan toch niet?", "Waarom …?")
_PRESSING = re.compile(r"\b(?:toch|nou|werkelijk|waarom|hoe\s+kan|hoe\s+is\s+het\s+mogelijk|wel\s+verstandig)\b")
# another speaker or party addressed by name or office ("de heer …", "mevrouw …", "de collega van …")
_OTHER_SPEAKER = frozenset({"heer", "mevrouw", "collega", "collega's"})
# debate procedure ("Ik ga de moties langs", "de stemmingen", "spreektijd"): with no conflict group, a
# procedural line
_PROCEDURE = re.compile(r"\b(?:moties?|amendement\w*|stemming\w*|spreektijd|interrupti\w*|termijn|volgorde|agendapunt"
                        r"\w*|vergadering|schors\w*|heropen\w*|aanhouden|ingediend|indienen)\b")
_ITEM = re.compile(r"^\s*(?:[a-z]\s*[.)]|\d+(?:\.\d+)*[.)]?|[-•–*])\s*\w")
_RECITAL_GROUPS = frozenset({"problem", "consequence", "friction", "deficit", "worry", "excess", "opposition"})
_NEGATION_AFTER = re.compile(r"\b(?:maar|echter|terwijl|toch|hoewel)\b(?:\s+\S+){0,6}?\s+(?:niet|geen|nooit|niets)\b")


_BETWEEN = re.compile(r"\btussen\b")


def dispute_route(text: str) -> bool:
    """The route a dispute takes, with no sides named ("Als dat niet lukt, leggen zij het conflict voor aan de
    Geschillencommissie"): a procedure of the agreement, no tension by itself; "een arbitragezaak tussen X en
    Y" names the sides and is not one of them."""
    lowered = " ".join(text.lower().split())
    return _COMPILED["dispute_route"].search(lowered) is not None and _BETWEEN.search(lowered) is None


def tension_features(text: str, words: Sequence[str]) -> list[str]:
    """The tension cue features of one sentence (``text`` as written, ``words`` its lower-case tokens)."""
    lowered = " ".join(text.lower().split())
    features: list[str] = []
    groups = [name for name, pattern in _COMPILED.items() if pattern.search(lowered)] if _ANY_GROUP.search(
        lowered) else []
    no_conflict = _NO_CONFLICT.search(lowered) is not None and not _NEGATED_EENS.search(lowered)
    if no_conflict:
        features.append("t_no_conflict")
        # "geen enkel probleem met deze motie": the conflict word says there is none
        groups = [name for name in groups if name not in {"problem", "doubt", "friction"}]
    if "grievance" in groups:  # "niet blij met …": a grievance, no thanks
        groups = [name for name in groups if name != "appreciation"]
    features.extend(f"t_{name}" for name in groups)
    groups = [name for name in groups if name not in _NEUTRAL]
    if groups:
        features.append("t_any")
        if len(groups) >= 2:
            features.append("t_two")
        # a party's own worry, reluctance, grievance or friction ("De bewoners hebben zorgen over …"); no
        # feature for the speaker role: crossed with it, the groups learnt the debates' density of tensions
        # (approx. LOO: blogs and bulletins went unfound)
        if set(groups) & {"worry", "reluctance", "grievance", "friction"} and set(words) & _PEOPLE:
            features.append("t_party_feeling")
    present = set(words)
    contrast = bool(present & _CONTRAST)
    opposed = any((one := present & a) and (present & b) - one for a, b in _ROLE_SIDES)
    if opposed and (contrast or groups):
        features.append("t_roles_opposed")  # two roles set against each other, not merely named
    if contrast and _STANCE.search(lowered):
        features.append("t_stance_contrast")  # "…, maar wij vinden dat …"
    if "hoewel" in present or ("weliswaar" in present and ("maar" in present or "toch" in present)):
        features.append("t_concessive")
    if "shift" in groups and _CONDITION.search(lowered) and _THEN_PERMISSION.search(lowered):
        features.append("t_conditional_shift")  # "Als …, dan mag X de kosten verhalen op Y"
    if _MOTION_RECITAL.match(lowered):
        features.append("t_recital_marked" if groups else "t_recital_plain")
        if _RECITAL_REPORT.match(lowered):
            features.append("t_recital_report")  # "constaterende dat X stelt …": reports, states no conflict
        if _RECITAL_SOURCE.match(lowered):
            features.append("t_recital_source")
        if _RECITAL_VALUE.match(lowered):
            features.append("t_recital_value")
        features.extend(f"t_recital_{name}" for name in groups if name in _RECITAL_GROUPS)
    if contrast and _NEGATION_AFTER.search(lowered):
        features.append("t_contrast_negated")  # "…, maar dat lost het probleem niet op"
    if contrast and groups:
        features.append("t_contrast_marked")
    if not groups and _PROCEDURE.search(lowered):
        features.append("t_procedure_plain")  # "Ik ga de moties in volgorde van indienen langs."
    if not groups and _ITEM.match(lowered):
        features.append("t_item_plain")  # "c. de kosten van …;": a list item of a regulation, no conflict
    negated = bool(present & {"niet", "geen", "nooit", "niets", "niemand"})
    alpha = [word for word in words if word.isalpha()]
    if len(alpha) <= 9 and _SHORT_DENIAL.match(lowered):
        features.append("t_short_denial")
    if lowered.rstrip("”’\"') ").endswith("?") and _PRESSING.search(lowered):
        features.append("t_pressing_question")
    if present & _OTHER_SPEAKER and (groups or negated or contrast):
        features.append("t_other_speaker_marked")  # "De heer X doet alsof …", "Mevrouw Y zegt …, maar …"
    return features
