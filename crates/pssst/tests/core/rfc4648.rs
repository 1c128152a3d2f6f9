//! RFC 4648 §10 test vectors (`tests/data/rfc4648_section10.json`).

use pssst::Encoding;

use crate::data;

fn vectors(name: &str) -> Vec<(String, String)> {
    let file = data::local("rfc4648_section10.json");
    let pairs = file[name].as_array().expect("a list of pairs");
    pairs
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().unwrap().into(),
                pair[1].as_str().unwrap().into(),
            )
        })
        .collect()
}

#[test]
fn base64_matches_rfc4648_section_10() {
    for (input, expected) in vectors("BASE64") {
        assert_eq!(pssst::base64_std(input.as_bytes()), expected);
        assert_eq!(
            Encoding::Base64.decode(&expected).unwrap(),
            input.as_bytes()
        );
        assert_eq!(
            pssst::base64url(input.as_bytes()),
            expected.trim_end_matches('=')
        );
    }
}

#[test]
fn base32_matches_rfc4648_section_10_without_padding() {
    for (input, expected) in vectors("BASE32") {
        assert_eq!(
            pssst::base32(input.as_bytes()),
            expected.trim_end_matches('=')
        );
        assert_eq!(pssst::base32_decode(&expected).unwrap(), input.as_bytes());
        let unpadded = expected.trim_end_matches('=');
        assert_eq!(pssst::base32_decode(unpadded).unwrap(), input.as_bytes());
    }
}

#[test]
fn base16_matches_rfc4648_section_10() {
    for (input, expected) in vectors("BASE16") {
        assert_eq!(pssst::hex_upper(input.as_bytes()), expected);
        assert_eq!(pssst::hex_lower(input.as_bytes()), expected.to_lowercase());
        assert_eq!(pssst::hex_decode(&expected).unwrap(), input.as_bytes());
    }
}
