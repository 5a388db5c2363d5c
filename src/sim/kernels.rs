//! Lane-wise kernels of the weekly loop: the phases of a rep's week that are
//! the same arithmetic for every rep (choosing effort, the week's draws,
//! booking, settling, feeling, leaving; `sim::week`) run over blocks of
//! [`LANES`] reps at once.
//!
//! A kernel calls the readable reference of its phase (`sim::week`), an
//! `#[inline(always)]` function over one rep's scalar state, lane by lane,
//! so each equation exists once. The weekly loop stores the team lane-wise
//! (`sim::rep_block`: one fixed-size array per field), so a kernel works on
//! the blocks in place; what a rep reads from outside its own state (team
//! values, ranks, the week's pay and quit draw) comes in `SideInputs`.
//! Vacant slots are computed like the others and their results ignored. A
//! kernel is a loop of fixed length over the lanes with no calls and no
//! branches the compiler cannot turn into selects once the reference is
//! inlined (the model's `exp` and `tanh` are branch-free for that reason,
//! see `model::fastmath`), so the compiler turns it into vector
//! instructions; it first copies the fields it touches into local arrays
//! (the compiler does not vectorise the loop over the fields of the block in
//! place), hands each lane to the reference as its per-rep struct, and
//! writes back those it changed. The choosing kernel is compiled once per
//! kind of contest and recognition, with and without a team bonus, because
//! a vectorised loop computes both sides of every branch. The kernels are compiled three times, for the
//! x86-64 baseline, for AVX2 and for AVX-512, and [`Isa::detect`] picks the
//! widest the processor has at run time.
//!
//! Every path gives the same bits: the kernels use only IEEE additions,
//! multiplications, divisions, square roots, comparisons and selects, which
//! are exactly rounded in every vector width, and Rust never fuses a
//! multiplication and an addition on its own. A unit test (`sim::week`'s)
//! runs every path the machine has on random reps and policies and compares
//! every output bit with the reference applied one rep at a time.

use crate::config::Scenario;
use crate::model::gaming;
use crate::model::policy::Policy;
use crate::sim::rep_block::RepBlock;
use crate::sim::week::book::{self, BookIn, BookState, BookTerms};
use crate::sim::week::choose::{self, Choice, ChooseIn, TeamView};
use crate::sim::week::feel::{self, FeelIn, FeelState};
use crate::sim::week::leave::{self, LeaveIn, LeaveState};
use crate::sim::week::settle::{self, SettleState};
use crate::sim::week::{ContestView, RecognitionView, Regime, WeekContext, sell};

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
/// `from`, which copies them out of a block; `lane`, which reads one lane as
/// the reference's per-rep struct named after `reads` (its fields are the
/// fields listed there, by name); `set_lane`, which writes back one lane's
/// fields listed after `writes` from the per-rep struct named there; and
/// `store`, which writes those fields back to the block. A kernel works on
/// such copies because the compiler does not vectorise its loop over the
/// fields of the block in place.
macro_rules! block_fields {
    ($(#[$m:meta])* $name:ident { $($field:ident: $ty:ty),* $(,)? }
     reads $lane:ident { $($read:ident),* $(,)? }
     writes $state:ident { $($out:ident),* $(,)? }) => {
        $(#[$m])*
        struct $name {
            $($field: [$ty; LANES]),*
        }

        impl $name {
            #[inline(always)]
            fn from(b: &RepBlock) -> Self {
                $name { $($field: b.$field),* }
            }

            /// Lane `l` as the reference's per-rep struct.
            #[inline(always)]
            fn lane(&self, l: usize) -> $lane {
                $lane { $($read: self.$read[l]),* }
            }

            /// Writes the changed fields of lane `l`.
            #[inline(always)]
            fn set_lane(&mut self, l: usize, s: &$state) {
                $(self.$out[l] = s.$out;)*
            }

            /// Writes the changed fields back to the block.
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
    /// What the rep's team still has to sell to make its quota (team bonus).
    pub(crate) team_left: [f64; LANES],
    /// The rep's team's normal weekly output (team bonus).
    pub(crate) team_capacity: [f64; LANES],
    /// Recognition-round attainment of the best other rep of the team
    /// (top-only recognition).
    pub(crate) rival: [f64; LANES],
    /// Recent quits in the rep's team (the leaving pass).
    pub(crate) peer_quits: [f64; LANES],
    /// The rep's pay this week (the feeling pass).
    pub(crate) pay_total: [f64; LANES],
    /// Contest prizes and spot awards in it (the feeling pass).
    pub(crate) pay_novel: [f64; LANES],
    /// Mean satisfaction of the rep's team after the feeling pass (the
    /// leaving pass).
    pub(crate) team_satisfaction: [f64; LANES],
    /// The rep's uniform draw for quitting this week.
    pub(crate) quit_draw: [f64; LANES],
}

impl SideInputs {
    /// What lane `l`'s team and the leaderboard show its rep this week.
    #[inline(always)]
    pub(crate) fn team(&self, l: usize) -> TeamView {
        TeamView {
            shame: self.shame[l],
            members: self.members[l],
            team_contest: self.team_contest[l],
            team_left: self.team_left[l],
            team_capacity: self.team_capacity[l],
            rival: self.rival[l],
        }
    }
}

/// What the choosing pass hands to the rest of the week for a block of reps
/// (the state it updates, pressure, effort, extrinsic drive and pipeline, it
/// writes in place): the fields of [`choose::Choice`] lane by lane, and the
/// chance of gaming.
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
    /// Chance of gaming the books this week (`choose::gaming_chance`).
    pub(crate) p_game: [f64; LANES],
    /// Share of the pipeline pulled across the period's end (`gaming::pull_in_share`).
    pub(crate) pull_share: [f64; LANES],
    /// Price concession on pulled and secured deals (`gaming::concession`).
    pub(crate) concession: [f64; LANES],
}

dispatched! {
    /// The choosing pass ([`choose::choose`], then
    /// [`choose::gaming_chance`]) for blocks of reps in post.
    choose => choose_blocks(
        reps: &mut [RepBlock],
        sides: &[SideInputs],
        outs: &mut [ChooseOut],
        scenario: &Scenario,
        policy: &Policy,
        w: &WeekContext,
    )
}

#[inline(always)]
fn choose_blocks(
    reps: &mut [RepBlock],
    sides: &[SideInputs],
    outs: &mut [ChooseOut],
    scenario: &Scenario,
    policy: &Policy,
    w: &WeekContext,
) {
    // The loop is compiled once per kind of contest and recognition and with
    // and without a team bonus, so that a strategy without them does not
    // compute their pulls in every lane and throw them away (a vectorised
    // loop computes both sides of a branch).
    let contest = match w.contest {
        None => NONE,
        Some(ContestView { team: false, .. }) => INDIVIDUAL,
        Some(ContestView { team: true, .. }) => TEAM,
    };
    let recognition = match w.recognition {
        None => NONE,
        Some(RecognitionView { top_only: true, .. }) => TOP_ONLY,
        Some(RecognitionView { top_only: false, .. }) => BAR,
    };
    macro_rules! run {
        ($c:expr, $r:expr, $t:expr) => {{
            let w = &specialised::<{ $c }, { $r }, { $t }>(w);
            for ((inp, side), out) in reps.iter_mut().zip(sides).zip(outs.iter_mut()) {
                choose_block(inp, side, out, scenario, policy, w);
            }
        }};
    }
    macro_rules! kinds {
        ($t:expr) => {
            match (contest, recognition) {
                (NONE, NONE) => run!(NONE, NONE, $t),
                (NONE, TOP_ONLY) => run!(NONE, TOP_ONLY, $t),
                (NONE, _) => run!(NONE, BAR, $t),
                (INDIVIDUAL, NONE) => run!(INDIVIDUAL, NONE, $t),
                (INDIVIDUAL, TOP_ONLY) => run!(INDIVIDUAL, TOP_ONLY, $t),
                (INDIVIDUAL, _) => run!(INDIVIDUAL, BAR, $t),
                (_, NONE) => run!(TEAM, NONE, $t),
                (_, TOP_ONLY) => run!(TEAM, TOP_ONLY, $t),
                (_, _) => run!(TEAM, BAR, $t),
            }
        };
    }
    if w.team_bonus { kinds!(true) } else { kinds!(false) }
}

/// Kinds of contest (`NONE`, `INDIVIDUAL`, `TEAM`) and of recognition
/// (`NONE`, `TOP_ONLY`, `BAR`) a choosing loop is compiled for.
const NONE: u8 = 0;
const INDIVIDUAL: u8 = 1;
const TEAM: u8 = 2;
const TOP_ONLY: u8 = 1;
const BAR: u8 = 2;

/// `w` with the kind of contest and recognition and whether a team bonus is
/// at stake fixed at compile time (the same values), so that the inlined
/// choosing loop keeps only their branch.
#[inline(always)]
fn specialised<const CONTEST: u8, const RECOGNITION: u8, const TEAM_BONUS: bool>(w: &WeekContext) -> WeekContext {
    WeekContext {
        team_bonus: TEAM_BONUS,
        contest: if CONTEST == NONE { None } else { w.contest.map(|c| ContestView { team: CONTEST == TEAM, ..c }) },
        recognition: if RECOGNITION == NONE {
            None
        } else {
            w.recognition.map(|r| RecognitionView { top_only: RECOGNITION == TOP_ONLY, ..r })
        },
        ..*w
    }
}

#[inline(always)]
fn choose_block(
    block: &mut RepBlock,
    side: &SideInputs,
    out: &mut ChooseOut,
    scenario: &Scenario,
    policy: &Policy,
    w: &WeekContext,
) {
    let beh = &scenario.behavior;
    let mut f = ChooseFields::from(&*block);
    let mut behind = [false; LANES];
    for (l, behind) in behind.iter_mut().enumerate() {
        let c = choose::choose(&f.lane(l), &side.team(l), w, scenario, policy);
        f.set_lane(l, &c);
        out.lambda[l] = c.lambda;
        out.p_zero[l] = c.p_zero;
        out.conv[l] = c.conv;
        out.excess[l] = c.excess;
        out.pull_share[l] = c.pull_share;
        out.concession[l] = c.concession;
        *behind = c.behind;
    }
    // The chance of gaming is zero outside the gaming window: a loop of its
    // own, run only in the weeks it can be positive, spares the other weeks
    // its `exp` in every lane.
    if gaming::window_open(w.weeks_left, beh.gaming_propensity) {
        for (l, &behind) in behind.iter().enumerate() {
            out.p_game[l] = choose::gaming_chance(f.pressure[l], f.tolerance[l], behind, w.weeks_left, beh, policy);
        }
    } else {
        out.p_game = [0.0; LANES];
    }
    f.store(block);
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
        contingent_pay: f64,
        money_reference: f64,
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
    reads ChooseIn {
        skill, tenure, relationship, quota, period_sales, pressure, tolerance, on_pip, misses, contest_sales,
        contingent_pay, money_reference, money_sensitivity, recognition_quota, recognition_sales, adaptation_other,
        recognition_sensitivity, intrinsic, satisfaction, fatigue, burnt_out, pipeline,
    }
    writes Choice { pressure, pipeline, effort, extrinsic }
}

dispatched! {
    /// The settling pass ([`settle::settle`]) for blocks of reps, in place.
    /// `booked` is each lane's booked sales of the week, `chosen` the
    /// choosing pass's output.
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
    let mut f = SettleFields::from(&*block);
    for (l, &b) in booked.iter().enumerate() {
        let mut s = f.lane(l);
        settle::settle(&mut s, b, chosen.excess[l], &scenario.behavior, policy);
        f.set_lane(l, &s);
    }
    f.store(block);
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
    reads SettleState {
        period_sales, quarter_sales, year_sales, contest_sales, recognition_sales, quota, quarter_quota,
        year_quota, recognition_quota, fatigue, effort, pressure, tolerance, sustainable, burnt_out,
        relationship, skill, trait_skill, tenure,
    }
    writes SettleState {
        period_sales, quarter_sales, year_sales, contest_sales, recognition_sales, quarter_quota, year_quota,
        recognition_quota, fatigue, burnt_out, relationship, skill, tenure,
    }
}

dispatched! {
    /// The leaving pass ([`leave::leave`]) for blocks of reps: updates
    /// satisfaction in place and sets `quits` for each lane.
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
    let mut f = LeaveFields::from(&*block);
    for (l, quit) in quits.iter_mut().enumerate() {
        let mut s = f.lane(l);
        let x = LeaveIn {
            team_satisfaction: side.team_satisfaction[l],
            peer_quits: side.peer_quits[l],
            u_quit: side.quit_draw[l],
        };
        *quit = leave::leave(&mut s, &x, base_hazard, &scenario.behavior, policy);
        f.set_lane(l, &s);
    }
    f.store(block);
}

block_fields! {
    /// The fields of a [`RepBlock`] the leaving pass reads or writes.
    LeaveFields {
        satisfaction: f64,
        burnt_out: bool,
    }
    reads LeaveState { satisfaction, burnt_out }
    writes LeaveState { satisfaction }
}

/// A block of reps' random draws of one week ([`sell::luck`]; the quit
/// draw goes to [`SideInputs::quit_draw`]) and the head of their deal counts
/// ([`sell::deal_count_head`]); the deal sizes are drawn after them, one rep
/// at a time ([`sell::close_deals`]).
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
    /// The deal count by inversion over its first [`POISSON_TERMS`](crate::model::sales::POISSON_TERMS)
    /// values; a lane at `POISSON_TERMS` (a larger count, or a mean above
    /// the inversion limit) is finished one rep at a time.
    pub(crate) deals: [f64; LANES],
}

dispatched! {
    /// The week's draws for blocks of reps: stream seeds, four uniforms each
    /// and the deal count's head, given the choosing pass's expected deals.
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
    for (l, &stream) in block.week_stream.iter().enumerate() {
        let luck = sell::luck(stream, week);
        d.seed[l] = luck.seed;
        d.u_deals[l] = luck.deals;
        d.u_game[l] = luck.game;
        d.u_detect[l] = luck.detect;
        side.quit_draw[l] = luck.quit;
    }
    for l in 0..LANES {
        d.deals[l] = sell::deal_count_head(o.lambda[l], o.p_zero[l], d.u_deals[l]);
    }
}

/// The booking pass's inputs and results for a block of reps: the week's
/// closed deals come in, what the rest of the week needs goes out (the state
/// it changes, pipeline, relationship, pressure and the pending inflated
/// bookings and commission, it writes in place): the fields of
/// [`book::Booked`] lane by lane, less the bookings.
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

dispatched! {
    /// The booking pass ([`book::book`]) for blocks of reps, on top of the
    /// week's closed deals (`sold`); bookings go to `booked`.
    book => book_blocks(
        reps: &mut [RepBlock],
        chosen: &[ChooseOut],
        draws: &[WeekDraws],
        booked: &mut [[f64; LANES]],
        outs: &mut [BookOut],
        terms: &BookTerms,
    )
}

#[inline(always)]
fn book_blocks(
    reps: &mut [RepBlock],
    chosen: &[ChooseOut],
    draws: &[WeekDraws],
    booked: &mut [[f64; LANES]],
    outs: &mut [BookOut],
    terms: &BookTerms,
) {
    let blocks = reps.iter_mut().zip(chosen).zip(draws).zip(booked.iter_mut()).zip(outs.iter_mut());
    for ((((block, o), d), booked), out) in blocks {
        book_block(block, o, d, booked, out, terms);
    }
}

#[inline(always)]
fn book_block(
    block: &mut RepBlock,
    o: &ChooseOut,
    d: &WeekDraws,
    booked: &mut [f64; LANES],
    out: &mut BookOut,
    terms: &BookTerms,
) {
    let mut f = BookFields::from(&*block);
    for (l, booked) in booked.iter_mut().enumerate() {
        let mut s = f.lane(l);
        let x = BookIn {
            sold: out.sold[l],
            p_game: o.p_game[l],
            pull_share: o.pull_share[l],
            concession: o.concession[l],
            conv: o.conv[l],
            u_game: d.u_game[l],
            u_detect: d.u_detect[l],
        };
        let b = book::book(&mut s, &x, terms);
        f.set_lane(l, &s);
        out.real[l] = b.real;
        out.gamed[l] = b.gamed;
        out.commission[l] = b.commission;
        out.clawback[l] = b.clawback;
        *booked = b.booked;
    }
    f.store(block);
}

block_fields! {
    /// The fields of a [`RepBlock`] the booking pass reads and writes.
    BookFields {
        pipeline: f64,
        relationship: f64,
        period_sales: f64,
        quota: f64,
        pressure: f64,
        inflated_commission: f64,
        inflated_pending: f64,
    }
    reads BookState { pipeline, relationship, period_sales, quota, pressure, inflated_commission, inflated_pending }
    writes BookState { pipeline, relationship, pressure, inflated_commission, inflated_pending }
}

dispatched! {
    /// The feeling pass ([`feel::feel`]) for blocks of reps, in place.
    feel => feel_blocks(
        reps: &mut [RepBlock],
        sides: &[SideInputs],
        scenario: &Scenario,
        policy: &Policy,
        regime: &Regime,
    )
}

#[inline(always)]
fn feel_blocks(reps: &mut [RepBlock], sides: &[SideInputs], scenario: &Scenario, policy: &Policy, regime: &Regime) {
    for (block, side) in reps.iter_mut().zip(sides) {
        feel_block(block, side, scenario, policy, regime);
    }
}

#[inline(always)]
fn feel_block(block: &mut RepBlock, side: &SideInputs, scenario: &Scenario, policy: &Policy, regime: &Regime) {
    let mut f = FeelFields::from(&*block);
    for l in 0..LANES {
        let mut s = f.lane(l);
        let x = FeelIn { pay: side.pay_total[l], novel: side.pay_novel[l], shame: side.shame[l] };
        feel::feel(&mut s, &x, regime, &scenario.behavior, policy);
        f.set_lane(l, &s);
    }
    f.store(block);
}

block_fields! {
    /// The fields of a [`RepBlock`] the feeling pass reads or writes.
    FeelFields {
        pay_average: f64,
        recognition_glow: f64,
        intrinsic: f64,
        contingent_pay: f64,
        money_reference: f64,
        novel_pay: f64,
        adaptation_other: f64,
        satisfaction: f64,
        trait_intrinsic: f64,
        outside_pay: f64,
        fatigue: f64,
        pressure: f64,
        tolerance: f64,
        on_pip: bool,
    }
    reads FeelState {
        pay_average, recognition_glow, intrinsic, contingent_pay, money_reference, novel_pay, adaptation_other,
        satisfaction, trait_intrinsic, outside_pay, fatigue, pressure, tolerance, on_pip,
    }
    writes FeelState {
        pay_average, recognition_glow, intrinsic, contingent_pay, money_reference, novel_pay, adaptation_other,
        satisfaction,
    }
}
