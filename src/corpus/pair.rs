//! Finding editions in a corpus folder and pairing them by slug.
//!
//! The folder is walked recursively in sorted order (so results do not depend on the file
//! system's order); symbolic links to folders are not followed, so a link loop cannot trap the
//! walk. Each English edition is paired with every Persian or Arabic edition that has the same
//! slug in the same folder. Editions with no partner are reported, not fatal.

use super::{parse_file_name, EditionFormat};
use crate::error::{Error, ErrorKind, Result, ResultExt};
use crate::Lang;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// An edition file found in a corpus (not yet read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditionFile {
    /// Path as found (corpus folder joined with the relative path).
    pub path: PathBuf,
    /// Folder of the file relative to the corpus root (empty at the root).
    pub rel_dir: PathBuf,
    /// The slug.
    pub slug: String,
    /// Language from the file name.
    pub lang: Lang,
    /// `.txt` or `.sent`.
    pub format: EditionFormat,
}

/// An English edition and one Persian or Arabic edition of the same report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairPlan {
    /// The English edition.
    pub en: EditionFile,
    /// The Persian or Arabic edition.
    pub other: EditionFile,
}

impl PairPlan {
    /// The pair's name, `<slug>.en-<lang>`, used for output file names.
    pub fn name(&self) -> String {
        format!("{}.en-{}", self.en.slug, self.other.lang.code())
    }

    /// [`PairPlan::name`] under the folder its outputs go to (the English edition's, relative
    /// to the corpus): `sub/dir/<slug>.en-<lang>`, or the bare name at the top. Used in
    /// summaries and messages, where two folders may hold the same slug.
    /// The folder parts are joined by `/` on every system ([`crate::export::qualified_slug`]), as
    /// in the corpus TMX's `x-slug`, `diffs.json`'s `pair` and the HTML title.
    pub fn display_name(&self) -> String {
        format!(
            "{}.en-{}",
            crate::export::qualified_slug(&self.en.rel_dir, &self.en.slug),
            self.other.lang.code()
        )
    }
}

/// What a scan of a corpus found.
#[derive(Clone, Debug, Default)]
pub struct Scan {
    /// Pairs to align, sorted by folder, slug and language.
    pub pairs: Vec<PairPlan>,
    /// Editions with no partner (an English edition with no fa/ar, or the reverse).
    pub unpaired: Vec<EditionFile>,
    /// Edition files of another language than en/fa/ar, or duplicates (`.txt` beside `.sent`),
    /// with the reason they were skipped.
    pub skipped: Vec<(PathBuf, String)>,
}

/// Walks `dir` and pairs its editions.
///
/// # Errors
/// [`ErrorKind::NotADir`] if `dir` is missing or not a folder; [`ErrorKind::NoEditions`] if it
/// holds no edition file; I/O errors while listing folders. Each names the folder.
pub fn scan(dir: &Path) -> Result<Scan> {
    scan_excluding(dir, None)
}

/// [`scan`], leaving out the folder `exclude` (and what is under it) when it lies inside
/// `dir`: a run's output folder, whose `.sent` files would otherwise be read as editions on
/// the next run.
///
/// # Errors
/// As [`scan`].
pub fn scan_excluding(dir: &Path, exclude: Option<&Path>) -> Result<Scan> {
    if !dir.is_dir() {
        return Err(Error::new(ErrorKind::NotADir).with_path(dir));
    }
    let mut files = Vec::new();
    let mut odd = Vec::new();
    let exclude = exclude.and_then(|p| p.canonicalize().ok());
    walk(dir, Path::new(""), exclude.as_deref(), &mut files, &mut odd)?;
    if files.is_empty() {
        let skipped = odd
            .iter()
            .map(|(p, why)| format!("{:?} ({why})", p.strip_prefix(dir).unwrap_or(p)))
            .collect();
        return Err(Error::new(ErrorKind::NoEditions(skipped)).with_path(dir));
    }
    let mut scan = Scan::default();
    for (p, why) in odd {
        scan.skipped.push((p, why.into()));
    }
    // (rel_dir, slug) -> lang -> file
    let mut groups: BTreeMap<(PathBuf, String), BTreeMap<String, EditionFile>> = BTreeMap::new();
    for f in files {
        if !f.lang.is_supported() {
            scan.skipped.push((
                f.path.clone(),
                format!("language {} is not en, fa or ar", f.lang),
            ));
            continue;
        }
        let slot = groups
            .entry((f.rel_dir.clone(), f.slug.clone()))
            .or_default();
        match slot.get(f.lang.code()) {
            Some(prev) if prev.format == EditionFormat::Sentences => {
                scan.skipped.push((
                    f.path.clone(),
                    format!("{} is used instead", prev.path.display()),
                ));
            }
            Some(prev) => {
                scan.skipped.push((
                    prev.path.clone(),
                    format!("{} is used instead", f.path.display()),
                ));
                slot.insert(f.lang.code().to_owned(), f);
            }
            None => {
                slot.insert(f.lang.code().to_owned(), f);
            }
        }
    }
    for (_, mut langs) in groups {
        match langs.remove("en") {
            Some(en) if !langs.is_empty() => {
                for (_, other) in langs {
                    scan.pairs.push(PairPlan {
                        en: en.clone(),
                        other,
                    });
                }
            }
            Some(en) => scan.unpaired.push(en),
            None => scan.unpaired.extend(langs.into_values()),
        }
    }
    Ok(scan)
}

/// Edition files under `root/rel` into `out`; files named like editions that are not regular
/// files (a FIFO would block the reader forever) into `odd`.
/// Why a file that looks like an edition is never read.
const NOT_REGULAR: &str =
    "not a regular file (a FIFO, socket or device, or a broken link): never read";
const NAME_CONTROL: &str =
    "its name holds a control character (a line break, a tab): never read (rename it)";
const NAME_NOT_UTF8: &str =
    "its name is not valid UTF-8, so it gives no slug or language: never read (rename it)";
const ALIGNMENT_FOLDER: &str =
    "a folder of alignments (.align files: an earlier run's outputs, or gold): its .sent files are not read as editions";

/// True when `dir` holds `.align` files: the outputs of a `dragoman run`, or gold alignments
/// beside their gold sentences (`../shared/corpora-seed/gold`), whose `.sent` files would
/// otherwise be read as editions and aligned as a pair of their own.
fn holds_alignments(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|rd| {
        rd.filter_map(|e| e.ok())
            .any(|e| e.file_name().to_string_lossy().ends_with(".align"))
    })
}

fn walk(
    root: &Path,
    rel: &Path,
    exclude: Option<&Path>,
    out: &mut Vec<EditionFile>,
    odd: &mut Vec<(PathBuf, &'static str)>,
) -> Result<()> {
    let dir = root.join(rel);
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .at(&dir)?
        .collect::<std::io::Result<Vec<_>>>()
        .at(&dir)?;
    entries.sort_by_key(|e| e.file_name());
    // the slug of a bare `<lang>.txt` (a folder per report, as in ../shared/cases): the
    // folder's name, once per folder
    let folder: Option<String> = std::fs::canonicalize(&dir)
        .ok()
        .and_then(|d| d.file_name()?.to_str().map(str::to_owned))
        .filter(|f| !f.starts_with('.') && !f.chars().any(char::is_control));
    for e in entries {
        let name = PathBuf::from(e.file_name());
        let ft = e.file_type().at(e.path())?;
        if ft.is_dir() {
            let skip = exclude.is_some_and(|x| e.path().canonicalize().is_ok_and(|p| p == x));
            if name.to_string_lossy().starts_with('.') || skip {
                continue;
            }
            if holds_alignments(&e.path()) {
                odd.push((e.path(), ALIGNMENT_FOLDER));
                continue;
            }
            walk(root, &rel.join(&name), exclude, out, odd)?;
            continue;
        }
        if name.to_str().is_none() {
            let lossy = name.to_string_lossy();
            let lower = lossy.to_ascii_lowercase();
            if lower.ends_with(".txt") || lower.ends_with(".sent") {
                odd.push((e.path(), NAME_NOT_UTF8));
            }
            continue;
        }
        // a control character (a line break) in a slug would break the summary's lines and
        // come back from a TMX's `x-slug` as another name
        if name.to_string_lossy().chars().any(char::is_control) {
            if parse_file_name(&name).is_some() {
                odd.push((e.path(), NAME_CONTROL));
            }
            continue;
        }
        // files, and links to files (not links to folders)
        if ft.is_symlink() && e.path().is_dir() {
            continue;
        }
        let bare = || {
            let folder = folder.as_ref()?;
            parse_file_name(Path::new(&format!("{folder}.{}", name.to_str()?)))
                .filter(|(slug, _, _)| slug == folder)
        };
        if let Some((slug, lang, format)) = parse_file_name(&name).or_else(bare) {
            // regular files only, links followed
            if !std::fs::metadata(e.path()).is_ok_and(|m| m.is_file()) {
                odd.push((e.path(), NOT_REGULAR));
                continue;
            }
            out.push(EditionFile {
                path: e.path(),
                rel_dir: rel.to_path_buf(),
                slug,
                lang,
                format,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_lang_file_takes_its_folder_name_as_slug() {
        let d = tempfile::tempdir().unwrap();
        let case = d.path().join("B01");
        std::fs::create_dir(&case).unwrap();
        for f in ["en.txt", "fa.txt", "notes.txt"] {
            std::fs::write(case.join(f), "x").unwrap();
        }
        let s = scan(&case).unwrap();
        assert_eq!(s.pairs.len(), 1);
        assert_eq!(s.pairs[0].name(), "B01.en-fa");
        // and in a subfolder of a corpus
        let s = scan(d.path()).unwrap();
        assert_eq!(s.pairs[0].name(), "B01.en-fa");
        assert_eq!(s.pairs[0].en.rel_dir, Path::new("B01"));
    }

    #[test]
    fn pairs_english_with_each_other_edition_and_reports_unpaired() {
        let d = tempfile::tempdir().unwrap();
        for f in [
            "a.en.txt",
            "a.fa.txt",
            "a.ar.txt",
            "b.en.txt",
            "c.fa.sent",
            "d.de.txt",
            "notes.md",
        ] {
            std::fs::write(d.path().join(f), "x").unwrap();
        }
        let s = scan(d.path()).unwrap();
        let names: Vec<String> = s.pairs.iter().map(PairPlan::name).collect();
        assert_eq!(names, vec!["a.en-ar", "a.en-fa"]);
        let unpaired: Vec<&str> = s.unpaired.iter().map(|f| f.slug.as_str()).collect();
        assert_eq!(unpaired, vec!["b", "c"]);
        assert_eq!(s.skipped.len(), 1);
    }

    #[test]
    fn a_subfolder_of_alignments_is_skipped_with_its_reason() {
        // a fresh user's report: `run ../shared/corpora-seed` aligned its gold/ sentences as a
        // second pair of the same report
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("gold")).unwrap();
        for f in [
            "a.en.txt",
            "a.fa.txt",
            "gold/a.en.sent",
            "gold/a.fa.sent",
            "gold/a.en-fa.align",
        ] {
            std::fs::write(d.path().join(f), "x").unwrap();
        }
        let s = scan(d.path()).unwrap();
        let names: Vec<String> = s.pairs.iter().map(PairPlan::name).collect();
        assert_eq!(names, vec!["a.en-fa"]);
        assert_eq!(s.skipped.len(), 1);
        assert_eq!(s.skipped[0].0, d.path().join("gold"));
        assert!(
            s.skipped[0].1.contains(".align files"),
            "{}",
            s.skipped[0].1
        );
    }

    #[test]
    fn missing_folder_is_an_error_naming_it() {
        let e = scan(Path::new("/no/such/dir")).unwrap_err();
        assert!(e.to_string().contains("/no/such/dir"), "{e}");
    }
}
