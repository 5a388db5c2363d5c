//! The weekly row ([`WeekRow`]): which state of the reps in post each weekly
//! series averages, and the end-of-horizon metrics read from the last row.
//! Each series is named by its [`Series`] variant of the metric catalogue.

use super::catalogue::Series;
use super::kernels::LANES;
use super::metrics::{N_SERIES, ReplicationMetrics, WeekRow};
use super::rep_block::RepBlock;

/// The series that are means over the reps in post (the others are per slot
/// or per booking).
const MEANS_OVER_REPS: [Series; 7] = [
    Series::Effort,
    Series::IntrinsicMotivation,
    Series::ExtrinsicDrive,
    Series::Pressure,
    Series::Fatigue,
    Series::Satisfaction,
    Series::Burnout,
];

/// Sums of one week's row over the reps in post, added in slot order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RowSums {
    sums: WeekRow,
    /// Reps in post.
    count: f64,
}

impl RowSums {
    /// No rep yet.
    pub(crate) fn new() -> RowSums {
        RowSums { sums: [0.0; N_SERIES], count: 0.0 }
    }

    /// Adds the rep in post in lane `l` of `r`.
    #[inline(always)]
    pub(crate) fn add(&mut self, r: &RepBlock, l: usize) {
        debug_assert!(l < LANES);
        let row = &mut self.sums;
        row[Series::Effort] += r.effort[l];
        row[Series::IntrinsicMotivation] += r.intrinsic[l];
        row[Series::ExtrinsicDrive] += r.extrinsic[l];
        row[Series::Pressure] += r.pressure[l];
        row[Series::Fatigue] += r.fatigue[l];
        row[Series::Satisfaction] += r.satisfaction[l];
        row[Series::Burnout] += if r.burnt_out[l] { 1.0 } else { 0.0 };
        self.count += 1.0;
    }

    /// Burnt-out reps in post this week (a whole count: the same in any order).
    pub(crate) fn burnt_out(&self) -> f64 {
        self.sums[Series::Burnout]
    }

    /// The week's row: means over the reps in post, and revenue per slot of
    /// `slots`, the head count share and the share of bookings gamed from
    /// the week's `revenue`, `gamed` and `booked` totals.
    pub(crate) fn row(self, slots: usize, revenue: f64, gamed: f64, booked: f64) -> WeekRow {
        let (mut row, count) = (self.sums, self.count);
        if count > 0.0 {
            for series in MEANS_OVER_REPS {
                row[series] /= count;
            }
        }
        row[Series::Revenue] = revenue / slots as f64;
        row[Series::Headcount] = count / slots as f64;
        row[Series::Gaming] = if booked > 0.0 { gamed / booked } else { 0.0 };
        row
    }
}

/// The end-of-horizon means of `m`, from the last week's row `last`.
pub(crate) fn last_week_means(m: &mut ReplicationMetrics, last: &WeekRow) {
    m.intrinsic_motivation = last[Series::IntrinsicMotivation];
    m.extrinsic_drive = last[Series::ExtrinsicDrive];
    m.pressure = last[Series::Pressure];
    m.fatigue = last[Series::Fatigue];
    m.satisfaction = last[Series::Satisfaction];
}
