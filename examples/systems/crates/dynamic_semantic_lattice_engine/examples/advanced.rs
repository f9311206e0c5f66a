//! Advanced use: a stricter configuration, a processing step of your own under the engine's
//! batch rules, and the errors those rules report.
//!
//! Run with `cargo run --example dynamic_semantic_lattice_engine_advanced`.

use dynamic_semantic_lattice_engine::{Config, Engine, Error, Item, Outcome, Processor, Result};

/// A processing step that keeps only the words of at least `min_len` characters.
struct LongWords {
    min_len: usize,
}

impl Processor for LongWords {
    fn process(&self, item: &Item) -> Result<Outcome> {
        let kept: Vec<&str> = item
            .payload
            .split_whitespace()
            .filter(|word| word.chars().count() >= self.min_len)
            .collect();
        let output = kept.join(" ");
        Ok(Outcome {
            id: item.id,
            score: kept.len(),
            output,
        })
    }
}

fn main() -> Result<()> {
    let config = Config::default()
        .with_max_batch_size(2)
        .with_max_output_len(32)
        .with_skip_empty(false);
    let engine = Engine::new(config)?;

    let items = [
        Item::new(1, "The quick brown fox"),
        Item::new(2, "jumps over the lazy dog"),
    ];
    let batch = engine.process_batch_with(&LongWords { min_len: 4 }, &items)?;
    for outcome in &batch.outcomes {
        println!("item {}: {:?}", outcome.id, outcome.output);
    }

    // This configuration refuses blank payloads instead of skipping them...
    match engine.process_batch(&[Item::new(3, "  ")]) {
        Err(Error::EmptyPayload { id }) => println!("item {id} refused: blank payload"),
        other => println!("unexpected: {other:?}"),
    }
    // ...and batches above its limit.
    let too_many: Vec<Item> = (0..3).map(|id| Item::new(id, "word")).collect();
    if let Err(err) = engine.process_batch(&too_many) {
        println!("refused: {err}");
    }
    Ok(())
}
