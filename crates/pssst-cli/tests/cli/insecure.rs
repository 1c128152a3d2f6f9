//! `pssst insecure python-random` and `pssst demo`: Python's `random` reproduced, predicted,
//! its seed found, and bad observations refused with the documented exit codes.

mod alphabet;
mod demo;
mod observations;
mod predict;
mod reproduce;
mod search;

use pssst_insecure::{PythonRandom, python_float_repr};

use crate::run::{Run, pssst_with_stdin};

/// `string.ascii_letters + string.digits`.
pub(super) const ALNUM: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/// `pssst insecure python-random predict`.
pub(super) const PREDICT: [&str; 3] = ["insecure", "python-random", "predict"];
/// `pssst insecure python-random search`.
pub(super) const SEARCH: [&str; 3] = ["insecure", "python-random", "search"];
/// The base64url alphabet.
pub(super) const URLSAFE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `count` floats of `random()`, one per line, as Python prints them.
pub(super) fn floats(rng: &mut PythonRandom, count: usize) -> String {
    (0..count)
        .map(|_| python_float_repr(rng.random()) + "\n")
        .collect()
}

/// A token of `len` characters made with `random.choice(ascii_letters + digits)`.
pub(super) fn choice_token(rng: &mut PythonRandom, len: usize) -> String {
    let alphabet: Vec<char> = ALNUM.chars().collect();
    (0..len).map(|_| *rng.choice(&alphabet).unwrap()).collect()
}

/// `pssst insecure python-random predict --kind KIND [extra]` on `input`.
pub(super) fn predict(kind: &str, input: &str, extra: &[&str]) -> Run {
    let args = [&PREDICT[..], &["--kind", kind], extra].concat();
    pssst_with_stdin(&args, input.as_bytes())
}

/// `count` values of `getrandbits(k)`, one per line.
pub(super) fn bits(rng: &mut PythonRandom, k: u32, count: usize) -> String {
    (0..count)
        .map(|_| format!("{}\n", rng.getrandbits(k)))
        .collect()
}

/// `count` tokens of `length` characters made with `random.choices(alphabet, k=length)`.
pub(super) fn choices_tokens(
    rng: &mut PythonRandom,
    alphabet: &str,
    length: usize,
    count: usize,
) -> String {
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

/// `pssst args` on `input` exits `code` with nothing on stdout and one line on stderr that
/// holds `expected`.
pub(super) fn assert_fails(args: &[&str], input: &str, code: i32, expected: &str) {
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
