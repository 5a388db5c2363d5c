//! Plausibility of a valid scenario: values that are each in range but
//! probably not what the author meant (a unit slip, a share written as a
//! percentage) or a plan whose economics make no sense. Each rule is a
//! function below with its threshold; [`check`] runs them all on every
//! strategy. Implausible values are [`Severity::Warning`]s (the scenario
//! still runs); combinations that cannot be true are [`Severity::Error`]s.
//! `salesim check`, `run` and `calibrate` print the warnings on stderr and
//! refuse on an error (exit status 2).
//!
//! The layer sits above the model: the cost-of-sales rule reads the normal
//! pay of [`crate::model::policy::normal_weekly_pay`].

use crate::config::{Scenario, Strategy};
use crate::model::policy::{Policy, normal_weekly_pay};

/// OTE below this (USD a year) looks like thousands: `ote = 150` for $150k.
pub const OTE_THOUSANDS_BELOW: f64 = 1_000.0;

/// A `..._pct` key strictly between 0 and this looks like a share written
/// where a percentage belongs (`forced_ranking_pct = 0.1` for 10 %).
pub const PCT_AS_SHARE_BELOW: f64 = 1.0;

/// A commission rate at or above this (per dollar booked) looks like a
/// percentage written where a share belongs (`commission_rate = 0.5` may be
/// meant as 0.5 %; any rate of 50 % or more is unusual enough to ask).
pub const COMMISSION_AS_PCT_FROM: f64 = 0.5;

/// A quota bonus at or above this (x OTE a year) looks like a percentage
/// (`quota_bonus = 2` meant as 2 % of OTE): the bonus alone would exceed
/// OTE.
pub const BONUS_AS_PCT_FROM: f64 = 1.0;

/// Plausible cost of sales (pay at normal output as % of normal bookings):
/// below 3 % or above 60 % is flagged. Published ranges for B2B sales
/// compensation are roughly 5-30 % of revenue (`docs/evidence.md`); the band
/// is wide so that deliberate designs pass.
pub const COST_OF_SALES_PCT: (f64, f64) = (3.0, 60.0);

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Probably not what was meant; the scenario still runs.
    Warning,
    /// Cannot be true; the scenario is refused.
    Error,
}

/// One finding about a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Warning or error.
    pub severity: Severity,
    /// The key path the finding is about (`team.ote`, `strategy[1].incentives.commission_rate`).
    pub key_path: String,
    /// What looks wrong, with the figures and the likely intended value.
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`: {}", self.key_path, self.message)
    }
}

fn warn(key_path: String, message: String) -> Finding {
    Finding { severity: Severity::Warning, key_path, message }
}

/// Every finding about `scenario`, the team's first, then each strategy's in
/// file order.
pub fn check(scenario: &Scenario) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(ote_in_thousands(scenario.team.ote));
    for (i, st) in scenario.strategies.iter().enumerate() {
        let at = |key: &str| format!("strategy[{i}].{key}");
        out.extend(pct_as_share(&at("performance.forced_ranking_pct"), st.performance.forced_ranking_pct));
        out.extend(commission_as_pct(&at("incentives.commission_rate"), st.incentives.commission_rate));
        out.extend(bonus_as_pct(&at("incentives.quota_bonus"), st.incentives.quota_bonus));
        out.extend(cost_of_sales(scenario, st, &format!("strategy[{i}]")));
        out.extend(unreachable_quota(scenario, st, &at("performance.quota_difficulty")));
    }
    out
}

/// OTE given in thousands: `0 < ote <` [`OTE_THOUSANDS_BELOW`].
pub fn ote_in_thousands(ote: f64) -> Option<Finding> {
    (ote > 0.0 && ote < OTE_THOUSANDS_BELOW).then(|| {
        warn(
            "team.ote".into(),
            format!(
                "= {ote} USD a year looks like thousands: did you mean {}? (OTE is written in dollars)",
                fmt_num(ote * 1000.0)
            ),
        )
    })
}

/// A percentage key given as a share: `0 < value <` [`PCT_AS_SHARE_BELOW`].
pub fn pct_as_share(key_path: &str, value: f64) -> Option<Finding> {
    (value > 0.0 && value < PCT_AS_SHARE_BELOW).then(|| {
        warn(
            key_path.into(),
            format!(
                "= {value} is a percentage, so this is {value} %; it looks like a share: did you mean {}?",
                fmt_num(value * 100.0)
            ),
        )
    })
}

/// A commission rate given as a percentage: `rate >=` [`COMMISSION_AS_PCT_FROM`].
pub fn commission_as_pct(key_path: &str, rate: f64) -> Option<Finding> {
    (rate >= COMMISSION_AS_PCT_FROM).then(|| {
        warn(
            key_path.into(),
            format!(
                "= {rate} pays {} cents per dollar booked; it looks like a percentage: did you mean {}?",
                fmt_num(rate * 100.0),
                fmt_num(rate / 100.0)
            ),
        )
    })
}

/// A quota bonus given as a percentage of OTE: `bonus >=` [`BONUS_AS_PCT_FROM`].
pub fn bonus_as_pct(key_path: &str, bonus: f64) -> Option<Finding> {
    (bonus >= BONUS_AS_PCT_FROM).then(|| {
        warn(
            key_path.into(),
            format!(
                "= {bonus} x OTE a year is a bonus at least as large as the whole OTE; it looks like a percentage: \
                 did you mean {}?",
                fmt_num(bonus / 100.0)
            ),
        )
    })
}

/// The plan's cost of sales at normal output: the pay of an average ramped
/// rep at normal output (base, commission, bonus, penalty:
/// [`normal_weekly_pay`]) over that rep's expected bookings
/// (`deals_per_week x deal_size x` the time left for selling), in %.
pub fn cost_of_sales_pct(scenario: &Scenario, strategy: &Strategy) -> f64 {
    let p = Policy::new(scenario, strategy);
    let sales = p.capacity * p.productivity_factor;
    if sales > 0.0 { 100.0 * normal_weekly_pay(&p) / sales } else { f64::INFINITY }
}

/// Cost of sales outside [`COST_OF_SALES_PCT`].
pub fn cost_of_sales(scenario: &Scenario, strategy: &Strategy, key_path: &str) -> Option<Finding> {
    let cos = cost_of_sales_pct(scenario, strategy);
    let (lo, hi) = COST_OF_SALES_PCT;
    if (lo..=hi).contains(&cos) {
        return None;
    }
    let p = Policy::new(scenario, strategy);
    let year = f64::from(crate::model::WEEKS_PER_YEAR);
    let (pay, sales) = (normal_weekly_pay(&p) * year, p.capacity * p.productivity_factor * year);
    let hint = if cos > hi {
        "pay is out of proportion to what a rep sells: check team.ote, the commission rate and bonus, and \
         market.deal_size and deals_per_week"
    } else {
        "pay is tiny against what a rep sells: check team.ote (in dollars?) and market.deal_size"
    };
    Some(warn(
        key_path.into(),
        format!(
            "cost of sales at normal output is {cos:.0} % (pay {} a year against bookings of {} a year for an \
             average rep), outside the plausible {lo:.0}-{hi:.0} %; {hint}",
            fmt_num(pay),
            fmt_num(sales)
        ),
    ))
}

/// Quota out of reach: an average rep working at `behavior.max_effort`
/// (the most anyone can give) with the skill growth cap reached still sells
/// less than `quota_difficulty` times normal output, so almost nobody
/// attains it.
pub fn unreachable_quota(scenario: &Scenario, strategy: &Strategy, key_path: &str) -> Option<Finding> {
    let q = strategy.performance.quota_difficulty;
    let most = scenario.behavior.max_effort * scenario.behavior.skill_growth_cap;
    (q > most).then(|| {
        warn(
            key_path.into(),
            format!(
                "= {q} x normal output: even an average rep at maximum effort ({}) with the full skill growth \
                 ({}) sells only {most:.2} x normal output, so almost no one can reach this quota",
                scenario.behavior.max_effort, scenario.behavior.skill_growth_cap
            ),
        )
    })
}

/// A number as a person writes it: whole numbers without decimals, others
/// with up to four significant digits.
pub fn fmt_num(v: f64) -> String {
    if v == v.round() && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(team: &str, strategy: &str) -> Scenario {
        Scenario::from_toml_str(&format!("[team]\n{team}\n[[strategy]]\nname = \"a\"\n{strategy}\n")).unwrap()
    }

    fn only(s: &Scenario) -> Vec<String> {
        check(s).iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn every_bundled_scenario_is_plausible() {
        for b in crate::bundled::BUNDLED {
            let s = Scenario::from_toml_str(b.text).unwrap();
            assert_eq!(check(&s), vec![], "{}", b.name);
        }
    }

    #[test]
    fn the_defaults_are_plausible() {
        assert!(check(&scenario("", "")).is_empty());
        let cos = cost_of_sales_pct(
            &scenario("", ""),
            &Strategy {
                name: "a".into(),
                description: String::new(),
                performance: Default::default(),
                incentives: Default::default(),
            },
        );
        assert!((5.0..30.0).contains(&cos), "{cos}");
    }

    #[test]
    fn an_ote_in_thousands_names_the_dollars_meant() {
        let found = only(&scenario("ote = 150", ""));
        assert!(found.iter().any(|f| f.contains("team.ote") && f.contains("did you mean 150000?")), "{found:?}");
    }

    #[test]
    fn a_forced_ranking_share_names_the_percentage_meant() {
        let found = only(&scenario("", "[strategy.performance]\nforced_ranking_pct = 0.1"));
        assert!(
            found
                .iter()
                .any(|f| f.contains("strategy[0].performance.forced_ranking_pct") && f.contains("did you mean 10?")),
            "{found:?}"
        );
        assert!(only(&scenario("", "[strategy.performance]\nforced_ranking_pct = 10")).is_empty());
    }

    #[test]
    fn a_commission_or_bonus_written_as_a_percentage_is_flagged() {
        let found = only(&scenario("", "[strategy.incentives]\ncommission_rate = 0.5"));
        assert!(found.iter().any(|f| f.contains("commission_rate") && f.contains("did you mean 0.005?")), "{found:?}");
        let found = only(&scenario("", "[strategy.incentives]\nquota_bonus = 2"));
        assert!(found.iter().any(|f| f.contains("quota_bonus") && f.contains("did you mean 0.02?")), "{found:?}");
    }

    #[test]
    fn a_plan_paying_more_than_sixty_percent_of_sales_is_flagged() {
        // $100k OTE against $52k of bookings a year.
        let s =
            Scenario::from_toml_str("[market]\ndeals_per_week = 0.1\ndeal_size = 10000\n[[strategy]]\nname = \"a\"\n")
                .unwrap();
        let found = only(&s);
        assert!(
            found.iter().any(|f| f.contains("cost of sales") && f.contains("outside the plausible 3-60 %")),
            "{found:?}"
        );
        // A high-pay team whose commission was left at its default.
        let found = only(&scenario("ote = 900000", ""));
        assert!(found.iter().any(|f| f.contains("cost of sales")), "{found:?}");
        // And a plan paying almost nothing.
        let found = only(&scenario("ote = 2000", "[strategy.incentives]\ncommission_rate = 0"));
        assert!(found.iter().any(|f| f.contains("cost of sales")), "{found:?}");
    }

    #[test]
    fn a_quota_beyond_maximum_effort_is_flagged() {
        let found = only(&scenario("", "[strategy.performance]\nquota_difficulty = 4"));
        assert!(found.iter().any(|f| f.contains("quota_difficulty") && f.contains("almost no one")), "{found:?}");
    }

    #[test]
    fn numbers_print_as_written() {
        assert_eq!(fmt_num(150000.0), "150000");
        assert_eq!(fmt_num(0.005), "0.005");
    }
}
