//! Shards: a share of an experiment's replications, run anywhere, saved as a file
//! that [`merge`] combines into exactly the result of a single run.

use serde::{Deserialize, Serialize};

use super::accumulator::ExperimentTotals;

/// Version of the shard file layout: 2 since the accumulators hold the
/// metrics in the catalogue's order (`sim::catalogue`); 3 since the
/// catalogue breaks the programme cost down (tools, manager time, people
/// programmes) and scenarios carry a `[costs]` table.
pub const SHARD_FORMAT: u32 = 3;

/// Which share of the replications to run: shard `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardSpec {
    /// 1-based shard number.
    pub index: u64,
    /// Number of shards.
    pub count: u64,
}

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
        Ok(ShardSpec { index, count })
    }

    /// The replications of this shard out of `total`: contiguous, disjoint and
    /// together complete.
    pub fn range(&self, total: u64) -> std::ops::Range<u64> {
        let start = total * (self.index - 1) / self.count;
        let end = total * self.index / self.count;
        start..end
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
    /// The totals of this shard's replications.
    pub totals: ExperimentTotals,
}

/// Why shards cannot be merged.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum MergeError {
    /// No files given.
    #[error("no shard files given")]
    Empty,
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

/// Checks that the shards belong together and cover every replication exactly
/// once, then adds their totals. Returns the first shard (for its metadata) and
/// the merged totals.
pub fn merge(files: &[(String, ShardFile)]) -> Result<(ShardFile, ExperimentTotals), MergeError> {
    let (_, first) = files.first().ok_or(MergeError::Empty)?;
    for (name, f) in files {
        let checks: [(&'static str, String, String); 5] = [
            ("salesim version", f.salesim_version.clone(), first.salesim_version.clone()),
            ("scenario hash", f.scenario_hash.clone(), first.scenario_hash.clone()),
            ("seed", f.seed.to_string(), first.seed.to_string()),
            ("total replications", f.replications_total.to_string(), first.replications_total.to_string()),
            ("common random numbers", f.crn.to_string(), first.crn.to_string()),
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
