//! A claim's timeline: its quotes by speaker, in order of the article's publication date.

use crate::model::{Annotation, AnnotationId, ArticleId, EntityId, Project, Stance};

/// One quote on a claim's timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineEntry {
    pub annotation: AnnotationId,
    pub article: ArticleId,
    /// The article's publication date, when known.
    pub published: Option<String>,
    pub stance: Stance,
}

/// One speaker's quotes on a claim, in date order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineGroup {
    pub speaker: Option<EntityId>,
    pub entries: Vec<TimelineEntry>,
}

impl TimelineGroup {
    /// The date of the speaker's first dated quote.
    #[must_use]
    pub fn first_date(&self) -> Option<&str> {
        self.entries.first().and_then(|e| e.published.as_deref())
    }
}

/// A claim's quotes grouped by speaker, so who said it first and who denied it when can be
/// read: within a group in order of the article's date (then article, then position), quotes
/// from undated articles last; groups by their first date, speakers with no dated quote last.
/// `spans` are the claim's spans with their links to it.
#[must_use]
pub fn claim_timeline(
    project: &Project,
    spans: &[(&Annotation, &crate::model::ClaimLink)],
) -> Vec<TimelineGroup> {
    let article_at: crate::model::FastMap<&ArticleId, (usize, Option<&str>)> = project
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (&a.id, (i, a.published.as_deref().filter(|d| !d.is_empty()))))
        .collect();
    let order = |a: &Annotation| {
        let (i, date) = article_at
            .get(&a.article)
            .copied()
            .unwrap_or((usize::MAX, None));
        (date.is_none(), date, i, a.char_start, a.char_end)
    };
    let mut sorted: Vec<&(&Annotation, &crate::model::ClaimLink)> = spans.iter().collect();
    sorted.sort_by(|(x, _), (y, _)| order(x).cmp(&order(y)).then(x.id.cmp(&y.id)));
    let mut groups: Vec<TimelineGroup> = Vec::new();
    for (a, l) in sorted {
        let entry = TimelineEntry {
            annotation: a.id.clone(),
            article: a.article.clone(),
            published: article_at
                .get(&a.article)
                .and_then(|(_, d)| d.map(str::to_owned)),
            stance: l.stance,
        };
        match groups.iter_mut().find(|g| g.speaker == l.speaker) {
            Some(g) => g.entries.push(entry),
            None => groups.push(TimelineGroup {
                speaker: l.speaker.clone(),
                entries: vec![entry],
            }),
        }
    }
    // Groups were opened in the order of their first quote, which is the order wanted.
    groups
}
