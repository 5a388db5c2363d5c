//! Phase 6, leave: morale drifts toward the team's mean (faster under team
//! pay, and faster toward a worse mood than a better one), then the rep
//! decides whether to quit: a weekly hazard from dissatisfaction (which
//! carries fatigue and pay against the outside offer), burnout and recent
//! quits among its teammates (`model::attrition`), against the week's quit
//! draw.

use crate::config::Behavior;
use crate::model::attrition::{self, QuitInputs};
use crate::model::policy::Policy;
use crate::model::rep::Rep;
use crate::model::satisfaction;

/// The state leaving reads and changes of one rep.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LeaveState {
    /// [`Rep::satisfaction`] (changed: morale drift).
    pub satisfaction: f64,
    /// [`Rep::burnt_out`] (read).
    pub burnt_out: bool,
}

impl LeaveState {
    /// The fields of `rep` in `scenario`.
    pub fn of(rep: &Rep) -> LeaveState {
        LeaveState { satisfaction: rep.satisfaction, burnt_out: rep.burnt_out }
    }

    /// Writes the changed field into `rep`.
    pub fn apply(&self, rep: &mut Rep) {
        rep.satisfaction = self.satisfaction;
    }
}

/// What a rep's team and luck bring to leaving.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LeaveIn {
    /// Mean satisfaction of the rep's team after feeling.
    pub team_satisfaction: f64,
    /// Recent quits in the rep's team.
    pub peer_quits: f64,
    /// The week's quit draw (`sell::Luck::quit`).
    pub u_quit: f64,
}

/// The leaving phase of one rep (see the module documentation): whether it
/// quits this week. `base_hazard` is `attrition::weekly_base_hazard` of the
/// scenario's quit rate.
#[inline(always)]
pub fn leave(s: &mut LeaveState, x: &LeaveIn, base_hazard: f64, beh: &Behavior, policy: &Policy) -> bool {
    let drift = satisfaction::team_drift(beh.morale_drift, policy.team_share);
    s.satisfaction = satisfaction::drift_toward(s.satisfaction, x.team_satisfaction, drift);
    let quit = QuitInputs {
        satisfaction: s.satisfaction,
        burnt_out: s.burnt_out,
        peer_quits: attrition::felt_peer_quits(x.peer_quits, policy.team_share),
        career_path: policy.career_path,
    };
    x.u_quit < attrition::quit_probability(beh, base_hazard, &quit)
}
