//! salesim: an agent-based Monte Carlo simulator that compares sales-management
//! strategies (performance management versus incentive mechanisms, and their
//! mixes) by how reps respond week by week.
//!
//! The crate is organised as a pipeline: [`config`] reads and validates a
//! scenario, [`model`] holds the pure per-week mechanisms, [`sim`] runs one
//! replication of one strategy, [`experiment`] owns seeds, threads, shards and
//! aggregation, and [`report`] turns results into tables, JSON, CSV, charts and
//! the HTML report. [`demo`] holds the classroom demos.
#![warn(missing_docs)]

pub mod analysis;
pub mod bundled;
pub mod config;
pub mod demo;
pub mod experiment;
pub mod model;
pub mod report;
pub mod sim;
pub mod validate;
