//! salesim: an agent-based Monte Carlo simulator that compares sales-management
//! strategies (performance management versus incentive mechanisms, and their
//! mixes) by how reps respond week by week.
//!
//! The crate is organised as a pipeline: [`config`] reads and validates a
//! scenario, [`model`] holds the pure per-week mechanisms, [`plausibility`] flags
//! values that are valid but probably not meant, [`sim`] runs one
//! replication of one strategy, [`experiment`] owns seeds, sampled worlds,
//! threads, shards and aggregation (its executor runs every replication of
//! every command), [`analysis`] holds sweeps, the optimiser and sensitivity
//! analysis, [`report`] turns results into tables, JSON, CSV, charts and the
//! HTML report, [`validate`] checks stylized facts, [`calibrate`] fits
//! parameters to target statistics by simulated moments and [`demo`] holds
//! the classroom demos.
//!
//! Layers import only downwards: config; model; sim; experiment; then
//! analysis, report, validate, calibrate and demo (report imports none of the other
//! three, and analysis and demo import report but not each other); then the
//! CLI.
#![warn(missing_docs)]

pub mod analysis;
pub mod bundled;
pub mod calibrate;
pub mod config;
pub mod demo;
pub mod experiment;
pub mod model;
pub mod plausibility;
pub mod report;
pub mod sim;
pub mod validate;
