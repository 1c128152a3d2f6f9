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
    // Refused before stdin is read: give none, so the write cannot race the exit.
    let run = pssst(&[&args[..], &["--skip", "99999999999"]].concat());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("at most 10000000"), "{}", run.stderr);
}

const PREDICT: [&str; 3] = ["insecure", "python-random", "predict"];
const SEARCH: [&str; 3] = ["insecure", "python-random", "search"];
const URLSAFE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `pssst insecure python-random predict --kind KIND [extra]` on `input`.
fn predict(kind: &str, input: &str, extra: &[&str]) -> crate::run::Run {
    let args = [&PREDICT[..], &["--kind", kind], extra].concat();
    pssst_with_stdin(&args, input.as_bytes())
}

fn bits(rng: &mut PythonRandom, k: u32, count: usize) -> String {
    (0..count)
        .map(|_| format!("{}\n", rng.getrandbits(k)))
        .collect()
}

fn choices_tokens(rng: &mut PythonRandom, alphabet: &str, length: usize, count: usize) -> String {
    let alphabet: Vec<char> = alphabet.chars().collect();
    (0..count)
        .map(|_| {
            rng.choices(&alphabet, length)
                .unwrap()
                .into_iter()
                .collect::<String>()
                + "\n"
        })
        .collect()
}

/// One fewer than `needed` values fails with a hint naming exactly one more, and `needed`
/// values recover the generator and predict the next three.
fn assert_exact_boundary(kind: &str, needed: usize, mut make: impl FnMut(usize) -> String) {
    let seen = make(needed);
    let lines: Vec<&str> = seen.lines().collect();
    let run = predict(kind, &lines[..needed - 1].join("\n"), &[]);
    assert_eq!(run.code, 2, "{kind}: {}", run.stderr);
    let hint = format!("give 1 more observation ({needed} in all)");
    assert!(run.stderr.contains(&hint), "{kind}: {}", run.stderr);
    let next = make(3);

    let run = predict(kind, &seen, &["-n", "3"]);
    assert_eq!(run.code, 0, "{kind}: {}", run.stderr);
    assert_eq!(run.stdout, next, "{kind}");
}

#[test]
fn the_hint_for_too_few_is_exact_and_that_many_suffice() {
    let mut victim = PythonRandom::new("boundary");
    victim.randbytes(44);
    let run = predict("float", &floats(&mut victim, 100), &[]);
    assert!(
        run.stderr
            .contains("give 523 more observations (623 in all)"),
        "{}",
        run.stderr
    );

    assert_exact_boundary("float", 623, |n| floats(&mut victim, n));
    for (k, needed) in [(8, 2493), (16, 1247), (18, 1247), (19, 1246), (32, 624)] {
        let kind = format!("bits:{k}");
        assert_exact_boundary(&kind, needed, |n| bits(&mut victim, k, n));
    }
    let run = predict("bits:16", &bits(&mut victim, 16, 1246), &[]);
    assert!(
        run.stderr.contains("1 state bit is still undetermined"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_hint_for_choices_counts_tokens_of_the_length_given() {
    // A power-of-two alphabet reveals the same bits whatever the pick: the count is exact.
    // 4361 characters are needed: 198 tokens of 22 hold 4356, 199 hold 4378.
    let mut victim = PythonRandom::new(8080);
    let mut tokens = |n: usize| choices_tokens(&mut victim, URLSAFE, 22, n);
    let seen = tokens(199);
    let lines: Vec<&str> = seen.lines().collect();
    let run = predict(&format!("choices:{URLSAFE}"), &lines[..198].join("\n"), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("give 1 more token of length 22 (5 more characters, 4361 in all)"),
        "{}",
        run.stderr
    );
    let run = predict(&format!("choices:{URLSAFE}"), &seen, &["-n", "2"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, tokens(2));

    // Over 62 characters what a pick reveals depends on the pick: the count is an estimate.
    let mut victim = PythonRandom::new(8081);
    let seen = choices_tokens(&mut victim, ALNUM, 22, 3);
    let run = predict("choices:ascii_letters+digits", &seen, &[]);
    assert!(
        run.stderr.contains("; give about ") && run.stderr.contains("more tokens of length 22"),
        "{}",
        run.stderr
    );
}

#[test]
fn errors_name_lines_and_characters_counting_from_1() {
    let mut victim = PythonRandom::new(77);
    let mut seen = choices_tokens(&mut victim, URLSAFE, 22, 199);
    let real = choices_tokens(&mut victim, URLSAFE, 22, 1);
    let fake = choices_tokens(&mut PythonRandom::new(78), URLSAFE, 22, 1);
    let differs = real
        .chars()
        .zip(fake.chars())
        .position(|(a, b)| a != b)
        .unwrap();
    seen.push_str(&fake);
    let kind = format!("choices:{URLSAFE}");
    let expected = format!(
        "line 200, character {} contradicts the characters before it",
        differs + 1
    );
    assert_fails(
        &[&PREDICT[..], &["--kind", &kind]].concat(),
        &seen,
        1,
        &expected,
    );

    let words: String = (0..625).map(|i| format!("{}\n", i * 7)).collect();
    let u32s = [&PREDICT[..], &["--kind", "u32"]].concat();
    assert_fails(&u32s, &words, 1, "line 625 contradicts the lines before it");

    let choices = [&PREDICT[..], &["--kind", "choices:abc"]].concat();
    let expected = "line 2, character 3: expected a character of the 3-character alphabet, not 'x'";
    assert_fails(&choices, "abc\nabx\n", 2, expected);
    let run = pssst_with_stdin(&choices, b"abc\nab\x1b[31m\n");
    assert!(run.stderr.contains("not '\\u{1b}'") && !run.stderr.contains('\u{1b}'));
}

#[test]
fn a_blank_line_before_a_value_is_refused_and_trailing_ones_are_ignored() {
    let predict = [&PREDICT[..], &["--kind", "float"]].concat();
    assert_fails(&predict, "0.5\n\n0.25\n", 2, "line 2 is blank");
    assert_fails(&predict, "\n0.5\n", 2, "line 1 is blank");

    let mut victim = PythonRandom::new(3);
    let seen = floats(&mut victim, 623) + "\n  \n\n";
    let run = pssst_with_stdin(&predict, seen.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, floats(&mut victim, 5));
}

#[test]
fn alphabet_errors_say_exactly_what_is_wrong() {
    // Refused before stdin is read: give none, so the write cannot race the exit.
    let run = pssst(&[&PREDICT[..], &["--kind", "choices:abca"]].concat());
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(": the alphabet repeats 'a'"),
        "{}",
        run.stderr
    );

    let run = pssst(&[&PREDICT[..], &["--kind", "choice:bogus_const"]].concat());
    assert_eq!(run.code, 2);
    let expected = "unknown alphabet name 'bogus_const'; known names: ascii_letters, \
                    ascii_lowercase, ascii_uppercase, digits, hexdigits, octdigits, punctuation";
    assert!(run.stderr.contains(expected), "{}", run.stderr);

    let run = pssst(&[&PREDICT[..], &["--kind", "choices:a\u{1b}\u{1b}"]].concat());
    assert!(run.stderr.contains("repeats '\\u{1b}'") && !run.stderr.contains('\u{1b}'));

    let quoted = [&PREDICT[..], &["--kind", "choices:'ab_'"]].concat();
    assert_fails(&quoted, "ab_\n", 2, "too few observations");
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

#[test]
fn demo_says_its_python_tokens_come_from_the_reproduction() {
    let run = pssst(&["demo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Python is not run here"));
    assert!(
        run.stdout
            .contains("bit-exact\nreproduction of CPython's generator")
    );

    // Check the command it shows against a real Python, when one is at hand.
    let line = |prefix: &str| {
        let line = run
            .stdout
            .lines()
            .find(|l| l.trim_start().starts_with(prefix));
        line.unwrap().split_once(": ").unwrap().1.trim().to_owned()
    };
    let token = line("your reset token:");
    let command = line("the same with a real Python:");
    let script = command
        .strip_prefix("python3 -c \"")
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap();
    let python = std::process::Command::new("python3")
        .args(["-c", script])
        .output();
    if let Ok(out) = python
        && out.status.success()
    {
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), token);
    }
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
