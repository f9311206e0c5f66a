//! Benchmarks of the engine: normalising one payload, and processing a full batch.
// criterion_group! defines a public function it does not document.
#![allow(missing_docs)]

use criterion::{black_box, criterion_group, criterion_main};

use universal_attestation_authority::core::normalize;
use universal_attestation_authority::{Config, Engine, Item};

fn bench_normalize(c: &mut criterion::Criterion) {
    let text = "  The Quick   Brown Fox Jumps   Over The Lazy Dog  ".repeat(8);
    c.bench_function("normalize", |b| {
        b.iter(|| normalize(black_box(&text), black_box(256)));
    });
}

fn bench_process_batch(c: &mut criterion::Criterion) {
    let engine = Engine::new(Config::default()).expect("the default configuration is valid");
    let items: Vec<Item> = (0..256)
        .map(|id| Item::new(id, format!("Item number {id},   with  SOME   text")))
        .collect();
    c.bench_function("process_batch_256", |b| {
        b.iter(|| engine.process_batch(black_box(&items)));
    });
}

criterion_group!(benches, bench_normalize, bench_process_batch);
criterion_main!(benches);
