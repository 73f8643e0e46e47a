//! The one integration test binary: it runs the built `dragoman` and reads what it writes.

mod export;
mod stream;
mod util;
