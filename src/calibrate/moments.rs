//! The target statistics, one definition each, computed from [`Records`]
//! only: the same code reads a simulated team's records and a company's
//! export. A moment that the records cannot support (no rep-weeks, no
//! complete rep-quarter, no weekly bookings, no pay) is `None`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::records::{QUARTER_WEEKS, Records, YEAR_WEEKS};

/// Share of tenured reps' weekly sales that marks the end of the ramp.
pub const RAMP_SHARE: f64 = 0.9;

/// Tenure (months) from which a rep counts as tenured, for the ramp and the
/// spread of revenue across reps.
pub const TENURED_MONTHS: f64 = 12.0;

/// Fewest weeks a rep must have been in post as a tenured rep for its
/// revenue to enter the spread across reps.
pub const SPREAD_MIN_WEEKS: u32 = 26;

/// A target statistic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Moment {
    /// Voluntary exits per year as % of mean headcount.
    VoluntaryAttritionPct,
    /// Involuntary exits per year as % of mean headcount.
    InvoluntaryAttritionPct,
    /// % of complete rep-quarters at or above quota.
    QuotaAttainmentPct,
    /// Bookings per rep-year in post.
    RevenuePerRepYear,
    /// Coefficient of variation of tenured reps' bookings per week across reps.
    RevenueCv,
    /// % of a quarter's team bookings booked in its last two weeks.
    LastTwoWeeksSharePct,
    /// Months until new hires sell 90 % of what tenured reps sell.
    RampMonths,
    /// Pay as % of bookings.
    CostOfSalesPct,
}

/// Name, unit and meaning of a moment.
#[derive(Debug, Clone, Copy)]
pub struct MomentInfo {
    /// Identifier used in target files and outputs.
    pub id: &'static str,
    /// Unit.
    pub unit: &'static str,
    /// The definition in words.
    pub description: &'static str,
}

impl Moment {
    /// Every moment, in catalogue order.
    pub const ALL: [Moment; 8] = [
        Moment::VoluntaryAttritionPct,
        Moment::InvoluntaryAttritionPct,
        Moment::QuotaAttainmentPct,
        Moment::RevenuePerRepYear,
        Moment::RevenueCv,
        Moment::LastTwoWeeksSharePct,
        Moment::RampMonths,
        Moment::CostOfSalesPct,
    ];

    /// Its name, unit and meaning.
    pub fn info(self) -> MomentInfo {
        let (id, unit, description) = match self {
            Moment::VoluntaryAttritionPct => (
                "voluntary_attrition_pct",
                "%/yr",
                "voluntary exits in the window x 52 / rep-weeks in post: exits per year as % of mean headcount",
            ),
            Moment::InvoluntaryAttritionPct => (
                "involuntary_attrition_pct",
                "%/yr",
                "involuntary exits (dismissals, forced ranking) in the window x 52 / rep-weeks in post",
            ),
            Moment::QuotaAttainmentPct => (
                "quota_attainment_pct",
                "% of rep-quarters",
                "share of complete rep-quarters (13 weeks in post, hired by the quarter's first week, quota > 0) \
                 whose bookings reach the quarter's quota",
            ),
            Moment::RevenuePerRepYear => {
                ("revenue_per_rep_year", "USD/rep-year", "bookings x 52 / rep-weeks in post (vacancies excluded)")
            }
            Moment::RevenueCv => (
                "revenue_cv",
                "ratio",
                "coefficient of variation (sd / mean) across reps of bookings per week in post, counting each rep's \
                 weeks at 12 months' tenure or more, over reps with at least 26 such weeks",
            ),
            Moment::LastTwoWeeksSharePct => (
                "last_two_weeks_share_pct",
                "% of quarter bookings",
                "team bookings in the last two weeks of each complete 13-week quarter / the quarter's bookings \
                 (needs weekly bookings)",
            ),
            Moment::RampMonths => (
                "ramp_months",
                "months",
                "tenure in months at which new hires' mean weekly bookings reach 90 % of tenured reps' (12 months \
                 or more): rows binned by tenure month at their midpoint, each month's mean placed at its end, \
                 linear between months from 0 at hire; 12 when never reached",
            ),
            Moment::CostOfSalesPct => {
                ("cost_of_sales_pct", "% of bookings", "total pay / total bookings (needs pay in every row)")
            }
        };
        MomentInfo { id, unit, description }
    }

    /// The moment named `id`.
    pub fn from_id(id: &str) -> Option<Moment> {
        Moment::ALL.into_iter().find(|m| m.info().id == id)
    }

    /// Every moment identifier.
    pub fn ids() -> Vec<&'static str> {
        Moment::ALL.iter().map(|m| m.info().id).collect()
    }

    /// The moment's value on `records`, `None` when they cannot support it.
    pub fn compute(self, records: &Records) -> Option<f64> {
        match self {
            Moment::VoluntaryAttritionPct => attrition_pct(records, true),
            Moment::InvoluntaryAttritionPct => attrition_pct(records, false),
            Moment::QuotaAttainmentPct => quota_attainment_pct(records),
            Moment::RevenuePerRepYear => revenue_per_rep_year(records),
            Moment::RevenueCv => revenue_cv(records),
            Moment::LastTwoWeeksSharePct => last_two_weeks_share_pct(records),
            Moment::RampMonths => ramp_months(records),
            Moment::CostOfSalesPct => cost_of_sales_pct(records),
        }
    }
}

/// Exits of one kind in the window per year, as % of mean headcount.
fn attrition_pct(records: &Records, voluntary: bool) -> Option<f64> {
    let rep_weeks = records.rep_weeks();
    if rep_weeks <= 0.0 {
        return None;
    }
    let window = 0..i64::from(records.weeks);
    let exits = records
        .reps()
        .values()
        .filter(|s| s.exit_week.is_some_and(|w| window.contains(&w)) && s.voluntary == Some(voluntary))
        .count();
    Some(100.0 * exits as f64 * YEAR_WEEKS / rep_weeks)
}

/// Share of complete rep-quarters at or above quota.
fn quota_attainment_pct(records: &Records) -> Option<f64> {
    // (rep, quarter) -> (weeks, quota, bookings, hire week)
    let mut quarters: BTreeMap<(u64, i64), (u32, f64, f64, i64)> = BTreeMap::new();
    for r in &records.rows {
        let q = r.start.div_euclid(QUARTER_WEEKS);
        let e = quarters.entry((r.rep, q)).or_insert((0, 0.0, 0.0, r.hire_week));
        e.0 += r.weeks;
        e.1 += r.quota;
        e.2 += r.bookings;
    }
    let (mut n, mut hit) = (0u64, 0u64);
    for (&(_, q), &(weeks, quota, bookings, hire)) in &quarters {
        let first = q * QUARTER_WEEKS;
        let complete = i64::from(weeks) == QUARTER_WEEKS && hire <= first;
        let inside = first >= 0 && first + QUARTER_WEEKS <= i64::from(records.weeks);
        if complete && inside && quota > 0.0 {
            n += 1;
            if bookings >= quota {
                hit += 1;
            }
        }
    }
    (n > 0).then(|| 100.0 * hit as f64 / n as f64)
}

/// Bookings per rep-year in post.
fn revenue_per_rep_year(records: &Records) -> Option<f64> {
    let rep_weeks = records.rep_weeks();
    (rep_weeks > 0.0).then(|| records.rows.iter().map(|r| r.bookings).sum::<f64>() * YEAR_WEEKS / rep_weeks)
}

/// Weeks of tenure from which a rep counts as tenured.
fn tenured_weeks() -> f64 {
    TENURED_MONTHS * YEAR_WEEKS / 12.0
}

/// Spread of tenured reps' weekly bookings across reps.
fn revenue_cv(records: &Records) -> Option<f64> {
    let mut per_rep: BTreeMap<u64, (u32, f64)> = BTreeMap::new();
    for r in records.rows.iter().filter(|r| (r.start - r.hire_week) as f64 >= tenured_weeks()) {
        let e = per_rep.entry(r.rep).or_insert((0, 0.0));
        e.0 += r.weeks;
        e.1 += r.bookings;
    }
    let rates: Vec<f64> =
        per_rep.values().filter(|(w, _)| *w >= SPREAD_MIN_WEEKS).map(|(w, b)| b / f64::from(*w)).collect();
    if rates.len() < 2 {
        return None;
    }
    let n = rates.len() as f64;
    let mean = rates.iter().sum::<f64>() / n;
    let var = rates.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean > 0.0).then(|| var.sqrt() / mean)
}

/// Share of complete quarters' bookings in their last two weeks.
fn last_two_weeks_share_pct(records: &Records) -> Option<f64> {
    let weekly = records.weekly_bookings.as_ref()?;
    let q = QUARTER_WEEKS as usize;
    let (mut last, mut all) = (0.0, 0.0);
    for quarter in weekly.chunks_exact(q) {
        all += quarter.iter().sum::<f64>();
        last += quarter[q - 2] + quarter[q - 1];
    }
    (all > 0.0).then(|| 100.0 * last / all)
}

/// Months until new hires' mean weekly bookings reach [`RAMP_SHARE`] of
/// tenured reps'.
fn ramp_months(records: &Records) -> Option<f64> {
    let months_per_week = 12.0 / YEAR_WEEKS;
    let mut bins = [(0.0f64, 0.0f64); 12];
    let (mut tenured_weeks_sum, mut tenured_bookings) = (0.0, 0.0);
    for r in &records.rows {
        let month = r.mid_tenure_weeks() * months_per_week;
        if month < 0.0 {
            continue;
        }
        if (r.start - r.hire_week) as f64 >= tenured_weeks() {
            tenured_weeks_sum += f64::from(r.weeks);
            tenured_bookings += r.bookings;
        } else if month < TENURED_MONTHS {
            let b = &mut bins[month as usize];
            b.0 += f64::from(r.weeks);
            b.1 += r.bookings;
        }
    }
    if tenured_weeks_sum <= 0.0 || tenured_bookings <= 0.0 {
        return None;
    }
    let tenured = tenured_bookings / tenured_weeks_sum;
    if bins.iter().all(|b| b.0 <= 0.0) {
        return None;
    }
    // The curve: 0 at hire, each observed month's relative rate at its end.
    let (mut x0, mut y0) = (0.0, 0.0);
    for (m, &(weeks, bookings)) in bins.iter().enumerate() {
        if weeks <= 0.0 {
            continue;
        }
        let (x1, y1) = ((m + 1) as f64, bookings / weeks / tenured);
        if y1 >= RAMP_SHARE {
            let frac = if y1 > y0 { ((RAMP_SHARE - y0) / (y1 - y0)).clamp(0.0, 1.0) } else { 1.0 };
            return Some(x0 + frac * (x1 - x0));
        }
        (x0, y0) = (x1, y1);
    }
    Some(TENURED_MONTHS)
}

/// Pay as % of bookings, when every row has pay.
fn cost_of_sales_pct(records: &Records) -> Option<f64> {
    let pay: Option<f64> = records.rows.iter().map(|r| r.pay).sum();
    let bookings: f64 = records.rows.iter().map(|r| r.bookings).sum();
    let pay = pay?;
    (bookings > 0.0 && !records.rows.is_empty()).then(|| 100.0 * pay / bookings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::records::RepPeriod;
    use approx::assert_relative_eq;

    /// A row of rep `rep` over weeks `start..start + weeks`.
    fn row(rep: u64, start: i64, weeks: u32, quota: f64, bookings: f64, hire: i64) -> RepPeriod {
        RepPeriod {
            rep,
            start,
            weeks,
            quota,
            bookings,
            deals_won: None,
            pay: None,
            hire_week: hire,
            exit_week: None,
            voluntary: None,
        }
    }

    fn left(mut r: RepPeriod, week: i64, voluntary: bool) -> RepPeriod {
        r.exit_week = Some(week);
        r.voluntary = Some(voluntary);
        r
    }

    fn records(weeks: u32, rows: Vec<RepPeriod>) -> Records {
        Records { weeks, rows, weekly_bookings: None }
    }

    #[test]
    fn attrition_counts_exits_of_each_kind_per_year_of_headcount() {
        // 26 + 11 + 21 = 58 rep-weeks; one voluntary exit (week 10), one
        // involuntary (week 20), one rep who left before the window is not
        // in it.
        let r = records(
            26,
            vec![
                row(1, 0, 26, 0.0, 0.0, -100),
                left(row(2, 0, 11, 0.0, 0.0, -60), 10, true),
                left(row(3, 0, 21, 0.0, 0.0, -200), 20, false),
            ],
        );
        assert_relative_eq!(Moment::VoluntaryAttritionPct.compute(&r).unwrap(), 100.0 * 52.0 / 58.0);
        assert_relative_eq!(Moment::InvoluntaryAttritionPct.compute(&r).unwrap(), 100.0 * 52.0 / 58.0);
        assert_eq!(Moment::VoluntaryAttritionPct.compute(&records(26, vec![])), None);
    }

    #[test]
    fn quota_attainment_counts_complete_quarters_of_reps_hired_by_their_start() {
        let r = records(
            26,
            vec![
                // Rep 1, tenured: quarter 0 hit (monthly rows), quarter 1 missed.
                row(1, 0, 4, 4000.0, 5000.0, -100),
                row(1, 4, 4, 4000.0, 4000.0, -100),
                row(1, 8, 5, 5000.0, 5000.0, -100),
                row(1, 13, 13, 13000.0, 12000.0, -100),
                // Rep 2, hired in week 5: quarter 0 is not complete; quarter 1 hit.
                row(2, 5, 8, 8000.0, 9000.0, 5),
                row(2, 13, 13, 13000.0, 13000.0, 5),
                // Rep 3 leaves in week 20: quarter 0 missed, quarter 1 incomplete.
                row(3, 0, 13, 13000.0, 100.0, -300),
                left(row(3, 13, 8, 8000.0, 9000.0, -300), 20, true),
                // Rep 4 has no quota: not counted.
                row(4, 0, 13, 0.0, 100.0, -300),
            ],
        );
        assert_relative_eq!(Moment::QuotaAttainmentPct.compute(&r).unwrap(), 50.0);
    }

    #[test]
    fn revenue_per_rep_year_divides_bookings_by_years_in_post() {
        let r = records(26, vec![row(1, 0, 26, 0.0, 26_000.0, -100), row(2, 0, 13, 0.0, 39_000.0, -100)]);
        assert_relative_eq!(Moment::RevenuePerRepYear.compute(&r).unwrap(), 65_000.0 * 52.0 / 39.0);
    }

    #[test]
    fn revenue_spread_compares_tenured_reps_weekly_bookings() {
        let r = records(
            52,
            vec![
                row(1, 0, 26, 0.0, 26_000.0, -100),
                row(2, 0, 26, 0.0, 52_000.0, -100),
                // Too few tenured weeks.
                row(3, 0, 13, 0.0, 1.0e6, -100),
                // Not tenured: a new hire.
                row(4, 0, 40, 0.0, 1.0, 0),
            ],
        );
        // Rates 1000 and 2000 a week: sd 707.1, mean 1500.
        assert_relative_eq!(
            Moment::RevenueCv.compute(&r).unwrap(),
            2f64.sqrt() / 2.0 * 1000.0 / 1500.0,
            epsilon = 1e-12
        );
    }

    #[test]
    fn the_last_two_weeks_share_reads_complete_quarters_of_weekly_bookings() {
        let mut weekly = vec![1.0; 14];
        weekly[11] = 5.5;
        weekly[12] = 5.5;
        weekly[13] = 1000.0; // an incomplete quarter: ignored
        let mut r = records(14, vec![]);
        assert_eq!(Moment::LastTwoWeeksSharePct.compute(&r), None);
        r.weekly_bookings = Some(weekly);
        assert_relative_eq!(Moment::LastTwoWeeksSharePct.compute(&r).unwrap(), 50.0);
    }

    #[test]
    fn ramp_is_where_new_hires_cross_ninety_percent_of_tenured_sales() {
        // Tenured reps sell 1000 a week; a hire of week 0 sells 30 %, 60 %,
        // 80 % and 100 % of that in tenure months 0 to 3 (weekly rows): the
        // curve through (1, 0.3), (2, 0.6), (3, 0.8), (4, 1.0) crosses 0.9 at 3.5.
        let mut rows = vec![row(1, 0, 20, 0.0, 20_000.0, -100)];
        for k in 0..17 {
            let month = ((k as f64 + 0.5) * 12.0 / 52.0) as usize;
            rows.push(row(2, k, 1, 0.0, 1000.0 * [0.3, 0.6, 0.8, 1.0][month], 0));
        }
        let r = records(20, rows.clone());
        assert_relative_eq!(Moment::RampMonths.compute(&r).unwrap(), 3.5, epsilon = 1e-12);
        // Hires who never reach 90 % in their first year: 12 months.
        let slow: Vec<RepPeriod> = rows
            .iter()
            .map(|x| if x.rep == 2 { RepPeriod { bookings: 100.0, ..x.clone() } } else { x.clone() })
            .collect();
        assert_eq!(Moment::RampMonths.compute(&records(20, slow)), Some(12.0));
        // Without tenured reps there is nothing to compare with.
        assert_eq!(Moment::RampMonths.compute(&records(20, rows[1..].to_vec())), None);
    }

    #[test]
    fn cost_of_sales_needs_pay_in_every_row() {
        let mut a = row(1, 0, 13, 0.0, 10_000.0, -100);
        let mut b = row(2, 0, 13, 0.0, 30_000.0, -100);
        a.pay = Some(1000.0);
        let r = records(13, vec![a.clone(), b.clone()]);
        assert_eq!(Moment::CostOfSalesPct.compute(&r), None);
        b.pay = Some(3000.0);
        assert_relative_eq!(Moment::CostOfSalesPct.compute(&records(13, vec![a, b])).unwrap(), 10.0);
    }

    #[test]
    fn every_moment_has_a_unique_id_a_unit_and_a_description() {
        let ids = Moment::ids();
        for (i, m) in Moment::ALL.iter().enumerate() {
            let info = m.info();
            assert_eq!(Moment::from_id(info.id), Some(*m));
            assert!(!info.unit.is_empty() && !info.description.is_empty());
            assert!(!ids[..i].contains(&info.id));
        }
    }
}
