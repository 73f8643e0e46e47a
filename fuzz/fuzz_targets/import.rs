//! TMX, InterText TEI and ladder import: `export::tmx::read_tmx`, `export::import::import_file`.
#![no_main]
use dragoman::export;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn dir() -> &'static tempfile::TempDir {
    static D: OnceLock<tempfile::TempDir> = OnceLock::new();
    D.get_or_init(|| {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("a.xml"), "<doc language='en'><p id='1'><s id='1:1'>Hi.</s><s id='1:2'>Yo.</s></p></doc>").unwrap();
        std::fs::write(d.path().join("b.xml"), "<doc language='fa'><s id='1:1'>سلام.</s></doc>").unwrap();
        std::fs::write(d.path().join("t.en.sent"), "A.\nB.\n").unwrap();
        std::fs::write(d.path().join("t.fa.sent"), "الف.\n").unwrap();
        d
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = export::tmx::read_tmx(text);
    }
    let d = dir().path();
    for name in ["t.en-fa.tei.xml", "t.en-fa.ladder", "t.tmx"] {
        let p = d.join(name);
        std::fs::write(&p, data).unwrap();
        if let Ok((pairs, _)) = export::import::import_file(&p, None) {
            for pair in &pairs {
                export::check_alignment(&pair.alignment.beads, pair.src.len(), pair.tgt.len()).expect("import returned a bad alignment");
            }
        }
    }
});
