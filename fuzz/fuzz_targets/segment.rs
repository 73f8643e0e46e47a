//! Segmentation: `segment::split_paragraph` and `corpus::sentences_of` lose no characters.
#![no_main]
use dragoman::{corpus, segment, Lang};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for lang in [Lang::En, Lang::Fa, Lang::Ar] {
        let ranges = segment::split_paragraph(text, &lang);
        let mut end = 0;
        for r in &ranges {
            assert!(r.start >= end && r.start <= r.end && r.end <= text.len());
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            // only white space between sentences
            assert!(text[end..r.start].chars().all(char::is_whitespace), "{:?}", &text[end..r.start]);
            end = r.end;
        }
        for format in [corpus::EditionFormat::Text, corpus::EditionFormat::Sentences] {
            let _ = corpus::sentences_of(text, &lang, format);
        }
    }
});
