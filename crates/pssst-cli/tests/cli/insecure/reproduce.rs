//! Python's `random` reproduced: `--seed` with `--random`, `--kind` and `--state`.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use pssst_insecure::PythonRandom;

use super::choice_token;
use crate::run::{command, pssst};

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
        run.stderr.contains("'ab<U+001B>[31m") && !run.stderr.contains('\u{1b}'),
        "{}",
        run.stderr
    );
}

#[test]
fn random_counts_are_read_as_every_command_reads_them() {
    let run = pssst(&[
        "insecure",
        "python-random",
        "--seed",
        "1",
        "--random",
        "1e2",
    ]);
    assert_eq!((run.code, run.lines().len()), (0, 100), "{}", run.stderr);

    let run = pssst(&["insecure", "python-random", "--seed", "1", "--random", "0"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("must be at least 1")
            && run
                .stderr
                .contains("(see pssst insecure python-random --help)"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_point_to_the_help_of_the_subcommand() {
    let run = pssst(&[
        "insecure",
        "python-random",
        "predict",
        "--kind",
        "float",
        "--bogus",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("(see pssst insecure python-random predict --help)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_reader_that_stops_early_ends_the_run_quietly() {
    let args = [
        "insecure",
        "python-random",
        "--seed",
        "1",
        "--random",
        "1e8",
    ];
    let mut child = command(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(first.trim_end(), "0.13436424411240122");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_an_error() {
    let full = std::fs::File::create("/dev/full").unwrap();
    let output = command(&[
        "insecure",
        "python-random",
        "--seed",
        "1",
        "--random",
        "1e5",
    ])
    .stdout(full)
    .output()
    .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("pssst: cannot write output"), "{stderr}");
}

#[test]
fn seeds_are_read_exactly_as_python_reads_literals() {
    let first = |seed: &str| {
        let run = pssst(&["insecure", "python-random", "--seed", seed, "--random", "1"]);
        assert_eq!(run.code, 0, "{seed}: {}", run.stderr);
        run.stdout.trim_end().to_owned()
    };
    // python3 -c "import random; random.seed(SEED); print(random.random())"
    assert_eq!(first("0x_1f"), "0.01227824739797545");
    assert_eq!(first("31"), first("0o37"));
    assert_eq!(first(r"'a\x41\101'"), "0.8473832915810284");
    assert_eq!(first(r"b'\xff\q'"), "0.22854056257056143");

    for seed in ["007", "'''x'''", "'a' 'b'", "b'\u{e9}'", "inf", "1__0"] {
        let run = pssst(&["insecure", "python-random", "--seed", seed, "--random", "1"]);
        assert_eq!(run.code, 2, "{seed}");
        assert!(
            run.stderr.starts_with("pssst: invalid seed: ")
                && run
                    .stderr
                    .contains("a seed is an int (31, -5, 0x1f, 1_000)"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn options_that_would_be_ignored_are_refused() {
    let print = ["insecure", "python-random", "--seed", "1"];
    let cases: [&[&str]; 6] = [
        &["--random", "3", "-n", "5"],
        &["--random", "3", "--length", "5"],
        &["--state", "-n", "2"],
        &["--kind", "u32", "--length", "5"],
        &["predict", "--kind", "u32", "--rewind", "3", "-n", "7"],
        &["predict", "--kind", "float", "--find-seed", "-n", "7"],
    ];
    for extra in cases {
        let args: Vec<&str> = match extra.first() {
            Some(&"predict") => [&print[..2], extra].concat(),
            _ => [&print[..], extra].concat(),
        };
        let run = crate::run::pssst(&args);
        assert_eq!((run.code, run.stdout.as_str()), (2, ""), "{args:?}");
        let said = &run.stderr;
        assert!(
            said.contains("cannot be used with") || said.contains("--length applies"),
            "{said}"
        );
    }
    let run = crate::run::pssst(&[&print[..], &["--kind", "u32", "-n", "2"]].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 2);
}

#[test]
fn bits_0_and_bits_past_32_print_as_python_getrandbits() {
    // python3 -c "import random; random.seed(5); print(random.getrandbits(0));
    // print(random.getrandbits(100))"
    let mut victim = PythonRandom::new(5u64);
    let expected = [victim.getrandbits(0), victim.getrandbits(100)];
    let mut printed = String::new();
    for (kind, value) in ["bits:0", "bits:100"].iter().zip(&expected) {
        let args = ["insecure", "python-random", "--seed", "5", "--kind", kind];
        let run = crate::run::pssst(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        printed += &run.stdout;
        assert_eq!(run.stdout, format!("{value}\n"));
    }
    let script = "import random\nrandom.seed(5)\nprint(random.getrandbits(0))\nrandom.seed(5)\n\
                  print(random.getrandbits(100))";
    if let Ok(out) = std::process::Command::new("python3")
        .args(["-c", script])
        .output()
    {
        assert_eq!(String::from_utf8_lossy(&out.stdout), printed);
    }
}
