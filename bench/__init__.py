"""`make bench`: speed and memory measurements, written to docs/BENCHMARKS.md."""
