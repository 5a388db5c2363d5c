//! SIGINT (Ctrl-C) and SIGTERM (a Slurm time limit, `timeout`, `kill`,
//! `parallel --halt`): the first of either sets the cancellation flag that the
//! command hands to the executor (`Executor::cancel_on`), which stops the
//! experiment within a simulated week; the command then writes what finished,
//! marked partial, and exits with status 1. A second signal, of either kind,
//! exits at once with status 128 + its number (130 for SIGINT, 143 for
//! SIGTERM) and writes nothing.

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, OnceLock};

use signal_hook::consts::{SIGINT, SIGTERM};

/// The signal that set the flag (0: none yet).
static RECEIVED: AtomicI32 = AtomicI32::new(0);

/// The process's cancellation flag, with the handlers installed on first use.
/// Pass it to `Executor::cancel_on` (or `RunOptions::cancel`).
pub fn cancel_flag() -> Arc<AtomicBool> {
    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    FLAG.get_or_init(|| {
        let flag = Arc::new(AtomicBool::new(false));
        for signal in [SIGINT, SIGTERM] {
            let f = flag.clone();
            // SAFETY: the action does only async-signal-safe things: an atomic
            // swap, an atomic store and `_exit`.
            let registered = unsafe {
                signal_hook::low_level::register(signal, move || {
                    if f.swap(true, Ordering::SeqCst) {
                        signal_hook::low_level::exit(128 + signal);
                    }
                    RECEIVED.store(signal, Ordering::SeqCst);
                })
            };
            if let Err(e) = registered {
                errln!("warning: cannot catch {}: {e}; it will end the run without writing", name(signal));
            }
        }
        flag
    })
    .clone()
}

/// The signal that cancelled the run, as a user knows it (`None` if none did).
pub fn received() -> Option<&'static str> {
    match RECEIVED.load(Ordering::SeqCst) {
        0 => None,
        s => Some(name(s)),
    }
}

fn name(signal: i32) -> &'static str {
    if signal == SIGINT { "Ctrl-C (SIGINT)" } else { "SIGTERM" }
}
