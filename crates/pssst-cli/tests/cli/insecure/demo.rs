//! `pssst demo`: a real attack on tokens of Python's `random`, and none on OS tokens.

use crate::run::pssst;

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
