//! How well a saved web page imports as its article, measured on Mozilla Readability's test
//! pages (each a saved page, `source.html`, with its main content cut by hand as
//! `expected.html` and its metadata as `expected-metadata.json`).
//!
//! ```text
//! git clone https://github.com/mozilla/readability
//! cargo run --release --example import_quality -- readability/test/test-pages
//! ```
//!
//! Prints, for the news pages and for every page: mean word precision, recall and F1 of the
//! imported text against the expected main text, with the main content kept (the default) and
//! with the whole page kept (what import did before), and how often the title, outlet and date
//! agree with the expected metadata. `--each` prints every page's figures.
//!
//! With `--pages-and-bodies DIR`, it measures on a folder laid out as Zyte's article
//! extraction benchmark is (github.com/scrapinghub/article-extraction-benchmark, its
//! `html/*.html.gz` unzipped): `DIR/ground-truth.json` maps each page's id to its
//! `articleBody`, and `DIR/html/<id>.html` is the page. Pages no extractor was tuned on.

use crosscheck::import::{ImportOptions, read_article};
use crosscheck::web_page::{html_to_text, normalise_date, word_agreement};
use std::path::{Path, PathBuf};

/// The test pages that are news reports (the rest are blogs, docs, wikis and edge cases).
const NEWS: &[&str] = &[
    "aktualne",
    "ars-1",
    "bbc-1",
    "breitbart",
    "buzzfeed-1",
    "citylab-1",
    "cnet",
    "cnn",
    "engadget",
    "folha",
    "gmw",
    "guardian-1",
    "heise",
    "herald-sun-1",
    "la-nacion",
    "lemonde-1",
    "liberation-1",
    "medicalnewstoday",
    "msn",
    "nytimes-1",
    "nytimes-2",
    "nytimes-3",
    "nytimes-4",
    "nytimes-5",
    "salon-1",
    "seattletimes-1",
    "telegraph",
    "theverge",
    "tmz-1",
    "wapo-1",
    "wapo-2",
    "yahoo-1",
    "yahoo-2",
    "yahoo-3",
    "yahoo-4",
];

#[derive(Default)]
struct Tally {
    pages: usize,
    main: [f64; 3],
    whole: [f64; 3],
    titles: (usize, usize),
    outlets: (usize, usize),
    dates: (usize, usize),
}

impl Tally {
    fn add(&mut self, page: &Page) {
        self.pages += 1;
        for i in 0..3 {
            self.main[i] += page.main[i];
            self.whole[i] += page.whole[i];
        }
        let count = |t: &mut (usize, usize), v: Option<bool>| {
            if let Some(right) = v {
                t.1 += 1;
                t.0 += usize::from(right);
            }
        };
        count(&mut self.titles, Some(page.title_right));
        count(&mut self.outlets, page.outlet_right);
        count(&mut self.dates, page.date_right);
    }

    fn print(&self, name: &str) {
        let n = self.pages.max(1) as f64;
        let pct = |(a, b): (usize, usize)| {
            format!("{a}/{b} ({:.0} %)", 100.0 * a as f64 / b.max(1) as f64)
        };
        println!("{name}: {} pages", self.pages);
        println!(
            "  main content (default): precision {:.3}, recall {:.3}, F1 {:.3}",
            self.main[0] / n,
            self.main[1] / n,
            self.main[2] / n
        );
        println!(
            "  whole page (before):    precision {:.3}, recall {:.3}, F1 {:.3}",
            self.whole[0] / n,
            self.whole[1] / n,
            self.whole[2] / n
        );
        println!(
            "  title right {}, outlet right {}, date right {}",
            pct(self.titles),
            pct(self.outlets),
            pct(self.dates)
        );
    }
}

struct Page {
    main: [f64; 3],
    whole: [f64; 3],
    title_right: bool,
    /// `None` when the expected metadata names no outlet.
    outlet_right: Option<bool>,
    date_right: Option<bool>,
}

fn same_words(a: &str, b: &str) -> bool {
    let fold = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    fold(a) == fold(b)
}

fn measure(dir: &Path) -> Result<Page, String> {
    let read =
        |name: &str| std::fs::read_to_string(dir.join(name)).map_err(|e| format!("{name}: {e}"));
    let expected_text = html_to_text(&read("expected.html")?).1;
    let metadata: serde_json::Value =
        serde_json::from_str(&read("expected-metadata.json")?).map_err(|e| e.to_string())?;
    let source = dir.join("source.html");
    let main = read_article(&source, ImportOptions::default())?;
    let whole = read_article(&source, ImportOptions { whole_page: true })?;
    let triple = |(p, r, f): (f64, f64, f64)| [p, r, f];
    let text = |key: &str| metadata.get(key).and_then(serde_json::Value::as_str);
    Ok(Page {
        main: triple(word_agreement(&main.text, &expected_text)),
        whole: triple(word_agreement(&whole.text, &expected_text)),
        title_right: text("title").is_some_and(|t| same_words(t, &main.title)),
        outlet_right: text("siteName").map(|s| same_words(s, &main.outlet)),
        date_right: text("publishedTime")
            .and_then(normalise_date)
            .map(|d| main.published.as_deref() == Some(d.as_str())),
    })
}

/// Word agreement over a folder of pages and their expected article bodies (plain text).
fn pages_and_bodies(root: &std::path::Path) {
    let truth: serde_json::Value = match std::fs::read_to_string(root.join("ground-truth.json"))
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
    {
        Ok(v) => v,
        Err(e) => {
            eprintln!("could not read ground-truth.json: {e} ({})", root.display());
            std::process::exit(2);
        }
    };
    let Some(pages) = truth.as_object() else {
        eprintln!("ground-truth.json is not an object ({})", root.display());
        std::process::exit(2);
    };
    let (mut n, mut main, mut whole) = (0usize, [0.0f64; 3], [0.0f64; 3]);
    let mut fallbacks = 0;
    let started = std::time::Instant::now();
    for (id, page) in pages {
        let Some(body) = page.get("articleBody").and_then(serde_json::Value::as_str) else {
            continue;
        };
        let path = root.join("html").join(format!("{id}.html"));
        let (Ok(kept), Ok(all)) = (
            read_article(&path, ImportOptions::default()),
            read_article(&path, ImportOptions { whole_page: true }),
        ) else {
            println!("{id}: not read");
            continue;
        };
        n += 1;
        fallbacks += usize::from(!kept.main_content);
        let (p_main, r_main, f_main) = word_agreement(&kept.text, body);
        let (p_whole, r_whole, f_whole) = word_agreement(&all.text, body);
        for (sum, value) in main.iter_mut().zip([p_main, r_main, f_main]) {
            *sum += value;
        }
        for (sum, value) in whole.iter_mut().zip([p_whole, r_whole, f_whole]) {
            *sum += value;
        }
    }
    let k = n.max(1) as f64;
    println!("{n} pages ({fallbacks} kept whole: no main content found)");
    println!(
        "  main content (default): precision {:.3}, recall {:.3}, F1 {:.3}",
        main[0] / k,
        main[1] / k,
        main[2] / k
    );
    println!(
        "  whole page (before):    precision {:.3}, recall {:.3}, F1 {:.3}",
        whole[0] / k,
        whole[1] / k,
        whole[2] / k
    );
    println!("read twice in {:.1} s", started.elapsed().as_secs_f64());
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--pages-and-bodies") {
        let Some(dir) = args.get(i + 1) else {
            eprintln!("usage: import_quality --pages-and-bodies DIR");
            std::process::exit(2);
        };
        pages_and_bodies(std::path::Path::new(dir));
        return;
    }
    let each = args.iter().any(|a| a == "--each");
    let Some(root) = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
    else {
        eprintln!("usage: import_quality PATH/TO/readability/test/test-pages [--each]");
        std::process::exit(2);
    };
    let mut dirs: Vec<PathBuf> = match std::fs::read_dir(&root) {
        Ok(rd) => rd.filter_map(Result::ok).map(|e| e.path()).collect(),
        Err(e) => {
            eprintln!("could not read the test pages: {e} ({})", root.display());
            std::process::exit(2);
        }
    };
    dirs.sort();
    let (mut news, mut all) = (Tally::default(), Tally::default());
    let started = std::time::Instant::now();
    for dir in &dirs {
        let name = dir.file_name().unwrap_or_default().to_string_lossy();
        match measure(dir) {
            Ok(page) => {
                if each {
                    println!(
                        "{name:<40} F1 {:.3} (whole page {:.3}) title {} outlet {:?} date {:?}",
                        page.main[2],
                        page.whole[2],
                        page.title_right,
                        page.outlet_right,
                        page.date_right
                    );
                }
                if NEWS.contains(&name.as_ref()) {
                    news.add(&page);
                }
                all.add(&page);
            }
            Err(e) => println!("{name}: not measured: {e}"),
        }
    }
    news.print("news pages");
    all.print("all pages");
    println!(
        "{} pages read twice in {:.1} s",
        all.pages,
        started.elapsed().as_secs_f64()
    );
}
