"""Borikan's benchmarks: `make bench` (or `python -m bench`) writes JSON to bench/results/."""
