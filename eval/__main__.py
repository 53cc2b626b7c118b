"""`make eval`: every evaluation set, one report. Sections whose inputs are absent say so and go on."""

from __future__ import annotations

import runpy
import sys

SECTIONS = [
    ("Reading the real documents of ../shared/corpus (gold evidence intact)", "eval.eval_reading"),
    ("Speakers in debates (Handelingen XML turns, gold debates)", "eval.eval_debates"),
    ("Dutch NLP (sentences, lemmas, organisations)", "eval.eval_nlp"),
    ("Article splitting and boilerplate on the seeds", "eval.eval_articles"),
    ("Web boilerplate by form: bios, calls to action, contact, images, taglines", "eval.eval_boilerplate"),
    ("Retrieval", "eval.retrieval"),
    ("Themes (demo corpus annotations, seeds)", "eval.eval_themes"),
    ("Themes and search on the annotated real documents (../shared/gold)", "eval.eval_gold_themes_search"),
    ("Commitments and tensions (demo corpus, seeds, shared sample)", "eval.eval_commitments"),
    ("Team annotations (training data) against the hand gold, blind check", "eval.eval_silver_agreement"),
    ("Commitments and tensions on the annotated real documents, leave one out", "eval.eval_gold_analyses"),
    ("Who a commitment binds, on corpus documents the gold leaves out (hand judgments)", "eval.eval_actors"),
    ("Common threads of draft propositions (eval/threads)", "eval.eval_threads"),
    ("PDF reading against pdftotext and the gold evidence", "eval.eval_pdf"),
]


def main() -> None:
    failed = []
    for title, module in SECTIONS:
        print(f"\n=== {title} ({module}) ===", flush=True)
        try:
            runpy.run_module(module, run_name="__main__")
        except FileNotFoundError as exc:
            print(f"skipped: {exc}")
        except Exception as exc:  # one broken section should not hide the others' numbers
            print(f"FAILED: {type(exc).__name__}: {exc}")
            failed.append(module)
        sys.stdout.flush()
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
