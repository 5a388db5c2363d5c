//! The weekly loop of one replication of one strategy: the calendar, the
//! team-level steps (vacancies and hiring, leaderboard and contest signals,
//! round and period ends, forced ranking, exits) and the order in which the
//! phases of a rep's week (`sim::week`) run over the whole team.
//!
//! [`run_observed`] is a sequence of named phase calls on the replication's
//! state (`Replication`): fill vacancies and open a quota period (and
//! rotate incentives); read the team-level signals every rep reacts to
//! (contest cut-offs, leaderboard ranks, team head counts); each rep then
//! chooses effort, draws its luck, closes deals and books them (lane-wise
//! kernels, `sim::kernels`), and the week's sums are added in slot order;
//! reps settle (totals, fatigue, relationships, skill); rounds and periods
//! close (prizes, recognition, bonuses, penalties, improvement plans, the
//! quarter's attainment); reps feel (pay, motivation, satisfaction) and
//! decide whether to leave; forced ranking runs at each year end; exits
//! leave vacancies and peers remember them; the weekly row is recorded.
//!
//! Each lane-wise step touches only its own slot, so doing it block by block
//! gives the same state as doing one rep at a time; every sum over reps is
//! added in slot order, so the bits do not depend on the blocks
//! (`docs/performance.md`).

use std::f64::consts::SQRT_2;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use super::kernels::{self, BookOut, ChooseOut, Isa, LANES, SideInputs, WeekDraws};
use super::metrics::{ReplicationMetrics, WeekRow, attainment_bin, tenure_bucket};
use super::rep_block::{RepBlock, in_post, lane_of};
use super::start::{self, ReplacementCost};
use super::streams::{Purpose, StreamKey, uniform};
use super::week::book::BookTerms;
use super::week::{self, ContestView, RecognitionView, Regime, WeekContext, period, sell};
use super::weekly_row::{self, RowSums};
use crate::config::Scenario;
use crate::model::attrition::{self, FORCED_RANKING_MIN_TENURE, PEER_QUIT_MEMORY};
use crate::model::pay::PayBreakdown;
use crate::model::policy::Policy;
use crate::model::rep::{MAX_START_TENURE, Rep, Traits};
use crate::model::{WEEKS_PER_QUARTER, WEEKS_PER_YEAR, contest, gaming, goal, reward};

/// Attainment below which a period counts as a miss for improvement plans
/// (`model::attrition::PIP_MISS_LEVEL`).
pub use crate::model::attrition::PIP_MISS_LEVEL;

/// Runs `policy` on `scenario` with the streams of `key` and the demand path
/// `market`. Fills `weekly` (one row per week, which must have `scenario.meta.weeks`
/// rows) and returns the replication's metrics.
pub fn run_replication(
    scenario: &Scenario,
    policy: &Policy,
    key: &StreamKey,
    market: &[f64],
    weekly: &mut [WeekRow],
) -> ReplicationMetrics {
    run_observed(scenario, policy, key, market, weekly, &mut NoObserver)
}

/// The team at week 0 of a replication, in steady state under the
/// scenario's baseline plan (`sim::start`), shared by every strategy of the
/// replication: the slots (who is in post, vacancies, the person and state
/// of each rep) and each team's memory of recent quits. Plan bookkeeping
/// (quotas, period, quarter, year, contest and recognition totals, misses
/// and plans, gaming to reverse) starts afresh with each strategy.
#[derive(Debug, Clone)]
pub struct StartingTeam {
    reps: Vec<RepBlock>,
    peer_quits: Vec<f64>,
    /// What the baseline plan is expected to pay beyond base salary
    /// (`expected_contingent_pay`), the pay the starting reps are used to.
    baseline_contingent: f64,
}

/// What `policy` is expected to pay an average rep beyond base salary per
/// week (commission, bonus, penalty at normal output): what reps learn a
/// plan pays when it is announced.
fn expected_contingent_pay(policy: &Policy) -> f64 {
    crate::model::policy::normal_weekly_pay(policy) - policy.base_pay
}

/// The starting team of the replication keyed by `key`: each slot's person
/// drawn (traits from the applicant pool of the baseline plan, tenure, the
/// state that tenure predicts: `sim::start::settle_by_tenure`), then
/// `team.burn_in_weeks` weeks under the baseline plan at the market's mean
/// demand, on the `BurnIn` streams, with its exits, hires and vacancies.
/// Nothing of the burn-in is counted in the results.
pub fn starting_team(scenario: &Scenario, key: &StreamKey) -> StartingTeam {
    let baseline = Policy::new(scenario, &scenario.strategies[scenario.baseline.min(scenario.strategies.len() - 1)]);
    let weeks = scenario.team.burn_in_weeks;
    let drawn = drawn_team(scenario, &baseline, key);
    let mut sim = Replication::new(scenario, &baseline, key, false, &drawn, weeks);
    for t in 0..weeks {
        let week = Week::new(t, 1.0, baseline.period_weeks);
        sim.step(&week, &mut NoObserver);
    }
    sim.hand_over()
}

/// The starting team before its burn-in: each slot's person drawn from its
/// `Person` stream (traits from the applicant pool of `baseline`, tenure,
/// steady-state pipeline and the state tenure predicts), on the `BurnIn`
/// weekly streams.
fn drawn_team(scenario: &Scenario, baseline: &Policy, key: &StreamKey) -> StartingTeam {
    let (team, beh) = (&scenario.team, &scenario.behavior);
    let n = team.size as usize;
    let team_size = (team.team_size as usize).clamp(1, n);
    let mut reps = vec![RepBlock::default(); n.div_ceil(LANES)];
    for i in 0..n {
        let (b, l) = lane_of(i);
        let mut rng = key.rng(Purpose::Person, i as u64, 0, 0);
        let traits = Traits::draw_applicant(team, beh, baseline.hire_skill_factor, &mut rng);
        let tenure = (-team.initial_tenure_weeks * uniform(&mut rng).ln()).min(MAX_START_TENURE) as u32;
        let pipeline = week::steady_pipeline(traits.skill, tenure, scenario);
        let mut rep =
            Rep::new(traits, tenure, beh, pipeline, baseline.weekly_ote, baseline.weekly_ote - baseline.base_pay);
        start::settle_by_tenure(&mut rep, baseline, scenario);
        let block = &mut reps[b];
        place(block, l, &rep, scenario);
        block.week_stream[l] = key.prefix(Purpose::BurnIn, i as u64, 0);
    }
    StartingTeam {
        reps,
        peer_quits: vec![0.0; n.div_ceil(team_size)],
        baseline_contingent: expected_contingent_pay(baseline),
    }
}

/// Watches a replication week by week, for experiments that need more than the
/// weekly means (validation, teaching).
pub trait Observer {
    /// Called once a week after selling and before period ends and exits, with the
    /// slot number and state of every rep in post.
    fn week(&mut self, week: u32, reps: &mut dyn Iterator<Item = (usize, &Rep)>);

    /// Whether [`Observer::week`] looks at the reps: when it does not, the
    /// weekly loop does not assemble them.
    fn watches_reps(&self) -> bool {
        true
    }

    /// Called once a week after quits, improvement plans and forced ranking are
    /// decided, with the number of voluntary and involuntary exits of the week.
    fn exits(&mut self, _week: u32, _voluntary: usize, _involuntary: usize) {}

    /// Called once for each exit of week `week`, just before
    /// [`Observer::exits`]: the slot whose rep leaves (it worked this week and
    /// is gone from next week) and whether the exit was voluntary. For
    /// observers that keep per-rep records (`calibrate::observe`).
    fn exit(&mut self, _week: u32, _slot: usize, _voluntary: bool) {}

    /// Called once a week, after pay is settled and before anyone leaves,
    /// with each rep in post's total pay of the week (base, commission,
    /// bonus, prizes, spot awards, less penalties and claw-backs), only when
    /// [`Observer::watches_reps`] is true.
    fn pay(&mut self, _week: u32, _slot: usize, _total: f64) {}

    /// Slots whose reps the experiment makes quit in week `week`, on top of
    /// the model's own exits: pushed onto `slots`. Called once a week after
    /// forced ranking; a slot that is vacant or already leaving is skipped.
    /// The quits count as voluntary and teammates remember them like any
    /// quit. For experiments that measure what one departure costs (the same
    /// world with and without extra exits); plain observers push nothing.
    fn quits(&mut self, _week: u32, _slots: &mut Vec<usize>) {}
}

/// An observer that watches nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoObserver;

impl Observer for NoObserver {
    /// Only debug builds look at the reps.
    #[inline]
    fn watches_reps(&self) -> bool {
        cfg!(debug_assertions)
    }

    /// Watches nothing in release builds; in debug builds checks every rep's
    /// state invariants every week (`sim::invariants`).
    #[inline]
    fn week(&mut self, _week: u32, _reps: &mut dyn Iterator<Item = (usize, &Rep)>) {
        #[cfg(debug_assertions)]
        for (slot, r) in _reps {
            if let Err(v) = super::invariants::check_rep(r, super::invariants::EFFORT_LIMIT) {
                panic!("invariant broken in week {_week}, slot {slot}: {v}");
            }
        }
    }
}

/// [`run_replication`] with an [`Observer`].
pub fn run_observed<O: Observer + ?Sized>(
    scenario: &Scenario,
    policy: &Policy,
    key: &StreamKey,
    market: &[f64],
    weekly: &mut [WeekRow],
    observer: &mut O,
) -> ReplicationMetrics {
    let start = starting_team(scenario, key);
    // Never stopped: the check compiles away.
    run_weeks(scenario, policy, key, market, &start, weekly, observer, || false).unwrap_or_default()
}

/// [`run_observed`] that looks at `stop` once a week, before the week starts,
/// and gives up (`None`) when it is set: a replication cut short has no
/// metrics, and `weekly` holds only its first weeks. One relaxed atomic load a
/// week is all it costs; the executor passes its cancellation flag here so that
/// Ctrl-C acts within a week of simulated time, however large the scenario.
/// The replication starts from `start` ([`starting_team`] of `scenario` and
/// `key`, which the executor computes once for all the strategies of a
/// replication).
#[allow(clippy::too_many_arguments)]
pub fn run_cancellable<O: Observer + ?Sized>(
    scenario: &Scenario,
    policy: &Policy,
    key: &StreamKey,
    market: &[f64],
    start: &StartingTeam,
    weekly: &mut [WeekRow],
    observer: &mut O,
    stop: &AtomicBool,
) -> Option<ReplicationMetrics> {
    run_weeks(scenario, policy, key, market, start, weekly, observer, || stop.load(Ordering::Relaxed))
}

/// The weekly loop, stopped before any week for which `stop()` is true.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn run_weeks<O: Observer + ?Sized>(
    scenario: &Scenario,
    policy: &Policy,
    key: &StreamKey,
    market: &[f64],
    start: &StartingTeam,
    weekly: &mut [WeekRow],
    observer: &mut O,
    stop: impl Fn() -> bool,
) -> Option<ReplicationMetrics> {
    let mut sim = Replication::new(scenario, policy, key, observer.watches_reps(), start, scenario.meta.weeks);
    sim.credit_exits_before_week_zero();
    for t in 0..scenario.meta.weeks {
        if stop() {
            return None;
        }
        let week = Week::new(t, market[t as usize], policy.period_weeks);
        weekly[t as usize] = sim.step(&week, observer);
    }
    Some(sim.headline_metrics(weekly))
}

/// The calendar of one week.
#[derive(Debug, Clone, Copy)]
struct Week {
    /// The week (from 0).
    t: u32,
    /// Market demand index.
    demand: f64,
    /// Week within the quota period (from 0).
    in_period: u32,
    /// Weeks in a quota period.
    period_weeks: u32,
}

impl Week {
    fn new(t: u32, demand: f64, period_weeks: u32) -> Week {
        Week { t, demand, in_period: t % period_weeks, period_weeks }
    }

    /// Weeks left in the quota period, this one included.
    fn weeks_left(&self) -> u32 {
        self.period_weeks - self.in_period
    }

    /// Whether a quota period opens this week.
    fn opens_period(&self) -> bool {
        self.in_period == 0
    }

    /// Whether a quota period closes this week.
    fn closes_period(&self) -> bool {
        self.in_period == self.period_weeks - 1
    }
}

/// Whether the round of `every` weeks (a contest round, a year) ends in week `t`.
fn round_ends(t: u32, every: u32) -> bool {
    (t + 1).is_multiple_of(every)
}

/// Why someone left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exit {
    Voluntary,
    Involuntary,
}

/// Running totals of one replication.
#[derive(Debug, Default)]
struct Totals {
    revenue: f64,
    booked: f64,
    gamed: f64,
    pay: PayBreakdown,
    dismissals: f64,
    /// Hires called for by this horizon's exits (booked at the exit).
    exit_hires: f64,
    /// Expected margin that this horizon's exits lose after its end, less
    /// what exits before week 0 lose inside it (`sim::start`).
    replacement_accrual: f64,
    /// Programme cost by group: tools, manager time, people programmes.
    tools: f64,
    manager: f64,
    people: f64,
    voluntary: f64,
    involuntary: f64,
    rep_weeks: f64,
    burnt_weeks: f64,
    effort_sum: f64,
    quarters: f64,
    quarters_at_quota: f64,
}

/// The week's revenue, gamed and booked totals, summed in slot order.
#[derive(Debug, Clone, Copy, Default)]
struct WeekSums {
    revenue: f64,
    gamed: f64,
    booked: f64,
}

/// Slots and teams: slot `i` is in team `i / team_size`; the last team may
/// be smaller.
#[derive(Debug, Clone, Copy)]
struct Layout {
    /// Rep slots.
    slots: usize,
    /// Slots per team.
    team_size: usize,
    /// Teams.
    teams: usize,
}

impl Layout {
    /// The slots of team `k`.
    fn team(&self, k: usize) -> Range<usize> {
        k * self.team_size..((k + 1) * self.team_size).min(self.slots)
    }
}

/// Per-team values, one entry per team.
#[derive(Debug)]
struct Teams {
    /// Team of each slot.
    of: Vec<usize>,
    /// Members in post this week.
    members: Vec<usize>,
    /// Members in post this week, at least 1, as a float.
    members_f: Vec<f64>,
    /// Memory of recent quits (a decaying share of the team).
    peer_quits: Vec<f64>,
    /// This week's team commission pool.
    pool: Vec<f64>,
    /// Satisfaction summed, then the mean.
    satisfaction: Vec<f64>,
    /// Contest scores (team contests).
    contest: Vec<f64>,
    /// Period sales and quotas (the team bonus).
    sales: Vec<f64>,
    quota: Vec<f64>,
    /// Normal weekly output of the members in post (the team bonus's pull).
    capacity: Vec<f64>,
}

/// Puts a new person in lane `l` of `block` and the per-person constants the
/// weekly loop needs (sustainable effort, outside pay offer).
fn place(block: &mut RepBlock, l: usize, rep: &Rep, scenario: &Scenario) {
    block.set_rep(l, rep);
    block.sustainable[l] = week::sustainable(&rep.traits, scenario);
    block.outside_pay[l] = week::outside_pay(&rep.traits, scenario);
    block.filled[l] = true;
}

/// The state of one replication of one strategy: the team's rep blocks,
/// per-team values, the week's buffers and the running totals.
struct Replication<'a> {
    scenario: &'a Scenario,
    policy: &'a Policy,
    key: &'a StreamKey,
    layout: Layout,
    /// Instruction set of the kernels.
    isa: Isa,
    /// Week-to-week coefficient of variation of a rep's sales.
    cv: f64,
    /// Chance that one deal earns a spot award.
    spot_chance: f64,
    terms: BookTerms,
    regime: Regime,
    base_hazard: f64,

    /// The team, [`LANES`] slots to a block.
    reps: Vec<RepBlock>,
    teams: Teams,

    // Per block.
    sides: Vec<SideInputs>,
    choose_out: Vec<ChooseOut>,
    draws: Vec<WeekDraws>,
    book_out: Vec<BookOut>,
    booked: Vec<[f64; LANES]>,
    quits: Vec<[bool; LANES]>,

    // Per slot.
    week_pay: Vec<PayBreakdown>,
    /// The slots that close deals this week (the first entries).
    closing: Vec<usize>,
    /// Slots already leaving this week.
    leaving: Vec<bool>,

    // Scratch and lists.
    ranks: Vec<(f64, usize)>,
    leaders: Vec<u128>,
    scores: Vec<f64>,
    exits: Vec<(usize, Exit)>,
    /// Slots an experiment makes quit this week ([`Observer::quits`]).
    made_to_quit: Vec<usize>,
    observed: Vec<(usize, Rep)>,

    tot: Totals,
    m: ReplicationMetrics,
    headcount_weeks: f64,
    /// Weeks of this run (the horizon, or the burn-in).
    horizon: u32,
    /// The expected cost of one exit under this plan, by week after it.
    replacement: ReplacementCost,
}

impl<'a> Replication<'a> {
    /// The team `start` (copied) and empty buffers, for a run of `horizon`
    /// weeks.
    fn new(
        scenario: &'a Scenario,
        policy: &'a Policy,
        key: &'a StreamKey,
        watched: bool,
        start: &StartingTeam,
        horizon: u32,
    ) -> Self {
        let (team, mkt, beh) = (&scenario.team, &scenario.market, &scenario.behavior);
        let n = team.size as usize;
        let team_size = (team.team_size as usize).clamp(1, n);
        let layout = Layout { slots: n, team_size, teams: n.div_ceil(team_size) };
        let blocks = n.div_ceil(LANES);
        let mut reps = start.reps.clone();
        // The plan is announced: each rep's contingent pay moves by what the
        // plan is expected to pay beyond the baseline's, while the reference
        // it is used to stays, so a raise starts out novel and a cut as a loss
        // (`docs/model.md` 3.5). Nothing moves under the baseline itself.
        let announced = expected_contingent_pay(policy) - start.baseline_contingent;
        if announced != 0.0 {
            for r in &mut reps {
                for l in (0..LANES).filter(|&l| r.filled[l]) {
                    r.contingent_pay[l] = (r.contingent_pay[l] + announced).max(0.0);
                }
            }
        }
        let k = layout.teams;
        Replication {
            scenario,
            policy,
            key,
            layout,
            isa: Isa::detect(),
            cv: reward::sales_cv(mkt.deals_per_week, mkt.deal_size_sd),
            spot_chance: spot_probability(mkt.deal_size, mkt.deal_size_sd, policy.spot.1),
            terms: BookTerms::of(scenario, policy),
            regime: Regime::of(policy),
            base_hazard: attrition::weekly_base_hazard(beh.quit_rate),
            reps,
            teams: Teams {
                of: (0..n).map(|i| i / team_size).collect(),
                members: vec![0; k],
                members_f: vec![1.0; k],
                peer_quits: start.peer_quits.clone(),
                pool: vec![0.0; k],
                satisfaction: vec![0.0; k],
                contest: vec![0.0; k],
                sales: vec![0.0; k],
                quota: vec![0.0; k],
                capacity: vec![0.0; k],
            },
            sides: vec![SideInputs::default(); blocks],
            choose_out: vec![ChooseOut::default(); blocks],
            draws: vec![WeekDraws::default(); blocks],
            book_out: vec![BookOut::default(); blocks],
            booked: vec![[0.0; LANES]; blocks],
            quits: vec![[false; LANES]; blocks],
            week_pay: vec![PayBreakdown::default(); n],
            closing: vec![0; blocks * LANES],
            leaving: vec![false; n],
            ranks: Vec::with_capacity(n),
            leaders: Vec::with_capacity(n),
            scores: Vec::with_capacity(n),
            exits: Vec::with_capacity(n),
            made_to_quit: Vec::new(),
            observed: Vec::with_capacity(if watched { n } else { 0 }),
            tot: Totals::default(),
            m: ReplicationMetrics::default(),
            headcount_weeks: 0.0,
            horizon,
            replacement: ReplacementCost::new(scenario, policy),
        }
    }

    /// One week: the phases in their order (module documentation); returns
    /// the week's row.
    #[inline(always)]
    fn step<O: Observer + ?Sized>(&mut self, week: &Week, observer: &mut O) -> WeekRow {
        let t = week.t;
        self.fill_vacancies_and_open_period(week);
        let context = self.team_signals(week);
        self.choose(&context);
        self.draw(t);
        self.deal_sizes();
        self.book();
        let sums = self.sums_in_slot_order();
        self.settle(&sums);
        self.observe(t, observer);
        self.contest_round_end(t);
        self.recognition_round_end(t);
        self.quota_period_end(week);
        self.quarter_end(t);
        self.feel();
        self.observe_pay(t, observer);
        let row = self.leave();
        self.forced_ranking(t);
        self.experiment_quits(t, observer);
        self.exits_and_peer_memory(t, observer);
        let row = self.weekly_row(row, &sums);
        self.vacate();
        row
    }

    /// The team at the end of a burn-in, handed to the strategies: the
    /// people and their state stay, the plan's bookkeeping is cleared and
    /// the weekly streams switch to the replication's own (`RepWeek`).
    fn hand_over(self) -> StartingTeam {
        let mut reps = self.reps;
        for (b, r) in reps.iter_mut().enumerate() {
            for l in 0..LANES {
                r.week_stream[l] = self.key.prefix(Purpose::RepWeek, (b * LANES + l) as u64, 0);
            }
            r.period_sales = [0.0; LANES];
            r.quota = [0.0; LANES];
            r.last_period_sales = [0.0; LANES];
            r.full_last_period = [false; LANES];
            r.quarter_sales = [0.0; LANES];
            r.quarter_quota = [0.0; LANES];
            r.year_sales = [0.0; LANES];
            r.year_quota = [0.0; LANES];
            r.contest_sales = [0.0; LANES];
            r.recognition_sales = [0.0; LANES];
            r.recognition_quota = [0.0; LANES];
            r.misses = [0; LANES];
            r.on_pip = [false; LANES];
            r.inflated_pending = [0.0; LANES];
            r.inflated_commission = [0.0; LANES];
        }
        StartingTeam {
            reps,
            peer_quits: self.teams.peer_quits,
            baseline_contingent: expected_contingent_pay(self.policy),
        }
    }

    /// At week 0: credits the expected margin that exits before week 0 will
    /// still lose inside the horizon (slots vacant, replacements ramping),
    /// `sim::start`. A slot vacant with `v` weeks of vacancy left is in week
    /// `lag − v + 1` after its exit; a rep of tenure `τ` in week
    /// `lag + 1 + τ` after the exit that made room for them.
    fn credit_exits_before_week_zero(&mut self) {
        let lag = self.scenario.team.hiring_lag_weeks;
        let mut credit = 0.0;
        for i in 0..self.layout.slots {
            let (b, l) = lane_of(i);
            let r = &self.reps[b];
            let j = if r.filled[l] {
                lag.saturating_add(1).saturating_add(r.tenure[l])
            } else {
                lag.saturating_sub(r.vacancy_left[l]) + 1
            };
            credit += self.replacement.after(j);
        }
        self.tot.replacement_accrual -= credit;
    }

    /// One pass over the slots: vacancies count down and are filled, a new
    /// quota period opens (the inflated bookings of the last one are
    /// reversed), the incentive menu rotates, and each team's members in post
    /// are counted. Each step touches only its own slot, so doing them slot
    /// by slot gives the same state as doing each for all slots in turn.
    fn fill_vacancies_and_open_period(&mut self, w: &Week) {
        let (scenario, policy, key) = (self.scenario, self.policy, self.key);
        let (team, beh) = (&scenario.team, &scenario.behavior);
        let rotate = policy.rotate_every > 0 && w.t > 0 && w.t.is_multiple_of(policy.rotate_every);
        let (reps, teams, tot) = (&mut self.reps, &mut self.teams, &mut self.tot);
        teams.members.iter_mut().for_each(|x| *x = 0);
        for i in 0..self.layout.slots {
            let (b, l) = lane_of(i);
            let r = &mut reps[b];
            if !r.filled[l] {
                if r.vacancy_left[l] > 0 {
                    r.vacancy_left[l] -= 1;
                    continue;
                }
                r.hires[l] += 1;
                let mut rng = key.rng(Purpose::Person, i as u64, u64::from(r.hires[l]), 0);
                let traits = Traits::draw_applicant(team, beh, policy.hire_skill_factor, &mut rng);
                let pipeline = week::steady_pipeline(traits.skill, 0, scenario);
                let mut hire =
                    Rep::new(traits, 0, beh, pipeline, policy.weekly_ote, policy.weekly_ote - policy.base_pay);
                hire.quota = period::hire_quota(w.weeks_left(), team, policy);
                place(r, l, &hire, scenario);
            }
            if w.opens_period() {
                let last = if r.full_last_period[l] { Some(r.last_period_sales[l]) } else { None };
                r.quota[l] = period::period_quota(r.tenure[l], last, team, policy);
                // Inflated bookings of the last period are reversed against this one
                // (and against the quarter and year totals they inflated).
                let pending = r.inflated_pending[l];
                r.period_sales[l] = -pending;
                r.quarter_sales[l] -= pending;
                r.year_sales[l] -= pending;
                r.inflated_pending[l] = 0.0;
                r.full_last_period[l] = true;
            }
            if rotate {
                // Only what the menu changes is new again: prizes and spot
                // awards within contingent pay, and recognition's forms.
                let share = reward::rotation_share(r.novel_pay[l], r.contingent_pay[l], beh.rotation_reset);
                r.money_reference[l] = reward::rotate(r.money_reference[l], share);
                if policy.recognition.is_some() {
                    r.adaptation_other[l] =
                        reward::rotate(r.adaptation_other[l], reward::OTHER_ROTATION_SHARE * beh.rotation_reset);
                }
            }
            teams.members[teams.of[i]] += 1;
        }
        if rotate {
            tot.people += policy.costs.rotation_per_rep * teams.members.iter().sum::<usize>() as f64;
        }
    }

    /// The team-level signals every rep reacts to: head counts, leaderboard
    /// ranks, contest cut-offs; gathered into each block's side inputs, and
    /// the week as the reps see it.
    fn team_signals(&mut self, w: &Week) -> WeekContext {
        let policy = self.policy;
        for (f, &m) in self.teams.members_f.iter_mut().zip(&self.teams.members) {
            *f = m.max(1) as f64;
        }
        if policy.leaderboard {
            self.leaderboard();
        }
        let contest = self.contest_cutoffs(w.t);
        let team_bonus = policy.team_share > 0.0 && policy.bonus_per_period > 0.0;
        if team_bonus {
            self.team_targets(w);
        }
        if matches!(policy.recognition, Some((_, true, _, _))) {
            self.recognition_rivals();
        }
        let teams = &self.teams;
        for (i, &k) in teams.of.iter().enumerate() {
            let (b, l) = lane_of(i);
            let side = &mut self.sides[b];
            side.members[l] = teams.members_f[k];
            side.team_contest[l] = teams.contest[k];
            side.peer_quits[l] = teams.peer_quits[k];
            if team_bonus {
                side.team_left[l] = teams.quota[k] - teams.sales[k];
                side.team_capacity[l] = teams.capacity[k];
            }
        }
        let weeks_left = f64::from(w.weeks_left());
        WeekContext {
            period_weeks: w.period_weeks,
            demand: w.demand,
            weeks_left,
            movable: gaming::movable_share(weeks_left, self.scenario.market.sales_cycle_weeks),
            effort_this_period: goal::effort_this_period(weeks_left, self.scenario.market.sales_cycle_weeks),
            cv: self.cv,
            spot_chance: self.spot_chance,
            team_bonus,
            contest,
            recognition: policy.recognition.map(|(cadence, top_only, bar, _)| RecognitionView {
                top_only,
                bar,
                weeks_left: f64::from(cadence - w.t % cadence),
            }),
        }
    }

    /// Each team's period sales and quota so far and its normal weekly
    /// output this week (its members' capacities), summed in slot order over
    /// the members in post: what the team bonus's pull reads.
    fn team_targets(&mut self, w: &Week) {
        let (scenario, policy, reps, teams) = (self.scenario, self.policy, &self.reps, &mut self.teams);
        teams.sales.iter_mut().for_each(|x| *x = 0.0);
        teams.quota.iter_mut().for_each(|x| *x = 0.0);
        teams.capacity.iter_mut().for_each(|x| *x = 0.0);
        for i in (0..self.layout.slots).filter(|&i| in_post(reps, i)) {
            let (b, l) = lane_of(i);
            let (r, k) = (&reps[b], teams.of[i]);
            teams.sales[k] += r.period_sales[l];
            teams.quota[k] += r.quota[l];
            let cap = week::choose::capacity(r.skill[l], r.tenure[l], r.relationship[l], w.demand, scenario, policy);
            teams.capacity[k] += cap.capacity;
        }
    }

    /// Leaderboard ranks, highest attainment first, ties by slot: one integer
    /// key per rep in that order (`descending_key`), so the sort compares
    /// integers.
    fn leaderboard(&mut self) {
        let reps = &self.reps;
        self.leaders.clear();
        self.leaders.extend((0..self.layout.slots).filter(|&i| in_post(reps, i)).map(|i| {
            let (b, l) = lane_of(i);
            (u128::from(descending_key(reps[b].attainment(l))) << 64) | i as u128
        }));
        self.leaders.sort_unstable();
        let denom = (self.leaders.len().max(2) - 1) as f64;
        for (rank, &key) in self.leaders.iter().enumerate() {
            let (b, l) = lane_of(key as u64 as usize);
            self.sides[b].shame[l] = rank as f64 / denom;
        }
    }

    /// For top-only recognition: each rep's rival, the best attainment so
    /// far in the round of the other reps in post of its team (the
    /// runner-up's, for the leader, the first in slot order among equals; 0
    /// for a rep alone). Each rep's own attainment goes into its `rival`
    /// side input first (lane-wise, vacant lanes −∞), then one branch-free
    /// pass per team keeps the best two.
    fn recognition_rivals(&mut self) {
        for (r, side) in self.reps.iter().zip(self.sides.iter_mut()) {
            for l in 0..LANES {
                let q = r.recognition_quota[l];
                let a = if q > 0.0 { r.recognition_sales[l] / q } else { 0.0 };
                side.rival[l] = if r.filled[l] { a } else { f64::NEG_INFINITY };
            }
        }
        for k in 0..self.layout.teams {
            let (mut best, mut second, mut leader) = (f64::NEG_INFINITY, f64::NEG_INFINITY, usize::MAX);
            for i in self.layout.team(k) {
                let (b, l) = lane_of(i);
                let a = self.sides[b].rival[l];
                second = second.max(best.min(a));
                leader = if a > best { i } else { leader };
                best = best.max(a);
            }
            for i in self.layout.team(k) {
                let (b, l) = lane_of(i);
                self.sides[b].rival[l] = if i == leader { second } else { best }.max(0.0);
            }
        }
    }

    /// The running contest's scores (team sums in a team contest) and
    /// cut-offs.
    fn contest_cutoffs(&mut self, t: u32) -> Option<ContestView> {
        let (round, prize, winners, team_scope) = self.policy.contest?;
        let reps = &self.reps;
        self.scores.clear();
        if team_scope {
            for (k, total) in self.teams.contest.iter_mut().enumerate() {
                *total = team_contest_sales(reps, self.layout.team(k));
            }
            self.scores.extend_from_slice(&self.teams.contest);
        } else {
            self.scores.extend((0..self.layout.slots).filter(|&i| in_post(reps, i)).map(|i| {
                let (b, l) = lane_of(i);
                reps[b].contest_sales[l]
            }));
        }
        let (last_in, first_out) = contest::cutoffs_unsorted(&mut self.scores, winners);
        let weeks_left = f64::from(round - t % round);
        Some(ContestView { prize, winners, team: team_scope, last_in, first_out, weeks_left })
    }

    /// What each rep feels and chooses (lane-wise; vacant lanes are computed
    /// and ignored).
    fn choose(&mut self, context: &WeekContext) {
        let (scenario, policy) = (self.scenario, self.policy);
        kernels::choose(self.isa, &mut self.reps, &self.sides, &mut self.choose_out, scenario, policy, context);
    }

    /// The week's draws and deal counts (lane-wise).
    fn draw(&mut self, t: u32) {
        kernels::draw(self.isa, &self.reps, &self.choose_out, &mut self.sides, &mut self.draws, u64::from(t));
    }

    /// The reps in post who close deals this week (listed without a branch
    /// per rep), then their deal sizes one rep at a time, continuing each
    /// rep's stream: the loop over deals runs only where there are deals.
    /// Starts the week's pay (spot awards).
    fn deal_sizes(&mut self) {
        let (scenario, policy) = (self.scenario, self.policy);
        self.week_pay.iter_mut().for_each(|p| *p = PayBreakdown::default());
        let mut closers = 0;
        for (b, (r, d)) in self.reps.iter().zip(&self.draws).enumerate() {
            for l in 0..LANES {
                self.book_out[b].sold[l] = 0.0;
                self.closing[closers] = b * LANES + l;
                closers += usize::from(r.filled[l] && d.deals[l] > 0.0);
            }
        }
        for &i in &self.closing[..closers] {
            let (b, l) = lane_of(i);
            let (d, o) = (&self.draws[b], &self.choose_out[b]);
            let sold =
                sell::close_deals(d.seed[l], d.deals[l], o.lambda[l], o.p_zero[l], d.u_deals[l], scenario, policy);
            self.book_out[b].sold[l] = sold.revenue;
            self.week_pay[i].spot += sold.spot;
        }
    }

    /// Gaming, pull-ins, bookings, commission and clawbacks (lane-wise).
    fn book(&mut self) {
        let isa = self.isa;
        kernels::book(
            isa,
            &mut self.reps,
            &self.choose_out,
            &self.draws,
            &mut self.booked,
            &mut self.book_out,
            &self.terms,
        );
    }

    /// One rep at a time in slot order, the sums that must be added in that
    /// order: the team commission pools, the week's pay, sales by tenure,
    /// the week's revenue, gamed and booked totals, rep-weeks and effort.
    fn sums_in_slot_order(&mut self) -> WeekSums {
        let policy = self.policy;
        let (teams, m, tot) = (&mut self.teams, &mut self.m, &mut self.tot);
        teams.pool.iter_mut().for_each(|x| *x = 0.0);
        let mut sums = WeekSums::default();
        for (((b, r), bo), booked_lanes) in self.reps.iter().enumerate().zip(&self.book_out).zip(&self.booked) {
            for l in (0..LANES).filter(|&l| r.filled[l]) {
                let i = b * LANES + l;
                let booked = booked_lanes[l];
                let pay = &mut self.week_pay[i];
                teams.pool[teams.of[i]] += policy.team_share * policy.commission_rate * booked;
                pay.base = policy.base_pay;
                pay.commission = bo.commission[l];
                pay.clawback += bo.clawback[l];
                let (real, e) = (bo.real[l], r.effort[l]);

                let bucket = tenure_bucket(r.tenure[l]);
                m.sales_by_tenure[bucket] += real;
                m.weeks_by_tenure[bucket] += 1.0;

                sums.revenue += real;
                sums.gamed += bo.gamed[l];
                sums.booked += booked;
                tot.rep_weeks += 1.0;
                tot.effort_sum += e;
            }
        }
        sums
    }

    /// Totals, accruals, fatigue, relationships, skill and tenure
    /// (lane-wise), and the week's totals into the replication's.
    fn settle(&mut self, sums: &WeekSums) {
        let (scenario, policy) = (self.scenario, self.policy);
        kernels::settle(self.isa, &mut self.reps, &self.booked, &self.choose_out, scenario, policy);
        self.tot.revenue += sums.revenue;
        self.tot.gamed += sums.gamed;
        self.tot.booked += sums.booked;
    }

    /// Shows the observer every rep in post, when it looks.
    fn observe<O: Observer + ?Sized>(&mut self, t: u32, observer: &mut O) {
        if observer.watches_reps() {
            let reps = &self.reps;
            self.observed.clear();
            self.observed.extend((0..self.layout.slots).filter(|&i| in_post(reps, i)).map(|i| {
                let (b, l) = lane_of(i);
                (i, reps[b].rep(l))
            }));
            observer.week(t, &mut self.observed.iter().map(|(i, r)| (*i, r)));
        }
    }

    /// Shows the observer each rep in post's pay of the week, when it looks.
    fn observe_pay<O: Observer + ?Sized>(&mut self, t: u32, observer: &mut O) {
        if observer.watches_reps() {
            for (i, pay) in self.week_pay.iter().enumerate() {
                if in_post(&self.reps, i) {
                    observer.pay(t, i, pay.total());
                }
            }
        }
    }

    /// At a contest round's end: prizes to the winners (reps, or the members
    /// in post of the winning teams), recognition glow, and the round's
    /// scores reset.
    fn contest_round_end(&mut self, t: u32) {
        let Some((round, prize, winners, team_scope)) = self.policy.contest else { return };
        if !round_ends(t, round) {
            return;
        }
        self.tot.people += self.policy.costs.contest_admin_per_rep * self.teams.members.iter().sum::<usize>() as f64;
        let (layout, reps, ranked) = (self.layout, &mut self.reps, &mut self.ranks);
        ranked.clear();
        if team_scope {
            ranked.extend((0..layout.teams).map(|k| (team_contest_sales(reps, layout.team(k)), k)));
        } else {
            ranked.extend((0..layout.slots).filter_map(|i| {
                let (b, l) = lane_of(i);
                reps[b].filled[l].then_some((reps[b].contest_sales[l], i))
            }));
        }
        // The order is total (ties broken by id), so an unstable sort gives the
        // same order as a stable one, without a scratch allocation.
        ranked.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let winners = winners.min(ranked.len());
        let share = if winners > 0 { prize / winners as f64 } else { 0.0 };
        let week_pay = &mut self.week_pay;
        let mut win = |reps: &mut [RepBlock], i: usize, amount: f64| {
            let (b, l) = lane_of(i);
            week_pay[i].prizes += amount;
            reps[b].recognition_glow[l] = reps[b].recognition_glow[l].max(reward::CONTEST_WINNER_GLOW);
        };
        for &(_, id) in ranked.iter().take(winners) {
            if team_scope {
                let range = layout.team(id);
                let members = range.clone().filter(|&i| in_post(reps, i)).count().max(1) as f64;
                for i in range {
                    if in_post(reps, i) {
                        win(reps, i, share / members);
                    }
                }
            } else {
                win(reps, id, share);
            }
        }
        for r in reps.iter_mut() {
            r.contest_sales = [0.0; LANES];
        }
    }

    /// At a recognition round's end: awards (to the best rep of each team,
    /// or to all who clear the bar), their cost, and the round's totals
    /// reset.
    fn recognition_round_end(&mut self, t: u32) {
        let Some((cadence, top_only, bar, cost)) = self.policy.recognition else { return };
        if !round_ends(t, cadence) {
            return;
        }
        let reps = &mut self.reps;
        let mut awards = 0.0;
        for k in 0..self.layout.teams {
            let range = self.layout.team(k);
            if top_only {
                let ratio = |i: usize| {
                    let (b, l) = lane_of(i);
                    reps[b].recognition_sales[l] / reps[b].recognition_quota[l]
                };
                let best = range
                    .filter(|&i| {
                        let (b, l) = lane_of(i);
                        reps[b].filled[l] && reps[b].recognition_quota[l] > 0.0
                    })
                    .max_by(|&a, &b| ratio(a).total_cmp(&ratio(b)).then(b.cmp(&a)));
                if let Some(j) = best {
                    let (b, l) = lane_of(j);
                    reps[b].recognition_glow[l] = reward::AWARD_GLOW;
                    awards += 1.0;
                }
            } else {
                for i in range {
                    let (b, l) = lane_of(i);
                    let r = &mut reps[b];
                    if r.filled[l]
                        && r.recognition_quota[l] > 0.0
                        && r.recognition_sales[l] >= bar * r.recognition_quota[l]
                    {
                        r.recognition_glow[l] = reward::AWARD_GLOW;
                        awards += 1.0;
                    }
                }
            }
        }
        self.tot.people += awards * cost;
        for r in reps.iter_mut() {
            r.recognition_sales = [0.0; LANES];
            r.recognition_quota = [0.0; LANES];
        }
    }

    /// At a quota period's end: each rep's bonus or penalty, the clawback of
    /// undetected inflated commission; then the team part of the bonus, on
    /// end-of-period team attainment.
    fn quota_period_end(&mut self, w: &Week) {
        let policy = self.policy;
        if !w.closes_period() {
            return;
        }
        let reps = &mut self.reps;
        for (i, pay) in self.week_pay.iter_mut().enumerate() {
            let (b, l) = lane_of(i);
            let r = &mut reps[b];
            if !r.filled[l] {
                continue;
            }
            let a = r.attainment(l);
            period::period_pay(a, pay, policy);
            pay.clawback += r.inflated_commission[l];
            r.inflated_commission[l] = 0.0;
            r.last_period_sales[l] = r.period_sales[l];
        }
        if policy.team_share > 0.0 {
            let teams = &mut self.teams;
            teams.sales.iter_mut().for_each(|x| *x = 0.0);
            teams.quota.iter_mut().for_each(|x| *x = 0.0);
            for i in (0..self.layout.slots).filter(|&i| in_post(reps, i)) {
                let (b, l) = lane_of(i);
                teams.sales[teams.of[i]] += reps[b].period_sales[l];
                teams.quota[teams.of[i]] += reps[b].quota[l];
            }
            for i in (0..self.layout.slots).filter(|&i| in_post(reps, i)) {
                let k = teams.of[i];
                if teams.quota[k] > 0.0 && teams.sales[k] >= teams.quota[k] {
                    self.week_pay[i].bonus += period::team_bonus(policy);
                }
            }
        }
    }

    /// At a calendar quarter's end (independent of the quota period): the
    /// attainment metric of each rep in post all quarter, and the quarter's
    /// totals reset. A horizon shorter than a quarter is one quarter.
    fn quarter_end(&mut self, t: u32) {
        let weeks = self.scenario.meta.weeks;
        let quarter_end = round_ends(t, WEEKS_PER_QUARTER) || (t + 1 == weeks && weeks < WEEKS_PER_QUARTER);
        if !quarter_end {
            return;
        }
        let quarter_len = weeks.min(WEEKS_PER_QUARTER);
        // The improvement-plan review judges each calendar quarter (13 weeks,
        // whatever the quota period) on its attainment (`period::review`).
        let reviews = round_ends(t, period::REVIEW_WEEKS);
        let (team, policy) = (&self.scenario.team, self.policy);
        let (reps, tot, m) = (&mut self.reps, &mut self.tot, &mut self.m);
        for i in 0..self.layout.slots {
            let (b, l) = lane_of(i);
            let r = &mut reps[b];
            if r.filled[l] && r.tenure[l] >= quarter_len && r.quarter_quota[l] > 0.0 {
                let a = r.quarter_sales[l] / r.quarter_quota[l];
                tot.quarters += 1.0;
                if a >= 1.0 {
                    tot.quarters_at_quota += 1.0;
                }
                m.attainment_histogram[attainment_bin(a)] += 1.0;
            }
            if reviews && r.filled[l] && r.quarter_quota[l] > 0.0 {
                let a = r.quarter_sales[l] / r.quarter_quota[l];
                let review = period::review(a, r.misses[l], r.on_pip[l], r.tenure[l], team, policy);
                if review.on_pip && !r.on_pip[l] {
                    tot.manager += policy.costs.pip;
                }
                r.misses[l] = review.misses;
                r.on_pip[l] = review.on_pip;
                if review.dismissed {
                    self.exits.push((i, Exit::Involuntary));
                }
            }
        }
        for r in reps.iter_mut() {
            r.quarter_sales = [0.0; LANES];
            r.quarter_quota = [0.0; LANES];
        }
    }

    /// The week's pay (with each rep's part of the team commission pool)
    /// into the totals; pay memory, motivation, adaptation and satisfaction
    /// (lane-wise); each team's satisfaction summed in slot order; the
    /// programme cost.
    fn feel(&mut self) {
        let (scenario, policy) = (self.scenario, self.policy);
        let (reps, teams) = (&mut self.reps, &mut self.teams);
        for (i, pay) in self.week_pay.iter_mut().enumerate() {
            if in_post(reps, i) {
                let (b, l) = lane_of(i);
                // The team commission pool, split among the members in post
                // (nothing between the selling pass and here reads commission).
                let k = teams.of[i];
                pay.commission += teams.pool[k] / teams.members_f[k];
                self.tot.pay.add(pay);
                self.sides[b].pay_total[l] = pay.total();
                self.sides[b].pay_novel[l] = pay.prizes + pay.spot;
            }
        }
        kernels::feel(self.isa, reps, &self.sides, scenario, policy, &self.regime);
        teams.satisfaction.iter_mut().for_each(|x| *x = 0.0);
        for (i, &k) in teams.of.iter().enumerate() {
            let (b, l) = lane_of(i);
            if reps[b].filled[l] {
                teams.satisfaction[k] += reps[b].satisfaction[l];
            }
        }
        // Weekly lever costs, per rep in post (once per strategy-week).
        let in_post = teams.members.iter().sum::<usize>() as f64;
        let costs = &policy.costs;
        self.tot.tools += costs.tools_per_rep_week * in_post;
        self.tot.manager += costs.manager_per_rep_week * in_post;
        self.tot.people += costs.people_per_rep_week * in_post;
    }

    /// Morale drifts toward the team mean and reps decide whether to quit
    /// (lane-wise); then, in slot order, the voluntary quits of reps not
    /// already leaving join the exits, and the weekly row's sums are added
    /// (nothing the row reads changes after this pass).
    fn leave(&mut self) -> RowSums {
        let (scenario, policy) = (self.scenario, self.policy);
        for &(i, _) in &self.exits {
            self.leaving[i] = true;
        }
        let teams = &mut self.teams;
        for (mean, &m) in teams.satisfaction.iter_mut().zip(&teams.members_f) {
            *mean /= m;
        }
        for (i, &k) in teams.of.iter().enumerate() {
            let (b, l) = lane_of(i);
            self.sides[b].team_satisfaction[l] = teams.satisfaction[k];
        }
        kernels::leave(self.isa, &mut self.reps, &self.sides, &mut self.quits, scenario, policy, self.base_hazard);
        let mut row = RowSums::new();
        for (b, (r, quits)) in self.reps.iter().zip(&self.quits).enumerate() {
            for l in (0..LANES).filter(|&l| r.filled[l]) {
                row.add(r, l);
                let i = b * LANES + l;
                if quits[l] && !self.leaving[i] {
                    self.exits.push((i, Exit::Voluntary));
                    self.leaving[i] = true;
                }
            }
        }
        row
    }

    /// At each year end: forced ranking lets the bottom share of the
    /// eligible reps go (in post long enough, with a year quota, not already
    /// leaving); the year's totals reset.
    fn forced_ranking(&mut self, t: u32) {
        if !round_ends(t, WEEKS_PER_YEAR) {
            return;
        }
        let policy = self.policy;
        if policy.forced_ranking > 0.0 {
            let (reps, leaving) = (&self.reps, &self.leaving);
            self.ranks.clear();
            self.ranks.extend((0..self.layout.slots).filter_map(|i| {
                let (b, l) = lane_of(i);
                let r = &reps[b];
                (r.filled[l] && r.tenure[l] >= FORCED_RANKING_MIN_TENURE && r.year_quota[l] > 0.0 && !leaving[i])
                    .then(|| (r.year_sales[l] / r.year_quota[l], i))
            }));
            self.ranks.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let cut = (policy.forced_ranking * self.ranks.len() as f64).floor() as usize;
            self.exits.extend(self.ranks.iter().take(cut).map(|&(_, i)| (i, Exit::Involuntary)));
        }
        for r in self.reps.iter_mut() {
            r.year_sales = [0.0; LANES];
            r.year_quota = [0.0; LANES];
        }
    }

    /// The quits an experiment asks for ([`Observer::quits`]) join the
    /// week's exits as voluntary quits, for reps in post not already leaving.
    fn experiment_quits<O: Observer + ?Sized>(&mut self, t: u32, observer: &mut O) {
        self.made_to_quit.clear();
        observer.quits(t, &mut self.made_to_quit);
        for &i in &self.made_to_quit {
            if i < self.layout.slots && in_post(&self.reps, i) && !self.leaving[i] {
                self.exits.push((i, Exit::Voluntary));
                self.leaving[i] = true;
            }
        }
    }

    /// Exits leave vacancies (for the hiring lag); the team's memory of
    /// quits decays, then takes in the week's voluntary quits; the observer
    /// hears the week's exits.
    fn exits_and_peer_memory<O: Observer + ?Sized>(&mut self, t: u32, observer: &mut O) {
        self.hand_over_pipelines();
        let teams = &mut self.teams;
        teams.peer_quits.iter_mut().for_each(|x| *x *= PEER_QUIT_MEMORY);
        // Weeks after this exit that fall past the horizon start at `horizon − t`.
        let past_end = self.replacement.after(self.horizon.saturating_sub(t));
        for &(i, why) in &self.exits {
            self.leaving[i] = false;
            self.tot.exit_hires += 1.0;
            self.tot.replacement_accrual += past_end;
            let k = teams.of[i];
            let (b, l) = lane_of(i);
            self.reps[b].vacancy_left[l] = self.scenario.team.hiring_lag_weeks;
            match why {
                Exit::Voluntary => {
                    self.tot.voluntary += 1.0;
                    teams.peer_quits[k] += 1.0 / teams.members[k].max(1) as f64;
                }
                Exit::Involuntary => {
                    self.tot.involuntary += 1.0;
                    self.tot.dismissals += 1.0;
                }
            }
        }
        for &(i, why) in &self.exits {
            observer.exit(t, i, why == Exit::Voluntary);
        }
        let voluntary = self.exits.iter().filter(|e| e.1 == Exit::Voluntary).count();
        observer.exits(t, voluntary, self.exits.len() - voluntary);
    }

    /// Each leaver's open pipeline: `team.pipeline_handover` of it is
    /// reassigned in equal parts to the teammates in post who are not
    /// leaving this week (in the order of the exits), the rest is lost.
    fn hand_over_pipelines(&mut self) {
        let share = self.scenario.team.pipeline_handover;
        if share <= 0.0 {
            return;
        }
        for &(i, _) in &self.exits {
            let (b, l) = lane_of(i);
            let handed = share * self.reps[b].pipeline[l];
            self.reps[b].pipeline[l] -= handed;
            let team = self.layout.team(self.teams.of[i]);
            let takers = team.clone().filter(|&j| in_post(&self.reps, j) && !self.leaving[j]).count();
            if takers == 0 {
                continue;
            }
            let each = handed / takers as f64;
            for j in team {
                let (b, l) = lane_of(j);
                if self.reps[b].filled[l] && !self.leaving[j] {
                    self.reps[b].pipeline[l] += each;
                }
            }
        }
    }

    /// The weekly row (before exits take effect, so it describes the week
    /// worked), with the week's head count and burnt-out reps into the
    /// totals.
    fn weekly_row(&mut self, row: RowSums, sums: &WeekSums) -> WeekRow {
        self.headcount_weeks += self.teams.members.iter().sum::<usize>() as f64;
        self.tot.burnt_weeks += row.burnt_out();
        row.row(self.layout.slots, sums.revenue, sums.gamed, sums.booked)
    }

    /// The week's exits take effect: their slots are vacant from next week.
    fn vacate(&mut self) {
        for &(i, _) in &self.exits {
            let (b, l) = lane_of(i);
            self.reps[b].filled[l] = false;
        }
        self.exits.clear();
    }

    /// The headline metrics of the replication, from its totals and the
    /// weekly rows `weekly`.
    fn headline_metrics(self, weekly: &[WeekRow]) -> ReplicationMetrics {
        let mkt = &self.scenario.market;
        let weeks = self.scenario.meta.weeks;
        let (tot, mut m, n) = (self.tot, self.m, self.layout.slots);
        let years = f64::from(weeks) / f64::from(WEEKS_PER_YEAR);
        let slots_years = n as f64 * years;
        let mean_headcount = (self.headcount_weeks / f64::from(weeks)).max(1e-9);
        m.revenue = tot.revenue / slots_years;
        m.comp = tot.pay.total() / slots_years;
        m.turnover_cost = (tot.exit_hires * self.replacement.hire
            + tot.replacement_accrual
            + tot.dismissals * self.policy.costs.dismissal)
            / slots_years;
        m.tools_cost = tot.tools / slots_years;
        m.manager_time_cost = tot.manager / slots_years;
        m.people_programme_cost = tot.people / slots_years;
        m.programme_cost = (tot.tools + tot.manager + tot.people) / slots_years;
        m.profit = mkt.gross_margin * m.revenue - m.comp - m.turnover_cost - m.programme_cost;
        m.voluntary_attrition_pct = 100.0 * tot.voluntary / (mean_headcount * years);
        m.involuntary_attrition_pct = 100.0 * tot.involuntary / (mean_headcount * years);
        m.attrition_pct = m.voluntary_attrition_pct + m.involuntary_attrition_pct;
        m.burnout_pct = 100.0 * tot.burnt_weeks / tot.rep_weeks.max(1.0);
        m.quota_attainment_pct = if tot.quarters > 0.0 { 100.0 * tot.quarters_at_quota / tot.quarters } else { 0.0 };
        // Undefined without revenue: left out of the averages rather than made up.
        m.cost_of_sales_pct = if tot.revenue > 0.0 { 100.0 * tot.pay.total() / tot.revenue } else { f64::NAN };
        m.gaming_pct = 100.0 * tot.gamed / tot.booked.max(1.0);
        m.effort = tot.effort_sum / tot.rep_weeks.max(1.0);
        m.headcount_pct = 100.0 * mean_headcount / n as f64;
        weekly_row::last_week_means(&mut m, &weekly[weeks as usize - 1]);
        m
    }
}

/// Chance that one deal is at least `threshold` (log-normal sizes with mean `mean`).
fn spot_probability(mean: f64, log_sd: f64, threshold: f64) -> f64 {
    if log_sd <= 0.0 {
        return if mean >= threshold { 1.0 } else { 0.0 };
    }
    let z = ((threshold / mean).ln() + 0.5 * log_sd * log_sd) / log_sd;
    0.5 * statrs::function::erf::erfc(z / SQRT_2)
}

/// An integer that sorts ascending as `x` sorts descending in the total order
/// of `f64::total_cmp`.
fn descending_key(x: f64) -> u64 {
    let bits = x.to_bits();
    // Ascending in total order: flip every bit of a negative number, only the
    // sign bit of a positive one; then reverse.
    let ascending = if bits >> 63 == 1 { !bits } else { bits | (1 << 63) };
    !ascending
}

/// Contest score of the team in post in slots `range` (summed in slot order).
fn team_contest_sales(reps: &[RepBlock], range: Range<usize>) -> f64 {
    range
        .filter_map(|i| {
            let (b, l) = lane_of(i);
            reps[b].filled[l].then_some(reps[b].contest_sales[l])
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::descending_key;

    #[test]
    fn descending_keys_reverse_the_total_order_of_floats() {
        let xs = [
            f64::NEG_INFINITY,
            -1e300,
            -1.5,
            -f64::MIN_POSITIVE,
            -0.0,
            0.0,
            5e-324,
            0.25,
            1.0,
            1.0 + f64::EPSILON,
            1e300,
            f64::INFINITY,
            f64::NAN,
        ];
        for a in xs {
            for b in xs {
                assert_eq!(descending_key(a).cmp(&descending_key(b)), b.total_cmp(&a), "{a} vs {b}");
            }
        }
    }
}
