//! Phase 1, choose effort: what a rep feels and chooses before its luck is
//! drawn.
//!
//! In order: the rep's capacity this week (skill, ramp, training time,
//! demand, customer relationships); its goal for the rest of the period and
//! its chances of making it given how lumpy its own sales are ([`aim`]); the
//! pressure it feels (the felt goal gap, monitoring, consequences); the
//! rewards at the margin of one
//! more unit of effort (commission, bonus, contest, spot awards; recognition
//! and the leaderboard); the effort it gives (drives, fatigue cap, burnout);
//! its pipeline and the deals it can expect; and its gaming intentions (is it
//! behind; how much of the pipeline it pulls in for a step bonus; the chance
//! of stress gaming, [`gaming_chance`], from the new pressure).

use super::WeekContext;
use crate::config::{Behavior, Market, Scenario};
use crate::model::effort::{self, Drives};
use crate::model::policy::Policy;
use crate::model::rep::Rep;
use crate::model::{contest, fastmath, gaming, goal, pressure, quota, reward, sales};

/// What choosing reads of one rep's state (fields of [`Rep`] and its traits).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChooseIn {
    /// [`Rep::skill`].
    pub skill: f64,
    /// [`Rep::tenure`].
    pub tenure: u32,
    /// [`Rep::relationship`].
    pub relationship: f64,
    /// [`Rep::quota`].
    pub quota: f64,
    /// [`Rep::period_sales`].
    pub period_sales: f64,
    /// [`Rep::pressure`], last week's.
    pub pressure: f64,
    /// The trait [`tolerance`](crate::model::rep::Traits::tolerance).
    pub tolerance: f64,
    /// [`Rep::on_pip`].
    pub on_pip: bool,
    /// [`Rep::misses`].
    pub misses: u32,
    /// [`Rep::contest_sales`].
    pub contest_sales: f64,
    /// [`Rep::contingent_pay`].
    pub contingent_pay: f64,
    /// [`Rep::money_reference`].
    pub money_reference: f64,
    /// The trait [`money_sensitivity`](crate::model::rep::Traits::money_sensitivity).
    pub money_sensitivity: f64,
    /// [`Rep::recognition_quota`].
    pub recognition_quota: f64,
    /// [`Rep::recognition_sales`].
    pub recognition_sales: f64,
    /// [`Rep::adaptation_other`].
    pub adaptation_other: f64,
    /// The trait [`recognition_sensitivity`](crate::model::rep::Traits::recognition_sensitivity).
    pub recognition_sensitivity: f64,
    /// [`Rep::intrinsic`].
    pub intrinsic: f64,
    /// [`Rep::satisfaction`].
    pub satisfaction: f64,
    /// [`Rep::fatigue`].
    pub fatigue: f64,
    /// [`Rep::burnt_out`].
    pub burnt_out: bool,
    /// [`Rep::pipeline`].
    pub pipeline: f64,
}

impl ChooseIn {
    /// The fields of `rep`.
    pub fn of(rep: &Rep) -> ChooseIn {
        ChooseIn {
            skill: rep.skill,
            tenure: rep.tenure,
            relationship: rep.relationship,
            quota: rep.quota,
            period_sales: rep.period_sales,
            pressure: rep.pressure,
            tolerance: rep.traits.tolerance,
            on_pip: rep.on_pip,
            misses: rep.misses,
            contest_sales: rep.contest_sales,
            contingent_pay: rep.contingent_pay,
            money_reference: rep.money_reference,
            money_sensitivity: rep.traits.money_sensitivity,
            recognition_quota: rep.recognition_quota,
            recognition_sales: rep.recognition_sales,
            adaptation_other: rep.adaptation_other,
            recognition_sensitivity: rep.traits.recognition_sensitivity,
            intrinsic: rep.intrinsic,
            satisfaction: rep.satisfaction,
            fatigue: rep.fatigue,
            burnt_out: rep.burnt_out,
            pipeline: rep.pipeline,
        }
    }
}

/// What the rep's team and the leaderboard show it this week.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TeamView {
    /// Leaderboard rank from the top over the team (0 top, 1 bottom; 0
    /// without a leaderboard).
    pub shame: f64,
    /// Members of the rep's team in post (at least 1).
    pub members: f64,
    /// The team's contest score (team contests).
    pub team_contest: f64,
    /// What the team still has to sell to make its quota this period (team
    /// quota less team period sales, USD; 0 without a team bonus).
    pub team_left: f64,
    /// The team's normal weekly output this week: the capacities
    /// ([`capacity`]) of its members in post summed (USD; 0 without a team
    /// bonus).
    pub team_capacity: f64,
    /// Attainment so far in the recognition round of the best other rep of
    /// the team (the runner-up's, for the leader; top-only recognition).
    pub rival: f64,
}

/// What a rep chooses: its new state (pressure, effort, extrinsic drive,
/// pipeline) and what the rest of its week needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Choice {
    /// Pressure felt this week.
    pub pressure: f64,
    /// Effort given this week.
    pub effort: f64,
    /// Extrinsic drive felt this week.
    pub extrinsic: f64,
    /// Pipeline after this week's new opportunities and maturing deals.
    pub pipeline: f64,
    /// Expected deals this week.
    pub lambda: f64,
    /// Chance of no deal this week, `exp(-lambda)`.
    pub p_zero: f64,
    /// Conversion multiplier of relationship quality.
    pub conv: f64,
    /// Pressure beyond tolerance, relative to tolerance (`pressure::excess`).
    pub excess: f64,
    /// Share of the pipeline pulled across the period's end (`gaming::pull_in_share`).
    pub pull_share: f64,
    /// Price concession on pulled and secured deals (`gaming::concession`).
    pub concession: f64,
    /// Whether the rep is more than a normal week short of quota (`gaming::behind`).
    pub behind: bool,
}

impl Choice {
    /// Writes the chosen state into `rep`.
    pub fn apply(&self, rep: &mut Rep) {
        rep.pressure = self.pressure;
        rep.effort = self.effort;
        rep.extrinsic = self.extrinsic;
        rep.pipeline = self.pipeline;
    }
}

/// A rep's normal weekly output this week and what it is made of.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Capacity {
    /// Skill x ramp x the share of time spent selling.
    pub productivity: f64,
    /// Conversion multiplier of relationship quality.
    pub conv: f64,
    /// Expected sales at normal effort this week (USD).
    pub capacity: f64,
}

/// The choosing phase of one rep (see the module documentation).
#[inline(always)]
pub fn choose(r: &ChooseIn, team: &TeamView, w: &WeekContext, scenario: &Scenario, policy: &Policy) -> Choice {
    let (beh, mkt) = (&scenario.behavior, &scenario.market);
    let cap = capacity(r.skill, r.tenure, r.relationship, w.demand, scenario, policy);
    let remaining = r.quota - r.period_sales;
    let attainment = Rep::attainment_of(r.period_sales, r.quota);

    // The goal and the chance of making it.
    let cv = goal::own_sales_cv(w.cv, policy.capacity, cap.capacity);
    let aim = aim(r, cap.capacity, cv, w, beh, policy);

    // Pressure.
    let p = felt_pressure(r, team.shame, aim.gap, beh, policy);

    // Rewards at the margin.
    let (money, discouragement) = money_pull(r, team, &cap, cv, remaining, attainment, w, beh, mkt, policy);
    let used_to = reward::money_adaptation(r.money_reference, r.contingent_pay, policy.weekly_ote);
    let extrinsic = r.money_sensitivity * reward::adapted(money / policy.weekly_ote, used_to, beh.adaptation_depth);
    let recognition = recognition_pull(r, team, cap.capacity, w, beh, policy);

    // Effort.
    let drives = Drives {
        intrinsic: r.intrinsic,
        extrinsic,
        recognition,
        challenge: pressure::challenge(p, r.tolerance) * aim.commitment,
        engagement: r.satisfaction,
        discouragement,
    };
    let e = effort::effort(
        effort::desired_effort(beh, &drives),
        effort::effort_cap(beh.max_effort, r.fatigue),
        r.burnt_out,
        beh.burnout_productivity,
    );

    // Timing: what a dollar closed now is worth against one in the next
    // period, from the shape of pay at the rep's position.
    let excess = pressure::excess(p, r.tolerance);
    let timing = timing(r.period_sales, r.quota, cap.capacity, cv, w, policy);

    // Pipeline and expected deals.
    let hold = quota::holdback_share(attainment, policy.ratchet, policy.cap, beh.holdback, w.weeks_left)
        .max(gaming::timing_hold_share(timing.1, w.movable, beh.holdback));
    // Effort, split between prospecting and closing, opens opportunities
    // and works the deals maturing now: harder per deal only when effort
    // outruns the pipeline it built (`sales::closing_intensity`). Near a
    // pressing deadline a share `focus` of the prospecting time goes to
    // closing (`goal::closing_focus`: the goal's urge and the pay's for
    // closing in time; time split evenly otherwise).
    let focus = goal::closing_focus(aim.gap, aim.out_of_reach, timing.0, w.effort_this_period);
    let opened = mkt.deals_per_week * cap.productivity;
    let pull_share =
        gaming::pull_in_share(timing.0, w.movable, excess, beh.pull_forward, policy.monitoring, beh.gaming_detection);
    // Closing time is spread over every deal the rep handles this week: the
    // maturing ones, those held back (kept warm for the next period) and
    // those pulled in (closed early, `book::book`), so moving deals in time
    // concentrates no closing effort on the rest.
    let maturing = r.pipeline / mkt.sales_cycle_weeks;
    let worked = maturing * (1.0 - hold);
    let pipeline = r.pipeline + opened * e * (1.0 - focus) - worked;
    let handled = maturing + pull_share * pipeline;
    let push = sales::closing_push(sales::closing_intensity(e * (1.0 + focus), opened, handled));
    let lambda = worked * push * cap.conv * w.demand;

    Choice {
        pressure: p,
        effort: e,
        extrinsic,
        pipeline,
        lambda,
        p_zero: fastmath::exp(-lambda),
        conv: cap.conv,
        excess,
        pull_share,
        concession: timing.2,
        behind: gaming::behind(remaining, cap.capacity),
    }
}

/// A rep's timing gains this week, (pull in, hold back)
/// (`gaming::timing_gain`), and the price concession a deal closed early
/// would carry (`gaming::concession`): the pay at the margin of a dollar booked in this
/// period, where the rep's sales are headed (its `period_sales` plus normal
/// output `capacity` for the weeks left, spread by its own sales variation
/// `cv`), against the same dollar in a fresh period (`Policy::next_period_pay`),
/// the step bonus of each weighed by how far away it is paid
/// (`goal::urgency`: present bias).
/// Zero while too few deals are still due after the period's end to be
/// moved (`gaming::MIN_MOVABLE`).
#[inline(always)]
pub fn timing(
    period_sales: f64,
    quota: f64,
    capacity: f64,
    cv: f64,
    w: &WeekContext,
    policy: &Policy,
) -> (f64, f64, f64) {
    if w.movable < gaming::MIN_MOVABLE {
        return (0.0, 0.0, gaming::MIN_CONCESSION);
    }
    let weeks = w.weeks_left.max(1.0);
    let this_period =
        gaming::marginal_pay(period_sales + capacity * weeks, capacity * cv * weeks.sqrt(), quota, &policy.pay_shape);
    // Present bias: a bonus paid at this period's end weighs more than one
    // paid at the next period's, a whole period later.
    let now = this_period.felt(goal::urgency(w.weeks_left));
    let next = policy.next_period_pay.felt(goal::urgency(w.weeks_left + f64::from(w.period_weeks)));
    let (pull, hold) = gaming::timing_gain(now, next, policy.variable_rate);
    (pull, hold, gaming::concession(now, next))
}

/// The chance that a rep under `pressure` games the books this week
/// (`gaming::gaming_probability`; 0 outside the gaming window, which the
/// kernel uses to skip it).
#[inline(always)]
pub fn gaming_chance(
    pressure: f64,
    tolerance: f64,
    behind: bool,
    weeks_left: f64,
    beh: &Behavior,
    policy: &Policy,
) -> f64 {
    gaming::gaming_probability(
        beh.gaming_propensity,
        pressure,
        tolerance,
        behind,
        weeks_left,
        policy.monitoring,
        beh.gaming_detection,
    )
}

/// A rep's capacity this week.
#[inline(always)]
pub fn capacity(
    skill: f64,
    tenure: u32,
    relationship: f64,
    demand: f64,
    scenario: &Scenario,
    policy: &Policy,
) -> Capacity {
    let team = &scenario.team;
    // Training and reviews take selling time; the coaching reviews carry
    // adds to what the rest yields (`Policy::productivity_factor`).
    let productivity = skill * Rep::ramp(tenure, team.ramp_weeks, team.ramp_start) * policy.productivity_factor;
    let conv = sales::conversion(relationship, scenario.market.relationship_weight);
    Capacity { productivity, conv, capacity: policy.capacity * productivity * demand * conv }
}

/// What a rep aims at for the rest of the period and how it stands to it
/// (`model::goal`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Aim {
    /// What the rep still aims to sell this period (USD; `goal::goal_left`).
    pub left: f64,
    /// Felt goal gap: the chance of falling short at normal effort, weighed
    /// by the urgency of the period's end (0-1, `goal::felt_gap`).
    pub gap: f64,
    /// Goal commitment: the share of the goal's energising effect kept
    /// (`goal::commitment`).
    pub commitment: f64,
    /// How far out of reach the goal is at a stretch (0-1).
    pub out_of_reach: f64,
}

/// The rep's goal for the rest of the period (the rest of its quota; while
/// selling past quota still pays, at least the quota's pace for the weeks
/// left, up to the cap) and its chances of making it, at normal effort (the
/// felt gap) and at a stretch (commitment, how far out of reach), with
/// normal weekly output `capacity` and own sales variation `cv`.
#[inline(always)]
pub fn aim(r: &ChooseIn, capacity: f64, cv: f64, w: &WeekContext, beh: &Behavior, policy: &Policy) -> Aim {
    let past_quota_rate = reward::ratcheted_rate(
        reward::marginal_commission_rate(1.0, policy.commission_rate, policy.accelerator, policy.cap),
        1.0,
        policy.ratchet,
        beh.holdback,
    );
    let cap_sales = if policy.cap < f64::INFINITY { policy.cap * r.quota } else { f64::INFINITY };
    let pace_left = quota::weekly_accrual(r.quota, f64::from(w.period_weeks)) * w.weeks_left;
    let left = goal::goal_left(r.quota, r.period_sales, pace_left, cap_sales, past_quota_rate > 0.0);
    let chance = goal::reach_chance(left, capacity, w.weeks_left, cv, 1.0);
    let out_of_reach = goal::out_of_reach(goal::reach_chance(left, capacity, w.weeks_left, cv, goal::STRETCH_PACE));
    Aim {
        left,
        gap: goal::felt_gap(chance, w.weeks_left),
        commitment: goal::commitment(out_of_reach, w.effort_this_period),
        out_of_reach,
    }
}

/// The pressure a rep feels this week at felt goal gap `gap`, with
/// leaderboard rank `shame`.
#[inline(always)]
pub fn felt_pressure(r: &ChooseIn, shame: f64, gap: f64, beh: &Behavior, policy: &Policy) -> f64 {
    let pip_threat = policy.pip_after > 0 && (r.on_pip || r.misses + 1 >= policy.pip_after);
    let cons = pressure::consequences(policy.miss_penalty, pip_threat, policy.forced_ranking, shame);
    let target = pressure::target_pressure(beh.pressure_scale, gap, policy.monitoring, cons);
    pressure::update_pressure(r.pressure, target)
}

/// Money at the margin of one more unit of effort (USD a week): commission
/// (free riding on the team pool) and the step bonus (the individual part's
/// gradient read at the rep's own distance to quota and own sales variation
/// `cv`, the team part's at the team's distance to its quota and the team's
/// variation, both discounted by the weeks until the period's end,
/// `goal::urgency`), after payout delay and transparency; the
/// contest and spot awards; with the share of effort lost to discouragement
/// in an individual contest.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub fn money_pull(
    r: &ChooseIn,
    team: &TeamView,
    cap: &Capacity,
    cv: f64,
    remaining: f64,
    attainment: f64,
    w: &WeekContext,
    beh: &Behavior,
    mkt: &Market,
    policy: &Policy,
) -> (f64, f64) {
    let capacity = cap.capacity;
    let rate = reward::ratcheted_rate(
        reward::marginal_commission_rate(attainment, policy.commission_rate, policy.accelerator, policy.cap),
        attainment,
        policy.ratchet,
        beh.holdback,
    );
    // The quota bonus: its individual part moves with the rep's own chance
    // of making quota, its team part (paid to each member when the team
    // makes its quota) with the team's chance, which one more unit of the
    // rep's effort moves by the rep's share of the team's output.
    let team_gradient = if w.team_bonus {
        reward::team_threshold_gradient(team.team_left, team.team_capacity, capacity, w.weeks_left, w.cv, policy)
    } else {
        0.0
    };
    let bonus_gradient = (1.0 - policy.team_share) * reward::threshold_gradient(remaining, capacity, w.weeks_left, cv)
        + policy.team_share * team_gradient;
    let own = rate * capacity * reward::own_share(policy.team_share, team.members)
        + policy.bonus_per_period * goal::urgency(w.weeks_left) * bonus_gradient;
    let mut money = own * policy.delay_factor * reward::transparency_weight(policy.transparency);
    let mut discouragement = 0.0;
    if let Some(c) = w.contest {
        money += if c.team {
            contest::team_pull(
                c.prize,
                c.winners,
                team.team_contest,
                c.last_in,
                c.first_out,
                capacity,
                team.members,
                c.weeks_left,
                w.cv,
            )
        } else {
            discouragement = contest::lost_to_discouragement(r.contest_sales, c.last_in, capacity, c.weeks_left, w.cv);
            contest::individual_pull(
                c.prize,
                c.winners,
                r.contest_sales,
                c.last_in,
                c.first_out,
                capacity,
                c.weeks_left,
                w.cv,
            )
        };
    }
    money += policy.spot.0 * w.spot_chance * mkt.deals_per_week * cap.productivity * cap.conv;
    (money, discouragement)
}

/// Pull of recognition on a rep (in the units of extrinsic drive): of the
/// running recognition round (how much effort raises the chance of
/// finishing ahead of the team's best other rep, for a top-only award, or
/// of clearing the bar), after adaptation; and of a public leaderboard.
#[inline(always)]
pub fn recognition_pull(
    r: &ChooseIn,
    team: &TeamView,
    capacity: f64,
    w: &WeekContext,
    beh: &Behavior,
    policy: &Policy,
) -> f64 {
    let award = match w.recognition {
        Some(rec) => {
            let weekly_quota = r.quota / f64::from(w.period_weeks);
            let needed = if rec.top_only {
                reward::sales_to_top(team.rival, r.recognition_quota, weekly_quota, rec.weeks_left, r.recognition_sales)
            } else {
                rec.bar * (r.recognition_quota + weekly_quota * rec.weeks_left) - r.recognition_sales
            };
            let pull = reward::AWARD_VALUE * reward::threshold_gradient(needed, capacity, rec.weeks_left, w.cv);
            r.recognition_sensitivity * reward::adapted(pull, r.adaptation_other, beh.adaptation_depth)
        }
        None => 0.0,
    };
    award + if policy.leaderboard { reward::leaderboard_pull(r.recognition_sensitivity, team.shame) } else { 0.0 }
}
