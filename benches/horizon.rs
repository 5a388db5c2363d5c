//! Scaling with the horizon (13, 52, 156, 520 weeks) for the mid-size team of
//! 100 slots: one replication of the baseline strategy. Throughput is in
//! rep-weeks, so a flat rep-weeks/s line means linear cost in weeks.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn horizon(c: &mut Criterion) {
    let mut group = c.benchmark_group("horizon");
    for weeks in [13u32, 52, 156, 520] {
        let mut one = common::OneReplication::new(common::MID_SLOTS, weeks);
        group.throughput(Throughput::Elements(one.rep_weeks()));
        group.bench_function(BenchmarkId::from_parameter(weeks), |b| b.iter(|| black_box(one.run())));
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    targets = horizon
}
criterion_main!(benches);
