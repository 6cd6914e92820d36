//! Finding attributions in one text: for each sentence, the cue ("said", "according to",
//! "denied"…), the speaker who says it and the content said, with the stance the cue gives.
//! Rules, not a model: each finding names its rule, so a checker can see why it was offered.
//! Offsets here are bytes of the text; `super` turns them into code points.

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// What a cue says of the content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CueKind {
    /// say, tell, claim, allege, accuse, …: the speaker asserts it.
    Reporting,
    /// deny, reject, dismiss, refute, rebuff, call … baseless: the speaker denies it.
    Denial,
    /// according to, citing, report: the speaker is the source it is reported from.
    Source,
}

/// One attribution found in a text (byte offsets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub cue: Range<usize>,
    pub speaker: Range<usize>,
    pub content: Range<usize>,
    pub kind: CueKind,
    /// The content is negated near its start ("has no intention", "did not"): a denial even
    /// behind a plain "said".
    pub negated: bool,
    /// Which rule found it, for the explanation.
    pub rule: &'static str,
    /// The sentence (or quoted passage across sentences) it was found in.
    pub sentence: Range<usize>,
}

/// Reporting verbs that always report speech; those that do only with "that", a colon, a
/// quotation or a clause after them are [`STRICT`].
const REPORTING: &[&str] = &[
    "say", "says", "said", "saying", "tell", "tells", "told", "telling", "claim", "claims",
    "claimed", "claiming", "allege", "alleges", "alleged", "alleging", "accuse", "accuses",
    "accused", "accusing", "assert", "asserts", "asserted",
];
const DENIAL: &[&str] = &[
    "deny",
    "denies",
    "denied",
    "denying",
    "reject",
    "rejects",
    "rejected",
    "rejecting",
    "dismiss",
    "dismisses",
    "dismissed",
    "dismissing",
    "refute",
    "refutes",
    "refuted",
    "refuting",
    "rebuff",
    "rebuffs",
    "rebuffed",
    "rebuffing",
    "disputed",
    "disputes",
    "contested",
    "repudiated",
];
/// Verbs that report speech only with "that", a colon or a quotation after them, or a
/// quotation before ("has maintained relations", "confirmed the attack" report nothing).
const STRICT: &[&str] = &[
    "maintain",
    "maintains",
    "maintained",
    "note",
    "notes",
    "noted",
    "add",
    "adds",
    "added",
    "stress",
    "stresses",
    "stressed",
    "confirm",
    "confirms",
    "confirmed",
    "suggest",
    "suggests",
    "suggested",
    "believe",
    "believes",
    "believed",
    "explain",
    "explains",
    "explained",
    "acknowledge",
    "acknowledges",
    "acknowledged",
    "admit",
    "admits",
    "admitted",
    "warn",
    "warns",
    "warned",
    "insist",
    "insists",
    "insisted",
    "argue",
    "argues",
    "argued",
    "emphasize",
    "emphasized",
    "emphasised",
    "emphasizing",
    "emphasising",
    "state",
    "states",
    "stated",
    "declared",
    "declares",
    "reiterated",
    "wrote",
    "writes",
    "write",
    "announce",
    "announces",
    "announced",
    "found",
    "finds",
    "showed",
    "shows",
    "concluded",
    "concludes",
];
/// "call(ed) X baseless": a denial when one of these follows within a few words.
const CALLING: &[&str] = &[
    "call",
    "calls",
    "called",
    "calling",
    "described",
    "describes",
];
const UNFOUNDED: &[&str] = &[
    "baseless",
    "unsubstantiated",
    "unfounded",
    "false",
    "lies",
    "fabricated",
    "fabrication",
    "absurd",
    "ridiculous",
    "groundless",
    "nonsense",
];
const SOURCE_VERBS: &[&str] = &["reports", "reported", "reporting"];
/// "the statement reads": a document as speaker.
const READS: &[&str] = &["reads", "read", "reading"];
const DOCUMENTS: &[&str] = &[
    "statement",
    "letter",
    "report",
    "release",
    "post",
    "message",
];
const NEGATIONS: &[&str] = &[
    "no", "not", "never", "nothing", "none", "neither", "nor", "without", "n't", "cannot",
];
/// Words that end a subject when read backwards from its verb.
const CLAUSE_BREAKS: &[&str] = &[
    "that", "which", "who", "whom", "whose", "while", "and", "but", "or", "as", "because", "when",
    "where", "after", "before", "if", "though", "although", "since", "than", "so",
];
/// Words after a verb that do not start its content ("said on Monday that …").
const MAX_ADVERBIAL: usize = 8;
const MAX_SPEAKER_WORDS: usize = 10;
/// At most this many cues are tried in one sentence (a 200 KB sentence of "said" is not a
/// reason to spend a second).
const MAX_CUES_PER_SENTENCE: usize = 6;

/// A word of the text: its bytes and its lowercase form.
#[derive(Debug)]
struct Word<'a> {
    at: Range<usize>,
    text: &'a str,
    /// Lowercase, curly apostrophes straightened; borrowed when the word already is.
    lower: std::borrow::Cow<'a, str>,
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '«' | '„')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '”' | '»')
}

/// Sentences, with a quotation that runs over several sentences kept in one.
fn passages(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut open_from: Option<usize> = None;
    let mut joined = 0;
    for (start, s) in text.split_sentence_bound_indices() {
        let end = start + s.len();
        let balance = quote_balance(s);
        match open_from {
            Some(from) => {
                joined += 1;
                // A paragraph break or a long run ends a quotation that never closed.
                if balance < 0 || joined >= 6 || s.contains('\n') {
                    out.push(from..end);
                    open_from = None;
                } else {
                    open_from = Some(from);
                }
            }
            None if balance > 0 && !s.trim_end().ends_with('\n') => {
                open_from = Some(start);
                joined = 0;
            }
            None => out.push(start..end),
        }
    }
    if let Some(from) = open_from {
        out.push(from..text.len());
    }
    out
}

/// Curly quotes opened minus closed; straight quotes count as open when odd.
fn quote_balance(s: &str) -> i32 {
    let mut n = 0;
    let mut straight = 0;
    for c in s.chars() {
        if is_open_quote(c) {
            n += 1;
        } else if is_close_quote(c) {
            n -= 1;
        } else if c == '"' {
            straight += 1;
        }
    }
    n + straight % 2
}

fn words(text: &str, range: Range<usize>) -> Vec<Word<'_>> {
    text[range.clone()]
        .unicode_word_indices()
        .map(|(i, w)| Word {
            at: range.start + i..range.start + i + w.len(),
            text: w,
            lower: if w
                .bytes()
                .all(|b| b.is_ascii_lowercase() || !b.is_ascii_alphabetic())
                && w.is_ascii()
            {
                std::borrow::Cow::Borrowed(w)
            } else {
                std::borrow::Cow::Owned(w.to_lowercase().replace('’', "'"))
            },
        })
        .collect()
}

/// The quotations of a passage: (outer range with marks, inner range without).
fn quotations(text: &str, range: Range<usize>) -> Vec<(Range<usize>, Range<usize>)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in text[range.clone()].char_indices() {
        let at = range.start + i;
        match open {
            None if is_open_quote(c) || c == '"' => open = Some((at, c)),
            Some((from, mark))
                if (is_close_quote(c) && mark != '"') || (c == '"' && mark == '"') =>
            {
                let inner = from + mark.len_utf8()..at;
                out.push((from..at + c.len_utf8(), inner));
                open = None;
            }
            _ => {}
        }
    }
    out
}

/// Finds the attributions of a whole text.
#[must_use]
pub fn find(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for passage in passages(text) {
        if let Some(f) = in_passage(text, passage.clone()) {
            out.push(f);
        }
    }
    out
}

fn in_passage(text: &str, passage: Range<usize>) -> Option<Found> {
    let ws = words(text, passage.clone());
    if ws.len() < 3 {
        return None;
    }
    let quotes = quotations(text, passage.clone());
    let found = |cue: Range<usize>, speaker: Range<usize>, content: Range<usize>, kind, rule| {
        let content = trim(text, content);
        let speaker = trim(text, speaker);
        (content.len() >= 3 && !speaker.is_empty()).then(|| Found {
            negated: negated(text, content.clone()),
            cue,
            speaker,
            content,
            kind,
            rule,
            sentence: passage.clone(),
        })
    };
    // "according to X, …" / "…, according to X."
    if let Some(f) = source_phrase(text, &ws, &passage, false, &found) {
        return Some(f);
    }
    if let Some(f) = by_verb(text, &ws, &quotes, &passage, &found) {
        return Some(f);
    }
    // "…, citing X." when no verb said it.
    source_phrase(text, &ws, &passage, true, &found)
}

type Make<'f> =
    dyn Fn(Range<usize>, Range<usize>, Range<usize>, CueKind, &'static str) -> Option<Found> + 'f;

/// "according to X" (or, with `citing`, "citing X"): the speaker after it, the content on
/// the other side of its comma. `None` when the passage has no such phrase (or nothing
/// usable around it).
fn source_phrase(
    text: &str,
    ws: &[Word<'_>],
    passage: &Range<usize>,
    citing: bool,
    found: &Make<'_>,
) -> Option<Found> {
    for (i, w) in ws.iter().enumerate() {
        let phrase =
            !citing && w.lower == "according" && ws.get(i + 1).is_some_and(|n| n.lower == "to");
        if !(phrase || (citing && w.lower == "citing")) {
            continue;
        }
        let after = if phrase { i + 2 } else { i + 1 };
        let first = ws.get(after)?;
        let cue = w.at.start..ws[after - 1].at.end;
        let speaker_end = phrase_end(text, first.at.start, passage.end);
        let speaker = first.at.start..speaker_end;
        let before = text[passage.start..w.at.start].trim_end();
        let rule = if phrase { "according to X" } else { "citing X" };
        if before
            .trim_end_matches([',', ';', ' ', '(', '—', '–'])
            .trim()
            .len()
            >= 12
        {
            // The content comes first.
            let end = passage.start + before.trim_end_matches([',', ';', '(', '—', '–']).len();
            return found(cue, speaker, passage.start..end, CueKind::Source, rule);
        }
        let end = content_end(text, speaker_end, passage.end);
        return found(cue, speaker, speaker_end..end, CueKind::Source, rule);
    }
    None
}

/// A reporting or denial verb with its subject and what it says.
fn by_verb(
    text: &str,
    ws: &[Word<'_>],
    quotes: &[(Range<usize>, Range<usize>)],
    passage: &Range<usize>,
    found: &Make<'_>,
) -> Option<Found> {
    let mut tried = 0;
    for (i, w) in ws.iter().enumerate() {
        let Some(kind) = cue_kind(ws, i) else {
            continue;
        };
        tried += 1;
        if tried > MAX_CUES_PER_SENTENCE {
            break;
        }
        let rule_kind = kind;
        let strict = STRICT.contains(&w.lower.as_ref());
        // A quotation just before: "“…,” X said." or "“…,” said X."
        if let Some((outer, inner)) = quotes.iter().rev().find(|(o, _)| o.end <= w.at.start) {
            let between = &text[outer.end..w.at.start];
            let between_words = between.unicode_words().count();
            if between_words == 0 && between.trim().trim_matches(',').trim().is_empty() {
                // "“…,” said X."
                let after = ws.get(i + 1)?;
                let end = phrase_end(text, after.at.start, passage.end);
                return found(
                    w.at.clone(),
                    after.at.start..end,
                    inner.clone(),
                    rule_kind,
                    "quotation, then said X",
                );
            }
            if between_words <= MAX_SPEAKER_WORDS && !between.contains(['.', '!', '?']) {
                // "“…,” X said."
                let speaker = outer.end..w.at.start;
                if speaker_like(text, speaker.clone()) {
                    return found(
                        w.at.clone(),
                        speaker,
                        inner.clone(),
                        rule_kind,
                        "quotation closed by X said",
                    );
                }
            }
        }
        let Some(speaker) = subject(text, ws, i, passage.start) else {
            continue;
        };
        if strict && !introduces_speech(text, ws, i, passage.end) {
            continue;
        }
        // A quotation after: "X said: “…”" (or "X said, “…”" and "X said that “…”").
        if let Some((_, inner)) = quotes.iter().find(|(o, _)| {
            o.start >= w.at.end
                && text[w.at.end..o.start].unicode_words().count() <= MAX_ADVERBIAL
                && !text[w.at.end..o.start].contains(['.', '!', '?'])
        }) {
            return found(
                w.at.clone(),
                speaker,
                inner.clone(),
                rule_kind,
                "X said: quotation",
            );
        }
        // "X said (on Monday) (that) …": the reported clause.
        let mut from = w.at.end;
        for (k, n) in ws.iter().enumerate().skip(i + 1).take(MAX_ADVERBIAL) {
            // "that" opens the clause, unless it is "that figure".
            if n.lower == "that" && ws.len() > k + 3 {
                from = n.at.end;
                break;
            }
            if k == i + 1 && n.lower == "it" && kind == CueKind::Denial {
                break;
            }
            // "said he had been assured … that": the clause began at "he".
            if matches!(
                n.lower.as_ref(),
                "he" | "she" | "it" | "they" | "we" | "i" | "there"
            ) {
                break;
            }
        }
        let end = content_end(text, from, passage.end);
        let rule = match kind {
            CueKind::Denial => "X denies / rejects …",
            CueKind::Source => "X reports …",
            CueKind::Reporting => "X said (that) …",
        };
        return found(w.at.clone(), speaker, from..end, rule_kind, rule);
    }
    None
}

/// Whether the verb at word `i` is followed by "that", a colon or a quotation.
fn introduces_speech(text: &str, ws: &[Word<'_>], i: usize, limit: usize) -> bool {
    let rest = text[ws[i].at.end..limit].trim_start();
    rest.starts_with([':', '“', '"', '«'])
        || rest.starts_with(", “")
        || rest.starts_with(", \"")
        || ws.iter().skip(i + 1).take(4).any(|n| n.lower == "that")
        || ws.get(i + 1).is_some_and(|n| {
            matches!(
                n.lower.as_ref(),
                "it" | "he" | "she" | "they" | "we" | "i" | "there"
            )
        })
}

/// Whether word `i` is a cue, and which.
fn cue_kind(ws: &[Word<'_>], i: usize) -> Option<CueKind> {
    let w = ws[i].lower.as_ref();
    // A capital inside a sentence is a name ("the United States"), and "to say" or "to
    // note" is no one saying anything.
    if i > 0
        && (ws[i].text.chars().next().is_some_and(char::is_uppercase) || ws[i - 1].lower == "to")
    {
        return None;
    }
    if DENIAL.contains(&w) {
        return Some(CueKind::Denial);
    }
    if CALLING.contains(&w)
        && ws
            .iter()
            .skip(i + 1)
            .take(6)
            .any(|n| UNFOUNDED.contains(&n.lower.as_ref()))
    {
        return Some(CueKind::Denial);
    }
    // "it was reported", "were alleged": passive, nobody named; "recently reported
    // activities": an adjective.
    if i > 0
        && (matches!(
            ws[i - 1].lower.as_ref(),
            "was" | "were" | "is" | "are" | "been" | "be" | "being"
        ) || ws[i - 1].lower.ends_with("ly"))
        && (w.ends_with("ed") || w == "said" || w == "told")
    {
        return None;
    }
    if SOURCE_VERBS.contains(&w) && i > 0 {
        return Some(CueKind::Source);
    }
    if READS.contains(&w) && i > 0 && DOCUMENTS.contains(&ws[i - 1].lower.as_ref()) {
        return Some(CueKind::Reporting);
    }
    // "claim", "note", "state" and "report" are nouns as often as verbs: a determiner before
    // them makes them nouns ("the claims", "a statement").
    if REPORTING.contains(&w) || STRICT.contains(&w) {
        let noun = i > 0
            && matches!(
                ws[i - 1].lower.as_ref(),
                "the" | "a" | "an" | "these" | "those" | "this" | "its" | "their" | "his" | "her"
            );
        return (!noun).then_some(CueKind::Reporting);
    }
    None
}

/// Auxiliaries and adverbs between a subject and its verb ("has denied", "also said").
const AUXILIARIES: &[&str] = &[
    "has",
    "have",
    "had",
    "also",
    "again",
    "repeatedly",
    "strongly",
    "flatly",
    "previously",
    "later",
    "then",
    "was",
    "were",
    "is",
    "are",
    "would",
    "will",
    "did",
    "does",
    "do",
    "had",
    "publicly",
    "firmly",
    "quickly",
    "swiftly",
    "immediately",
    "once",
    "already",
    "still",
    "categorically",
    "vehemently",
    "officially",
    "separately",
];
/// Words that open a time or place phrase before a subject ("On Monday the mission said").
const LEADING: &[&str] = &[
    "on", "in", "at", "last", "earlier", "late", "during", "this",
];

/// The subject of the cue at word `i`: the words before it back to a clause break. Between
/// commas right before the verb, an apposition is the speaker ("The chief executive, Lena
/// Hartmann, said") and a relative clause is passed over ("Natarajan, who first reported the
/// breach, said").
fn subject(text: &str, ws: &[Word<'_>], i: usize, passage_start: usize) -> Option<Range<usize>> {
    if i > 0 && text[ws[i - 1].at.end..ws[i].at.start].contains(',') {
        let mut j = i - 1;
        while j > 0
            && i - j <= 14
            && !text[ws[j - 1].at.end..ws[j].at.start].contains(',')
            && ws[j - 1].at.start >= passage_start
        {
            j -= 1;
        }
        if j == 0 || !text[ws[j - 1].at.end..ws[j].at.start].contains(',') {
            return None;
        }
        if matches!(ws[j].lower.as_ref(), "who" | "which" | "whose") {
            return words_before(text, ws, j, passage_start);
        }
        let apposition = ws[j].at.start..ws[i - 1].at.end;
        return (i - j <= 6 && speaker_like(text, apposition.clone())).then_some(apposition);
    }
    words_before(text, ws, i, passage_start)
}

/// The subject ending before word `i`.
fn words_before(
    text: &str,
    ws: &[Word<'_>],
    i: usize,
    passage_start: usize,
) -> Option<Range<usize>> {
    let mut k = i;
    while k > 0 && i - k < MAX_SPEAKER_WORDS + 3 {
        let prev = &ws[k - 1];
        if prev.at.start < passage_start {
            break;
        }
        // The gap before the first word scanned is the clause's own (a comma before "who").
        let gap = if k == i {
            ""
        } else {
            &text[prev.at.end..ws[k].at.start]
        };
        // Punctuation between words ends the subject ("U.S." keeps its dots).
        if gap.contains([',', ';', ':', '“', '”', '"', '(', ')', '—', '–', '!', '?'])
            || (gap.contains('.') && !prev.text.contains('.') && prev.text.len() > 2)
            || CLAUSE_BREAKS.contains(&prev.lower.as_ref())
        {
            break;
        }
        k -= 1;
    }
    let mut end = i;
    while end > k
        && (AUXILIARIES.contains(&ws[end - 1].lower.as_ref())
            || (ws[end - 1].lower.ends_with("ly") && ws[end - 1].lower.len() > 4))
    {
        end -= 1;
    }
    // "The mission issued a statement emphasizing …": the speaker ends before its own verb.
    if let Some(v) = (k..end).find(|&j| {
        j > k
            && matches!(
                ws[j].lower.as_ref(),
                "issued" | "released" | "published" | "posted" | "sent" | "put" | "made"
            )
    }) {
        end = v;
    }
    // "On Monday the mission said": the time phrase is not the speaker.
    while k + 2 < end && LEADING.contains(&ws[k].lower.as_ref()) {
        k += 2;
    }
    if end <= k || end - k > MAX_SPEAKER_WORDS {
        return None;
    }
    let range = ws[k].at.start..ws[end - 1].at.end;
    speaker_like(text, range.clone()).then_some(range)
}

/// Whether words look like someone who speaks: a name (a capitalised word), or a noun for
/// people or bodies ("officials", "the agencies", "a spokesman"), or a pronoun.
fn speaker_like(text: &str, range: Range<usize>) -> bool {
    const PEOPLE: &[&str] = &[
        "he",
        "she",
        "they",
        "it",
        "we",
        "i",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "official",
        "officials",
        "agency",
        "agencies",
        "mission",
        "campaign",
        "government",
        "ministry",
        "minister",
        "statement",
        "report",
        "reports",
        "source",
        "sources",
        "police",
        "analysts",
        "experts",
        "researchers",
        "authorities",
        "administration",
        "department",
        "office",
        "embassy",
        "lawyer",
        "lawyers",
        "spokespeople",
        "representatives",
        "leaders",
        "critics",
        "officers",
        "investigators",
        "prosecutors",
        "officers",
        "company",
        "firm",
        "group",
        "party",
        "president",
        "chief",
        "director",
        "senator",
        "candidate",
        "aides",
        "aide",
        "adviser",
        "advisers",
        "advisor",
        "members",
        "residents",
        "witnesses",
        "people",
        "letter",
        "document",
        "release",
        "post",
        "message",
        "court",
        "judge",
        "committee",
    ];
    let words: Vec<&str> = text[range].unicode_words().collect();
    if words.is_empty() || words.len() > MAX_SPEAKER_WORDS + 2 {
        return false;
    }
    words.iter().any(|w| {
        w.chars().next().is_some_and(char::is_uppercase)
            || PEOPLE.contains(&w.to_lowercase().as_str())
    })
}

/// Where a speaker phrase after its cue ends: at punctuation or a clause word, within a few
/// words.
fn phrase_end(text: &str, from: usize, limit: usize) -> usize {
    let mut end = from;
    let mut last = "";
    for (n, (i, w)) in text[from..limit].unicode_word_indices().enumerate() {
        let at = from + i;
        let gap = &text[end..at];
        // "Dr. Amara Diallo": a dot after a short word is an abbreviation's.
        if gap.contains([',', ';', ':', '“', '”', '"', '(', '—', '–', '\n'])
            || (gap.contains('.') && last.len() > 3)
            || CLAUSE_BREAKS.contains(&w.to_lowercase().as_str())
            || n >= MAX_SPEAKER_WORDS
        {
            break;
        }
        end = at + w.len();
        last = w;
    }
    end
}

/// Where a reported clause ends: the end of the passage, before its closing punctuation.
fn content_end(text: &str, from: usize, limit: usize) -> usize {
    let s = text[from..limit].trim_end();
    let s = s.trim_end_matches(['.', '!', '?', '…', ' ']);
    from + s.len()
}

/// A range without surrounding blanks, commas and quote marks.
fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    if r.start >= r.end || r.end > text.len() {
        return r.start..r.start;
    }
    let s = &text[r.clone()];
    let strip = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ',' | ';' | ':' | '“' | '”' | '"' | '«' | '»' | '„' | '(' | ')' | '—' | '–'
            )
    };
    let start = r.start + (s.len() - s.trim_start_matches(strip).len());
    let end = r.start + s.trim_end_matches(strip).len();
    if start >= end {
        start..start
    } else {
        start..end
    }
}

/// Whether a whole text (a claim's statement) is negated near its start.
#[must_use]
pub fn negated_text(s: &str) -> bool {
    negated(s, 0..s.len())
}

/// Whether the content's main clause is negated ("it has no intention", "did not"): a
/// negation among its first nine words, before any comma or "but".
fn negated(text: &str, r: Range<usize>) -> bool {
    let mut words = 0;
    for w in text[r].split_word_bounds() {
        if matches!(w, "," | ";" | "—" | "–") {
            return false;
        }
        if w.trim().is_empty() || !w.chars().any(char::is_alphanumeric) {
            continue;
        }
        let l = w.to_lowercase().replace('’', "'");
        if l == "but" || l == "and" || words >= 9 {
            return false;
        }
        if NEGATIONS.contains(&l.as_str()) || l.ends_with("n't") || UNFOUNDED.contains(&l.as_str())
        {
            return true;
        }
        words += 1;
    }
    false
}
