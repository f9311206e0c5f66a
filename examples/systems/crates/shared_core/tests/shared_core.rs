//! Integration tests: the crate through its public API only.

use shared_core::{Config, Engine, Error, Item, Outcome, Processor, Report, Result};

fn items(payloads: &[&str]) -> Vec<Item> {
    payloads
        .iter()
        .zip(1..)
        .map(|(payload, id)| Item::new(id, *payload))
        .collect()
}

#[test]
fn processes_a_batch_with_the_default_config() {
    let engine = Engine::new(Config::default()).unwrap();
    let batch = engine
        .process_batch(&items(&["First  Item", "SECOND"]))
        .unwrap();
    assert_eq!(batch.outcomes.len(), 2);
    assert_eq!(batch.outcomes[0].output, "first item");
    assert_eq!(batch.outcomes[1].output, "second");
    assert_eq!(
        batch.report,
        Report {
            processed: 2,
            skipped: 0,
            total_score: 15,
        }
    );
}

#[test]
fn skips_or_refuses_blank_payloads_as_configured() {
    let lenient = Engine::new(Config::default()).unwrap();
    let batch = lenient.process_batch(&items(&["a", " ", ""])).unwrap();
    assert_eq!((batch.report.processed, batch.report.skipped), (1, 2));

    let strict = Engine::new(Config::default().with_skip_empty(false)).unwrap();
    let result = strict.process_batch(&items(&["a", " "]));
    assert_eq!(result, Err(Error::EmptyPayload { id: 2 }));
}

#[test]
fn refuses_batches_above_the_limit_and_invalid_configs() {
    let engine = Engine::new(Config::default().with_max_batch_size(2)).unwrap();
    let err = engine.process_batch(&items(&["a", "b", "c"])).unwrap_err();
    assert_eq!(err.to_string(), "a batch of 3 items exceeds the limit of 2");

    let invalid = Engine::new(Config::default().with_max_batch_size(0));
    assert!(matches!(invalid, Err(Error::InvalidConfig(_))));
}

#[test]
fn runs_a_custom_processor_under_the_engine_rules() {
    struct Reverse;

    impl Processor for Reverse {
        fn process(&self, item: &Item) -> Result<Outcome> {
            Ok(Outcome {
                id: item.id,
                output: item.payload.chars().rev().collect(),
                score: 1,
            })
        }
    }

    let engine = Engine::new(Config::default()).unwrap();
    let batch = engine
        .process_batch_with(&Reverse, &items(&["abc", "  "]))
        .unwrap();
    assert_eq!(batch.outcomes[0].output, "cba");
    assert_eq!(batch.report.skipped, 1);
}

#[test]
fn merges_reports() {
    let mut total = Report::default();
    total.merge(Report {
        processed: 2,
        skipped: 1,
        total_score: 10,
    });
    total.merge(Report {
        processed: 1,
        skipped: 0,
        total_score: 5,
    });
    assert_eq!(
        total,
        Report {
            processed: 3,
            skipped: 1,
            total_score: 15,
        }
    );
}
