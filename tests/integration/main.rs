//! The one integration test binary: it runs the built `dragoman` and reads what it writes.

mod embed;
mod export;
mod util;
