//! The weekly loop of one replication of one strategy.
//!
//! Order within a week: fill vacancies; open a quota period; rotate incentives;
//! read the team-level signals every rep reacts to (contest cut-offs, leaderboard
//! ranks, team attainment); each rep then feels pressure, weighs rewards, chooses
//! effort, sells, maybe games, and tires; rounds and periods close (prizes,
//! recognition, bonuses, penalties, improvement plans); motivation and
//! satisfaction move; people quit; forced ranking runs at each year end.

use std::f64::consts::SQRT_2;

use super::kernels::{self, ChooseIn, ChooseOut, Isa, LANES, RegimeConsts, SatisfyIn, SatisfyState, WeekConsts};
use super::metrics::{ATTAINMENT_BINS, N_SERIES, ReplicationMetrics, TENURE_BUCKETS, WeekRow};
use super::streams::{Purpose, StreamKey, StreamPrefix, uniform};
use crate::config::Scenario;
use crate::model::attrition::{self, PEER_QUIT_MEMORY, QuitInputs};
use crate::model::pay::{self, PayBreakdown};
use crate::model::policy::Policy;
use crate::model::rep::{Rep, Traits};
use crate::model::satisfaction;
use crate::model::{contest, fatigue, gaming, motivation, quota, reward, sales};

/// Attainment below which a period counts as a miss for improvement plans.
pub const PIP_MISS_LEVEL: f64 = 0.8;

/// One rep slot: the person in it (if any), the vacancy clock, and what the
/// weekly loop needs that is fixed per slot or per person.
#[derive(Debug, Clone)]
struct Slot {
    rep: Rep,
    filled: bool,
    vacancy_left: u32,
    hires: u32,
    /// Team of the slot (slot / team size).
    team: usize,
    /// The slot's weekly stream key, less the week.
    week_stream: StreamPrefix,
    /// `fatigue::sustainable_effort` of the person in post.
    sustainable: f64,
    /// Outside pay offer of the person in post (outside option x OTE).
    outside_pay: f64,
}

impl Slot {
    /// Recomputes the per-person constants after a hire.
    fn person_changed(&mut self, scenario: &Scenario) {
        self.sustainable = fatigue::sustainable_effort(&scenario.behavior, self.rep.traits.tolerance);
        self.outside_pay = self.rep.traits.outside_option * scenario.team.ote;
    }
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

    /// Called once a week after quits, improvement plans and forced ranking are
    /// decided, with the number of voluntary and involuntary exits of the week.
    fn exits(&mut self, _week: u32, _voluntary: usize, _involuntary: usize) {}
}

/// An observer that watches nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoObserver;

impl Observer for NoObserver {
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

    // The starting team.
    let mut slots: Vec<Slot> = (0..n)
        .map(|i| {
            let mut rng = key.rng(Purpose::Person, i as u64, 0, 0);
            let traits = Traits::draw(team, beh, &mut rng);
            let tenure = (-team.initial_tenure_weeks * uniform(&mut rng).ln()).min(1040.0) as u32;
            let ramp = Rep::ramp(tenure, team.ramp_weeks, team.ramp_start);
            let pipeline = mkt.sales_cycle_weeks * mkt.deals_per_week * traits.skill * ramp;
            let mut slot = Slot {
                rep: Rep::new(traits, tenure, beh, pipeline, policy.weekly_ote),
                filled: true,
                vacancy_left: 0,
                hires: 0,
                team: i / team_size,
                week_stream: key.prefix(Purpose::RepWeek, i as u64, 0),
                sustainable: 0.0,
                outside_pay: 0.0,
            };
            slot.person_changed(scenario);
            slot
        })
        .collect();

    // Reused buffers.
    let mut peer_quits = vec![0.0; n_teams];
    let mut team_pool = vec![0.0; n_teams];
    let mut team_members = vec![0usize; n_teams];
    let mut members_f = vec![1.0; n_teams];
    let mut team_sat = vec![0.0; n_teams];
    let mut ranks: Vec<(f64, usize)> = Vec::with_capacity(n);
    let mut shame = vec![0.0; n];
    let mut scores: Vec<f64> = Vec::with_capacity(n);
    let mut team_contest = vec![0.0; n_teams];
    let mut team_sales = vec![0.0; n_teams];
    let mut team_quota = vec![0.0; n_teams];
    let mut week_pay = vec![PayBreakdown::default(); n];
    let mut headcount_weeks = 0.0;
    let mut exits: Vec<(usize, Exit)> = Vec::with_capacity(n);
    let mut leaving = vec![false; n];
    let mut quit_draw = vec![1.0; n];
    let mut choose_in = vec![ChooseIn::default(); n.div_ceil(LANES)];
    let mut choose_out = vec![ChooseOut::default(); n.div_ceil(LANES)];
    let mut satisfy_in = vec![SatisfyIn::default(); n.div_ceil(LANES)];
    let mut satisfy_state = vec![SatisfyState::default(); n.div_ceil(LANES)];
    let isa = Isa::detect();
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
        for (i, slot) in slots.iter_mut().enumerate() {
            if !slot.filled {
                if slot.vacancy_left > 0 {
                    slot.vacancy_left -= 1;
                    continue;
                }
                slot.hires += 1;
                let mut rng = key.rng(Purpose::Person, i as u64, u64::from(slot.hires), 0);
                slot.rep = Rep::new(Traits::draw(team, beh, &mut rng), 0, beh, 0.0, policy.weekly_ote);
                slot.person_changed(scenario);
                let left = p_weeks - week_in_period;
                slot.rep.quota = quota::next_quota(
                    policy.base_quota,
                    0.0,
                    None,
                    quota::mean_ramp(0, left, team.ramp_weeks, team.ramp_start),
                ) * f64::from(left)
                    / f64::from(p_weeks);
                slot.filled = true;
                tot.hires += 1.0;
            }
            let r = &mut slot.rep;
            if new_period {
                let last = if r.full_last_period { Some(r.last_period_sales) } else { None };
                let ramp = quota::mean_ramp(r.tenure, p_weeks, team.ramp_weeks, team.ramp_start);
                r.quota = quota::next_quota(policy.base_quota, policy.ratchet, last, ramp);
                // Inflated bookings of the last period are reversed against this one
                // (and against the quarter and year totals they inflated).
                r.period_sales = -r.inflated_pending;
                r.quarter_sales -= r.inflated_pending;
                r.year_sales -= r.inflated_pending;
                r.inflated_pending = 0.0;
                r.full_last_period = true;
            }
            if rotate {
                r.adaptation_money = reward::rotate(r.adaptation_money, beh.rotation_reset);
                r.adaptation_other = reward::rotate(r.adaptation_other, 0.5 * beh.rotation_reset);
            }
            team_members[slot.team] += 1;
        }

        // Team-level signals.
        for (f, &m) in members_f.iter_mut().zip(&team_members) {
            *f = m.max(1) as f64;
        }
        if policy.leaderboard {
            ranks.clear();
            ranks.extend(slots.iter().enumerate().filter(|(_, s)| s.filled).map(|(i, s)| (s.rep.attainment(), i)));
            // The order is total (ties broken by slot), so an unstable sort gives
            // the same ranks.
            ranks.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let denom = (ranks.len().max(2) - 1) as f64;
            for (rank, &(_, i)) in ranks.iter().enumerate() {
                shame[i] = rank as f64 / denom;
            }
        }
        let contest_state = policy.contest.map(|(round, prize, winners, team_scope)| {
            scores.clear();
            if team_scope {
                for (k, total) in team_contest.iter_mut().enumerate() {
                    *total = slots[k * team_size..((k + 1) * team_size).min(n)]
                        .iter()
                        .filter(|s| s.filled)
                        .map(|s| s.rep.contest_sales)
                        .sum();
                }
                scores.extend_from_slice(&team_contest);
            } else {
                scores.extend(slots.iter().filter(|s| s.filled).map(|s| s.rep.contest_sales));
            }
            let (last_in, first_out) = contest::cutoffs_unsorted(&mut scores, winners);
            let left = f64::from(round - t % round);
            (prize, winners, team_scope, last_in, first_out, left)
        });

        // Each rep's week.
        team_pool.iter_mut().for_each(|x| *x = 0.0);
        let mut week_revenue = 0.0;
        let mut week_gamed = 0.0;
        let mut week_booked = 0.0;
        // In two passes over the slots: first what each rep feels and chooses,
        // lane-wise over blocks of reps (`sim::kernels`: inputs copied out of
        // the slots, the kernel, outputs copied back), then one rep at a time
        // its draws and what it sells and earns. No slot reads another slot's
        // state within the week, so this is the same arithmetic as one pass
        // over the reps (docs/performance.md).
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
        let mut in_post = 0;
        for (i, slot) in slots.iter().enumerate() {
            week_pay[i] = PayBreakdown::default();
            if !slot.filled {
                continue;
            }
            let k = slot.team;
            let r = &slot.rep;
            let (b, l) = (in_post / LANES, in_post % LANES);
            in_post += 1;
            let c = &mut choose_in[b];
            c.productivity[l] =
                r.skill * Rep::ramp(r.tenure, team.ramp_weeks, team.ramp_start) * (1.0 - policy.training_time);
            c.relationship[l] = r.relationship;
            c.quota[l] = r.quota;
            c.period_sales[l] = r.period_sales;
            c.pressure[l] = r.pressure;
            c.tolerance[l] = r.traits.tolerance;
            c.pip_threat[l] = policy.pip_after > 0 && (r.on_pip || r.misses + 1 >= policy.pip_after);
            c.shame[l] = if policy.leaderboard { shame[i] } else { 0.0 };
            c.contest_sales[l] = r.contest_sales;
            c.adaptation_money[l] = r.adaptation_money;
            c.money_sensitivity[l] = r.traits.money_sensitivity;
            c.recognition_quota[l] = r.recognition_quota;
            c.recognition_sales[l] = r.recognition_sales;
            c.adaptation_other[l] = r.adaptation_other;
            c.recognition_sensitivity[l] = r.traits.recognition_sensitivity;
            c.intrinsic[l] = r.intrinsic;
            c.satisfaction[l] = r.satisfaction;
            c.fatigue[l] = r.fatigue;
            c.burnt_out[l] = r.burnt_out;
            c.pipeline[l] = r.pipeline;
            c.members[l] = members_f[k];
            c.team_contest[l] = team_contest[k];
        }
        let blocks = in_post.div_ceil(LANES);
        kernels::choose(isa, &choose_in[..blocks], &mut choose_out[..blocks], scenario, policy, &week);
        let mut j = 0;
        for (i, slot) in slots.iter_mut().enumerate() {
            if !slot.filled {
                continue;
            }
            let k = slot.team;
            let r = &mut slot.rep;
            let pay = &mut week_pay[i];
            let tol = r.traits.tolerance;
            // The kernel's choices: state it updated, and what selling needs.
            let (o, l) = (&choose_out[j / LANES], j % LANES);
            j += 1;
            r.pressure = o.pressure[l];
            r.effort = o.effort[l];
            r.extrinsic = o.extrinsic[l];
            r.pipeline = o.pipeline[l];
            let (lambda, p_zero, conv, excess, e) = (o.lambda[l], o.p_zero[l], o.conv[l], o.excess[l], o.effort[l]);
            let (p_game, pull) = (o.p_game[l], o.pull_share[l]);
            let mut rng = slot.week_stream.rng(u64::from(t));
            let u_deals = uniform(&mut rng);
            let u_game = uniform(&mut rng);
            let u_detect = uniform(&mut rng);
            quit_draw[i] = uniform(&mut rng);
            let deals = sales::poisson_given_zero(lambda, p_zero, u_deals, &mut rng);
            let mut revenue = 0.0;
            for _ in 0..deals {
                let size = sales::deal_size(mkt.deal_size, mkt.deal_size_sd, &mut rng);
                revenue += size;
                if policy.spot.0 > 0.0 && size >= policy.spot.1 {
                    pay.spot += policy.spot.0;
                }
            }

            // Gaming (its chance and the pull-in share come with the week's choices).
            let (mut gamed_real, mut inflated) = (0.0, 0.0);
            if u_game < p_game {
                let pulled = gaming::PULL_SHARE * r.pipeline;
                r.pipeline -= pulled;
                gamed_real = pulled * conv * mkt.deal_size;
                inflated = gaming::INFLATED_SHARE * gamed_real;
                r.relationship = (r.relationship - gaming::RELATIONSHIP_DAMAGE).max(0.0);
            }
            // Pulling deals in to make a step bonus within reach.
            if pull > 0.0 {
                let pulled = pull * r.pipeline;
                r.pipeline -= pulled;
                gamed_real += pulled * conv * mkt.deal_size * (1.0 - gaming::PULL_IN_DISCOUNT);
            }
            let booked = revenue + gamed_real + inflated;

            // Pay on bookings.
            let gross = reward::commission(
                r.period_sales,
                r.period_sales + booked,
                r.quota,
                policy.commission_rate,
                policy.accelerator,
                policy.cap,
            );
            let commission = gross * (1.0 - policy.team_share);
            team_pool[k] += policy.team_share * policy.commission_rate * booked;
            pay.base = policy.base_pay;
            pay.commission = commission;
            if booked > 0.0 && inflated > 0.0 {
                let on_inflated = commission * inflated / booked;
                if u_detect < gaming::detection_probability(policy.monitoring, beh.gaming_detection) {
                    pay.clawback += commission * (gamed_real + inflated) / booked;
                    r.pressure += 0.3;
                } else {
                    r.inflated_commission += on_inflated;
                }
                r.inflated_pending += inflated;
            }

            r.period_sales += booked;
            r.quarter_sales += booked;
            r.year_sales += booked;
            r.contest_sales += booked;
            r.recognition_sales += booked;
            let accrual = r.quota / f64::from(p_weeks);
            r.quarter_quota += accrual;
            r.year_quota += accrual;
            r.recognition_quota += accrual;

            // Fatigue, burnout, relationships, skill, tenure.
            r.fatigue = fatigue::update_fatigue_sustainable(
                beh,
                r.fatigue,
                e,
                r.pressure,
                tol,
                slot.sustainable,
                policy.wellbeing,
            );
            r.burnt_out = fatigue::update_burnout(beh, r.burnt_out, r.fatigue);
            r.relationship = sales::update_relationship(r.relationship, excess);
            r.skill = (r.skill * (1.0 + policy.skill_gain)).min(r.traits.skill * beh.skill_growth_cap);

            let real = revenue + gamed_real;
            // floor(tenure x 12 / 52) in integers: the same as in floating point,
            // since 3 x tenure / 13 is either exact or at least 1/13 from an integer.
            let bucket = ((r.tenure as usize * 12) / 52).min(TENURE_BUCKETS - 1);
            m.sales_by_tenure[bucket] += real;
            m.weeks_by_tenure[bucket] += 1.0;
            r.tenure += 1;

            week_revenue += real;
            week_gamed += gamed_real + inflated;
            week_booked += booked;
            tot.rep_weeks += 1.0;
            tot.effort_sum += e;
            if r.burnt_out {
                tot.burnt_weeks += 1.0;
            }
        }
        tot.revenue += week_revenue;
        tot.gamed += week_gamed;
        tot.booked += week_booked;
        observer.week(t, &mut slots.iter().enumerate().filter(|(_, s)| s.filled).map(|(i, s)| (i, &s.rep)));

        // Team commission pool, split among the members in post.
        for (s, pay) in slots.iter().zip(week_pay.iter_mut()).filter(|(s, _)| s.filled) {
            pay.commission += team_pool[s.team] / members_f[s.team];
        }

        // Contest round end.
        if let Some((round, prize, winners, team_scope)) = policy.contest
            && (t + 1) % round == 0
        {
            award_contest(&mut slots, &mut week_pay, team_size, n_teams, prize, winners, team_scope, &mut ranks);
        }

        // Recognition round end.
        if let Some((cadence, top_only, bar, cost)) = policy.recognition
            && (t + 1) % cadence == 0
        {
            let mut awards = 0.0;
            for k in 0..n_teams {
                let range = k * team_size..((k + 1) * team_size).min(n);
                if top_only {
                    let best = slots[range.clone()]
                        .iter()
                        .enumerate()
                        .filter(|(_, s)| s.filled && s.rep.recognition_quota > 0.0)
                        .max_by(|a, b| {
                            (a.1.rep.recognition_sales / a.1.rep.recognition_quota)
                                .total_cmp(&(b.1.rep.recognition_sales / b.1.rep.recognition_quota))
                                .then(b.0.cmp(&a.0))
                        })
                        .map(|(j, _)| range.start + j);
                    if let Some(j) = best {
                        slots[j].rep.recognition_glow = 1.0;
                        awards += 1.0;
                    }
                } else {
                    for s in slots[range].iter_mut().filter(|s| s.filled) {
                        if s.rep.recognition_quota > 0.0 && s.rep.recognition_sales >= bar * s.rep.recognition_quota {
                            s.rep.recognition_glow = 1.0;
                            awards += 1.0;
                        }
                    }
                }
            }
            tot.programme += awards * cost;
            for s in slots.iter_mut() {
                s.rep.recognition_sales = 0.0;
                s.rep.recognition_quota = 0.0;
            }
        }

        // Quota period end: bonuses, penalties, improvement plans.
        exits.clear();
        if week_in_period == p_weeks - 1 {
            for (i, slot) in slots.iter_mut().enumerate().filter(|(_, s)| s.filled) {
                let r = &mut slot.rep;
                let a = r.attainment();
                if a >= 1.0 {
                    week_pay[i].bonus += (1.0 - policy.team_share) * policy.bonus_per_period;
                } else {
                    week_pay[i].penalty += pay::miss_penalty(policy.miss_penalty, policy.variable_target_per_period, a);
                }
                // Improvement plans look at clear misses only.
                if a < PIP_MISS_LEVEL {
                    r.misses += 1;
                } else {
                    r.misses = 0;
                    r.on_pip = false;
                }
                week_pay[i].clawback += r.inflated_commission;
                r.inflated_commission = 0.0;
                if policy.pip_after > 0 && r.tenure >= team.ramp_weeks {
                    if r.on_pip && a < PIP_MISS_LEVEL {
                        exits.push((i, Exit::Involuntary));
                    } else if r.misses >= policy.pip_after {
                        r.on_pip = true;
                    }
                }
                r.last_period_sales = r.period_sales;
            }
            // Team part of the quota bonus, on end-of-period team attainment.
            if policy.team_share > 0.0 {
                let (sales_k, quota_k) = (&mut team_sales, &mut team_quota);
                sales_k.iter_mut().for_each(|x| *x = 0.0);
                quota_k.iter_mut().for_each(|x| *x = 0.0);
                for (i, s) in slots.iter().enumerate().filter(|(_, s)| s.filled) {
                    sales_k[i / team_size] += s.rep.period_sales;
                    quota_k[i / team_size] += s.rep.quota;
                }
                for (i, _) in slots.iter().enumerate().filter(|(_, s)| s.filled) {
                    let k = i / team_size;
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
            for s in slots.iter_mut() {
                if s.filled && s.rep.tenure >= quarter_len && s.rep.quarter_quota > 0.0 {
                    let a = s.rep.quarter_sales / s.rep.quarter_quota;
                    tot.quarters += 1.0;
                    if a >= 1.0 {
                        tot.quarters_at_quota += 1.0;
                    }
                    let bin = ((a.max(0.0) * 10.0) as usize).min(ATTAINMENT_BINS - 1);
                    m.attainment_histogram[bin] += 1.0;
                }
                s.rep.quarter_sales = 0.0;
                s.rep.quarter_quota = 0.0;
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
        // (Fused with the sums of satisfaction per team for the drift below: the
        // same additions in the same slot order.)
        team_sat.iter_mut().for_each(|x| *x = 0.0);
        // Lane-wise: copy each rep's inputs into blocks, run the kernel, copy back.
        let mut in_post = 0;
        for (i, slot) in slots.iter().enumerate().filter(|(_, s)| s.filled) {
            let r = &slot.rep;
            let (b, l) = (in_post / LANES, in_post % LANES);
            in_post += 1;
            tot.pay.add(&week_pay[i]);
            let (x, st) = (&mut satisfy_in[b], &mut satisfy_state[b]);
            x.pay_total[l] = week_pay[i].total();
            x.trait_intrinsic[l] = r.traits.intrinsic;
            x.outside_pay[l] = slot.outside_pay;
            x.fatigue[l] = r.fatigue;
            x.pressure[l] = r.pressure;
            x.tolerance[l] = r.traits.tolerance;
            x.shame[l] = if policy.leaderboard { shame[i] } else { 0.0 };
            x.peer_quits[l] = peer_quits[slot.team];
            x.on_pip[l] = r.on_pip;
            st.pay_average[l] = r.pay_average;
            st.glow[l] = r.recognition_glow;
            st.intrinsic[l] = r.intrinsic;
            st.adaptation_money[l] = r.adaptation_money;
            st.adaptation_other[l] = r.adaptation_other;
            st.satisfaction[l] = r.satisfaction;
        }
        let blocks = in_post.div_ceil(LANES);
        let regime = RegimeConsts { controlling, money_active };
        kernels::satisfy(isa, &satisfy_in[..blocks], &mut satisfy_state[..blocks], scenario, policy, &regime);
        for (j, slot) in slots.iter_mut().filter(|s| s.filled).enumerate() {
            let (st, l) = (&satisfy_state[j / LANES], j % LANES);
            let r = &mut slot.rep;
            r.pay_average = st.pay_average[l];
            r.intrinsic = st.intrinsic[l];
            r.adaptation_money = st.adaptation_money[l];
            r.adaptation_other = st.adaptation_other[l];
            r.satisfaction = st.satisfaction[l];
            r.recognition_glow = st.glow[l];
            team_sat[slot.team] += r.satisfaction;
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
        let drift = beh.morale_drift * (1.0 + policy.team_share);
        let mut row = [0.0; N_SERIES];
        let mut count = 0.0;
        for (i, slot) in slots.iter_mut().enumerate().filter(|(_, s)| s.filled) {
            let k = slot.team;
            let r = &mut slot.rep;
            r.satisfaction = satisfaction::drift_toward(r.satisfaction, team_sat[k], drift);
            row[1] += r.effort;
            row[2] += r.intrinsic;
            row[3] += r.extrinsic;
            row[4] += r.pressure;
            row[5] += r.fatigue;
            row[6] += r.satisfaction;
            row[8] += if r.burnt_out { 1.0 } else { 0.0 };
            count += 1.0;
            if leaving[i] {
                continue;
            }
            let pay_ratio = r.pay_average * 52.0 / slot.outside_pay;
            let quits = attrition::quits(
                beh,
                base_hazard,
                &QuitInputs {
                    satisfaction: r.satisfaction,
                    fatigue: r.fatigue,
                    pay_ratio,
                    burnt_out: r.burnt_out,
                    peer_quits: peer_quits[k] * (1.0 - 0.5 * policy.team_share),
                    career_path: policy.career_path,
                },
                quit_draw[i],
            );
            if quits {
                exits.push((i, Exit::Voluntary));
                leaving[i] = true;
            }
        }

        // Forced ranking at each year end.
        if policy.forced_ranking > 0.0 && (t + 1) % 52 == 0 {
            ranks.clear();
            ranks.extend(
                slots
                    .iter()
                    .enumerate()
                    .filter(|(i, s)| s.filled && s.rep.tenure >= 26 && s.rep.year_quota > 0.0 && !leaving[*i])
                    .map(|(i, s)| (s.rep.year_sales / s.rep.year_quota, i)),
            );
            ranks.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let cut = (policy.forced_ranking * ranks.len() as f64).floor() as usize;
            exits.extend(ranks.iter().take(cut).map(|&(_, i)| (i, Exit::Involuntary)));
        }
        if (t + 1) % 52 == 0 {
            for s in slots.iter_mut() {
                s.rep.year_sales = 0.0;
                s.rep.year_quota = 0.0;
            }
        }

        // Exits leave vacancies; peers remember.
        peer_quits.iter_mut().for_each(|x| *x *= PEER_QUIT_MEMORY);
        for &(i, why) in &exits {
            leaving[i] = false;
            let k = i / team_size;
            slots[i].vacancy_left = team.hiring_lag_weeks;
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
        weekly[t as usize] = week_row(row, count, n, week_revenue, week_gamed, week_booked);
        for &(i, _) in &exits {
            slots[i].filled = false;
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

/// Pays contest prizes at the end of a round and resets the round's scores.
/// `ranked` is scratch space (its contents are replaced).
#[allow(clippy::too_many_arguments)]
fn award_contest(
    slots: &mut [Slot],
    week_pay: &mut [PayBreakdown],
    team_size: usize,
    n_teams: usize,
    prize: f64,
    winners: usize,
    team_scope: bool,
    ranked: &mut Vec<(f64, usize)>,
) {
    let n = slots.len();
    ranked.clear();
    if team_scope {
        ranked.extend((0..n_teams).map(|k| {
            (
                slots[k * team_size..((k + 1) * team_size).min(n)]
                    .iter()
                    .filter(|s| s.filled)
                    .map(|s| s.rep.contest_sales)
                    .sum(),
                k,
            )
        }));
    } else {
        ranked.extend(slots.iter().enumerate().filter(|(_, s)| s.filled).map(|(i, s)| (s.rep.contest_sales, i)));
    }
    // The order is total (ties broken by id), so an unstable sort gives the
    // same order as a stable one, without a scratch allocation.
    ranked.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let winners = winners.min(ranked.len());
    let share = if winners > 0 { prize / winners as f64 } else { 0.0 };
    for &(_, id) in ranked.iter().take(winners) {
        if team_scope {
            let range = id * team_size..((id + 1) * team_size).min(n);
            let members = slots[range.clone()].iter().filter(|s| s.filled).count().max(1) as f64;
            for i in range {
                if slots[i].filled {
                    week_pay[i].prizes += share / members;
                    slots[i].rep.recognition_glow = slots[i].rep.recognition_glow.max(0.5);
                }
            }
        } else {
            week_pay[id].prizes += share;
            slots[id].rep.recognition_glow = slots[id].rep.recognition_glow.max(0.5);
        }
    }
    for s in slots.iter_mut() {
        s.rep.contest_sales = 0.0;
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
