//! Property tests of the text stage: decoding never panics; segmentation loses and reorders no
//! character; normalization is idempotent, NFC-invariant, and its offsets map back into the input.

use dragoman::corpus::read::decode;
use dragoman::corpus::{sentences_of, EditionFormat};
use dragoman::normalize::{normalize, normalize_with_offsets, word_key};
use dragoman::segeval::score_texts;
use dragoman::segment::split_paragraph;
use dragoman::Lang;
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

/// Text made of the characters that matter here: Latin and Arabic-script letters (with
/// Arabic/Persian variants), digits of three systems, stops, quotes, Arabic punctuation,
/// harakat, tatweel, ZWNJ, bidi marks, BOM, combining accents, several kinds of space.
fn news_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "B",
        "The",
        "Gen",
        "U",
        "S",
        "e",
        "g",
        "m",
        "x",
        "ی",
        "ي",
        "ى",
        "ک",
        "ك",
        "ه",
        "ة",
        "ا",
        "أ",
        "آ",
        "ئ",
        "گ",
        "پ",
        "ے",
        "ں",
        "م",
        "ع",
        "ر",
        "1",
        "2",
        "۲",
        "٥",
        ".",
        ".",
        ".",
        "!",
        "?",
        "؟",
        "…",
        "۔",
        "،",
        "؛",
        ":",
        ";",
        ",",
        "٫",
        "٬",
        "\"",
        "“",
        "”",
        "«",
        "»",
        "'",
        "’",
        "(",
        ")",
        " ",
        " ",
        " ",
        "  ",
        "\u{00A0}",
        "\t",
        "\u{2028}",
        "\u{200C}",
        "\u{200C}\u{200C}",
        "\u{200F}",
        "\u{FEFF}",
        "\u{064E}",
        "\u{0654}",
        "\u{0640}",
        "\u{0301}",
        "\u{0327}",
        "\u{0000}",
        "\u{000B}",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

fn no_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn langs() -> [Lang; 4] {
    [Lang::En, Lang::Fa, Lang::Ar, Lang::Other("de".into())]
}

proptest! {
    // 256 cases each (proptest's default); PROPTEST_CASES=N for more
    #[test]
    fn prop_segmentation_loses_and_reorders_no_characters(par in prop_oneof![news_text(), any::<String>()]) {
        for lang in langs() {
            let ranges = split_paragraph(&par, &lang);
            let mut last = 0;
            for r in &ranges {
                prop_assert!(r.start >= last && r.start < r.end && r.end <= par.len());
                prop_assert!(par.is_char_boundary(r.start) && par.is_char_boundary(r.end));
                last = r.end;
            }
            let joined: String = ranges.iter().map(|r| &par[r.clone()]).collect::<Vec<_>>().join(" ");
            prop_assert_eq!(no_space(&joined), no_space(&par));
        }
    }

    #[test]
    fn prop_edition_sentences_keep_every_character(text in prop_oneof![news_text(), any::<String>()]) {
        // line ends, separators and controls become spaces; nothing else is lost
        let s = sentences_of(&text, &Lang::Fa, EditionFormat::Text);
        let sep = |c: char| c.is_whitespace() || c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{0085}');
        let got: String = s.iter().flat_map(|s| s.text.chars()).filter(|&c| !sep(c)).collect();
        let want: String = text.chars().filter(|&c| !sep(c)).collect();
        // invisible-only lines are dropped whole
        let inv = |c: char| dragoman::normalize::is_invisible_mark(c) || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}');
        prop_assert_eq!(got.chars().filter(|&c| !inv(c)).collect::<String>(), want.chars().filter(|&c| !inv(c)).collect::<String>());
    }

    #[test]
    fn prop_normalization_is_idempotent(text in prop_oneof![news_text(), any::<String>()]) {
        for lang in langs() {
            let once = normalize(&text, &lang);
            prop_assert_eq!(normalize(&once, &lang), once.clone());
            // and does not depend on the input's normalization form
            prop_assert_eq!(normalize(&text.nfc().collect::<String>(), &lang), once.clone());
            prop_assert_eq!(normalize(&text.nfd().collect::<String>(), &lang), once);
        }
        let k = word_key(&text);
        prop_assert_eq!(word_key(&k), k);
    }

    #[test]
    fn prop_normalization_offsets_map_back_into_the_input(text in prop_oneof![news_text(), any::<String>()]) {
        for lang in langs() {
            let n = normalize_with_offsets(&text, &lang);
            prop_assert_eq!(n.offsets.len(), n.text.chars().count());
            let mut last = 0;
            for (c, &o) in n.text.chars().zip(&n.offsets) {
                prop_assert!(o < text.len() && text.is_char_boundary(o) && o >= last);
                last = o;
                // an ASCII letter comes from itself or from a piece NFC composed
                let src = text[o..].chars().next();
                if c.is_ascii_alphabetic() {
                    prop_assert!(src == Some(c) || src.is_some_and(|s| !s.is_ascii()) || text[o..].nfc().next() == Some(c));
                }
            }
            // every char's span is inside the input and starts where its offset says
            for i in 0..n.offsets.len() {
                let r = n.source_span(&text, i..i + 1);
                prop_assert!(r.start == n.offsets[i] && r.end <= text.len() && r.start < r.end);
            }
        }
    }

    #[test]
    fn prop_decode_never_panics_and_keeps_valid_utf8(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        match decode(&bytes) {
            Ok(s) => prop_assert!(!s.contains('\r')),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn prop_detection_and_srx_reading_never_panic(text in prop_oneof![news_text(), any::<String>()]) {
        let _ = dragoman::detect::detect(&text);
        let e = dragoman::detect::detect_edition(&text);
        prop_assert!(e.foreign().len() <= e.paragraphs.len());
        let _ = dragoman::srx::Srx::parse(&text);
        let _ = dragoman::srx::Srx::parse(&format!("<srx><header cascade=\"yes\"/><body><languagerules><languagerule languagerulename=\"a\"><rule><beforebreak>{text}</beforebreak></rule></languagerule></languagerules><maprules><languagemap languagepattern=\".*\" languagerulename=\"a\"/></maprules></body></srx>"));
    }

    #[test]
    fn prop_segeval_scores_a_segmentation_against_itself_perfectly(par in news_text()) {
        let s: Vec<String> = split_paragraph(&par, &Lang::En).into_iter().map(|r| par[r].to_owned()).collect();
        let text = s.join("\n");
        let score = score_texts(&text, &text);
        prop_assert_eq!((score.fp, score.fn_), (0, 0));
    }
}
