//! Property tests: every decoder inverts its encoder, never panics, and accepts only text the
//! encoder could have written (after the normalisation the decoder documents).

use proptest::prelude::*;
use pssst::{Encoding, Wordlist};

/// Crockford text as the decoder reads it: upper case, no hyphens, look-alikes as digits.
fn crockford_canonical(text: &str) -> String {
    text.chars()
        .filter(|&c| c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

proptest! {
    #[test]
    fn every_encoding_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..100)) {
        for &encoding in Encoding::ALL {
            let text = encoding.encode(&bytes);
            prop_assert_eq!(encoding.decode(&text).unwrap(), bytes.clone(), "{:?}", encoding);
        }
    }

    #[test]
    fn leading_zero_bytes_survive_base58_and_base62(
        zeros in 0usize..8,
        rest in proptest::collection::vec(any::<u8>(), 0..40),
    ) {
        let mut bytes = vec![0u8; zeros];
        bytes.extend(rest);
        prop_assert_eq!(pssst::base58_decode(&pssst::base58(&bytes)).unwrap(), bytes.clone());
        prop_assert_eq!(pssst::base62_decode(&pssst::base62(&bytes)).unwrap(), bytes);
    }

    #[test]
    fn decoders_accept_only_canonical_text(text in "\\PC{0,60}") {
        if let Ok(bytes) = pssst::hex_decode(&text) {
            prop_assert_eq!(pssst::hex_lower(&bytes), text.to_lowercase());
        }
        if let Ok(bytes) = pssst::base64url_decode(&text) {
            prop_assert_eq!(pssst::base64url(&bytes), text.clone());
        }
        if let Ok(bytes) = Encoding::Base64.decode(&text) {
            prop_assert_eq!(pssst::base64_std(&bytes), text.clone());
        }
        if let Ok(bytes) = pssst::base32_decode(&text) {
            prop_assert_eq!(pssst::base32(&bytes), text.trim_end_matches('='));
        }
        if let Ok(bytes) = pssst::base32_crockford_decode(&text) {
            prop_assert_eq!(pssst::base32_crockford(&bytes), crockford_canonical(&text));
        }
        if let Ok(bytes) = pssst::base58_decode(&text) {
            prop_assert_eq!(pssst::base58(&bytes), text.clone());
        }
        if let Ok(bytes) = pssst::base62_decode(&text) {
            prop_assert_eq!(pssst::base62(&bytes), text.clone());
        }
    }

    #[test]
    fn every_alphabet_string_decodes(
        base32 in "[A-Z2-7]{0,40}",
        crockford in "[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z-]{0,40}",
        base58 in "[1-9A-HJ-NP-Za-km-z]{0,40}",
        base62 in "[0-9A-Za-z]{0,40}",
    ) {
        // Base58 and base62 decode any string over their alphabets, back to the same text.
        prop_assert_eq!(pssst::base58(&pssst::base58_decode(&base58).unwrap()), base58);
        prop_assert_eq!(pssst::base62(&pssst::base62_decode(&base62).unwrap()), base62);
        // Base32 decodes exactly the lengths that carry whole bytes.
        let whole_bytes = !matches!(base32.len() % 8, 1 | 3 | 6);
        let canonical_end = pssst::base32_decode(&base32).is_ok();
        prop_assert!(whole_bytes || !canonical_end);
        let digits = crockford.chars().filter(|&c| c != '-').count();
        if matches!(digits % 8, 1 | 3 | 6) {
            prop_assert!(pssst::base32_crockford_decode(&crockford).is_err());
        }
    }

    #[test]
    fn api_key_check_never_panics(text in "\\PC{0,60}", tail in "[0-9A-Za-z]{36}") {
        let _ = pssst::check_api_key(&text);
        let _ = pssst::check_api_key(&format!("acme_{tail}"));
    }

    #[test]
    fn wordlists_that_parse_hold_distinct_nonempty_words(text in "([a-zA-Z0-9 ]{0,6}\n){0,12}") {
        if let Ok(list) = Wordlist::from_text(&text) {
            prop_assert!(list.word_count() >= 2);
            let mut folded: Vec<String> = list.words().iter().map(|w| w.to_lowercase()).collect();
            prop_assert!(folded.iter().all(|w| !w.is_empty() && !w.contains(' ')));
            folded.sort();
            folded.dedup();
            prop_assert_eq!(folded.len(), list.word_count());
        }
    }
}
