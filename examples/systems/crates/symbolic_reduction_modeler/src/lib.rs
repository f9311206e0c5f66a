//! # Symbolic Reduction Modeler
//!
//! Symbolic computation and algebraic simplification
//!
//! The [`Engine`] turns each [`Item`] into an [`Outcome`]: it normalises the payload (lower
//! case, single spaces, at most [`Config::max_output_len`] characters) and scores it.
//! [`Engine::process_batch`] also applies the batch rules of its [`Config`] and sums up the
//! batch in a [`Report`]. Other processing steps plug in through the [`Processor`] trait.
//!
//! ```
//! use symbolic_reduction_modeler::{Config, Engine, Item};
//!
//! let engine = Engine::new(Config::default())?;
//! let batch = engine.process_batch(&[Item::new(1, "  Hello,   World "), Item::new(2, " ")])?;
//! assert_eq!(batch.outcomes[0].output, "hello, world");
//! assert_eq!(batch.report.processed, 1);
//! assert_eq!(batch.report.skipped, 1);
//! # Ok::<(), symbolic_reduction_modeler::Error>(())
//! ```

pub mod api;
pub mod config;
pub mod core;

pub use crate::api::{Batch, Error, Item, Outcome, Processor, Report, Result};
pub use crate::config::Config;
pub use crate::core::Engine;
