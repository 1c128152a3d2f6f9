//! The generator behind every value pssst makes.
//!
//! # Construction
//!
//! Each thread owns a ChaCha20 generator (the RustCrypto `chacha20` crate, SIMD where the CPU
//! has it) keyed with 32 bytes read from the operating system's CSPRNG through `getrandom`.
//!
//! - **Fast key erasure** (Bernstein, "Fast-key-erasure random-number generators", 2017): the
//!   generator refills a 4 KiB buffer; the first 32 bytes of each refill become the next key
//!   and are wiped, and every byte handed out is wiped from the buffer. Memory read later
//!   reveals neither the bytes already returned nor the keys that made them.
//! - **Reseeding**: after 1 MiB of output the key is replaced by 32 fresh bytes from the
//!   operating system, so a compromise of the state is healed quickly.
//! - **Threads**: the state is thread-local; threads share nothing and need no lock.
//! - **Fork**: a `pthread_atfork` child handler bumps a process-wide counter; the next request
//!   in the child sees the change, discards the buffer and reseeds from the operating system,
//!   so a child never repeats its parent's output. The process id is compared at every refill
//!   too, which catches children made by a raw `clone(2)` that skips libc's fork handlers
//!   after at most one buffer.
//! - **Bulk**: requests of 4 KiB or more get the ChaCha20 keystream written straight into the
//!   caller's buffer, then the key is erased as above. Each key makes at most 1 MiB of
//!   keystream under the all-zero nonce and is never used again.
//! - **Failure**: if the operating system's source fails, the request fails with
//!   [`Error::RandomSource`](crate::Error::RandomSource). There is no fallback.
//!
//! ChaCha20 keyed from the OS is the construction of Linux's own `/dev/urandom`, OpenBSD's
//! `arc4random` and the `rand` crate's `ThreadRng` (which uses 12 rounds); pssst keeps all 20.

use std::cell::RefCell;

use chacha20::ChaCha20;
use chacha20::cipher::{KeyIvInit, StreamCipher};
use zeroize::Zeroize;

use crate::error::Result;
use crate::fork;

/// Fills `dest` with bytes from the thread's generator.
///
/// # Errors
///
/// [`Error::RandomSource`](crate::Error::RandomSource) when the operating system's random
/// source fails while seeding or reseeding.
///
/// # Security
///
/// The bytes are uniformly distributed and unpredictable to anyone who cannot read this
/// process's memory; see the [module docs](self) for the construction. They are not wiped
/// from `dest`: that is the caller's to do.
///
/// # Examples
///
/// ```
/// let mut key = [0u8; 32];
/// pssst::fill_bytes(&mut key)?;
/// assert_ne!(key, [0u8; 32]);
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn fill_bytes(dest: &mut [u8]) -> Result<()> {
    GENERATOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        let generator = match slot.as_mut() {
            Some(generator) => generator,
            None => slot.insert(Generator::new()?),
        };
        generator.fill(dest)
    })
}

/// A uniformly random `u32`.
pub(crate) fn next_u32() -> Result<u32> {
    let mut bytes = [0u8; 4];
    fill_bytes(&mut bytes)?;
    Ok(u32::from_le_bytes(bytes))
}

/// A uniformly random `u64`.
pub(crate) fn next_u64() -> Result<u64> {
    let mut bytes = [0u8; 8];
    fill_bytes(&mut bytes)?;
    Ok(u64::from_le_bytes(bytes))
}

/// A uniformly random `u128`.
pub(crate) fn next_u128() -> Result<u128> {
    let mut bytes = [0u8; 16];
    fill_bytes(&mut bytes)?;
    Ok(u128::from_le_bytes(bytes))
}

thread_local! {
    static GENERATOR: RefCell<Option<Generator>> = const { RefCell::new(None) };
}

const KEY_LEN: usize = 32;
const BUFFER_LEN: usize = 4096;
const DIRECT_MIN: usize = 4096;
const RESEED_AFTER: usize = 1 << 20;

struct Generator {
    stream: ChaCha20,
    buffer: [u8; BUFFER_LEN],
    used: usize,
    since_seed: usize,
    epoch: u64,
    pid: u32,
}

impl Generator {
    fn new() -> Result<Self> {
        let mut generator = Self {
            stream: keyed([0; KEY_LEN]),
            buffer: [0; BUFFER_LEN],
            used: BUFFER_LEN,
            since_seed: 0,
            epoch: 0,
            pid: 0,
        };
        generator.reseed()?;
        Ok(generator)
    }

    fn fill(&mut self, dest: &mut [u8]) -> Result<()> {
        if self.has_forked() || self.since_seed >= RESEED_AFTER {
            self.reseed()?;
        }
        if dest.len() >= DIRECT_MIN {
            return self.fill_direct(dest);
        }
        let mut filled = 0;
        while filled < dest.len() {
            if self.used == BUFFER_LEN {
                self.refill()?;
            }
            let take = (BUFFER_LEN - self.used).min(dest.len() - filled);
            let served = &mut self.buffer[self.used..self.used + take];
            dest[filled..filled + take].copy_from_slice(served);
            served.zeroize();
            self.used += take;
            filled += take;
        }
        Ok(())
    }

    fn fill_direct(&mut self, dest: &mut [u8]) -> Result<()> {
        for chunk in dest.chunks_mut(RESEED_AFTER) {
            if self.since_seed >= RESEED_AFTER || self.has_forked() {
                self.reseed()?;
            }
            self.stream.write_keystream(chunk);
            self.since_seed += chunk.len();
            self.rekey();
        }
        Ok(())
    }

    /// Refills the buffer with keystream; its first 32 bytes become the next key.
    fn refill(&mut self) -> Result<()> {
        if std::process::id() != self.pid {
            self.reseed()?;
        }
        self.stream.write_keystream(&mut self.buffer);
        let mut key = [0u8; KEY_LEN];
        key.copy_from_slice(&self.buffer[..KEY_LEN]);
        self.buffer[..KEY_LEN].zeroize();
        self.stream = keyed(key);
        key.zeroize();
        self.used = KEY_LEN;
        self.since_seed += BUFFER_LEN;
        Ok(())
    }

    /// Replaces the key with fresh output of the generator itself (key erasure).
    fn rekey(&mut self) {
        let mut key = [0u8; KEY_LEN];
        self.stream.write_keystream(&mut key);
        self.stream = keyed(key);
        key.zeroize();
    }

    /// Replaces the key with fresh bytes from the operating system and drops the buffer.
    fn reseed(&mut self) -> Result<()> {
        self.epoch = fork::epoch();
        self.pid = std::process::id();
        let mut key = [0u8; KEY_LEN];
        getrandom::fill(&mut key)?;
        self.stream = keyed(key);
        key.zeroize();
        self.buffer.zeroize();
        self.used = BUFFER_LEN;
        self.since_seed = 0;
        Ok(())
    }

    fn has_forked(&self) -> bool {
        if fork::is_watched() {
            fork::epoch() != self.epoch
        } else {
            std::process::id() != self.pid
        }
    }
}

/// A ChaCha20 keystream under `key` and the all-zero nonce; each key is used once.
fn keyed(mut key: [u8; KEY_LEN]) -> ChaCha20 {
    let stream = ChaCha20::new(&key.into(), &[0u8; 12].into());
    key.zeroize();
    stream
}

impl Drop for Generator {
    fn drop(&mut self) {
        self.buffer.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_differ_between_calls() {
        let mut a = [0u8; 32];
        let mut b = [0u8; 32];
        fill_bytes(&mut a).unwrap();
        fill_bytes(&mut b).unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn bulk_and_buffered_paths_cover_every_length() {
        for len in [0, 1, 31, 32, 33, 991, 992, 993, 1024, 4095, 4096, 70_000] {
            let mut dest = vec![0u8; len];
            fill_bytes(&mut dest).unwrap();
            let zeros = dest.iter().filter(|&&b| b == 0).count();
            assert!(zeros <= len / 64 + 3, "len {len}: {zeros} zero bytes");
        }
    }

    #[test]
    fn threads_get_different_streams() {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(|| {
                    let mut bytes = [0u8; 32];
                    fill_bytes(&mut bytes).unwrap();
                    bytes
                })
            })
            .collect();
        let mut outputs: Vec<[u8; 32]> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        outputs.sort();
        outputs.dedup();
        assert_eq!(outputs.len(), 4);
    }

    #[test]
    fn served_bytes_are_wiped_from_the_buffer() {
        let mut generator = Generator::new().unwrap();
        let mut out = [0u8; 100];
        generator.fill(&mut out).unwrap();
        assert!(generator.buffer[..generator.used].iter().all(|&b| b == 0));
    }

    #[test]
    fn reseeds_after_a_mebibyte() {
        let mut generator = Generator::new().unwrap();
        let mut out = vec![0u8; 2000];
        for _ in 0..(RESEED_AFTER / 2000 + 2) {
            generator.fill(&mut out).unwrap();
        }
        assert!(generator.since_seed < RESEED_AFTER);
    }
}
