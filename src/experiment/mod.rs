//! The experiment layer: seeds and streams per replication, threads, shards,
//! exact aggregation and the statistics of the summary.

pub mod accumulator;
pub mod moments;
pub mod runner;
pub mod shard;
pub mod stats;
pub mod summary;

pub use accumulator::ExperimentTotals;
pub use runner::{RunOptions, run};
pub use summary::{ExperimentSummary, StrategySummary, summarize};
