//! `pssst hash`: the stored form of a token, as Python's `hashlib` and `hmac` compute it.

use crate::run::pssst_with_stdin;

const PYTHON_TOKEN: &str = "8mmuADuPoY6z8qB8V4vL5__khZGO128WPzJIUDxHNMA";
const PYTHON_SHA256: &str = "de968d86f1e4598a63edf9e07a74544d894326f49026ed4b762505869c4b121e";

#[test]
fn hash_matches_the_python_flow_with_or_without_newline() {
    for input in [PYTHON_TOKEN.to_string(), format!("{PYTHON_TOKEN}\n")] {
        let run = pssst_with_stdin(&["hash"], input.as_bytes());
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.stdout.trim(), PYTHON_SHA256);
    }
}

#[test]
fn hmac_uses_the_key_file_less_its_newline() {
    let dir = std::env::temp_dir().join(format!("pssst-hash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key = dir.join("pepper");
    std::fs::write(&key, "pepper\n").unwrap();
    let run = pssst_with_stdin(&["hash", "--hmac-key-file", key.to_str().unwrap()], b"");
    assert_eq!(run.code, 2, "empty stdin is refused");

    let run = pssst_with_stdin(&["hash", "--hmac-key-file", key.to_str().unwrap()], b"x");
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout.trim(), pssst::hmac_sha256_hex(b"pepper", "x"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn empty_stdin_is_a_usage_error() {
    let run = pssst_with_stdin(&["hash"], b"\n");
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "pssst: empty input: expected a token on stdin\n"
    );
}
