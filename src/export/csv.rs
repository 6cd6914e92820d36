//! CSV: one row per annotation–claim link; an annotation without a claim gets one row too.
//! The last columns join the rows to other data: the claim's and speaker's IRIs, the
//! speaker's "same as" links (space-separated), and each entity's IRI and links (entities
//! separated by `; `, in the order of the `entities` column).
//! RFC 4180 through the `csv` crate; formula-like cells are neutralised.
//!
//! Both CSV files start with a UTF-8 byte-order mark: Excel on Windows, which most newsrooms
//! open CSV in, reads a file without one in the system's legacy code page and garbles every
//! curly quote and accent (`Trump’s` → `Trumpâ€™s`). Other spreadsheets, Python's
//! `utf-8-sig` and R's `readr` all take the mark as what it is.

use super::neutralise_formula;
use crate::document::Document;
use std::io::Write;

const HEADER: [&str; 22] = [
    "claim",
    "verdict",
    "stance",
    "speaker",
    "quote",
    "article_title",
    "outlet",
    "date",
    "url",
    "start",
    "end",
    "entities",
    "note",
    "annotation_id",
    "article_id",
    "created_by",
    "modified_by",
    "claim_iri",
    "speaker_iri",
    "speaker_same_as",
    "entity_iris",
    "entity_same_as",
];

/// Each entity's and claim's IRI, and each entity's "same as" links joined by spaces, made
/// once per export.
struct Linked<'p> {
    project: &'p crate::model::Project,
    entities: crate::model::FastMap<&'p crate::model::EntityId, (String, String)>,
    claims: crate::model::FastMap<&'p crate::model::ClaimId, String>,
}

impl<'p> Linked<'p> {
    fn new(p: &'p crate::model::Project) -> Self {
        Self {
            project: p,
            entities: p
                .entities
                .iter()
                .map(|e| {
                    let iri = crate::linked::entity_iri(p, &e.id);
                    (&e.id, (iri, e.same_as.join(" ")))
                })
                .collect(),
            claims: p
                .claims
                .iter()
                .map(|c| (&c.id, crate::linked::claim_iri(p, &c.id)))
                .collect(),
        }
    }

    fn entity_iri(&self, e: &crate::model::EntityId) -> std::borrow::Cow<'_, str> {
        self.entities.get(e).map_or_else(
            || crate::linked::entity_iri(self.project, e).into(),
            |(iri, _)| iri.as_str().into(),
        )
    }

    fn same_as(&self, e: &crate::model::EntityId) -> &str {
        self.entities.get(e).map_or("", |(_, s)| s.as_str())
    }

    fn claim_iri(&self, c: &crate::model::ClaimId) -> std::borrow::Cow<'_, str> {
        self.claims.get(c).map_or_else(
            || crate::linked::claim_iri(self.project, c).into(),
            |iri| iri.as_str().into(),
        )
    }
}

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = "\u{feff}".as_bytes();

pub fn write(doc: &Document, out: &mut dyn Write) -> std::io::Result<()> {
    let p = doc.project();
    let index = crate::model::Index::new(p);
    out.write_all(BOM)?;
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(HEADER)?;
    let linked = Linked::new(p);
    for a in &p.annotations {
        let article = index.article(&a.article);
        // Everything of the span is made once, borrowed where it can be, for all its rows.
        let title: std::borrow::Cow<'_, str> = match article {
            Some(x) if !x.title.trim().is_empty() => x.title.as_str().into(),
            Some(x) => x.display_title().into(),
            None => "".into(),
        };
        let entities: Vec<std::borrow::Cow<'_, str>> = a
            .entities
            .iter()
            .map(|e| {
                index.entity(e).map_or_else(
                    || std::borrow::Cow::Owned(e.to_string()),
                    |x| x.name.as_str().into(),
                )
            })
            .collect();
        let entities = entities.join("; ");
        let entity_iris: Vec<std::borrow::Cow<'_, str>> =
            a.entities.iter().map(|e| linked.entity_iri(e)).collect();
        let entity_iris = entity_iris.join("; ");
        let entity_same_as: Vec<&str> = a.entities.iter().map(|e| linked.same_as(e)).collect();
        let entity_same_as = entity_same_as.join("; ");
        let start = a.char_start.to_string();
        let end = a.char_end.to_string();
        let mut row =
            |claim: &str,
             verdict: &str,
             stance: &str,
             speaker: &str,
             (claim_iri, speaker_iri, speaker_same_as): (&str, &str, &str)| {
                let cells = [
                    claim,
                    verdict,
                    stance,
                    speaker,
                    &a.quote,
                    &title,
                    article.map_or("", |x| x.outlet.as_str()),
                    article.and_then(|x| x.published.as_deref()).unwrap_or(""),
                    article.and_then(|x| x.url.as_deref()).unwrap_or(""),
                    &start,
                    &end,
                    &entities,
                    &a.note,
                    a.id.as_str(),
                    a.article.as_str(),
                    a.created_by.as_deref().unwrap_or(""),
                    a.modified_by.as_deref().unwrap_or(""),
                    claim_iri,
                    speaker_iri,
                    speaker_same_as,
                    &entity_iris,
                    &entity_same_as,
                ]
                .map(neutralise_formula);
                w.write_record(cells.iter().map(|c| c.as_bytes()))
            };
        if a.claims.is_empty() {
            row("", "", "", "", ("", "", ""))?;
        }
        for link in &a.claims {
            let claim = index.claim(&link.claim);
            let speaker_iri = (link.speaker.as_ref())
                .map(|s| linked.entity_iri(s))
                .unwrap_or_default();
            let claim_iri = linked.claim_iri(&link.claim);
            row(
                claim.map_or(link.claim.as_str(), |c| c.statement.as_str()),
                claim.map_or("", |c| c.verdict.label()),
                link.stance.label(),
                &index.speaker_label(link.speaker.as_ref()),
                (
                    &claim_iri,
                    &speaker_iri,
                    link.speaker.as_ref().map_or("", |s| linked.same_as(s)),
                ),
            )?;
        }
    }
    w.flush()
}

const DISAGREEMENT_HEADER: [&str; 18] = [
    "claim",
    "verdict",
    "kind",
    "review",
    "review_note",
    "for_speaker",
    "for_stances",
    "for_quotes",
    "for_articles",
    "for_quote_texts",
    "against_speaker",
    "against_stances",
    "against_quotes",
    "against_articles",
    "against_quote_texts",
    "articles",
    "pairs",
    "claim_id",
];

/// One row per disagreement, in review order: the claim, each side's speaker, stances, how
/// many quotes in how many articles and the quotes themselves (one per line, with article and
/// offsets), the review state and note. For a linked pair the two sides are its two spans.
pub fn write_disagreements(
    doc: &Document,
    found: &[std::sync::Arc<crate::analysis::Disagreement>],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let p = doc.project();
    let index = crate::model::Index::new(p);
    out.write_all(BOM)?;
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(DISAGREEMENT_HEADER)?;
    let quotes = |party: &crate::analysis::Party| {
        party
            .quotes
            .iter()
            .filter_map(|q| {
                let a = index.annotation(&q.annotation)?;
                Some(format!(
                    "“{}” ({} {}..{})",
                    a.quote, a.article, a.char_start, a.char_end
                ))
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    for d in found {
        let claim = d.claim.as_ref().and_then(|id| index.claim(id));
        let review = p.review(&d.key);
        let cells = [
            claim.map_or("", |c| c.statement.as_str()).to_owned(),
            claim.map_or("", |c| c.verdict.label()).to_owned(),
            d.kind.label().to_owned(),
            crate::analysis::review_state(p, &d.key).label().to_owned(),
            review.map_or("", |r| r.note.as_str()).to_owned(),
            index.speaker_name(d.pro.speaker.as_ref()),
            d.pro.stance_label(),
            d.pro.quotes.len().to_string(),
            d.pro.articles.to_string(),
            quotes(&d.pro),
            index.speaker_name(d.con.speaker.as_ref()),
            d.con.stance_label(),
            d.con.quotes.len().to_string(),
            d.con.articles.to_string(),
            quotes(&d.con),
            d.articles.to_string(),
            d.pairs.len().to_string(),
            d.claim.as_ref().map_or("", |c| c.as_str()).to_owned(),
        ];
        w.write_record(cells.iter().map(|c| neutralise_formula(c).into_owned()))?;
    }
    w.flush()
}
