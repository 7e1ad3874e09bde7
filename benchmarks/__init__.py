"""Benchmarks (`make bench` runs `python -m benchmarks`). Each module
`benchmarks/<name>.py` has a `main(argv)` that prints its timings. They run
against their own database, never the development or test one; timings live
here, never in tests."""
