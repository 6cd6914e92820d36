//! Suggested attributions: who says what in an article, found offline by rules, explained,
//! and matched to the project's entities and claims. Pure: no egui, no I/O.
//!
//! - [`find`] reads one text: per sentence (a quotation running over several sentences is one
//!   passage) the cue, the speaker and the content, in bytes ([`find::Found`]).
//! - [`raw`] turns those into code points with their texts ([`Raw`]): it depends on the
//!   article's text alone, so it is worked out once per text.
//! - [`resolve`] gives each its entity (the longest name or alias inside the speaker, case
//!   and apostrophes folded; "he", "the mission", "the statement" taken as the nearest
//!   fitting speaker before it, within three sentences), its claim (see [`CLAIM_THRESHOLD`]) and
//!   its stance, and leaves out what is already highlighted or was dismissed.

pub mod find;

use crate::model::{
    Annotation, ArticleId, ClaimId, Dismissed, EntityId, EntityKind, Project, Stance,
};
use crate::text::ArticleText;
use find::CueKind;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;

/// A piece of an article: code points, end exclusive, and the text there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Piece {
    pub char_start: usize,
    pub char_end: usize,
    pub text: String,
}

impl Piece {
    #[must_use]
    pub fn range(&self) -> Range<usize> {
        self.char_start..self.char_end
    }
}

/// An attribution found in a text, before the project is consulted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Raw {
    pub cue: Piece,
    pub speaker: Piece,
    pub content: Piece,
    pub kind: CueKind,
    pub negated: bool,
    pub rule: &'static str,
    /// Which passage of the article it is in (0, 1, …), to measure how far back a pronoun
    /// looks.
    pub passage: usize,
}

/// A suggestion as offered: where, who, what, which way, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suggestion {
    pub article: ArticleId,
    pub cue: Piece,
    pub speaker: Piece,
    pub content: Piece,
    pub stance: Stance,
    /// The entity the speaker names, or `None`: accepting makes one from the speaker text.
    pub entity: Option<EntityId>,
    /// The claim the content matches, or `None`: accepting makes one from the content.
    pub claim: Option<ClaimId>,
    /// How the suggestion was found, in words: the rule, the cue, how the speaker and the
    /// claim were matched.
    pub why: String,
}

impl Suggestion {
    /// What the checker dismisses, to be remembered in the project.
    #[must_use]
    pub fn dismissal(&self) -> Dismissed {
        Dismissed {
            article: self.article.clone(),
            quote: self.content.text.clone(),
        }
    }
}

/// The attributions of one article's text, in reading order.
#[must_use]
pub fn raw(text: &ArticleText) -> Vec<Raw> {
    let s = text.as_str();
    let found = find::find(s);
    let piece = |r: &Range<usize>| -> Option<Piece> {
        Some(Piece {
            char_start: text.char_of_byte(r.start)?,
            char_end: text.char_of_byte(r.end)?,
            text: s.get(r.clone())?.to_owned(),
        })
    };
    // Sentences before each finding, counted by their end marks as the text is read once.
    let (mut counted_to, mut sentences) = (0, 0);
    found
        .iter()
        .filter_map(|f| {
            sentences += s[counted_to..f.sentence.start]
                .matches(['.', '!', '?', '\n'])
                .count();
            counted_to = f.sentence.start;
            Some(Raw {
                cue: piece(&f.cue)?,
                speaker: piece(&f.speaker)?,
                content: piece(&f.content)?,
                kind: f.kind,
                negated: f.negated,
                rule: f.rule,
                passage: sentences,
            })
        })
        .collect()
}

/// [`raw`] of many articles, on `threads` threads (the command line uses the machine's
/// cores; the window one worker, so that frames keep a core).
#[must_use]
pub fn raw_all(
    texts: &[(ArticleId, &ArticleText)],
    threads: usize,
) -> Vec<(ArticleId, std::sync::Arc<Vec<Raw>>)> {
    let threads = threads.clamp(1, 8);
    let chunk = texts.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = texts
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(id, t)| (id.clone(), std::sync::Arc::new(raw(t))))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// Text folded for matching names: lowercase, apostrophes dropped, blanks collapsed.
#[must_use]
pub fn fold_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')) {
        let w: String = word
            .chars()
            .filter(|c| *c != '\'' && *c != '’')
            .flat_map(char::to_lowercase)
            .collect();
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w);
    }
    out
}

const STOPWORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "and", "or", "but", "is", "are",
    "was", "were", "be", "been", "that", "this", "it", "its", "as", "with", "from", "has", "have",
    "had", "not", "no", "will", "would", "their", "his", "her", "they", "he", "she", "which",
    "who", "also", "any", "all", "about", "into", "than", "there",
];

/// The content words of a text: folded, stopwords dropped, simple suffixes cut ("hacked",
/// "hacking", "hacks" → "hack").
#[must_use]
pub fn content_words(s: &str) -> HashSet<String> {
    fold_name(s)
        .split(' ')
        .filter(|w| !w.is_empty() && !STOPWORDS.contains(w))
        .map(|w| {
            let w = w.strip_suffix("s").filter(|_| w.len() > 4).unwrap_or(w);
            for suffix in ["ing", "ed", "es"] {
                if let Some(stem) = w.strip_suffix(suffix).filter(|x| x.len() >= 3) {
                    return stem.to_owned();
                }
            }
            w.to_owned()
        })
        .collect()
}

/// How well a content must match a claim's statement for the claim to be offered: the share
/// of the statement's content words found in the content (folded; see [`content_words`]),
/// with at least two words in common.
pub const CLAIM_THRESHOLD: f64 = 0.5;

/// Speakers that name someone said before them.
const ANAPHORS: &[&str] = &[
    "he",
    "she",
    "they",
    "it",
    "we",
    "the statement",
    "the mission",
    "the agency",
    "the agencies",
    "the campaign",
    "the spokesman",
    "the spokeswoman",
    "the spokesperson",
    "the ministry",
    "the official",
    "the officials",
    "the group",
    "the company",
    "the report",
    "the government",
    "the embassy",
    "the office",
    "the department",
    "the administration",
    "the letter",
];

/// What [`resolve`] consults of the project, built once per call.
pub struct Matcher<'a> {
    project: &'a Project,
    /// Every folded name and alias with its entity (the first entity that has it).
    names: HashMap<String, &'a EntityId>,
    /// The most words a name has.
    longest_name: usize,
    /// The first word of every name: a run of words is looked up only when it starts so.
    first_words: HashSet<String>,
    /// Each claim: its id, how many content words its statement has, whether it is negated.
    claims: Vec<(&'a ClaimId, usize, bool)>,
    /// For each content word, the claims whose statements have it.
    claim_words: HashMap<String, Vec<usize>>,
    dismissed: HashSet<(&'a ArticleId, &'a str)>,
}

impl<'a> Matcher<'a> {
    #[must_use]
    pub fn new(project: &'a Project) -> Self {
        let mut names: HashMap<String, &EntityId> = HashMap::new();
        for e in &project.entities {
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                let folded = fold_name(n);
                if !folded.is_empty() {
                    names.entry(folded).or_insert(&e.id);
                }
            }
        }
        let longest_name = names
            .keys()
            .map(|n| n.split(' ').count())
            .max()
            .unwrap_or(0);
        let first_words = names
            .keys()
            .filter_map(|n| n.split(' ').next())
            .map(str::to_owned)
            .collect();
        let mut claims = Vec::with_capacity(project.claims.len());
        let mut claim_words: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in project.claims.iter().enumerate() {
            let words = content_words(&c.statement);
            claims.push((&c.id, words.len(), find::negated_text(&c.statement)));
            for w in words {
                claim_words.entry(w).or_default().push(i);
            }
        }
        let dismissed = project
            .dismissed
            .iter()
            .map(|d| (&d.article, d.quote.as_str()))
            .collect();
        Self {
            project,
            names,
            longest_name,
            first_words,
            claims,
            claim_words,
            dismissed,
        }
    }

    /// The entity whose longest name or alias appears in the speaker, as whole words.
    #[must_use]
    pub fn entity(&self, speaker: &str) -> Option<&'a EntityId> {
        let folded = fold_name(speaker);
        let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        // Every run of words, longest first (a speaker has a dozen words at most).
        for len in (1..=words.len().min(self.longest_name)).rev() {
            let mut found: Option<&EntityId> = None;
            for run in words.windows(len) {
                if !self.first_words.contains(run[0]) {
                    continue;
                }
                if let Some(id) = self.names.get(&run.join(" ")) {
                    // Two entities named in one speaker at the same length: the first.
                    found = found.or(Some(id));
                }
            }
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// The best claim for a content, with its score.
    #[must_use]
    pub fn claim(&self, content: &str) -> Option<(&'a ClaimId, f64, bool)> {
        // Words in common per claim, counted in a plain array (a word such as "election" can
        // be in every claim's statement).
        let mut common = vec![0u32; self.claims.len()];
        let mut touched = Vec::new();
        for w in content_words(content) {
            for &c in self.claim_words.get(&w).into_iter().flatten() {
                if common[c] == 0 {
                    touched.push(c);
                }
                common[c] += 1;
            }
        }
        let mut best: Option<(usize, f64)> = None;
        for c in touched {
            let n = common[c] as usize;
            let score = n as f64 / self.claims[c].1 as f64;
            // Ties go to the claim made first.
            if score >= CLAIM_THRESHOLD
                && n >= 2
                && best.is_none_or(|(b, s)| score > s || ((score - s).abs() < 1e-9 && c < b))
            {
                best = Some((c, score));
            }
        }
        best.map(|(c, score)| (self.claims[c].0, score, self.claims[c].2))
    }

    /// One article's suggestions from its raw attributions.
    #[must_use]
    pub fn resolve(&self, article: &ArticleId, raws: &[Raw]) -> Vec<Suggestion> {
        let spans = annotations_of(self.project, article);
        let mut out: Vec<Suggestion> = Vec::new();
        let mut earlier: Vec<(&Raw, Option<&EntityId>)> = Vec::new();
        for r in raws {
            let mut why = format!("{} (cue \u{201c}{}\u{201d})", r.rule, r.cue.text);
            let folded = fold_name(&r.speaker.text);
            let mut entity = self.entity(&r.speaker.text);
            if entity.is_none() && ANAPHORS.contains(&folded.as_str()) {
                if let Some((before, e)) = self.antecedent(&folded, r, &earlier) {
                    entity = Some(e);
                    let _ = write!(
                        why,
                        "; \u{201c}{}\u{201d} taken as {}, the speaker before",
                        r.speaker.text,
                        self.project.speaker_name(Some(e))
                    );
                    let _ = before;
                }
            } else if let Some(e) = entity {
                let _ = write!(why, "; speaker is {}", self.project.speaker_name(Some(e)));
            }
            earlier.push((r, entity));
            let claim = self.claim(&r.content.text);
            let stance = match (r.kind, claim) {
                (CueKind::Denial, _) => Stance::Denies,
                (CueKind::Source, _) => Stance::Reports,
                // A negated content denies a claim that is not itself negated.
                (CueKind::Reporting, Some((_, _, claim_negated))) => {
                    if r.negated == claim_negated {
                        Stance::Asserts
                    } else {
                        Stance::Denies
                    }
                }
                (CueKind::Reporting, None) if r.negated => Stance::Denies,
                (CueKind::Reporting, None) => Stance::Asserts,
            };
            if r.negated && r.kind == CueKind::Reporting {
                why.push_str("; the content is negated");
            }
            if let Some((_, score, _)) = claim {
                let _ = write!(
                    why,
                    "; matches the claim on {:.0} % of its words",
                    score * 100.0
                );
            }
            if self.dismissed.contains(&(article, r.content.text.as_str()))
                || covered(spans, &r.content)
            {
                continue;
            }
            out.push(Suggestion {
                article: article.clone(),
                cue: r.cue.clone(),
                speaker: r.speaker.clone(),
                content: r.content.clone(),
                stance,
                entity: entity.cloned(),
                claim: claim.map(|c| c.0.clone()),
                why,
            });
        }
        out
    }

    /// The speaker a pronoun or "the mission" stands for: the nearest earlier suggestion of
    /// the article within three sentences whose speaker fits (a person for "he"/"she", one
    /// whose name has the noun for "the mission").
    fn antecedent<'r>(
        &self,
        folded: &str,
        r: &Raw,
        earlier: &[(&'r Raw, Option<&'a EntityId>)],
    ) -> Option<(&'r Raw, &'a EntityId)> {
        let noun = folded.strip_prefix("the ");
        earlier
            .iter()
            .rev()
            .take_while(|(e, _)| r.passage.saturating_sub(e.passage) <= 3)
            .find_map(|(e, id)| {
                let id = (*id)?;
                let entity = self.project.entity(id)?;
                let fits = match folded {
                    "he" | "she" => entity.kind == EntityKind::Person,
                    "they" | "we" => entity.kind != EntityKind::Person,
                    "it" | "the statement" | "the report" | "the letter" => true,
                    _ => noun.is_some_and(|n| {
                        let n = n.trim_end_matches('s');
                        fold_name(&e.speaker.text).contains(n)
                            || std::iter::once(&entity.name)
                                .chain(&entity.aliases)
                                .any(|a| fold_name(a).contains(n))
                    }),
                };
                fits.then_some((*e, id))
            })
    }
}

/// An article's annotations (a run of the sorted list).
fn annotations_of<'p>(
    project: &'p Project,
    article: &ArticleId,
) -> &'p [std::sync::Arc<Annotation>] {
    let all = &project.annotations;
    let start = all.partition_point(|a| &a.article < article);
    let end = start + all[start..].partition_point(|a| &a.article == article);
    &all[start..end]
}

/// Whether a highlight with a claim link already covers most of the content.
fn covered(spans: &[std::sync::Arc<Annotation>], content: &Piece) -> bool {
    let len = content.char_end.saturating_sub(content.char_start).max(1);
    spans.iter().any(|a| {
        !a.claims.is_empty() && {
            let overlap = a
                .char_end
                .min(content.char_end)
                .saturating_sub(a.char_start.max(content.char_start));
            overlap * 2 >= len
        }
    })
}

/// Every suggestion of a project, article by article, with the raw attributions given (or
/// found) per article.
#[must_use]
pub fn suggest(
    project: &Project,
    raws: &dyn Fn(&ArticleId) -> Option<std::sync::Arc<Vec<Raw>>>,
) -> Vec<Suggestion> {
    let matcher = Matcher::new(project);
    project
        .articles
        .iter()
        .filter_map(|a| Some(matcher.resolve(&a.id, &raws(&a.id)?)))
        .flatten()
        .collect()
}

/// How a suggestion is accepted: the entity for its speaker (`None`: a new entity named after
/// the speaker, or no speaker for a pronoun nobody could be found for), the claim for its
/// content (`None`: a new claim from the content) and the stance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub entity: Option<EntityId>,
    pub claim: Option<ClaimId>,
    pub stance: Stance,
}

impl Choice {
    /// The choice as suggested.
    #[must_use]
    pub fn of(s: &Suggestion) -> Self {
        Self {
            entity: s.entity.clone(),
            claim: s.claim.clone(),
            stance: s.stance,
        }
    }
}

/// A speaker turned into an entity's name: "the agencies" → "agencies", "a Harris campaign
/// spokesman" → "Harris campaign spokesman".
#[must_use]
pub fn entity_name(speaker: &str) -> String {
    let mut name = speaker.trim();
    for article in ["the ", "The ", "a ", "A ", "an ", "An "] {
        if let Some(rest) = name.strip_prefix(article) {
            name = rest;
            break;
        }
    }
    name.to_owned()
}

/// The edits that accept suggestions, as one step: the speaker highlighted and linked to
/// its entity (made when new; one new entity per speaker name in the step), the content
/// highlighted and linked to its claim (made when new) with the stance and the speaker.
/// Where a highlight already has exactly that place, it is linked instead of doubled.
#[must_use]
pub fn accept_edits(
    project: &Project,
    chosen: &[(&Suggestion, Choice)],
    created: &str,
) -> Vec<crate::document::Edit> {
    use crate::document::Edit;
    use crate::model::{AnnotationId, ClaimLink, Entity, Rgb};
    let mut edits = Vec::new();
    let mut new_entities: Vec<(String, EntityId)> = Vec::new();
    let mut new_claims: Vec<(String, ClaimId)> = Vec::new();
    let mut taken: HashSet<String> = project.entities.iter().map(|e| e.id.0.clone()).collect();
    for (s, choice) in chosen {
        let anaphor = ANAPHORS.contains(&fold_name(&s.speaker.text).as_str());
        let entity = match (&choice.entity, anaphor) {
            (Some(e), _) => Some(e.clone()),
            (None, true) => None,
            (None, false) => {
                let name = entity_name(&s.speaker.text);
                let folded = fold_name(&name);
                if let Some((_, id)) = new_entities.iter().find(|(n, _)| *n == folded) {
                    Some(id.clone())
                } else {
                    let mut id = project.fresh_entity_id(&name);
                    let mut n = 2;
                    while taken.contains(&id.0) {
                        id = EntityId(format!("{}-{n}", project.fresh_entity_id(&name)));
                        n += 1;
                    }
                    taken.insert(id.0.clone());
                    let count = project.entities.len() + new_entities.len();
                    edits.push(Edit::AddEntity(Entity {
                        id: id.clone(),
                        name,
                        kind: EntityKind::Other,
                        color: Rgb::PALETTE[count % Rgb::PALETTE.len()],
                        aliases: Vec::new(),
                        same_as: Vec::new(),
                    }));
                    new_entities.push((folded, id.clone()));
                    Some(id)
                }
            }
        };
        let claim = if let Some(c) = &choice.claim {
            c.clone()
        } else {
            let folded = fold_name(&s.content.text);
            if let Some((_, id)) = new_claims.iter().find(|(n, _)| *n == folded) {
                id.clone()
            } else {
                let claim = crate::model::Claim::from_quote(&s.content.text);
                let id = claim.id.clone();
                edits.push(Edit::AddClaim(claim));
                new_claims.push((folded, id.clone()));
                id
            }
        };
        let spans = annotations_of(project, &s.article);
        let at = |r: &Piece| {
            spans
                .iter()
                .find(|a| a.char_start == r.char_start && a.char_end == r.char_end)
        };
        if let Some(e) = &entity {
            match at(&s.speaker) {
                Some(a) if a.entities.contains(e) => {}
                Some(a) => edits.push(Edit::LinkEntity {
                    annotation: a.id.clone(),
                    entity: e.clone(),
                }),
                None => edits.push(Edit::AddAnnotation {
                    id: AnnotationId::random(),
                    article: s.article.clone(),
                    char_start: s.speaker.char_start,
                    char_end: s.speaker.char_end,
                    entities: vec![e.clone()],
                    claims: Vec::new(),
                    created: created.to_owned(),
                }),
            }
        }
        let link = ClaimLink {
            claim,
            stance: choice.stance,
            speaker: entity,
            created_by: None,
        };
        match at(&s.content) {
            Some(a) => edits.push(Edit::LinkClaim {
                annotation: a.id.clone(),
                link,
                replacing: None,
            }),
            None => edits.push(Edit::AddAnnotation {
                id: AnnotationId::random(),
                article: s.article.clone(),
                char_start: s.content.char_start,
                char_end: s.content.char_end,
                entities: Vec::new(),
                claims: vec![link],
                created: created.to_owned(),
            }),
        }
    }
    edits
}
