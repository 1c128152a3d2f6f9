//! Bad observations: exit 2 with one line saying what was expected, exit 1 when no generator
//! fits, lines and characters named counting from 1.

use pssst_insecure::PythonRandom;

use super::{PREDICT, URLSAFE, assert_fails, choice_token, choices_tokens, floats, predict};
use crate::run::{pssst, pssst_with_stdin};

#[test]
fn bad_observations_exit_2_with_one_line_saying_what_was_expected() {
    let predict = ["insecure", "python-random", "predict", "--kind", "float"];
    assert_fails(&predict, "", 2, "holds no observation");
    assert_fails(
        &predict,
        "0.5\n1.5\n",
        2,
        "line 2: expected a random() float",
    );
    assert_fails(
        &predict,
        "0.5\n0.1234\n",
        2,
        "line 2: '0.1234' is not a value random() can return: random() gives multiples of 2^-53; \
         give the full repr",
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
        "choice:'abc'",
    ];
    assert_fails(&choice, "abcabc\n", 2, "use seed search");
    let bits = ["insecure", "python-random", "predict", "--kind", "bits:33"];
    // Refused before stdin is read: give none, so the write cannot race the exit.
    assert_fails(&bits, "", 2, "observed bits:K needs K from 1 to 32");
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
fn lengths_and_skips_past_their_caps_are_refused() {
    let run = pssst(&[
        "insecure",
        "python-random",
        "--seed",
        "1",
        "--kind",
        "choices:'abc'",
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

    let choices = [&PREDICT[..], &["--kind", "choices:'abc'"]].concat();
    let expected = "line 2, character 3: expected a character of the 3-character alphabet, not 'x'";
    assert_fails(&choices, "abc\nabx\n", 2, expected);
    let run = pssst_with_stdin(&choices, b"abc\nab\x1b[31m\n");
    assert!(run.stderr.contains("not U+001B") && !run.stderr.contains('\u{1b}'));
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
fn a_byte_order_mark_at_the_start_of_a_file_is_dropped() {
    let mut victim = PythonRandom::new(8);
    let seen = format!("\u{feff}{}", floats(&mut victim, 623));
    let run = predict("float", &seen, &["-n", "2"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, floats(&mut victim, 2));

    let inside = "0.5\n\u{feff}0.25\n";
    let expected = "line 2: expected a random() float in [0, 1), as Python prints it, not \
                    '<U+FEFF>0.25'";
    assert_fails(
        &[&PREDICT[..], &["--kind", "float"]].concat(),
        inside,
        2,
        expected,
    );
}

#[test]
fn a_line_longer_than_4_mib_is_refused_with_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("token.txt");
    std::fs::write(&path, "a".repeat((4 << 20) + 1)).unwrap();
    let args = [
        &PREDICT[..],
        &["--kind", "choices:'ab'", path.to_str().unwrap()],
    ]
    .concat();
    let run = pssst(&args);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("line 1 is longer than 4 MiB, the most a line may hold"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_long_stream_is_checked_to_its_last_line() {
    let mut victim = PythonRandom::new(21);
    let mut seen = floats(&mut victim, 50_000);
    let next = floats(&mut victim, 2);
    let run = predict("float", &seen, &["-n", "2"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, next);

    seen.push_str("0.5\n");
    let expected = "line 50001 contradicts the lines before it";
    assert_fails(
        &[&PREDICT[..], &["--kind", "float"]].concat(),
        &seen,
        1,
        expected,
    );
}

#[test]
fn empty_observations_say_what_was_expected() {
    let expected = "stdin holds no observation: give one per line, of the kind --kind names \
                    (float)";
    let predict = ["insecure", "python-random", "predict", "--kind", "float"];
    assert_fails(&predict, "", 2, expected);
    assert_fails(&predict, "\n\n", 2, expected);
    let search = [
        "insecure",
        "python-random",
        "search",
        "--kind",
        "u32",
        "--ints",
        "0..9",
    ];
    assert_fails(&search, "", 2, "of the kind --kind names (u32)");
}
