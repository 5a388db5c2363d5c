//! Reviews and coaching: how much of a manager's time each rep gets (the
//! review cadence, the length of a review, and the manager's hours shared
//! across the span of control), and what that time adds to a rep's
//! productivity, with diminishing returns. Review hours are paid twice: in
//! manager time (`costs.manager_hourly`, booked as programme cost) and in the
//! rep's selling time (`sim::week::choose::capacity`). See `docs/model.md`
//! 3.19.

/// Review hours a rep gets a week: a review of `review_hours` every
/// `cadence_weeks`, limited by the manager's `manager_hours_per_week` shared
/// among the `span` reps of the team.
#[inline]
pub fn review_hours_per_week(review_hours: f64, cadence_weeks: u32, manager_hours_per_week: f64, span: u32) -> f64 {
    let wanted = review_hours / f64::from(cadence_weeks.max(1));
    let available = manager_hours_per_week / f64::from(span.max(1));
    wanted.min(available)
}

/// Weeks between the reviews a rep actually gets: `cadence_weeks`, or
/// longer when the manager's `manager_hours_per_week` shared among the
/// `span` reps cannot hold a review of `review_hours` that often
/// (`review_hours / (manager_hours_per_week / span)`).
#[inline]
pub fn reviews_every_weeks(review_hours: f64, cadence_weeks: u32, manager_hours_per_week: f64, span: u32) -> f64 {
    let cadence = f64::from(cadence_weeks.max(1));
    let available = manager_hours_per_week / f64::from(span.max(1));
    if review_hours > available * cadence { review_hours / available } else { cadence }
}

/// Productivity gain from `hours_per_month` of coaching per rep:
/// `gain · (1 − exp(−hours_per_month / scale_hours))`. Each extra hour adds
/// less than the one before; the gain never exceeds `gain`.
#[inline]
pub fn coaching_lift(hours_per_month: f64, gain: f64, scale_hours: f64) -> f64 {
    -gain * super::fastmath::expm1(-hours_per_month / scale_hours.max(1e-9))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manager_with_a_wide_span_gives_each_rep_less_time() {
        // Weekly one-hour reviews: 8 reps fit in 12 hours, 24 do not.
        assert_eq!(review_hours_per_week(1.0, 1, 12.0, 8), 1.0);
        assert_eq!(review_hours_per_week(1.0, 1, 12.0, 24), 0.5);
        assert_eq!(review_hours_per_week(1.0, 4, 12.0, 8), 0.25);
        // The reviews are held as often as asked while the hours allow.
        assert_eq!(reviews_every_weeks(1.0, 1, 12.0, 8), 1.0);
        assert_eq!(reviews_every_weeks(1.0, 1, 12.0, 24), 2.0);
        assert_eq!(reviews_every_weeks(1.0, 4, 12.0, 120), 10.0);
        assert_eq!(reviews_every_weeks(1.0, 13, 12.0, 120), 13.0);
        assert_eq!(reviews_every_weeks(0.0, 2, 0.0, 8), 2.0);
    }

    #[test]
    fn coaching_has_diminishing_returns_and_a_ceiling() {
        let lift = |h| coaching_lift(h, 0.1, 3.0);
        assert_eq!(lift(0.0), 0.0);
        let (one, two, three) = (lift(1.0), lift(2.0), lift(3.0));
        assert!(two - one < one && three - two < two - one);
        assert!(lift(1000.0) <= 0.1 && lift(1000.0) > 0.0999);
    }
}
