//! Loading the known-answer files.

use serde_json::Value;

/// Reads and parses a JSON file, failing with its path and what to do when it is missing.
pub(crate) fn json(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|err| {
        panic!("cannot read known answers from {path}: {err} (is shared/ beside the repository?)")
    });
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{path} is not valid JSON: {err}"))
}

/// A string field of a JSON object, with the field named in the failure.
pub(crate) fn text<'a>(case: &'a Value, field: &str) -> &'a str {
    case[field]
        .as_str()
        .unwrap_or_else(|| panic!("field {field:?} missing or not a string in {case}"))
}

/// The files of `tests/data/`, named after their sources.
pub(crate) fn local(name: &str) -> Value {
    json(&format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR")))
}
