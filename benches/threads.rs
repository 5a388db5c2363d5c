//! Scaling with worker threads (1, 2): 40 replications of both strategies of the
//! mid-size team through `salesim::experiment::run`. Throughput is in rep-weeks;
//! results are bit-identical for every thread count (tests/experiment.rs), so
//! only the time changes.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use salesim::experiment::{RunOptions, run};

const REPLICATIONS: u64 = 40;

fn threads(c: &mut Criterion) {
    let scenario = common::scenario(common::MID_SLOTS, common::MID_WEEKS);
    let mut group = c.benchmark_group("threads");
    group.throughput(Throughput::Elements(common::experiment_rep_weeks(&scenario, REPLICATIONS)));
    for threads in [1usize, 2] {
        let mut opts = RunOptions::new(2026, REPLICATIONS);
        opts.threads = Some(threads);
        group.bench_function(BenchmarkId::from_parameter(threads), |b| {
            b.iter(|| black_box(run(&scenario, &opts).expect("pool starts")))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    targets = threads
}
criterion_main!(benches);
