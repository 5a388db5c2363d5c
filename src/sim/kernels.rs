//! Lane-wise kernels of the weekly loop: the parts of a rep's week that are
//! the same arithmetic for every rep (what each rep feels and chooses; the
//! totals, fatigue, relationships and skill after selling; how motivation and
//! satisfaction move; morale drift and the quit decision) run over
//! blocks of [`LANES`] reps at once.
//!
//! The weekly loop stores the team lane-wise (`sim::rep_block`: one fixed-size
//! array per field), so a kernel works on the blocks in place; what a rep
//! reads from outside its own state (team values, ranks, the week's pay and
//! quit draw) comes in `SideInputs`. Vacant slots are computed like the
//! others and their results ignored. A kernel is a loop of fixed length over
//! the lanes with no calls and no branches the compiler cannot turn into
//! selects (the model's `exp` and `tanh` are branch-free for that reason, see
//! `model::fastmath`), so the compiler turns it into vector instructions; it
//! first copies the fields it touches into local arrays (the compiler does
//! not vectorise the loop over the fields of the block in place) and writes
//! back those it changed. The choosing kernel is compiled once per kind of
//! contest and recognition, because a vectorised loop computes both sides of
//! every branch. The kernels are compiled three times, for the x86-64
//! baseline, for AVX2 and for AVX-512, and [`Isa::detect`] picks the widest
//! the processor has at run time.
//!
//! Every path gives the same bits: the kernels use only IEEE additions,
//! multiplications, divisions, square roots, comparisons and selects, which
//! are exactly rounded in every vector width, and Rust never fuses a
//! multiplication and an addition on its own. A unit test runs every path the
//! machine has on the same inputs and compares the bits.

use crate::config::Scenario;
use crate::model::attrition::{self, QuitInputs};
use crate::model::effort::{self, Drives};
use crate::model::policy::Policy;
use crate::model::rep::Rep;
use crate::model::satisfaction::{self, SatisfactionInputs};
use crate::model::{contest, fastmath, fatigue, gaming, motivation, pay, pressure, quota, reward, sales};
use crate::sim::rep_block::RepBlock;
use crate::sim::streams;

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

/// Defines a struct of local copies of some fields of a [`RepBlock`], with
/// `from`, which copies them out of a block, and `store`, which writes back
/// those listed after `writes`. A kernel works on such copies because the
/// compiler does not vectorise its loop over the fields of the block in place.
macro_rules! block_fields {
    ($(#[$m:meta])* $name:ident { $($field:ident: $ty:ty),* $(,)? } writes { $($out:ident),* $(,)? }) => {
        $(#[$m])*
        struct $name {
            $($field: [$ty; LANES]),*
        }

        impl $name {
            #[inline(always)]
            fn from(b: &RepBlock) -> Self {
                $name { $($field: b.$field),* }
            }

            /// Writes the updated fields back.
            #[inline(always)]
            fn store(&self, b: &mut RepBlock) {
                $(b.$out = self.$out;)*
            }
        }
    };
}

/// What a block of [`LANES`] slots reads this week from outside the reps' own
/// state: team values and ranks, gathered slot by slot by the weekly loop.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SideInputs {
    /// Leaderboard shame (rank from the top over the team, 0 without a leaderboard).
    pub(crate) shame: [f64; LANES],
    /// Members of the rep's team in post (at least 1).
    pub(crate) members: [f64; LANES],
    /// The rep's team's contest score (team contests).
    pub(crate) team_contest: [f64; LANES],
    /// Recent quits in the rep's team (the satisfaction pass).
    pub(crate) peer_quits: [f64; LANES],
    /// The rep's pay this week (the satisfaction pass).
    pub(crate) pay_total: [f64; LANES],
    /// Mean satisfaction of the rep's team after the satisfaction pass (the
    /// quitting pass).
    pub(crate) team_satisfaction: [f64; LANES],
    /// The rep's uniform draw for quitting this week.
    pub(crate) quit_draw: [f64; LANES],
}

/// What the choosing pass hands to the selling pass for a block of reps (the
/// state it updates, pressure, effort, extrinsic drive and pipeline, it
/// writes in place).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ChooseOut {
    /// Expected deals this week.
    pub(crate) lambda: [f64; LANES],
    /// Chance of no deal this week, `exp(-lambda)`.
    pub(crate) p_zero: [f64; LANES],
    /// Conversion multiplier of relationship quality.
    pub(crate) conv: [f64; LANES],
    /// Pressure beyond tolerance, relative to tolerance.
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
    choose => choose_blocks(
        reps: &mut [RepBlock],
        sides: &[SideInputs],
        outs: &mut [ChooseOut],
        scenario: &Scenario,
        policy: &Policy,
        w: &WeekConsts,
    )
}

#[inline(always)]
fn choose_blocks(
    reps: &mut [RepBlock],
    sides: &[SideInputs],
    outs: &mut [ChooseOut],
    scenario: &Scenario,
    policy: &Policy,
    w: &WeekConsts,
) {
    // The loop is compiled once per kind of contest and recognition, so that
    // a strategy without them does not compute their pulls in every lane and
    // throw them away (a vectorised loop computes both sides of a branch).
    let contest = match w.contest {
        None => NONE,
        Some((_, _, false, ..)) => INDIVIDUAL,
        Some((_, _, true, ..)) => TEAM,
    };
    let recognition = match policy.recognition {
        None => NONE,
        Some((_, true, ..)) => TOP_ONLY,
        Some((_, false, ..)) => BAR,
    };
    macro_rules! run {
        ($c:expr, $r:expr) => {
            for ((inp, side), out) in reps.iter_mut().zip(sides).zip(outs.iter_mut()) {
                choose_block::<{ $c }, { $r }>(inp, side, out, scenario, policy, w);
            }
        };
    }
    match (contest, recognition) {
        (NONE, NONE) => run!(NONE, NONE),
        (NONE, TOP_ONLY) => run!(NONE, TOP_ONLY),
        (NONE, _) => run!(NONE, BAR),
        (INDIVIDUAL, NONE) => run!(INDIVIDUAL, NONE),
        (INDIVIDUAL, TOP_ONLY) => run!(INDIVIDUAL, TOP_ONLY),
        (INDIVIDUAL, _) => run!(INDIVIDUAL, BAR),
        (_, NONE) => run!(TEAM, NONE),
        (_, TOP_ONLY) => run!(TEAM, TOP_ONLY),
        (_, _) => run!(TEAM, BAR),
    }
}

/// Kinds of contest (`NONE`, `INDIVIDUAL`, `TEAM`) and of recognition
/// (`NONE`, `TOP_ONLY`, `BAR`) a choosing loop is compiled for.
const NONE: u8 = 0;
const INDIVIDUAL: u8 = 1;
const TEAM: u8 = 2;
const TOP_ONLY: u8 = 1;
const BAR: u8 = 2;

#[inline(always)]
fn choose_block<const CONTEST: u8, const RECOGNITION: u8>(
    block: &mut RepBlock,
    side: &SideInputs,
    out: &mut ChooseOut,
    scenario: &Scenario,
    policy: &Policy,
    w: &WeekConsts,
) {
    // The fields this pass reads and writes, as local arrays (see
    // `satisfy_block`).
    let mut inp = ChooseFields::from(&*block);
    let (team, beh, mkt) = (&scenario.team, &scenario.behavior, &scenario.market);
    let (p_weeks, demand, weeks_left, share_left, cv) = (w.p_weeks, w.demand, w.weeks_left, w.share_left, w.cv);
    let mut behind = [false; LANES];
    for (l, behind) in behind.iter_mut().enumerate() {
        let productivity =
            inp.skill[l] * Rep::ramp(inp.tenure[l], team.ramp_weeks, team.ramp_start) * (1.0 - policy.training_time);
        let conv = sales::conversion(inp.relationship[l], mkt.relationship_weight);
        let capacity = policy.capacity * productivity * demand * conv;
        let remaining = inp.quota[l] - inp.period_sales[l];
        let attainment = Rep::attainment_of(inp.period_sales[l], inp.quota[l]);

        // Pressure.
        let pace = pressure::required_pace(remaining, capacity, weeks_left);
        let lb_shame = side.shame[l];
        let pip_threat = policy.pip_after > 0 && (inp.on_pip[l] || inp.misses[l] + 1 >= policy.pip_after);
        let cons = pressure::consequences(policy.miss_penalty, pip_threat, policy.forced_ranking, lb_shame);
        let target = pressure::target_pressure(beh.pressure_scale, pace, policy.monitoring, cons);
        let p = pressure::update_pressure(inp.pressure[l], target);
        inp.pressure[l] = p;
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
        let members = side.members[l];
        let free_riding = (1.0 - policy.team_share) + policy.team_share / members;
        let mut money = own * free_riding * policy.delay_factor * (0.7 + 0.6 * policy.transparency);
        let mut discouragement = 0.0;
        if CONTEST != NONE
            && let Some((prize, winners, _, last_in, first_out, left)) = w.contest
        {
            let team_scope = CONTEST == TEAM;
            if !team_scope && inp.contest_sales[l] < last_in {
                discouragement = contest::DISCOURAGEMENT_EFFECT
                    * contest::discouragement(last_in - inp.contest_sales[l], capacity, left, cv);
            }
            money += if team_scope {
                // One rep's effort moves the team score by its own capacity; the
                // prize is shared by the members (free-riding).
                let team_capacity = capacity * members;
                let gap = contest::gap_to_cutoff(side.team_contest[l], last_in, first_out);
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
                Some((_, _, bar, _)) if RECOGNITION != NONE => {
                    let pull = if RECOGNITION == TOP_ONLY {
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
                _ => 0.0,
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
        inp.pipeline[l] = inp.pipeline[l] + mkt.deals_per_week * productivity * e - maturing * (1.0 - hold);
        inp.effort[l] = e;
        inp.extrinsic[l] = extrinsic;
        out.conv[l] = conv;
        out.excess[l] = excess;

        // Gaming: behind means more than a normal week's sales short of quota.
        *behind = remaining > capacity && remaining > 0.0;
        let stake = policy.bonus_per_period * (1.0 - policy.team_share) / policy.weekly_ote;
        out.pull_share[l] =
            gaming::pull_in_share(stake, pace, share_left, beh.pull_forward, policy.monitoring, beh.gaming_detection);
    }
    // The chance of gaming is zero early in a period or without a propensity
    // (`gaming::gaming_probability`): a loop of its own, run only in the weeks
    // it can be positive, spares the other weeks its `exp` in every lane.
    if share_left <= gaming::GAMING_WINDOW && beh.gaming_propensity > 0.0 {
        for (l, &behind) in behind.iter().enumerate() {
            out.p_game[l] = gaming::gaming_probability(
                beh.gaming_propensity,
                inp.pressure[l],
                inp.tolerance[l],
                behind,
                share_left,
                policy.monitoring,
                beh.gaming_detection,
            );
        }
    } else {
        out.p_game = [0.0; LANES];
    }
    inp.store(block);
}

block_fields! {
    /// The fields of a [`RepBlock`] the choosing pass reads or writes.
    ChooseFields {
        skill: f64,
        tenure: u32,
        relationship: f64,
        quota: f64,
        period_sales: f64,
        pressure: f64,
        tolerance: f64,
        on_pip: bool,
        misses: u32,
        contest_sales: f64,
        adaptation_money: f64,
        money_sensitivity: f64,
        recognition_quota: f64,
        recognition_sales: f64,
        adaptation_other: f64,
        recognition_sensitivity: f64,
        intrinsic: f64,
        satisfaction: f64,
        fatigue: f64,
        burnt_out: bool,
        pipeline: f64,
        effort: f64,
        extrinsic: f64,
    }
    writes { pressure, pipeline, effort, extrinsic }
}

dispatched! {
    /// What follows a week's selling for blocks of reps (in place): the
    /// period, quarter, year, contest and recognition totals, quota accruals,
    /// fatigue and burnout, relationships, skill and tenure. `booked` is each
    /// lane's booked sales of the week, `chosen` the choosing pass's output.
    settle => settle_blocks(
        reps: &mut [RepBlock],
        booked: &[[f64; LANES]],
        chosen: &[ChooseOut],
        scenario: &Scenario,
        policy: &Policy,
    )
}

#[inline(always)]
fn settle_blocks(
    reps: &mut [RepBlock],
    booked: &[[f64; LANES]],
    chosen: &[ChooseOut],
    scenario: &Scenario,
    policy: &Policy,
) {
    for ((block, booked), chosen) in reps.iter_mut().zip(booked).zip(chosen) {
        settle_block(block, booked, chosen, scenario, policy);
    }
}

#[inline(always)]
fn settle_block(block: &mut RepBlock, booked: &[f64; LANES], chosen: &ChooseOut, scenario: &Scenario, policy: &Policy) {
    let beh = &scenario.behavior;
    let p_weeks = f64::from(policy.period_weeks);
    let mut st = SettleFields::from(&*block);
    for (l, &b) in booked.iter().enumerate() {
        st.period_sales[l] += b;
        st.quarter_sales[l] += b;
        st.year_sales[l] += b;
        st.contest_sales[l] += b;
        st.recognition_sales[l] += b;
        let accrual = st.quota[l] / p_weeks;
        st.quarter_quota[l] += accrual;
        st.year_quota[l] += accrual;
        st.recognition_quota[l] += accrual;
        let fatigue = fatigue::update_fatigue_sustainable(
            beh,
            st.fatigue[l],
            st.effort[l],
            st.pressure[l],
            st.tolerance[l],
            st.sustainable[l],
            policy.wellbeing,
        );
        st.fatigue[l] = fatigue;
        st.burnt_out[l] = fatigue::update_burnout(beh, st.burnt_out[l], fatigue);
        st.relationship[l] = sales::update_relationship(st.relationship[l], chosen.excess[l]);
        st.skill[l] = (st.skill[l] * (1.0 + policy.skill_gain)).min(st.trait_skill[l] * beh.skill_growth_cap);
        st.tenure[l] = st.tenure[l].wrapping_add(1);
    }
    st.store(block);
}

block_fields! {
    /// The fields of a [`RepBlock`] the settling pass reads or writes.
    SettleFields {
        period_sales: f64,
        quarter_sales: f64,
        year_sales: f64,
        contest_sales: f64,
        recognition_sales: f64,
        quota: f64,
        quarter_quota: f64,
        year_quota: f64,
        recognition_quota: f64,
        fatigue: f64,
        effort: f64,
        pressure: f64,
        tolerance: f64,
        sustainable: f64,
        burnt_out: bool,
        relationship: f64,
        skill: f64,
        trait_skill: f64,
        tenure: u32,
    }
    writes { period_sales, quarter_sales, year_sales, contest_sales, recognition_sales, quarter_quota, year_quota, recognition_quota, fatigue, burnt_out, relationship, skill, tenure }
}

dispatched! {
    /// Morale drift toward the team mean and the quit decision, for blocks of
    /// reps: updates satisfaction in place and sets `quits` for each lane
    /// (`u < attrition::quit_probability`).
    leave => leave_blocks(
        reps: &mut [RepBlock],
        sides: &[SideInputs],
        quits: &mut [[bool; LANES]],
        scenario: &Scenario,
        policy: &Policy,
        base_hazard: f64,
    )
}

#[inline(always)]
fn leave_blocks(
    reps: &mut [RepBlock],
    sides: &[SideInputs],
    quits: &mut [[bool; LANES]],
    scenario: &Scenario,
    policy: &Policy,
    base_hazard: f64,
) {
    for ((block, side), quits) in reps.iter_mut().zip(sides).zip(quits.iter_mut()) {
        leave_block(block, side, quits, scenario, policy, base_hazard);
    }
}

#[inline(always)]
fn leave_block(
    block: &mut RepBlock,
    side: &SideInputs,
    quits: &mut [bool; LANES],
    scenario: &Scenario,
    policy: &Policy,
    base_hazard: f64,
) {
    let beh = &scenario.behavior;
    let drift = beh.morale_drift * (1.0 + policy.team_share);
    let mut satisfaction = block.satisfaction;
    let (fatigue, pay_average, outside_pay, burnt_out) =
        (block.fatigue, block.pay_average, block.outside_pay, block.burnt_out);
    for l in 0..LANES {
        let s = satisfaction::drift_toward(satisfaction[l], side.team_satisfaction[l], drift);
        satisfaction[l] = s;
        let x = QuitInputs {
            satisfaction: s,
            fatigue: fatigue[l],
            pay_ratio: pay_average[l] * 52.0 / outside_pay[l],
            burnt_out: burnt_out[l],
            peer_quits: side.peer_quits[l] * (1.0 - 0.5 * policy.team_share),
            career_path: policy.career_path,
        };
        quits[l] = side.quit_draw[l] < attrition::quit_probability(beh, base_hazard, &x);
    }
    block.satisfaction = satisfaction;
}

/// A block of reps' random draws of one week, from their rep-week streams
/// (`sim::streams`): draw 1 decides the deal count, 2 gaming, 3 its
/// detection and 4 quitting (into [`SideInputs::quit_draw`]); the deal sizes
/// are drawn from 5 on, one rep at a time.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WeekDraws {
    /// Each lane's stream seed this week.
    pub(crate) seed: [u64; LANES],
    /// The uniform behind the deal count.
    pub(crate) u_deals: [f64; LANES],
    /// The uniform that decides gaming.
    pub(crate) u_game: [f64; LANES],
    /// The uniform that decides whether gaming is caught.
    pub(crate) u_detect: [f64; LANES],
    /// The deal count by inversion over its first [`sales::POISSON_TERMS`]
    /// values; a lane at `POISSON_TERMS` (a larger count, or a mean above
    /// the inversion limit) is finished one rep at a time.
    pub(crate) deals: [f64; LANES],
}

/// The draws of a rep-week stream taken lane-wise (numbers 1 to 4); the
/// one-rep-at-a-time part (deal sizes) continues after them.
pub(crate) const LANE_DRAWS: u64 = 4;

dispatched! {
    /// The week's draws for blocks of reps: stream seeds, four uniforms each
    /// and the deal count, given the choosing pass's expected deals.
    draw => draw_blocks(
        reps: &[RepBlock],
        chosen: &[ChooseOut],
        sides: &mut [SideInputs],
        draws: &mut [WeekDraws],
        week: u64,
    )
}

#[inline(always)]
fn draw_blocks(reps: &[RepBlock], chosen: &[ChooseOut], sides: &mut [SideInputs], draws: &mut [WeekDraws], week: u64) {
    for (((block, o), side), d) in reps.iter().zip(chosen).zip(sides.iter_mut()).zip(draws.iter_mut()) {
        draw_block(block, o, side, d, week);
    }
}

#[inline(always)]
fn draw_block(block: &RepBlock, o: &ChooseOut, side: &mut SideInputs, d: &mut WeekDraws, week: u64) {
    for (l, stream) in block.week_stream.iter().enumerate() {
        let seed = stream.seed(week);
        d.seed[l] = seed;
        d.u_deals[l] = streams::uniform_from_bits(streams::draw_bits(seed, 1));
        d.u_game[l] = streams::uniform_from_bits(streams::draw_bits(seed, 2));
        d.u_detect[l] = streams::uniform_from_bits(streams::draw_bits(seed, 3));
        side.quit_draw[l] = streams::uniform_from_bits(streams::draw_bits(seed, 4));
    }
    for l in 0..LANES {
        d.deals[l] = sales::poisson_head(o.lambda[l], o.p_zero[l], d.u_deals[l]);
    }
}

/// The booking pass's inputs and results for a block of reps: the week's
/// closed deals come in, what the rest of the selling pass needs goes out
/// (the state it changes, pipeline, relationship, pressure and the pending
/// inflated bookings and commission, it writes in place).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct BookOut {
    /// Revenue of the deals closed this week (the input).
    pub(crate) sold: [f64; LANES],
    /// Real sales: closed deals plus deals pulled in.
    pub(crate) real: [f64; LANES],
    /// Bookings that are gamed: pulled in or inflated.
    pub(crate) gamed: [f64; LANES],
    /// Commission earned on this week's bookings (the rep's own share).
    pub(crate) commission: [f64; LANES],
    /// Commission clawed back for gaming that was caught.
    pub(crate) clawback: [f64; LANES],
}

/// Policy values every rep of the booking pass reads.
pub(crate) struct BookConsts {
    /// Mean deal size.
    pub(crate) deal_size: f64,
    /// Chance that gaming is caught (`gaming::detection_probability`).
    pub(crate) detection: f64,
    /// Commission rate, accelerator above quota and cap (x quota).
    pub(crate) commission: (f64, f64, f64),
    /// Share of commission pooled for the team.
    pub(crate) team_share: f64,
}

dispatched! {
    /// The booking pass for blocks of reps in post: gaming and pull-ins on top
    /// of the week's closed deals (`sold`), bookings, commission on them and
    /// clawbacks of caught gaming (the same equations, in the same order, as
    /// one rep at a time); bookings go to `booked`.
    book => book_blocks(
        reps: &mut [RepBlock],
        chosen: &[ChooseOut],
        draws: &[WeekDraws],
        booked: &mut [[f64; LANES]],
        outs: &mut [BookOut],
        c: &BookConsts,
    )
}

#[inline(always)]
fn book_blocks(
    reps: &mut [RepBlock],
    chosen: &[ChooseOut],
    draws: &[WeekDraws],
    booked: &mut [[f64; LANES]],
    outs: &mut [BookOut],
    c: &BookConsts,
) {
    let blocks = reps.iter_mut().zip(chosen).zip(draws).zip(booked.iter_mut()).zip(outs.iter_mut());
    for ((((block, o), d), booked), out) in blocks {
        book_block(block, o, d, booked, out, c);
    }
}

#[inline(always)]
fn book_block(
    block: &mut RepBlock,
    o: &ChooseOut,
    d: &WeekDraws,
    booked: &mut [f64; LANES],
    out: &mut BookOut,
    c: &BookConsts,
) {
    let (rate, accelerator, cap) = c.commission;
    let mut f = BookFields::from(&*block);
    for (l, booked) in booked.iter_mut().enumerate() {
        let on = f.filled[l];
        // Gaming (its chance and the pull-in share come with the week's choices).
        let gaming = on && d.u_game[l] < o.p_game[l];
        let pulled = gaming::PULL_SHARE * f.pipeline[l];
        let mut pipeline = if gaming { f.pipeline[l] - pulled } else { f.pipeline[l] };
        let gamed_first = if gaming { pulled * o.conv[l] * c.deal_size } else { 0.0 };
        let inflated = if gaming { gaming::INFLATED_SHARE * gamed_first } else { 0.0 };
        if gaming {
            f.relationship[l] = (f.relationship[l] - gaming::RELATIONSHIP_DAMAGE).max(0.0);
        }
        // Pulling deals in to make a step bonus within reach.
        let pulling = on && o.pull_share[l] > 0.0;
        let pulled_in = o.pull_share[l] * pipeline;
        let gamed_real = if pulling {
            gamed_first + pulled_in * o.conv[l] * c.deal_size * (1.0 - gaming::PULL_IN_DISCOUNT)
        } else {
            gamed_first
        };
        pipeline = if pulling { pipeline - pulled_in } else { pipeline };
        f.pipeline[l] = pipeline;
        let revenue = out.sold[l];
        let b = revenue + gamed_real + inflated;

        // Pay on bookings.
        let gross = reward::commission(f.period_sales[l], f.period_sales[l] + b, f.quota[l], rate, accelerator, cap);
        let commission = gross * (1.0 - c.team_share);
        let flagged = b > 0.0 && inflated > 0.0;
        let caught = flagged && d.u_detect[l] < c.detection;
        out.clawback[l] = if caught { commission * (gamed_real + inflated) / b } else { 0.0 };
        if caught {
            f.pressure[l] += 0.3;
        }
        if flagged && !caught {
            f.inflated_commission[l] += commission * inflated / b;
        }
        if flagged {
            f.inflated_pending[l] += inflated;
        }
        out.commission[l] = commission;
        out.real[l] = revenue + gamed_real;
        out.gamed[l] = gamed_real + inflated;
        *booked = b;
    }
    f.store(block);
}

block_fields! {
    /// The fields the booking pass reads and writes.
    BookFields {
        filled: bool,
        pipeline: f64,
        relationship: f64,
        period_sales: f64,
        quota: f64,
        pressure: f64,
        inflated_commission: f64,
        inflated_pending: f64,
    } writes { pipeline, relationship, pressure, inflated_commission, inflated_pending }
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
    /// satisfaction of blocks of reps, for one week (in place).
    satisfy => satisfy_blocks(
        reps: &mut [RepBlock],
        sides: &[SideInputs],
        scenario: &Scenario,
        policy: &Policy,
        r: &RegimeConsts,
    )
}

#[inline(always)]
fn satisfy_blocks(reps: &mut [RepBlock], sides: &[SideInputs], scenario: &Scenario, policy: &Policy, r: &RegimeConsts) {
    for (st, side) in reps.iter_mut().zip(sides) {
        satisfy_block(st, side, scenario, policy, r);
    }
}

#[inline(always)]
fn satisfy_block(block: &mut RepBlock, side: &SideInputs, scenario: &Scenario, policy: &Policy, r: &RegimeConsts) {
    let beh = &scenario.behavior;
    // The fields this pass reads and writes, as local arrays: the compiler
    // vectorises the loop over these, not over the fields of the block in place.
    let mut st = SatisfyFields::from(&*block);
    for l in 0..LANES {
        let pay_average = pay::update_pay_average(st.pay_average[l], side.pay_total[l]);
        st.pay_average[l] = pay_average;
        let glow = st.recognition_glow[l];
        let supportive = motivation::supportive(
            glow,
            policy.training_hours,
            policy.career_path,
            policy.wellbeing,
            policy.transparency,
        );
        let target = motivation::intrinsic_target(
            st.trait_intrinsic[l],
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
        let tol = st.tolerance[l];
        let inputs = SatisfactionInputs {
            pay_ratio: pay_average * 52.0 / st.outside_pay[l],
            transparency: policy.transparency,
            recognition_glow: glow,
            wellbeing: policy.wellbeing,
            team_share: policy.team_share,
            career_path: policy.career_path,
            intrinsic,
            fatigue: st.fatigue[l],
            excess_pressure: ((st.pressure[l] - tol) / tol).max(0.0),
            leaderboard_shame: side.shame[l],
            on_pip: st.on_pip[l],
            peer_quits: side.peer_quits[l],
        };
        st.satisfaction[l] =
            satisfaction::update_satisfaction(st.satisfaction[l], satisfaction::satisfaction_target(&inputs));
        st.recognition_glow[l] = glow * 0.85;
    }
    st.store(block);
}

block_fields! {
    /// The fields of a [`RepBlock`] the satisfaction pass reads or writes.
    SatisfyFields {
        pay_average: f64,
        recognition_glow: f64,
        intrinsic: f64,
        adaptation_money: f64,
        adaptation_other: f64,
        satisfaction: f64,
        trait_intrinsic: f64,
        outside_pay: f64,
        fatigue: f64,
        pressure: f64,
        tolerance: f64,
        on_pip: bool,
    }
    writes { pay_average, recognition_glow, intrinsic, adaptation_money, adaptation_other, satisfaction }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::streams::{Purpose, StreamKey, mix64};

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

    fn rep_block(d: &mut Draws) -> RepBlock {
        RepBlock {
            skill: d.lanes(0.0, 2.0),
            tenure: std::array::from_fn(|_| d.next(0.0, 40.0) as u32),
            relationship: d.lanes(0.0, 1.0),
            quota: d.lanes(-1e4, 3e5),
            period_sales: d.lanes(-1e4, 4e5),
            pressure: d.lanes(0.0, 4.0),
            tolerance: d.lanes(0.05, 2.0),
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
            misses: std::array::from_fn(|_| d.next(0.0, 4.0) as u32),
            on_pip: d.flags(),
            burnt_out: d.flags(),
            trait_intrinsic: d.lanes(0.0, 1.0),
            outside_pay: d.lanes(1e4, 2e5),
            pay_average: d.lanes(-1e3, 1e4),
            recognition_glow: d.lanes(0.0, 1.0),
            quarter_sales: d.lanes(-1e4, 4e5),
            quarter_quota: d.lanes(0.0, 3e5),
            year_sales: d.lanes(-1e4, 1e6),
            year_quota: d.lanes(0.0, 1e6),
            sustainable: d.lanes(0.5, 1.2),
            trait_skill: d.lanes(0.2, 2.0),
            filled: std::array::from_fn(|_| d.next(0.0, 1.0) < 0.9),
            inflated_commission: d.lanes(0.0, 500.0),
            inflated_pending: d.lanes(0.0, 5e3),
            week_stream: std::array::from_fn(|i| StreamKey::new(d.0, 0, None).prefix(Purpose::RepWeek, i as u64, 0)),
            ..RepBlock::default()
        }
    }

    fn side_inputs(d: &mut Draws) -> SideInputs {
        SideInputs {
            shame: d.lanes(0.0, 1.0),
            members: d.lanes(1.0, 12.0),
            team_contest: d.lanes(0.0, 1e6),
            peer_quits: d.lanes(0.0, 0.5),
            pay_total: d.lanes(-5e3, 2e4),
            team_satisfaction: d.lanes(0.0, 1.0),
            quit_draw: d.lanes(0.0, 1.0),
        }
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
                let reps: Vec<RepBlock> = (0..16).map(|_| rep_block(&mut d)).collect();
                let sides: Vec<SideInputs> = (0..16).map(|_| side_inputs(&mut d)).collect();
                let regime = RegimeConsts { controlling: d.next(0.0, 2.9), money_active: d.next(0.0, 1.0) < 0.5 };
                let booked: Vec<[f64; LANES]> = (0..16).map(|_| d.lanes(0.0, 1e5)).collect();
                let base_hazard = attrition::weekly_base_hazard(scenario.behavior.quit_rate);
                let week_number = d.next(0.0, 520.0) as u64;
                let sold: Vec<[f64; LANES]> = (0..16).map(|_| d.lanes(0.0, 1e5)).collect();
                let d_detect = d.next(0.0, 1.0);
                let mut reference = None;
                for isa in Isa::available() {
                    let mut outs = vec![ChooseOut::default(); reps.len()];
                    let mut chosen = reps.clone();
                    choose(isa, &mut chosen, &sides, &mut outs, &scenario, &policy, &week);
                    // The satisfaction pass on the blocks as they were.
                    let mut satisfied = reps.clone();
                    satisfy(isa, &mut satisfied, &sides, &scenario, &policy, &regime);
                    // Settling after the choices, leaving after satisfaction.
                    let mut settled = chosen.clone();
                    settle(isa, &mut settled, &booked, &outs, &scenario, &policy);
                    let mut left = satisfied.clone();
                    let mut quits = vec![[false; LANES]; reps.len()];
                    leave(isa, &mut left, &sides, &mut quits, &scenario, &policy, base_hazard);
                    // The week's draws after the choices.
                    let mut drawn_sides = sides.clone();
                    let mut draws = vec![WeekDraws::default(); reps.len()];
                    draw(isa, &chosen, &outs, &mut drawn_sides, &mut draws, week_number);
                    // Booking on some week's closed deals.
                    let mut booked_blocks = chosen.clone();
                    let mut booked_now = vec![[0.0; LANES]; reps.len()];
                    let mut book_outs: Vec<BookOut> =
                        sold.iter().map(|&sold| BookOut { sold, ..BookOut::default() }).collect();
                    let consts = BookConsts {
                        deal_size: 20_000.0,
                        detection: d_detect,
                        commission: (policy.commission_rate, policy.accelerator, policy.cap),
                        team_share: policy.team_share,
                    };
                    book(isa, &mut booked_blocks, &outs, &draws, &mut booked_now, &mut book_outs, &consts);
                    let flags = |x: &[bool; LANES]| x.map(|f| f64::from(u8::from(f)));
                    let whole = |x: &[u32; LANES]| x.map(f64::from);
                    let got: Vec<u64> = outs
                        .iter()
                        .zip(&chosen)
                        .flat_map(|(o, c)| {
                            let fields = [
                                c.pressure,
                                c.pipeline,
                                c.effort,
                                c.extrinsic,
                                o.lambda,
                                o.p_zero,
                                o.conv,
                                o.excess,
                                o.p_game,
                                o.pull_share,
                            ];
                            bits(&fields)
                        })
                        .chain(satisfied.iter().flat_map(|s| {
                            let fields = [
                                s.pay_average,
                                s.recognition_glow,
                                s.intrinsic,
                                s.adaptation_money,
                                s.adaptation_other,
                                s.satisfaction,
                            ];
                            bits(&fields)
                        }))
                        .chain(settled.iter().flat_map(|s| {
                            let fields = [
                                s.period_sales,
                                s.quarter_sales,
                                s.year_sales,
                                s.contest_sales,
                                s.recognition_sales,
                                s.quarter_quota,
                                s.year_quota,
                                s.recognition_quota,
                                s.fatigue,
                                flags(&s.burnt_out),
                                s.relationship,
                                s.skill,
                                whole(&s.tenure),
                            ];
                            bits(&fields)
                        }))
                        .chain(left.iter().zip(&quits).flat_map(|(s, q)| bits(&[s.satisfaction, flags(q)])))
                        .chain(draws.iter().zip(&drawn_sides).flat_map(|(d, s)| {
                            let seeds = d.seed.map(f64::from_bits);
                            bits(&[seeds, d.u_deals, d.u_game, d.u_detect, d.deals, s.quit_draw])
                        }))
                        .chain(booked_blocks.iter().zip(&book_outs).zip(&booked_now).flat_map(|((s, o), b)| {
                            let fields = [
                                s.pipeline,
                                s.relationship,
                                s.pressure,
                                s.inflated_commission,
                                s.inflated_pending,
                                o.real,
                                o.gamed,
                                o.commission,
                                o.clawback,
                                *b,
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
