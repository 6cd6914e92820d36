//! The loader's fuzz target, run as a bounded property test (`PROPTEST_CASES` sets how many
//! inputs; CI uses the default): arbitrary bytes, and a valid project (of the current format or
//! of format 2, whose pair reviews are migrated) cut, flipped and spliced,
//! never make `store::load` panic, and every error names the file (and, for syntax, where).

// Tests fail loudly by unwrapping, and write their fixtures directly.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use crosscheck::store::{self, LoadError};
use proptest::prelude::*;
use std::fs;
use std::path::Path;

/// A valid project of the current format, or of format 2 (its pair reviews take the
/// migration path).
fn valid(old: bool) -> Vec<u8> {
    let version = if old { 2 } else { 3 };
    fs::read(format!("tests/fixtures/v{version}/crosscheck.ron")).unwrap()
}

/// Loads `bytes` as a project beside the fixture's articles (so problems with spans and
/// hashes are reached too) and checks what comes back.
fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("articles")).unwrap();
    for e in fs::read_dir("tests/fixtures/v3/articles").unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), dir.path().join("articles").join(e.file_name())).unwrap();
    }
    let path = dir.path().join("crosscheck.ron");
    fs::write(&path, bytes).unwrap();
    match store::load(&path) {
        Ok(loaded) => {
            // Whatever opened can be saved and opened again.
            let text = store::to_ron(loaded.document.project()).unwrap();
            prop_assert!(store::parse(&text, Path::new("again.ron")).is_ok());
        }
        Err(e) => {
            let msg = e.to_string();
            prop_assert!(msg.contains(&path.display().to_string()), "{}", msg);
            if let LoadError::Syntax { line, column, .. } = e {
                prop_assert!(line >= 1 && column >= 1, "{}", msg);
                prop_assert!(msg.contains(&format!(" at {line}:{column} ")), "{}", msg);
            }
        }
    }
    prop_assert_eq!(fs::read(&path).unwrap(), bytes, "loading never writes");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(1000),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes)?;
    }

    #[test]
    fn a_valid_project_cut_flipped_and_spliced(
        old in any::<bool>(),
        cut in 0.0..1.0f64,
        flips in prop::collection::vec((0.0..1.0f64, any::<u8>()), 0..6),
        splice in prop::option::of((0.0..1.0f64, 0.0..1.0f64, 1usize..400)),
    ) {
        let mut bytes = valid(old);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let at = |f: f64, len: usize| ((len as f64) * f) as usize;
        for (pos, b) in flips {
            let i = at(pos, bytes.len()).min(bytes.len() - 1);
            bytes[i] = b;
        }
        if let Some((from, to, len)) = splice {
            let from = at(from, bytes.len());
            let to = at(to, bytes.len());
            let piece: Vec<u8> = bytes[from..(from + len).min(bytes.len())].to_vec();
            bytes.splice(to..to, piece);
        }
        if cut < 0.5 {
            let keep = at(cut * 2.0, bytes.len());
            bytes.truncate(keep);
        }
        check(&bytes)?;
    }
}
