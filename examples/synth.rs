//! Generates a realistic synthetic project of any size, for benchmarks:
//! `cargo run --release --example synth -- --articles 1000 --annotations 100000 -o DIR`.
//!
//! Articles are paragraphs of news-like sentences (with some non-ASCII text), between 1 and
//! 40 KB unless `--article-kb` fixes their size; annotations cover words and phrases, some
//! nested and overlapping; a tenth of them speak to claims with stances and speakers.
//! The same arguments give the same project (a fixed-seed generator).

use std::path::PathBuf;

struct Args {
    articles: usize,
    annotations: usize,
    article_kb: Option<usize>,
    entities: usize,
    out: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        articles: 100,
        annotations: 10_000,
        article_kb: None,
        entities: 70,
        out: PathBuf::from("synth"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--articles" => {
                args.articles = value()?.parse().map_err(|e| format!("--articles: {e}"))?;
            }
            "--annotations" => {
                args.annotations = value()?
                    .parse()
                    .map_err(|e| format!("--annotations: {e}"))?;
            }
            "--article-kb" => {
                args.article_kb = Some(value()?.parse().map_err(|e| format!("--article-kb: {e}"))?);
            }
            "--entities" => {
                args.entities = value()?.parse().map_err(|e| format!("--entities: {e}"))?;
            }
            "-o" | "--output" => args.out = PathBuf::from(value()?),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!(
                "synth: {e}\nusage: synth --articles N --annotations M [--article-kb K] [--entities E] -o DIR"
            );
            std::process::exit(2);
        }
    };
    let (project, doc) = match crosscheck::synth::write(
        &args.out,
        args.articles,
        args.annotations,
        args.article_kb,
        args.entities,
    ) {
        Ok(written) => written,
        Err(e) => {
            eprintln!("synth: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "{} articles, {} annotations, {} claims → {}",
        doc.project().articles.len(),
        doc.project().annotations.len(),
        doc.project().claims.len(),
        project.display()
    );
}
