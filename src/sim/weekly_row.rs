//! The weekly row ([`WeekRow`]): which state of the reps in post each weekly
//! series averages, and the end-of-horizon metrics read from the last row.
//! This is the one place that maps series to their positions in the row
//! (the order of [`super::SERIES_NAMES`]).

use super::kernels::LANES;
use super::metrics::{N_SERIES, ReplicationMetrics, WeekRow};
use super::rep_block::RepBlock;

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
        row[1] += r.effort[l];
        row[2] += r.intrinsic[l];
        row[3] += r.extrinsic[l];
        row[4] += r.pressure[l];
        row[5] += r.fatigue[l];
        row[6] += r.satisfaction[l];
        row[8] += if r.burnt_out[l] { 1.0 } else { 0.0 };
        self.count += 1.0;
    }

    /// Burnt-out reps in post this week (a whole count: the same in any order).
    pub(crate) fn burnt_out(&self) -> f64 {
        self.sums[8]
    }

    /// The week's row: means over the reps in post, and revenue per slot of
    /// `slots`, the head count share and the share of bookings gamed from
    /// the week's `revenue`, `gamed` and `booked` totals.
    pub(crate) fn row(self, slots: usize, revenue: f64, gamed: f64, booked: f64) -> WeekRow {
        let (mut row, count) = (self.sums, self.count);
        if count > 0.0 {
            for v in &mut row[1..=6] {
                *v /= count;
            }
            row[8] /= count;
        }
        row[0] = revenue / slots as f64;
        row[7] = count / slots as f64;
        row[9] = if booked > 0.0 { gamed / booked } else { 0.0 };
        row
    }
}

/// The end-of-horizon means of `m`, from the last week's row `last`.
pub(crate) fn last_week_means(m: &mut ReplicationMetrics, last: &WeekRow) {
    m.intrinsic_motivation = last[2];
    m.extrinsic_drive = last[3];
    m.pressure = last[4];
    m.fatigue = last[5];
    m.satisfaction = last[6];
}
