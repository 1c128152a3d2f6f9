//! Base62, base58 and Crockford base32 against Python's big integers and `base64` module
//! (`tests/data/radix_reference.json`, written by `tests/data/radix_reference.py`).

use crate::data;

fn cases() -> Vec<(Vec<u8>, serde_json::Value)> {
    let file = data::local("radix_reference.json");
    let cases = file["cases"].as_array().expect("a cases array");
    assert_eq!(cases.len(), 357, "regenerate with radix_reference.py");
    cases
        .iter()
        .map(|case| {
            (
                pssst::hex_decode(data::text(case, "bytes_hex")).unwrap(),
                case.clone(),
            )
        })
        .collect()
}

#[test]
fn base62_matches_python_integer_arithmetic() {
    for (bytes, case) in cases() {
        let expected = data::text(&case, "base62");
        assert_eq!(pssst::base62(&bytes), expected, "{bytes:02x?}");
        assert_eq!(pssst::base62_decode(expected).unwrap(), bytes);
    }
}

#[test]
fn base58_matches_python_integer_arithmetic() {
    for (bytes, case) in cases() {
        let expected = data::text(&case, "base58");
        assert_eq!(pssst::base58(&bytes), expected, "{bytes:02x?}");
        assert_eq!(pssst::base58_decode(expected).unwrap(), bytes);
    }
}

#[test]
fn crockford_matches_python_b32encode_respelled() {
    for (bytes, case) in cases() {
        let expected = data::text(&case, "crockford");
        assert_eq!(pssst::base32_crockford(&bytes), expected, "{bytes:02x?}");
        assert_eq!(pssst::base32_crockford_decode(expected).unwrap(), bytes);
        let typed = expected.to_lowercase().replace('0', "o").replace('1', "l");
        assert_eq!(pssst::base32_crockford_decode(&typed).unwrap(), bytes);
    }
}
