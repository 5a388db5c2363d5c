//! What one departure costs, measured by a controlled experiment: the same
//! world (common random numbers) run twice, once as it is and once with
//! extra quits forced on a fixed set of slots in one week; the difference in
//! profit over the horizon divided by the difference in exits is the all-in
//! cost of one departure: the hire, the margin lost while the slot is vacant
//! and while the new hire ramps up and fills a pipeline, net of the pay not
//! paid meanwhile, and whatever the quits set off (contagion, lost
//! experience). The same difference in revenue, plus the hire cost, is the
//! v1 battery's "lost revenue plus hiring cost" figure. See `docs/model.md`
//! (3.17 and the v2 section) for the decomposition.

use super::ValidationOptions;
use super::arms::ArmRun;
use crate::config::Scenario;
use crate::experiment::executor::{self, Collector};
use crate::experiment::moments::Moments;
use crate::model::WEEKS_PER_YEAR;
use crate::model::rep::Rep;
use crate::sim::Observer;

/// An observer that makes the rep of every `every`-th slot quit in week
/// `week` (slots 0, `every`, 2 `every`, ...); with `every == 0` it makes no
/// one quit.
#[derive(Debug, Clone, Copy, Default)]
pub struct ForcedQuits {
    /// The week of the quits (0-based).
    pub week: u32,
    /// Every how many slots one quits (0: none).
    pub every: usize,
    /// Slots of the team.
    pub slots: usize,
}

impl Observer for ForcedQuits {
    fn watches_reps(&self) -> bool {
        false
    }

    fn week(&mut self, _week: u32, _reps: &mut dyn Iterator<Item = (usize, &Rep)>) {}

    fn quits(&mut self, week: u32, slots: &mut Vec<usize>) {
        if self.every > 0 && week == self.week {
            slots.extend((0..self.slots).step_by(self.every));
        }
    }
}

/// The cost of one departure, per replication (thousand USD).
#[derive(Debug, Clone, Default)]
pub struct DepartureCost {
    /// Profit lost per extra exit (all-in cost).
    pub profit: Moments,
    /// Revenue lost per extra exit plus the hire cost (the v1 battery's
    /// measure, which counts lost revenue rather than lost margin and nets
    /// no pay).
    pub revenue_plus_hire: Moments,
    /// Extra exits per replication (the forced quits and what they set off).
    pub extra_exits: Moments,
}

/// Measures [`DepartureCost`] for `strategy` of `scenario`: the rep of every
/// `every`-th slot quits in week `week`, on `opts.replications` paired
/// replications.
pub fn departure_cost(
    scenario: &Scenario,
    strategy: usize,
    week: u32,
    every: usize,
    opts: &ValidationOptions,
) -> DepartureCost {
    let executor = &opts.executor;
    let arms = [executor::Arm { scenario, strategy }, executor::Arm { scenario, strategy }];
    let slots = scenario.team.size as usize;
    let observer = |arm: usize| ForcedQuits { week, every: if arm == 1 { every } else { 0 }, slots };
    let totals = Totals {
        slot_years: slots as f64 * f64::from(scenario.meta.weeks) / f64::from(WEEKS_PER_YEAR),
        hire_cost: scenario.team.hire_cost,
        cost: DepartureCost::default(),
    };
    executor.run_observed(&arms, 0..opts.replications, || totals.clone(), observer).collected.cost
}

/// Sums of one worker's replications.
#[derive(Debug, Clone)]
struct Totals {
    slot_years: f64,
    hire_cost: f64,
    cost: DepartureCost,
}

impl Collector<ForcedQuits> for Totals {
    fn replication(&mut self, _r: u64, runs: &[ArmRun], _observers: &[ForcedQuits]) {
        let (base, quits) = (&runs[0].metrics, &runs[1].metrics);
        let exits =
            |m: &crate::sim::ReplicationMetrics| m.attrition_pct / 100.0 * m.headcount_pct / 100.0 * self.slot_years;
        let extra = exits(quits) - exits(base);
        if extra >= 1.0 {
            let profit = (base.profit - quits.profit) * self.slot_years / extra;
            let revenue = (base.revenue - quits.revenue) * self.slot_years / extra;
            self.cost.profit.push(profit / 1000.0);
            self.cost.revenue_plus_hire.push((revenue + self.hire_cost) / 1000.0);
        }
        self.cost.extra_exits.push(extra);
    }

    fn merge(&mut self, other: Self) {
        self.cost.profit.merge(&other.cost.profit);
        self.cost.revenue_plus_hire.merge(&other.cost.revenue_plus_hire);
        self.cost.extra_exits.merge(&other.cost.extra_exits);
    }
}
