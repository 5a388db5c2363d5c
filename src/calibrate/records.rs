//! Team records in the shape a CRM export has: one row per rep per period
//! (rep id, period start and length in weeks, quota, bookings, deals won,
//! pay where known, hire week, exit week and whether the exit was voluntary),
//! plus, where available, the team's bookings week by week. Weeks are counted
//! from the first week of the records (week 0); a rep hired before it has a
//! negative hire week. The moments of [`super::moments`] read nothing else,
//! so the same definitions serve a simulation ([`super::observe`]) and a
//! company's export.

use serde::{Deserialize, Serialize};

/// Weeks in a calendar quarter of the records (periods nest in quarters
/// counted from week 0).
pub const QUARTER_WEEKS: i64 = 13;

/// Weeks in a year.
pub const YEAR_WEEKS: f64 = 52.0;

/// One rep's figures for one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepPeriod {
    /// Rep identifier, stable across the rep's rows.
    pub rep: u64,
    /// First week of the period (the rep's first week in post in it, when
    /// hired during the period).
    pub start: i64,
    /// Weeks the rep was in post in the period (at least 1).
    pub weeks: u32,
    /// Quota of those weeks (USD; 0 when the rep had none).
    pub quota: f64,
    /// Bookings of those weeks (USD).
    pub bookings: f64,
    /// Deals won, when the export has them.
    pub deals_won: Option<u32>,
    /// Total pay of those weeks (USD), when the export has it.
    pub pay: Option<f64>,
    /// The rep's first week in post.
    pub hire_week: i64,
    /// The rep's last week in post, when the rep left within the records.
    pub exit_week: Option<i64>,
    /// Whether that exit was the rep's own decision (`None` without an exit).
    pub voluntary: Option<bool>,
}

impl RepPeriod {
    /// The period's last week.
    pub fn end(&self) -> i64 {
        self.start + i64::from(self.weeks) - 1
    }

    /// The rep's tenure in weeks in the middle of the period.
    pub fn mid_tenure_weeks(&self) -> f64 {
        self.start as f64 + f64::from(self.weeks) / 2.0 - self.hire_week as f64
    }
}

/// The records of one team over a window of weeks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Records {
    /// Weeks the records cover, from week 0.
    pub weeks: u32,
    /// One row per rep per period, covering every week each rep was in post.
    pub rows: Vec<RepPeriod>,
    /// The team's bookings in each week (`weeks` entries), when known.
    pub weekly_bookings: Option<Vec<f64>>,
}

/// What the records say about one rep: hire, exit and why.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RepSpan {
    /// First week in post.
    pub hire_week: i64,
    /// Last week in post, if the rep left within the records.
    pub exit_week: Option<i64>,
    /// Whether the exit was voluntary.
    pub voluntary: Option<bool>,
}

impl Records {
    /// Rep-weeks in post over the window.
    pub fn rep_weeks(&self) -> f64 {
        self.rows.iter().map(|r| f64::from(r.weeks)).sum()
    }

    /// Years the window covers.
    pub fn years(&self) -> f64 {
        f64::from(self.weeks) / YEAR_WEEKS
    }

    /// Each rep's hire and exit, by rep id (from its first row), in id order.
    pub fn reps(&self) -> std::collections::BTreeMap<u64, RepSpan> {
        let mut reps = std::collections::BTreeMap::new();
        for r in &self.rows {
            reps.entry(r.rep).or_insert(RepSpan {
                hire_week: r.hire_week,
                exit_week: r.exit_week,
                voluntary: r.voluntary,
            });
        }
        reps
    }
}
