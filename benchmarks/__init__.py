"""Benchmark support: a synthetic release-sized corpus built from real cables."""
