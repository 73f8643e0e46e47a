//! The one integration test binary: it runs the built `dragoman` and reads what it writes.

mod diff_gold;
mod diff_score;
mod export;
mod report;
mod util;
