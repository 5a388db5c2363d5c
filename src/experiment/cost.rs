//! What an experiment will cost before it runs: rep-weeks, CPU time, wall
//! time on the threads it gets and peak memory, and the documented limits
//! beyond which `salesim run` (and `check`'s verdict) asks for confirmation
//! (`--allow-large`). A runaway request (10^14 rep-weeks, thousands of
//! strategies over twenty years) is refused before it starts rather than
//! discovered by an out-of-memory abort or weeks later.

use super::accumulator::StrategyAccumulator;
use super::moments::Moments;
use crate::config::Scenario;
use crate::sim::metrics::{ATTAINMENT_BINS, TENURE_BUCKETS};
use crate::sim::{N_METRICS, N_SERIES};

/// Most rep-weeks (replications x strategies x weeks x slots) run without
/// `--allow-large`: 10^11, about three CPU-hours at the engine's typical
/// 10 million rep-weeks per second per core (about 20 minutes on 8 cores).
pub const MAX_REP_WEEKS: f64 = 1.0e11;

/// Most estimated peak memory without `--allow-large`: 8 GiB, or 3/4 of the
/// machine's memory where that is smaller.
pub const MAX_MEMORY_BYTES: f64 = 8.0 * 1024.0 * 1024.0 * 1024.0;

/// Rep-weeks per second per core assumed by the time estimate: a cautious
/// figure (the benchmark runs 10 to 20 million on one core of the project's
/// machines, see `docs/performance.md`).
pub const REP_WEEKS_PER_CORE_SECOND: f64 = 5.0e6;

/// Most worker threads per core: more only add scheduling and memory (one
/// set of running sums per thread) and make results no faster.
pub const MAX_THREADS_PER_CORE: usize = 4;

/// Running sums alive per worker thread: the fold's own, a split's second
/// one and the reduction's (measured: 3 sets per thread).
const SUMS_PER_THREAD: f64 = 3.0;

/// The cost of running `replications` replications of every strategy of a
/// scenario on `threads` worker threads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cost {
    /// Replications x strategies x weeks x slots.
    pub rep_weeks: f64,
    /// Estimated CPU time, seconds.
    pub cpu_seconds: f64,
    /// Worker threads.
    pub threads: usize,
    /// Estimated wall time on `threads` threads (at most the machine's cores), seconds.
    pub wall_seconds: f64,
    /// Estimated peak memory, bytes.
    pub memory_bytes: f64,
}

impl Cost {
    /// The estimate for `scenario`, `replications` and `threads` workers on a
    /// machine with `cores` cores.
    pub fn of(scenario: &Scenario, replications: u64, threads: usize, cores: usize) -> Cost {
        let strategies = scenario.strategies.len() as f64;
        let weeks = f64::from(scenario.meta.weeks);
        let slots = f64::from(scenario.team.size);
        let rep_weeks = replications as f64 * strategies * weeks * slots;
        let cpu_seconds = rep_weeks / REP_WEEKS_PER_CORE_SECOND;
        let busy = threads.min(cores).max(1) as f64;
        // Running sums per strategy, the weekly rows of one replication per
        // arm, and the reps' state (about 1 kB per slot and arm).
        let sums = strategies * accumulator_bytes(scenario.meta.weeks as usize);
        let rows = strategies * weeks * N_SERIES as f64 * 8.0;
        let reps = strategies * slots * 1024.0;
        let per_thread = SUMS_PER_THREAD * sums + rows + reps;
        let memory_bytes = threads as f64 * per_thread + sums + 32.0 * 1024.0 * 1024.0;
        Cost { rep_weeks, cpu_seconds, threads, wall_seconds: cpu_seconds / busy, memory_bytes }
    }

    /// Why the experiment is too large to run unconfirmed, or `None`.
    /// `memory_limit` is the machine's limit in bytes (see [`memory_limit`]).
    pub fn over_limits(&self, memory_limit: f64) -> Option<String> {
        if self.rep_weeks > MAX_REP_WEEKS {
            return Some(format!(
                "{} rep-weeks is more than the limit of {} (about {} of CPU time)",
                count(self.rep_weeks),
                count(MAX_REP_WEEKS),
                duration(self.cpu_seconds)
            ));
        }
        if self.memory_bytes > memory_limit {
            return Some(format!(
                "about {} of memory on {} threads is more than the limit of {}",
                bytes(self.memory_bytes),
                self.threads,
                bytes(memory_limit)
            ));
        }
        None
    }

    /// One line: rep-weeks, time and memory.
    pub fn describe(&self) -> String {
        format!(
            "{} rep-weeks; about {} of CPU time ({} on {} threads); peak memory about {}",
            count(self.rep_weeks),
            duration(self.cpu_seconds),
            duration(self.wall_seconds),
            self.threads,
            bytes(self.memory_bytes)
        )
    }
}

/// Bytes of one strategy's running sums over `weeks` weeks.
pub fn accumulator_bytes(weeks: usize) -> f64 {
    let moments = weeks * N_SERIES + 2 * N_METRICS + 2 + 2 * TENURE_BUCKETS;
    (moments * std::mem::size_of::<Moments>() + ATTAINMENT_BINS * 8 + std::mem::size_of::<StrategyAccumulator>()) as f64
}

/// The memory limit of unconfirmed runs on this machine: [`MAX_MEMORY_BYTES`],
/// or 3/4 of `total` (the machine's memory, when known) if smaller.
pub fn memory_limit(total: Option<f64>) -> f64 {
    total.map_or(MAX_MEMORY_BYTES, |t| (0.75 * t).min(MAX_MEMORY_BYTES))
}

/// The machine's memory in bytes, from `/proc/meminfo` (Linux); `None` elsewhere.
pub fn machine_memory() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024.0)
}

/// A count in words: `2.0e14`, `94 million`.
fn count(x: f64) -> String {
    if x < 1e6 {
        format!("{x:.0}")
    } else if x < 1e9 {
        format!("{:.0} million", x / 1e6)
    } else if x < 1e12 {
        format!("{:.1} billion", x / 1e9)
    } else {
        format!("{x:.1e}")
    }
}

/// A duration in words.
fn duration(s: f64) -> String {
    if s < 1.0 {
        "under a second".into()
    } else if s < 120.0 {
        format!("{s:.0} s")
    } else if s < 7200.0 {
        format!("{:.0} min", s / 60.0)
    } else if s < 2.0 * 86400.0 {
        format!("{:.1} h", s / 3600.0)
    } else {
        format!("{:.0} days", s / 86400.0)
    }
}

/// A size in words.
fn bytes(b: f64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    if b < 1024.0 * MIB { format!("{:.0} MiB", b / MIB) } else { format!("{:.1} GiB", b / (1024.0 * MIB)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(strategies: usize, weeks: u32, size: u32) -> Scenario {
        let mut text = format!("[scenario]\nname = \"c\"\nweeks = {weeks}\n[team]\nsize = {size}\n");
        for i in 0..strategies {
            text.push_str(&format!("[[strategy]]\nname = \"s{i}\"\n"));
        }
        Scenario::from_toml_str(&text).unwrap()
    }

    #[test]
    fn a_runaway_experiment_is_over_the_limits_and_a_normal_one_is_not() {
        let normal = Cost::of(&scenario(6, 156, 100), 1000, 8, 8);
        assert_eq!(normal.rep_weeks, 93_600_000.0);
        assert!(normal.over_limits(MAX_MEMORY_BYTES).is_none(), "{}", normal.describe());
        let huge = Cost::of(&scenario(2, 1040, 100_000), 1_000_000, 8, 8);
        let why = huge.over_limits(MAX_MEMORY_BYTES).unwrap();
        assert!(why.contains("rep-weeks") && why.contains("days"), "{why}");
        let wide = Cost::of(&scenario(3000, 1040, 1), 2, 8, 8);
        let why = wide.over_limits(MAX_MEMORY_BYTES).unwrap();
        assert!(why.contains("memory"), "{why}");
    }

    #[test]
    fn the_memory_limit_follows_the_machine() {
        assert_eq!(memory_limit(None), MAX_MEMORY_BYTES);
        assert_eq!(memory_limit(Some(4.0 * 1024.0 * 1024.0 * 1024.0)), 3.0 * 1024.0 * 1024.0 * 1024.0);
    }
}
