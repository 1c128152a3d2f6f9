//! The worker threads of a search and the thread that reports on them.

use std::ops::{ControlFlow, Range};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use super::filter::Filter;
use super::kernel::{LANES, addends, complete_lane, seed_lanes};
use super::lanes::LaneWords;
use super::{Progress, SeedSpace};
use crate::mt::{MersenneTwister, STATE_WORDS};
use crate::observation::Observation;
use crate::seed::Seed;

/// Seeds handed to a worker at a time.
const CHUNK: u64 = 1 << 14;

/// What the workers share.
pub(super) struct Shared {
    pub(super) total: u64,
    next_chunk: AtomicU64,
    pub(super) tried: AtomicU64,
    stop: AtomicBool,
    running: AtomicUsize,
    pub(super) found: Mutex<Vec<u64>>,
}

impl Shared {
    pub(super) fn new(total: u64, threads: usize) -> Self {
        Self {
            total,
            next_chunk: AtomicU64::new(0),
            tried: AtomicU64::new(0),
            stop: AtomicBool::new(false),
            running: AtomicUsize::new(threads),
            found: Mutex::new(Vec::new()),
        }
    }

    /// A worker: takes chunks until the space is done or the search stops.
    pub(super) fn work(
        &self,
        space: &SeedSpace,
        observations: &[Observation],
        stop_at_first: bool,
    ) {
        let filter = Filter::new(observations);
        let mut state = Box::new([[0u32; LANES]; STATE_WORDS]);
        let mut hits = Vec::new();
        while let Some(range) = self.next_range() {
            let seeds = range.end - range.start;
            match space {
                SeedSpace::List(seeds) => scan_list(seeds, range, observations, &mut hits),
                _ => scan_keys(
                    space,
                    range,
                    observations,
                    filter.as_ref(),
                    &mut state,
                    &mut hits,
                ),
            }
            self.tried.fetch_add(seeds, Ordering::Relaxed);
            if !hits.is_empty() {
                let mut found = self.found.lock().unwrap_or_else(|e| e.into_inner());
                found.append(&mut hits);
                self.stop.fetch_or(stop_at_first, Ordering::Relaxed);
            }
        }
        self.running.fetch_sub(1, Ordering::Release);
    }

    /// The next chunk of seeds, unless the space is done or the search stopped.
    fn next_range(&self) -> Option<Range<u64>> {
        if self.stop.load(Ordering::Relaxed) {
            return None;
        }
        let first = self
            .next_chunk
            .fetch_add(1, Ordering::Relaxed)
            .saturating_mul(CHUNK);
        (first < self.total).then(|| first..self.total.min(first.saturating_add(CHUNK)))
    }

    /// The calling thread: reports progress until the workers are done.
    pub(super) fn report<F>(&self, started: Instant, every: Duration, progress: &mut F)
    where
        F: FnMut(&Progress) -> ControlFlow<()>,
    {
        let poll = every.min(Duration::from_millis(10));
        let mut last = Instant::now();
        let snapshot = || Progress {
            tried: self.tried.load(Ordering::Relaxed),
            total: self.total,
            elapsed: started.elapsed(),
        };
        while self.running.load(Ordering::Acquire) > 0 {
            thread::sleep(poll);
            if last.elapsed() >= every {
                last = Instant::now();
                if progress(&snapshot()).is_break() {
                    self.stop.store(true, Ordering::Relaxed);
                }
            }
        }
        let _ = progress(&snapshot());
    }
}

/// Checks the integer or float seeds `range` of `space`, a batch of lanes at a time.
fn scan_keys(
    space: &SeedSpace,
    range: Range<u64>,
    observations: &[Observation],
    filter: Option<&Filter>,
    state: &mut [[u32; LANES]; STATE_WORDS],
    hits: &mut Vec<u64>,
) {
    let upto = filter.map_or(STATE_WORDS - 1, |f| f.upto);
    for base in range.clone().step_by(LANES) {
        let count = (range.end - base).min(LANES as u64) as usize;
        let (mut odd, mut even) = ([0; LANES], [0; LANES]);
        for lane in 0..LANES {
            let key = space.key(base + lane.min(count - 1) as u64).unwrap_or(0);
            (odd[lane], even[lane]) = addends(key);
        }
        seed_lanes(&odd, &even, state, upto);
        for lane in 0..count {
            if filter.is_some_and(|f| !f.passes(state, lane)) {
                continue;
            }
            complete_lane(state, lane, upto);
            let mut words = LaneWords::new(state, lane);
            if observations.iter().all(|o| o.matches(&mut words)) {
                hits.push(base + lane as u64);
            }
        }
    }
}

/// Checks arbitrary seeds one by one.
fn scan_list(seeds: &[Seed], range: Range<u64>, observations: &[Observation], hits: &mut Vec<u64>) {
    for index in range {
        let Some(seed) = seeds.get(index as usize) else {
            continue;
        };
        let mut twister = MersenneTwister::from_key(&seed.key_words());
        if observations.iter().all(|o| o.matches(&mut twister)) {
            hits.push(index);
        }
    }
}
