//! Every case of `seeds.json` (CPython 3.11.7), reproduced call for call.

use num_bigint::{BigInt, BigUint};
use pssst_insecure::{PythonRandom, Seed, python_float_repr};
use serde_json::Value;

use crate::vectors::{int, ints, list, shared, text};

fn cases() -> Vec<Value> {
    list(&shared("seeds.json")["seeds"]).clone()
}

fn seed_of(case: &Value) -> Seed {
    let seed = &case["seed"];
    match seed["type"].as_str() {
        Some("int") => Seed::from(text(&seed["value"]).parse::<BigInt>().expect("int seed")),
        Some("str") => Seed::from(text(&seed["value"])),
        Some("bytes") => Seed::bytes(hex(&text(&seed["hex"]))),
        other => panic!("unknown seed type {other:?}"),
    }
}

fn fresh(case: &Value) -> PythonRandom {
    PythonRandom::new(seed_of(case))
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

fn alphabet62() -> Vec<char> {
    text(&shared("seeds.json")["alphabet62"]).chars().collect()
}

#[test]
fn seeding_derives_the_same_integer_key_and_state() {
    for case in cases() {
        let seed = seed_of(&case);
        assert_eq!(seed.to_integer().to_string(), text(&case["seed_as_int"]));
        let key: Vec<u64> = seed.key_words().into_iter().map(u64::from).collect();
        assert_eq!(key, ints(&case["key_words"]), "{}", case["seed"]);

        let state = fresh(&case).state();
        let words: Vec<u64> = state
            .twister
            .words()
            .iter()
            .map(|&w| u64::from(w))
            .collect();
        assert_eq!(words, ints(&case["state_after_seed"]["words"]));
        assert_eq!(
            state.twister.index() as u64,
            int(&case["state_after_seed"]["index"])
        );
    }
}

#[test]
fn raw_outputs_and_getrandbits_match() {
    for case in cases() {
        let mut rng = fresh(&case);
        let first: Vec<u64> = (0..40).map(|_| u64::from(rng.next_u32())).collect();
        assert_eq!(first, ints(&case["first_40_u32"]));

        for (bits, key) in [
            (32, "getrandbits32_10"),
            (64, "getrandbits64_10"),
            (100, "getrandbits100_10"),
        ] {
            let mut rng = fresh(&case);
            let got: Vec<String> = (0..10).map(|_| rng.getrandbits(bits).to_string()).collect();
            let expected: Vec<String> = list(&case[key]).iter().map(text).collect();
            assert_eq!(got, expected, "{key}");
        }

        let mut rng = fresh(&case);
        for pair in list(&case["getrandbits_k"]) {
            let bits = int(&pair[0]) as u32;
            assert_eq!(
                rng.getrandbits(bits).to_string(),
                text(&pair[1]),
                "getrandbits({bits})"
            );
        }
    }
}

#[test]
fn random_floats_match_bit_for_bit_and_as_repr() {
    for case in cases() {
        let mut rng = fresh(&case);
        for (bits53, repr) in list(&case["random_10_bits53"])
            .iter()
            .zip(list(&case["random_10_repr"]))
        {
            let value = rng.random();
            assert_eq!((value * 2f64.powi(53)) as u64, int(bits53));
            assert_eq!(python_float_repr(value), text(repr));
        }

        let mut rng = fresh(&case);
        for repr in list(&case["uniform_1.5_7.25_x5_repr"]) {
            assert_eq!(python_float_repr(rng.uniform(1.5, 7.25)), text(repr));
        }
    }
}

#[test]
fn integer_ranges_match() {
    type Call = fn(&mut PythonRandom) -> i64;
    let calls: [(&str, usize, Call); 4] = [
        ("randrange_10_x20", 20, |r| {
            r.randrange(0, 10, 1).expect("range")
        }),
        ("randint_1_6_x20", 20, |r| r.randint(1, 6).expect("range")),
        ("randrange_3_1000_7_x10", 10, |r| {
            r.randrange(3, 1000, 7).expect("range")
        }),
        ("randrange_50_m3_m4_x10", 10, |r| {
            r.randrange(50, -3, -4).expect("range")
        }),
    ];
    for case in cases() {
        for (key, count, call) in calls {
            let mut rng = fresh(&case);
            let got: Vec<String> = (0..count).map(|_| call(&mut rng).to_string()).collect();
            let expected: Vec<String> = list(&case[key]).iter().map(text).collect();
            assert_eq!(got, expected, "{key} for {}", case["seed"]);
        }

        let mut rng = fresh(&case);
        let bound = BigInt::from(10).pow(30);
        for expected in list(&case["randrange_10pow30_x5"]) {
            let got = rng
                .randrange_big(&BigInt::ZERO, &bound, &BigInt::from(1))
                .expect("range");
            assert_eq!(got.to_string(), text(expected));
        }
    }
}

#[test]
fn tokens_from_choice_and_choices_match() {
    let alphabet = alphabet62();
    for case in cases() {
        let mut rng = fresh(&case);
        let token: String = (0..22)
            .map(|_| *rng.choice(&alphabet).expect("choice"))
            .collect();
        assert_eq!(token, text(&case["token22_choice62"]));
        let used = rng.twister().index() as u64;
        assert_eq!(used, int(&case["token22_choice62_words_consumed"]));

        let mut rng = fresh(&case);
        let token: String = rng
            .choices(&alphabet, 22)
            .expect("choices")
            .into_iter()
            .collect();
        assert_eq!(token, text(&case["token22_choices62"]));
    }
}

#[test]
fn shuffle_sample_and_randbytes_match() {
    for case in cases() {
        let mut items: Vec<u64> = (0..10).collect();
        fresh(&case).shuffle(&mut items);
        assert_eq!(items, ints(&case["shuffle_range10"]));

        let fifty: Vec<u64> = (0..50).collect();
        assert_eq!(
            fresh(&case).sample(&fifty, 10).expect("pool"),
            ints(&case["sample_range50_k10"])
        );
        let picks = fresh(&case).sample_indices(10_000, 5).expect("set");
        assert_eq!(picks, ints(&case["sample_range10000_k5"]));

        let bytes = fresh(&case).randbytes(10);
        let shown: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(shown, text(&case["randbytes_10_hex"]));
    }
}

#[test]
fn interleaved_calls_on_one_generator_match() {
    let alphabet = alphabet62();
    for case in cases() {
        let mut rng = fresh(&case);
        for step in list(&case["interleaved"]) {
            let call = text(&step[0]);
            let got = interleaved_call(&mut rng, &call, &alphabet);
            assert_eq!(got, text(&step[1]), "{call} for {}", case["seed"]);
        }
        assert_eq!(
            rng.twister().index() as u64,
            int(&case["interleaved_state_index_after"])
        );
    }
}

fn interleaved_call(rng: &mut PythonRandom, call: &str, alphabet: &[char]) -> String {
    if call == "random" {
        return python_float_repr(rng.random());
    }
    if call == "choice(ALPHA62)" {
        return rng.choice(alphabet).expect("choice").to_string();
    }
    let argument = |prefix: &str| call.strip_prefix(prefix).and_then(|r| r.split(')').next());
    if let Some(bits) = argument("getrandbits(") {
        return rng.getrandbits(bits.parse().expect("bits")).to_string();
    }
    if let Some(n) = argument("randrange(") {
        return rng
            .randrange(0, n.parse().expect("n"), 1)
            .expect("range")
            .to_string();
    }
    if let Some(n) = argument("randbytes(") {
        let bytes = rng.randbytes(n.parse().expect("n"));
        return bytes.iter().map(|b| format!("{b:02x}")).collect();
    }
    panic!("unknown interleaved call {call}")
}

#[test]
fn classic_checks_hold() {
    let checks = &shared("seeds.json")["checks"];
    let mut rng = PythonRandom::new(31);
    for expected in list(&checks["seed(31).random()x3"]) {
        assert_eq!(python_float_repr(rng.random()), text(expected));
    }
    assert_eq!(PythonRandom::new(-5), PythonRandom::new(5));
    let collide = PythonRandom::new(2) == PythonRandom::new(2u64 + (1 << 32));
    assert_eq!(
        Some(collide),
        checks["seed(2) equals seed(2 + 2**32) (init_by_array collision)"].as_bool()
    );
    assert_eq!(BigUint::from(5u32), Seed::from(-5).to_integer());
}
