//! Rank-order contests (sales "PK" races). The pull of a contest on a rep is the
//! prize times how much one more week of effort changes the rep's chance of
//! finishing among the winners: large for contenders near the cut-off, small for
//! a leader far ahead (who eases off) and for those far behind (who give up), as
//! Casas-Arce & Martinez-Jerez (2009) observed in the field.

use super::normal_pdf;

/// Scores needed to be among the `winners`: returns (score of the last winner,
/// score of the best non-winner) from scores sorted in descending order.
#[inline]
pub fn cutoffs(sorted_desc: &[f64], winners: usize) -> (f64, f64) {
    let n = sorted_desc.len();
    if n == 0 {
        return (0.0, 0.0);
    }
    let last_in = sorted_desc[winners.min(n) - 1];
    let first_out = if winners < n { sorted_desc[winners] } else { 0.0 };
    (last_in, first_out)
}

/// [`cutoffs`] of scores in any order, without sorting them all: selects the last
/// winner and the best non-winner (in the total order of `f64::total_cmp`, so the
/// values are the very ones a full sort puts there). Reorders `scores`.
#[inline]
pub fn cutoffs_unsorted(scores: &mut [f64], winners: usize) -> (f64, f64) {
    let n = scores.len();
    if n == 0 {
        return (0.0, 0.0);
    }
    let w = winners.min(n);
    let (_, &mut last_in, rest) = scores.select_nth_unstable_by(w - 1, |a, b| b.total_cmp(a));
    let first_out = if winners < n {
        rest.iter().copied().reduce(|m, x| if x.total_cmp(&m).is_gt() { x } else { m }).unwrap_or(0.0)
    } else {
        0.0
    };
    (last_in, first_out)
}

/// Pull of the contest on one competitor: distance to the cut-off (`gap`, the lead
/// over the best non-winner when positive for a winner, or the deficit to the last
/// winner) scaled by the noise of the weeks left.
#[inline]
pub fn win_gradient(gap: f64, capacity: f64, weeks_left: f64, cv: f64) -> f64 {
    if capacity <= 0.0 {
        return 0.0;
    }
    // Both the rep and the rival draw noise over the weeks left.
    let sigma = capacity * cv * (2.0 * weeks_left.max(1.0)).sqrt();
    normal_pdf(gap / sigma) * capacity / sigma
}

/// Distance of a competitor with `score` from the cut-off: its lead if it is among
/// the winners, its deficit otherwise (both non-negative).
#[inline]
pub fn gap_to_cutoff(score: f64, last_in: f64, first_out: f64) -> f64 {
    if score >= last_in { score - first_out } else { last_in - score }
}

/// Discouragement of a competitor trailing the cut-off by `deficit` (0 for those
/// in contention, rising to 1 for those hopelessly behind): trailing far behind in
/// a tournament saps engagement.
#[inline]
pub fn discouragement(deficit: f64, capacity: f64, weeks_left: f64, cv: f64) -> f64 {
    if deficit <= 0.0 || capacity <= 0.0 {
        return 0.0;
    }
    let sigma = capacity * cv * (2.0 * weeks_left.max(1.0)).sqrt();
    ((deficit / sigma - 1.0) / 2.0).clamp(0.0, 1.0)
}

/// Effort lost by a fully discouraged competitor (share).
pub const DISCOURAGEMENT_EFFECT: f64 = 0.12;

/// Share of effort a competitor with `score` loses to discouragement in an
/// individual contest: up to [`DISCOURAGEMENT_EFFECT`] for one hopelessly
/// behind the last winner (`last_in`), nothing for the winners.
#[inline(always)]
pub fn lost_to_discouragement(score: f64, last_in: f64, capacity: f64, weeks_left: f64, cv: f64) -> f64 {
    if score < last_in {
        DISCOURAGEMENT_EFFECT * discouragement(last_in - score, capacity, weeks_left, cv)
    } else {
        0.0
    }
}

/// Pull of an individual contest on a competitor with `score` and weekly
/// capacity `capacity`: its share of the prize (`prize / winners`) times how
/// much one more week of effort moves its chance of winning.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub fn individual_pull(
    prize: f64,
    winners: usize,
    score: f64,
    last_in: f64,
    first_out: f64,
    capacity: f64,
    weeks_left: f64,
    cv: f64,
) -> f64 {
    let gap = gap_to_cutoff(score, last_in, first_out);
    prize / winners as f64 * win_gradient(gap, capacity, weeks_left, cv)
}

/// Pull of a team contest on one member of a team of `members` with team
/// score `team_score`: one rep's effort moves the team score by its own
/// `capacity`, whose noise is that of the whole team, and the prize is shared
/// by the members (free riding). Nothing when no one in the team can sell.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub fn team_pull(
    prize: f64,
    winners: usize,
    team_score: f64,
    last_in: f64,
    first_out: f64,
    capacity: f64,
    members: f64,
    weeks_left: f64,
    cv: f64,
) -> f64 {
    let team_capacity = capacity * members;
    let gap = gap_to_cutoff(team_score, last_in, first_out);
    let sigma_scale = team_capacity / members.sqrt();
    if sigma_scale > 0.0 {
        prize / (winners as f64 * members) * win_gradient(gap, sigma_scale, weeks_left, cv) * capacity / sigma_scale
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contenders_near_the_cutoff_feel_the_strongest_pull() {
        let (cap, cv, weeks) = (10_000.0, 1.5, 2.0);
        let close = win_gradient(5_000.0, cap, weeks, cv);
        let far_behind = win_gradient(120_000.0, cap, weeks, cv);
        let far_ahead = win_gradient(120_000.0, cap, weeks, cv);
        assert!(close > 5.0 * far_behind);
        assert!(close > 5.0 * far_ahead);
    }

    #[test]
    fn those_far_behind_are_discouraged_and_contenders_are_not() {
        assert_eq!(discouragement(2_000.0, 10_000.0, 2.0, 1.5), 0.0);
        assert!(discouragement(150_000.0, 10_000.0, 2.0, 1.5) > 0.5);
        assert_eq!(discouragement(-5.0, 10_000.0, 2.0, 1.5), 0.0);
    }

    #[test]
    fn cutoffs_pick_last_winner_and_first_loser() {
        let s = [90.0, 70.0, 50.0, 10.0];
        assert_eq!(cutoffs(&s, 1), (90.0, 70.0));
        assert_eq!(cutoffs(&s, 2), (70.0, 50.0));
        assert_eq!(gap_to_cutoff(90.0, 90.0, 70.0), 20.0);
        assert_eq!(gap_to_cutoff(50.0, 90.0, 70.0), 40.0);
        assert_eq!(cutoffs(&s, 9), (10.0, 0.0));
    }

    #[test]
    fn cutoffs_without_sorting_match_cutoffs_of_the_sorted_scores() {
        let s: [f64; 8] = [50.0, 90.0, 10.0, 70.0, 70.0, 0.0, -0.0, 30.0];
        let mut sorted = s;
        sorted.sort_by(|a, b| b.total_cmp(a));
        for w in 1..=10 {
            let (a, b) = cutoffs(&sorted, w);
            let (c, d) = cutoffs_unsorted(&mut s.clone(), w);
            assert_eq!((a.to_bits(), b.to_bits()), (c.to_bits(), d.to_bits()), "winners {w}");
        }
    }
}
