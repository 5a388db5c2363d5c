//! Waiting for a spawned `salesim` with a time limit, shared by the tests
//! that send it signals (tests/reliability_outputs.rs, tests/grammar.rs).

use std::process::{Child, ExitStatus, Output};
use std::time::{Duration, Instant};

/// The child's exit status, or `None` (after killing it) when it runs past
/// `limit`.
pub fn wait_at_most(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// Output of a child, waiting at most `limit` (its pipes are drained as it
/// runs, so a full pipe never holds it up); panics past the limit.
pub fn output_within(mut child: Child, limit: Duration) -> Output {
    fn drain<R: std::io::Read + Send + 'static>(r: Option<R>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut v);
            }
            v
        })
    }
    let (stdout, stderr) = (drain(child.stdout.take()), drain(child.stderr.take()));
    let status = wait_at_most(&mut child, limit);
    let status = status.unwrap_or_else(|| panic!("salesim did not finish within {limit:?}"));
    Output { status, stdout: stdout.join().unwrap(), stderr: stderr.join().unwrap() }
}
