//! The resolved plan of a sweep: strategy, levers, design and the points in the
//! order they run, from `--vary` specifications or a `[[sweep]]` table. Parsing
//! `KEY=LO:HI:STEPS` ([`Vary`]) and checking a plan's shape live in
//! [`crate::config::sweep`], where scenario validation uses them.

use serde::{Deserialize, Serialize};

use super::{grid, lhs};
use crate::config::sweep::{DEFAULT_LHS_POINTS, check_levers};
pub use crate::config::sweep::{MAX_GRID_LEVERS, MAX_POINTS, Vary};
use crate::config::{SweepDef, SweepDesign};

/// How points are placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Design {
    /// Full grid over one to three levers.
    Grid,
    /// Latin hypercube of `points` points.
    Lhs {
        /// Number of points.
        points: usize,
    },
}

impl Design {
    /// Points of a Latin hypercube (`None` for a grid).
    pub fn lhs_points(&self) -> Option<usize> {
        match *self {
            Design::Grid => None,
            Design::Lhs { points } => Some(points),
        }
    }
}

/// One point of a sweep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Position in the design's natural order (grid: first lever slowest).
    pub id: usize,
    /// Lever values, in the order of the plan's levers.
    pub values: Vec<f64>,
}

/// A resolved sweep: which levers, which points, in which order they run.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Strategy whose levers vary.
    pub strategy: String,
    /// The varied levers.
    pub levers: Vec<Vary>,
    /// Grid or Latin hypercube.
    pub design: Design,
    /// Points, indexed by id.
    pub points: Vec<Point>,
    /// Ids in run order: coarse to fine, so that a sweep stopped early still
    /// covers the whole space.
    pub order: Vec<usize>,
}

impl Plan {
    /// Builds a plan. A grid needs one to three levers, each with STEPS; a Latin
    /// hypercube takes any number of levers and `points` points drawn with `seed`.
    pub fn new(strategy: &str, levers: Vec<Vary>, design: Design, seed: u64) -> Result<Plan, String> {
        let steps = check_levers(&levers, design.lhs_points())?;
        let (points, order) = match design {
            Design::Grid => (grid::points(&levers, &steps), grid::coarse_to_fine(&steps)),
            Design::Lhs { points: n } => {
                let unit = lhs::latin_hypercube(n, levers.len(), seed);
                let order = lhs::maximin_order(&unit);
                let points = unit
                    .iter()
                    .enumerate()
                    .map(|(id, u)| Point { id, values: levers.iter().zip(u).map(|(v, t)| v.at(*t)).collect() })
                    .collect();
                (points, order)
            }
        };
        Ok(Plan { strategy: strategy.to_string(), levers, design, points, order })
    }

    /// Builds the plan of a `[[sweep]]` table.
    pub fn from_def(def: &SweepDef, seed: u64) -> Result<Plan, String> {
        let levers = def.vary.iter().map(|v| Vary::parse(v)).collect::<Result<Vec<_>, _>>()?;
        let design = match def.design {
            SweepDesign::Grid => Design::Grid,
            SweepDesign::Lhs => Design::Lhs { points: def.points.unwrap_or(DEFAULT_LHS_POINTS) as usize },
        };
        Plan::new(&def.strategy, levers, design, seed)
    }

    /// Lever keys, in order.
    pub fn keys(&self) -> Vec<String> {
        self.levers.iter().map(|v| v.lever.key.clone()).collect()
    }
}
