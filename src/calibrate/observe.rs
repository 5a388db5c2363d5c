//! A simulation observer that writes a replication's [`Records`]: one row
//! per rep per month of a 4-4-5 calendar (months of 4, 4 and 5 weeks in each
//! 13-week quarter from week 0), with the quota accrued and the bookings of
//! the weeks the rep was in post, the pay of those weeks, hire and exit weeks
//! and why the rep left; and the team's bookings week by week. Deals won are
//! not recorded (`None`). One observer lives for one replication of one arm,
//! so memory does not grow with replications: a collector turns its records
//! into moments and drops them.
//!
//! A week's bookings are the change of the rep's calendar-quarter sales
//! (`Rep::quarter_sales`, which starts each quarter at 0 and takes the
//! reversal of inflated bookings when a quota period opens), and its quota
//! the change of the quarter's accrued quota (`Rep::quarter_quota`).

use super::records::{QUARTER_WEEKS, Records, RepPeriod};
use crate::model::rep::Rep;
use crate::sim::Observer;

/// First weeks of the months within a quarter (a 4-4-5 calendar).
const MONTH_STARTS: [i64; 3] = [0, 4, 8];

/// Whether week `t` opens a month of the 4-4-5 calendar.
fn opens_month(t: i64) -> bool {
    MONTH_STARTS.contains(&t.rem_euclid(QUARTER_WEEKS))
}

/// What the observer knows about the person in one slot.
#[derive(Debug, Clone)]
struct Person {
    id: u64,
    hire_week: i64,
    /// Quarter sales and accrued quota seen last week (0 at a quarter start).
    last_sales: f64,
    last_quota: f64,
    /// The open row (start, weeks, quota, bookings, pay).
    row: Option<RepPeriod>,
}

/// Builds a replication's [`Records`] week by week (see the module
/// documentation).
#[derive(Debug, Clone)]
pub struct RecordsObserver {
    weeks: u32,
    slots: Vec<Option<Person>>,
    next_id: u64,
    rows: Vec<RepPeriod>,
    weekly: Vec<f64>,
    /// Exit of each person, by id: (week, voluntary).
    exits: Vec<(u64, i64, bool)>,
}

impl RecordsObserver {
    /// An observer for a run of `weeks` weeks of a team of `slots` slots.
    pub fn new(weeks: u32, slots: usize) -> Self {
        RecordsObserver {
            weeks,
            slots: vec![None; slots],
            next_id: 0,
            rows: Vec::new(),
            weekly: vec![0.0; weeks as usize],
            exits: Vec::new(),
        }
    }

    /// The records of the run: open rows closed, every row stamped with its
    /// rep's exit; rows in the order they closed.
    pub fn records(&self) -> Records {
        let mut rows = self.rows.clone();
        rows.extend(self.slots.iter().flatten().filter_map(|p| p.row.clone()));
        let exits: std::collections::HashMap<u64, (i64, bool)> =
            self.exits.iter().map(|&(id, week, voluntary)| (id, (week, voluntary))).collect();
        for row in &mut rows {
            if let Some(&(week, voluntary)) = exits.get(&row.rep) {
                row.exit_week = Some(week);
                row.voluntary = Some(voluntary);
            }
        }
        Records { weeks: self.weeks, rows, weekly_bookings: Some(self.weekly.clone()) }
    }

    fn close_row(&mut self, slot: usize) {
        if let Some(row) = self.slots.get_mut(slot).and_then(|p| p.as_mut()).and_then(|p| p.row.take()) {
            self.rows.push(row);
        }
    }
}

/// Keeps the records of the replications it sees.
struct Keep(Vec<(u64, Records)>);

impl crate::experiment::executor::Collector<RecordsObserver> for Keep {
    fn replication(&mut self, r: u64, _runs: &[crate::experiment::executor::ArmRun], observers: &[RecordsObserver]) {
        self.0.push((r, observers[0].records()));
    }

    fn merge(&mut self, other: Self) {
        self.0.extend(other.0);
    }
}

/// The records of replication `replication` of strategy `strategy` of
/// `scenario` on master seed `seed`, run by the experiment executor exactly
/// as the calibration's objective runs its replications: one simulated team
/// history, as the company's CRM would hold it (the synthetic data of tests
/// and examples).
pub fn simulate_records(scenario: &crate::config::Scenario, strategy: usize, seed: u64, replication: u64) -> Records {
    let arms = [crate::experiment::executor::Arm { scenario, strategy }];
    let (weeks, slots) = (scenario.meta.weeks, scenario.team.size as usize);
    let done = crate::experiment::executor::Executor::new(seed).run_observed(
        &arms,
        replication..replication + 1,
        || Keep(Vec::new()),
        |_| RecordsObserver::new(weeks, slots),
    );
    done.collected.0.into_iter().next().map(|(_, r)| r).unwrap_or_default()
}

impl Observer for RecordsObserver {
    fn week(&mut self, week: u32, reps: &mut dyn Iterator<Item = (usize, &Rep)>) {
        let t = i64::from(week);
        if opens_month(t) {
            for slot in 0..self.slots.len() {
                self.close_row(slot);
            }
        }
        let quarter_start = t.rem_euclid(QUARTER_WEEKS) == 0;
        let mut total = 0.0;
        for (slot, rep) in reps {
            if slot >= self.slots.len() {
                continue;
            }
            let person = self.slots[slot].get_or_insert_with(|| {
                self.next_id += 1;
                Person {
                    id: self.next_id,
                    hire_week: t + 1 - i64::from(rep.tenure),
                    last_sales: 0.0,
                    last_quota: 0.0,
                    row: None,
                }
            });
            if quarter_start {
                person.last_sales = 0.0;
                person.last_quota = 0.0;
            }
            let booked = rep.quarter_sales - person.last_sales;
            let quota = rep.quarter_quota - person.last_quota;
            person.last_sales = rep.quarter_sales;
            person.last_quota = rep.quarter_quota;
            total += booked;
            let (id, hire_week) = (person.id, person.hire_week);
            let row = person.row.get_or_insert(RepPeriod {
                rep: id,
                start: t,
                weeks: 0,
                quota: 0.0,
                bookings: 0.0,
                deals_won: None,
                pay: Some(0.0),
                hire_week,
                exit_week: None,
                voluntary: None,
            });
            row.weeks += 1;
            row.quota += quota;
            row.bookings += booked;
        }
        if let Some(w) = self.weekly.get_mut(week as usize) {
            *w = total;
        }
    }

    fn pay(&mut self, _week: u32, slot: usize, total: f64) {
        if let Some(Some(Person { row: Some(row), .. })) = self.slots.get_mut(slot) {
            *row.pay.get_or_insert(0.0) += total;
        }
    }

    fn exit(&mut self, week: u32, slot: usize, voluntary: bool) {
        self.close_row(slot);
        if let Some(person) = self.slots.get_mut(slot).and_then(Option::take) {
            self.exits.push((person.id, i64::from(week), voluntary));
        }
    }
}
