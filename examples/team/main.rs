//! Makes the bundled SYNTHETIC team of `examples/team/`: a team simulated by
//! salesim from known parameters (below), its history written as a CRM
//! export (`synthetic_crm_export.csv`) and the figures a sales leader would
//! know about it as a team file (`team.toml`). Nothing here is real data.
//!
//! ```text
//! cargo run --release --example team -- examples/team
//! ```
//!
//! The truth is printed, so a calibration can be checked against it.

use std::path::PathBuf;

use salesim::calibrate::Moment;
use salesim::calibrate::bootstrap::{RESAMPLES, bootstrap};
use salesim::calibrate::crm::write_csv;
use salesim::calibrate::dates::{days_from_civil, iso};
use salesim::calibrate::observe::simulate_records;
use salesim::config::Scenario;

/// The synthetic team's true parameters: 60 reps in teams of 8, a quarterly
/// quota, today's plan 60/40 with 6.5 % commission.
const TRUTH: &str = r#"
[scenario]
name = "synthetic_team_truth"
weeks = 104
[team]
size = 60
team_size = 8
ote = 100000
skill_sd = 0.45
[market]
deals_per_week = 0.45
deal_size = 20000
[behavior]
quit_rate = 0.2
pull_forward = 2.0
[[strategy]]
name = "today"
[strategy.incentives]
base_salary_share = 0.6
commission_rate = 0.065
quota_bonus = 0.1
"#;

/// Seed of the synthetic history.
const SEED: u64 = 20_240_101;

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "examples/team".into()));
    let truth = Scenario::from_toml_str(TRUTH).expect("the truth is a valid scenario");
    let records = simulate_records(&truth, 0, SEED, 0);
    let origin = days_from_civil(2024, 1, 1);
    std::fs::write(dir.join("synthetic_crm_export.csv"), write_csv(&records, origin)).expect("write the export");
    let measured = bootstrap(&records, &Moment::ALL, RESAMPLES);
    let get = |m: Moment| measured.iter().find(|x| x.moment == m).map(|x| (x.value, x.se));
    let share = Moment::LastTwoWeeksSharePct.compute(&records).unwrap_or(0.0);
    let mut figures = String::new();
    for (name, m, digits) in [
        ("voluntary_attrition_pct", Moment::VoluntaryAttritionPct, 1),
        ("involuntary_attrition_pct", Moment::InvoluntaryAttritionPct, 1),
        ("pct_at_quota", Moment::QuotaAttainmentPct, 1),
        ("revenue_per_rep", Moment::RevenuePerRepYear, -3),
        ("months_to_ramp", Moment::RampMonths, 1),
        ("cost_of_sales_pct", Moment::CostOfSalesPct, 1),
    ] {
        if let Some((v, se)) = get(m).filter(|x| x.1 > 0.0) {
            let r = |x: f64| if digits < 0 { (x / 1000.0).round() * 1000.0 } else { (x * 10.0).round() / 10.0 };
            figures.push_str(&format!("{name} = {{ value = {}, se = {} }}\n", r(v), r(se).max(0.1)));
        }
    }
    // Deals won per rep per quarter, as the CRM would count them (the
    // records hold bookings only): revenue per rep over deal size, by quarter.
    let deals = get(Moment::RevenuePerRepYear).map_or(0.0, |x| x.0) / truth.market.deal_size / 4.0;
    let text = format!(
        "# SYNTHETIC team: made by salesim from known parameters, NOT real data.\n\
         # Regenerate: cargo run --release --example team -- examples/team\n\
         # Its CRM export is synthetic_crm_export.csv; the figures below are measured from it\n\
         # (weeks {} to {}), standard errors by the bootstrap over reps.\n\
         # Calibrate:  salesim calibrate examples/team/team.toml --out my_team\n\
         #        or:  salesim calibrate examples/team/team.toml --crm examples/team/synthetic_crm_export.csv --out my_team\n\n\
         name = \"synthetic_team\"\n\n[team]\nheadcount = 60\nteam_size = 8\n\n[figures]\n{figures}\
         last_two_weeks_share_pct = {{ value = {:.1}, se = 1.0 }}\ndeal_size = 20000\ndeals_per_rep_per_quarter = {:.1}\n\n\
         [plan]\nname = \"today\"\note = 100000\npay_mix = \"60/40\"\n\n[plan.performance]\nquota_period = \"quarter\"\n\n\
         [plan.incentives]\ncommission_rate = 0.065\nquota_bonus = 0.1\n\n[simulation]\nweeks = 104\nreplications = 40\nseed = 7\n",
        iso(origin),
        iso(origin + 7 * i64::from(records.weeks) - 1),
        share,
        deals
    );
    std::fs::write(dir.join("team.toml"), text).expect("write the team file");
    println!(
        "truth: behavior.quit_rate = 0.2, market.deals_per_week = 0.45, team.skill_sd = 0.45, behavior.pull_forward = 2.0"
    );
    println!("wrote {} and {}", dir.join("synthetic_crm_export.csv").display(), dir.join("team.toml").display());
}
