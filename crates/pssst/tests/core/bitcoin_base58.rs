//! Bitcoin Core's base58 vectors (`src/test/data/base58_encode_decode.json` in the
//! bitcoin/bitcoin repository, stored as `tests/data/bitcoin_base58_encode_decode.json`).

use crate::data;

fn vectors() -> Vec<(Vec<u8>, String)> {
    let file = data::local("bitcoin_base58_encode_decode.json");
    let pairs = file.as_array().expect("a list of [hex, base58] pairs");
    pairs
        .iter()
        .map(|pair| {
            let bytes = pssst::hex_decode(pair[0].as_str().unwrap()).unwrap();
            (bytes, pair[1].as_str().unwrap().to_owned())
        })
        .collect()
}

#[test]
fn base58_encodes_as_bitcoin_does() {
    let vectors = vectors();
    assert_eq!(vectors.len(), 21);
    for (bytes, expected) in vectors {
        assert_eq!(pssst::base58(&bytes), expected);
    }
}

#[test]
fn base58_decodes_bitcoin_vectors() {
    for (bytes, text) in vectors() {
        assert_eq!(pssst::base58_decode(&text).unwrap(), bytes, "{text}");
    }
}

#[test]
fn base58_rejects_characters_bitcoin_leaves_out() {
    for text in ["0", "O", "I", "l", "3mJr0", "a b", "+", "é"] {
        assert!(pssst::base58_decode(text).is_err(), "{text}");
    }
}
