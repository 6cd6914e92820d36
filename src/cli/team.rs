//! Commands for checkers who share a project through git: the merge driver, the diff (and
//! textconv) driver, their setup, and agreement between two copies.

use super::Outcome;
use crate::model::Project;
use crate::store;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

/// The line `git-setup` puts in `.gitattributes`.
pub const ATTRIBUTES: &str = "*.ron merge=crosscheck diff=crosscheck";

/// A project file read and parsed for comparing (article texts are not needed), or why not.
fn parse_file(path: &Path) -> Result<(String, Project), String> {
    let source = std::fs::read_to_string(path)
        .map_err(|e| format!("crosscheck: cannot read {}: {e}", path.display()))?;
    let mut p = store::parse(&source, path).map_err(|e| format!("crosscheck: {e}"))?;
    store::normalise(&mut p);
    Ok((source, p))
}

/// [`parse_file`], its error written to `err`.
fn read(path: &Path, err: &mut dyn Write) -> std::io::Result<Option<(String, Project)>> {
    match parse_file(path) {
        Ok(x) => Ok(Some(x)),
        Err(e) => {
            writeln!(err, "{e}")?;
            Ok(None)
        }
    }
}

/// Several project files read and parsed side by side (three 50 MB files are most of a
/// merge's time); each error written to `err`.
fn read_all<const N: usize>(
    paths: [&Path; N],
    err: &mut dyn Write,
) -> std::io::Result<Option<[(String, Project); N]>> {
    let results: Vec<Result<(String, Project), String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .iter()
            .map(|p| scope.spawn(move || parse_file(p)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut ok = Vec::with_capacity(N);
    for r in results {
        match r {
            Ok(x) => ok.push(x),
            Err(e) => writeln!(err, "{e}")?,
        }
    }
    Ok(ok.try_into().ok())
}

/// `crosscheck merge BASE OURS THEIRS`, git's `%O %A %B`: the merged project is written to
/// OURS. Clean (0) when no conflict remains; 1 when the merged project records conflicts (open
/// it to resolve them in the Conflicts tab); 2, with OURS untouched, when a file cannot be read.
///
/// # Errors
/// Only when writing to `out` or `err` fails.
pub fn merge(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let Some([(b_src, b), (o_src, o), (t_src, t)]) = read_all([base, ours, theirs], err)? else {
        writeln!(
            err,
            "crosscheck merge: nothing written; {} is unchanged",
            ours.display()
        )?;
        return Ok(Outcome::Failed);
    };
    // What git would do with identical copies, kept byte for byte.
    let result = if o_src == t_src || t_src == b_src {
        None
    } else if o_src == b_src {
        Some((t_src, t.conflicts.len(), 0))
    } else {
        let merged = crate::merge::merge(&b, &o, &t);
        let open = merged.project.conflicts.len();
        match store::to_ron(&merged.project) {
            Ok(text) => Some((text, open, merged.new_conflicts)),
            Err(e) => {
                writeln!(err, "crosscheck merge: cannot write the result: {e}")?;
                return Ok(Outcome::Failed);
            }
        }
    };
    let open = match result {
        None => o.conflicts.len(),
        Some((text, open, new)) => {
            if let Err(e) = store::write_atomic(ours, text.as_bytes(), false) {
                writeln!(
                    err,
                    "crosscheck merge: cannot write {}: {e}",
                    ours.display()
                )?;
                return Ok(Outcome::Failed);
            }
            if new > 0 {
                writeln!(
                    out,
                    "crosscheck merge: {new} conflict(s) recorded in the project"
                )?;
            }
            open
        }
    };
    if open == 0 {
        Ok(Outcome::Clean)
    } else {
        writeln!(
            err,
            "crosscheck merge: {open} conflict(s) to resolve: open the project in Crosscheck (Conflicts tab), save, then `git add` it"
        )?;
        Ok(Outcome::Problems)
    }
}

/// `crosscheck diff A B`: every difference in words; `crosscheck diff FILE`: the project one
/// line per item (git's textconv).
///
/// # Errors
/// Only when writing to `out` or `err` fails.
pub fn diff(
    a: &Path,
    b: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let Some((_, pa)) = read(a, err)? else {
        return Ok(Outcome::Failed);
    };
    let Some(b) = b else {
        out.write_all(crate::diff::listing(&pa).as_bytes())?;
        return Ok(Outcome::Clean);
    };
    let Some((_, pb)) = read(b, err)? else {
        return Ok(Outcome::Failed);
    };
    let lines = crate::diff::changes(&pa, &pb);
    for line in &lines {
        writeln!(out, "{line}")?;
    }
    Ok(if lines.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Problems
    })
}

/// `crosscheck agreement A B`: how far two copies agree, per article and overall.
///
/// # Errors
/// Only when writing to `out` or `err` fails.
pub fn agreement(
    a: &Path,
    b: &Path,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let Some([(_, pa), (_, pb)]) = read_all([a, b], err)? else {
        return Ok(Outcome::Failed);
    };
    let result = crate::agreement::agreement(&pa, &pb);
    if json {
        let text = serde_json::to_string_pretty(&result).map_err(crate::cli::json_io)?;
        writeln!(out, "{text}")?;
    } else {
        out.write_all(crate::agreement::report(&result).as_bytes())?;
    }
    Ok(Outcome::Clean)
}

/// Runs git in `dir`; its stdout, or why it failed.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Process::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_owned())
    }
}

/// `crosscheck git-setup [DIR]`: makes git merge and diff project files with Crosscheck in
/// the repository at DIR (or here): the `.gitattributes` line and the local `git config`
/// of the two drivers. Running it again changes nothing.
///
/// # Errors
/// Only when writing to `out` or `err` fails.
pub fn git_setup(
    dir: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let dir = dir.map_or_else(|| PathBuf::from("."), Path::to_owned);
    let root = match git(&dir, &["rev-parse", "--show-toplevel"]) {
        Ok(r) => PathBuf::from(r),
        Err(e) => {
            writeln!(
                err,
                "crosscheck git-setup: {} is not inside a git repository ({e})",
                dir.display()
            )?;
            return Ok(Outcome::Failed);
        }
    };
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.to_str().map(str::to_owned))
        .unwrap_or_else(|| "crosscheck".to_owned());
    let exe = if exe.contains([' ', '\'', '"']) {
        format!("'{}'", exe.replace('\'', r"'\''"))
    } else {
        exe
    };
    let attributes = root.join(".gitattributes");
    let existing = std::fs::read_to_string(&attributes).unwrap_or_default();
    if existing.lines().any(|l| l.trim() == ATTRIBUTES) {
        writeln!(out, "{} already has: {ATTRIBUTES}", attributes.display())?;
    } else {
        let mut text = existing;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(ATTRIBUTES);
        text.push('\n');
        if let Err(e) = store::write_atomic(&attributes, text.as_bytes(), false) {
            writeln!(
                err,
                "crosscheck git-setup: cannot write {}: {e}",
                attributes.display()
            )?;
            return Ok(Outcome::Failed);
        }
        writeln!(out, "added to {}: {ATTRIBUTES}", attributes.display())?;
    }
    let settings = [
        (
            "merge.crosscheck.name",
            "Crosscheck project merge".to_owned(),
        ),
        ("merge.crosscheck.driver", format!("{exe} merge %O %A %B")),
        ("diff.crosscheck.textconv", format!("{exe} diff")),
    ];
    for (key, value) in settings {
        if let Err(e) = git(&root, &["config", "--local", key, &value]) {
            writeln!(err, "crosscheck git-setup: git config {key} failed: {e}")?;
            return Ok(Outcome::Failed);
        }
        writeln!(out, "git config {key} \"{value}\"")?;
    }
    writeln!(
        out,
        "Commit .gitattributes; every clone runs `crosscheck git-setup` once (git config is not shared)."
    )?;
    Ok(Outcome::Clean)
}
