//! `search`: the seed found by trying every candidate, and ranges refused before searching.

use pssst_insecure::PythonRandom;

use super::{SEARCH, bits, choice_token};
use crate::run::{pssst, pssst_with_stdin};

#[test]
fn search_finds_a_time_seed_from_a_choice_token_and_predicts_the_next() {
    let mut victim = PythonRandom::new(1_715_000_042u64);
    let token = choice_token(&mut victim, 20);
    let args = [
        "insecure",
        "python-random",
        "search",
        "--kind",
        "choice:ascii_letters+digits",
        "--unix-seconds",
        "1714996400..1715003600",
    ];
    let run = pssst_with_stdin(&args, token.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.lines(),
        ["random.seed(1715000042)", &choice_token(&mut victim, 20)]
    );
}

#[test]
fn a_search_on_weak_evidence_warns_that_many_seeds_match_by_chance() {
    let mut victim = PythonRandom::new(424_242u64);
    let seen = bits(&mut victim, 8, 8);
    let two: String = seen.lines().take(2).map(|l| format!("{l}\n")).collect();
    let args = [&SEARCH[..], &["--kind", "bits:8", "--threads", "1"]].concat();
    let args = [&args[..], &["--ints", "0..1000000"]].concat();

    let run = pssst_with_stdin(&args, two.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = "about 2^4 seeds are expected to match by chance";
    assert!(run.stderr.contains(expected), "{}", run.stderr);
    assert!(
        run.stderr.contains("--all lists every match"),
        "{}",
        run.stderr
    );

    let run = pssst_with_stdin(&args, seen.as_bytes());
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert!(
        run.stdout.starts_with("random.seed(424242)\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_ambiguous_search_says_so_and_prints_one_seed() {
    let mut victim = PythonRandom::new(424_242u64);
    let observed = format!("{}\n{}\n", victim.getrandbits(5), victim.getrandbits(5));
    let args = [
        "insecure",
        "python-random",
        "search",
        "--kind",
        "bits:5",
        "-",
    ];
    let run = pssst_with_stdin(
        &[&args[..], &["--ints", "0..100000"]].concat(),
        observed.as_bytes(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.lines()
            .iter()
            .filter(|l| l.starts_with("random.seed("))
            .count(),
        1
    );
    assert!(
        run.stderr.contains("expected to match by chance"),
        "{}",
        run.stderr
    );
}

#[test]
fn negative_and_absurd_seed_ranges_are_refused_before_searching() {
    let search = |range: &[&str]| pssst(&[&SEARCH[..], &["--kind", "u32", "-"], range].concat());
    let cases: [(&[&str], &str); 6] = [
        (&["--ints", "-5..10"], "random.seed(n): search --ints 0..10"),
        (
            &["--ints", "10..5"],
            "--ints '10..5' is empty: FROM must not be greater than TO",
        ),
        (
            &["--unix-seconds", "-60..60"],
            "times before 1970 (negative) are not searched",
        ),
        (
            &["--ints", "0..100000000000000"],
            "holds 100000000000001 seeds, 1455 times the 68719476736 (2^36) a search tries",
        ),
        (
            &["--unix-float", "1600000000..1700000000"],
            "this range would take about 3 years",
        ),
        (
            &["--ints", "0..99999999999999999999"],
            "seeds above 2^64 - 1",
        ),
    ];
    for (range, expected) in cases {
        let run = search(range);
        assert_eq!(run.code, 2, "{range:?}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{range:?}: {}", run.stderr);
    }
    let run = search(&["--ints", "0..100000000000000", "--threads", "4"]);
    assert!(
        run.stderr
            .contains("on each of 4 threads; this range would take about 116 days")
    );
    let run = search(&["--ints", "0..100000000000000", "--threads", "1"]);
    assert!(
        run.stderr.contains("on each of 1 thread;"),
        "{}",
        run.stderr
    );

    for (threads, expected) in [
        ("0", "must be at least 1"),
        ("100000", "at most 1024 threads"),
    ] {
        let run = search(&["--ints", "0..10", "--threads", threads]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains(expected), "{}", run.stderr);
    }

    let help = pssst(&[&SEARCH[..], &["--help"]].concat());
    for said in ["from 0 to 2^64 - 1", "(1715000000.0) ends at that float"] {
        assert!(help.stdout.contains(said), "{said}: {}", help.stdout);
    }
    assert!(
        help.stdout.contains("a search tries at most 2^36"),
        "{}",
        help.stdout
    );
}

#[test]
fn every_seed_found_with_all_is_followed_by_its_own_predictions() {
    // Two 5-bit values fit about one seed in 1024: a range of 5000 holds several.
    let mut victim = PythonRandom::new(1234u64);
    let observed = format!("{}\n{}\n", victim.getrandbits(5), victim.getrandbits(5));
    let args = [
        &SEARCH[..],
        &["--kind", "bits:5", "--ints", "0..5000", "--all", "-n", "2"],
    ];
    let run = pssst_with_stdin(&args.concat(), observed.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);

    let blocks: Vec<&str> = run.stdout.split("\n\n").collect();
    assert!(blocks.len() > 1, "{}", run.stdout);
    for block in blocks {
        let lines: Vec<&str> = block.lines().collect();
        let seed: u64 = lines[0]
            .strip_prefix("random.seed(")
            .and_then(|rest| rest.strip_suffix(')'))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("a seed line: {block}"));
        let mut rng = PythonRandom::new(seed);
        rng.getrandbits(5);
        rng.getrandbits(5);
        let next = [rng.getrandbits(5), rng.getrandbits(5)].map(|v| v.to_string());
        assert_eq!(lines[1..], next, "{block}");
    }
}

#[test]
fn a_whole_second_end_of_a_float_range_is_searched_to_its_last_float() {
    let mut victim = PythonRandom::new(pssst_insecure::Seed::float(1_715_000_000.75).unwrap());
    let token = choice_token(&mut victim, 20);
    let range = ["--unix-float", "1715000000..1715000000"];
    let args = [
        &SEARCH[..],
        &["--kind", "choice:ascii_letters+digits"],
        &range,
    ]
    .concat();
    let run = pssst_with_stdin(&args, token.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.lines()[0], "random.seed(1715000000.75)");
}

#[test]
fn an_empty_candidates_file_says_what_it_should_hold() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("seeds.txt");
    std::fs::write(&empty, "").unwrap();
    let candidates = ["--candidates", empty.to_str().unwrap()];
    let args = [&SEARCH[..], &["--kind", "u32"], &candidates].concat();
    // Refused before stdin is read: give none, so the write cannot race the exit.
    let run = pssst(&args);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("holds no seeds: expected one text seed per line"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_lines_past_those_searched_are_checked_against_the_seed_found() {
    let mut victim = PythonRandom::new(5u64);
    let words: Vec<String> = (0..5000).map(|_| victim.next_u32().to_string()).collect();
    let args = [&SEARCH[..], &["--kind", "u32", "--ints", "0..10"]].concat();

    let run = pssst_with_stdin(&args, (words.join("\n") + "\n").as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.lines(),
        ["random.seed(5)", &victim.next_u32().to_string()]
    );

    let mut altered = words.clone();
    altered[4499] = "7".to_owned();
    let run = pssst_with_stdin(&args, (altered.join("\n") + "\n").as_bytes());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("seeds tried matched the first 4096 but not line 4500"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_float_range_to_a_time_with_a_point_ends_at_that_float() {
    let args = [&SEARCH[..], &["--kind", "u32"]].concat();
    let one = [&args[..], &["--unix-float", "1715000000.0..1715000000.0"]].concat();
    let run = pssst_with_stdin(&one, b"1\n");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("the one seed tried does not"),
        "{}",
        run.stderr
    );
}
