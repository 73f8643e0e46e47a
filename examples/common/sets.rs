//! Development and bench sets as the examples read them (shared with `#[path]`): a folder of
//! `NAME.en.sent` + `NAME.<fa|ar>.sent` with gold `NAME.en-<lang>.align` (as `perturb.py`
//! writes them), or `tb:PATH` for Text+Berg's `PATH.de`, `PATH.fr` and gold `PATH.defr`.
use dragoman::{corpus, Lang};
use std::path::PathBuf;

/// One document pair: source and target sentences, their languages, and its gold file (which
/// may not exist).
pub struct SetDoc {
    pub src: Vec<corpus::Sentence>,
    pub tgt: Vec<corpus::Sentence>,
    pub src_lang: Lang,
    pub tgt_lang: Lang,
    #[allow(dead_code)] // read by tune only
    pub gold: PathBuf,
}

/// The document pairs of `set`, in file-name order.
pub fn load_set(set: &str) -> Result<Vec<SetDoc>, Box<dyn std::error::Error>> {
    let fmt = corpus::EditionFormat::Sentences;
    let read = |p: &str| std::fs::read_to_string(p);
    if let Some(p) = set.strip_prefix("tb:") {
        let (de, fr) = (
            Lang::from_code("de").ok_or("de")?,
            Lang::from_code("fr").ok_or("fr")?,
        );
        return Ok(vec![SetDoc {
            src: corpus::sentences_of(&read(&format!("{p}.de"))?, &de, fmt),
            tgt: corpus::sentences_of(&read(&format!("{p}.fr"))?, &fr, fmt),
            src_lang: de,
            tgt_lang: fr,
            gold: format!("{p}.defr").into(),
        }]);
    }
    let mut names: Vec<_> = std::fs::read_dir(set)?
        .filter_map(|e| e.ok().map(|e| e.path().to_string_lossy().into_owned()))
        .filter(|p| p.ends_with(".en.sent"))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for en in names {
        let stem = en.trim_end_matches(".en.sent");
        for code in ["fa", "ar"] {
            let other = format!("{stem}.{code}.sent");
            if std::path::Path::new(&other).exists() {
                let l = Lang::from_code(code).ok_or("code")?;
                out.push(SetDoc {
                    src: corpus::sentences_of(&read(&en)?, &Lang::En, fmt),
                    tgt: corpus::sentences_of(&read(&other)?, &l, fmt),
                    src_lang: Lang::En,
                    tgt_lang: l,
                    gold: format!("{stem}.en-{code}.align").into(),
                });
            }
        }
    }
    Ok(out)
}

/// The aligner's input for `docs`.
#[allow(dead_code)]
pub fn pair_inputs(docs: &[SetDoc]) -> Vec<dragoman::align::PairInput<'_>> {
    docs.iter()
        .map(|d| dragoman::align::PairInput {
            src: &d.src,
            tgt: &d.tgt,
            src_lang: &d.src_lang,
            tgt_lang: &d.tgt_lang,
        })
        .collect()
}

/// Applies `TUNE="key=value ..."` from the environment to `cfg` (the fields of
/// `AlignConfig` named below), for trying settings without a rebuild.
#[allow(dead_code)] // not every example reads TUNE
pub fn apply_tune(
    cfg: &mut dragoman::align::AlignConfig,
) -> Result<(), Box<dyn std::error::Error>> {
    for kv in std::env::var("TUNE").unwrap_or_default().split_whitespace() {
        let (k, v) = kv.split_once('=').ok_or("TUNE: key=value")?;
        match k {
            "passes" => cfg.passes = v.parse()?,
            "max_bead" => cfg.max_bead = v.parse()?,
            "max_side" => cfg.max_side = v.parse()?,
            "skip" => cfg.skip = v.parse()?,
            "coverage_weight" => cfg.coverage_weight = v.parse()?,
            "band" => cfg.band = v.parse()?,
            "estimate_shapes" => cfg.estimate_shapes = v.parse()?,
            "estimate_wide_shapes" => cfg.estimate_wide_shapes = v.parse()?,
            "seed_lexicon" => cfg.seed_lexicon = v.parse()?,
            "learn_lexicon" => cfg.learn_lexicon = v.parse()?,
            "embedding_weight" => cfg.embedding_weight = v.parse()?,
            "embedding_margin" => cfg.embedding_margin = v.parse()?,
            "embedding_cross" => cfg.embedding_cross = v.parse()?,
            "shifted_join_length" => cfg.shifted_join_length = v.parse()?,
            "headline_skip" => cfg.headline_skip = v.parse()?,
            "skip_pair_margin" => cfg.skip_pair_margin = v.parse()?,
            "parts_weight" => cfg.parts_weight = v.parse()?,
            _ => return Err(format!("TUNE: unknown key {k}").into()),
        }
    }
    Ok(())
}
