//! The `salesim` binary: command-line glue around the library.

mod cli;

use std::alloc::{GlobalAlloc, Layout, System};

/// The system allocator, except that a failed allocation ends the process
/// with a message and exit status 1 instead of an abort (SIGABRT): an
/// experiment too large for the machine's memory is a failure to report, not
/// a crash. `salesim run` estimates memory before it starts and refuses
/// experiments beyond the limit (docs/reliability.md); this is the backstop.
struct ExitOnOom;

// SAFETY: every call is forwarded unchanged to `System`; only a null result
// (allocation failure) is handled, by leaving the process.
unsafe impl GlobalAlloc for ExitOnOom {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on to `System`.
        let p = unsafe { System.alloc(layout) };
        if p.is_null() {
            out_of_memory(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if p.is_null() {
            out_of_memory(layout.size());
        }
        p
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if p.is_null() {
            out_of_memory(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: ExitOnOom = ExitOnOom;

/// Writes the message without allocating and exits with status 1.
fn out_of_memory(size: usize) -> ! {
    use std::io::Write;
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = size;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(b"Error: out of memory (an allocation of ");
    let _ = err.write_all(&digits[at..]);
    let _ = err.write_all(
        b" bytes failed); the experiment is too large for this machine: lower --replications or --threads, \
          use fewer strategies or weeks, or split it with --shard K/N\n",
    );
    let _ = err.flush();
    std::process::exit(1);
}

fn main() {
    std::process::exit(cli::main());
}
