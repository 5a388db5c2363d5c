//! Scaling with the number of rep slots (10, 100, 1000) at a one-year horizon:
//! one replication of the baseline strategy. Throughput is in rep-weeks, so a
//! flat rep-weeks/s line means linear cost in team size.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn team_size(c: &mut Criterion) {
    let mut group = c.benchmark_group("team_size");
    for slots in [10u32, 100, 1000] {
        let mut one = common::OneReplication::new(slots, common::MID_WEEKS);
        group.throughput(Throughput::Elements(one.rep_weeks()));
        group.bench_function(BenchmarkId::from_parameter(slots), |b| b.iter(|| black_box(one.run())));
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    targets = team_size
}
criterion_main!(benches);
