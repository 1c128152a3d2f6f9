//! Fork detection: a process-wide counter that every `fork` bumps in the child.
//!
//! A thread's generator remembers the counter's value when it was seeded and reseeds from the
//! operating system when the value has changed, so a child never replays its parent's buffered
//! output. The counter is bumped by a `pthread_atfork` child handler, which libc runs on every
//! `fork()` (including Python's `os.fork` and Rust's `libc::fork`).

use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

static EPOCH: AtomicU64 = AtomicU64::new(0);
static WATCHED: AtomicBool = AtomicBool::new(false);
static REGISTER: Once = Once::new();

/// The number of forks this process descends from, counted since the handler was registered.
///
/// The first call registers the handler; callers read it before they seed, so no fork between
/// seeding and the next read goes unseen.
pub(crate) fn epoch() -> u64 {
    REGISTER.call_once(register);
    EPOCH.load(Ordering::Acquire)
}

/// Whether forks are counted at all. When the handler could not be registered (or the platform
/// has no `fork`), callers compare process ids on every request instead.
pub(crate) fn is_watched() -> bool {
    REGISTER.call_once(register);
    WATCHED.load(Ordering::Acquire)
}

extern "C" fn bump_epoch() {
    EPOCH.fetch_add(1, Ordering::AcqRel);
}

#[cfg(unix)]
#[allow(unsafe_code)]
fn register() {
    // SAFETY: `pthread_atfork` only records the function pointers. `bump_epoch` is a plain
    // `extern "C"` function that does one atomic add: it is async-signal-safe, allocates
    // nothing and cannot unwind, which is all a child handler may do after `fork`.
    let status = unsafe { libc::pthread_atfork(None, None, Some(bump_epoch)) };
    WATCHED.store(status == 0, Ordering::Release);
}

#[cfg(not(unix))]
fn register() {
    let _ = bump_epoch;
}
