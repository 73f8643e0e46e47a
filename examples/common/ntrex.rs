//! NTREX news (`../shared/data/ntrex-news-en-fa-ar`) as documents for content pairing: each of
//! the 123 documents rebuilt as an edition (headline, blank line, one paragraph per line), as
//! `bench/pair.py` and the pair tests write them (shared with `#[path]`).
use dragoman::corpus::{self, content::Document, EditionFormat};
use dragoman::Lang;
use std::path::{Path, PathBuf};

/// The default place of NTREX beside the crate.
#[allow(dead_code)] // used by the example only
pub fn default_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ntrex-news-en-fa-ar")
}

/// The English documents and their `lang` ("fa" or "ar") editions, in file order (document
/// `k` of one is the translation of document `k` of the other).
pub fn documents(dir: &Path, lang: &str) -> std::io::Result<(Vec<Document>, Vec<Document>)> {
    let file = match lang {
        "fa" => "newstest2019-ref.fas.txt",
        "ar" => "newstest2019-ref.arb.txt",
        _ => return Err(std::io::Error::other(format!("no NTREX edition {lang}"))),
    };
    let read = |name: &str| -> std::io::Result<Vec<String>> {
        let path = dir.join(name);
        Ok(std::fs::read_to_string(&path)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?
            .lines()
            .map(|l| l.trim_end_matches('\r').to_owned())
            .collect())
    };
    let ids = read("DOCUMENT_IDS.tsv")?;
    let (en_lines, o_lines) = (read("newstest2019-src.eng.txt")?, read(file)?);
    let other_lang = Lang::from_code(lang).expect("fa and ar are known");
    let (mut en, mut other) = (Vec::new(), Vec::new());
    let mut start = 0;
    while start < ids.len() {
        let end = (start..ids.len())
            .find(|&i| ids[i] != ids[start])
            .unwrap_or(ids.len());
        for (lines, l, out, side) in [
            (&en_lines, Lang::En, &mut en, "en"),
            (&o_lines, other_lang.clone(), &mut other, lang),
        ] {
            let doc = &lines[start..end];
            let text = format!("{}\n\n{}\n", doc[0], doc[1..].join("\n"));
            out.push(Document {
                path: format!("{}.{side}.txt", ids[start]).into(),
                sentences: corpus::sentences_of(&text, &l, EditionFormat::Text),
                lang: l,
                date: None,
            });
        }
        start = end;
    }
    Ok((en, other))
}
