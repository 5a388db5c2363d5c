//! The metric catalogue: every per-strategy output ([`Metric`]) and every
//! weekly series ([`Series`]) salesim reports, each with its name, its unit
//! and a one-line meaning, in one place. The table, JSON, CSV, HTML report,
//! charts, validation and demos iterate these lists or name an entry by its
//! enum variant, so a metric is added by one catalogue entry plus its
//! computation, and a misspelt name does not compile.

use std::ops::{Index, IndexMut};

use super::metrics::ReplicationMetrics;

/// The unit a metric or series is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// US dollars per rep slot per year (a vacant slot counts).
    UsdPerSlotYear,
    /// US dollars per rep in post per year.
    UsdPerRepYear,
    /// US dollars per rep slot per week.
    UsdPerSlotWeek,
    /// Exits per year as a percentage of the mean headcount.
    PctPerYear,
    /// Percentage of rep-weeks.
    PctOfRepWeeks,
    /// Percentage of rep-quarters.
    PctOfRepQuarters,
    /// Percentage of revenue.
    PctOfRevenue,
    /// Percentage of booked sales.
    PctOfBookings,
    /// Percentage of rep slots.
    PctOfSlots,
    /// A share between 0 and 1.
    Share,
    /// A state on a 0-1 scale.
    Scale01,
    /// An index without a natural unit (1 = normal).
    Index,
}

impl Unit {
    /// The unit in words, as axis labels and documentation show it.
    pub const fn words(self) -> &'static str {
        match self {
            Unit::UsdPerSlotYear => "USD per rep slot per year",
            Unit::UsdPerRepYear => "USD per rep per year",
            Unit::UsdPerSlotWeek => "USD per rep slot per week",
            Unit::PctPerYear => "% of headcount per year",
            Unit::PctOfRepWeeks => "% of rep-weeks",
            Unit::PctOfRepQuarters => "% of rep-quarters",
            Unit::PctOfRevenue => "% of revenue",
            Unit::PctOfBookings => "% of bookings",
            Unit::PctOfSlots => "% of slots",
            Unit::Share => "share, 0-1",
            Unit::Scale01 => "0-1 scale",
            Unit::Index => "index",
        }
    }

    /// The range a value in this unit can take, when it is bounded.
    pub const fn bounds(self) -> Option<(f64, f64)> {
        match self {
            Unit::PctOfRepWeeks | Unit::PctOfRepQuarters | Unit::PctOfBookings | Unit::PctOfSlots => Some((0.0, 100.0)),
            Unit::Share | Unit::Scale01 => Some((0.0, 1.0)),
            _ => None,
        }
    }
}

/// A paired comparison reported beside a metric: its per-replication change
/// against the baseline of the same replication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairedInfo {
    /// Name of the comparison in JSON, CSV and code.
    pub key: &'static str,
    /// Header in the terminal table.
    pub label: &'static str,
    /// Name of one team's 90 % range of it (JSON `[low, high]`; CSV columns
    /// `NAME_low`, `NAME_high`).
    pub range_key: &'static str,
}

/// One catalogue entry of a per-strategy metric.
#[derive(Debug, Clone, Copy)]
pub struct MetricInfo {
    /// The metric this entry describes (its position in [`Metric::ALL`]).
    pub metric: Metric,
    /// The one name of the metric: the `run --format json` key, the CSV
    /// column (intervals add `_ci_low`, `_ci_high`) and the name in code.
    /// Its unit is in [`MetricInfo::unit`] (and in the CSV sidecar).
    pub key: &'static str,
    /// Short header for tables and axes.
    pub label: &'static str,
    /// Unit.
    pub unit: Unit,
    /// Decimals shown in tables and reports (money in thousands shows none).
    pub decimals: usize,
    /// One line on what it measures.
    pub meaning: &'static str,
    /// Its value in one replication.
    pub value: fn(&ReplicationMetrics) -> f64,
    /// The paired percent change against the baseline reported beside it, if any.
    pub lift: Option<PairedInfo>,
}

/// Per-strategy outputs: each is computed once per replication and reported
/// as a mean with its 95 % interval (`docs/outputs.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Metric {
    /// Net revenue per rep slot per year.
    Revenue,
    /// Gross margin x revenue - comp - turnover - programmes, per slot per year.
    Profit,
    /// All exits per year, % of mean headcount.
    AttritionPct,
    /// Voluntary exits per year, % of mean headcount.
    VoluntaryAttritionPct,
    /// Involuntary exits per year, % of mean headcount.
    InvoluntaryAttritionPct,
    /// Share of rep-weeks spent burnt out, %.
    BurnoutPct,
    /// Share of rep-quarters at or above quota, %.
    QuotaAttainmentPct,
    /// Compensation as a share of revenue, %.
    CostOfSalesPct,
    /// Share of bookings pulled forward or inflated, %.
    GamingPct,
    /// Compensation per slot per year.
    Comp,
    /// Hiring cost per slot per year.
    TurnoverCost,
    /// Programme cost of non-pay levers per slot per year.
    ProgrammeCost,
    /// Mean intrinsic motivation in the last week.
    IntrinsicMotivation,
    /// Mean extrinsic drive in the last week.
    ExtrinsicDrive,
    /// Mean pressure in the last week.
    Pressure,
    /// Mean fatigue in the last week.
    Fatigue,
    /// Mean satisfaction in the last week.
    Satisfaction,
    /// Mean effort over the horizon.
    Effort,
    /// Mean share of slots filled, %.
    HeadcountPct,
    /// Programme cost of non-pay levers per rep in post per year.
    ProgrammeCostPerRep,
    /// Tools part of the programme cost per slot per year.
    ToolsCost,
    /// Manager-time part of the programme cost per slot per year.
    ManagerTimeCost,
    /// People-programme part of the programme cost per slot per year.
    PeopleProgrammeCost,
}

/// Number of per-strategy metrics.
pub const N_METRICS: usize = 23;

/// The catalogue of per-strategy metrics, in report order (the order of the
/// JSON keys and CSV columns).
pub const METRICS: [MetricInfo; N_METRICS] = [
    MetricInfo {
        metric: Metric::Revenue,
        key: "revenue",
        label: "revenue/slot/yr",
        unit: Unit::UsdPerSlotYear,
        decimals: 0,
        meaning: "net revenue (after reversed inflated bookings) per rep slot per year",
        value: |m| m.revenue,
        lift: Some(PairedInfo { key: "lift_pct", label: "revenue lift %", range_key: "lift_range90" }),
    },
    MetricInfo {
        metric: Metric::Profit,
        key: "profit",
        label: "profit/slot/yr",
        unit: Unit::UsdPerSlotYear,
        decimals: 0,
        meaning: "gross margin x revenue - compensation - turnover cost - programme cost, per slot per year",
        value: |m| m.profit,
        lift: Some(PairedInfo { key: "profit_lift_pct", label: "profit lift %", range_key: "profit_lift_range90" }),
    },
    MetricInfo {
        metric: Metric::AttritionPct,
        key: "attrition_pct",
        label: "attrition %/yr",
        unit: Unit::PctPerYear,
        decimals: 1,
        meaning: "voluntary plus involuntary exits per year, as a share of the mean headcount",
        value: |m| m.attrition_pct,
        lift: None,
    },
    MetricInfo {
        metric: Metric::VoluntaryAttritionPct,
        key: "voluntary_attrition_pct",
        label: "voluntary %/yr",
        unit: Unit::PctPerYear,
        decimals: 1,
        meaning: "quits per year, as a share of the mean headcount",
        value: |m| m.voluntary_attrition_pct,
        lift: None,
    },
    MetricInfo {
        metric: Metric::InvoluntaryAttritionPct,
        key: "involuntary_attrition_pct",
        label: "involuntary %/yr",
        unit: Unit::PctPerYear,
        decimals: 1,
        meaning: "dismissals (improvement plans, forced ranking) per year, as a share of the mean headcount",
        value: |m| m.involuntary_attrition_pct,
        lift: None,
    },
    MetricInfo {
        metric: Metric::BurnoutPct,
        key: "burnout_pct",
        label: "burnout %",
        unit: Unit::PctOfRepWeeks,
        decimals: 1,
        meaning: "share of rep-weeks in post spent burnt out",
        value: |m| m.burnout_pct,
        lift: None,
    },
    MetricInfo {
        metric: Metric::QuotaAttainmentPct,
        key: "quota_attainment_pct",
        label: "at quota %",
        unit: Unit::PctOfRepQuarters,
        decimals: 0,
        meaning: "share of full rep-quarters with sales at or above the quarter's quota",
        value: |m| m.quota_attainment_pct,
        lift: None,
    },
    MetricInfo {
        metric: Metric::CostOfSalesPct,
        key: "cost_of_sales_pct",
        label: "cost of sales %",
        unit: Unit::PctOfRevenue,
        decimals: 1,
        meaning: "compensation as a share of revenue",
        value: |m| m.cost_of_sales_pct,
        lift: None,
    },
    MetricInfo {
        metric: Metric::GamingPct,
        key: "gaming_pct",
        label: "gaming %",
        unit: Unit::PctOfBookings,
        decimals: 2,
        meaning: "share of booked sales that were pulled forward or inflated",
        value: |m| m.gaming_pct,
        lift: None,
    },
    MetricInfo {
        metric: Metric::Comp,
        key: "comp",
        label: "comp/slot/yr",
        unit: Unit::UsdPerSlotYear,
        decimals: 0,
        meaning: "compensation paid (base, commission, bonuses, prizes, awards, net of clawbacks and penalties)",
        value: |m| m.comp,
        lift: None,
    },
    MetricInfo {
        metric: Metric::TurnoverCost,
        key: "turnover_cost",
        label: "turnover cost/slot/yr",
        unit: Unit::UsdPerSlotYear,
        decimals: 0,
        meaning: "cost of departures: hiring, dismissals (severance, HR) and the margin lost while slots are vacant and hires ramp, net of the losses from vacancies inherited at the start",
        value: |m| m.turnover_cost,
        lift: None,
    },
    MetricInfo {
        metric: Metric::ProgrammeCost,
        key: "programme_cost",
        label: "programme cost/slot/yr",
        unit: Unit::UsdPerSlotYear,
        decimals: 0,
        meaning: "cost of the non-pay levers: tools, manager time and people programmes (see [costs])",
        value: |m| m.programme_cost,
        lift: None,
    },
    MetricInfo {
        metric: Metric::IntrinsicMotivation,
        key: "intrinsic_motivation",
        label: "intrinsic motivation",
        unit: Unit::Scale01,
        decimals: 3,
        meaning: "mean intrinsic motivation of the reps in post in the last week",
        value: |m| m.intrinsic_motivation,
        lift: None,
    },
    MetricInfo {
        metric: Metric::ExtrinsicDrive,
        key: "extrinsic_drive",
        label: "extrinsic drive",
        unit: Unit::Index,
        decimals: 3,
        meaning: "mean pull of the marginal reward, after adaptation, in the last week",
        value: |m| m.extrinsic_drive,
        lift: None,
    },
    MetricInfo {
        metric: Metric::Pressure,
        key: "pressure",
        label: "pressure",
        unit: Unit::Index,
        decimals: 3,
        meaning: "mean perceived pressure in the last week",
        value: |m| m.pressure,
        lift: None,
    },
    MetricInfo {
        metric: Metric::Fatigue,
        key: "fatigue",
        label: "fatigue",
        unit: Unit::Scale01,
        decimals: 3,
        meaning: "mean fatigue in the last week",
        value: |m| m.fatigue,
        lift: None,
    },
    MetricInfo {
        metric: Metric::Satisfaction,
        key: "satisfaction",
        label: "satisfaction",
        unit: Unit::Scale01,
        decimals: 3,
        meaning: "mean job satisfaction in the last week",
        value: |m| m.satisfaction,
        lift: None,
    },
    MetricInfo {
        metric: Metric::Effort,
        key: "effort",
        label: "effort",
        unit: Unit::Index,
        decimals: 3,
        meaning: "mean effort over all rep-weeks in post (1 = normal)",
        value: |m| m.effort,
        lift: None,
    },
    MetricInfo {
        metric: Metric::HeadcountPct,
        key: "headcount_pct",
        label: "headcount %",
        unit: Unit::PctOfSlots,
        decimals: 1,
        meaning: "mean share of rep slots filled",
        value: |m| m.headcount_pct,
        lift: None,
    },
    MetricInfo {
        metric: Metric::ProgrammeCostPerRep,
        key: "programme_cost_per_rep",
        label: "programme cost/rep/yr",
        unit: Unit::UsdPerRepYear,
        decimals: 0,
        meaning: "programme cost of non-pay levers per rep-year in post (per slot, divided by the filled share)",
        value: |m| if m.headcount_pct > 0.0 { 100.0 * m.programme_cost / m.headcount_pct } else { 0.0 },
        lift: None,
    },
    MetricInfo {
        metric: Metric::ToolsCost,
        key: "tools_cost",
        label: "tools cost/slot/yr",
        unit: Unit::UsdPerSlotYear,
        decimals: 0,
        meaning: "programme cost of tools: CRM and tracking, leaderboard, incentive administration",
        value: |m| m.tools_cost,
        lift: None,
    },
    MetricInfo {
        metric: Metric::ManagerTimeCost,
        key: "manager_time_cost",
        label: "manager time cost/slot/yr",
        unit: Unit::UsdPerSlotYear,
        decimals: 0,
        meaning: "programme cost of manager time: running the team, reviews and coaching, improvement plans",
        value: |m| m.manager_time_cost,
        lift: None,
    },
    MetricInfo {
        metric: Metric::PeopleProgrammeCost,
        key: "people_programme_cost",
        label: "people programmes cost/slot/yr",
        unit: Unit::UsdPerSlotYear,
        decimals: 0,
        meaning: "programme cost of people programmes: training, well-being, career path, recognition, contest administration, rotations",
        value: |m| m.people_programme_cost,
        lift: None,
    },
];

impl Metric {
    /// Every metric, in catalogue order.
    pub const ALL: [Metric; N_METRICS] = {
        let mut all = [Metric::Revenue; N_METRICS];
        let mut i = 0;
        while i < N_METRICS {
            all[i] = METRICS[i].metric;
            i += 1;
        }
        all
    };

    /// Its catalogue entry.
    pub const fn info(self) -> &'static MetricInfo {
        &METRICS[self as usize]
    }

    /// Name in JSON and in code.
    pub const fn key(self) -> &'static str {
        self.info().key
    }

    /// Its value in one replication.
    pub fn of(self, m: &ReplicationMetrics) -> f64 {
        (self.info().value)(m)
    }

    /// The metric named `key` (as in JSON), if there is one.
    pub fn from_key(key: &str) -> Option<Metric> {
        METRICS.iter().find(|i| i.key == key).map(|i| i.metric)
    }
}

/// One value per metric, indexed by [`Metric`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PerMetric<T>(pub [T; N_METRICS]);

impl<T> PerMetric<T> {
    /// A value for every metric from `f`.
    pub fn from_fn(mut f: impl FnMut(Metric) -> T) -> Self {
        PerMetric(std::array::from_fn(|i| f(Metric::ALL[i])))
    }

    /// The metrics and their values, in catalogue order.
    pub fn iter(&self) -> impl Iterator<Item = (Metric, &T)> {
        Metric::ALL.into_iter().zip(self.0.iter())
    }
}

impl<T> Index<Metric> for PerMetric<T> {
    type Output = T;
    fn index(&self, m: Metric) -> &T {
        &self.0[m as usize]
    }
}

impl<T> IndexMut<Metric> for PerMetric<T> {
    fn index_mut(&mut self, m: Metric) -> &mut T {
        &mut self.0[m as usize]
    }
}

/// The weekly series: means over the reps in post (revenue per slot), one
/// value per week, in the order of a [`WeekRow`](super::WeekRow).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Series {
    /// Revenue per rep slot.
    Revenue,
    /// Mean effort.
    Effort,
    /// Mean intrinsic motivation.
    IntrinsicMotivation,
    /// Mean extrinsic drive.
    ExtrinsicDrive,
    /// Mean perceived pressure.
    Pressure,
    /// Mean fatigue.
    Fatigue,
    /// Mean satisfaction.
    Satisfaction,
    /// Share of slots filled.
    Headcount,
    /// Share of reps in post who are burnt out.
    Burnout,
    /// Share of bookings that were gamed.
    Gaming,
}

/// Number of weekly series.
pub const N_SERIES: usize = 10;

/// One catalogue entry of a weekly series.
#[derive(Debug, Clone, Copy)]
pub struct SeriesInfo {
    /// The series this entry describes (its position in [`Series::ALL`]).
    pub series: Series,
    /// Name in CSV headers and JSON.
    pub key: &'static str,
    /// Caption of its chart panel.
    pub caption: &'static str,
    /// Unit.
    pub unit: Unit,
    /// One line on what it measures.
    pub meaning: &'static str,
}

/// The catalogue of weekly series, in the order of a week's row.
pub const SERIES: [SeriesInfo; N_SERIES] = [
    SeriesInfo {
        series: Series::Revenue,
        key: "revenue_per_slot_usd_per_week",
        caption: "Revenue per rep slot",
        unit: Unit::UsdPerSlotWeek,
        meaning: "real sales of the week (closed and pulled-in deals) per rep slot",
    },
    SeriesInfo {
        series: Series::Effort,
        key: "effort",
        caption: "Effort",
        unit: Unit::Index,
        meaning: "mean effort of the reps in post (1 = normal)",
    },
    SeriesInfo {
        series: Series::IntrinsicMotivation,
        key: "intrinsic_motivation",
        caption: "Intrinsic motivation",
        unit: Unit::Scale01,
        meaning: "mean intrinsic motivation of the reps in post",
    },
    SeriesInfo {
        series: Series::ExtrinsicDrive,
        key: "extrinsic_drive",
        caption: "Extrinsic drive",
        unit: Unit::Index,
        meaning: "mean pull of the marginal reward after adaptation",
    },
    SeriesInfo {
        series: Series::Pressure,
        key: "pressure",
        caption: "Perceived pressure",
        unit: Unit::Index,
        meaning: "mean perceived pressure",
    },
    SeriesInfo {
        series: Series::Fatigue,
        key: "fatigue",
        caption: "Fatigue",
        unit: Unit::Scale01,
        meaning: "mean fatigue",
    },
    SeriesInfo {
        series: Series::Satisfaction,
        key: "satisfaction",
        caption: "Satisfaction",
        unit: Unit::Scale01,
        meaning: "mean job satisfaction",
    },
    SeriesInfo {
        series: Series::Headcount,
        key: "headcount_share",
        caption: "Headcount",
        unit: Unit::Share,
        meaning: "share of rep slots filled",
    },
    SeriesInfo {
        series: Series::Burnout,
        key: "burnout_share",
        caption: "Burnout",
        unit: Unit::Share,
        meaning: "share of the reps in post who are burnt out",
    },
    SeriesInfo {
        series: Series::Gaming,
        key: "gaming_share",
        caption: "Gaming",
        unit: Unit::Share,
        meaning: "share of the week's bookings pulled forward or inflated",
    },
];

impl Series {
    /// Every series, in the order of a week's row.
    pub const ALL: [Series; N_SERIES] = {
        let mut all = [Series::Revenue; N_SERIES];
        let mut i = 0;
        while i < N_SERIES {
            all[i] = SERIES[i].series;
            i += 1;
        }
        all
    };

    /// Its catalogue entry.
    pub const fn info(self) -> &'static SeriesInfo {
        &SERIES[self as usize]
    }

    /// Name in CSV headers and JSON.
    pub const fn key(self) -> &'static str {
        self.info().key
    }

    /// Its position in a week's row.
    pub const fn index(self) -> usize {
        self as usize
    }
}

impl Index<Series> for [f64; N_SERIES] {
    type Output = f64;
    fn index(&self, s: Series) -> &f64 {
        &self[s as usize]
    }
}

impl IndexMut<Series> for [f64; N_SERIES] {
    fn index_mut(&mut self, s: Series) -> &mut f64 {
        &mut self[s as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_entry_sits_at_its_variants_position() {
        for (i, info) in METRICS.iter().enumerate() {
            assert_eq!(info.metric as usize, i, "{}", info.key);
        }
        for (i, info) in SERIES.iter().enumerate() {
            assert_eq!(info.series as usize, i, "{}", info.key);
        }
    }

    #[test]
    fn names_and_columns_are_unique() {
        // Within each list names differ (a series may share a name with the
        // metric of the same quantity).
        let metric_keys: std::collections::HashSet<_> = METRICS.iter().map(|i| i.key).collect();
        assert_eq!(metric_keys.len(), N_METRICS);
        let paired: Vec<_> = METRICS.iter().filter_map(|i| i.lift).flat_map(|l| [l.key, l.range_key]).collect();
        assert!(paired.iter().all(|k| !metric_keys.contains(k)), "a paired name repeats a metric's");
        let series: std::collections::HashSet<_> = SERIES.iter().map(|s| s.key).collect();
        assert_eq!(series.len(), N_SERIES);
    }

    #[test]
    fn a_metric_is_found_by_its_key() {
        for m in Metric::ALL {
            assert_eq!(Metric::from_key(m.key()), Some(m));
        }
        assert_eq!(Metric::from_key("revenu"), None);
    }

    #[test]
    fn each_metric_reads_its_own_field() {
        // Distinct values per field: each accessor must return its own.
        let m = ReplicationMetrics {
            revenue: 1.0,
            profit: 2.0,
            attrition_pct: 3.0,
            voluntary_attrition_pct: 4.0,
            involuntary_attrition_pct: 5.0,
            burnout_pct: 6.0,
            quota_attainment_pct: 7.0,
            cost_of_sales_pct: 8.0,
            gaming_pct: 9.0,
            comp: 10.0,
            turnover_cost: 11.0,
            programme_cost: 12.0,
            intrinsic_motivation: 13.0,
            extrinsic_drive: 14.0,
            pressure: 15.0,
            fatigue: 16.0,
            satisfaction: 17.0,
            effort: 18.0,
            headcount_pct: 19.0,
            tools_cost: 21.0,
            manager_time_cost: 22.0,
            people_programme_cost: 23.0,
            ..ReplicationMetrics::default()
        };
        for (i, metric) in Metric::ALL.iter().enumerate().filter(|(_, m)| **m != Metric::ProgrammeCostPerRep) {
            assert_eq!(metric.of(&m), (i + 1) as f64, "{}", metric.key());
        }
        // Derived: per slot-year divided by the filled share of slots.
        assert_eq!(Metric::ProgrammeCostPerRep.of(&m), 100.0 * 12.0 / 19.0);
        let empty = ReplicationMetrics { programme_cost: 5.0, headcount_pct: 0.0, ..ReplicationMetrics::default() };
        assert_eq!(Metric::ProgrammeCostPerRep.of(&empty), 0.0);
    }
}
