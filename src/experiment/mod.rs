//! The experiment layer: the executor (seeds and streams per replication,
//! sampled worlds, threads, cancellation), the runs of `salesim run`, shards,
//! exact aggregation and the statistics of the summary. Above config, model and
//! sim; below analysis, report, validate and the CLI.

pub mod accumulator;
pub mod cost;
pub mod executor;
pub mod feasible;
pub mod limits;
pub mod moments;
pub mod per_replication;
pub mod provenance;
pub mod runner;
pub mod shard;
pub mod stats;
pub mod summary;
pub mod world;

pub use accumulator::ExperimentTotals;
pub use executor::{Arm, ArmRun, Collector, Done, Executor, PoolError};
pub use provenance::Provenance;
pub use runner::{RunError, RunOptions, run, run_with};
pub use summary::{ExperimentSummary, StrategySummary, summarize};
