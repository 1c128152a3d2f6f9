//! Seed search: small integer seeds and time seeds found from what they produced.

use std::ops::ControlFlow;

use pssst_insecure::{
    Observation, PythonRandom, SearchOptions, SearchOutcome, Seed, SeedSpace, search,
};

fn run(space: &SeedSpace, seen: &[Observation]) -> SearchOutcome {
    let options = SearchOptions {
        threads: 2,
        ..SearchOptions::default()
    };
    search(space, seen, &options, |_| ControlFlow::Continue(())).expect("search runs")
}

fn seeds(outcome: &SearchOutcome) -> Vec<Seed> {
    outcome.found.iter().map(|f| f.seed.clone()).collect()
}

fn choice_token(rng: &mut PythonRandom, n: u64, len: usize) -> Vec<Observation> {
    (0..len)
        .map(|_| Observation::Below {
            n,
            value: rng.randbelow(n).expect("n > 0"),
        })
        .collect()
}

#[test]
fn a_choice_token_gives_away_its_integer_seed_and_the_next_token() {
    let mut victim = PythonRandom::new(48_213);
    let seen = choice_token(&mut victim, 62, 22);
    let outcome = run(
        &SeedSpace::Integers {
            start: 40_000,
            end: 60_000,
        },
        &seen,
    );
    assert_eq!(seeds(&outcome), [Seed::from(48_213)]);

    let mut attacker = outcome.found[0].after_observations.clone();
    let next: Vec<u64> = (0..22)
        .map(|_| attacker.randbelow(62).expect("n > 0"))
        .collect();
    let expected: Vec<u64> = (0..22)
        .map(|_| victim.randbelow(62).expect("n > 0"))
        .collect();
    assert_eq!(next, expected);
}

#[test]
fn floats_ints_and_choices_tokens_all_lead_to_the_seed() {
    let seed = 123_456u64;
    let kinds: [fn(&mut PythonRandom) -> Vec<Observation>; 4] = [
        |r| (0..3).map(|_| Observation::Float(r.random())).collect(),
        |r| vec![Observation::U32(r.next_u32())],
        |r| {
            (0..4)
                .map(|_| Observation::Bits {
                    bits: 8,
                    value: r.next_u32() >> 24,
                })
                .collect()
        },
        |r| {
            let picks = r
                .choices(&(0..36).collect::<Vec<u64>>(), 12)
                .expect("non-empty");
            picks
                .into_iter()
                .map(|index| Observation::Choices { n: 36, index })
                .collect()
        },
    ];
    for make in kinds {
        let seen = make(&mut PythonRandom::new(seed));
        let outcome = run(
            &SeedSpace::Integers {
                start: 100_000,
                end: 130_000,
            },
            &seen,
        );
        assert_eq!(seeds(&outcome), [Seed::from(seed)], "{seen:?}");
    }
}

#[test]
fn observations_after_unseen_calls_still_match() {
    let mut victim = PythonRandom::new(777);
    victim.randbytes(40);
    let mut seen = vec![Observation::Skip { words: 10 }];
    seen.extend((0..2).map(|_| Observation::Float(victim.random())));
    let outcome = run(
        &SeedSpace::Integers {
            start: 0,
            end: 5_000,
        },
        &seen,
    );
    assert_eq!(seeds(&outcome), [Seed::from(777)]);
}

#[test]
fn seed_from_time_time_is_found_in_a_window_of_floats() {
    let t = 1_715_000_042.123_456_7;
    let seed = Seed::float(t).expect("finite");
    let seen = choice_token(&mut PythonRandom::new(seed.clone()), 26, 10);
    let window = SeedSpace::Floats {
        start: t - 2e-5,
        end: t + 2e-5,
    };
    let outcome = run(&window, &seen);
    assert_eq!(seeds(&outcome), [seed]);
    assert!(outcome.tried > 100);
}

#[test]
fn seed_from_int_time_time_is_found_in_a_window_of_seconds() {
    let now = 1_715_000_000u64;
    let seen = choice_token(&mut PythonRandom::new(now + 1234), 16, 8);
    let outcome = run(
        &SeedSpace::Integers {
            start: now,
            end: now + 3600,
        },
        &seen,
    );
    assert_eq!(seeds(&outcome), [Seed::from(now + 1234)]);
}

#[test]
fn a_list_of_text_candidates_is_searched_too() {
    let seen = choice_token(&mut PythonRandom::new("hunter2"), 62, 8);
    let candidates = ["password", "letmein", "hunter2", "dragon"]
        .map(Seed::from)
        .to_vec();
    let outcome = run(&SeedSpace::List(candidates), &seen);
    assert_eq!(seeds(&outcome), [Seed::from("hunter2")]);
}

#[test]
fn nothing_is_found_when_the_seed_is_outside_the_space() {
    let seen = choice_token(&mut PythonRandom::new(5_000_001), 62, 12);
    let outcome = run(
        &SeedSpace::Integers {
            start: 0,
            end: 20_000,
        },
        &seen,
    );
    assert!(outcome.found.is_empty());
    assert!(outcome.exhausted);
    assert_eq!(outcome.tried, 20_001);
}
