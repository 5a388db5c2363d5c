//! Cost of one rep-week: one replication of one strategy of the mid-size team
//! (100 slots, 52 weeks). Throughput is in rep-weeks (slots x weeks).

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn rep_week(c: &mut Criterion) {
    let mut one = common::OneReplication::new(common::MID_SLOTS, common::MID_WEEKS);
    let mut group = c.benchmark_group("rep_week");
    group.throughput(Throughput::Elements(one.rep_weeks()));
    group.bench_function("mid_size_one_replication", |b| b.iter(|| black_box(one.run())));
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    targets = rep_week
}
criterion_main!(benches);
