//! The weekly loop allocates nothing: a replication of every strategy of the
//! performance workload (which switches on every lever, contests and team pay
//! included) makes the same number of heap allocations over one year as over
//! three. A counting allocator wraps the system one for this test binary.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use salesim::config::Scenario;
use salesim::experiment::executor::{Arm, ArmRun, Executor};

/// The system allocator, counting the allocations of the current thread.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is forwarded unchanged to the system allocator; the
// counter is a plain thread-local cell that never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by one replication of strategy `s` of `scenario` (the
/// executor's per-replication set-up, the market path and the policy, included).
fn allocations(scenario: &Scenario, s: usize) -> usize {
    let executor = Executor::new(scenario.experiment.seed);
    let arms = [Arm { scenario, strategy: s }];
    let mut runs = ArmRun::buffers(&arms);
    let before = ALLOCATIONS.with(Cell::get);
    executor.replication(&arms, 0, &mut runs);
    let after = ALLOCATIONS.with(Cell::get);
    assert!(runs[0].metrics.revenue > 0.0);
    after - before
}

#[test]
fn the_weekly_loop_allocates_nothing_whatever_the_horizon() {
    // The instruction set of the lane-wise kernels is chosen once per process
    // (reading `SALESIM_ISA`); done here so that it is not counted below.
    salesim::sim::kernels::Isa::detect();
    let text = std::fs::read_to_string("scenarios/bench.toml").unwrap();
    let three_years = Scenario::from_toml_str(&text).unwrap();
    assert_eq!(three_years.meta.weeks, 156);
    let one_year = Scenario::from_toml_str(&text.replace("weeks = 156", "weeks = 52")).unwrap();
    assert_eq!(one_year.strategies.len(), 6);
    for s in 0..one_year.strategies.len() {
        let (short, long) = (allocations(&one_year, s), allocations(&three_years, s));
        assert_eq!(
            short, long,
            "strategy {}: {short} allocations over 52 weeks, {long} over 156",
            one_year.strategies[s].name
        );
    }
}
