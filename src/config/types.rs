//! The typed sections of a scenario file. Each struct mirrors one TOML table,
//! rejects unknown keys and fills every missing key with its documented default
//! (see `docs/scenarios.md`). Ranges are checked in [`super::validate`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `[scenario]`: what the file is and how long it runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ScenarioMeta {
    /// Short name shown in every output.
    pub name: String,
    /// One or two sentences for the reader of the results.
    pub description: String,
    /// Simulated horizon in weeks (52 a year).
    pub weeks: u32,
    /// Name of the strategy every other one is compared with (default: the first).
    pub baseline: Option<String>,
}

impl Default for ScenarioMeta {
    fn default() -> Self {
        Self { name: "unnamed".into(), description: String::new(), weeks: 104, baseline: None }
    }
}

/// `[experiment]`: Monte Carlo settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Experiment {
    /// Replications per strategy.
    pub replications: u32,
    /// Master seed.
    pub seed: u64,
}

impl Default for Experiment {
    fn default() -> Self {
        Self { replications: 200, seed: 42 }
    }
}

/// `[team]`: the organisation and its people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Team {
    /// Rep slots.
    pub size: u32,
    /// Reps per manager.
    pub team_size: u32,
    /// Weeks to full productivity.
    pub ramp_weeks: u32,
    /// Productivity of a new hire in week 1 (share of full).
    pub ramp_start: f64,
    /// Weeks a slot stays vacant after an exit.
    pub hiring_lag_weeks: u32,
    /// Cost of one hire in USD.
    pub hire_cost: f64,
    /// Share of a leaver's open pipeline reassigned to the teammates in post.
    pub pipeline_handover: f64,
    /// On-target earnings per year in USD.
    pub ote: f64,
    /// Log-sd of base skill.
    pub skill_sd: f64,
    /// Mean tenure of the starting team in weeks.
    pub initial_tenure_weeks: f64,
    /// Mean outside offer relative to OTE.
    pub outside_option: f64,
    /// Spread of outside offers.
    pub outside_option_sd: f64,
    /// Elasticity of a person's outside offer to their base skill: the
    /// market pays stars more (item 9 of the model issue).
    pub outside_skill_elasticity: f64,
    /// How strongly the applicant pool sorts on the plan's pay-for-performance
    /// slope (elasticity of applying to relative pay).
    pub applicant_sorting: f64,
    /// Weeks the starting team lives under the baseline plan before week 0.
    pub burn_in_weeks: u32,
}

impl Default for Team {
    fn default() -> Self {
        Self {
            size: 60,
            team_size: 8,
            ramp_weeks: 16,
            ramp_start: 0.2,
            hiring_lag_weeks: 6,
            hire_cost: 30_000.0,
            pipeline_handover: 0.5,
            ote: 100_000.0,
            skill_sd: 0.3,
            initial_tenure_weeks: 120.0,
            outside_option: 0.95,
            outside_option_sd: 0.12,
            outside_skill_elasticity: 0.4,
            applicant_sorting: 2.0,
            burn_in_weeks: 13,
        }
    }
}

/// `[market]`: demand and deals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Market {
    /// Deals per rep-week at normal effort.
    pub deals_per_week: f64,
    /// Mean deal size in USD.
    pub deal_size: f64,
    /// Log-sd of deal size.
    pub deal_size_sd: f64,
    /// Mean sales cycle in weeks.
    pub sales_cycle_weeks: f64,
    /// Gross margin on revenue.
    pub gross_margin: f64,
    /// Weight of relationship quality in conversion.
    pub relationship_weight: f64,
    /// Amplitude of the yearly cycle.
    pub seasonality: f64,
    /// Weekly sd of the common market shock.
    pub shock_sd: f64,
}

impl Default for Market {
    fn default() -> Self {
        Self {
            deals_per_week: 0.5,
            deal_size: 20_000.0,
            deal_size_sd: 0.6,
            sales_cycle_weeks: 4.0,
            gross_margin: 0.7,
            relationship_weight: 0.3,
            seasonality: 0.1,
            shock_sd: 0.03,
        }
    }
}

/// `[behavior]`: how reps respond. Every parameter is documented in `docs/model.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Behavior {
    pub intrinsic_mean: f64,
    pub intrinsic_sd: f64,
    pub effort_floor: f64,
    pub weight_intrinsic: f64,
    pub weight_extrinsic: f64,
    pub weight_pressure: f64,
    pub max_effort: f64,
    pub pressure_scale: f64,
    pub pressure_tolerance: f64,
    pub tolerance_sd: f64,
    pub money_sensitivity_sd: f64,
    pub recognition_sensitivity: f64,
    pub adaptation_rate: f64,
    pub adaptation_rate_nonmonetary: f64,
    pub adaptation_depth: f64,
    pub initial_adaptation: f64,
    pub rotation_reset: f64,
    pub crowding_out: f64,
    pub crowding_in: f64,
    pub intrinsic_rate: f64,
    pub fatigue_effort_rate: f64,
    pub fatigue_pressure_rate: f64,
    pub sustainable_effort: f64,
    pub recovery_rate: f64,
    pub burnout_threshold: f64,
    pub burnout_exit: f64,
    pub burnout_productivity: f64,
    pub burnout_quit_multiplier: f64,
    pub quit_rate: f64,
    pub quit_dissatisfaction: f64,
    pub contagion: f64,
    pub morale_drift: f64,
    pub delay_discount: f64,
    pub gaming_propensity: f64,
    pub gaming_detection: f64,
    pub holdback: f64,
    pub pull_forward: f64,
    pub training_skill_gain: f64,
    pub skill_growth_cap: f64,
    pub coaching_gain: f64,
    pub coaching_hours: f64,
}

/// The defaults. `quit_rate`, `crowding_out`, `crowding_in`, `pull_forward`
/// and `recognition_sensitivity` are the output of the calibration of
/// `docs/calibration/defaults.toml` (recorded in
/// `docs/calibration/defaults-fit/`; `tests/calibrate_defaults.rs` checks they
/// agree); the others are set from sources or stated assumptions
/// (`docs/model.md`).
impl Default for Behavior {
    fn default() -> Self {
        Self {
            intrinsic_mean: 0.6,
            intrinsic_sd: 0.15,
            effort_floor: 0.1,
            weight_intrinsic: 0.5,
            weight_extrinsic: 0.5,
            weight_pressure: 0.8,
            max_effort: 1.8,
            pressure_scale: 1.0,
            pressure_tolerance: 1.3,
            tolerance_sd: 0.25,
            money_sensitivity_sd: 0.3,
            recognition_sensitivity: 1.02548,
            adaptation_rate: 0.04,
            adaptation_rate_nonmonetary: 0.012,
            adaptation_depth: 0.6,
            initial_adaptation: 0.5,
            rotation_reset: 0.6,
            crowding_out: 0.0740713,
            crowding_in: 0.114503,
            intrinsic_rate: 0.03,
            fatigue_effort_rate: 0.15,
            fatigue_pressure_rate: 0.08,
            sustainable_effort: 1.05,
            recovery_rate: 0.15,
            burnout_threshold: 0.45,
            burnout_exit: 0.25,
            burnout_productivity: 0.6,
            burnout_quit_multiplier: 3.0,
            quit_rate: 0.210657,
            quit_dissatisfaction: 2.0,
            contagion: 4.0,
            morale_drift: 0.1,
            delay_discount: 0.01,
            gaming_propensity: 1.0,
            gaming_detection: 0.6,
            holdback: 0.5,
            pull_forward: 2.77939,
            training_skill_gain: 0.02,
            skill_growth_cap: 1.4,
            coaching_gain: 0.1,
            coaching_hours: 3.0,
        }
    }
}

/// `[costs]`: what the non-pay levers cost. Money levers (pay, prizes,
/// awards) cost what they pay; the levers here cost tooling, manager time,
/// programme budget or, through `review_hours`, selling time. Every default
/// and its source is in `docs/model.md` (3.19) and `docs/evidence.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Costs {
    /// CRM, activity capture and conversation tools per rep-year at full
    /// monitoring (scaled by `performance.monitoring`), USD.
    pub monitoring_per_rep_year: f64,
    /// Loaded cost of one hour of a first-line manager's time, USD.
    pub manager_hourly: f64,
    /// Hours of one review (1:1 and pipeline review) per rep, taken from the
    /// manager's time and the rep's selling time.
    pub review_hours: f64,
    /// Hours a week a first-line manager can give to reviews and coaching;
    /// shared among the manager's `team.team_size` reps.
    pub manager_review_hours_per_week: f64,
    /// Hours a week a first-line manager spends running the team whatever
    /// its size (team meeting, forecast call, reporting, hiring admin);
    /// shared among the manager's `team.team_size` reps, so a narrow span
    /// costs more manager time per rep.
    pub manager_team_hours_per_week: f64,
    /// Cost per rep in post of one rotation of the incentive menu (design,
    /// communication, administration), USD.
    pub rotation_per_rep: f64,
    /// Promotion budget of a career path per rep-year, USD.
    pub career_path_per_rep_year: f64,
    /// Incentive administration, statements and plan communication per
    /// rep-year at transparency 1 (scaled by `incentives.transparency`), USD.
    pub transparency_per_rep_year: f64,
    /// Leaderboard and gamification tool per rep-year, USD.
    pub leaderboard_per_rep_year: f64,
    /// Administration of a contest round per rep in post, USD.
    pub contest_admin_per_rep: f64,
    /// Direct cost of one training hour (trainer, material), USD.
    pub training_per_hour: f64,
    /// Well-being programmes and team events per rep-year at wellbeing 1
    /// (scaled by `incentives.wellbeing`), USD.
    pub wellbeing_per_rep_year: f64,
    /// Manager and HR time of one improvement plan, USD.
    pub pip_cost: f64,
    /// Severance and HR and legal cost of one dismissal (improvement plans,
    /// forced ranking), USD.
    pub dismissal_cost: f64,
}

impl Default for Costs {
    fn default() -> Self {
        Self {
            monitoring_per_rep_year: 4_000.0,
            manager_hourly: 100.0,
            review_hours: 1.0,
            manager_review_hours_per_week: 12.0,
            manager_team_hours_per_week: 8.0,
            rotation_per_rep: 100.0,
            career_path_per_rep_year: 1_500.0,
            transparency_per_rep_year: 1_000.0,
            leaderboard_per_rep_year: 300.0,
            contest_admin_per_rep: 25.0,
            training_per_hour: 60.0,
            wellbeing_per_rep_year: 3_000.0,
            pip_cost: 1_500.0,
            dismissal_cost: 5_000.0,
        }
    }
}

/// Length of a quota period (goal decomposition).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum QuotaPeriod {
    /// One week.
    Week,
    /// Four weeks (13 a year).
    Month,
    /// Thirteen weeks.
    Quarter,
    /// Fifty-two weeks.
    Year,
}

impl QuotaPeriod {
    /// Length in weeks.
    pub fn weeks(self) -> u32 {
        match self {
            QuotaPeriod::Week => 1,
            QuotaPeriod::Month => 4,
            QuotaPeriod::Quarter => 13,
            QuotaPeriod::Year => 52,
        }
    }
}

/// `[strategy.performance]`: the performance-management levers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Performance {
    /// Quota as a multiple of an average rep's normal output.
    pub quota_difficulty: f64,
    /// Quota period.
    pub quota_period: QuotaPeriod,
    /// Weight of last actual in next quota.
    pub ratchet: f64,
    /// CRM monitoring intensity (0-1).
    pub monitoring: f64,
    /// Weeks between reviews.
    pub review_cadence_weeks: u32,
    /// Pay lost per unit of shortfall (share of period target variable pay).
    pub miss_penalty: f64,
    /// Misses before an improvement plan (0 = never).
    pub pip_after_misses: u32,
    /// Bottom share let go each year, percent.
    pub forced_ranking_pct: f64,
    /// Public KPI leaderboard.
    pub leaderboard: bool,
}

impl Default for Performance {
    fn default() -> Self {
        Self {
            quota_difficulty: 1.0,
            quota_period: QuotaPeriod::Quarter,
            ratchet: 0.0,
            monitoring: 0.4,
            review_cadence_weeks: 4,
            miss_penalty: 0.0,
            pip_after_misses: 0,
            forced_ranking_pct: 0.0,
            leaderboard: false,
        }
    }
}

/// Who competes in a contest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ContestScope {
    /// Reps compete one against another (a "PK" race).
    Individual,
    /// Teams compete; the prize is split among the winning team's members.
    Team,
}

/// A sales contest, run in back-to-back rounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Contest {
    /// Length of a round in weeks.
    pub period_weeks: u32,
    /// Prize pool per round in USD.
    pub prize: f64,
    /// Winners per round.
    pub winners: u32,
    /// Individual or team contest.
    pub scope: ContestScope,
}

impl Default for Contest {
    fn default() -> Self {
        Self { period_weeks: 4, prize: 5_000.0, winners: 1, scope: ContestScope::Individual }
    }
}

/// Who gets recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RecognitionBreadth {
    /// The top rep of each team.
    Top,
    /// Everyone at or above the bar.
    Bar,
}

/// Recognition awards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Recognition {
    /// Weeks between recognition rounds.
    pub cadence_weeks: u32,
    /// Top one per team, or everyone above the bar.
    pub breadth: RecognitionBreadth,
    /// Attainment (x quota, over the round) that earns recognition under `bar`.
    pub bar: f64,
    /// Cost of one award in USD.
    pub cost: f64,
}

impl Default for Recognition {
    fn default() -> Self {
        Self { cadence_weeks: 4, breadth: RecognitionBreadth::Bar, bar: 1.0, cost: 150.0 }
    }
}

/// `[strategy.incentives]`: the incentive levers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Incentives {
    /// Base salary share of OTE.
    pub base_salary_share: f64,
    /// Commission per dollar booked.
    pub commission_rate: f64,
    /// Quota bonus per year, as a multiple of OTE.
    pub quota_bonus: f64,
    /// Commission multiplier above quota.
    pub accelerator: f64,
    /// Attainment beyond which no commission is paid.
    pub cap: Option<f64>,
    /// Delay of variable pay in weeks.
    pub payout_delay_weeks: u32,
    /// Contest, if any.
    pub contest: Option<Contest>,
    /// Recognition awards, if any.
    pub recognition: Option<Recognition>,
    /// Spot award in USD for a large deal (0 = none).
    pub spot_award: f64,
    /// Deal size multiple that earns a spot award.
    pub spot_award_multiple: f64,
    /// Training hours per rep per month (away from selling).
    pub training_hours_per_month: f64,
    /// Whether a visible career path exists.
    pub career_path: bool,
    /// Share of variable pay on team attainment.
    pub team_bonus_share: f64,
    /// Well-being programmes and team events (0-1).
    pub wellbeing: f64,
    /// Weeks between incentive rotations (0 = never).
    pub rotate_every_weeks: u32,
    /// Transparency and fairness of rules (0-1).
    pub transparency: f64,
}

impl Default for Incentives {
    fn default() -> Self {
        Self {
            base_salary_share: 0.6,
            commission_rate: 0.065,
            quota_bonus: 0.1,
            accelerator: 1.0,
            cap: None,
            payout_delay_weeks: 4,
            contest: None,
            recognition: None,
            spot_award: 0.0,
            spot_award_multiple: 3.0,
            training_hours_per_month: 2.0,
            career_path: false,
            team_bonus_share: 0.0,
            wellbeing: 0.0,
            rotate_every_weeks: 0,
            transparency: 0.5,
        }
    }
}

/// One `[[strategy]]`: a performance policy plus an incentive policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Strategy {
    /// Unique name.
    pub name: String,
    /// What the strategy stands for, in words for an executive.
    #[serde(default)]
    pub description: String,
    /// Performance-management levers.
    #[serde(default)]
    pub performance: Performance,
    /// Incentive levers.
    #[serde(default)]
    pub incentives: Incentives,
}

/// The whole file as written, before range checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    /// `[scenario]`
    #[serde(default)]
    pub scenario: ScenarioMeta,
    /// `[experiment]`
    #[serde(default)]
    pub experiment: Experiment,
    /// `[team]`
    #[serde(default)]
    pub team: Team,
    /// `[market]`
    #[serde(default)]
    pub market: Market,
    /// `[behavior]`
    #[serde(default)]
    pub behavior: Behavior,
    /// `[costs]`
    #[serde(default)]
    pub costs: Costs,
    /// `[[strategy]]`
    #[serde(default)]
    pub strategy: Vec<Strategy>,
    /// `[[sweep]]`: saved sweep definitions (see `docs/analysis.md`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sweep: Vec<SweepDef>,
    /// Keys of `[behavior]` and `[market]` given as distributions (extracted
    /// before serde reads the file; their tables hold the central values).
    #[serde(skip)]
    pub uncertain: Vec<super::uncertain::UncertainParam>,
}

/// Sweep design.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SweepDesign {
    /// Every combination of the levels of one to three levers.
    #[default]
    Grid,
    /// A Latin hypercube over any number of levers.
    Lhs,
}

/// One `[[sweep]]`: a saved sweep over levers of one strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SweepDef {
    /// Name used by `salesim sweep --name` (default: `sweep1`, `sweep2`, ...).
    #[serde(default)]
    pub name: Option<String>,
    /// The strategy whose levers are varied.
    pub strategy: String,
    /// Levers as `KEY=LO:HI:STEPS` (grid) or `KEY=LO:HI` / `KEY` (Latin hypercube).
    pub vary: Vec<String>,
    /// `grid` (default) or `lhs`.
    #[serde(default)]
    pub design: SweepDesign,
    /// Points of a Latin hypercube.
    #[serde(default)]
    pub points: Option<u32>,
    /// Replications per point.
    #[serde(default)]
    pub replications: Option<u32>,
}
