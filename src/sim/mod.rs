//! One replication of one strategy: the calendar, the order in which the
//! mechanisms of [`crate::model`] run each week, involuntary exits and hiring, and
//! the collectors of per-replication metrics and weekly series.
//!
//! Read [`week`] first: one rep's week as a readable reference, phase by
//! phase. [`replication`] runs those phases over the whole team week by
//! week; [`kernels`] runs the per-rep phases lane-wise over blocks of reps
//! (calling [`week`]'s functions lane by lane).

pub mod catalogue;
pub mod invariants;
pub mod kernels;
pub mod market;
pub mod metrics;
pub(crate) mod rep_block;
pub mod replication;
pub mod start;
pub mod streams;
pub mod week;
mod weekly_row;

pub use catalogue::{Metric, N_METRICS, N_SERIES, PerMetric, Series, Unit};
pub use metrics::{ReplicationMetrics, WeekRow};
pub use replication::{
    NoObserver, Observer, StartingTeam, run_cancellable, run_observed, run_replication, starting_team,
};
