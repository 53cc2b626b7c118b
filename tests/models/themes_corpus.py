"""A small synthetic Dutch corpus on three subjects, written for the theme tests (no shared text)."""

from __future__ import annotations

from pathlib import Path

TOPICS = {
    "schulden": [
        "De kredietbank neemt binnen vijf werkdagen contact op met huurders die een betalingsachterstand hebben.",
        "Vroegsignalering van schulden voorkomt dat een huurachterstand uitgroeit tot een ontruiming.",
        "De budgetcoach helpt inwoners met geldzorgen hun schulden en betalingsachterstanden op te lossen.",
        "Woningcorporaties en het waterbedrijf melden een betalingsachterstand bij de schuldhulpverlening.",
        "Inwoners met schulden krijgen sneller schuldhulp wanneer de kredietbank vroeg een signaal ontvangt.",
    ],
    "jeugdhulp": [
        "De wachttijd voor specialistische jeugdhulp is opgelopen tot zestien weken voor gezinnen met kinderen.",
        "Het wijkteam belt ouders van kinderen op de wachtlijst voor jeugdhulp elke maand op.",
        "Jeugdhulpaanbieders en de jeugdarts overleggen over kinderen die lang op jeugdhulp wachten.",
        "Gedragswetenschappers van het wijkteam ondersteunen gezinnen zolang de jeugdhulp nog niet begint.",
        "De gemeente wil de wachtlijsten in de jeugdhulp verkorten met extra jeugdconsulenten in de wijk.",
    ],
    "wonen": [
        "De woningcorporatie bouwt geclusterde woonvormen voor ouderen die langer thuis willen wonen.",
        "Ouderen krijgen voorrang op seniorenwoningen met een gemeenschappelijke ruimte in de buurt.",
        "De woonzorgvisie beschrijft hoeveel zorggeschikte woningen voor ouderen nodig zijn tot 2030.",
        "Langer thuis wonen vraagt om aangepaste woningen en ouderenadviseurs dichtbij huis.",
        "Seniorenwoningen en geclusterde woonvormen voor ouderen staan centraal in de woonzorgvisie.",
    ],
}


def passage_text(topic: str, variant: int) -> str:
    sentences = TOPICS[topic]
    return " ".join(sentences[(variant + i) % len(sentences)] for i in range(3))


def write_corpus(root: Path, documents_per_topic: int = 2, passages: int = 4, extra: str = "") -> Path:
    """Files ``<topic>-<n>.md`` with ``passages`` paragraphs each; ``extra`` names an added document."""
    root.mkdir(parents=True, exist_ok=True)
    for topic in TOPICS:
        for number in range(documents_per_topic):
            paragraphs = [passage_text(topic, number * passages + p) for p in range(passages)]
            title = f"# Notitie {topic} {number + 1}{extra}\n\n"
            (root / f"{topic}-{number + 1}{extra}.md").write_text(title + "\n\n".join(paragraphs) + "\n",
                                                                encoding="utf-8")
    return root
