//! Lane-wise kernels of the weekly loop: the parts of a rep's week that are
//! the same arithmetic for every rep (what each rep feels and chooses; how
//! motivation and satisfaction move) run over blocks of [`LANES`] reps at once.
//!
//! The weekly loop copies each block's inputs out of the slots into fixed-size
//! arrays, calls a kernel, and copies the outputs back. A kernel is a loop of
//! fixed length over the lanes with no calls and no branches the compiler
//! cannot turn into selects (the model's `exp` and `tanh` are branch-free for
//! that reason, see `model::fastmath`), so the compiler turns it into vector
//! instructions. The kernels are compiled three times, for the x86-64
//! baseline, for AVX2 and for AVX-512, and [`Isa::detect`] picks the widest
//! the processor has at run time.
//!
//! Every path gives the same bits: the kernels use only IEEE additions,
//! multiplications, divisions, square roots, comparisons and selects, which
//! are exactly rounded in every vector width, and Rust never fuses a
//! multiplication and an addition on its own. A unit test runs every path the
//! machine has on the same inputs and compares the bits.

use crate::config::Scenario;
use crate::model::effort::{self, Drives};
use crate::model::policy::Policy;
use crate::model::rep::Rep;
use crate::model::satisfaction::{self, SatisfactionInputs};
use crate::model::{contest, fastmath, gaming, motivation, pay, pressure, quota, reward, sales};

/// Reps handled together by one pass of a kernel's loop: eight doubles fill
/// an AVX-512 register, two AVX2 registers or four SSE2 registers.
pub const LANES: usize = 8;

/// The instruction set the kernels run with. Only [`Isa::detect`] and
/// [`Isa::available`] make one other than [`Isa::BASELINE`], so a kernel never
/// runs with instructions the processor lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Isa(Level);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Baseline,
    #[cfg(target_arch = "x86_64")]
    Avx2,
    #[cfg(target_arch = "x86_64")]
    Avx512,
}

impl Isa {
    /// The target's baseline (SSE2 on x86-64): two lanes per instruction.
    pub const BASELINE: Isa = Isa(Level::Baseline);

    /// The instruction set the weekly loop uses: the widest this processor
    /// has, or the one named by the environment variable `SALESIM_ISA`
    /// (`baseline`, `avx2` or `avx512`) when the processor has it. Results are
    /// the same with each; the variable exists to measure the difference.
    pub fn detect() -> Isa {
        static CHOSEN: std::sync::OnceLock<Isa> = std::sync::OnceLock::new();
        *CHOSEN.get_or_init(|| {
            let available = Isa::available();
            let wanted = std::env::var("SALESIM_ISA").ok();
            available
                .iter()
                .copied()
                .find(|isa| wanted.as_deref() == Some(isa.name()))
                .unwrap_or(*available.last().unwrap_or(&Isa::BASELINE))
        })
    }

    /// A warning when `SALESIM_ISA` is set but not followed (an unknown name,
    /// or an instruction set this processor lacks), naming the one used.
    pub fn env_warning() -> Option<String> {
        let wanted = std::env::var("SALESIM_ISA").ok()?;
        let used = Isa::detect();
        if used.name() == wanted {
            return None;
        }
        let known = ["baseline", "avx2", "avx512"];
        let why = if known.contains(&wanted.as_str()) {
            "this processor does not have it"
        } else {
            "it is not one of baseline, avx2, avx512"
        };
        Some(format!("SALESIM_ISA={wanted} ignored ({why}); the kernels use {}", used.name()))
    }

    /// Every instruction set this processor can run the kernels with,
    /// narrowest first.
    pub fn available() -> Vec<Isa> {
        #[allow(unused_mut)]
        let mut isas = vec![Isa::BASELINE];
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2") {
                isas.push(Isa(Level::Avx2));
            }
            if std::arch::is_x86_feature_detected!("avx512f")
                && std::arch::is_x86_feature_detected!("avx512dq")
                && std::arch::is_x86_feature_detected!("avx512vl")
            {
                isas.push(Isa(Level::Avx512));
            }
        }
        isas
    }

    /// Short name: `baseline`, `avx2` or `avx512`.
    pub fn name(self) -> &'static str {
        match self.0 {
            Level::Baseline => "baseline",
            #[cfg(target_arch = "x86_64")]
            Level::Avx2 => "avx2",
            #[cfg(target_arch = "x86_64")]
            Level::Avx512 => "avx512",
        }
    }
}

/// Defines `$name(isa, args...)`, which runs the `#[inline(always)]` kernel
/// `$body` compiled for the given instruction set.
macro_rules! dispatched {
    ($(#[$m:meta])* $name:ident => $body:ident ($($arg:ident: $ty:ty),* $(,)?)) => {
        $(#[$m])*
        pub(crate) fn $name(isa: Isa, $($arg: $ty),*) {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx2")]
                fn avx2($($arg: $ty),*) {
                    $body($($arg),*)
                }
                #[target_feature(enable = "avx512f,avx512dq,avx512vl")]
                fn avx512($($arg: $ty),*) {
                    $body($($arg),*)
                }
                match isa.0 {
                    // SAFETY: a level other than `Baseline` comes only from
                    // `Isa::available`, which checked that the processor has it.
                    Level::Avx512 => return unsafe { avx512($($arg),*) },
                    Level::Avx2 => return unsafe { avx2($($arg),*) },
                    Level::Baseline => {}
                }
            }
            let _ = isa;
            $body($($arg),*)
        }
    };
}

/// Inputs of the choosing pass for a block of [`LANES`] reps in post.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ChooseIn {
    pub(crate) productivity: [f64; LANES],
    pub(crate) relationship: [f64; LANES],
    pub(crate) quota: [f64; LANES],
    pub(crate) period_sales: [f64; LANES],
    pub(crate) pressure: [f64; LANES],
    pub(crate) tolerance: [f64; LANES],
    pub(crate) shame: [f64; LANES],
    pub(crate) contest_sales: [f64; LANES],
    pub(crate) adaptation_money: [f64; LANES],
    pub(crate) money_sensitivity: [f64; LANES],
    pub(crate) recognition_quota: [f64; LANES],
    pub(crate) recognition_sales: [f64; LANES],
    pub(crate) adaptation_other: [f64; LANES],
    pub(crate) recognition_sensitivity: [f64; LANES],
    pub(crate) intrinsic: [f64; LANES],
    pub(crate) satisfaction: [f64; LANES],
    pub(crate) fatigue: [f64; LANES],
    pub(crate) pipeline: [f64; LANES],
    pub(crate) members: [f64; LANES],
    pub(crate) team_contest: [f64; LANES],
    pub(crate) pip_threat: [bool; LANES],
    pub(crate) burnt_out: [bool; LANES],
}

/// Outputs of the choosing pass for a block of reps.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ChooseOut {
    pub(crate) pressure: [f64; LANES],
    pub(crate) pipeline: [f64; LANES],
    pub(crate) effort: [f64; LANES],
    pub(crate) extrinsic: [f64; LANES],
    pub(crate) lambda: [f64; LANES],
    /// Chance of no deal this week, `exp(-lambda)`.
    pub(crate) p_zero: [f64; LANES],
    pub(crate) conv: [f64; LANES],
    pub(crate) excess: [f64; LANES],
    /// Chance of gaming the books this week (`gaming::gaming_probability`).
    pub(crate) p_game: [f64; LANES],
    /// Share of the pipeline pulled in for a step bonus (`gaming::pull_in_share`).
    pub(crate) pull_share: [f64; LANES],
}

/// Week-level values every rep of the choosing pass reads.
pub(crate) struct WeekConsts {
    /// Weeks in a quota period.
    pub(crate) p_weeks: u32,
    /// Market demand index this week.
    pub(crate) demand: f64,
    /// Weeks left in the quota period, this one included.
    pub(crate) weeks_left: f64,
    /// Share of the quota period left.
    pub(crate) share_left: f64,
    /// Week-to-week coefficient of variation of a rep's sales.
    pub(crate) cv: f64,
    /// Chance that a deal earns a spot bonus.
    pub(crate) spot_chance: f64,
    /// The running contest: prize, winners, team scope, the last winning and
    /// first losing scores, weeks left in the round.
    pub(crate) contest: Option<(f64, usize, bool, f64, f64, f64)>,
    /// Weeks left in the recognition round (0 without recognition).
    pub(crate) recognition_left: f64,
}

dispatched! {
    /// The choosing pass for blocks of reps in post: pressure, rewards at the
    /// margin, effort and pipeline (the same equations, in the same order, as
    /// one rep at a time).
    choose => choose_blocks(ins: &[ChooseIn], outs: &mut [ChooseOut], scenario: &Scenario, policy: &Policy, w: &WeekConsts)
}

#[inline(always)]
fn choose_blocks(ins: &[ChooseIn], outs: &mut [ChooseOut], scenario: &Scenario, policy: &Policy, w: &WeekConsts) {
    for (inp, out) in ins.iter().zip(outs.iter_mut()) {
        choose_block(inp, out, scenario, policy, w);
    }
}

#[inline(always)]
fn choose_block(inp: &ChooseIn, out: &mut ChooseOut, scenario: &Scenario, policy: &Policy, w: &WeekConsts) {
    let (beh, mkt) = (&scenario.behavior, &scenario.market);
    let (p_weeks, demand, weeks_left, share_left, cv) = (w.p_weeks, w.demand, w.weeks_left, w.share_left, w.cv);
    for l in 0..LANES {
        let productivity = inp.productivity[l];
        let conv = sales::conversion(inp.relationship[l], mkt.relationship_weight);
        let capacity = policy.capacity * productivity * demand * conv;
        let remaining = inp.quota[l] - inp.period_sales[l];
        let attainment = Rep::attainment_of(inp.period_sales[l], inp.quota[l]);

        // Pressure.
        let pace = pressure::required_pace(remaining, capacity, weeks_left);
        let lb_shame = inp.shame[l];
        let cons = pressure::consequences(policy.miss_penalty, inp.pip_threat[l], policy.forced_ranking, lb_shame);
        let target = pressure::target_pressure(beh.pressure_scale, pace, policy.monitoring, cons);
        let p = pressure::update_pressure(inp.pressure[l], target);
        out.pressure[l] = p;
        let tol = inp.tolerance[l];
        let excess = ((p - tol) / tol).max(0.0);

        // Rewards at the margin.
        let mut rate =
            reward::marginal_commission_rate(attainment, policy.commission_rate, policy.accelerator, policy.cap);
        if policy.ratchet > 0.0 && attainment >= 1.0 {
            rate *= 1.0 - policy.ratchet * beh.holdback;
        }
        let own =
            rate * capacity + policy.bonus_per_period * reward::threshold_gradient(remaining, capacity, weeks_left, cv);
        let members = inp.members[l];
        let free_riding = (1.0 - policy.team_share) + policy.team_share / members;
        let mut money = own * free_riding * policy.delay_factor * (0.7 + 0.6 * policy.transparency);
        let mut discouragement = 0.0;
        if let Some((prize, winners, team_scope, last_in, first_out, left)) = w.contest {
            if !team_scope && inp.contest_sales[l] < last_in {
                discouragement = contest::DISCOURAGEMENT_EFFECT
                    * contest::discouragement(last_in - inp.contest_sales[l], capacity, left, cv);
            }
            money += if team_scope {
                // One rep's effort moves the team score by its own capacity; the
                // prize is shared by the members (free-riding).
                let team_capacity = capacity * members;
                let gap = contest::gap_to_cutoff(inp.team_contest[l], last_in, first_out);
                let sigma_scale = team_capacity / members.sqrt();
                if sigma_scale > 0.0 {
                    prize / (winners as f64 * members) * contest::win_gradient(gap, sigma_scale, left, cv) * capacity
                        / sigma_scale
                } else {
                    // No one in the team can sell this week: effort cannot move the score.
                    0.0
                }
            } else {
                let gap = contest::gap_to_cutoff(inp.contest_sales[l], last_in, first_out);
                prize / winners as f64 * contest::win_gradient(gap, capacity, left, cv)
            };
        }
        money += policy.spot.0 * w.spot_chance * mkt.deals_per_week * productivity * conv;
        let extrinsic = inp.money_sensitivity[l]
            * reward::adapted(money / policy.weekly_ote, inp.adaptation_money[l], beh.adaptation_depth);
        let recognition =
            match policy.recognition {
                Some((_, top_only, bar, _)) => {
                    let pull = if top_only {
                        0.3 / members.sqrt()
                    } else {
                        let left = w.recognition_left;
                        let needed = bar * (inp.recognition_quota[l] + inp.quota[l] / f64::from(p_weeks) * left)
                            - inp.recognition_sales[l];
                        reward::threshold_gradient(needed, capacity, left, cv)
                    };
                    inp.recognition_sensitivity[l]
                        * reward::adapted(pull, inp.adaptation_other[l], beh.adaptation_depth)
                }
                None => 0.0,
            } + if policy.leaderboard { 0.05 * inp.recognition_sensitivity[l] * (1.0 - lb_shame) } else { 0.0 };

        // Effort.
        let drives = Drives {
            intrinsic: inp.intrinsic[l],
            extrinsic,
            recognition,
            challenge: pressure::challenge(p, tol) * pressure::commitment(pace),
            engagement: inp.satisfaction[l],
            discouragement,
        };
        let desired = effort::desired_effort(beh, &drives);
        let e = effort::effort(
            desired,
            effort::effort_cap(beh.max_effort, inp.fatigue[l]),
            inp.burnt_out[l],
            beh.burnout_productivity,
        );

        // Pipeline and sales.
        let hold = quota::holdback_share(attainment, policy.ratchet, beh.holdback, share_left)
            + quota::deferral_share(policy.bonus_per_period > 0.0, pace, pressure::MAX_PACE, beh.holdback, share_left);
        let maturing = inp.pipeline[l] / mkt.sales_cycle_weeks;
        let lambda = maturing * (1.0 - hold) * sales::closing_push(e) * conv * demand;
        out.lambda[l] = lambda;
        out.p_zero[l] = fastmath::exp(-lambda);
        out.pipeline[l] = inp.pipeline[l] + mkt.deals_per_week * productivity * e - maturing * (1.0 - hold);
        out.effort[l] = e;
        out.extrinsic[l] = extrinsic;
        out.conv[l] = conv;
        out.excess[l] = excess;

        // Gaming: behind means more than a normal week's sales short of quota.
        let behind = remaining > capacity && remaining > 0.0;
        out.p_game[l] = gaming::gaming_probability(
            beh.gaming_propensity,
            p,
            tol,
            behind,
            share_left,
            policy.monitoring,
            beh.gaming_detection,
        );
        let stake = policy.bonus_per_period * (1.0 - policy.team_share) / policy.weekly_ote;
        out.pull_share[l] =
            gaming::pull_in_share(stake, pace, share_left, beh.pull_forward, policy.monitoring, beh.gaming_detection);
    }
}

/// Inputs of the satisfaction pass for a block of reps in post.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SatisfyIn {
    pub(crate) pay_total: [f64; LANES],
    pub(crate) trait_intrinsic: [f64; LANES],
    pub(crate) outside_pay: [f64; LANES],
    pub(crate) fatigue: [f64; LANES],
    pub(crate) pressure: [f64; LANES],
    pub(crate) tolerance: [f64; LANES],
    pub(crate) shame: [f64; LANES],
    pub(crate) peer_quits: [f64; LANES],
    pub(crate) on_pip: [bool; LANES],
}

/// State the satisfaction pass updates, for a block of reps in post.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SatisfyState {
    pub(crate) pay_average: [f64; LANES],
    pub(crate) glow: [f64; LANES],
    pub(crate) intrinsic: [f64; LANES],
    pub(crate) adaptation_money: [f64; LANES],
    pub(crate) adaptation_other: [f64; LANES],
    pub(crate) satisfaction: [f64; LANES],
}

/// Regime-level values every rep of the satisfaction pass reads.
pub(crate) struct RegimeConsts {
    /// How controlling the regime feels (`motivation::controlling`).
    pub(crate) controlling: f64,
    /// Whether money rewards are active (adaptation to money moves up).
    pub(crate) money_active: bool,
}

dispatched! {
    /// Pay memory, intrinsic motivation, adaptation, recognition glow and
    /// satisfaction of blocks of reps in post, for one week.
    satisfy => satisfy_blocks(
        ins: &[SatisfyIn],
        states: &mut [SatisfyState],
        scenario: &Scenario,
        policy: &Policy,
        r: &RegimeConsts,
    )
}

#[inline(always)]
fn satisfy_blocks(
    ins: &[SatisfyIn],
    states: &mut [SatisfyState],
    scenario: &Scenario,
    policy: &Policy,
    r: &RegimeConsts,
) {
    for (inp, st) in ins.iter().zip(states.iter_mut()) {
        satisfy_block(inp, st, scenario, policy, r);
    }
}

#[inline(always)]
fn satisfy_block(inp: &SatisfyIn, st: &mut SatisfyState, scenario: &Scenario, policy: &Policy, r: &RegimeConsts) {
    let beh = &scenario.behavior;
    for l in 0..LANES {
        let pay_average = pay::update_pay_average(st.pay_average[l], inp.pay_total[l]);
        st.pay_average[l] = pay_average;
        let glow = st.glow[l];
        let supportive = motivation::supportive(
            glow,
            policy.training_hours,
            policy.career_path,
            policy.wellbeing,
            policy.transparency,
        );
        let target = motivation::intrinsic_target(
            inp.trait_intrinsic[l],
            beh.crowding_out,
            r.controlling,
            beh.crowding_in,
            supportive,
        );
        let intrinsic = motivation::update_intrinsic(st.intrinsic[l], target, beh.intrinsic_rate);
        st.intrinsic[l] = intrinsic;
        st.adaptation_money[l] = reward::adapt(st.adaptation_money[l], r.money_active, beh.adaptation_rate);
        let other_active = glow > 0.3 || policy.training_hours > 0.0 || policy.career_path;
        st.adaptation_other[l] = reward::adapt(st.adaptation_other[l], other_active, beh.adaptation_rate_nonmonetary);
        let tol = inp.tolerance[l];
        let inputs = SatisfactionInputs {
            pay_ratio: pay_average * 52.0 / inp.outside_pay[l],
            transparency: policy.transparency,
            recognition_glow: glow,
            wellbeing: policy.wellbeing,
            team_share: policy.team_share,
            career_path: policy.career_path,
            intrinsic,
            fatigue: inp.fatigue[l],
            excess_pressure: ((inp.pressure[l] - tol) / tol).max(0.0),
            leaderboard_shame: inp.shame[l],
            on_pip: inp.on_pip[l],
            peer_quits: inp.peer_quits[l],
        };
        st.satisfaction[l] =
            satisfaction::update_satisfaction(st.satisfaction[l], satisfaction::satisfaction_target(&inputs));
        st.glow[l] = glow * 0.85;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::streams::mix64;

    /// Pseudo-random values in `[lo, hi)`, with some exact edge values mixed in.
    struct Draws(u64);

    impl Draws {
        fn next(&mut self, lo: f64, hi: f64) -> f64 {
            self.0 = mix64(self.0);
            match self.0 % 16 {
                0 => lo,
                1 => 0.0,
                _ => lo + (hi - lo) * ((self.0 >> 11) as f64 / (1u64 << 53) as f64),
            }
        }

        fn lanes(&mut self, lo: f64, hi: f64) -> [f64; LANES] {
            std::array::from_fn(|_| self.next(lo, hi))
        }

        fn flags(&mut self) -> [bool; LANES] {
            std::array::from_fn(|_| self.next(0.0, 1.0) < 0.5)
        }
    }

    fn choose_in(d: &mut Draws) -> ChooseIn {
        ChooseIn {
            productivity: d.lanes(0.0, 2.0),
            relationship: d.lanes(0.0, 1.0),
            quota: d.lanes(-1e4, 3e5),
            period_sales: d.lanes(-1e4, 4e5),
            pressure: d.lanes(0.0, 4.0),
            tolerance: d.lanes(0.05, 2.0),
            shame: d.lanes(0.0, 1.0),
            contest_sales: d.lanes(0.0, 2e5),
            adaptation_money: d.lanes(0.0, 1.0),
            money_sensitivity: d.lanes(0.0, 2.0),
            recognition_quota: d.lanes(0.0, 2e5),
            recognition_sales: d.lanes(0.0, 2e5),
            adaptation_other: d.lanes(0.0, 1.0),
            recognition_sensitivity: d.lanes(0.0, 2.0),
            intrinsic: d.lanes(0.0, 1.0),
            satisfaction: d.lanes(0.0, 1.0),
            fatigue: d.lanes(0.0, 1.0),
            pipeline: d.lanes(0.0, 50.0),
            members: d.lanes(1.0, 12.0),
            team_contest: d.lanes(0.0, 1e6),
            pip_threat: d.flags(),
            burnt_out: d.flags(),
        }
    }

    fn satisfy_in(d: &mut Draws) -> (SatisfyIn, SatisfyState) {
        let inp = SatisfyIn {
            pay_total: d.lanes(-5e3, 2e4),
            trait_intrinsic: d.lanes(0.0, 1.0),
            outside_pay: d.lanes(1e4, 2e5),
            fatigue: d.lanes(0.0, 1.0),
            pressure: d.lanes(0.0, 4.0),
            tolerance: d.lanes(0.05, 2.0),
            shame: d.lanes(0.0, 1.0),
            peer_quits: d.lanes(0.0, 0.5),
            on_pip: d.flags(),
        };
        let st = SatisfyState {
            pay_average: d.lanes(-1e3, 1e4),
            glow: d.lanes(0.0, 1.0),
            intrinsic: d.lanes(0.0, 1.0),
            adaptation_money: d.lanes(0.0, 1.0),
            adaptation_other: d.lanes(0.0, 1.0),
            satisfaction: d.lanes(0.0, 1.0),
        };
        (inp, st)
    }

    fn bits<const N: usize>(x: &[[f64; N]]) -> Vec<u64> {
        x.iter().flatten().map(|v| v.to_bits()).collect()
    }

    #[test]
    fn every_instruction_set_gives_the_same_bits() {
        let mut d = Draws(7);
        // Every bundled scenario's strategies: contests (individual and team),
        // recognition, leaderboards, ratchets, penalties, team pay.
        for b in crate::bundled::BUNDLED {
            let scenario = Scenario::from_toml_str(b.text).unwrap();
            for strategy in &scenario.strategies {
                let policy = Policy::new(&scenario, strategy);
                let week = WeekConsts {
                    p_weeks: policy.period_weeks,
                    demand: d.next(0.7, 1.3),
                    weeks_left: d.next(1.0, 13.0),
                    share_left: d.next(0.0, 1.0),
                    cv: d.next(0.1, 2.0),
                    spot_chance: d.next(0.0, 0.3),
                    contest: policy.contest.map(|(round, prize, winners, team)| {
                        (prize, winners, team, d.next(0.0, 1e5), d.next(0.0, 1e5), f64::from(round))
                    }),
                    recognition_left: d.next(1.0, 13.0),
                };
                let ins: Vec<ChooseIn> = (0..16).map(|_| choose_in(&mut d)).collect();
                let (sat_ins, sat_states): (Vec<_>, Vec<_>) = (0..16).map(|_| satisfy_in(&mut d)).unzip();
                let regime = RegimeConsts { controlling: d.next(0.0, 2.9), money_active: d.next(0.0, 1.0) < 0.5 };
                let mut reference = None;
                for isa in Isa::available() {
                    let mut outs = vec![ChooseOut::default(); ins.len()];
                    choose(isa, &ins, &mut outs, &scenario, &policy, &week);
                    let mut states = sat_states.clone();
                    satisfy(isa, &sat_ins, &mut states, &scenario, &policy, &regime);
                    let got: Vec<u64> = outs
                        .iter()
                        .flat_map(|o| {
                            let fields = [
                                o.pressure,
                                o.pipeline,
                                o.effort,
                                o.extrinsic,
                                o.lambda,
                                o.p_zero,
                                o.conv,
                                o.excess,
                                o.p_game,
                                o.pull_share,
                            ];
                            bits(&fields)
                        })
                        .chain(states.iter().flat_map(|s| {
                            let fields = [
                                s.pay_average,
                                s.glow,
                                s.intrinsic,
                                s.adaptation_money,
                                s.adaptation_other,
                                s.satisfaction,
                            ];
                            bits(&fields)
                        }))
                        .collect();
                    match &reference {
                        None => reference = Some(got),
                        Some(want) => assert!(
                            *want == got,
                            "{} differs from the baseline on {} / {}",
                            isa.name(),
                            b.name,
                            strategy.name
                        ),
                    }
                }
            }
        }
    }
}
