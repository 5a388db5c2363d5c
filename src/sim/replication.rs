//! The weekly loop of one replication of one strategy.
//!
//! Order within a week: fill vacancies; open a quota period; rotate incentives;
//! read the team-level signals every rep reacts to (contest cut-offs, leaderboard
//! ranks, team attainment); each rep then feels pressure, weighs rewards, chooses
//! effort, sells, maybe games, and tires; rounds and periods close (prizes,
//! recognition, bonuses, penalties, improvement plans); motivation and
//! satisfaction move; people quit; forced ranking runs at each year end.

use std::f64::consts::SQRT_2;

use super::kernels::{
    self, BookConsts, BookOut, ChooseOut, Isa, LANES, RegimeConsts, SideInputs, WeekConsts, WeekDraws,
};
use super::metrics::{ATTAINMENT_BINS, N_SERIES, ReplicationMetrics, TENURE_BUCKETS, WeekRow};
use super::rep_block::{RepBlock, in_post, lane_of};
use super::streams::{self, Purpose, StreamKey, uniform};
use crate::config::Scenario;
use crate::model::attrition::{self, PEER_QUIT_MEMORY};
use crate::model::pay::{self, PayBreakdown};
use crate::model::policy::Policy;
use crate::model::rep::{Rep, Traits};
use crate::model::{contest, fatigue, gaming, motivation, quota, reward, sales};

/// Attainment below which a period counts as a miss for improvement plans.
pub const PIP_MISS_LEVEL: f64 = 0.8;

/// Puts a new person in lane `l` of `block` and the per-person constants the
/// weekly loop needs (sustainable effort, outside pay offer).
fn place(block: &mut RepBlock, l: usize, rep: &Rep, scenario: &Scenario) {
    block.set_rep(l, rep);
    block.sustainable[l] = fatigue::sustainable_effort(&scenario.behavior, rep.traits.tolerance);
    block.outside_pay[l] = rep.traits.outside_option * scenario.team.ote;
    block.filled[l] = true;
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
    hires: f64,
    programme: f64,
    voluntary: f64,
    involuntary: f64,
    rep_weeks: f64,
    burnt_weeks: f64,
    effort_sum: f64,
    quarters: f64,
    quarters_at_quota: f64,
}

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
    let (team, mkt, beh) = (&scenario.team, &scenario.market, &scenario.behavior);
    let weeks = scenario.meta.weeks;
    let n = team.size as usize;
    let team_size = (team.team_size as usize).clamp(1, n);
    let n_teams = n.div_ceil(team_size);
    let p_weeks = policy.period_weeks;
    let cv = reward::sales_cv(mkt.deals_per_week, mkt.deal_size_sd);
    let spot_chance = spot_probability(mkt.deal_size, mkt.deal_size_sd, policy.spot.1);
    let mut m = ReplicationMetrics::default();
    let mut tot = Totals::default();

    // The starting team, LANES slots to a block.
    let mut reps = vec![RepBlock::default(); n.div_ceil(LANES)];
    for i in 0..n {
        let (b, l) = lane_of(i);
        let mut rng = key.rng(Purpose::Person, i as u64, 0, 0);
        let traits = Traits::draw(team, beh, &mut rng);
        let tenure = (-team.initial_tenure_weeks * uniform(&mut rng).ln()).min(1040.0) as u32;
        let ramp = Rep::ramp(tenure, team.ramp_weeks, team.ramp_start);
        let pipeline = mkt.sales_cycle_weeks * mkt.deals_per_week * traits.skill * ramp;
        let block = &mut reps[b];
        place(block, l, &Rep::new(traits, tenure, beh, pipeline, policy.weekly_ote), scenario);
        block.week_stream[l] = key.prefix(Purpose::RepWeek, i as u64, 0);
    }
    let team_of: Vec<usize> = (0..n).map(|i| i / team_size).collect();

    // Reused buffers.
    let mut peer_quits = vec![0.0; n_teams];
    let mut team_pool = vec![0.0; n_teams];
    let mut team_members = vec![0usize; n_teams];
    let mut members_f = vec![1.0; n_teams];
    let mut team_sat = vec![0.0; n_teams];
    let mut ranks: Vec<(f64, usize)> = Vec::with_capacity(n);
    let mut leaders: Vec<u128> = Vec::with_capacity(n);
    let mut scores: Vec<f64> = Vec::with_capacity(n);
    let mut team_contest = vec![0.0; n_teams];
    let mut team_sales = vec![0.0; n_teams];
    let mut team_quota = vec![0.0; n_teams];
    let mut week_pay = vec![PayBreakdown::default(); n];
    let mut headcount_weeks = 0.0;
    let mut exits: Vec<(usize, Exit)> = Vec::with_capacity(n);
    let mut leaving = vec![false; n];
    let mut sides = vec![SideInputs::default(); reps.len()];
    let mut choose_out = vec![ChooseOut::default(); reps.len()];
    let mut draws = vec![WeekDraws::default(); reps.len()];
    let mut book_out = vec![BookOut::default(); reps.len()];
    let mut closing = vec![0usize; reps.len() * LANES];
    let mut booked_out = vec![[0.0; LANES]; reps.len()];
    let mut quits = vec![[false; LANES]; reps.len()];
    let mut observed: Vec<(usize, Rep)> = Vec::with_capacity(if observer.watches_reps() { n } else { 0 });
    let isa = Isa::detect();
    let book = BookConsts {
        deal_size: mkt.deal_size,
        detection: gaming::detection_probability(policy.monitoring, beh.gaming_detection),
        commission: (policy.commission_rate, policy.accelerator, policy.cap),
        team_share: policy.team_share,
    };
    let base_hazard = attrition::weekly_base_hazard(beh.quit_rate);

    for t in 0..weeks {
        let demand = market[t as usize];
        let week_in_period = t % p_weeks;
        let weeks_left = f64::from(p_weeks - week_in_period);
        let share_left = weeks_left / f64::from(p_weeks);

        // One pass over the slots: vacancies and hiring, a new quota period, the
        // rotation of the incentive menu, and the head count of each team. Each
        // step touches only its own slot, so doing them slot by slot gives the
        // same state as doing each for all slots in turn.
        let new_period = week_in_period == 0;
        let rotate = policy.rotate_every > 0 && t > 0 && t % policy.rotate_every == 0;
        team_members.iter_mut().for_each(|x| *x = 0);
        for i in 0..n {
            let (b, l) = lane_of(i);
            let r = &mut reps[b];
            if !r.filled[l] {
                if r.vacancy_left[l] > 0 {
                    r.vacancy_left[l] -= 1;
                    continue;
                }
                r.hires[l] += 1;
                let mut rng = key.rng(Purpose::Person, i as u64, u64::from(r.hires[l]), 0);
                let mut hire = Rep::new(Traits::draw(team, beh, &mut rng), 0, beh, 0.0, policy.weekly_ote);
                let left = p_weeks - week_in_period;
                hire.quota = quota::next_quota(
                    policy.base_quota,
                    0.0,
                    None,
                    quota::mean_ramp(0, left, team.ramp_weeks, team.ramp_start),
                ) * f64::from(left)
                    / f64::from(p_weeks);
                place(r, l, &hire, scenario);
                tot.hires += 1.0;
            }
            if new_period {
                let last = if r.full_last_period[l] { Some(r.last_period_sales[l]) } else { None };
                let ramp = quota::mean_ramp(r.tenure[l], p_weeks, team.ramp_weeks, team.ramp_start);
                r.quota[l] = quota::next_quota(policy.base_quota, policy.ratchet, last, ramp);
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
                r.adaptation_money[l] = reward::rotate(r.adaptation_money[l], beh.rotation_reset);
                r.adaptation_other[l] = reward::rotate(r.adaptation_other[l], 0.5 * beh.rotation_reset);
            }
            team_members[team_of[i]] += 1;
        }

        // Team-level signals.
        for (f, &m) in members_f.iter_mut().zip(&team_members) {
            *f = m.max(1) as f64;
        }
        if policy.leaderboard {
            // Highest attainment first, ties by slot: one integer key per rep
            // in that order (`descending_key`), so the sort compares integers.
            leaders.clear();
            leaders.extend((0..n).filter(|&i| in_post(&reps, i)).map(|i| {
                let (b, l) = lane_of(i);
                (u128::from(descending_key(reps[b].attainment(l))) << 64) | i as u128
            }));
            leaders.sort_unstable();
            let denom = (leaders.len().max(2) - 1) as f64;
            for (rank, &key) in leaders.iter().enumerate() {
                let (b, l) = lane_of(key as u64 as usize);
                sides[b].shame[l] = rank as f64 / denom;
            }
        }
        let contest_state = policy.contest.map(|(round, prize, winners, team_scope)| {
            scores.clear();
            if team_scope {
                for (k, total) in team_contest.iter_mut().enumerate() {
                    *total = team_contest_sales(&reps, k * team_size..((k + 1) * team_size).min(n));
                }
                scores.extend_from_slice(&team_contest);
            } else {
                scores.extend((0..n).filter(|&i| in_post(&reps, i)).map(|i| {
                    let (b, l) = lane_of(i);
                    reps[b].contest_sales[l]
                }));
            }
            let (last_in, first_out) = contest::cutoffs_unsorted(&mut scores, winners);
            let left = f64::from(round - t % round);
            (prize, winners, team_scope, last_in, first_out, left)
        });
        for (i, &k) in team_of.iter().enumerate() {
            let (b, l) = lane_of(i);
            let side = &mut sides[b];
            side.members[l] = members_f[k];
            side.team_contest[l] = team_contest[k];
            side.peer_quits[l] = peer_quits[k];
        }

        // Each rep's week.
        team_pool.iter_mut().for_each(|x| *x = 0.0);
        week_pay.iter_mut().for_each(|p| *p = PayBreakdown::default());
        let mut week_revenue = 0.0;
        let mut week_gamed = 0.0;
        let mut week_booked = 0.0;
        // In passes over the slots: what each rep feels and chooses, and the
        // week's draws, lane-wise over the blocks in place (`sim::kernels`;
        // vacant lanes are computed and ignored); the deal sizes of the reps
        // who close deals; bookings and commission lane-wise; then one rep at
        // a time the sums that must be added in slot order. No slot reads
        // another slot's state within the week, so this is the same
        // arithmetic as one pass over the reps (docs/performance.md).
        let week = WeekConsts {
            p_weeks,
            demand,
            weeks_left,
            share_left,
            cv,
            spot_chance,
            contest: contest_state,
            recognition_left: policy.recognition.map_or(0.0, |(cadence, ..)| f64::from(cadence - t % cadence)),
        };
        kernels::choose(isa, &mut reps, &sides, &mut choose_out, scenario, policy, &week);
        kernels::draw(isa, &reps, &choose_out, &mut sides, &mut draws, u64::from(t));
        // The reps in post who close deals this week (listed without a branch
        // per rep), then their deal sizes one rep at a time, continuing each
        // rep's stream: the loop over deals runs only where there are deals.
        let mut closers = 0;
        for (b, (r, d)) in reps.iter().zip(&draws).enumerate() {
            for l in 0..LANES {
                let i = b * LANES + l;
                book_out[b].sold[l] = 0.0;
                closing[closers] = i;
                closers += usize::from(r.filled[l] && d.deals[l] > 0.0);
            }
        }
        for &i in &closing[..closers] {
            let (b, l) = lane_of(i);
            let (d, o) = (&draws[b], &choose_out[b]);
            let mut rng = streams::rng_after(d.seed[l], kernels::LANE_DRAWS);
            let deals = match d.deals[l] as u32 {
                sales::POISSON_TERMS => sales::poisson_given_zero(o.lambda[l], o.p_zero[l], d.u_deals[l], &mut rng),
                head => head,
            };
            let (mut revenue, mut spot) = (0.0, 0.0);
            for _ in 0..deals {
                let size = sales::deal_size(mkt.deal_size, mkt.deal_size_sd, &mut rng);
                revenue += size;
                if policy.spot.0 > 0.0 && size >= policy.spot.1 {
                    spot += policy.spot.0;
                }
            }
            book_out[b].sold[l] = revenue;
            week_pay[i].spot += spot;
        }
        kernels::book(isa, &mut reps, &choose_out, &draws, &mut booked_out, &mut book_out, &book);
        // Then, one rep at a time in slot order, the sums.
        for (((b, r), bo), booked_lanes) in reps.iter().enumerate().zip(&book_out).zip(&booked_out) {
            for l in (0..LANES).filter(|&l| r.filled[l]) {
                let i = b * LANES + l;
                let booked = booked_lanes[l];
                let pay = &mut week_pay[i];
                team_pool[team_of[i]] += policy.team_share * policy.commission_rate * booked;
                pay.base = policy.base_pay;
                pay.commission = bo.commission[l];
                pay.clawback += bo.clawback[l];
                let (real, e) = (bo.real[l], r.effort[l]);

                // floor(tenure x 12 / 52) in integers: the same as in floating point,
                // since 3 x tenure / 13 is either exact or at least 1/13 from an integer.
                let bucket = ((r.tenure[l] as usize * 12) / 52).min(TENURE_BUCKETS - 1);
                m.sales_by_tenure[bucket] += real;
                m.weeks_by_tenure[bucket] += 1.0;

                week_revenue += real;
                week_gamed += bo.gamed[l];
                week_booked += booked;
                tot.rep_weeks += 1.0;
                tot.effort_sum += e;
            }
        }
        // Totals, accruals, fatigue, relationships, skill and tenure, lane-wise.
        kernels::settle(isa, &mut reps, &booked_out, &choose_out, scenario, policy);
        tot.revenue += week_revenue;
        tot.gamed += week_gamed;
        tot.booked += week_booked;
        if observer.watches_reps() {
            observed.clear();
            observed.extend((0..n).filter(|&i| in_post(&reps, i)).map(|i| {
                let (b, l) = lane_of(i);
                (i, reps[b].rep(l))
            }));
            observer.week(t, &mut observed.iter().map(|(i, r)| (*i, r)));
        }

        // Contest round end.
        if let Some((round, prize, winners, team_scope)) = policy.contest
            && (t + 1) % round == 0
        {
            award_contest(&mut reps, n, &mut week_pay, team_size, n_teams, prize, winners, team_scope, &mut ranks);
        }

        // Recognition round end.
        if let Some((cadence, top_only, bar, cost)) = policy.recognition
            && (t + 1) % cadence == 0
        {
            let mut awards = 0.0;
            for k in 0..n_teams {
                let range = k * team_size..((k + 1) * team_size).min(n);
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
                        reps[b].recognition_glow[l] = 1.0;
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
                            r.recognition_glow[l] = 1.0;
                            awards += 1.0;
                        }
                    }
                }
            }
            tot.programme += awards * cost;
            for r in reps.iter_mut() {
                r.recognition_sales = [0.0; LANES];
                r.recognition_quota = [0.0; LANES];
            }
        }

        // Quota period end: bonuses, penalties, improvement plans.
        exits.clear();
        if week_in_period == p_weeks - 1 {
            for (i, pay) in week_pay.iter_mut().enumerate() {
                let (b, l) = lane_of(i);
                let r = &mut reps[b];
                if !r.filled[l] {
                    continue;
                }
                let a = r.attainment(l);
                if a >= 1.0 {
                    pay.bonus += (1.0 - policy.team_share) * policy.bonus_per_period;
                } else {
                    pay.penalty += pay::miss_penalty(policy.miss_penalty, policy.variable_target_per_period, a);
                }
                // Improvement plans look at clear misses only.
                if a < PIP_MISS_LEVEL {
                    r.misses[l] += 1;
                } else {
                    r.misses[l] = 0;
                    r.on_pip[l] = false;
                }
                pay.clawback += r.inflated_commission[l];
                r.inflated_commission[l] = 0.0;
                if policy.pip_after > 0 && r.tenure[l] >= team.ramp_weeks {
                    if r.on_pip[l] && a < PIP_MISS_LEVEL {
                        exits.push((i, Exit::Involuntary));
                    } else if r.misses[l] >= policy.pip_after {
                        r.on_pip[l] = true;
                    }
                }
                r.last_period_sales[l] = r.period_sales[l];
            }
            // Team part of the quota bonus, on end-of-period team attainment.
            if policy.team_share > 0.0 {
                let (sales_k, quota_k) = (&mut team_sales, &mut team_quota);
                sales_k.iter_mut().for_each(|x| *x = 0.0);
                quota_k.iter_mut().for_each(|x| *x = 0.0);
                for i in (0..n).filter(|&i| in_post(&reps, i)) {
                    let (b, l) = lane_of(i);
                    sales_k[team_of[i]] += reps[b].period_sales[l];
                    quota_k[team_of[i]] += reps[b].quota[l];
                }
                for i in (0..n).filter(|&i| in_post(&reps, i)) {
                    let k = team_of[i];
                    if quota_k[k] > 0.0 && sales_k[k] >= quota_k[k] {
                        week_pay[i].bonus += policy.team_share * policy.bonus_per_period;
                    }
                }
            }
        }

        // Quarter end: the attainment metric (independent of the quota period).
        let quarter_end = (t + 1) % 13 == 0 || (t + 1 == weeks && weeks < 13);
        if quarter_end {
            let quarter_len = if weeks < 13 { weeks } else { 13 };
            for i in 0..n {
                let (b, l) = lane_of(i);
                let r = &mut reps[b];
                if r.filled[l] && r.tenure[l] >= quarter_len && r.quarter_quota[l] > 0.0 {
                    let a = r.quarter_sales[l] / r.quarter_quota[l];
                    tot.quarters += 1.0;
                    if a >= 1.0 {
                        tot.quarters_at_quota += 1.0;
                    }
                    let bin = ((a.max(0.0) * 10.0) as usize).min(ATTAINMENT_BINS - 1);
                    m.attainment_histogram[bin] += 1.0;
                }
            }
            for r in reps.iter_mut() {
                r.quarter_sales = [0.0; LANES];
                r.quarter_quota = [0.0; LANES];
            }
        }

        // Motivation, adaptation, satisfaction, pay memory.
        let controlling = motivation::controlling(
            policy.contingent_share,
            policy.monitoring,
            policy.leaderboard,
            policy.miss_penalty,
        );
        let money_active = policy.contingent_share > 0.0 || policy.contest.is_some() || policy.spot.0 > 0.0;
        for (i, pay) in week_pay.iter_mut().enumerate() {
            if in_post(&reps, i) {
                let (b, l) = lane_of(i);
                // The team commission pool, split among the members in post
                // (nothing between the selling pass and here reads commission).
                let k = team_of[i];
                pay.commission += team_pool[k] / members_f[k];
                tot.pay.add(pay);
                sides[b].pay_total[l] = pay.total();
            }
        }
        let regime = RegimeConsts { controlling, money_active };
        kernels::satisfy(isa, &mut reps, &sides, scenario, policy, &regime);
        // (Summed per team for the drift below, in slot order.)
        team_sat.iter_mut().for_each(|x| *x = 0.0);
        for (i, &k) in team_of.iter().enumerate() {
            let (b, l) = lane_of(i);
            if reps[b].filled[l] {
                team_sat[k] += reps[b].satisfaction[l];
            }
        }
        tot.programme += policy.programme_cost_per_rep_week() * team_members.iter().sum::<usize>() as f64;

        // Morale drifts toward the team mean; cohesion from team pay strengthens it.
        // Then voluntary quits, and the sums of the weekly row (nothing the row
        // reads changes after this pass). One pass: each step reads only the
        // rep's own state and team values fixed before the pass.
        for &(i, _) in &exits {
            leaving[i] = true;
        }
        for (mean, &m) in team_sat.iter_mut().zip(&members_f) {
            *mean /= m;
        }
        for (i, &k) in team_of.iter().enumerate() {
            let (b, l) = lane_of(i);
            sides[b].team_satisfaction[l] = team_sat[k];
        }
        kernels::leave(isa, &mut reps, &sides, &mut quits, scenario, policy, base_hazard);
        let mut row = [0.0; N_SERIES];
        let mut count = 0.0;
        for (b, r) in reps.iter().enumerate() {
            for l in (0..LANES).filter(|&l| r.filled[l]) {
                row[1] += r.effort[l];
                row[2] += r.intrinsic[l];
                row[3] += r.extrinsic[l];
                row[4] += r.pressure[l];
                row[5] += r.fatigue[l];
                row[6] += r.satisfaction[l];
                row[8] += if r.burnt_out[l] { 1.0 } else { 0.0 };
                count += 1.0;
                let i = b * LANES + l;
                if quits[b][l] && !leaving[i] {
                    exits.push((i, Exit::Voluntary));
                    leaving[i] = true;
                }
            }
        }

        // Forced ranking at each year end.
        if policy.forced_ranking > 0.0 && (t + 1) % 52 == 0 {
            ranks.clear();
            ranks.extend((0..n).filter_map(|i| {
                let (b, l) = lane_of(i);
                let r = &reps[b];
                (r.filled[l] && r.tenure[l] >= 26 && r.year_quota[l] > 0.0 && !leaving[i])
                    .then(|| (r.year_sales[l] / r.year_quota[l], i))
            }));
            ranks.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let cut = (policy.forced_ranking * ranks.len() as f64).floor() as usize;
            exits.extend(ranks.iter().take(cut).map(|&(_, i)| (i, Exit::Involuntary)));
        }
        if (t + 1) % 52 == 0 {
            for r in reps.iter_mut() {
                r.year_sales = [0.0; LANES];
                r.year_quota = [0.0; LANES];
            }
        }

        // Exits leave vacancies; peers remember.
        peer_quits.iter_mut().for_each(|x| *x *= PEER_QUIT_MEMORY);
        for &(i, why) in &exits {
            leaving[i] = false;
            let k = team_of[i];
            let (b, l) = lane_of(i);
            reps[b].vacancy_left[l] = team.hiring_lag_weeks;
            match why {
                Exit::Voluntary => {
                    tot.voluntary += 1.0;
                    peer_quits[k] += 1.0 / team_members[k].max(1) as f64;
                }
                Exit::Involuntary => tot.involuntary += 1.0,
            }
        }

        let voluntary = exits.iter().filter(|e| e.1 == Exit::Voluntary).count();
        observer.exits(t, voluntary, exits.len() - voluntary);

        // Weekly row (before exits take effect, so it describes the week worked).
        headcount_weeks += team_members.iter().sum::<usize>() as f64;
        // Burnt-out reps in post this week (a whole count: the same in any order).
        tot.burnt_weeks += row[8];
        weekly[t as usize] = week_row(row, count, n, week_revenue, week_gamed, week_booked);
        for &(i, _) in &exits {
            let (b, l) = lane_of(i);
            reps[b].filled[l] = false;
        }
    }

    // Headline metrics.
    let years = f64::from(weeks) / 52.0;
    let slots_years = n as f64 * years;
    let mean_headcount = (headcount_weeks / f64::from(weeks)).max(1e-9);
    m.revenue = tot.revenue / slots_years;
    m.comp = tot.pay.total() / slots_years;
    m.turnover_cost = tot.hires * team.hire_cost / slots_years;
    m.programme_cost = tot.programme / slots_years;
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
    let last = weekly[weeks as usize - 1];
    m.intrinsic_motivation = last[2];
    m.extrinsic_drive = last[3];
    m.pressure = last[4];
    m.fatigue = last[5];
    m.satisfaction = last[6];
    m
}

/// Chance that one deal is at least `threshold` (log-normal sizes with mean `mean`).
fn spot_probability(mean: f64, log_sd: f64, threshold: f64) -> f64 {
    if log_sd <= 0.0 {
        return if mean >= threshold { 1.0 } else { 0.0 };
    }
    let z = ((threshold / mean).ln() + 0.5 * log_sd * log_sd) / log_sd;
    0.5 * libm_erfc(z / SQRT_2)
}

/// Complementary error function (statrs).
fn libm_erfc(x: f64) -> f64 {
    statrs::function::erf::erfc(x)
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
fn team_contest_sales(reps: &[RepBlock], range: std::ops::Range<usize>) -> f64 {
    range
        .filter_map(|i| {
            let (b, l) = lane_of(i);
            reps[b].filled[l].then_some(reps[b].contest_sales[l])
        })
        .sum()
}

/// Pays contest prizes at the end of a round and resets the round's scores.
/// `ranked` is scratch space (its contents are replaced).
#[allow(clippy::too_many_arguments)]
fn award_contest(
    reps: &mut [RepBlock],
    n: usize,
    week_pay: &mut [PayBreakdown],
    team_size: usize,
    n_teams: usize,
    prize: f64,
    winners: usize,
    team_scope: bool,
    ranked: &mut Vec<(f64, usize)>,
) {
    ranked.clear();
    if team_scope {
        ranked.extend((0..n_teams).map(|k| (team_contest_sales(reps, k * team_size..((k + 1) * team_size).min(n)), k)));
    } else {
        ranked.extend((0..n).filter_map(|i| {
            let (b, l) = lane_of(i);
            reps[b].filled[l].then_some((reps[b].contest_sales[l], i))
        }));
    }
    // The order is total (ties broken by id), so an unstable sort gives the
    // same order as a stable one, without a scratch allocation.
    ranked.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let winners = winners.min(ranked.len());
    let share = if winners > 0 { prize / winners as f64 } else { 0.0 };
    let mut win = |reps: &mut [RepBlock], i: usize, amount: f64| {
        let (b, l) = lane_of(i);
        week_pay[i].prizes += amount;
        reps[b].recognition_glow[l] = reps[b].recognition_glow[l].max(0.5);
    };
    for &(_, id) in ranked.iter().take(winners) {
        if team_scope {
            let range = id * team_size..((id + 1) * team_size).min(n);
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

/// Means over the reps in post for the weekly series, from the sums `row` over
/// the `count` reps in post.
fn week_row(mut row: WeekRow, count: f64, n: usize, revenue: f64, gamed: f64, booked: f64) -> WeekRow {
    if count > 0.0 {
        for v in &mut row[1..=6] {
            *v /= count;
        }
        row[8] /= count;
    }
    row[0] = revenue / n as f64;
    row[7] = count / n as f64;
    row[9] = if booked > 0.0 { gamed / booked } else { 0.0 };
    row
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
