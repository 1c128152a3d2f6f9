//! `predict`: the generator recovered from its outputs, then the next values, earlier ones
//! or the seed; with too few, exactly how many more.

use pssst_insecure::PythonRandom;

use super::{ALNUM, URLSAFE, bits, choices_tokens, floats, predict};
use crate::run::pssst_with_stdin;

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
fn rewinding_stops_at_the_seeding_point() {
    let mut victim = PythonRandom::new(2024);
    let earlier = floats(&mut victim, 2);
    let seen = floats(&mut victim, 700);

    let run = predict("float", &seen, &["--rewind", "2"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(run.stdout, earlier);

    let run = predict("float", &seen, &["--rewind", "3"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    let expected = "--rewind 3 goes back past the seeding point: random.seed(2024) was called 4 \
                    outputs before the first observation, so at most 2 values of this kind came \
                    before it";
    assert!(run.stderr.contains(expected), "{}", run.stderr);
}

#[test]
fn the_rewind_refusal_suggests_the_count_in_singular_for_one() {
    let mut victim = PythonRandom::new(7);
    victim.getrandbits(32);
    let seen = bits(&mut victim, 32, 700);
    let run = predict("u32", &seen, &["--rewind", "3"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let expected = "random.seed(7) was called 1 output before the first observation, so at \
                    most 1 value of this kind came before it (--rewind 1 or less)";
    assert!(run.stderr.contains(expected), "{}", run.stderr);

    let run = predict("u32", &seen, &["--find-seed"]);
    assert_eq!(
        run.stdout,
        "random.seed(7)  # 1 output before the first observation\n"
    );
}

#[test]
fn a_recovery_with_nothing_left_to_check_it_says_so() {
    let unchecked = "nothing was left to check the recovered state against";
    let mut victim = PythonRandom::new(12);
    let words: Vec<String> = bits(&mut victim, 32, 625)
        .lines()
        .map(String::from)
        .collect();

    let run = predict("u32", &(words.join("\n") + "\n"), &["-n", "1"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(run.stdout, bits(&mut victim, 32, 1));

    let mut gap = words[..624].to_vec();
    gap.remove(100);
    gap.push(words[624].clone());
    let run = predict("u32", &(gap.join("\n") + "\n"), &["-n", "1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains(unchecked), "{}", run.stderr);
}

#[test]
fn a_seed_past_4300_digits_is_printed_in_hex_that_python_runs() {
    // 2^14700 + 12345 has 4426 decimal digits, which Python 3.11 refuses to read.
    let hex = format!("0x1{}3039", "0".repeat(3671));
    let seed = pssst_insecure::Seed::parse_python(&hex).unwrap();
    let mut victim = PythonRandom::new(seed);
    let seen = floats(&mut victim, 700);
    let run = predict("float", &seen, &["--find-seed"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = run.stdout.trim_end();
    let expected = format!("random.seed({hex})  # 0 outputs before the first observation");
    assert_eq!(line, expected);

    let script = format!("import random\n{line}\nprint(repr(random.random()))");
    let python = std::process::Command::new("python3")
        .args(["-c", &script])
        .output();
    if let Ok(out) = python {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            seen.lines().next().unwrap_or_default().to_owned() + "\n"
        );
    }
}

#[test]
fn rewinding_without_a_seeding_point_in_reach_says_what_the_values_are_worth() {
    // A seed of 3000 bytes is longer than 621 words: its seeding point cannot be found.
    let mut victim = PythonRandom::new(pssst_insecure::Seed::bytes(vec![7; 3000]));
    victim.randbytes(40);
    let earlier = floats(&mut victim, 2);
    let seen = floats(&mut victim, 623);
    let run = predict("float", &seen, &["--rewind", "2"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, earlier);
    assert!(
        run.stderr
            .contains("real only if the generator had run that long"),
        "{}",
        run.stderr
    );
}

#[test]
fn finding_the_seed_further_back_than_it_reaches_is_refused() {
    let run = predict("float", "0.5\n", &["--find-seed", "20000000"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("at most 10000000 outputs back"),
        "{}",
        run.stderr
    );
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
