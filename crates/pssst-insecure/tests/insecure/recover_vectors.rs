//! The recovery known answers: `recover_u32_seed2024.json` and `recover_random_floats_seed7.json`.

use pssst_insecure::{Observation, PythonRandom, Seed, recover};

use crate::vectors::{int, ints, list, shared};

#[test]
fn state_from_624_words_predicts_the_next_1000() {
    let file = shared("recover_u32_seed2024.json");
    let observed: Vec<Observation> = ints(&file["observed"])
        .into_iter()
        .map(|w| Observation::U32(w as u32))
        .collect();
    let recovery = recover(&observed).expect("624 words recover the state");

    let mut attacker = recovery.after_observations();
    let predicted: Vec<u64> = (0..1000).map(|_| u64::from(attacker.next_u32())).collect();
    assert_eq!(predicted, ints(&file["next"]));
}

#[test]
fn window_at_the_seeding_point_gives_back_seed_2024_and_its_state() {
    let file = shared("recover_u32_seed2024.json");
    let observed: Vec<Observation> = ints(&file["observed"])
        .into_iter()
        .map(|w| Observation::U32(w as u32))
        .collect();
    let found = recover(&observed)
        .expect("recovers")
        .find_seed(0)
        .expect("within reach")
        .expect("seeding point");

    assert_eq!(found.outputs_before, 0);
    let key: Vec<u64> = found.key.iter().map(|&w| u64::from(w)).collect();
    assert_eq!(key, ints(&file["expected_key_words"]));
    assert_eq!(found.seed, Seed::from(int(&file["seed"])));
    let seeded = PythonRandom::new(found.seed).state();
    let words: Vec<u64> = seeded
        .twister
        .words()
        .iter()
        .map(|&w| u64::from(w))
        .collect();
    assert_eq!(words, ints(&file["state_after_seed"]));
}

fn floats(values: &serde_json::Value) -> Vec<f64> {
    list(values)
        .iter()
        .map(|v| int(v) as f64 / 2f64.powi(53))
        .collect()
}

#[test]
fn state_from_623_floats_predicts_every_later_float() {
    let file = shared("recover_random_floats_seed7.json");
    let mut all = floats(&file["observed_bits53"]);
    all.extend(floats(&file["next_bits53"]));

    let observed: Vec<Observation> = all[..623].iter().map(|&x| Observation::Float(x)).collect();
    let mut attacker = recover(&observed)
        .expect("623 floats recover the state")
        .after_observations();
    let predicted: Vec<f64> = (623..all.len()).map(|_| attacker.random()).collect();
    assert_eq!(predicted, all[623..]);
}

#[test]
fn floats_from_the_middle_rewind_to_seed_7() {
    let file = shared("recover_random_floats_seed7.json");
    let all = floats(&file["observed_bits53"]);
    let observed: Vec<Observation> = all[700..1400]
        .iter()
        .map(|&x| Observation::Float(x))
        .collect();
    let recovery = recover(&observed).expect("700 floats recover the state");

    let found = recovery
        .find_seed(5000)
        .expect("within reach")
        .expect("seeding point within reach");
    assert_eq!(found.outputs_before, 1400);
    assert_eq!(found.seed, Seed::from(int(&file["seed"])));
    let mut replay = PythonRandom::new(found.seed);
    let first: Vec<f64> = (0..700).map(|_| replay.random()).collect();
    assert_eq!(first, all[..700]);
}
