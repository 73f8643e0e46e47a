//! Decoding and normalization: `corpus::read::decode`, `normalize`, `normalize_with_offsets`.
#![no_main]
use dragoman::{corpus::read, normalize, Lang};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read::decode_raw(data);
    let Ok(text) = read::decode(data) else { return };
    for lang in [Lang::En, Lang::Fa, Lang::Ar, Lang::Other("de".into())] {
        let n = normalize::normalize(&text, &lang);
        assert_eq!(normalize::normalize(&n, &lang), n, "normalize is not idempotent");
        let o = normalize::normalize_with_offsets(&text, &lang);
        let chars = o.text.chars().count();
        // every char span maps back to a valid byte range of the input
        for (a, b) in [(0, chars), (0, chars / 2), (chars / 2, chars)] {
            let r = o.source_span(&text, a..b);
            assert!(r.start <= r.end && r.end <= text.len());
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
        let _ = normalize::word_key(&text);
    }
});
