//! The `dragoman` command line: parses arguments, calls the library, maps outcomes to exit
//! codes. Exit codes: 0 every pair done; 1 some pairs failed and others were written; 2 nothing
//! could be done (bad arguments, missing input, unreadable file). Warnings go to stderr and never
//! change the exit code. A closed stdout (`dragoman align ... | head`) counts as success.

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
    let cli = Cli::parse();
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
        Err(e) => {
            if let dragoman::ErrorKind::Io(io) = e.kind() {
                if io.kind() == std::io::ErrorKind::BrokenPipe {
                    return ExitCode::SUCCESS;
                }
            }
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
