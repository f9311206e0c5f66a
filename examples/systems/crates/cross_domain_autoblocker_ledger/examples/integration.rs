//! Integration with other systems: records from an upstream system become items, go through
//! the engine in batches no larger than its limit, and each outcome is handed to a downstream
//! system.
//!
//! Run with `cargo run --example cross_domain_autoblocker_ledger_integration`.

use cross_domain_autoblocker_ledger::{Config, Engine, Item, Outcome, Report, Result};

/// Stands in for an upstream system: yields records one by one.
fn upstream() -> impl Iterator<Item = String> {
    ["alpha  ONE", "beta two", "", "Gamma   three", "delta FOUR"]
        .into_iter()
        .map(String::from)
}

/// Stands in for a downstream system: receives the outcomes.
#[derive(Default)]
struct Sink {
    received: Vec<Outcome>,
}

impl Sink {
    fn accept(&mut self, outcome: Outcome) {
        self.received.push(outcome);
    }
}

fn main() -> Result<()> {
    let engine = Engine::new(Config::default().with_max_batch_size(2))?;
    let items: Vec<Item> = upstream()
        .zip(1..)
        .map(|(record, id)| Item::new(id, record))
        .collect();

    let mut sink = Sink::default();
    let mut total = Report::default();
    for chunk in items.chunks(engine.config().max_batch_size) {
        let batch = engine.process_batch(chunk)?;
        total.merge(batch.report);
        for outcome in batch.outcomes {
            sink.accept(outcome);
        }
    }
    println!(
        "downstream received {} outcomes; {total:?}",
        sink.received.len()
    );
    Ok(())
}
