//! What one replication of one strategy reports: the headline metrics, the
//! productivity-by-tenure curve, the quarterly attainment histogram, and one row
//! of weekly means per week.

pub use super::catalogue::N_SERIES;

/// Weekly means over the reps in post (revenue per slot), one value per
/// series, indexed by [`Series`](super::catalogue::Series).
pub type WeekRow = [f64; N_SERIES];

/// Tenure buckets of the ramp curve: months 0 to 11, then "a year or more".
pub const TENURE_BUCKETS: usize = 13;

/// Bins of the quarterly attainment histogram: 0-10 %, ..., 290-300 %, 300 %+.
pub const ATTAINMENT_BINS: usize = 31;

/// Bins of the attainment histogram per 100 % of quota (bins 10 % wide).
const BINS_PER_QUOTA: f64 = 10.0;

/// The tenure bucket of a rep with `tenure` weeks in the job: its month,
/// the last bucket for a year or more.
#[inline]
pub(crate) fn tenure_bucket(tenure: u32) -> usize {
    // floor(tenure x 12 / 52) in integers: the same as in floating point,
    // since 3 x tenure / 13 is either exact or at least 1/13 from an integer.
    use crate::model::{MONTHS_PER_YEAR, WEEKS_PER_YEAR};
    ((tenure as usize * MONTHS_PER_YEAR as usize) / WEEKS_PER_YEAR as usize).min(TENURE_BUCKETS - 1)
}

/// The histogram bin of a quarter's `attainment` (negative counts as 0).
#[inline]
pub(crate) fn attainment_bin(attainment: f64) -> usize {
    ((attainment.max(0.0) * BINS_PER_QUOTA) as usize).min(ATTAINMENT_BINS - 1)
}

/// Headline metrics of one replication of one strategy.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReplicationMetrics {
    /// Net revenue per rep slot per year (USD).
    pub revenue: f64,
    /// Compensation per slot per year (USD).
    pub comp: f64,
    /// Hiring and dismissal cost per slot per year (USD).
    pub turnover_cost: f64,
    /// Cost of the non-pay levers per slot per year (USD): tools, manager
    /// time and people programmes together.
    pub programme_cost: f64,
    /// Tools per slot per year (USD): CRM and tracking, leaderboard,
    /// incentive administration.
    pub tools_cost: f64,
    /// Manager time per slot per year (USD): reviews and coaching,
    /// improvement plans.
    pub manager_time_cost: f64,
    /// People programmes per slot per year (USD): training, well-being,
    /// career path, recognition awards, contest administration, incentive
    /// rotations.
    pub people_programme_cost: f64,
    /// Gross margin x revenue - comp - turnover - programmes, per slot per year (USD).
    pub profit: f64,
    /// All exits per year as % of mean headcount.
    pub attrition_pct: f64,
    /// Voluntary exits per year as % of mean headcount.
    pub voluntary_attrition_pct: f64,
    /// Involuntary exits per year as % of mean headcount.
    pub involuntary_attrition_pct: f64,
    /// % of rep-weeks spent burnt out.
    pub burnout_pct: f64,
    /// % of rep-quarters at or above quota.
    pub quota_attainment_pct: f64,
    /// Comp / revenue, %.
    pub cost_of_sales_pct: f64,
    /// % of booked sales that were pulled forward or inflated.
    pub gaming_pct: f64,
    /// Mean intrinsic motivation at the end.
    pub intrinsic_motivation: f64,
    /// Mean extrinsic drive at the end.
    pub extrinsic_drive: f64,
    /// Mean pressure at the end.
    pub pressure: f64,
    /// Mean fatigue at the end.
    pub fatigue: f64,
    /// Mean satisfaction at the end.
    pub satisfaction: f64,
    /// Mean effort over the horizon.
    pub effort: f64,
    /// Mean share of slots filled.
    pub headcount_pct: f64,
    /// Weekly sales summed by tenure bucket (USD).
    pub sales_by_tenure: [f64; TENURE_BUCKETS],
    /// Rep-weeks by tenure bucket.
    pub weeks_by_tenure: [f64; TENURE_BUCKETS],
    /// Rep-quarters by attainment bin.
    pub attainment_histogram: [f64; ATTAINMENT_BINS],
}
