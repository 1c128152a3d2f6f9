//! Python's `random` reproduced: `--seed` with `--random`, `--kind` and `--state`.

use pssst_insecure::PythonRandom;

use super::choice_token;
use crate::run::pssst;

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
fn a_seed_with_control_characters_is_shown_escaped() {
    let run = pssst(&[
        "insecure",
        "python-random",
        "--seed",
        "'ab\u{1b}[31m",
        "--random",
        "1",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("\\u{1b}") && !run.stderr.contains('\u{1b}'),
        "{}",
        run.stderr
    );
}
