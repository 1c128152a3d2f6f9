//! How many more observations `recover` asks for: exact at the boundary (one fewer fails,
//! that many succeed), and the source of every count the crate README states.

use pssst_insecure::{Error, MoreObservations, Observation, PythonRandom, recover};

/// What `recover` says is missing, or `None` when it recovers.
fn shortfall(seen: &[Observation]) -> Option<MoreObservations> {
    match recover(seen) {
        Ok(_) => None,
        Err(Error::TooFewObservations {
            more_observations, ..
        }) => Some(more_observations),
        Err(other) => panic!("unexpected {other}"),
    }
}

/// A victim partway through its stream, so nothing lines up with the seeding point.
fn victim(seed: u64) -> PythonRandom {
    let mut rng = PythonRandom::new(seed);
    rng.randbytes(4 * seed as usize % 997);
    rng
}

/// `needed` observations from `draw` recover the victim and predict its next output; with
/// one fewer, `recover` asks for exactly one more.
fn assert_boundary(needed: usize, mut draw: impl FnMut(&mut PythonRandom) -> Observation) {
    let mut rng = victim(needed as u64);
    let seen: Vec<Observation> = (0..needed).map(|_| draw(&mut rng)).collect();
    let short = shortfall(&seen[..needed - 1]);
    assert_eq!(short, Some(MoreObservations::Exactly(1)), "{needed}");

    let mut attacker = recover(&seen).expect("recovers").after_observations();
    assert_eq!(attacker.next_u32(), rng.next_u32());
}

#[test]
fn the_count_is_exact_for_floats_words_and_bits() {
    assert_boundary(623, |rng| Observation::Float(rng.random()));
    let mut rng = victim(1);
    let floats: Vec<Observation> = (0..400).map(|_| Observation::Float(rng.random())).collect();
    assert_eq!(shortfall(&floats), Some(MoreObservations::Exactly(223)));
    assert_boundary(624, |rng| Observation::U32(rng.next_u32()));
    for (bits, needed) in [(5, 4984), (16, 1247), (19, 1246), (31, 1246)] {
        assert_boundary(needed, |rng| Observation::Bits {
            bits,
            value: rng.next_u32() >> (32 - bits),
        });
    }
}

#[test]
fn the_count_is_exact_for_choices_over_a_power_of_two() {
    // 64 items are checked through the command, as tokens (crates/pssst-cli/tests).
    let items: Vec<u64> = (0..16).collect();
    assert_boundary(4985, |rng| Observation::Choices {
        n: 16,
        index: rng.choices(&items, 1).expect("16 items")[0],
    });
}

#[test]
fn after_other_observations_the_count_is_of_the_last_kind() {
    let mut rng = victim(9);
    let mut seen: Vec<Observation> = (0..400).map(|_| Observation::Float(rng.random())).collect();
    let mut bits16 = || Observation::Bits {
        bits: 16,
        value: rng.next_u32() >> 16,
    };
    seen.push(bits16());
    let Some(MoreObservations::Exactly(more)) = shortfall(&seen) else {
        panic!("an exact count");
    };
    seen.extend((1..more).map(|_| bits16()));
    assert_eq!(shortfall(&seen), Some(MoreObservations::Exactly(1)));
    seen.push(bits16());
    assert_eq!(shortfall(&seen), None);
}

/// The count `recover` gives for observations like `first`, when it has only that one.
fn needed(first: Observation) -> MoreObservations {
    match shortfall(&[first]).expect("one observation is too few") {
        MoreObservations::Exactly(n) => MoreObservations::Exactly(n + 1),
        MoreObservations::About(n) => MoreObservations::About(n + 1),
        other => other,
    }
}

fn readme() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    std::fs::read_to_string(path).expect("the crate README")
}

/// Each row of the README's table: its first two cells, as the README writes them.
fn assert_row(readme: &str, label: &str, counts: &[MoreObservations], unit: &str) {
    let about = matches!(counts[0], MoreObservations::About(_));
    let numbers: Vec<String> = counts.iter().map(|c| c.count().to_string()).collect();
    let cell = format!(
        "{}{}{unit}",
        if about { "about " } else { "" },
        numbers.join(" / ")
    );
    let row = format!("| {label} | {cell} |");
    assert!(
        readme.contains(&row),
        "the README should have the row {row}"
    );
}

#[test]
fn the_readme_counts_for_getrandbits_are_what_recover_says() {
    let readme = readme();
    let bits = |k: u32| needed(Observation::Bits { bits: k, value: 0 });
    assert_row(
        &readme,
        "`getrandbits(32)`",
        &[needed(Observation::U32(0))],
        "",
    );
    assert_eq!(bits(32), needed(Observation::U32(0)));
    assert_row(
        &readme,
        "`random()` floats",
        &[needed(Observation::Float(0.5))],
        "",
    );
    for (label, ks) in [
        ("`getrandbits(k)`, 19 ≤ k ≤ 31", 19..=31),
        ("`getrandbits(k)`, 16 ≤ k ≤ 18", 16..=18),
        ("`getrandbits(k)`, 11 ≤ k ≤ 15", 11..=15),
    ] {
        let counts: Vec<MoreObservations> = ks.map(bits).collect();
        assert!(
            counts.windows(2).all(|w| w[0] == w[1]),
            "{label}: {counts:?}"
        );
        assert_row(&readme, label, &counts[..1], "");
    }
    let rows: [(&str, &[u32]); 3] = [
        ("`getrandbits(10)` / `(9)` / `(8)`", &[10, 9, 8]),
        ("`getrandbits(7)` / `(6)` / `(5)` / `(4)`", &[7, 6, 5, 4]),
        ("`getrandbits(3)` / `(2)` / `(1)`", &[3, 2, 1]),
    ];
    for (label, ks) in rows {
        let counts: Vec<MoreObservations> = ks.iter().map(|&k| bits(k)).collect();
        assert_row(&readme, label, &counts, "");
    }
}

#[test]
fn the_readme_counts_for_choices_are_what_recover_says() {
    let readme = readme();
    let picks = |sizes: &[u64]| -> Vec<MoreObservations> {
        let pick = |n: u64| needed(Observation::Choices { n, index: 0 });
        sizes.iter().map(|&n| pick(n)).collect()
    };
    let exact = picks(&[16, 32, 64]);
    assert!(
        exact
            .iter()
            .all(|c| matches!(c, MoreObservations::Exactly(_)))
    );
    assert_row(
        &readme,
        "`choices` over 16 / 32 / 64 items",
        &exact,
        " characters",
    );
    let about = picks(&[10, 36, 62, 94]);
    assert!(
        about
            .iter()
            .all(|c| matches!(c, MoreObservations::About(_)))
    );
    assert_row(
        &readme,
        "`choices` over 10 / 36 / 62 / 94 items",
        &about,
        " characters",
    );
}
