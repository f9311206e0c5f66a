//! The engine: normalises and scores each item, under the batch rules of its configuration.

use crate::api::{Batch, Error, Item, Outcome, Processor, Result};
use crate::config::Config;

/// Processes items according to a validated [`Config`].
#[derive(Debug, Clone)]
pub struct Engine {
    config: Config,
}

impl Engine {
    /// Creates an engine once its configuration passes [`Config::validate`].
    ///
    /// # Errors
    ///
    /// Returns [`Error::InvalidConfig`] when `config` cannot be used.
    pub fn new(config: Config) -> Result<Self> {
        config.validate()?;
        Ok(Self { config })
    }

    /// The configuration this engine runs with.
    #[must_use]
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Processes a batch with the engine's own processing step.
    ///
    /// # Errors
    ///
    /// As [`Engine::process_batch_with`].
    pub fn process_batch(&self, items: &[Item]) -> Result<Batch> {
        self.process_batch_with(self, items)
    }

    /// Processes a batch with another processing step, under this engine's batch rules: at
    /// most [`Config::max_batch_size`] items, and blank payloads skipped or refused as
    /// [`Config::skip_empty`] says.
    ///
    /// # Errors
    ///
    /// Returns [`Error::BatchTooLarge`] when there are too many items, [`Error::EmptyPayload`]
    /// for a blank payload that is not skipped, and the first error of `processor`.
    pub fn process_batch_with<P>(&self, processor: &P, items: &[Item]) -> Result<Batch>
    where
        P: Processor + ?Sized,
    {
        let limit = self.config.max_batch_size;
        if items.len() > limit {
            return Err(Error::BatchTooLarge {
                size: items.len(),
                limit,
            });
        }
        let mut batch = Batch::default();
        for item in items {
            if item.payload.trim().is_empty() {
                if self.config.skip_empty {
                    batch.report.skipped += 1;
                    continue;
                }
                return Err(Error::EmptyPayload { id: item.id });
            }
            let outcome = processor.process(item)?;
            batch.report.processed += 1;
            batch.report.total_score += outcome.score;
            batch.outcomes.push(outcome);
        }
        Ok(batch)
    }
}

impl Processor for Engine {
    fn process(&self, item: &Item) -> Result<Outcome> {
        let output = normalize(&item.payload, self.config.max_output_len);
        if output.is_empty() {
            return Err(Error::EmptyPayload { id: item.id });
        }
        Ok(Outcome {
            id: item.id,
            score: score(&output),
            output,
        })
    }
}

/// Lower-cases `text`, turns each run of whitespace into one space, trims both ends, and keeps
/// at most `max_len` characters.
///
/// ```
/// use dynamic_semantic_lattice_engine::core::normalize;
///
/// assert_eq!(normalize("  Hello   World ", 64), "hello world");
/// assert_eq!(normalize("Hello World", 6), "hello");
/// ```
#[must_use]
pub fn normalize(text: &str, max_len: usize) -> String {
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    let joined = words.join(" ");
    let cut: String = joined.chars().take(max_len).collect();
    cut.trim_end().to_string()
}

/// The number of letters and digits in `text`.
#[must_use]
pub fn score(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphanumeric()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine(config: Config) -> Engine {
        Engine::new(config).expect("valid configuration")
    }

    #[test]
    fn normalize_collapses_whitespace_and_lower_cases() {
        assert_eq!(normalize("\tMixed  CASE\n text ", 64), "mixed case text");
    }

    #[test]
    fn normalize_cuts_at_the_limit_without_a_trailing_space() {
        assert_eq!(normalize("abc def", 4), "abc");
        assert_eq!(normalize("abc def", 5), "abc d");
    }

    #[test]
    fn score_counts_letters_and_digits() {
        assert_eq!(score("a1, b2!"), 4);
        assert_eq!(score(""), 0);
    }

    #[test]
    fn an_invalid_config_is_refused() {
        let config = Config::default().with_max_output_len(0);
        assert!(matches!(Engine::new(config), Err(Error::InvalidConfig(_))));
    }

    #[test]
    fn a_batch_is_processed_in_order_and_summed_up() {
        let items = [
            Item::new(1, "One"),
            Item::new(2, " "),
            Item::new(3, "Two  2"),
        ];
        let batch = engine(Config::default()).process_batch(&items).unwrap();
        let outputs: Vec<&str> = batch.outcomes.iter().map(|o| o.output.as_str()).collect();
        assert_eq!(outputs, ["one", "two 2"]);
        assert_eq!(batch.report.processed, 2);
        assert_eq!(batch.report.skipped, 1);
        assert_eq!(batch.report.total_score, 3 + 4);
    }

    #[test]
    fn blank_payloads_are_refused_when_not_skipped() {
        let engine = engine(Config::default().with_skip_empty(false));
        let result = engine.process_batch(&[Item::new(7, "\n")]);
        assert_eq!(result, Err(Error::EmptyPayload { id: 7 }));
    }

    #[test]
    fn batches_above_the_limit_are_refused() {
        let engine = engine(Config::default().with_max_batch_size(1));
        let result = engine.process_batch(&[Item::new(1, "a"), Item::new(2, "b")]);
        assert_eq!(result, Err(Error::BatchTooLarge { size: 2, limit: 1 }));
    }
}
