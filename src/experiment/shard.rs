//! Shards: a share of an experiment's replications, run anywhere, saved as a file
//! that [`merge`] combines into exactly the result of a single run.
//!
//! A shard file is input like any other: [`read_shard`] trusts nothing in it.
//! It requires this binary's format and salesim version, re-validates and
//! re-hashes the embedded scenario, checks the content checksum, the shard's
//! place among the replications, the length of every list against the
//! scenario and every count against the replications the shard holds, with
//! checked arithmetic, before [`merge`] adds anything.

use serde::{Deserialize, Serialize};

use super::accumulator::{ExperimentTotals, StrategyAccumulator};
use super::moments::Moments;
use super::runner::MAX_REPLICATIONS;
use crate::config::{Scenario, fnv1a};
use crate::sim::metrics::{ATTAINMENT_BINS, TENURE_BUCKETS};
use crate::sim::{N_METRICS, N_SERIES};

/// Version of the shard file layout: 2 since the accumulators hold the
/// metrics in the catalogue's order (`sim::catalogue`); 3 since sums of
/// squares are 192-bit and the file carries a checksum of its totals; 4 since the catalogue breaks the programme
/// cost down (tools, manager time, people programmes) and scenarios carry
/// a `[costs]` table.
pub const SHARD_FORMAT: u32 = 4;

/// Version of the salesim that writes (and alone reads) shard files: the
/// version every output's provenance names.
pub use super::provenance::SALESIM_VERSION;

/// Which share of the replications to run: shard `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardSpec {
    /// 1-based shard number.
    pub index: u64,
    /// Number of shards.
    pub count: u64,
}

/// Most shards an experiment may be cut into (there can be no more useful
/// shards than replications).
pub const MAX_SHARDS: u64 = MAX_REPLICATIONS;

impl ShardSpec {
    /// Parses `K/N`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (k, n) =
            text.split_once('/').ok_or_else(|| format!("--shard expects K/N (for example 2/8), got `{text}`"))?;
        let index: u64 = k.trim().parse().map_err(|_| format!("--shard: `{k}` is not a whole number"))?;
        let count: u64 = n.trim().parse().map_err(|_| format!("--shard: `{n}` is not a whole number"))?;
        if count == 0 || index == 0 || index > count {
            return Err(format!("--shard {text}: K must be between 1 and N, and N at least 1"));
        }
        if count > MAX_SHARDS {
            return Err(format!("--shard {text}: N = {count} is out of range: allowed 1 to {MAX_SHARDS} shards"));
        }
        Ok(ShardSpec { index, count })
    }

    /// The replications of this shard out of `total`: contiguous, disjoint and
    /// together complete (computed in 128 bits, so no count overflows).
    pub fn range(&self, total: u64) -> std::ops::Range<u64> {
        let at = |i: u64| (u128::from(total) * u128::from(i) / u128::from(self.count.max(1))) as u64;
        at(self.index.saturating_sub(1).min(self.count))..at(self.index.min(self.count))
    }
}

/// What a shard file holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardFile {
    /// Layout version.
    pub format: u32,
    /// salesim version that wrote it.
    pub salesim_version: String,
    /// Scenario name.
    pub scenario: String,
    /// Fingerprint of the scenario (see `Scenario::fingerprint`).
    pub scenario_hash: String,
    /// The scenario file's text, so that `merge` can summarise without it.
    pub scenario_text: String,
    /// Master seed.
    pub seed: u64,
    /// Replications of the whole experiment.
    pub replications_total: u64,
    /// Common random numbers.
    pub crn: bool,
    /// This shard's number (1-based).
    pub shard: u64,
    /// Number of shards.
    pub shards: u64,
    /// First replication of this shard.
    pub start: u64,
    /// One past the last replication of this shard.
    pub end: u64,
    /// Whether every replication of the range finished.
    pub complete: bool,
    /// FNV-1a of the totals' JSON (see [`checksum`]), as 16 hex digits.
    pub checksum: String,
    /// The totals of this shard's replications.
    pub totals: ExperimentTotals,
}

/// The content checksum of totals: FNV-1a (64 bit) of their JSON, as 16 hex
/// digits. It catches a file altered after it was written.
pub fn checksum(totals: &ExperimentTotals) -> String {
    format!("{:016x}", fnv1a(&serde_json::to_vec(totals).unwrap_or_default()))
}

/// Why shards cannot be merged.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum MergeError {
    /// No files given.
    #[error("no shard files given")]
    Empty,
    /// A file that is not a shard of this salesim, or whose content does not
    /// hold together.
    #[error("{file}: {detail}")]
    Invalid {
        /// Offending file.
        file: String,
        /// What is wrong.
        detail: String,
    },
    /// Files from different experiments.
    #[error(
        "{file}: {what} differs from the first shard ({theirs} vs {ours}); all shards must come from the same scenario, seed, settings and salesim version"
    )]
    Mismatch {
        /// Offending file.
        file: String,
        /// Which property differs.
        what: &'static str,
        /// Its value in the offending file.
        theirs: String,
        /// Its value in the first file.
        ours: String,
    },
    /// Overlapping or missing replications.
    #[error("shards do not cover replications 0..{total} exactly once: {detail}")]
    Coverage {
        /// Replications of the experiment.
        total: u64,
        /// What is missing or repeated.
        detail: String,
    },
    /// A shard that was interrupted.
    #[error("{file}: shard {shard}/{shards} was interrupted before it finished; run it again")]
    Incomplete {
        /// Offending file.
        file: String,
        /// Its number.
        shard: u64,
        /// Number of shards.
        shards: u64,
    },
}

/// Reads a shard file's bytes and checks everything in it (see the module
/// documentation); returns the shard and its embedded scenario.
pub fn read_shard(file: &str, bytes: &[u8]) -> Result<(ShardFile, Scenario), MergeError> {
    let invalid = |detail: String| MergeError::Invalid { file: file.to_string(), detail };
    // The format and version first, so an old file gets that message rather
    // than a parse error.
    #[derive(Deserialize)]
    struct Head {
        format: Option<u32>,
        salesim_version: Option<String>,
    }
    let head: Head = serde_json::from_slice(bytes).map_err(|e| invalid(format!("not a salesim shard file ({e})")))?;
    let (format, version) = (head.format.unwrap_or(0), head.salesim_version.unwrap_or_else(|| "?".into()));
    if format != SHARD_FORMAT || version != SALESIM_VERSION {
        return Err(invalid(format!(
            "shard format {format} from salesim {}, but this is salesim {SALESIM_VERSION} (shard format {SHARD_FORMAT}); \
             shards must come from the same version as the merge: re-run the shard with this version",
            crate::config::text::escape(&version)
        )));
    }
    let shard: ShardFile =
        serde_json::from_slice(bytes).map_err(|e| invalid(format!("not a salesim shard file ({e})")))?;
    let scenario = Scenario::from_toml_str(&shard.scenario_text)
        .map_err(|e| invalid(format!("the embedded scenario is invalid: {e}")))?;
    let hash = format!("{:016x}", scenario.fingerprint());
    if hash != shard.scenario_hash || scenario.meta.name != shard.scenario {
        return Err(invalid(format!(
            "the embedded scenario does not match its recorded name and fingerprint ({} {hash} vs {} {}); the file was altered",
            crate::config::text::escape(&scenario.meta.name),
            crate::config::text::escape(&shard.scenario),
            crate::config::text::escape(&shard.scenario_hash)
        )));
    }
    if checksum(&shard.totals) != shard.checksum {
        return Err(invalid(format!(
            "the totals do not match the file's checksum ({} vs {}); the file was altered or damaged",
            checksum(&shard.totals),
            crate::config::text::escape(&shard.checksum)
        )));
    }
    check_place(&shard).map_err(invalid)?;
    check_totals(&shard.totals, &scenario, shard.end - shard.start).map_err(invalid)?;
    Ok((shard, scenario))
}

/// The shard's number, count and range agree with each other and with the
/// replications of the experiment.
fn check_place(f: &ShardFile) -> Result<(), String> {
    if !(1..=MAX_REPLICATIONS).contains(&f.replications_total) {
        return Err(format!(
            "replications_total = {} is out of range: allowed 1 to {MAX_REPLICATIONS}",
            f.replications_total
        ));
    }
    if !(1..=MAX_SHARDS).contains(&f.shards) || !(1..=f.shards).contains(&f.shard) {
        return Err(format!(
            "shard {} of {} is out of range: allowed shard 1 to N of N = 1 to {MAX_SHARDS}",
            f.shard, f.shards
        ));
    }
    let range = ShardSpec { index: f.shard, count: f.shards }.range(f.replications_total);
    if (f.start..f.end) != range {
        return Err(format!(
            "shard {} of {} must hold replications {}..{} of {}, but claims {}..{}",
            f.shard, f.shards, range.start, range.end, f.replications_total, f.start, f.end
        ));
    }
    if let Some(m) = f.totals.max_attrition
        && !(m.is_finite() && m >= 0.0)
    {
        return Err(format!("max_attrition = {m} is out of range: allowed 0 or more"));
    }
    Ok(())
}

/// Every list has the scenario's length and every count fits the `held`
/// replications of the shard.
fn check_totals(totals: &ExperimentTotals, scenario: &Scenario, held: u64) -> Result<(), String> {
    let n = scenario.strategies.len();
    if totals.strategies.len() != n {
        return Err(format!("the totals hold {} strategies, but the scenario has {n}", totals.strategies.len()));
    }
    let weeks = scenario.meta.weeks as usize;
    let mut best = 0u64;
    for (s, acc) in totals.strategies.iter().enumerate() {
        let name = crate::config::text::escape(&scenario.strategies[s].name);
        check_strategy(acc, weeks, held).map_err(|e| format!("strategy \"{name}\": {e}"))?;
        best = best
            .checked_add(acc.best_count)
            .filter(|&b| b <= held)
            .ok_or_else(|| format!("more replications won by a strategy ({best}+) than the {held} the shard holds"))?;
    }
    Ok(())
}

fn check_strategy(acc: &StrategyAccumulator, weeks: usize, held: u64) -> Result<(), String> {
    let lengths = [
        ("scalars", acc.scalars.len(), N_METRICS),
        ("diffs", acc.diffs.len(), N_METRICS),
        ("weekly", acc.weekly.len(), weeks * N_SERIES),
        ("sales_by_tenure", acc.sales_by_tenure.len(), TENURE_BUCKETS),
        ("weeks_by_tenure", acc.weeks_by_tenure.len(), TENURE_BUCKETS),
        ("attainment_histogram", acc.attainment_histogram.len(), ATTAINMENT_BINS),
    ];
    for (what, got, want) in lengths {
        if got != want {
            return Err(format!("{what} has {got} entries, but the scenario needs {want}"));
        }
    }
    for (what, m) in [("lift_pct", &acc.lift_pct), ("profit_lift_pct", &acc.profit_lift_pct)] {
        if m.n != held {
            return Err(format!("{what} counts {} replications, but the shard holds {held}", m.n));
        }
    }
    let all = acc.scalars.iter().chain(&acc.diffs).chain(&acc.weekly).chain(&acc.sales_by_tenure);
    for m in all.chain(&acc.weeks_by_tenure).chain([&acc.lift_pct, &acc.profit_lift_pct]) {
        check_moments(m, held)?;
    }
    for (what, c) in [("best_count", acc.best_count), ("best_feasible_count", acc.best_feasible_count)] {
        if c > held {
            return Err(format!("{what} = {c} exceeds the {held} replications the shard holds"));
        }
    }
    acc.attainment_histogram
        .iter()
        .try_fold(0u64, |sum, &c| sum.checked_add(c))
        .ok_or("the attainment histogram's counts overflow")?;
    Ok(())
}

/// One set of sums: a count within the replications, exact, and sums that a
/// set of that many values within [`super::moments::LIMIT`] could have.
fn check_moments(m: &Moments, held: u64) -> Result<(), String> {
    if m.n > held {
        return Err(format!("a metric counts {} values, but the shard holds {held} replications", m.n));
    }
    if !m.is_exact() {
        return Err("a metric's sums are marked not exact".into());
    }
    if !m.is_consistent() {
        return Err(format!("a metric's sums cannot come from {} values (sum {})", m.n, m.sum));
    }
    Ok(())
}

/// Checks that the shards belong together and cover every replication exactly
/// once, then adds their totals. Returns the first shard (for its metadata) and
/// the merged totals. Each file should have passed [`read_shard`].
pub fn merge(files: &[(String, ShardFile)]) -> Result<(ShardFile, ExperimentTotals), MergeError> {
    let (_, first) = files.first().ok_or(MergeError::Empty)?;
    for (name, f) in files {
        let checks: [(&'static str, String, String); 8] = [
            ("salesim version", f.salesim_version.clone(), first.salesim_version.clone()),
            ("scenario hash", f.scenario_hash.clone(), first.scenario_hash.clone()),
            ("seed", f.seed.to_string(), first.seed.to_string()),
            ("total replications", f.replications_total.to_string(), first.replications_total.to_string()),
            ("common random numbers", f.crn.to_string(), first.crn.to_string()),
            ("shard format", f.format.to_string(), first.format.to_string()),
            ("strategy count", f.totals.strategies.len().to_string(), first.totals.strategies.len().to_string()),
            ("attrition limit", format!("{:?}", f.totals.max_attrition), format!("{:?}", first.totals.max_attrition)),
        ];
        for (what, theirs, ours) in checks {
            if theirs != ours {
                return Err(MergeError::Mismatch { file: name.clone(), what, theirs, ours });
            }
        }
        if !f.complete {
            return Err(MergeError::Incomplete { file: name.clone(), shard: f.shard, shards: f.shards });
        }
    }
    let mut ranges: Vec<(u64, u64, &str)> = files.iter().map(|(n, f)| (f.start, f.end, n.as_str())).collect();
    ranges.sort();
    let total = first.replications_total;
    let mut next = 0;
    for (start, end, name) in &ranges {
        if end < start {
            let detail = format!("{name} claims the reversed range {start}..{end}");
            return Err(MergeError::Coverage { total, detail });
        }
        if *start != next {
            let detail = if *start < next {
                format!("{name} repeats replications {start}..{next}")
            } else {
                format!("replications {next}..{start} are missing")
            };
            return Err(MergeError::Coverage { total, detail });
        }
        next = *end;
    }
    if next != total {
        return Err(MergeError::Coverage { total, detail: format!("replications {next}..{total} are missing") });
    }
    let mut totals = first.totals.clone();
    for (_, f) in files.iter().skip(1) {
        totals.merge(&f.totals);
    }
    let counted = totals.strategies.iter().map(|a| a.replications()).max().unwrap_or(0);
    if counted != total || totals.check_exact().is_err() {
        return Err(MergeError::Coverage {
            total,
            detail: format!("the merged totals count {counted} replications, not {total}"),
        });
    }
    Ok((first.clone(), totals))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_ranges_are_disjoint_and_complete() {
        for total in [0u64, 1, 7, 24, 1000] {
            for count in 1..=7u64 {
                let mut next = 0;
                for index in 1..=count {
                    let r = ShardSpec { index, count }.range(total);
                    assert_eq!(r.start, next);
                    next = r.end;
                }
                assert_eq!(next, total);
            }
        }
    }

    #[test]
    fn bad_shard_specs_are_refused() {
        assert!(ShardSpec::parse("0/2").is_err());
        assert!(ShardSpec::parse("3/2").is_err());
        assert!(ShardSpec::parse("1-2").is_err());
        assert!(ShardSpec::parse("a/2").is_err());
        assert_eq!(ShardSpec::parse("2/3").unwrap(), ShardSpec { index: 2, count: 3 });
    }
}
