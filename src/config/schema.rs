//! The catalogue of numeric scenario keys: where each lives, its unit, its allowed
//! range and what it means. Validation, `salesim check`, the sweep and optimiser
//! bounds, the property tests and `docs/scenarios.md` all read this one table.

/// Which table of the scenario file a key belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// `[scenario]`
    Scenario,
    /// `[experiment]`
    Experiment,
    /// `[team]`
    Team,
    /// `[market]`
    Market,
    /// `[behavior]`
    Behavior,
    /// `[costs]`
    Costs,
    /// `[strategy.performance]`
    Performance,
    /// `[strategy.incentives]`
    Incentives,
}

impl Section {
    /// The dotted prefix of the section in a scenario file.
    pub fn prefix(self) -> &'static str {
        match self {
            Section::Scenario => "scenario",
            Section::Experiment => "experiment",
            Section::Team => "team",
            Section::Market => "market",
            Section::Behavior => "behavior",
            Section::Costs => "costs",
            Section::Performance => "performance",
            Section::Incentives => "incentives",
        }
    }
}

/// One numeric key with its documented range.
#[derive(Debug, Clone, Copy)]
pub struct KeySpec {
    /// Section the key belongs to.
    pub section: Section,
    /// Key name inside its section.
    pub key: &'static str,
    /// Smallest allowed value (inclusive).
    pub min: f64,
    /// Largest allowed value (inclusive).
    pub max: f64,
    /// Whether the value must be a whole number.
    pub integer: bool,
    /// Unit, for messages and docs.
    pub unit: &'static str,
    /// One-line meaning.
    pub help: &'static str,
}

const fn f(section: Section, key: &'static str, min: f64, max: f64, unit: &'static str, help: &'static str) -> KeySpec {
    KeySpec { section, key, min, max, integer: false, unit, help }
}

const fn i(section: Section, key: &'static str, min: f64, max: f64, unit: &'static str, help: &'static str) -> KeySpec {
    KeySpec { section, key, min, max, integer: true, unit, help }
}

use Section::*;

/// Every numeric key of a scenario file.
pub const KEYS: &[KeySpec] = &[
    i(Scenario, "weeks", 1.0, 1040.0, "weeks", "simulated horizon"),
    i(Experiment, "replications", 1.0, 1_000_000.0, "count", "Monte Carlo replications per strategy"),
    i(Experiment, "seed", 0.0, 9.0e15, "integer", "master seed of every random stream"),
    i(Team, "size", 1.0, 100_000.0, "rep slots", "number of rep slots (filled or vacant)"),
    i(Team, "team_size", 1.0, 1000.0, "reps", "reps per manager; slots are grouped into teams of this size"),
    i(Team, "ramp_weeks", 0.0, 104.0, "weeks", "weeks a new hire needs to reach full productivity"),
    f(Team, "ramp_start", 0.0, 1.0, "share", "productivity of a new hire in week 1, as a share of full"),
    i(Team, "hiring_lag_weeks", 0.0, 52.0, "weeks", "weeks a slot stays vacant after an exit"),
    f(Team, "hire_cost", 0.0, 1.0e6, "USD", "recruiting and onboarding cost of one hire"),
    f(
        Team,
        "pipeline_handover",
        0.0,
        1.0,
        "share",
        "share of a leaver's open pipeline reassigned to the teammates in post (the rest is lost)",
    ),
    f(Team, "ote", 1.0, 1.0e7, "USD/year", "on-target earnings of a rep (base plus target variable pay)"),
    f(Team, "skill_sd", 0.0, 2.0, "log-sd", "spread of base skill (log-normal, mean 1)"),
    f(Team, "initial_tenure_weeks", 0.0, 1040.0, "weeks", "mean tenure of the starting team (exponential)"),
    f(Team, "outside_option", 0.1, 5.0, "x OTE", "mean outside pay offer relative to OTE"),
    f(Team, "outside_option_sd", 0.0, 2.0, "x OTE", "spread of outside offers across reps"),
    f(
        Team,
        "outside_skill_elasticity",
        0.0,
        2.0,
        "elasticity",
        "how fast outside offers rise with a rep's base skill (offer x skill^elasticity)",
    ),
    f(
        Team,
        "applicant_sorting",
        0.0,
        10.0,
        "elasticity",
        "how strongly applicants sort on the plan's pay-for-performance slope against the market's",
    ),
    i(
        Team,
        "burn_in_weeks",
        0.0,
        520.0,
        "weeks",
        "weeks the starting team lives under the baseline plan before week 0",
    ),
    f(
        Market,
        "deals_per_week",
        0.0,
        100.0,
        "deals",
        "deals closed per rep-week by an average, fully ramped rep at normal effort",
    ),
    f(Market, "deal_size", 1.0, 1.0e8, "USD", "mean deal size"),
    f(Market, "deal_size_sd", 0.0, 3.0, "log-sd", "spread of deal sizes (log-normal)"),
    f(Market, "sales_cycle_weeks", 1.0, 104.0, "weeks", "mean weeks from opening an opportunity to closing it"),
    f(Market, "gross_margin", 0.0, 1.0, "share", "gross margin on revenue"),
    f(Market, "relationship_weight", 0.0, 1.0, "share", "how much conversion depends on customer-relationship quality"),
    f(Market, "seasonality", 0.0, 0.9, "share", "amplitude of the yearly demand cycle"),
    f(Market, "shock_sd", 0.0, 1.0, "share", "weekly sd of the common market shock (AR(1))"),
    f(Behavior, "intrinsic_mean", 0.0, 1.0, "0-1", "mean trait intrinsic motivation"),
    f(Behavior, "intrinsic_sd", 0.0, 0.5, "0-1", "spread of trait intrinsic motivation"),
    f(Behavior, "effort_floor", 0.0, 2.0, "effort", "effort a rep gives with no motivation or pressure at all"),
    f(Behavior, "weight_intrinsic", 0.0, 5.0, "effort", "effort per unit of intrinsic motivation"),
    f(Behavior, "weight_extrinsic", 0.0, 5.0, "effort", "effort per unit of extrinsic drive"),
    f(Behavior, "weight_pressure", 0.0, 5.0, "effort", "peak effort from pressure (at the rep's tolerance)"),
    f(Behavior, "max_effort", 0.5, 4.0, "effort", "most effort a fresh rep can give in a week"),
    f(Behavior, "pressure_scale", 0.0, 10.0, "x", "scale of perceived pressure"),
    f(Behavior, "pressure_tolerance", 0.05, 10.0, "pressure", "mean pressure at which challenge turns into hindrance"),
    f(Behavior, "tolerance_sd", 0.0, 2.0, "log-sd", "spread of stress tolerance"),
    f(Behavior, "money_sensitivity_sd", 0.0, 2.0, "log-sd", "spread of sensitivity to money"),
    f(Behavior, "recognition_sensitivity", 0.0, 5.0, "x", "mean sensitivity to recognition"),
    f(Behavior, "adaptation_rate", 0.0, 1.0, "1/week", "speed at which reps get used to monetary rewards"),
    f(
        Behavior,
        "adaptation_rate_nonmonetary",
        0.0,
        1.0,
        "1/week",
        "speed at which reps get used to recognition and growth",
    ),
    f(Behavior, "adaptation_depth", 0.0, 1.0, "share", "share of a reward's pull lost once fully adapted"),
    f(Behavior, "initial_adaptation", 0.0, 1.0, "share", "adaptation already reached in week 1"),
    f(Behavior, "rotation_reset", 0.0, 1.0, "share", "share of adaptation undone when incentives rotate"),
    f(
        Behavior,
        "crowding_out",
        0.0,
        2.0,
        "share",
        "loss of intrinsic motivation under fully contingent, closely monitored pay",
    ),
    f(Behavior, "crowding_in", 0.0, 2.0, "share", "gain of intrinsic motivation from recognition, growth and autonomy"),
    f(Behavior, "intrinsic_rate", 0.0, 1.0, "1/week", "speed at which intrinsic motivation moves to its target"),
    f(
        Behavior,
        "fatigue_effort_rate",
        0.0,
        2.0,
        "1/week",
        "fatigue gained per unit of effort above the sustainable level",
    ),
    f(Behavior, "fatigue_pressure_rate", 0.0, 2.0, "1/week", "fatigue gained per unit of pressure above tolerance"),
    f(Behavior, "sustainable_effort", 0.1, 3.0, "effort", "effort that can be kept up without tiring"),
    f(Behavior, "recovery_rate", 0.0, 1.0, "1/week", "share of fatigue shed per week of normal work"),
    f(Behavior, "burnout_threshold", 0.05, 1.0, "0-1", "fatigue at which a rep burns out"),
    f(Behavior, "burnout_exit", 0.0, 1.0, "0-1", "fatigue below which a burnt-out rep recovers"),
    f(Behavior, "burnout_productivity", 0.0, 1.0, "share", "productivity kept while burnt out"),
    f(Behavior, "burnout_quit_multiplier", 1.0, 20.0, "x", "quit hazard multiplier while burnt out"),
    f(Behavior, "quit_rate", 0.0, 1.0, "share/year", "yearly quit probability of a neutral rep"),
    f(Behavior, "quit_dissatisfaction", 0.0, 20.0, "log-hazard", "quit log-hazard per unit of dissatisfaction"),
    f(Behavior, "contagion", 0.0, 20.0, "x", "extra quit hazard per recent quit in the team (share of team)"),
    f(Behavior, "morale_drift", 0.0, 1.0, "1/week", "pull of each rep's satisfaction toward the team mean"),
    f(Behavior, "delay_discount", 0.0, 0.5, "1/week", "weekly discount rate applied to delayed pay"),
    f(Behavior, "gaming_propensity", 0.0, 5.0, "x", "tendency to pull forward or inflate deals under pressure"),
    f(Behavior, "gaming_detection", 0.0, 1.0, "share", "chance that full monitoring catches a gamed deal"),
    f(Behavior, "holdback", 0.0, 1.0, "share", "share of closable deals held back past quota under a full ratchet"),
    f(
        Behavior,
        "pull_forward",
        0.0,
        5.0,
        "x",
        "share of the deals due after a period's end pulled across it per week, per unit of timing gain",
    ),
    f(Behavior, "training_skill_gain", 0.0, 1.0, "share/40h", "skill gain per 40 hours of training"),
    f(Behavior, "skill_growth_cap", 1.0, 5.0, "x", "most a rep's skill can grow over its starting value"),
    f(Behavior, "coaching_gain", 0.0, 1.0, "share", "most that coaching can add to a rep's productivity"),
    f(
        Behavior,
        "coaching_hours",
        0.1,
        100.0,
        "hours/month",
        "coaching hours per rep per month that deliver 63 % of coaching_gain (diminishing returns)",
    ),
    f(
        Costs,
        "monitoring_per_rep_year",
        0.0,
        1.0e5,
        "USD/rep-year",
        "CRM and tracking tools per rep-year at full monitoring (scaled by monitoring)",
    ),
    f(Costs, "manager_hourly", 0.0, 1.0e4, "USD/hour", "loaded cost of one hour of a first-line manager's time"),
    f(Costs, "review_hours", 0.0, 40.0, "hours", "manager and rep hours of one review (1:1, pipeline review) per rep"),
    f(
        Costs,
        "manager_review_hours_per_week",
        0.0,
        80.0,
        "hours/week",
        "hours a week a manager can give to reviews and coaching, shared by the team",
    ),
    f(
        Costs,
        "manager_team_hours_per_week",
        0.0,
        80.0,
        "hours/week",
        "hours a week a manager spends running the team whatever its size, shared by the team",
    ),
    f(Costs, "rotation_per_rep", 0.0, 1.0e5, "USD/rep", "cost per rep of one rotation of the incentive menu"),
    f(Costs, "career_path_per_rep_year", 0.0, 1.0e6, "USD/rep-year", "promotion budget of a career path per rep-year"),
    f(
        Costs,
        "transparency_per_rep_year",
        0.0,
        1.0e5,
        "USD/rep-year",
        "incentive administration and plan communication per rep-year at transparency 1",
    ),
    f(Costs, "leaderboard_per_rep_year", 0.0, 1.0e5, "USD/rep-year", "leaderboard tool per rep-year"),
    f(Costs, "contest_admin_per_rep", 0.0, 1.0e5, "USD/rep", "administration of one contest round per rep in post"),
    f(Costs, "training_per_hour", 0.0, 1.0e4, "USD/hour", "direct cost of one training hour (trainer, material)"),
    f(
        Costs,
        "wellbeing_per_rep_year",
        0.0,
        1.0e5,
        "USD/rep-year",
        "well-being programmes and team events per rep-year at wellbeing 1",
    ),
    f(Costs, "pip_cost", 0.0, 1.0e6, "USD", "manager and HR time of one improvement plan"),
    f(Costs, "dismissal_cost", 0.0, 1.0e7, "USD", "severance, HR and legal cost of one dismissal"),
    f(
        Performance,
        "quota_difficulty",
        0.1,
        5.0,
        "x capacity",
        "quota as a multiple of an average rep's output at normal effort",
    ),
    f(Performance, "ratchet", 0.0, 1.0, "share", "weight of last period's actual sales in next period's quota"),
    f(
        Performance,
        "monitoring",
        0.0,
        1.0,
        "0-1",
        "CRM tracking intensity: pressure on those behind, gaming detection (costs tools)",
    ),
    i(
        Performance,
        "review_cadence_weeks",
        1.0,
        52.0,
        "weeks",
        "weeks between pipeline reviews / 1:1s (coaching, manager time, selling time)",
    ),
    f(
        Performance,
        "miss_penalty",
        0.0,
        1.0,
        "share",
        "share of the period's target variable pay lost per unit of shortfall",
    ),
    i(
        Performance,
        "pip_after_misses",
        0.0,
        12.0,
        "periods",
        "consecutive misses that start an improvement plan (0 = never); a further miss ends in dismissal",
    ),
    f(Performance, "forced_ranking_pct", 0.0, 50.0, "%", "bottom share of reps let go at each year end"),
    f(Incentives, "base_salary_share", 0.0, 1.0, "share", "base salary as a share of OTE"),
    f(Incentives, "commission_rate", 0.0, 1.0, "share", "commission per dollar of booked revenue"),
    f(
        Incentives,
        "quota_bonus",
        0.0,
        5.0,
        "x OTE/year",
        "bonus for reaching quota, per year (paid per period pro rata)",
    ),
    f(Incentives, "accelerator", 1.0, 5.0, "x", "commission multiplier above quota"),
    f(Incentives, "cap", 1.0, 20.0, "x quota", "attainment beyond which no commission is paid (absent = uncapped)"),
    i(Incentives, "payout_delay_weeks", 0.0, 104.0, "weeks", "weeks between earning and receiving variable pay"),
    f(
        Incentives,
        "spot_award",
        0.0,
        1.0e6,
        "USD",
        "award paid at once for a deal above spot_award_multiple x mean size (0 = none)",
    ),
    f(
        Incentives,
        "spot_award_multiple",
        1.0,
        100.0,
        "x deal size",
        "deal size, relative to the mean, that earns a spot award",
    ),
    f(
        Incentives,
        "training_hours_per_month",
        0.0,
        80.0,
        "hours",
        "training time per rep per month (away from selling)",
    ),
    f(
        Incentives,
        "team_bonus_share",
        0.0,
        1.0,
        "share",
        "share of variable pay that depends on team rather than own attainment",
    ),
    f(Incentives, "wellbeing", 0.0, 1.0, "0-1", "well-being programmes and team events (recovery, belonging)"),
    i(
        Incentives,
        "rotate_every_weeks",
        0.0,
        104.0,
        "weeks",
        "weeks between rotations of the incentive menu (0 = never)",
    ),
    f(Incentives, "transparency", 0.0, 1.0, "0-1", "transparency and perceived fairness of the rules"),
];

/// Keys of the `contest` table of `[strategy.incentives]`.
pub const CONTEST_KEYS: &[KeySpec] = &[
    i(Incentives, "contest.period_weeks", 1.0, 52.0, "weeks", "length of each contest round"),
    f(Incentives, "contest.prize", 0.0, 1.0e7, "USD", "prize pool per round"),
    i(Incentives, "contest.winners", 1.0, 1000.0, "count", "number of winners (individuals or teams) per round"),
];

/// Keys of the `recognition` table of `[strategy.incentives]`.
pub const RECOGNITION_KEYS: &[KeySpec] = &[
    i(Incentives, "recognition.cadence_weeks", 1.0, 52.0, "weeks", "weeks between recognition rounds"),
    f(Incentives, "recognition.bar", 0.0, 5.0, "x quota", "attainment that earns recognition when breadth = \"bar\""),
    f(Incentives, "recognition.cost", 0.0, 1.0e5, "USD", "cost of one award"),
];

/// Looks up the spec of a numeric key by section and name.
pub fn spec(section: Section, key: &str) -> Option<&'static KeySpec> {
    KEYS.iter().chain(CONTEST_KEYS).chain(RECOGNITION_KEYS).find(|s| s.section == section && s.key == key)
}
