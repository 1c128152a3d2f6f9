//! Passwords, passphrases, alphabets, codes, API keys and the entropy report.

use crate::run::{pssst, pssst_with_stdin};

#[test]
fn password_has_the_length_and_a_character_of_each_class() {
    let run = pssst(&["password", "--length", "12", "-n", "50"]);
    assert_eq!(run.code, 0);
    for password in run.lines() {
        assert_eq!(password.chars().count(), 12);
        assert!(password.chars().any(|c| c.is_ascii_lowercase()));
        assert!(password.chars().any(|c| c.is_ascii_uppercase()));
        assert!(password.chars().any(|c| c.is_ascii_digit()));
        assert!(password.chars().any(|c| c.is_ascii_punctuation()));
    }
}

#[test]
fn password_without_lookalikes_has_none() {
    let run = pssst(&["password", "--no-lookalikes", "--length", "64", "-n", "20"]);
    assert_eq!(run.code, 0);
    assert!(!run.stdout.contains(['0', 'O', 'l', '1', 'I']));
}

#[test]
fn passphrase_takes_a_wordlist_file_and_refuses_a_bad_one() {
    let dir = std::env::temp_dir().join(format!("pssst-words-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.txt");
    std::fs::write(&good, "alpha\nbravo\ncharlie\n").unwrap();
    let run = pssst(&[
        "passphrase",
        "--wordlist",
        good.to_str().unwrap(),
        "--words",
        "3",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for word in run.stdout.trim().split(' ') {
        assert!(["alpha", "bravo", "charlie"].contains(&word), "{word}");
    }

    let repeated = dir.join("repeated.txt");
    std::fs::write(&repeated, "alpha\nbravo\nalpha\n").unwrap();
    let run = pssst(&["passphrase", "--wordlist", repeated.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("pssst: wordlist"), "{}", run.stderr);

    let run = pssst(&[
        "passphrase",
        "--wordlist",
        dir.join("missing").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot read wordlist"),
        "{}",
        run.stderr
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn chars_draws_only_from_the_alphabet_unicode_included() {
    let run = pssst(&["chars", "--alphabet", "ñandú", "--length", "30"]);
    assert_eq!(run.code, 0);
    let value = run.stdout.trim();
    assert_eq!(value.chars().count(), 30);
    assert!(value.chars().all(|c| "ñandú".contains(c)));
}

#[test]
fn chars_defaults_to_at_least_128_bits() {
    let run = pssst(&["chars", "--alphabet", "base58", "--json"]);
    let record: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(record["chars"], 22);
    assert!(record["entropy_bits"].as_f64().unwrap() >= 128.0);
}

#[test]
fn code_keeps_leading_zeros() {
    let run = pssst(&["code", "--digits", "2", "-n", "2000"]);
    assert!(run.lines().iter().all(|code| code.len() == 2));
    assert!(run.lines().iter().any(|code| code.starts_with('0')));
}

#[test]
fn api_key_checks_out_and_a_mistyped_one_does_not() {
    let key = pssst(&["apikey", "--prefix", "shop"]).stdout;
    let run = pssst_with_stdin(&["apikey", "check"], key.as_bytes());
    assert_eq!((run.code, run.stdout.as_str()), (0, "valid shop\n"));

    let key = key.trim();
    let last = key.chars().last().unwrap();
    let typo = format!(
        "{}{}",
        &key[..key.len() - 1],
        if last == 'a' { 'b' } else { 'a' }
    );
    let run = pssst_with_stdin(&["apikey", "check"], typo.as_bytes());
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with("pssst: invalid api key"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(&typo), "the key must not be echoed");
}

#[test]
fn entropy_speaks_in_odds_for_the_given_count() {
    let run = pssst(&["entropy", "urlsafe", "16", "-n", "1e9"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("128.0 bits"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("1 in 10^20 chance that two of 1,000,000,000 values are the same"),
        "{}",
        run.stdout
    );
}

#[test]
fn pssst_alone_takes_count_and_json() {
    let run = pssst(&["-n", "3", "--json"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.lines().len(), 3);
    assert!(run.lines()[0].contains("\"format\":\"base64url\""));
}

#[test]
fn v7_uuids_from_one_run_are_sorted() {
    let run = pssst(&["uuid", "--v7", "-n", "2000"]);
    let lines = run.lines();
    assert!(lines.windows(2).all(|pair| pair[0] < pair[1]));
}
