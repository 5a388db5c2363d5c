//! Pay: base salary, commission with accelerator and cap, quota bonus, team share,
//! miss penalties and clawbacks. Money adds up: total pay is the sum of its parts,
//! recorded separately so that tests can check the books.

/// The parts of one rep's pay in one week (USD).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PayBreakdown {
    /// Base salary.
    pub base: f64,
    /// Commission on booked sales.
    pub commission: f64,
    /// Quota bonus (individual and team parts).
    pub bonus: f64,
    /// Contest prizes.
    pub prizes: f64,
    /// Spot awards.
    pub spot: f64,
    /// Miss penalty deducted.
    pub penalty: f64,
    /// Commission clawed back.
    pub clawback: f64,
}

impl PayBreakdown {
    /// Total pay of the week.
    #[inline]
    pub fn total(&self) -> f64 {
        self.base + self.commission + self.bonus + self.prizes + self.spot - self.penalty - self.clawback
    }

    /// Adds another breakdown part by part.
    #[inline]
    pub fn add(&mut self, o: &PayBreakdown) {
        self.base += o.base;
        self.commission += o.commission;
        self.bonus += o.bonus;
        self.prizes += o.prizes;
        self.spot += o.spot;
        self.penalty += o.penalty;
        self.clawback += o.clawback;
    }
}

/// Miss penalty at period end: `share` of the period's target variable pay per
/// unit of shortfall.
#[inline]
pub fn miss_penalty(share: f64, variable_target: f64, attainment: f64) -> f64 {
    share * variable_target * (1.0 - attainment).clamp(0.0, 1.0)
}

/// Weeks of pay memory: the pay average moves `1 / PAY_MEMORY_WEEKS` of the
/// way to each week's pay (about a quarter's memory). Assumption
/// (`docs/model.md` 3.12).
pub const PAY_MEMORY_WEEKS: f64 = 13.0;

/// Exponential average of weekly pay (about a quarter's memory).
#[inline]
pub fn update_pay_average(average: f64, this_week: f64) -> f64 {
    average + (this_week - average) / PAY_MEMORY_WEEKS
}

/// Recent pay against the outside offer: the pay average over a year, as a
/// share of `outside_pay` (the rep's outside option x OTE, a yearly amount);
/// 1 = paid at par.
#[inline(always)]
pub fn pay_ratio(pay_average: f64, outside_pay: f64) -> f64 {
    pay_average * f64::from(super::WEEKS_PER_YEAR) / outside_pay
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_is_the_sum_of_the_parts() {
        let p = PayBreakdown {
            base: 100.0,
            commission: 50.0,
            bonus: 20.0,
            prizes: 5.0,
            spot: 1.0,
            penalty: 10.0,
            clawback: 3.0,
        };
        assert_eq!(p.total(), 163.0);
    }

    #[test]
    fn bigger_shortfall_bigger_penalty() {
        assert!(miss_penalty(0.5, 1000.0, 0.5) > miss_penalty(0.5, 1000.0, 0.9));
        assert_eq!(miss_penalty(0.5, 1000.0, 1.2), 0.0);
    }
}
