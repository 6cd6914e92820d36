//! A process killed while it saves leaves the old project or the new one, never a broken
//! file. The test binary re-runs itself as the saver (`saver_child`, which does nothing
//! unless `CROSSCHECK_SAVER` names a project file) and kills it at varied moments, 50 times.

// Tests fail loudly by unwrapping.
#![allow(clippy::unwrap_used, clippy::case_sensitive_file_extension_comparisons)]

use crosscheck::model::Project;
use crosscheck::store;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const KILLS: usize = 50;

/// The two projects the saver alternates between: large enough that a save takes a while.
fn versions() -> (Project, Project) {
    let (doc, _) = crosscheck::synth::generate(40, 12_000, Some(4), 70);
    let a = doc.project().clone();
    let mut b = a.clone();
    b.name = "Version B".into();
    b.annotations.truncate(11_000);
    (a, b)
}

/// Not a test on its own: the process the parent test kills.
#[test]
fn saver_child() {
    let Ok(path) = std::env::var("CROSSCHECK_SAVER") else {
        return;
    };
    let (a, b) = versions();
    // Serialised once: the kills are meant for the write, which is what must be atomic.
    let a = store::to_ron(&a).unwrap();
    let b = store::to_ron(&b).unwrap();
    let path = Path::new(&path);
    println!("ready");
    std::io::Write::flush(&mut std::io::stdout()).unwrap();
    loop {
        // What `store::save` does after serialising: temp file, fsync, rename, keep `.bak`.
        store::write_atomic(path, a.as_bytes(), true).unwrap();
        store::write_atomic(path, b.as_bytes(), true).unwrap();
    }
}

/// A small xorshift, so the kill times vary but every run uses the same ones.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn a_save_killed_at_any_moment_leaves_the_old_or_the_new_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crosscheck.ron");
    let (a, b) = versions();
    let a_text = store::to_ron(&a).unwrap();
    let b_text = store::to_ron(&b).unwrap();
    store::save(&a, &path).unwrap();

    // How long one write takes here, so the kills spread over several of them.
    let t = Instant::now();
    store::write_atomic(&path, a_text.as_bytes(), true).unwrap();
    let save_ms = u64::try_from(t.elapsed().as_millis()).unwrap().max(1);

    let exe = std::env::current_exe().unwrap();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let (mut saw_a, mut saw_b) = (0, 0);
    let mut cut_writes = std::collections::BTreeSet::new();
    for kill in 0..KILLS {
        let mut child = Command::new(&exe)
            .args(["--exact", "saver_child", "--nocapture", "--test-threads=1"])
            .env("CROSSCHECK_SAVER", &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Once it is saving: up to four writes' worth of time.
        // (The test harness prints its own lines first.)
        let ready = BufReader::new(child.stdout.take().unwrap())
            .lines()
            .map_while(Result::ok)
            .any(|l| l.contains("ready"));
        assert!(ready, "kill {kill}: the saver did not start");
        std::thread::sleep(Duration::from_micros(rng.below(save_ms * 4000)));
        child.kill().unwrap();
        child.wait().unwrap();

        let on_disk = std::fs::read_to_string(&path).unwrap();
        assert!(
            on_disk == a_text || on_disk == b_text,
            "kill {kill}: the project file is neither version ({} bytes)",
            on_disk.len()
        );
        // The rolling backup is always a whole earlier version too.
        if let Ok(bak) = std::fs::read_to_string(store::backup_path(&path)) {
            assert!(bak == a_text || bak == b_text, "kill {kill}: broken .bak");
        }
        let loaded = store::load(&path).unwrap();
        if loaded.document.project() == &a {
            saw_a += 1;
        } else {
            assert_eq!(loaded.document.project(), &b);
            saw_b += 1;
        }
        // A temp file left behind is a write the kill cut off (`.bak.tmp` ones are the
        // backup's hard link, made before the write).
        for e in std::fs::read_dir(dir.path()).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".tmp") && !name.ends_with(".bak.tmp") {
                cut_writes.insert(name);
            }
        }
    }
    eprintln!(
        "{KILLS} kills (a write takes {save_ms} ms here): {saw_a} left version A, {saw_b} version B; {} kills cut a write off mid-way",
        cut_writes.len()
    );
    assert!(
        cut_writes.len() >= KILLS / 4,
        "most kills should land inside a write"
    );
    assert_eq!(saw_a + saw_b, KILLS);

    // Left-over temp files are ignored by loading and removed by the next save once stale.
    let stale = std::time::SystemTime::now() - Duration::from_hours(1);
    for e in std::fs::read_dir(dir.path()).unwrap() {
        let e = e.unwrap();
        if e.file_name().to_string_lossy().ends_with(".tmp") {
            std::fs::File::options()
                .write(true)
                .open(e.path())
                .unwrap()
                .set_modified(stale)
                .unwrap();
        }
    }
    store::save(&a, &path).unwrap();
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
