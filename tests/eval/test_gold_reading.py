"""Every gold evidence string of ../shared/gold comes out of the real readers inside one passage.

A commitment, tension or answer that the reader cuts in two cannot be found whole again, so this guards
every reader (PDF columns, debate speaker turns, web boilerplate) against regressions on real files.
"""

from __future__ import annotations

import pytest

from eval.eval_reading import evidence_report
from eval.gold import gold_dir, load_gold
from ingest.pipeline import parse_file

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def gold():
    if gold_dir() is None:
        pytest.skip("../shared/gold is not there")
    return load_gold()


def test_gold_evidence_is_intact_in_one_passage(gold) -> None:
    problems = []
    for document in gold.documents:
        _, parsed = parse_file(document.path)
        report = evidence_report(document.name, parsed, [item.evidence for item in document.items(negatives=False)])
        assert report.total > 0
        problems += [f"{document.name}: split: {item}" for item in report.split]
        problems += [f"{document.name}: lost: {item}" for item in report.lost]
    assert not problems, "\n".join(problems)
