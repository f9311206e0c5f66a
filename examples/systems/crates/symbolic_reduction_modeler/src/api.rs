//! Types and traits of the public API: what goes into the engine, what comes out of it, and
//! the errors it reports.

use std::fmt;

/// One unit of work handed to the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Identifier of the item, repeated in its [`Outcome`].
    pub id: u64,
    /// The text to process.
    pub payload: String,
}

impl Item {
    /// Creates an item from an identifier and a payload.
    #[must_use]
    pub fn new(id: u64, payload: impl Into<String>) -> Self {
        Self {
            id,
            payload: payload.into(),
        }
    }
}

/// What a [`Processor`] made of one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Identifier of the item this outcome is for.
    pub id: u64,
    /// The processed payload.
    pub output: String,
    /// A measure of the output; the engine counts its letters and digits.
    pub score: usize,
}

/// Summary of one batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    /// Items turned into an outcome.
    pub processed: usize,
    /// Items left out because their payload was blank.
    pub skipped: usize,
    /// Sum of the outcomes' scores.
    pub total_score: usize,
}

impl Report {
    /// Adds the counts of `other` to this report, to sum up several batches.
    pub fn merge(&mut self, other: Report) {
        self.processed += other.processed;
        self.skipped += other.skipped;
        self.total_score += other.total_score;
    }
}

/// The outcomes of one batch, in the order of its items, and their summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Batch {
    /// One outcome per processed item.
    pub outcomes: Vec<Outcome>,
    /// Counts over the whole batch.
    pub report: Report,
}

/// Everything that can go wrong in this crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The configuration cannot be used; the message says which setting and why.
    InvalidConfig(String),
    /// An item's payload is blank and the configuration does not skip such items.
    EmptyPayload {
        /// Identifier of the item.
        id: u64,
    },
    /// A batch holds more items than the configuration allows.
    BatchTooLarge {
        /// Number of items in the batch.
        size: usize,
        /// The configured maximum.
        limit: usize,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidConfig(reason) => write!(f, "invalid configuration: {reason}"),
            Self::EmptyPayload { id } => write!(f, "item {id} has a blank payload"),
            Self::BatchTooLarge { size, limit } => {
                write!(f, "a batch of {size} items exceeds the limit of {limit}")
            }
        }
    }
}

impl std::error::Error for Error {}

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// A processing step: turns one item into an outcome.
///
/// [`Engine`](crate::Engine) implements it; implement it to run another step under the
/// engine's batch rules with [`Engine::process_batch_with`](crate::Engine::process_batch_with).
pub trait Processor {
    /// Processes one item.
    ///
    /// # Errors
    ///
    /// Returns an error when the item cannot be processed.
    fn process(&self, item: &Item) -> Result<Outcome>;
}
