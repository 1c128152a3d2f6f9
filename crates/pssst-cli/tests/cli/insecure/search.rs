//! `search`: the seed found by trying every candidate, and ranges refused before searching.

use pssst_insecure::PythonRandom;

use super::{SEARCH, choice_token};
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
        run.stderr.contains("seeds fit these observations"),
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
            "--ints 10..5 is empty: FROM must not be greater than TO",
        ),
        (
            &["--unix-seconds", "-60..60"],
            "times before 1970 (negative) are not searched",
        ),
        (
            &["--ints", "0..100000000000000"],
            "holds 100000000000001 seeds, more than the 68719476736 (2^36) a search tries",
        ),
        (
            &["--unix-float", "1600000000..1700000000"],
            "it would take about 3 years",
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
            .contains("on each of 4 threads it would take about 116 days")
    );

    let help = pssst(&[&SEARCH[..], &["--help"]].concat());
    assert!(
        help.stdout.contains("a search tries at most 2^36"),
        "{}",
        help.stdout
    );
}
