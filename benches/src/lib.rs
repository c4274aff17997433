//! Benchmarks of cchc live in this package's `benches/` targets (added with the scoring engine).
