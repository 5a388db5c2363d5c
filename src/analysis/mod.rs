//! Analyses built on the experiment engine: sweeps over strategy levers (full
//! grids and Latin hypercubes), Pareto fronts and constrained choice, the
//! optimiser, sensitivity analysis and uncertain assumptions. See
//! `docs/analysis.md`.

pub mod design;
pub mod grid;
pub mod levers;
pub mod lhs;
pub mod optimize;
pub mod outcome;
pub mod paired;
pub mod pareto;
pub mod plots;
pub mod sensitivity;
pub mod sweep;
pub mod uncertainty;
