//! Regressions: inputs that once crashed or misbehaved, named `r<issue>_<what>`. Issue 10
//! (robustness): inputs found by fuzzing (`fuzz/`, cargo-fuzz), kept here as they were found.


