//! API keys against checksums computed by Python's `zlib.crc32` and integer arithmetic.

/// Made with: `t + b62(zlib.crc32(t.encode()))`, where `b62` writes six base62 digits
/// (`0-9A-Za-z`) with `divmod`, most significant first.
const PYTHON_KEYS: [&str; 2] = [
    "acme_0123456789ABCDEFGHIJabcdefghij3FF2AH",
    "ghp_zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz3DuAuU",
];

#[test]
fn keys_with_python_checksums_are_accepted() {
    for key in PYTHON_KEYS {
        let prefix = key.split('_').next().unwrap();
        assert_eq!(pssst::check_api_key(key).unwrap().prefix(), prefix);
    }
}

#[test]
fn swapped_neighbours_are_rejected() {
    let key = PYTHON_KEYS[0];
    let mut swapped = key.as_bytes().to_vec();
    swapped.swap(10, 11);
    let swapped = String::from_utf8(swapped).unwrap();
    let err = pssst::check_api_key(&swapped).unwrap_err();
    assert_eq!(err.to_string(), "invalid api key: checksum does not match");
}

#[test]
fn made_up_keys_are_rejected() {
    for made_up in [
        "",
        "acme",
        "acme_",
        "_0123456789ABCDEFGHIJabcdefghij3FF2AH",
        "acme_abc",
    ] {
        assert!(pssst::check_api_key(made_up).is_err(), "{made_up:?}");
    }
}

#[test]
fn fresh_keys_pass_their_own_check() {
    for _ in 0..100 {
        let key = pssst::api_key("pssst").unwrap();
        assert!(pssst::check_api_key(key.expose_secret()).is_ok());
    }
}
