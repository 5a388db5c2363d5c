//! What a sweep varies: `--vary KEY=LO:HI:STEPS` specifications, the resolved
//! plan (strategy, levers, design, points in the order they run) and the
//! `[[sweep]]` tables of scenario files.

use serde::{Deserialize, Serialize};

use super::levers::Lever;
use super::{grid, lhs};
use crate::config::{SweepDef, SweepDesign};

/// One varied lever and its range.
#[derive(Debug, Clone, PartialEq)]
pub struct Vary {
    /// The lever.
    pub lever: Lever,
    /// Lowest value.
    pub lo: f64,
    /// Highest value.
    pub hi: f64,
    /// Levels of a grid (`None` for a Latin hypercube given no steps).
    pub steps: Option<usize>,
}

impl Vary {
    /// Parses `KEY=LO:HI:STEPS`, `KEY=LO:HI` or `KEY` (the key's whole allowed range).
    pub fn parse(text: &str) -> Result<Vary, String> {
        let (key, range) = match text.split_once('=') {
            Some((k, r)) => (k.trim(), Some(r.trim())),
            None => (text.trim(), None),
        };
        let lever = Lever::parse(key)?;
        let (mut lo, mut hi, mut steps) = (lever.spec.min, lever.spec.max, None);
        if let Some(range) = range {
            let parts: Vec<&str> = range.split(':').map(str::trim).collect();
            if !(2..=3).contains(&parts.len()) {
                return Err(format!(
                    "`{text}`: write the range as {key}=LO:HI:STEPS (for example {key}={}:{}:9)",
                    lever.spec.min, lever.spec.max
                ));
            }
            let num = |s: &str, what: &str| {
                s.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| format!("`{text}`: {what} `{s}` is not a number"))
            };
            lo = num(parts[0], "LO")?;
            hi = num(parts[1], "HI")?;
            if let Some(s) = parts.get(2) {
                let n = s
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=1000).contains(n))
                    .ok_or_else(|| format!("`{text}`: STEPS `{s}` must be a whole number from 1 to 1000"))?;
                steps = Some(n);
            }
        }
        let spec = lever.spec;
        for (name, v) in [("LO", lo), ("HI", hi)] {
            if v < spec.min || v > spec.max {
                return Err(format!(
                    "`{text}`: {name} = {v} is outside the allowed range of {key}: {} to {} ({})",
                    spec.min, spec.max, spec.unit
                ));
            }
        }
        if lo > hi {
            return Err(format!("`{text}`: LO ({lo}) is above HI ({hi})"));
        }
        if steps.is_some_and(|s| s > 1) && lo == hi {
            return Err(format!("`{text}`: LO equals HI, so there is nothing to vary; give one step or a range"));
        }
        Ok(Vary { lever, lo, hi, steps })
    }

    /// The value at position `t` in [0, 1] of the range (rounded for whole-number keys).
    pub fn at(&self, t: f64) -> f64 {
        self.lever.clean(self.lo + t * (self.hi - self.lo))
    }

    /// Canonical text form, `KEY=LO:HI[:STEPS]`.
    pub fn text(&self) -> String {
        match self.steps {
            Some(s) => format!("{}={}:{}:{}", self.lever.key, self.lo, self.hi, s),
            None => format!("{}={}:{}", self.lever.key, self.lo, self.hi),
        }
    }
}

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

/// Most levers in a grid (the point count grows as the product of the steps).
pub const MAX_GRID_LEVERS: usize = 3;
/// Most points in one sweep.
pub const MAX_POINTS: usize = 100_000;

impl Plan {
    /// Builds a plan. A grid needs one to three levers, each with STEPS; a Latin
    /// hypercube takes any number of levers and `points` points drawn with `seed`.
    pub fn new(strategy: &str, levers: Vec<Vary>, design: Design, seed: u64) -> Result<Plan, String> {
        if levers.is_empty() {
            return Err("nothing to vary: give at least one --vary KEY=LO:HI:STEPS".into());
        }
        for (i, a) in levers.iter().enumerate() {
            if levers[..i].iter().any(|b| b.lever.key == a.lever.key) {
                return Err(format!("lever `{}` is varied twice", a.lever.key));
            }
        }
        let (points, order) = match design {
            Design::Grid => {
                if levers.len() > MAX_GRID_LEVERS {
                    return Err(format!(
                        "a grid varies one to {MAX_GRID_LEVERS} levers ({} given); use --design lhs --points N for more",
                        levers.len()
                    ));
                }
                let steps: Vec<usize> = levers
                    .iter()
                    .map(|v| {
                        v.steps.ok_or_else(|| {
                            format!("`{}`: a grid needs the number of levels, as {}=LO:HI:STEPS", v.lever.key, v.text())
                        })
                    })
                    .collect::<Result<_, _>>()?;
                let total: usize = steps.iter().product();
                if total > MAX_POINTS {
                    return Err(format!("the grid has {total} points; the most is {MAX_POINTS}"));
                }
                let points = grid::points(&levers, &steps);
                let order = grid::coarse_to_fine(&steps);
                (points, order)
            }
            Design::Lhs { points: n } => {
                if n == 0 || n > MAX_POINTS {
                    return Err(format!("--points must be from 1 to {MAX_POINTS}"));
                }
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
            SweepDesign::Lhs => Design::Lhs { points: def.points.unwrap_or(50) as usize },
        };
        Plan::new(&def.strategy, levers, design, seed)
    }

    /// Lever keys, in order.
    pub fn keys(&self) -> Vec<String> {
        self.levers.iter().map(|v| v.lever.key.clone()).collect()
    }
}

/// Checks a `[[sweep]]` table against the strategies defined; the error names the
/// key path inside the table.
pub fn check_def(def: &SweepDef, strategies: &[String]) -> Result<(), (String, String)> {
    if !strategies.contains(&def.strategy) {
        return Err((
            "strategy".into(),
            format!("\"{}\" names no strategy; strategies defined: {}", def.strategy, strategies.join(", ")),
        ));
    }
    for (i, v) in def.vary.iter().enumerate() {
        let vary = Vary::parse(v).map_err(|m| (format!("vary[{i}]"), m))?;
        if !vary.lever.is_strategy_lever() {
            return Err((
                format!("vary[{i}]"),
                format!(
                    "`{}` is not a strategy lever; sweeps vary performance.* and incentives.* keys",
                    vary.lever.key
                ),
            ));
        }
    }
    Plan::from_def(def, 0).map(|_| ()).map_err(|m| ("vary".into(), m))
}
