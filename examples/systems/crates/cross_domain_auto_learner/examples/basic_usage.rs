//! Basic usage: process a few items with the default configuration.
//!
//! Run with `cargo run --example cross_domain_auto_learner_basic_usage`.

use cross_domain_auto_learner::{Config, Engine, Item, Result};

fn main() -> Result<()> {
    let engine = Engine::new(Config::default())?;
    let items = [
        Item::new(1, "Hello, World"),
        Item::new(2, "   spaced    OUT   text  "),
        Item::new(3, "   "),
    ];
    let batch = engine.process_batch(&items)?;
    for outcome in &batch.outcomes {
        println!(
            "item {}: {:?} (score {})",
            outcome.id, outcome.output, outcome.score
        );
    }
    println!(
        "processed {}, skipped {}",
        batch.report.processed, batch.report.skipped
    );
    Ok(())
}
