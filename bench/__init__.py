"""Benchmarks of the public site: page render time and SQL queries against a bare view.

Not tests: `make bench` prints the figures and writes them to bench-results.json.
"""
