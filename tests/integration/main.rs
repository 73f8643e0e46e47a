//! The one integration test binary.

mod diff_gold;
mod report;
mod util;
