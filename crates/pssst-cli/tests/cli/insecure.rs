//! `pssst insecure python-random` and `pssst demo`: Python's `random` reproduced, predicted,
//! its seed found, and bad observations refused with the documented exit codes.

use pssst_insecure::{PythonRandom, python_float_repr};

use crate::run::{pssst, pssst_with_stdin};

const ALNUM: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

fn floats(rng: &mut PythonRandom, count: usize) -> String {
    (0..count)
        .map(|_| python_float_repr(rng.random()) + "\n")
        .collect()
}

fn choice_token(rng: &mut PythonRandom, len: usize) -> String {
    let alphabet: Vec<char> = ALNUM.chars().collect();
    (0..len).map(|_| *rng.choice(&alphabet).unwrap()).collect()
}

#[test]
fn seed_31_prints_the_three_classic_floats() {
    let run = pssst(&["insecure", "python-random", "--seed", "31", "--random", "3"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.lines(),
        [
            "0.01227824739797545",
            "0.11239886108023578",
            "0.39283736155074256"
        ]
    );
}

#[test]
fn seeds_are_python_literals_and_kinds_print_tokens_and_state() {
    let run = pssst(&[
        "insecure",
        "python-random",
        "--seed",
        "0",
        "--kind",
        "u32",
        "-n",
        "2",
    ]);
    assert_eq!(run.lines(), ["3626764237", "1654615998"]);

    let args = [
        "--seed",
        "'hello'",
        "--kind",
        "choice:ascii_letters+digits",
        "--length",
        "12",
    ];
    let run = pssst(&[&["insecure", "python-random"][..], &args].concat());
    assert_eq!(
        run.lines(),
        [choice_token(&mut PythonRandom::new("hello"), 12)]
    );

    let run = pssst(&["insecure", "python-random", "--seed", "-5", "--state"]);
    assert!(
        run.stdout.starts_with("(3, (2147483648, "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.trim_end().ends_with(", 624), None)"));
}

#[test]
fn predict_continues_623_floats_seen_mid_stream() {
    let mut victim = PythonRandom::new("server start-up");
    victim.randbytes(400);
    let seen = floats(&mut victim, 623);
    let run = pssst_with_stdin(
        &[
            "insecure",
            "python-random",
            "predict",
            "--kind",
            "float",
            "-n",
            "4",
        ],
        seen.as_bytes(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, floats(&mut victim, 4));
}

#[test]
fn predict_finds_the_seed_and_rewinds() {
    let mut victim = PythonRandom::new(2024);
    let earlier = floats(&mut victim, 2);
    let seen = floats(&mut victim, 700);
    let args = [
        "insecure",
        "python-random",
        "predict",
        "--kind",
        "float",
        "--find-seed",
    ];
    let run = pssst_with_stdin(&args, seen.as_bytes());
    assert_eq!(
        run.stdout,
        "random.seed(2024)  # 4 outputs before the first observation\n"
    );

    let args = [
        "insecure",
        "python-random",
        "predict",
        "--kind",
        "float",
        "--rewind",
        "2",
    ];
    let run = pssst_with_stdin(&args, seen.as_bytes());
    assert_eq!(run.stdout, earlier);
}

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

fn assert_fails(args: &[&str], input: &str, code: i32, expected: &str) {
    let run = pssst_with_stdin(args, input.as_bytes());
    assert_eq!(run.code, code, "pssst {args:?}: {}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("pssst: ") && run.stderr.contains(expected),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_observations_exit_2_with_one_line_saying_what_was_expected() {
    let predict = ["insecure", "python-random", "predict", "--kind", "float"];
    assert_fails(&predict, "", 2, "no observations");
    assert_fails(
        &predict,
        "0.5\n1.5\n",
        2,
        "line 2: expected a random() float",
    );
    assert_fails(
        &predict,
        &floats(&mut PythonRandom::new(1), 300),
        2,
        "too few observations",
    );
    let choice = [
        "insecure",
        "python-random",
        "predict",
        "--kind",
        "choice:abc",
    ];
    assert_fails(&choice, "abcabc\n", 2, "use seed search");
    let bits = ["insecure", "python-random", "predict", "--kind", "bits:33"];
    // Refused before stdin is read: give none, so the write cannot race the exit.
    assert_fails(&bits, "", 2, "bits:K needs K from 1 to 32");
    let seed = [
        "insecure",
        "python-random",
        "--seed",
        "'open",
        "--random",
        "1",
    ];
    assert_fails(&seed, "", 2, "invalid seed");
}

#[test]
fn observations_from_no_single_generator_exit_1() {
    let mut mixed = floats(&mut PythonRandom::new(1), 400);
    mixed.push_str(&floats(&mut PythonRandom::new(2), 400));
    let predict = ["insecure", "python-random", "predict", "--kind", "float"];
    assert_fails(&predict, &mixed, 1, "inconsistent");

    let token = choice_token(&mut PythonRandom::new(5_000_000), 20);
    let search = [
        "insecure",
        "python-random",
        "search",
        "--kind",
        "choice:ascii_letters+digits",
        "--ints",
        "0..1000",
    ];
    assert_fails(&search, &token, 1, "none of the 1001 seeds");
}

#[test]
fn demo_predicts_random_tokens_and_finds_nothing_in_os_tokens() {
    let run = pssst(&["demo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.matches("(the same)").count(),
        2,
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("no Mersenne Twister state produces these tokens")
    );
    assert!(!run.stdout.contains("DIFFERENT"));
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
fn lengths_and_skips_past_their_caps_are_refused() {
    let run = pssst(&[
        "insecure",
        "python-random",
        "--seed",
        "1",
        "--kind",
        "choices:abc",
        "--length",
        "99999999999",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("at most 1000000"), "{}", run.stderr);

    let args = [
        "insecure",
        "python-random",
        "search",
        "--kind",
        "float",
        "-",
        "--ints",
        "0..9",
    ];
    let run = pssst_with_stdin(&[&args[..], &["--skip", "99999999999"]].concat(), b"0.5\n");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("at most 10000000"), "{}", run.stderr);
}
