//! The experiment executor: the one place that turns a master seed and a
//! replication number into runs. For every replication it derives the stream
//! key (shared by every arm under common random numbers, one per strategy
//! without), draws the uncertain world, computes the market path, runs every
//! arm with its compiled policy and hands the results to a [`Collector`].
//! Replications run in parallel on the executor's thread pool; each worker folds
//! into its own collector and the collectors are merged at the end, so memory
//! does not grow with the number of replications. Results do not depend on the
//! thread count as long as a collector's sums are exact (see
//! [`super::moments`]). A cancellation flag is checked before each replication
//! and once a week inside it: finished replications are kept, one cut short is
//! discarded (neither collected nor counted). A progress counter counts
//! finished ones.
//!
//! ```no_run
//! # use salesim::experiment::executor::{Arm, ArmRun, Collector, Executor};
//! # let scenario = salesim::config::Scenario::from_toml_str("[[strategy]]\nname = \"a\"\n").unwrap();
//! /// Mean revenue of every arm.
//! struct Revenue(Vec<f64>, u64);
//! impl Collector for Revenue {
//!     fn replication(&mut self, _r: u64, runs: &[ArmRun], _: &[salesim::sim::NoObserver]) {
//!         self.0.iter_mut().zip(runs).for_each(|(sum, run)| *sum += run.metrics.revenue);
//!         self.1 += 1;
//!     }
//!     fn merge(&mut self, other: Self) {
//!         self.0.iter_mut().zip(other.0).for_each(|(a, b)| *a += b);
//!         self.1 += other.1;
//!     }
//! }
//! let executor = Executor::new(2026).threads(Some(4)).unwrap();
//! let arms = Arm::every_strategy(&scenario);
//! let done = executor.run(&arms, 0..100, || Revenue(vec![0.0; arms.len()], 0));
//! assert_eq!(done.replications, 100);
//! ```

use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use super::world::draw_world_values;
use crate::config::Scenario;
use crate::model::policy::Policy;
use crate::sim::market::market_path;
use crate::sim::streams::StreamKey;
use crate::sim::{N_SERIES, NoObserver, Observer, ReplicationMetrics, WeekRow, run_cancellable, starting_team};

/// One arm of an experiment: a strategy of a scenario. Consecutive arms on the
/// same scenario (the same reference) share its sampled world and, under common
/// random numbers, its market path.
#[derive(Debug, Clone, Copy)]
pub struct Arm<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Index of the strategy within the scenario.
    pub strategy: usize,
}

impl<'a> Arm<'a> {
    /// Every strategy of `scenario`, in order.
    pub fn every_strategy(scenario: &'a Scenario) -> Vec<Arm<'a>> {
        (0..scenario.strategies.len()).map(|strategy| Arm { scenario, strategy }).collect()
    }
}

/// What one arm produced in one replication.
#[derive(Debug, Clone)]
pub struct ArmRun {
    /// Headline metrics.
    pub metrics: ReplicationMetrics,
    /// Weekly means, one row per week.
    pub weekly: Vec<WeekRow>,
    /// The values drawn for the scenario's uncertain parameters in this
    /// replication's world, in the order of `Scenario::uncertain` (empty for
    /// a scenario without them).
    pub world: Vec<f64>,
}

impl ArmRun {
    /// Scratch space for one replication of each of `arms`.
    pub fn buffers(arms: &[Arm]) -> Vec<ArmRun> {
        arms.iter()
            .map(|a| ArmRun {
                metrics: ReplicationMetrics::default(),
                weekly: vec![[0.0; N_SERIES]; a.scenario.meta.weeks as usize],
                world: Vec::new(),
            })
            .collect()
    }
}

/// Receives every replication's runs on one worker and merges with the other
/// workers' collectors. `O` is the per-arm observer of the run
/// ([`NoObserver`] unless the caller watches the weeks).
pub trait Collector<O = NoObserver>: Send + Sized {
    /// Replication `r`: `runs[a]` and `observers[a]` belong to arm `a`.
    fn replication(&mut self, r: u64, runs: &[ArmRun], observers: &[O]);

    /// Adds the replications another worker collected. Exact sums make the
    /// result independent of how replications were split among workers.
    fn merge(&mut self, other: Self);
}

/// Collects nothing.
impl<O> Collector<O> for () {
    fn replication(&mut self, _r: u64, _runs: &[ArmRun], _observers: &[O]) {}

    fn merge(&mut self, _other: Self) {}
}

/// Two collectors fed the same replications.
impl<O, A: Collector<O>, B: Collector<O>> Collector<O> for (A, B) {
    fn replication(&mut self, r: u64, runs: &[ArmRun], observers: &[O]) {
        self.0.replication(r, runs, observers);
        self.1.replication(r, runs, observers);
    }

    fn merge(&mut self, other: Self) {
        self.0.merge(other.0);
        self.1.merge(other.1);
    }
}

/// A collector that may be switched off.
impl<O, C: Collector<O>> Collector<O> for Option<C> {
    fn replication(&mut self, r: u64, runs: &[ArmRun], observers: &[O]) {
        if let Some(c) = self {
            c.replication(r, runs, observers);
        }
    }

    fn merge(&mut self, other: Self) {
        match (self.as_mut(), other) {
            (Some(a), Some(b)) => a.merge(b),
            (None, b) => *self = b,
            (Some(_), None) => {}
        }
    }
}

/// The replications a run finished, as half-open ranges (for a partial
/// result to say which replications it holds).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Finished(Vec<Range<u64>>);

impl Finished {
    /// The finished replications as sorted, disjoint, non-adjacent ranges.
    pub fn ranges(&self) -> Vec<Range<u64>> {
        let mut sorted = self.0.clone();
        sorted.sort_unstable_by_key(|r| r.start);
        let mut out: Vec<Range<u64>> = Vec::new();
        for r in sorted {
            match out.last_mut() {
                Some(last) if last.end >= r.start => last.end = last.end.max(r.end),
                _ => out.push(r),
            }
        }
        out
    }
}

impl<O> Collector<O> for Finished {
    fn replication(&mut self, r: u64, _runs: &[ArmRun], _observers: &[O]) {
        match self.0.last_mut() {
            Some(last) if last.end == r => last.end += 1,
            _ => self.0.push(r..r + 1),
        }
    }

    fn merge(&mut self, other: Self) {
        self.0.extend(other.0);
        self.0 = self.ranges();
    }
}

/// What a run collected, and how many replications finished (fewer than asked
/// when it was cancelled).
#[derive(Debug, Clone)]
pub struct Done<C> {
    /// The merged collector.
    pub collected: C,
    /// Replications that finished.
    pub replications: u64,
}

/// Error starting the worker pool.
#[derive(Debug, thiserror::Error)]
#[error("cannot start {threads} worker threads: {message}")]
pub struct PoolError {
    /// Threads requested.
    pub threads: usize,
    /// What the system said.
    pub message: String,
}

/// Runs arms on replications (see the module documentation). Cloning is cheap
/// and shares the pool, the cancellation flag and the progress counter.
#[derive(Debug, Clone)]
pub struct Executor {
    seed: u64,
    crn: bool,
    pool: Option<Arc<rayon::ThreadPool>>,
    cancel: Arc<AtomicBool>,
    progress: Arc<AtomicU64>,
}

impl Executor {
    /// Master seed `seed`, common random numbers, rayon's global pool (all
    /// cores), a fresh cancellation flag and progress counter.
    pub fn new(seed: u64) -> Self {
        Executor {
            seed,
            crn: true,
            pool: None,
            cancel: Arc::new(AtomicBool::new(false)),
            progress: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Runs on `threads` workers (`None`: rayon's global pool, all cores).
    /// Pools are started once per thread count and shared by every executor.
    pub fn threads(mut self, threads: Option<usize>) -> Result<Self, PoolError> {
        self.pool = threads.map(pool).transpose()?;
        Ok(self)
    }

    /// Common random numbers across strategies (`true`, the default) or
    /// independent streams per strategy (`--no-crn`).
    pub fn crn(mut self, crn: bool) -> Self {
        self.crn = crn;
        self
    }

    /// Stops once `flag` is set: no replication starts after that, and those
    /// running stop within a simulated week and are discarded. This flag is
    /// the one way to cancel a run (the CLI sets it on SIGINT and SIGTERM).
    pub fn cancel_on(mut self, flag: Arc<AtomicBool>) -> Self {
        self.cancel = flag;
        self
    }

    /// Counts finished replications in `done` (for progress bars).
    pub fn progress(mut self, done: Arc<AtomicU64>) -> Self {
        self.progress = done;
        self
    }

    /// The master seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Whether strategies share random numbers.
    pub fn common_random_numbers(&self) -> bool {
        self.crn
    }

    /// Whether cancellation was requested.
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::SeqCst)
    }

    /// Runs every arm on each replication of `range` into collectors made by
    /// `collector` (one per worker, merged at the end).
    pub fn run<C, F>(&self, arms: &[Arm], range: Range<u64>, collector: F) -> Done<C>
    where
        C: Collector,
        F: Fn() -> C + Sync + Send,
    {
        self.run_observed(arms, range, collector, |_| NoObserver)
    }

    /// [`Executor::run`] with a fresh observer per arm and replication, made by
    /// `observer(arm)` and handed to the collector with the runs.
    pub fn run_observed<O, C, F, G>(&self, arms: &[Arm], range: Range<u64>, collector: F, observer: G) -> Done<C>
    where
        O: Observer + Send,
        C: Collector<O>,
        F: Fn() -> C + Sync + Send,
        G: Fn(usize) -> O + Sync + Send,
    {
        let plan = Plan::new(arms);
        let work = || {
            range
                .into_par_iter()
                .fold(
                    || (Done { collected: collector(), replications: 0 }, ArmRun::buffers(arms)),
                    |(mut done, mut runs), r| {
                        if !self.cancel.load(Ordering::Relaxed) {
                            let mut observers: Vec<O> = (0..arms.len()).map(&observer).collect();
                            // A replication cut short by cancellation is dropped.
                            if self.replication_into(&plan, r, &mut runs, &mut observers, &self.cancel) {
                                done.collected.replication(r, &runs, &observers);
                                done.replications += 1;
                                self.progress.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                        (done, runs)
                    },
                )
                .map(|(done, _)| done)
                .reduce(
                    || Done { collected: collector(), replications: 0 },
                    |mut a, b| {
                        a.collected.merge(b.collected);
                        a.replications += b.replications;
                        a
                    },
                )
        };
        match &self.pool {
            Some(pool) => pool.install(work),
            None => work(),
        }
    }

    /// Replication `r` of every arm, on the calling thread, into `runs`
    /// (from [`ArmRun::buffers`]): for benchmarks and tests of one replication.
    pub fn replication(&self, arms: &[Arm], r: u64, runs: &mut [ArmRun]) {
        let mut observers = vec![NoObserver; arms.len()];
        let never = AtomicBool::new(false);
        self.replication_into(&Plan::new(arms), r, runs, &mut observers, &never);
    }

    /// Runs replication `r` of every arm of `plan`; `false` when `stop` cut it
    /// short (then `runs` holds nothing usable).
    fn replication_into<O: Observer>(
        &self,
        plan: &Plan,
        r: u64,
        runs: &mut [ArmRun],
        observers: &mut [O],
        stop: &AtomicBool,
    ) -> bool {
        let shared = StreamKey::new(self.seed, r, None);
        for group in &plan.groups {
            // With uncertain assumptions each replication draws its own world,
            // shared by every arm of the group; plain scenarios take the direct path.
            let world;
            let world_policies: Vec<Policy>;
            let mut drawn = Vec::new();
            let (scenario, policies) = if group.scenario.uncertain.is_empty() {
                (group.scenario, &group.policies[..])
            } else {
                (world, drawn) = draw_world_values(group.scenario, &shared);
                world_policies = group.strategies.iter().map(|&s| Policy::new(&world, &world.strategies[s])).collect();
                (&world, &world_policies[..])
            };
            let weeks = scenario.meta.weeks;
            // Under common random numbers every arm starts from the same team
            // (one burn-in per replication) in the same market.
            let shared_start =
                self.crn.then(|| (market_path(&scenario.market, weeks, &shared), starting_team(scenario, &shared)));
            for (i, (&strategy, policy)) in group.strategies.iter().zip(policies).enumerate() {
                let a = group.first + i;
                let (run, observer) = (&mut runs[a], &mut observers[a]);
                run.world.clone_from(&drawn);
                let metrics = match &shared_start {
                    Some((market, start)) => {
                        run_cancellable(scenario, policy, &shared, market, start, &mut run.weekly, observer, stop)
                    }
                    None => {
                        let key = StreamKey::new(self.seed, r, Some(strategy as u64));
                        let market = market_path(&scenario.market, weeks, &key);
                        let start = starting_team(scenario, &key);
                        run_cancellable(scenario, policy, &key, &market, &start, &mut run.weekly, observer, stop)
                    }
                };
                match metrics {
                    Some(m) => run.metrics = m,
                    None => return false,
                }
            }
        }
        true
    }
}

/// The arms grouped by scenario, with their policies compiled once.
struct Plan<'a> {
    groups: Vec<Group<'a>>,
}

/// Consecutive arms on one scenario.
struct Group<'a> {
    scenario: &'a Scenario,
    /// Index of the group's first arm.
    first: usize,
    /// Strategy of each arm.
    strategies: Vec<usize>,
    /// Policy of each arm on the scenario as written.
    policies: Vec<Policy>,
}

impl<'a> Plan<'a> {
    fn new(arms: &[Arm<'a>]) -> Self {
        let mut groups: Vec<Group<'a>> = Vec::new();
        for (a, arm) in arms.iter().enumerate() {
            let policy = Policy::new(arm.scenario, &arm.scenario.strategies[arm.strategy]);
            match groups.last_mut() {
                Some(g) if std::ptr::eq(g.scenario, arm.scenario) => {
                    g.strategies.push(arm.strategy);
                    g.policies.push(policy);
                }
                _ => groups.push(Group {
                    scenario: arm.scenario,
                    first: a,
                    strategies: vec![arm.strategy],
                    policies: vec![policy],
                }),
            }
        }
        Plan { groups }
    }
}

/// The pool of `threads` workers, started on first use.
fn pool(threads: usize) -> Result<Arc<rayon::ThreadPool>, PoolError> {
    static POOLS: Mutex<Vec<(usize, Arc<rayon::ThreadPool>)>> = Mutex::new(Vec::new());
    let mut pools = POOLS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, pool)) = pools.iter().find(|(n, _)| *n == threads) {
        return Ok(pool.clone());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| PoolError { threads, message: e.to_string() })?;
    let pool = Arc::new(pool);
    pools.push((threads, pool.clone()));
    Ok(pool)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two strategies of a small team; `extra` is laid into `[behavior]`.
    fn scenario(behavior: &str) -> Scenario {
        Scenario::from_toml_str(&format!(
            "[scenario]\nname = \"t\"\nweeks = 26\n[team]\nsize = 12\nteam_size = 4\n[behavior]\n{behavior}\n\
             [[strategy]]\nname = \"a\"\n[[strategy]]\nname = \"b\"\n[strategy.performance]\nquota_difficulty = 1.3\n"
        ))
        .unwrap()
    }

    /// Every replication's metrics, by replication and arm.
    #[derive(Default)]
    struct All(Vec<(u64, Vec<ReplicationMetrics>)>);

    impl Collector for All {
        fn replication(&mut self, r: u64, runs: &[ArmRun], _: &[NoObserver]) {
            self.0.push((r, runs.iter().map(|run| run.metrics.clone()).collect()));
        }

        fn merge(&mut self, other: Self) {
            self.0.extend(other.0);
        }
    }

    fn all(executor: &Executor, arms: &[Arm], range: Range<u64>) -> Vec<(u64, Vec<ReplicationMetrics>)> {
        let mut got = executor.run(arms, range, All::default).collected.0;
        got.sort_by_key(|(r, _)| *r);
        got
    }

    fn profits(runs: &[(u64, Vec<ReplicationMetrics>)]) -> Vec<Vec<u64>> {
        runs.iter().map(|(_, ms)| ms.iter().map(|m| m.profit.to_bits()).collect()).collect()
    }

    #[test]
    fn results_do_not_depend_on_the_thread_count() {
        let s = scenario("");
        let arms = Arm::every_strategy(&s);
        let one = all(&Executor::new(3).threads(Some(1)).unwrap(), &arms, 0..6);
        let three = all(&Executor::new(3).threads(Some(3)).unwrap(), &arms, 0..6);
        assert_eq!(profits(&one), profits(&three));
        assert_eq!(one.iter().map(|(r, _)| *r).collect::<Vec<_>>(), (0..6).collect::<Vec<_>>());
    }

    #[test]
    fn one_replication_on_the_calling_thread_matches_the_parallel_run() {
        let s = scenario("adaptation_rate = { uniform = [0.02, 0.10] }");
        let arms = Arm::every_strategy(&s);
        let executor = Executor::new(5);
        let parallel = all(&executor, &arms, 2..5);
        let mut runs = ArmRun::buffers(&arms);
        executor.replication(&arms, 3, &mut runs);
        let single: Vec<u64> = runs.iter().map(|run| run.metrics.profit.to_bits()).collect();
        assert_eq!(single, profits(&parallel)[1]);
    }

    #[test]
    fn arms_of_one_replication_share_its_world_and_streams() {
        // The same strategy twice, once on the scenario and once on a copy: with
        // common random numbers both live in the same sampled world and market.
        let s = scenario("adaptation_rate = { uniform = [0.02, 0.10] }");
        let copy = s.clone();
        let arms = [
            Arm { scenario: &s, strategy: 1 },
            Arm { scenario: &copy, strategy: 1 },
            Arm { scenario: &s, strategy: 0 },
        ];
        for (r, ms) in all(&Executor::new(9), &arms, 0..4) {
            assert_eq!(ms[0].profit.to_bits(), ms[1].profit.to_bits(), "replication {r}");
            assert_ne!(ms[0].profit.to_bits(), ms[2].profit.to_bits(), "replication {r}");
        }
        // Without common random numbers each strategy has its own streams: the
        // same strategy still gets the same ones, another strategy does not.
        let independent = Executor::new(9).crn(false);
        let crn = all(&Executor::new(9), &arms, 0..4);
        for ((_, ms), (_, shared)) in all(&independent, &arms, 0..4).iter().zip(&crn) {
            assert_eq!(ms[0].profit.to_bits(), ms[1].profit.to_bits());
            assert_ne!(ms[0].profit.to_bits(), shared[0].profit.to_bits());
        }
    }

    #[test]
    fn a_cancelled_run_keeps_what_finished_and_counts_progress() {
        let s = scenario("");
        let arms = Arm::every_strategy(&s);
        let (flag, done) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicU64::new(0)));
        let executor = Executor::new(1).cancel_on(flag.clone()).progress(done.clone());
        assert_eq!(executor.run(&arms, 0..5, || ()).replications, 5);
        assert_eq!(done.load(Ordering::SeqCst), 5);
        flag.store(true, Ordering::SeqCst);
        assert!(executor.cancelled());
        let stopped = executor.run(&arms, 0..5, All::default);
        assert_eq!((stopped.replications, stopped.collected.0.len()), (0, 0));
        assert_eq!(done.load(Ordering::SeqCst), 5);
    }

    /// Sets the cancellation flag when it sees week `at`.
    struct CancelAt(Arc<AtomicBool>, u32);

    impl Observer for CancelAt {
        fn week(&mut self, week: u32, _reps: &mut dyn Iterator<Item = (usize, &crate::model::rep::Rep)>) {
            if week == self.1 {
                self.0.store(true, Ordering::SeqCst);
            }
        }
    }

    impl Collector<CancelAt> for All {
        fn replication(&mut self, r: u64, runs: &[ArmRun], _: &[CancelAt]) {
            self.0.push((r, runs.iter().map(|run| run.metrics.clone()).collect()));
        }

        fn merge(&mut self, other: Self) {
            self.0.extend(other.0);
        }
    }

    #[test]
    fn a_replication_cut_short_by_cancellation_is_discarded() {
        // Cancelled in week 3 of the first replication: it stops there, is
        // neither collected nor counted, and no other replication starts.
        let s = scenario("");
        let arms = Arm::every_strategy(&s);
        let (flag, done) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicU64::new(0)));
        let executor = Executor::new(1).threads(Some(1)).unwrap().cancel_on(flag.clone()).progress(done.clone());
        let f = flag.clone();
        let stopped = executor.run_observed(&arms, 0..4, All::default, move |_| CancelAt(f.clone(), 3));
        assert!(executor.cancelled());
        assert_eq!((stopped.replications, stopped.collected.0.len()), (0, 0));
        assert_eq!(done.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn finished_replications_are_recorded_as_ranges_on_any_thread_count() {
        let s = scenario("");
        let arms = Arm::every_strategy(&s);
        for threads in [1, 3] {
            let done = Executor::new(4).threads(Some(threads)).unwrap().run(&arms, 2..9, Finished::default);
            assert_eq!(done.collected.ranges(), vec![2..9], "{threads} threads");
        }
        let mut gaps = Finished::default();
        for r in [7, 8, 0, 1, 2, 5] {
            Collector::<NoObserver>::replication(&mut gaps, r, &[], &[]);
        }
        assert_eq!(gaps.ranges(), vec![0..3, 5..6, 7..9]);
    }

    #[test]
    fn optional_and_paired_collectors_see_every_replication() {
        let s = scenario("");
        let arms = Arm::every_strategy(&s);
        let done = Executor::new(2).run(&arms, 0..4, || (All::default(), Some(All::default())));
        let (a, b) = done.collected;
        assert_eq!(a.0.len(), 4);
        assert_eq!(b.map(|b| b.0.len()), Some(4));
        let off: Done<Option<All>> = Executor::new(2).run(&arms, 0..4, || None);
        assert!(off.collected.is_none());
    }
}
