"""Benchmarks of tilsyn against baselines measured in the same run: `python -m benchmarks`."""
