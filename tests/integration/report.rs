//! HTML report tests.
