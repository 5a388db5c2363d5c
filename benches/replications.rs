//! Scaling with the number of replications (10, 100) through the experiment
//! layer (`salesim::experiment::run`): both strategies of the mid-size team,
//! on one thread so that the numbers compare across machines. Throughput is in
//! rep-weeks (replications x strategies x weeks x slots); a flat line means the
//! fixed-point accumulation adds no per-replication cost that grows.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use salesim::experiment::{RunOptions, run};

fn replications(c: &mut Criterion) {
    let scenario = common::scenario(common::MID_SLOTS, common::MID_WEEKS);
    let mut group = c.benchmark_group("replications");
    for n in [10u64, 100] {
        let mut opts = RunOptions::new(2026, n);
        opts.threads = Some(1);
        group.throughput(Throughput::Elements(common::experiment_rep_weeks(&scenario, n)));
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| black_box(run(&scenario, &opts).expect("pool starts")))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    targets = replications
}
criterion_main!(benches);
