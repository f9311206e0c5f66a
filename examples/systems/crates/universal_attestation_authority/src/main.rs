//! `attestation-cli`: the command-line interface of the `universal_attestation_authority` library.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use universal_attestation_authority::{Config, Engine, Item, Result};

#[derive(Debug, Parser)]
#[command(name = "attestation-cli")]
#[command(version, about)]
struct Cli {
    /// Largest number of items one batch may hold.
    #[arg(long, global = true, default_value_t = Config::default().max_batch_size)]
    max_batch_size: usize,

    /// Outputs are cut to at most this many characters.
    #[arg(long, global = true, default_value_t = Config::default().max_output_len)]
    max_output_len: usize,

    /// Refuse items with a blank payload instead of skipping them.
    #[arg(long, global = true)]
    strict: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Process each payload as one item and print the outcomes.
    Process {
        /// The payloads, one item each.
        #[arg(required = true)]
        payloads: Vec<String>,
    },
    /// Print the configuration the options make.
    Config,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let config = Config::default()
        .with_max_batch_size(cli.max_batch_size)
        .with_max_output_len(cli.max_output_len)
        .with_skip_empty(!cli.strict);
    let engine = Engine::new(config)?;
    match cli.command {
        Command::Process { payloads } => {
            let items: Vec<Item> = payloads
                .into_iter()
                .zip(1..)
                .map(|(payload, id)| Item::new(id, payload))
                .collect();
            let batch = engine.process_batch(&items)?;
            for outcome in &batch.outcomes {
                println!("{}\t{}\t{}", outcome.id, outcome.score, outcome.output);
            }
            let report = batch.report;
            println!(
                "processed {}, skipped {}, total score {}",
                report.processed, report.skipped, report.total_score
            );
        }
        Command::Config => println!("{:#?}", engine.config()),
    }
    Ok(())
}
