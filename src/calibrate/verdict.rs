//! The plain verdict on a fit: on how many figures the simulated team is
//! within the data's uncertainty (|z| at most [`Z_WITHIN`], where z counts
//! the figure's standard error and the simulation's noise), and how far off
//! the worst of the others is, in words: "reproduced within the data's
//! uncertainty on 7 of 8 figures; revenue per rep is 6 % high".

use super::fit::Fit;
use super::moments::Moment;

/// Largest |z| that counts as reproduced (a two-sided 95 % band).
pub const Z_WITHIN: f64 = 1.96;

/// A moment as a sales leader names it.
pub fn plain_name(m: Moment) -> &'static str {
    match m {
        Moment::VoluntaryAttritionPct => "voluntary attrition",
        Moment::InvoluntaryAttritionPct => "involuntary attrition",
        Moment::QuotaAttainmentPct => "the share at quota",
        Moment::RevenuePerRepYear => "revenue per rep",
        Moment::RevenueCv => "the spread of revenue across reps",
        Moment::LastTwoWeeksSharePct => "the last-two-weeks share",
        Moment::RampMonths => "months to ramp",
        Moment::CostOfSalesPct => "cost of sales",
    }
}

/// How far off a simulated value is from its target, in words: points for
/// percentages, % of the target otherwise ("6 % high", "4.2 points low").
pub fn miss(m: Moment, target: f64, simulated: f64) -> String {
    let dir = if simulated >= target { "high" } else { "low" };
    if m.info().unit.starts_with('%') {
        format!("{:.1} points {dir}", (simulated - target).abs())
    } else if target != 0.0 {
        format!("{:.0} % {dir}", 100.0 * ((simulated - target) / target).abs())
    } else {
        format!("{:.3} {dir}", (simulated - target).abs())
    }
}

/// The verdict line of a fit.
pub fn verdict(fit: &Fit) -> String {
    let n = fit.table.len();
    let within = fit.table.iter().filter(|r| r.z.abs() <= Z_WITHIN).count();
    let mut line =
        format!("reproduced within the data's uncertainty on {within} of {n} figure{}", if n == 1 { "" } else { "s" });
    let mut off: Vec<_> = fit.table.iter().filter(|r| r.z.abs() > Z_WITHIN || !r.z.is_finite()).collect();
    off.sort_by(|a, b| b.z.abs().total_cmp(&a.z.abs()));
    let parts: Vec<String> = off
        .iter()
        .map(|r| match Moment::from_id(&r.moment) {
            Some(m) => format!("{} is {} (z = {:.1})", plain_name(m), miss(m, r.target, r.simulated), r.z),
            None => format!("{} is {:.3} against {:.3} (z = {:.1})", r.moment, r.simulated, r.target, r.z),
        })
        .collect();
    if !parts.is_empty() {
        line.push_str("; ");
        line.push_str(&parts.join("; "));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misses_read_in_points_for_percentages_and_percent_otherwise() {
        assert_eq!(miss(Moment::RevenuePerRepYear, 500_000.0, 530_000.0), "6 % high");
        assert_eq!(miss(Moment::VoluntaryAttritionPct, 28.0, 23.8), "4.2 points low");
    }
}
