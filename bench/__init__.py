"""Benchmarks of the portal, run by `make bench`: see bench/run.py and README.md."""
