//! The `dragoman` command line: parses arguments, calls the library, maps outcomes to exit
//! codes. Exit codes: 0 every pair done; 1 some pairs (or files) failed and others were written;
//! 2 nothing could be done (bad arguments, missing input, unreadable file, no pair written).
//! Warnings go to stderr and never change the exit code. A closed stdout (`dragoman align ... |
//! head`) is not an error: it ends the output, and the exit code says what failed before.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unimplemented,
        clippy::todo
    )
)]
// stdout and stderr are written with `writeln!` (stdout: `cmd::Summary` or a `?`), never with
// `println!`/`eprintln!` from std, which panic when the stream is closed or full.
#![deny(clippy::print_stdout, clippy::print_stderr)]

/// The allocator: mimalloc (Leijen, Zorn & de Moura 2019) in place of the system's. The aligner
/// allocates many small vectors per sentence and pass; on issue 4's one-thread speed bench
/// (`examples/align_speed.rs`, which uses it too) it cut the align stage's CPU time by about
/// 5% against glibc's malloc (`bench/speed.md`, session 8).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `eprintln!` that never panics: a message that cannot be written to stderr (closed, as in
/// `dragoman run 2>&1 | head`) is dropped, as there is nowhere else to report it. It shadows
/// std's macro in this crate (every module below is declared after it).
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Sentence alignment and edition audit for English-Persian and English-Arabic news bitexts.
///
/// The main job: `dragoman run corpora` reads every `<slug>.<lang>.txt` (or `.sent`) edition
/// in `corpora/`, pairs English with Persian and Arabic editions by slug, aligns them sentence by
/// sentence and writes alignments, bitexts, differences and TMX into `alignments/`.
#[derive(Parser)]
#[command(name = "dragoman", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Run(cmd::run::Args),
    Align(cmd::align::Args),
    Segment(cmd::segment::Args),
    Eval(cmd::eval::Args),
    Detect(cmd::detect::Args),
    Diff(cmd::diff::Args),
    Export(cmd::export::Args),
    Import(cmd::import::Args),
    Stream(cmd::stream::Args),
    Lexicon(cmd::lexicon::Args),
    Pair(cmd::pair::Args),
    Embed(cmd::embed::Args),
}

/// How a command ended.
pub enum Outcome {
    /// Everything done.
    Done,
    /// Some pairs failed, others were written.
    Partial,
}

fn main() -> ExitCode {
    use clap::Parser as _;
    // `Cli::parse` would exit by itself, 0 after `--help` even when the help could not be
    // written (`dragoman --help > /dev/full`); a closed stdout (`| head`) is still a success
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            return match e.print() {
                Ok(()) => ExitCode::from(code),
                Err(w) if w.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(code),
                Err(w) => {
                    eprintln!("error: <stdout>: {w}");
                    ExitCode::from(2)
                }
            };
        }
    };
    let r = match &cli.command {
        Command::Run(a) => cmd::run::run(a),
        Command::Align(a) => cmd::align::run(a),
        Command::Segment(a) => cmd::segment::run(a),
        Command::Eval(a) => cmd::eval::run(a),
        Command::Detect(a) => cmd::detect::run(a),
        Command::Diff(a) => cmd::diff::run(a),
        Command::Export(a) => cmd::export::run(a),
        Command::Import(a) => cmd::import::run(a),
        Command::Stream(a) => cmd::stream::run(a),
        Command::Lexicon(a) => cmd::lexicon::run(a),
        Command::Pair(a) => cmd::pair::run(a),
        Command::Embed(a) => cmd::embed::run(a),
    };
    match r {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Partial) => ExitCode::from(1),
        // a command returns an error only when it did nothing (no pair written); a closed
        // stdout before anything failed is a success
        Err(e) if cmd::is_closed_stdout(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
