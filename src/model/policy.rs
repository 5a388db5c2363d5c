//! A strategy compiled against its scenario: the derived constants the weekly
//! loop needs (period length, base quota, bonus per period, pay per week ...),
//! computed once per strategy instead of once per rep-week.

use super::{MONTHS_PER_YEAR, WEEKS_PER_YEAR, coaching, gaming, reward};
use crate::config::{ContestScope, RecognitionBreadth, Scenario, Strategy};

/// Derived, ready-to-use policy constants of one strategy in one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Weeks in a quota period.
    pub period_weeks: u32,
    /// Expected weekly sales of an average, fully ramped rep at normal effort (USD).
    pub capacity: f64,
    /// Quota per period of an average, fully ramped rep before ratcheting (USD).
    pub base_quota: f64,
    /// Weight of last actual sales in the next quota.
    pub ratchet: f64,
    /// Monitoring intensity after the reviews actually held (0-1.25): the
    /// review cadence, stretched when the manager's hours shared across the
    /// span cannot keep it.
    pub monitoring: f64,
    /// Weekly base salary (USD).
    pub base_pay: f64,
    /// Target variable pay per period (USD), the unit of the miss penalty.
    pub variable_target_per_period: f64,
    /// Quota bonus per period (USD).
    pub bonus_per_period: f64,
    /// Commission rate.
    pub commission_rate: f64,
    /// Commission multiplier above quota.
    pub accelerator: f64,
    /// Attainment beyond which no commission is paid.
    pub cap: f64,
    /// Value kept after the payout delay (discounting, 0-1).
    pub delay_factor: f64,
    /// Share of variable pay tied to team results.
    pub team_share: f64,
    /// Normal weekly pay at target (OTE / 52), the unit of reward values.
    pub weekly_ote: f64,
    /// Contest, if any: (round weeks, prize, winners, team scope).
    pub contest: Option<(u32, f64, usize, bool)>,
    /// Recognition, if any: (cadence, top-only, bar, cost).
    pub recognition: Option<(u32, bool, f64, f64)>,
    /// Spot award (USD) and its deal-size threshold (USD).
    pub spot: (f64, f64),
    /// Share of selling time spent in training.
    pub training_time: f64,
    /// Review hours each rep gets a week (cadence, review length, and the
    /// manager's hours shared across the team).
    pub review_hours: f64,
    /// Share of selling time spent in reviews.
    pub review_time: f64,
    /// Productivity gain from the coaching those reviews carry (0 to
    /// `behavior.coaching_gain`).
    pub coaching_lift: f64,
    /// What training, reviews and coaching make of a rep's skill and ramp:
    /// `(1 − training_time − review_time) · (1 + coaching_lift)`, at least 0.
    pub productivity_factor: f64,
    /// Weekly multiplicative skill gain from training.
    pub skill_gain: f64,
    /// Training hours per month.
    pub training_hours: f64,
    /// Career path offered.
    pub career_path: bool,
    /// Well-being level (0-1).
    pub wellbeing: f64,
    /// Weeks between incentive rotations (0 = never).
    pub rotate_every: u32,
    /// Transparency and fairness (0-1).
    pub transparency: f64,
    /// Miss penalty share.
    pub miss_penalty: f64,
    /// Misses before a PIP (0 = never).
    pub pip_after: u32,
    /// Bottom share let go each year (0-0.5).
    pub forced_ranking: f64,
    /// Public leaderboard.
    pub leaderboard: bool,
    /// What the non-pay levers cost.
    pub costs: LeverCosts,
    /// The shape of the pay plan that makes the timing of a deal worth
    /// something (`gaming::marginal_pay`).
    pub pay_shape: gaming::PayShape,
    /// Contingent pay per dollar of sales at target: what the plan is
    /// expected to pay beyond base salary in a period at normal output
    /// ([`normal_weekly_pay`] less base pay) over the base quota; the unit of
    /// timing gains (`gaming::timing_gain`). Read from the pay the rules
    /// produce, not from `base_salary_share`, so that a label that changes no
    /// pay changes no gaming.
    pub variable_rate: f64,
    /// Pay at the margin of a dollar of sales in a fresh period, for an
    /// average ramped rep (`gaming::marginal_pay` at a period's projected
    /// end): what a deal moved into the next period earns there, its bonus
    /// part due a whole period later than this period's.
    pub next_period_pay: gaming::MarginalPay,
    /// The plan's pay-for-performance slope: the elasticity of a rep's
    /// expected period pay to its own output, from the pay rules
    /// ([`pay_for_performance`]).
    pub pay_for_performance: f64,
    /// Factor on the base skill of a hire: the applicant pool's sorting on
    /// the plan's slope against the market's ([`hire_skill_factor`]).
    pub hire_skill_factor: f64,
}

/// Expected period pay of a rep who sells `output` times the normal output
/// of an average rep, under the pay rules of `p` (base, commission with
/// accelerator and cap, the individual part of the quota bonus, the miss
/// penalty); the team part of commission and bonus is taken at normal team
/// output, since the rep's own output barely moves it.
fn period_pay_at(p: &Policy, output: f64) -> f64 {
    let weeks = f64::from(p.period_weeks);
    let normal = p.capacity * p.productivity_factor * weeks;
    let own = super::reward::commission(0.0, output * normal, p.base_quota, p.commission_rate, p.accelerator, p.cap);
    let team = super::reward::commission(0.0, normal, p.base_quota, p.commission_rate, p.accelerator, p.cap);
    let attainment = if p.base_quota > 0.0 { output * normal / p.base_quota } else { 1.0 };
    let team_attainment = if p.base_quota > 0.0 { normal / p.base_quota } else { 1.0 };
    let bonus = |a: f64| if a >= 1.0 { p.bonus_per_period } else { 0.0 };
    let penalty = super::pay::miss_penalty(p.miss_penalty, p.variable_target_per_period, attainment);
    p.base_pay * weeks
        + (1.0 - p.team_share) * (own + bonus(attainment))
        + p.team_share * (team + bonus(team_attainment))
        - penalty
}

/// Expected weekly pay of an average rep at normal output under `p`'s pay
/// rules (base, commission, bonus, penalty; [`period_pay_at`] at 1).
pub fn normal_weekly_pay(p: &Policy) -> f64 {
    period_pay_at(p, 1.0) / f64::from(p.period_weeks)
}

/// Output multiples between which [`pay_for_performance`] measures the arc
/// elasticity: a rep a quarter better or worse than average (log-symmetric).
const SLOPE_LOW: f64 = 0.8;
/// See [`SLOPE_LOW`].
const SLOPE_HIGH: f64 = 1.25;

/// The plan's pay-for-performance slope: the arc elasticity of expected
/// period pay to own output between 0.8 and 1.25 times normal output,
/// `ln(pay(1.25) / pay(0.8)) / ln(1.25 / 0.8)`. 0 for a flat salary, 1 for
/// a pure piece rate, more for accelerators, step bonuses and penalties
/// near the normal output. Contests, spot awards and recognition are left
/// out (they reward performance too, but seldom and for few).
pub fn pay_for_performance(p: &Policy) -> f64 {
    let (lo, hi) = (period_pay_at(p, SLOPE_LOW), period_pay_at(p, SLOPE_HIGH));
    if lo <= 0.0 || hi <= 0.0 {
        return 0.0;
    }
    (hi / lo).ln() / (SLOPE_HIGH / SLOPE_LOW).ln()
}

/// Factor on a hire's base skill from the self-selection of applicants
/// (item 9 of the model issue; Lazear 2000): a person of skill `s` earns
/// about `s^slope` here against `s^e` in the market (`e` =
/// `team.outside_skill_elasticity`), and applies with a probability that
/// rises with that ratio with elasticity `k` (`team.applicant_sorting`).
/// Tilting the log-normal skill of the pool by `s^(k·(slope − e))` shifts
/// its log-mean by `k · (slope − e) · skill_sd²`:
/// `factor = exp(k · (slope − e) · skill_sd²)`, 1 when the plan pays for
/// performance like the market does. Self-selection draws on the people
/// there are: the shift is at most [`MAX_SORTING_SDS`] standard deviations
/// of the pool's log-skill either way (without the bound, extreme plans and
/// spreads tilted hires' skill to any size).
pub fn hire_skill_factor(slope: f64, team: &crate::config::Team) -> f64 {
    let sd = team.skill_sd;
    let shift = team.applicant_sorting * (slope - team.outside_skill_elasticity) * sd * sd;
    shift.clamp(-MAX_SORTING_SDS * sd, MAX_SORTING_SDS * sd).exp()
}

/// Most the applicant pool's self-selection moves the log-mean skill of
/// hires, in standard deviations of the pool's log-skill: hiring on average
/// the pool's top sixth (one sd) or bottom sixth. Assumption.
pub const MAX_SORTING_SDS: f64 = 1.0;

/// What the non-pay levers of a strategy cost (`[costs]` applied to its
/// levers), in three groups: tools, manager time, and people programmes.
/// Weekly costs are per rep in post; event costs per event.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LeverCosts {
    /// Tools per rep-week in post: CRM and tracking (by monitoring),
    /// leaderboard, incentive administration (by transparency), USD.
    pub tools_per_rep_week: f64,
    /// Manager time per rep-week in post: reviews and coaching, and the
    /// rep's share of the time the manager spends running the team, USD.
    pub manager_per_rep_week: f64,
    /// People programmes per rep-week in post: training fees, well-being,
    /// career path, USD.
    pub people_per_rep_week: f64,
    /// One rotation of the incentive menu, per rep in post (people), USD.
    pub rotation_per_rep: f64,
    /// One contest round, per rep in post (people), USD.
    pub contest_admin_per_rep: f64,
    /// One improvement plan started (manager time), USD.
    pub pip: f64,
    /// One dismissal (turnover), USD.
    pub dismissal: f64,
}

impl LeverCosts {
    /// The costs of `strategy`'s levers under `scenario`'s `[costs]`, with
    /// `review_hours` of reviews a rep-week and a manager for every `span`
    /// reps.
    fn new(scenario: &Scenario, strategy: &Strategy, review_hours: f64, span: u32) -> LeverCosts {
        let (c, perf, inc) = (&scenario.costs, &strategy.performance, &strategy.incentives);
        let year = f64::from(WEEKS_PER_YEAR);
        let months = f64::from(MONTHS_PER_YEAR);
        let leaderboard = if perf.leaderboard { c.leaderboard_per_rep_year } else { 0.0 };
        let career_path = if inc.career_path { c.career_path_per_rep_year } else { 0.0 };
        LeverCosts {
            tools_per_rep_week: (perf.monitoring * c.monitoring_per_rep_year
                + leaderboard
                + inc.transparency * c.transparency_per_rep_year)
                / year,
            manager_per_rep_week: (review_hours + c.manager_team_hours_per_week / f64::from(span.max(1)))
                * c.manager_hourly,
            people_per_rep_week: inc.training_hours_per_month * months / year * c.training_per_hour
                + (inc.wellbeing * c.wellbeing_per_rep_year + career_path) / year,
            rotation_per_rep: if inc.rotate_every_weeks > 0 { c.rotation_per_rep } else { 0.0 },
            contest_admin_per_rep: if inc.contest.is_some() { c.contest_admin_per_rep } else { 0.0 },
            pip: c.pip_cost,
            dismissal: c.dismissal_cost,
        }
    }

    /// Weekly cost per rep in post of all three groups, USD.
    pub fn per_rep_week(&self) -> f64 {
        self.tools_per_rep_week + self.manager_per_rep_week + self.people_per_rep_week
    }
}

/// Working hours in a month.
pub const HOURS_PER_MONTH: f64 = 173.0;
/// Training hours per which `behavior.training_skill_gain` is stated (a
/// working week). Definition of the key's unit.
pub const TRAINING_GAIN_HOURS: f64 = 40.0;

impl Policy {
    /// Compiles `strategy` for `scenario`.
    pub fn new(scenario: &Scenario, strategy: &Strategy) -> Self {
        let (team, market) = (&scenario.team, &scenario.market);
        let (perf, inc) = (&strategy.performance, &strategy.incentives);
        let period_weeks = perf.quota_period.weeks();
        let capacity = market.deals_per_week * market.deal_size;
        let year = f64::from(WEEKS_PER_YEAR);
        let weekly_ote = team.ote / year;
        let training_hours = inc.training_hours_per_month;
        let months = f64::from(MONTHS_PER_YEAR);
        let span = team.team_size.clamp(1, team.size.max(1));
        let review_hours = coaching::review_hours_per_week(
            scenario.costs.review_hours,
            perf.review_cadence_weeks,
            scenario.costs.manager_review_hours_per_week,
            span,
        );
        // Reviews held: every `review_cadence_weeks` when the manager's
        // hours allow, less often when the span rations them.
        let held_every = coaching::reviews_every_weeks(
            scenario.costs.review_hours,
            perf.review_cadence_weeks,
            scenario.costs.manager_review_hours_per_week,
            span,
        );
        let review = (4.0 / held_every).sqrt();
        let coaching_hours_per_month = review_hours * year / months;
        let training_time = training_hours / HOURS_PER_MONTH;
        let review_time = coaching_hours_per_month / HOURS_PER_MONTH;
        let coaching_lift = coaching::coaching_lift(
            coaching_hours_per_month,
            scenario.behavior.coaching_gain,
            scenario.behavior.coaching_hours,
        );
        let base_quota = perf.quota_difficulty * capacity * f64::from(period_weeks);
        let variable_target_per_period = (1.0 - inc.base_salary_share) * weekly_ote * f64::from(period_weeks);
        let bonus_per_period = inc.quota_bonus * team.ote * f64::from(period_weeks) / year;
        let productivity_factor = (1.0 - training_time - review_time).max(0.0) * (1.0 + coaching_lift);
        let pay_shape = gaming::PayShape {
            rate: inc.commission_rate,
            accelerator: inc.accelerator,
            cap: inc.cap.unwrap_or(f64::INFINITY),
            bonus: (1.0 - inc.team_bonus_share) * bonus_per_period,
            own: 1.0 - inc.team_bonus_share,
        };
        let typical = capacity * productivity_factor;
        let weeks = f64::from(period_weeks);
        let cv = reward::sales_cv(market.deals_per_week, market.deal_size_sd);
        let mut policy = Policy {
            period_weeks,
            capacity,
            base_quota,
            ratchet: perf.ratchet,
            monitoring: perf.monitoring * (0.75 + 0.25 * review),
            base_pay: inc.base_salary_share * weekly_ote,
            variable_target_per_period,
            bonus_per_period,
            commission_rate: inc.commission_rate,
            accelerator: inc.accelerator,
            cap: inc.cap.unwrap_or(f64::INFINITY),
            delay_factor: (1.0 - scenario.behavior.delay_discount).powf(f64::from(inc.payout_delay_weeks)),
            team_share: inc.team_bonus_share,
            weekly_ote,
            contest: inc
                .contest
                .as_ref()
                .map(|c| (c.period_weeks, c.prize, c.winners as usize, c.scope == ContestScope::Team)),
            recognition: inc
                .recognition
                .as_ref()
                .map(|r| (r.cadence_weeks, r.breadth == RecognitionBreadth::Top, r.bar, r.cost)),
            spot: (inc.spot_award, inc.spot_award_multiple * market.deal_size),
            training_time,
            review_hours,
            review_time,
            coaching_lift,
            productivity_factor,
            skill_gain: scenario.behavior.training_skill_gain * training_hours / TRAINING_GAIN_HOURS / (year / months),
            training_hours,
            career_path: inc.career_path,
            wellbeing: inc.wellbeing,
            rotate_every: inc.rotate_every_weeks,
            transparency: inc.transparency,
            miss_penalty: perf.miss_penalty,
            pip_after: perf.pip_after_misses,
            forced_ranking: perf.forced_ranking_pct / 100.0,
            leaderboard: perf.leaderboard,
            costs: LeverCosts::new(scenario, strategy, review_hours, span),
            pay_shape,
            variable_rate: 0.0,
            next_period_pay: gaming::marginal_pay(typical * weeks, typical * cv * weeks.sqrt(), base_quota, &pay_shape),
            pay_for_performance: 0.0,
            hire_skill_factor: 1.0,
        };
        policy.pay_for_performance = pay_for_performance(&policy);
        policy.hire_skill_factor = hire_skill_factor(policy.pay_for_performance, team);
        policy.variable_rate = if policy.base_quota > 0.0 {
            (normal_weekly_pay(&policy) - policy.base_pay) * weeks / policy.base_quota
        } else {
            0.0
        };
        policy
    }
}
