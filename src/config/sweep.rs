//! The levers of a sweep: `KEY=LO:HI:STEPS` specifications ([`Vary`]), the
//! shape a sweep must have (levers, levels and points within limits) and the
//! check of a scenario's `[[sweep]]` tables. Validation owns these checks; the
//! analysis layer builds and runs the points (`analysis::design`).

use super::lever::Lever;
use super::{SweepDef, SweepDesign};

/// Most levers in a grid (the point count grows as the product of the steps).
pub const MAX_GRID_LEVERS: usize = 3;
/// Most points in one sweep.
pub const MAX_POINTS: usize = 100_000;
/// Points of a Latin hypercube whose `[[sweep]]` table gives none.
pub const DEFAULT_LHS_POINTS: u32 = 50;

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

    /// A warning when a grid over a whole-number lever has more levels than the
    /// lever has values in `LO..HI`: rounding makes some levels equal, and the
    /// same point would be computed more than once.
    pub fn duplicate_levels(&self) -> Option<String> {
        let steps = self.steps?;
        if !self.lever.spec.integer {
            return None;
        }
        let values = (self.hi.round() - self.lo.round()).max(0.0) + 1.0;
        (steps as f64 > values).then(|| {
            format!(
                "`{}`: {steps} levels of a whole-number lever that takes only {values} values from {} to {}; \
                 rounding repeats levels, so some points are computed twice (give at most {values} steps)",
                self.text(),
                self.lo,
                self.hi
            )
        })
    }

    /// Canonical text form, `KEY=LO:HI[:STEPS]`.
    pub fn text(&self) -> String {
        match self.steps {
            Some(s) => format!("{}={}:{}:{}", self.lever.key, self.lo, self.hi, s),
            None => format!("{}={}:{}", self.lever.key, self.lo, self.hi),
        }
    }
}

/// Checks that `levers` make a sweep: at least one, none twice; a grid
/// (`lhs_points` is `None`) has one to [`MAX_GRID_LEVERS`] levers, each with
/// STEPS, and at most [`MAX_POINTS`] points; a Latin hypercube has 1 to
/// [`MAX_POINTS`] points. Returns the grid's levels per lever (empty for a
/// hypercube).
pub fn check_levers(levers: &[Vary], lhs_points: Option<usize>) -> Result<Vec<usize>, String> {
    if levers.is_empty() {
        return Err("nothing to vary: give at least one --vary KEY=LO:HI:STEPS".into());
    }
    for (i, a) in levers.iter().enumerate() {
        if levers[..i].iter().any(|b| b.lever.key == a.lever.key) {
            return Err(format!("lever `{}` is varied twice", a.lever.key));
        }
    }
    match lhs_points {
        None => {
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
            Ok(steps)
        }
        Some(n) => {
            if n == 0 || n > MAX_POINTS {
                return Err(format!("--points must be from 1 to {MAX_POINTS}"));
            }
            Ok(Vec::new())
        }
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
    let levers =
        def.vary.iter().map(|v| Vary::parse(v)).collect::<Result<Vec<_>, _>>().map_err(|m| ("vary".to_string(), m))?;
    let lhs_points = match def.design {
        SweepDesign::Grid => None,
        SweepDesign::Lhs => Some(def.points.unwrap_or(DEFAULT_LHS_POINTS) as usize),
    };
    check_levers(&levers, lhs_points).map(|_| ()).map_err(|m| ("vary".into(), m))
}
