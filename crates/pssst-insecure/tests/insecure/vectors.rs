//! Loading the known-answer files, with a clear failure when one is missing.

use std::path::PathBuf;

use serde_json::Value;

/// The shared CPython vectors, relative to this crate.
const SHARED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/vectors/cpython-random"
);

/// The vectors this crate generated with `scripts/gen_python_random_vectors.py`.
const OWN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

/// Reads `name` from the shared CPython vectors (`../shared/vectors/cpython-random/`).
pub(crate) fn shared(name: &str) -> Value {
    load(PathBuf::from(SHARED).join(name))
}

/// Reads `name` from this crate's generated vectors (`tests/data/`).
pub(crate) fn own(name: &str) -> Value {
    load(PathBuf::from(OWN).join(name))
}

fn load(path: PathBuf) -> Value {
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "known-answer file {} is missing or unreadable ({error}); the shared vectors live \
             in ../shared/vectors/ next to the workspace, and tests/data/ is made by \
             scripts/gen_python_random_vectors.py",
            path.display()
        )
    });
    serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("{} is not valid JSON: {error}", path.display()))
}

/// A JSON number or decimal string as text (big integers are stored as strings).
pub(crate) fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A JSON integer (number or decimal string) as `u64`.
pub(crate) fn int(value: &Value) -> u64 {
    text(value)
        .parse()
        .unwrap_or_else(|_| panic!("not an integer: {value}"))
}

/// A list of JSON integers.
pub(crate) fn ints(value: &Value) -> Vec<u64> {
    list(value).iter().map(int).collect()
}

/// A JSON array.
pub(crate) fn list(value: &Value) -> &Vec<Value> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value:.60}"))
}
