//! The vectors made by `scripts/gen_python_random_vectors.py` with the local CPython 3.11:
//! other seeds, every method with varied arguments, recovery and search from mid-stream.

use std::ops::ControlFlow;

use num_bigint::{BigInt, BigUint};
use pssst_insecure::{
    Observation, ObservationKind, PythonRandom, SearchOptions, Seed, SeedSpace, python_float_repr,
    recover, search,
};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::vectors::{int, ints, list, own, text};

const FILE: &str = "cpython_random_generated.json";

fn seed_of(seed: &Value) -> Seed {
    match seed["type"].as_str() {
        Some("int") => Seed::from(text(&seed["value"]).parse::<BigInt>().expect("int")),
        Some("float") => Seed::float(text(&seed["repr"]).parse().expect("float")).expect("not nan"),
        Some("str") => Seed::from(text(&seed["value"])),
        Some("bytes") => Seed::bytes(hex(&text(&seed["hex"]))),
        other => panic!("unknown seed type {other:?}"),
    }
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

fn big(value: &Value) -> BigInt {
    text(value).parse().expect("integer")
}

fn floats(value: &Value) -> Vec<f64> {
    list(value)
        .iter()
        .map(|v| text(v).parse().expect("float"))
        .collect()
}

fn range(n: u64) -> Vec<u64> {
    (0..n).collect()
}

fn shown(values: Vec<u64>) -> String {
    serde_json::to_string(&values).expect("json")
}

/// Runs one recorded call and returns its result as the script printed it.
fn call(rng: &mut PythonRandom, name: &str, args: &[Value]) -> String {
    let n = |i: usize| int(&args[i]);
    match name {
        "random" => python_float_repr(rng.random()),
        "getrandbits" => rng.getrandbits(n(0) as u32).to_string(),
        "randbelow" => match text(&args[0]).parse::<u64>() {
            Ok(bound) => rng.randbelow(bound).expect("n > 0").to_string(),
            Err(_) => {
                let bound: BigUint = text(&args[0]).parse().expect("n");
                rng.randbelow_big(&bound).expect("n > 0").to_string()
            }
        },
        "randrange" => {
            let (start, stop, step) = (big(&args[0]), big(&args[1]), big(&args[2]));
            rng.randrange_big(&start, &stop, &step)
                .expect("range")
                .to_string()
        }
        "randint" => {
            let (low, high) = (big(&args[0]), big(&args[1]) + 1);
            rng.randrange_big(&low, &high, &BigInt::from(1))
                .expect("range")
                .to_string()
        }
        "uniform" => {
            let (a, b) = (
                text(&args[0]).parse().expect("a"),
                text(&args[1]).parse().expect("b"),
            );
            python_float_repr(rng.uniform(a, b))
        }
        "randbytes" => rng
            .randbytes(n(0) as usize)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        _ => sequence_call(rng, name, args),
    }
}

/// The calls on sequences, over `range(n)` so that results are indices.
fn sequence_call(rng: &mut PythonRandom, name: &str, args: &[Value]) -> String {
    let n = |i: usize| int(&args[i]);
    match name {
        "choice" => rng.choice(&range(n(0))).expect("non-empty").to_string(),
        "choices" => shown(rng.choices(&range(n(0)), n(1) as usize).expect("choices")),
        "choices_weights" | "choices_cum" => {
            let weights = floats(&args[0]);
            let population = range(weights.len() as u64);
            let picks = if name == "choices_cum" {
                rng.choices_cumulative(&population, &weights, n(1) as usize)
            } else {
                rng.choices_weighted(&population, &weights, n(1) as usize)
            };
            shown(picks.expect("weights"))
        }
        "shuffle" => {
            let mut items = range(n(0));
            rng.shuffle(&mut items);
            shown(items)
        }
        "sample" => shown(rng.sample_indices(n(0), n(1) as usize).expect("sample")),
        "sample_counts" => {
            let counts = ints(&args[0]);
            let population = range(counts.len() as u64);
            shown(
                rng.sample_counts(&population, &counts, n(1) as usize)
                    .expect("counts"),
            )
        }
        other => panic!("unknown call {other}"),
    }
}

#[test]
fn every_recorded_call_matches_on_one_generator_per_seed() {
    let file = own(FILE);
    for case in list(&file["calls"]) {
        let seed = seed_of(&case["seed"]);
        if let Some(expected) = case["seed_as_int_hex"].as_str() {
            assert_eq!(format!("0x{:x}", seed.to_integer()), expected, "{seed}");
        }
        let mut rng = PythonRandom::new(seed.clone());
        for (i, recorded) in list(&case["calls"]).iter().enumerate() {
            let name = text(&recorded[0]);
            let got = call(&mut rng, &name, list(&recorded[1]));
            let expected = match &recorded[2] {
                Value::Array(_) => recorded[2].to_string(),
                other => text(other),
            };
            assert_eq!(got, expected, "call {i} ({name}) for seed {seed}");
        }
        let state = rng.state().to_string();
        let digest: String = Sha256::digest(state.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            digest,
            text(&case["getstate_sha256"]),
            "getstate() repr for seed {seed}"
        );
        assert_eq!(rng.twister().index() as u64, int(&case["getstate_index"]));
    }
}

fn observations(case: &Value) -> Vec<Observation> {
    let observed = &case["observed"];
    let lines: Vec<String> = list(observed).iter().map(text).collect();
    kind(case)
        .parse_lines(&lines.join("\n"))
        .expect("observations parse")
}

fn kind(case: &Value) -> ObservationKind {
    let spec = match text(&case["kind"]).as_str() {
        "bits" => format!("bits:{}", int(&case["bits"])),
        // In quotes: a bare word of letters and digits would be read as a name.
        "choices" => format!("choices:'{}'", text(&case["alphabet"])),
        other => other.to_owned(),
    };
    spec.parse().expect("kind")
}

#[test]
fn recovery_from_mid_stream_predicts_and_rewinds() {
    let file = own(FILE);
    for case in list(&file["recovery"]) {
        let seed = seed_of(&case["seed"]);
        let kind = kind(case);
        let recovery =
            recover(&observations(case)).unwrap_or_else(|e| panic!("{kind} {seed}: {e}"));

        let mut attacker = recovery.after_observations();
        for expected in list(&case["next"]) {
            assert_eq!(
                kind.next_value(&mut attacker, 24),
                text(expected),
                "{kind} {seed}"
            );
        }

        let skip = int(&case["skip_words"]);
        if let Some(before) = case.get("before") {
            let got: Vec<u64> = recovery
                .outputs_before(list(before).len() as u64)
                .expect("within reach")
                .into_iter()
                .map(u64::from)
                .collect();
            assert_eq!(got, ints(before));
        }
        let found = recovery
            .find_seed(skip + 10)
            .expect("within reach")
            .unwrap_or_else(|| panic!("no seed for {seed}"));
        assert_eq!(found.outputs_before, skip);
        assert_eq!(found.seed.to_integer(), seed.to_integer(), "{seed}");
    }
}

#[test]
fn str_and_bytes_seeds_come_back_as_their_text() {
    let file = own(FILE);
    for case in list(&file["recovery"]) {
        let bytes = match case["seed"]["type"].as_str() {
            Some("str") => text(&case["seed"]["value"]).into_bytes(),
            Some("bytes") => hex(&text(&case["seed"]["hex"])),
            _ => continue,
        };
        let found = recover(&observations(case))
            .expect("recovers")
            .find_seed(5000)
            .expect("within reach")
            .expect("seed");
        // Text that is valid UTF-8 comes back as a str; it seeds exactly like the bytes.
        let expected =
            String::from_utf8(bytes).map_or_else(|e| Seed::bytes(e.into_bytes()), Seed::from);
        assert_eq!(found.seed, expected);
    }
}

#[test]
fn search_finds_choice_token_seeds_in_integer_and_time_windows() {
    let file = own(FILE);
    let alphabet: ObservationKind = format!("choice:'{}'", text(&file["alphabet62"]))
        .parse()
        .expect("kind");
    for case in list(&file["search"]) {
        let seed = seed_of(&case["seed"]);
        let seen = alphabet
            .parse_lines(&text(&case["choice_token"]))
            .expect("token");
        let space = match text(&case["space"]).as_str() {
            "ints" => SeedSpace::Integers {
                start: int(&case["low"]),
                end: int(&case["high"]),
            },
            _ => SeedSpace::Floats {
                start: text(&case["low"]).parse().expect("low"),
                end: text(&case["high"]).parse().expect("high"),
            },
        };
        let outcome = search(&space, &seen, &SearchOptions::default(), |_| {
            ControlFlow::Continue(())
        })
        .expect("search runs");
        assert_eq!(outcome.found.len(), 1, "{seed}");
        assert_eq!(outcome.found[0].seed, seed);
        let mut attacker = outcome.found[0].after_observations.clone();
        assert_eq!(
            alphabet.next_value(&mut attacker, 20),
            text(&case["next_token"])
        );
    }
}
