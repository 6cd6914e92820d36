//! Synthetic projects of any size for benchmarks and the `synth` example: news-like
//! articles, overlapping and nested spans, claims with stances. Deterministic: the same
//! sizes give the same project.

use crate::document::{Document, Edit};
use crate::model::{
    AnnotationId, Article, Claim, ClaimId, ClaimLink, Entity, EntityId, EntityKind, Project, Rgb,
    Stance, Verdict,
};
use crate::text::{ArticleText, sha256_hex};
use std::collections::BTreeMap;

/// xorshift64*: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        // The remainder is below `n`, so it fits a usize.
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }
}

const WORDS: [&str; 48] = [
    "officials",
    "campaign",
    "said",
    "the",
    "election",
    "hackers",
    "intelligence",
    "Iran",
    "statement",
    "agencies",
    "denied",
    "accused",
    "documents",
    "emails",
    "phishing",
    "report",
    "Microsoft",
    "Google",
    "sources",
    "evidence",
    "according",
    "spokesman",
    "federal",
    "mission",
    "Tehran",
    "Washington",
    "influence",
    "operation",
    "internal",
    "targeted",
    "confirmed",
    "unsubstantiated",
    "claims",
    "breach",
    "security",
    "national",
    "group",
    "attack",
    "week",
    "Monday",
    "«ادعا»",
    "café",
    "naïve",
    "👍",
    "percent",
    "voters",
    "and",
    "of",
];

fn sentence(rng: &mut Rng) -> String {
    let n = 8 + rng.below(18);
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        let w = WORDS[rng.below(WORDS.len())];
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

fn article_text(rng: &mut Rng, bytes: usize) -> String {
    let mut t = String::new();
    while t.len() < bytes {
        let sentences = 2 + rng.below(6);
        for i in 0..sentences {
            if i > 0 {
                t.push(' ');
            }
            t.push_str(&sentence(rng));
        }
        t.push('\n');
    }
    t
}

/// Builds the project in memory: the document plus each article's text.
#[must_use]
#[allow(clippy::too_many_lines)] // one pass building articles, entities, claims and spans
pub fn generate(
    articles: usize,
    annotations: usize,
    article_kb: Option<usize>,
    entities: usize,
) -> (Document, Vec<(Article, String)>) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut p = Project::new(format!("Synthetic {articles} × {annotations}"));
    for i in 0..entities {
        p.entities.push(Entity {
            id: EntityId(format!("entity-{i:03}")),
            name: format!("Entity {i}"),
            kind: EntityKind::ALL[i % EntityKind::ALL.len()],
            color: Rgb::PALETTE[i % Rgb::PALETTE.len()],
            aliases: vec![format!("Entity {i}")],
            same_as: Vec::new(),
        });
    }
    let claims = (annotations / 200).clamp(1, 500);
    for i in 0..claims {
        p.claims.push(Claim {
            id: ClaimId(format!("00000000-0000-4000-8000-{i:012}")),
            verdict: Verdict::ALL[i % Verdict::ALL.len()],
            ..Claim::from_quote(&format!("Synthetic claim number {i} about the election"))
        });
    }
    let mut texts = Vec::new();
    let mut map = BTreeMap::new();
    for i in 0..articles {
        let kb = article_kb.unwrap_or_else(|| 1 + rng.below(40));
        let text = article_text(&mut rng, kb * 1024);
        let article = Article {
            id: format!("a{i:05}").as_str().into(),
            title: format!("Synthetic article {i}"),
            outlet: format!("Outlet {}", i % 17),
            url: None,
            author: None,
            published: Some(format!("2024-08-{:02}", 1 + i % 28)),
            path: format!("articles/a{i:05}.txt"),
            sha256: sha256_hex(text.as_bytes()),
        };
        map.insert(article.id.clone(), ArticleText::new(&text));
        p.articles.push(article.clone());
        texts.push((article, text));
    }
    // Annotations are generated straight into the project (apply() would clone it per edit).
    let mut list = Vec::with_capacity(annotations);
    for n in 0..annotations {
        let (article, _) = &texts[n % articles];
        let text = &map[&article.id];
        let len = text.char_count();
        let start = rng.below(len.saturating_sub(60).max(1));
        // Mostly short spans (a name), some phrases, some nested inside the previous one.
        let span_len = match rng.below(10) {
            0..=5 => 4 + rng.below(20),
            6..=8 => 20 + rng.below(120),
            _ => 2 + rng.below(8),
        };
        let end = (start + span_len).min(len);
        if end <= start {
            continue;
        }
        let quote = text.slice(start..end).unwrap_or_default().to_owned();
        let (prefix, suffix) = text.context(start..end, 32);
        let mut claims_of = Vec::new();
        if n % 10 == 0 {
            claims_of.push(ClaimLink {
                created_by: None,
                claim: p.claims[rng.below(claims)].id.clone(),
                stance: Stance::ALL[rng.below(Stance::ALL.len())],
                speaker: Some(p.entities[rng.below(entities)].id.clone()),
            });
        }
        let mut ents = vec![p.entities[rng.below(entities)].id.clone()];
        if n % 7 == 0 {
            ents.push(p.entities[rng.below(entities)].id.clone());
        }
        ents.sort();
        ents.dedup();
        list.push(std::sync::Arc::new(crate::model::Annotation {
            created_by: None,
            modified: None,
            modified_by: None,
            id: AnnotationId(format!("{:08x}-0000-4000-8000-{n:012}", rng.next() >> 32)),
            article: article.id.clone(),
            char_start: start,
            char_end: end,
            quote,
            prefix,
            suffix,
            entities: ents,
            claims: claims_of,
            note: if n % 13 == 0 {
                "check".into()
            } else {
                String::new()
            },
            created: "2026-11-22T09:00:00Z".into(),
        }));
    }
    list.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    p.annotations = list;
    let mut doc = Document::new(p, map);
    // One real edit, so the generated project goes through the same validation path too.
    if let Some(first) = doc.project().annotations.first().map(|a| a.id.clone()) {
        let _ = doc.apply(Edit::SetNote {
            annotation: first,
            note: "generated".into(),
        });
    }
    (doc, texts)
}

/// Generates a project (as [`generate`]) and writes it as a project folder: `folder/articles/`
/// with the texts and `folder/crosscheck.ron`. Returns the project file's path and the
/// document.
///
/// # Errors
/// What could not be created or written, with its path.
pub fn write(
    folder: &std::path::Path,
    articles: usize,
    annotations: usize,
    article_kb: Option<usize>,
    entities: usize,
) -> Result<(std::path::PathBuf, Document), String> {
    let (doc, texts) = generate(articles, annotations, article_kb, entities);
    let texts_folder = folder.join("articles");
    std::fs::create_dir_all(&texts_folder)
        .map_err(|e| format!("could not create {}: {e}", texts_folder.display()))?;
    for (article, text) in &texts {
        let path = folder.join(&article.path);
        crate::store::write_atomic(&path, text.as_bytes(), false)
            .map_err(|e| format!("could not write {}: {e}", path.display()))?;
    }
    let project = folder.join("crosscheck.ron");
    crate::store::save(doc.project(), &project).map_err(|e| e.to_string())?;
    Ok((project, doc))
}
