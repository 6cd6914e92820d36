//! Measures Crosscheck against the speed targets and prints each figure beside its target:
//! `cargo run --release --example bench` (`--json` for one JSON object per line).
//!
//! Frame times are CPU time of the real app UI (egui `Context::run` plus tessellation,
//! headless, no GPU). Projects come from `crosscheck::synth`, written to a temp folder.

use crosscheck::export::{self, Format};
use crosscheck::model::Project;
use crosscheck::store;
use crosscheck::ui::CrosscheckApp;
use std::path::{Path, PathBuf};
use std::time::Instant;

struct Figure {
    name: &'static str,
    value: f64,
    unit: &'static str,
    /// The figure must be at most this.
    target: f64,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn max(v: &[f64]) -> f64 {
    v.iter().copied().fold(0.0, f64::max)
}

const SCREEN: egui::Vec2 = egui::vec2(1600.0, 1000.0);

/// Runs frames of the app headless; `input` may add events to each frame. Returns ms each.
fn frames(
    ctx: &egui::Context,
    app: &mut CrosscheckApp,
    n: usize,
    mut input: impl FnMut(usize, &mut egui::RawInput, &mut CrosscheckApp),
) -> Vec<f64> {
    // The clock goes on across calls, as a window's does: animations need time to pass.
    static FRAME: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let clock = FRAME.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut raw = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, SCREEN)),
            #[allow(clippy::cast_precision_loss)]
            time: Some(clock as f64 / 60.0),
            ..Default::default()
        };
        input(i, &mut raw, app);
        let t = Instant::now();
        let mut out = ctx.run_ui(raw, |ui| app.ui_root(ui));
        let shapes = std::mem::take(&mut out.shapes);
        let _ = ctx.tessellate(shapes, out.pixels_per_point);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        out.textures_delta.clear();
    }
    times
}

fn synth_project(
    dir: &Path,
    name: &str,
    articles: usize,
    annotations: usize,
    kb: Option<usize>,
) -> PathBuf {
    crosscheck::synth::write(&dir.join(name), articles, annotations, kb, 70)
        .expect("write the synthetic project")
        .0
}

/// Peak resident memory (`VmHWM`) of a process, `"self"` or a pid, in MB.
fn peak_resident_mb(process: &str) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{process}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Start, frame time and memory on the sample project, headless.
fn sample_figures(figures: &mut Vec<Figure>) {
    // Start to first frame on the sample in process, headless: window and GL creation and
    // the process's own start are excluded (the window group measures those).
    let t = Instant::now();
    let mut app = CrosscheckApp::new(
        Some(PathBuf::from("samples/iran-hack/crosscheck.ron")),
        None,
    );
    let ctx = egui::Context::default();
    crosscheck::ui::fonts::install(&ctx);
    let _ = frames(&ctx, &mut app, 1, |_, _, _| {});
    figures.push(Figure {
        name: "start to first frame, sample, headless in process",
        value: t.elapsed().as_secs_f64() * 1000.0,
        unit: "ms",
        target: 300.0,
    });

    // Frame time on the sample.
    let _ = frames(&ctx, &mut app, 20, |_, _, _| {});
    let sample = frames(&ctx, &mut app, 300, |_, _, _| {});
    figures.push(Figure {
        name: "frame, sample project (median)",
        value: median(sample),
        unit: "ms",
        target: 1.0,
    });
    tab_figures(&ctx, &mut app, "sample", 4.0, figures);
    figures.push(Figure {
        name: "resident memory after the sample, headless",
        value: peak_resident_mb("self"),
        unit: "MB",
        target: 150.0,
    });
}

/// Frames with the Review tab, then the speakers map, open in the bottom panel: the first
/// (which finds the disagreements, or lays out the map) and the median of the next 200.
fn tab_figures(
    ctx: &egui::Context,
    app: &mut CrosscheckApp,
    project: &str,
    target: f64,
    figures: &mut Vec<Figure>,
) {
    use crosscheck::ui::state::BottomTab;
    for (tab, label) in [
        (BottomTab::Review, "Review tab"),
        (BottomTab::Speakers, "speakers map"),
    ] {
        if let Some(view) = app.view_mut() {
            view.bottom_tab = tab;
        }
        let first = frames(ctx, app, 1, |_, _, _| {});
        let _ = frames(ctx, app, 20, |_, _, _| {});
        let times = frames(ctx, app, 200, |_, _, _| {});
        figures.push(Figure {
            name: Box::leak(format!("frame, {project}, {label} open (median)").into_boxed_str()),
            value: median(times),
            unit: "ms",
            target,
        });
        figures.push(Figure {
            name: Box::leak(
                format!("frame, {project}, {label} opened (first frame)").into_boxed_str(),
            ),
            value: first[0],
            unit: "ms",
            target: 16.0,
        });
    }
    if let Some(view) = app.view_mut() {
        view.bottom_tab = BottomTab::Matrix;
    }
}

/// Frames, scrolling and resizing with four 200 KB columns.
fn big_figures(tmp: &Path, figures: &mut Vec<Figure>) {
    // 4 columns × 200 KB with 20,000 and 2,000 annotations.
    let mut big = Vec::new();
    for (name, annotations) in [("big20k", 20_000), ("big2k", 2_000)] {
        let path = synth_project(tmp, name, 4, annotations, Some(200));
        let mut app = CrosscheckApp::new(Some(path), None);
        let ctx = egui::Context::default();
        crosscheck::ui::fonts::install(&ctx);
        let _ = frames(&ctx, &mut app, 20, |_, _, _| {});
        let times = frames(&ctx, &mut app, 200, |_, _, _| {});
        big.push(median(times));
        if annotations == 20_000 {
            tab_figures(&ctx, &mut app, "20k annotations", 4.0, figures);
            // Scrolling a column: a wheel event over the second column every frame.
            let scroll = frames(&ctx, &mut app, 240, |i, raw, _| {
                let pos = egui::pos2(700.0, 500.0);
                raw.events.push(egui::Event::PointerMoved(pos));
                raw.events.push(egui::Event::MouseWheel {
                    unit: egui::MouseWheelUnit::Point,
                    delta: egui::vec2(0.0, if i < 120 { -40.0 } else { 40.0 }),
                    phase: egui::TouchPhase::Move,
                    modifiers: egui::Modifiers::NONE,
                    source: egui::MouseWheelSource::Wheel,
                });
            });
            figures.push(Figure {
                name: "scrolling a column, 20k annotations (worst frame)",
                value: max(&scroll[1..]),
                unit: "ms",
                target: 16.0,
            });
            // Resizing a column one point per frame, as a drag does.
            let first = app.project().map(|o| o.view.columns[0].clone());
            let resize = frames(&ctx, &mut app, 200, |i, _, app| {
                if let (Some(view), Some(id)) = (app.view_mut(), first.clone()) {
                    #[allow(clippy::cast_precision_loss)]
                    view.column_widths.insert(id, 300.0 + i as f32);
                }
            });
            figures.push(Figure {
                name: "resizing a column, 20k annotations (worst frame)",
                value: max(&resize[1..]),
                unit: "ms",
                target: 16.0,
            });
        }
    }
    figures.push(Figure {
        name: "frame, 4 × 200 KB, 20,000 annotations (median)",
        value: big[0],
        unit: "ms",
        target: 4.0,
    });
    figures.push(Figure {
        name: "frame 20,000 ÷ frame 2,000 annotations",
        value: big[0] / big[1],
        unit: "×",
        target: 1.5,
    });
}

/// Open, save and export of a 1,000-article, 100,000-annotation project.
fn huge_figures(tmp: &Path, figures: &mut Vec<Figure>, json: bool) {
    // Open and save a 1,000-article, 100,000-annotation project.
    let path = synth_project(tmp, "huge", 1000, 100_000, None);
    let source = std::fs::read_to_string(&path).expect("read synthetic project");
    // Medians of three: one open of 50 MB varies by ±50 ms on this machine.
    let bare_secs = median(
        (0..3)
            .map(|_| {
                let t = Instant::now();
                let bare: Project = ron::from_str(&source).expect("bare parse");
                let secs = t.elapsed().as_secs_f64();
                drop(bare);
                secs
            })
            .collect(),
    );
    let mut opens = Vec::new();
    let mut loaded = None;
    for _ in 0..3 {
        let t = Instant::now();
        let l = store::load(&path).expect("load synthetic project");
        opens.push(t.elapsed().as_secs_f64());
        loaded = Some(l);
    }
    let open_secs = median(opens);
    let loaded = loaded.expect("opened three times");
    figures.push(Figure {
        name: "open 1,000 articles / 100,000 annotations (median of 3)",
        value: open_secs * 1000.0,
        unit: "ms",
        target: 500.0,
    });
    figures.push(Figure {
        name: "open ÷ bare ron::from_str",
        value: open_secs / bare_secs,
        unit: "×",
        target: 1.5,
    });
    // Five saves in a row, as a user saves again and again; the figure is their median.
    // The 50 MB write() alone took 10 to 130 ms between saves on this machine (page cache
    // and ext4 block allocation on a full disk), so each save is printed too.
    let saves: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            store::save(loaded.document.project(), &path).expect("save");
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    figures.push(Figure {
        name: "save 100,000 annotations (median of 5)",
        value: median(saves.clone()),
        unit: "ms",
        target: 300.0,
    });
    if !json {
        let each: Vec<String> = saves.iter().map(|s| format!("{s:.0} ms")).collect();
        println!("saves: {}", each.join(", "));
        // Where a save's time goes: serialising, then writing and syncing to disk.
        let t = Instant::now();
        let text = store::to_ron(loaded.document.project()).expect("serialise");
        let serialise = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        store::write_atomic(&path, text.as_bytes(), true).expect("write");
        println!(
            "save by step: serialise {serialise:.0} ms ({:.0} MB), write with fsync {:.0} ms",
            text.len() as f64 / 1e6,
            t.elapsed().as_secs_f64() * 1000.0
        );
    }

    figures.push(merge_figure(tmp, loaded.document.project(), json));
    figures.extend(suggestion_figures(&loaded.document, json));
    figures.push(provenance_figure(&loaded.document, json));
    export_figure(&loaded.document, figures, json);
    if !json {
        println!("search: {}", search_line(&loaded.document));
    }
    let reanchor = reanchor_figure(&loaded.document, json);
    figures.push(Figure {
        name: "re-anchor 100,000 spans, every article changed",
        value: reanchor.as_secs_f64() * 1000.0,
        unit: "ms",
        target: 1000.0,
    });
}

/// Shared passages, citations and families across every pair of the 1,000 articles, on a
/// worker thread as the window would run it (an index from shingle to articles, not a
/// comparison of every pair of texts).
fn provenance_figure(huge: &crosscheck::document::Document, json: bool) -> Figure {
    let project = huge.project().clone();
    let texts: Vec<(crosscheck::model::ArticleId, crosscheck::text::ArticleText)> = project
        .articles
        .iter()
        .filter_map(|a| Some((a.id.clone(), huge.text(&a.id)?.clone())))
        .collect();
    let t = Instant::now();
    let (passages, families) = std::thread::spawn(move || {
        let refs: Vec<_> = texts
            .iter()
            .map(|(id, t)| (id.clone(), t.as_str()))
            .collect();
        let found = crosscheck::analysis::provenance::provenance(&project, &refs);
        (found.passages.len(), found.families.len())
    })
    .join()
    .expect("worker");
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    if !json {
        println!("provenance: {passages} shared passages, {families} families in 1,000 articles");
    }
    Figure {
        name: "shared passages and families, 1,000 articles, on a worker",
        value: ms,
        unit: "ms",
        target: 2000.0,
    }
}

/// Suggested attributions: one 200 KB article of real news text (the sample's articles
/// repeated) against the sample's entities and claims, and a whole 1,000-article project on
/// a worker thread, as the window runs it (texts read, then matched to the project).
fn suggestion_figures(huge: &crosscheck::document::Document, json: bool) -> Vec<Figure> {
    use crosscheck::attribution;
    let sample = store::load(Path::new("samples/iran-hack/crosscheck.ron")).expect("sample");
    let mut text = String::new();
    while text.len() < 200 * 1024 {
        for a in &sample.document.project().articles {
            if let Some(t) = sample.document.text(&a.id) {
                text.push_str(t.as_str());
                text.push_str("\n\n");
            }
        }
    }
    let article = crosscheck::text::ArticleText::new(&text);
    let matcher = attribution::Matcher::new(sample.document.project());
    let mut found = 0;
    let runs: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let raw = attribution::raw(&article);
            found = matcher.resolve(&"long".into(), &raw).len();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    let project = huge.project().clone();
    let texts: Vec<(crosscheck::model::ArticleId, crosscheck::text::ArticleText)> = project
        .articles
        .iter()
        .filter_map(|a| Some((a.id.clone(), huge.text(&a.id)?.clone())))
        .collect();
    let t = Instant::now();
    let whole = std::thread::spawn(move || {
        let refs: Vec<_> = texts.iter().map(|(id, t)| (id.clone(), t)).collect();
        let raws: std::collections::HashMap<_, _> =
            attribution::raw_all(&refs, 1).into_iter().collect();
        attribution::suggest(&project, &|id| raws.get(id).cloned()).len()
    })
    .join()
    .expect("worker");
    let whole_ms = t.elapsed().as_secs_f64() * 1000.0;
    if !json {
        println!(
            "suggestions: {found} in the {} KB article; {whole} in the 1,000 synthetic articles",
            text.len() / 1024
        );
    }
    vec![
        Figure {
            name: "suggest attributions, one 200 KB article (median of 5)",
            value: median(runs),
            unit: "ms",
            target: 50.0,
        },
        Figure {
            name: "suggest attributions, 1,000 articles, on a worker",
            value: whole_ms,
            unit: "ms",
            target: 2000.0,
        },
    ]
}

/// Two checkers' copies of 100,000 annotations, each with 1,000 changes of its own (notes
/// written, spans added, deleted and moved, entities linked; 50 notes changed on both sides
/// to conflict), merged as git runs the driver: three files read and parsed, merged, and the
/// result written to OURS.
fn merge_figure(tmp: &Path, base: &Project, json: bool) -> Figure {
    use crosscheck::model::{Annotation, AnnotationId};
    use std::sync::Arc;
    let change = |seed: usize, who: &str, shared: bool| -> Project {
        let mut p = base.clone();
        let n = p.annotations.len();
        let entity = p.entities[seed % p.entities.len()].id.clone();
        for i in 0..1000 {
            // Spread over the whole project; the first 50 of each side touch the same spans.
            let at = if shared && i < 50 {
                i * 97 % n
            } else {
                (i * 7919 + seed * 104_729) % n
            };
            let a = Arc::make_mut(&mut p.annotations[at]);
            match i % 5 {
                0 | 1 => a.note = format!("{who} checked this ({i})"),
                2 => {
                    a.entities.push(entity.clone());
                    a.entities.sort();
                    a.entities.dedup();
                }
                3 => a.created_by = Some(who.to_owned()),
                _ => a.note = format!("{who}: see the agency statement"),
            }
        }
        // Additions and deletions on top: each side adds 100 spans and deletes 100.
        for i in 0..100 {
            let mut copy = Annotation::clone(&p.annotations[(i * 131 + seed) % n]);
            copy.id = AnnotationId(format!("{who}-new-{i}"));
            p.annotations.push(Arc::new(copy));
        }
        for i in 0..100 {
            let at = (i * 389 + seed * 7) % p.annotations.len();
            p.annotations.remove(at);
        }
        p.annotations
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        p
    };
    let dir = tmp.join("merge");
    std::fs::create_dir_all(&dir).expect("merge folder");
    let (b, o, t) = (
        dir.join("base.ron"),
        dir.join("ours.ron"),
        dir.join("theirs.ron"),
    );
    store::save(base, &b).expect("save base");
    let ours = change(1, "alice", true);
    let theirs = change(2, "bob", true);
    let runs: Vec<f64> = (0..3)
        .map(|_| {
            store::save(&ours, &o).expect("save ours");
            store::save(&theirs, &t).expect("save theirs");
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let start = Instant::now();
            crosscheck::cli::team::merge(&b, &o, &t, &mut out, &mut err).expect("merge");
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    let merged = store::parse(&std::fs::read_to_string(&o).expect("merged"), &o).expect("parse");
    if !json {
        println!(
            "merge: {} annotations, {} conflicts; runs {}",
            merged.annotations.len(),
            merged.conflicts.len(),
            runs.iter()
                .map(|r| format!("{r:.0} ms"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Figure {
        name: "merge two 100,000-annotation copies, 1,000 changes each (median of 3)",
        value: median(runs),
        unit: "ms",
        target: 2000.0,
    }
}

/// Exports 100,000 annotations in every format, as the app does: the disagreements found
/// once (the window keeps them per revision), each export checking first that every span sits
/// on its quote (the document works that out once per state).
fn export_figure(project: &crosscheck::document::Document, figures: &mut Vec<Figure>, json: bool) {
    let t = Instant::now();
    let found = crosscheck::analysis::disagreements(project.project());
    let mut per_format = vec![format!(
        "finding disagreements {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    )];
    for format in Format::ALL {
        let f = Instant::now();
        // Each export first checks that every span sits on its quote, as the app's do.
        let (doc, left_out) = export::placed(project);
        assert!(
            left_out.is_empty(),
            "the synthetic spans all sit on their quotes"
        );
        if format.is_folder() {
            let _ = export::brat_files(&doc);
        } else {
            let mut sink = std::io::sink();
            export::write_with(&doc, &found, format, &mut sink).expect("export");
        }
        per_format.push(format!(
            "{format:?} {:.0} ms",
            f.elapsed().as_secs_f64() * 1000.0
        ));
    }
    if !json {
        println!("export by format: {}", per_format.join(", "));
    }
    figures.push(Figure {
        name: "export 100,000 annotations, every format",
        value: t.elapsed().as_secs_f64() * 1000.0,
        unit: "ms",
        target: 1000.0,
    });
}

/// Searches all 20 MB of text as the search box does at each keystroke (its folded texts
/// kept between queries): the first query that needs Unicode folding folds every article.
fn search_line(doc: &crosscheck::document::Document) -> String {
    let mut cache = crosscheck::search::FoldCache::default();
    let queries = [
        "security",
        "no such words",
        "nö such wörds",
        "nö such wörds again",
        "café",
        "«ادعا»",
    ];
    let timed: Vec<String> = queries
        .iter()
        .map(|q| {
            let t = Instant::now();
            let options = crosscheck::search::Options::default();
            let found = crosscheck::search::search_cached(doc, q, options, &mut cache);
            format!(
                "{q:?} {:.0} ms ({} hits{})",
                t.elapsed().as_secs_f64() * 1000.0,
                found.hits.len(),
                if found.cut_off { ", cut off" } else { "" }
            )
        })
        .collect();
    timed.join(", ")
}

/// Re-anchors every span after every article changed: a note inserted at the top, a word
/// changed near the middle, a few words deleted near the end. Returns the time taken.
fn reanchor_figure(doc: &crosscheck::document::Document, json: bool) -> std::time::Duration {
    let changed: Vec<(crosscheck::model::ArticleId, crosscheck::text::ArticleText)> = doc
        .project()
        .articles
        .iter()
        .filter_map(|a| {
            let old = doc.text(&a.id)?.as_str();
            let mid = old.len() / 2;
            let mid = (mid..old.len()).find(|i| old.is_char_boundary(*i))?;
            let end = old.len() * 9 / 10;
            let end = (end..old.len()).find(|i| old.is_char_boundary(*i))?;
            let cut = (end..old.len()).find(|i| old.is_char_boundary(*i) && *i >= end + 12)?;
            let new = format!(
                "Editor's note: this article was updated.\n{}{}{}",
                &old[..mid].replacen(" the ", " a ", 1),
                &old[mid..end],
                &old[cut..]
            );
            Some((a.id.clone(), crosscheck::text::ArticleText::new(&new)))
        })
        .collect();
    let t = Instant::now();
    let mut counts = [0usize; 4];
    for (id, text) in &changed {
        for found in crosscheck::anchor::locate_all(doc.project().annotations_of(id), text) {
            counts[match found {
                crosscheck::anchor::Anchoring::Exact => 0,
                crosscheck::anchor::Anchoring::Moved { .. } => 1,
                crosscheck::anchor::Anchoring::NeedsReview { .. } => 2,
                crosscheck::anchor::Anchoring::Orphan => 3,
            }] += 1;
        }
    }
    let reanchor = t.elapsed();
    if !json {
        println!(
            "re-anchoring: {} exact, {} moved, {} need review, {} orphaned",
            counts[0], counts[1], counts[2], counts[3]
        );
    }
    reanchor
}

/// Current resident memory (`VmRSS`) of this process, in MB.
fn resident_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Edits at 1,000 articles / 100,000 annotations, in a process of their own (`--edits-child`)
/// so that its memory is the app's after loading, not what the other groups left behind.
fn edit_figures(tmp: &Path, figures: &mut Vec<Figure>, json: bool) {
    let path = synth_project(tmp, "edits", 1000, 100_000, None);
    let exe = std::env::current_exe().expect("the bench's own path");
    let out = std::process::Command::new(exe)
        .arg("--edits-child")
        .arg(&path)
        .stderr(std::process::Stdio::inherit())
        .output()
        .expect("run the edits group");
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            if !json {
                println!("{line}");
            }
            continue;
        };
        let name = v["name"].as_str().unwrap_or_default().to_owned();
        figures.push(Figure {
            name: Box::leak(name.into_boxed_str()),
            value: v["value"].as_f64().unwrap_or(f64::NAN),
            unit: if v["unit"] == "MB" {
                "MB"
            } else if v["unit"] == "×" {
                "×"
            } else {
                "ms"
            },
            target: v["target"].as_f64().unwrap_or(0.0),
        });
    }
    if !out.status.success() {
        eprintln!("the edits group failed: {}", out.status);
    }
}

/// A small fixed-seed generator for picking edit targets.
struct Pick(u64);

impl Pick {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % (n.max(1) as u64)).unwrap_or(0)
    }
}

const EDIT_KINDS: [&str; 9] = [
    "link entity",
    "unlink entity",
    "add highlight",
    "delete highlight",
    "link claim",
    "edit note",
    "review",
    "edit claim",
    "rename entity",
];

/// The `i`th edit of a kind on the current document (targets picked at random, valid).
fn make_edit(
    doc: &crosscheck::document::Document,
    kind: &str,
    i: usize,
    pick: &mut Pick,
    found: &[std::sync::Arc<crosscheck::analysis::Disagreement>],
) -> crosscheck::document::Edit {
    use crosscheck::document::Edit;
    use crosscheck::model::{AnnotationId, ClaimLink, Review, ReviewState, Stance};
    let p = doc.project();
    let any = |pick: &mut Pick| p.annotations[pick.below(p.annotations.len())].id.clone();
    let entity = |pick: &mut Pick| p.entities[pick.below(p.entities.len())].id.clone();
    match kind {
        "link entity" => Edit::LinkEntity {
            annotation: any(pick),
            entity: entity(pick),
        },
        "unlink entity" => loop {
            let a = &p.annotations[pick.below(p.annotations.len())];
            if let Some(e) = a.entities.first() {
                break Edit::UnlinkEntity {
                    annotation: a.id.clone(),
                    entity: e.clone(),
                };
            }
        },
        "add highlight" => {
            let article = &p.articles[pick.below(p.articles.len())];
            let len = doc
                .text(&article.id)
                .map_or(0, crosscheck::text::ArticleText::char_count);
            let start = pick.below(len.saturating_sub(40));
            Edit::AddAnnotation {
                id: AnnotationId::random(),
                article: article.id.clone(),
                char_start: start,
                char_end: start + 1 + pick.below(30),
                entities: vec![entity(pick)],
                claims: vec![],
                created: "2026-12-06T09:00:00Z".into(),
            }
        }
        "delete highlight" => Edit::DeleteAnnotation(any(pick)),
        "link claim" => Edit::LinkClaim {
            annotation: any(pick),
            link: ClaimLink {
                created_by: None,
                claim: p.claims[pick.below(p.claims.len())].id.clone(),
                stance: if i.is_multiple_of(2) {
                    Stance::Asserts
                } else {
                    Stance::Denies
                },
                speaker: Some(entity(pick)),
            },
            replacing: None,
        },
        "edit note" => Edit::SetNote {
            annotation: any(pick),
            note: format!("checked against the agency statement ({i})"),
        },
        "review" => Edit::SetReview(Review {
            created_by: None,
            modified: None,
            modified_by: None,
            key: found[pick.below(found.len())].key.clone(),
            state: if i.is_multiple_of(2) {
                ReviewState::Confirmed
            } else {
                ReviewState::Explained
            },
            note: format!("review {i}"),
        }),
        "edit claim" => {
            let mut claim = p.claims[pick.below(p.claims.len())].clone();
            claim.statement = format!("{} ({i})", claim.statement);
            Edit::UpdateClaim(claim)
        }
        _ => {
            let mut e = p.entities[pick.below(p.entities.len())].clone();
            e.name = format!("Entity renamed {i}");
            Edit::UpdateEntity(e)
        }
    }
}

/// The edits group itself, in its own process: prints one JSON figure per line on stdout,
/// and the details as plain lines.
#[allow(clippy::too_many_lines)] // one measurement after another, in the order printed
fn edits_child(path: &Path) {
    let print = |name: &str, value: f64, unit: &str, target: f64| {
        println!(
            "{}",
            serde_json::json!({"name": name, "value": value, "unit": unit, "target": target})
        );
    };
    let loaded = store::load(path).expect("load the synthetic project");
    let mut doc = loaded.document;
    drop(loaded.problems);
    // The bench's own list of review targets, made before the app's memory is read.
    let found = crosscheck::analysis::disagreements(doc.project());
    let after_load = resident_mb();
    let mut pick = Pick(0x2545_f491_4f6c_dd1d);
    // Memory: 200 undoable edits of every kind but typing, then what the process holds.
    for i in 0..200 {
        let kind = EDIT_KINDS[i % EDIT_KINDS.len()];
        let edit = make_edit(&doc, kind, i, &mut pick, &found);
        doc.apply(edit).expect("a valid edit");
    }
    let after_edits = resident_mb();
    println!("memory: {after_load:.0} MB after load, {after_edits:.0} MB after 200 edits");
    print(
        "memory after 200 edits ÷ after load, 100,000 annotations",
        after_edits / after_load,
        "×",
        1.2,
    );
    // Each kind: 200 edits timed one by one, then undone and redone one by one.
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1000.0;
    let mut worst: f64 = 0.0;
    let (mut undo_medians, mut redo_medians, mut travel_worst) = (Vec::new(), Vec::new(), 0.0f64);
    for kind in EDIT_KINDS {
        let mut times = Vec::with_capacity(200);
        for i in 0..200 {
            let edit = make_edit(&doc, kind, i, &mut pick, &found);
            let t = Instant::now();
            doc.apply(edit).expect("a valid edit");
            times.push(ms(t));
        }
        let undo: Vec<f64> = (0..200)
            .map(|_| {
                let t = Instant::now();
                doc.undo();
                ms(t)
            })
            .collect();
        let redo: Vec<f64> = (0..200)
            .map(|_| {
                let t = Instant::now();
                doc.redo();
                ms(t)
            })
            .collect();
        println!(
            "{kind}: edit median {:.3} ms, worst {:.3}; undo median {:.3}, worst {:.3}; redo median {:.3}, worst {:.3}",
            median(times.clone()),
            max(&times),
            median(undo.clone()),
            max(&undo),
            median(redo.clone()),
            max(&redo)
        );
        worst = worst.max(max(&times));
        travel_worst = travel_worst.max(max(&undo)).max(max(&redo));
        undo_medians.push(median(undo));
        redo_medians.push(median(redo));
        print(
            &format!("edit: {kind}, 100,000 annotations (median of 200)"),
            median(times),
            "ms",
            1.0,
        );
    }
    print(
        "edit: any kind, 100,000 annotations (worst of 200 each)",
        worst,
        "ms",
        5.0,
    );
    // Typing a note: one keystroke after another on one highlight.
    let typed = doc.project().annotations[7].id.clone();
    let mut note = String::new();
    let keys: Vec<f64> = (0..200)
        .map(|i| {
            note.push(if i % 6 == 5 { ' ' } else { 'x' });
            let t = Instant::now();
            doc.apply(crosscheck::document::Edit::SetNote {
                annotation: typed.clone(),
                note: note.clone(),
            })
            .expect("a valid note");
            ms(t)
        })
        .collect();
    print(
        "keystroke in a note, 100,000 annotations (median of 200)",
        median(keys),
        "ms",
        1.0,
    );
    print(
        "undo, slowest kind, 100,000 annotations (median of 200)",
        undo_medians.iter().copied().fold(0.0, f64::max),
        "ms",
        1.0,
    );
    print(
        "redo, slowest kind, 100,000 annotations (median of 200)",
        redo_medians.iter().copied().fold(0.0, f64::max),
        "ms",
        1.0,
    );
    print(
        "undo or redo, any kind, 100,000 annotations (worst)",
        travel_worst,
        "ms",
        5.0,
    );
    drop(doc);
    frame_after_edit_figures(path, &found, &print);
}

/// The window's frame after an edit, with the matrix or the review tab open and the edited
/// highlight selected (its curves drawn): the frame that applies the edit and the next one.
fn frame_after_edit_figures(
    path: &Path,
    found: &[std::sync::Arc<crosscheck::analysis::Disagreement>],
    print: &dyn Fn(&str, f64, &str, f64),
) {
    use crosscheck::ui::state::{BottomTab, Selected};
    let mut app = CrosscheckApp::new(Some(path.to_path_buf()), None);
    let ctx = egui::Context::default();
    crosscheck::ui::fonts::install(&ctx);
    let mut pick = Pick(0x9e37_79b9_7f4a_7c15);
    for (tab, name) in [
        (
            BottomTab::Matrix,
            "frame after an edit, matrix tab open, 100,000 annotations (worst of 60)",
        ),
        (
            BottomTab::Review,
            "frame after an edit, review tab open, 100,000 annotations (worst of 60)",
        ),
        (
            BottomTab::Speakers,
            "frame after an edit, speakers map open, 100,000 annotations (worst of 60)",
        ),
    ] {
        if let Some(view) = app.view_mut() {
            view.bottom_tab = tab;
        }
        let _ = frames(&ctx, &mut app, 10, |_, _, _| {});
        let mut worst: f64 = 0.0;
        let mut all = Vec::new();
        for i in 0..60 {
            let kind = [
                "link entity",
                "link claim",
                "edit note",
                "add highlight",
                "delete highlight",
                "review",
            ][i % 6];
            let Some(doc) = app.project().map(|o| &o.doc) else {
                return;
            };
            let edit = make_edit(doc, kind, i, &mut pick, found);
            let target = match &edit {
                crosscheck::document::Edit::LinkEntity { annotation, .. }
                | crosscheck::document::Edit::LinkClaim { annotation, .. }
                | crosscheck::document::Edit::SetNote { annotation, .. } => {
                    Some(annotation.clone())
                }
                _ => None,
            };
            if let (Some(view), Some(id)) = (app.view_mut(), target) {
                view.selected = Some(Selected::Annotation(id));
            }
            app.queue_edit(edit);
            let times = frames(&ctx, &mut app, 2, |_, _, _| {});
            if std::env::var_os("BENCH_VERBOSE").is_some() {
                eprintln!("{name}: {kind} {times:.2?}");
            }
            worst = worst.max(max(&times));
            all.extend(times);
        }
        println!("{name}: median {:.2} ms", median(all));
        print(name, worst, "ms", 16.0);
    }
}

/// The sample opened in a real window: the bench runs itself as the app (`--window-child`),
/// as a newcomer's first `cargo run` does, with a fresh home folder (no preferences, no
/// recent list), on a private Xvfb when there is one, else on `$DISPLAY`. Each start is timed
/// from the process's start to the app's log line for the first frame on screen.
fn window_figures(tmp: &Path, figures: &mut Vec<Figure>, json: bool) {
    let (display, xvfb) = match private_xvfb() {
        Some((display, child)) => (display, Some(child)),
        None => match std::env::var("DISPLAY") {
            Ok(display) if !display.is_empty() => (display, None),
            _ => {
                eprintln!(
                    "window figures not measured: no Xvfb on PATH and no DISPLAY (apt-get install xvfb)"
                );
                (String::new(), None)
            }
        },
    };
    let mut starts = Vec::new();
    let mut peak_mb: f64 = f64::NAN;
    if !display.is_empty() {
        for run in 0..5 {
            match start_window(tmp, &display, run) {
                Ok((ms, mb)) => {
                    starts.push(ms);
                    peak_mb = if peak_mb.is_nan() {
                        mb
                    } else {
                        peak_mb.max(mb)
                    };
                }
                Err(e) => eprintln!("window start {run}: {e}"),
            }
        }
    }
    if let Some(mut xvfb) = xvfb {
        let _ = xvfb.kill();
        let _ = xvfb.wait();
    }
    if !json && !starts.is_empty() {
        let each: Vec<String> = starts.iter().map(|s| format!("{s:.0} ms")).collect();
        println!(
            "window starts on {display}: {} (peak resident {peak_mb:.0} MB)",
            each.join(", ")
        );
    }
    figures.push(Figure {
        name: "cold start to first frame on screen, sample (median of 5)",
        value: if starts.is_empty() {
            f64::NAN
        } else {
            median(starts)
        },
        unit: "ms",
        target: 300.0,
    });
    figures.push(Figure {
        name: "resident memory of the window, sample (peak)",
        value: peak_mb,
        unit: "MB",
        target: 150.0,
    });
}

/// Starts `Xvfb` on a free display number; `None` when there is no Xvfb.
fn private_xvfb() -> Option<(String, std::process::Child)> {
    let number = (90..190).find(|n| {
        !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
            && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
    })?;
    let display = format!(":{number}");
    let mut child = std::process::Command::new("Xvfb")
        .args([
            display.as_str(),
            "-screen",
            "0",
            "1600x1000x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let socket = format!("/tmp/.X11-unix/X{number}");
    for _ in 0..100 {
        if Path::new(&socket).exists() {
            return Some((display, child));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// One start of the window: ms to the first frame on screen, and the peak resident memory
/// (MB) a second after it, when the window has settled.
fn start_window(tmp: &Path, display: &str, run: usize) -> Result<(f64, f64), String> {
    use std::io::BufRead;
    let home = tmp.join(format!("home-{run}"));
    std::fs::create_dir_all(&home).map_err(|e| e.to_string())?;
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut child = std::process::Command::new(exe)
        .args(["--window-child", "samples/iran-hack/crosscheck.ron"])
        .env("DISPLAY", display)
        .env_remove("WAYLAND_DISPLAY")
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("RUST_LOG", "crosscheck=info")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let pid = child.id();
    let stderr = child.stderr.take().ok_or("no stderr")?;
    // The log is read on a thread so that a window that never shows cannot hang the bench.
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut said = Vec::new();
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let ms = line
                .split_once("first frame on screen ")
                .and_then(|(_, rest)| rest.split_once(" ms"))
                .and_then(|(ms, _)| ms.parse::<f64>().ok());
            if let Some(ms) = ms {
                let _ = send.send(Ok(ms));
                return;
            }
            said.push(line);
        }
        let _ = send.send(Err(said.join("\n")));
    });
    let result = match receive.recv_timeout(std::time::Duration::from_secs(20)) {
        Ok(Ok(ms)) => {
            std::thread::sleep(std::time::Duration::from_secs(1));
            Ok((ms, peak_resident_mb(&pid.to_string())))
        }
        Ok(Err(said)) => Err(format!("the window did not show: {said}")),
        Err(_) => Err("no first frame within 20 s".to_owned()),
    };
    let _ = child.kill();
    let _ = child.wait();
    result
}

/// The allocator of the `crosscheck` binary (see `src/main.rs`), so the figures are its.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let started = Instant::now();
    let args: Vec<String> = std::env::args().collect();
    // The app itself, started by `window_figures`.
    if let Some(i) = args.iter().position(|a| a == "--window-child") {
        env_logger::init();
        let project = args.get(i + 1).map(PathBuf::from);
        if let Err(e) = crosscheck::ui::run(project, started) {
            eprintln!("{e:#}");
        }
        return;
    }
    // The edits group, started by `edit_figures`.
    if let Some(i) = args.iter().position(|a| a == "--edits-child") {
        let path = args.get(i + 1).map(PathBuf::from).unwrap_or_default();
        edits_child(&path);
        return;
    }
    let json = args.iter().any(|a| a == "--json");
    let mut figures = Vec::new();
    let tmp = std::env::temp_dir().join(format!("crosscheck-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&tmp);

    // `--only sample|window|big|huge|edits` runs one group (the others take a while to set up).
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let run = |group: &str| only.as_deref().is_none_or(|o| o == group);
    if run("sample") {
        sample_figures(&mut figures);
    }
    if run("window") {
        window_figures(&tmp, &mut figures, json);
    }
    if run("big") {
        big_figures(&tmp, &mut figures);
    }
    if run("huge") {
        huge_figures(&tmp, &mut figures, json);
    }
    if run("edits") {
        edit_figures(&tmp, &mut figures, json);
    }

    let _ = std::fs::remove_dir_all(&tmp);
    for f in &figures {
        let met = f.value <= f.target;
        let verdict = if f.value.is_nan() {
            "NOT MEASURED"
        } else if met {
            "met"
        } else {
            "MISSED"
        };
        if json {
            println!(
                "{}",
                serde_json::json!({"name": f.name, "value": f.value, "unit": f.unit, "target": f.target, "met": met})
            );
        } else {
            println!(
                "{:<55} {:>10.2} {:<3} target ≤ {:<8} {}",
                f.name, f.value, f.unit, f.target, verdict
            );
        }
    }
}
