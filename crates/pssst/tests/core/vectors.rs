//! `shared/vectors/encodings.json`: Python's and Node's output for the same bytes.

use pssst::Encoding;

use crate::data;

const ENCODINGS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/vectors/encodings.json"
);

/// Each case, with its bytes decoded from `bytes_hex`.
fn cases() -> Vec<(Vec<u8>, serde_json::Value)> {
    let file = data::json(ENCODINGS);
    let cases = file["cases"]
        .as_array()
        .expect("encodings.json has a cases array");
    assert!(!cases.is_empty(), "encodings.json has no cases");
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

fn check(encoding: Encoding, field: &str, strip_padding: bool) {
    for (bytes, case) in cases() {
        let expected = data::text(&case, field);
        assert_eq!(encoding.encode(&bytes), expected, "{field} of {bytes:02x?}");
        assert_eq!(
            encoding.decode(expected).unwrap(),
            bytes,
            "decoding {expected:?}"
        );
        if strip_padding {
            assert!(!expected.contains('='));
        }
    }
}

#[test]
fn hex_matches_python_token_hex() {
    check(Encoding::Hex, "hex", false);
}

#[test]
fn urlsafe_matches_python_and_node_for_known_bytes() {
    check(Encoding::Base64Url, "base64url_nopad", true);
}

#[test]
fn standard_base64_matches_python_with_padding() {
    check(Encoding::Base64, "base64_std", false);
}

#[test]
fn base32_matches_python_without_padding() {
    check(Encoding::Base32, "base32_nopad", true);
}

#[test]
fn hashes_of_urlsafe_text_match_python() {
    for (bytes, case) in cases() {
        let token = pssst::base64url(&bytes);
        assert_eq!(
            pssst::sha256_hex(&token),
            data::text(&case, "sha256_of_base64url_text")
        );
        let mac = pssst::hmac_sha256_hex(b"pepper", &token);
        assert_eq!(
            mac,
            data::text(&case, "hmac_sha256_key_pepper_of_base64url_text")
        );
    }
}
