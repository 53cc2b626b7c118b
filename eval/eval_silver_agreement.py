"""How far the team's annotations (``eval/silver``, training data) agree with the hand gold: three gold
documents annotated blind by the same method (``eval/silver_check``), compared sentence by sentence."""

from __future__ import annotations

from eval.silver import main

if __name__ == "__main__":
    main(["agreement"])
