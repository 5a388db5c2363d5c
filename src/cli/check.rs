//! `salesim check`: validate and summarise a scenario on one screen.

use salesim::config::Scenario;
use salesim::config::text::escape;
use salesim::experiment::cost::{Cost, machine_memory, memory_limit};
use salesim::model::WEEKS_PER_YEAR;
use salesim::model::policy::Policy;

use super::args::CheckArgs;
use super::{CliError, load_scenario};

pub fn check(a: CheckArgs) -> Result<i32, CliError> {
    let (s, _) = load_scenario(&a.scenario)?;
    super::plausibility_gate(&s, &a.scenario)?;
    outln!("{}: OK", escape(&a.scenario));
    outln!("  scenario     {} - {}", escape(&s.meta.name), escape(&s.meta.description));
    outln!(
        "  horizon      {} weeks; {} replications, seed {}",
        s.meta.weeks,
        s.experiment.replications,
        s.experiment.seed
    );
    outln!(
        "  team         {} rep slots in teams of {}; ramp {} weeks; hiring lag {} weeks; OTE ${:.0}",
        s.team.size,
        s.team.team_size,
        s.team.ramp_weeks,
        s.team.hiring_lag_weeks,
        s.team.ote
    );
    outln!(
        "  market       {} deals/rep-week of ${:.0} on average; {}-week cycle; margin {:.0}%",
        s.market.deals_per_week,
        s.market.deal_size,
        s.market.sales_cycle_weeks,
        100.0 * s.market.gross_margin
    );
    let cost = Cost::of(&s, u64::from(s.experiment.replications), super::cores(), super::cores());
    outln!("  cost         {}", cost.describe());
    if let Some(why) = cost.over_limits(memory_limit(machine_memory())) {
        outln!("  LARGE        {why}: `salesim run` refuses it without --allow-large");
    }
    outln!("  strategies   {} (baseline: {})", s.strategies.len(), escape(s.baseline_name()));
    for st in &s.strategies {
        let levers = Scenario::changed_levers(st);
        let mark = if st.name == s.baseline_name() { " [baseline]" } else { "" };
        outln!(
            "    - {}{}: {}",
            escape(&st.name),
            mark,
            if st.description.is_empty() { "(no description)".into() } else { escape(&st.description) }
        );
        if levers.is_empty() {
            outln!("        all levers at their defaults");
        }
        for l in levers {
            outln!("        {l}");
        }
        outln!(
            "        cost of sales at normal output {:.1} % (pay of an average ramped rep over its expected bookings)",
            salesim::plausibility::cost_of_sales_pct(&s, st)
        );
        let costs = Policy::new(&s, st).costs;
        let year = f64::from(WEEKS_PER_YEAR);
        outln!(
            "        lever costs ${:.0} per rep-year: tools ${:.0}, manager time ${:.0}, people programmes ${:.0} (plus rotations, contest rounds, awards, plans and dismissals as they happen)",
            costs.per_rep_week() * year,
            costs.tools_per_rep_week * year,
            costs.manager_per_rep_week * year,
            costs.people_per_rep_week * year
        );
    }
    for def in &s.sweeps {
        for v in def.vary.iter().filter_map(|v| salesim::config::sweep::Vary::parse(v).ok()) {
            if let Some(w) = v.duplicate_levels() {
                errln!("warning: [[sweep]] {}: {}", escape(def.name.as_deref().unwrap_or("")), escape(&w));
            }
        }
    }
    Ok(0)
}
