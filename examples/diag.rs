// Diagnostic (not committed): effort by week of period and attainment bin.
use salesim::config::Scenario;
use salesim::experiment::executor::{Arm, ArmRun, Collector, Executor};
use salesim::model::rep::Rep;
use salesim::sim::Observer;

const BINS: usize = 6;
fn bin(a: f64) -> usize {
    if a < 0.3 {
        0
    } else if a < 0.6 {
        1
    } else if a < 0.85 {
        2
    } else if a < 1.0 {
        3
    } else if a < 1.3 {
        4
    } else {
        5
    }
}
#[derive(Default, Clone)]
struct Obs {
    period: u32,
    last: Vec<f64>,
    n: Vec<[f64; BINS]>,
    e: Vec<[f64; BINS]>,
    p: Vec<[f64; BINS]>,
    s: Vec<[f64; BINS]>,
}
impl Observer for Obs {
    fn week(&mut self, week: u32, reps: &mut dyn Iterator<Item = (usize, &Rep)>) {
        let l = self.period as usize;
        if self.n.is_empty() {
            self.n = vec![[0.0; BINS]; l];
            self.e = self.n.clone();
            self.p = self.n.clone();
            self.s = self.n.clone();
            self.last = vec![0.0; 1000];
        }
        let k = (week % self.period) as usize;
        for (slot, r) in reps {
            let a0 = if k == 0 { 0.0 } else { self.last[slot] };
            let a1 = if r.quota > 0.0 { r.period_sales / r.quota } else { 0.0 };
            if week >= 52 && r.tenure > 20 {
                let b = bin(a0);
                self.n[k][b] += 1.0;
                self.e[k][b] += r.effort;
                self.p[k][b] += r.pressure;
                self.s[k][b] += (a1 - a0) * r.quota;
            }
            self.last[slot] = a1;
        }
    }
}
#[derive(Default)]
struct Col(Vec<Obs>);
impl Collector<Obs> for Col {
    fn replication(&mut self, _r: u64, _runs: &[ArmRun], obs: &[Obs]) {
        self.0.push(obs[0].clone());
    }
    fn merge(&mut self, o: Self) {
        self.0.extend(o.0);
    }
}
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let s = Scenario::from_toml_str(&std::fs::read_to_string(&a[1]).unwrap()).unwrap();
    let strat: usize = a[2].parse().unwrap();
    let reps: u64 = a[3].parse().unwrap();
    let period: u32 = a[4].parse().unwrap();
    let arms = [Arm { scenario: &s, strategy: strat }];
    let done = Executor::new(7).run_observed(&arms, 0..reps, Col::default, |_| Obs { period, ..Default::default() });
    let l = period as usize;
    let mut n = vec![[0.0; BINS]; l];
    let mut e = n.clone();
    let mut p = n.clone();
    let mut sl = n.clone();
    for o in &done.collected.0 {
        for k in 0..l {
            for b in 0..BINS {
                n[k][b] += o.n[k][b];
                e[k][b] += o.e[k][b];
                p[k][b] += o.p[k][b];
                sl[k][b] += o.s[k][b];
            }
        }
    }
    println!("wk | share/effort/pressure per start-attainment bin <.3 .3-.6 .6-.85 .85-1 1-1.3 >1.3 | mean effort");
    let step = if l > 13 { 4 } else { 1 };
    for k in (0..l).step_by(step) {
        let tot: f64 = n[k].iter().sum();
        let me: f64 = e[k].iter().sum::<f64>() / tot;
        let mut line = format!("{:2} |", k + 1);
        for b in 0..BINS {
            if n[k][b] > 0.0 {
                line += &format!(" {:3.0}% {:.2} {:.2} |", 100.0 * n[k][b] / tot, e[k][b] / n[k][b], p[k][b] / n[k][b]);
            } else {
                line += "   -           |";
            }
        }
        println!("{line} {me:.3}");
    }
}
