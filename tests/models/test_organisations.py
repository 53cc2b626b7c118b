"""models.organisations: rule-based Dutch organisation finder (precision over recall)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from models.organisations import find_organisations

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("RODEDRAAD_SHARED", ROOT / ".." / "shared"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("De VNG en Divosa schreven een brief.", ["VNG", "Divosa"]),
        ("Het overleg met de gemeente Amsterdam liep goed.", ["gemeente Amsterdam"]),
        (
            "Gemeente Alphen aan den Rijn en de provincie Zuid-Holland tekenden.",
            ["gemeente Alphen aan den Rijn", "provincie Zuid-Holland"],
        ),
        ("Het ministerie van Sociale Zaken en Werkgelegenheid betaalt.", ["ministerie van SZW"]),
        ("Het ministerie van VWS en OCW werken samen.", ["ministerie van VWS", "ministerie van OCW"]),
        ("De minister van VWS schreef de Tweede Kamer.", ["Tweede Kamer"]),
        ("De Raad van State adviseerde negatief.", ["Raad van State"]),
        (
            "Stichting Buurtkracht en Vereniging Dorpsbelang dienden een plan in.",
            ["Stichting Buurtkracht", "Vereniging Dorpsbelang"],
        ),
        ("Ook aannemer Klaassen Bouw B.V. begon.", ["Klaassen Bouw B.V."]),
        ("Woningcorporatie Woonzeker investeert.", ["Woonzeker"]),
        ("Vondel & Nassau adviseert het stadsdeel Noord.", ["Vondel & Nassau", "stadsdeel Noord"]),
        (
            "Het Kennisinstituut Lokaal Bestuur (KLB) publiceerde. Later reageerde het KLB.",
            ["Kennisinstituut Lokaal Bestuur"],
        ),
        ("Het Centraal Bureau voor de Statistiek meldt een daling.", ["CBS"]),
        ("GGD Gelderland-Zuid start een campagne.", ["GGD Gelderland-Zuid"]),
    ],
)
def test_finds_and_normalises_organisations(text: str, expected: list[str]) -> None:
    assert find_organisations(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "De Wmo, de AWBZ en de Jeugdwet regelen dit.",
        "De gemeente betaalt en de provincie kijkt mee.",
        "Wethouder Jansen en burgemeester De Boer waren er.",
        "Op Maandag 3 Maart stuurden we een PDF en een XML bestand.",
        "Het RES-bod van de regio wordt in Artikel 4 beschreven.",
        "Gemeenten, zorgaanbieders en woningcorporaties overleggen.",
        "",
    ],
)
def test_laws_roles_and_generic_bodies_are_not_organisations(text: str) -> None:
    assert find_organisations(text) == []


def test_each_organisation_is_listed_once_in_order_of_mention() -> None:
    text = "De VNG belde Divosa. Daarna belde de Vereniging van Nederlandse Gemeenten opnieuw met Divosa."
    assert find_organisations(text) == ["VNG", "Divosa"]


def test_gold_set_precision_and_recall() -> None:
    gold = json.loads((ROOT / "eval" / "nlp_gold.json").read_text(encoding="utf-8"))["organisations"]
    found = expected = correct = 0
    for case in gold:
        got, wanted = set(find_organisations(case["text"])), set(case["organisations"])
        found, expected, correct = found + len(got), expected + len(wanted), correct + len(got & wanted)
    assert correct / found >= 0.9
    assert correct / expected >= 0.8


def test_seed_pages_yield_plausible_organisations() -> None:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip("shared seeds not available")
    found = {name for path in seeds.glob("*.txt") for name in find_organisations(path.read_text("utf-8"))}
    assert {"VNG", "Divosa", "gemeente Amsterdam", "Vondel & Nassau", "stadsdeel Noord"} <= found
    assert not found & {"Wmo", "AWBZ", "Jeugdwet", "Participatiewet"}
