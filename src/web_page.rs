//! A saved web page as an article: its main text and what a checker needs to cite it.
//!
//! The main content is found by `dom_smoothie`, a Rust port of Mozilla's Readability (the
//! extractor behind Firefox's Reader View), which scores the page's blocks by their text and
//! links and drops navigation, footers, share buttons and related links. The kept HTML
//! becomes text here, one paragraph a line, by the same walk as a whole page. When the
//! extractor finds nothing, or when the checker asks for it, the whole page's text is kept.
//!
//! Metadata comes from the page's own markup (Open Graph, Dublin Core, `schema.org` JSON-LD,
//! `<link rel="canonical">`): the article's title without the site's suffix, the outlet, the
//! publication date as `YYYY-MM-DD`, the canonical address and the byline.

/// What a web page gives: metadata (each empty when the page does not say) and its text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WebPage {
    /// The article's own title; `None` when the page has neither a title nor a heading.
    pub title: Option<String>,
    pub outlet: Option<String>,
    /// `YYYY-MM-DD`, as the page dates the article (the date in its own time zone).
    pub published: Option<String>,
    /// The canonical `http(s)` address of the article.
    pub url: Option<String>,
    /// The byline, without a leading "By".
    pub author: Option<String>,
    /// One paragraph a line.
    pub text: String,
    /// The text is the main content the extractor found (false: the whole page's text).
    pub extracted: bool,
}

/// Pages larger than this many elements are kept whole rather than scored (the extractor's
/// time grows with them; a news page has a few thousand).
const MAX_ELEMENTS: usize = 60_000;

/// Reads a web page. With `whole_page`, or when the extractor finds no main content, the text
/// is the whole page's (scripts, styles and `<head>` dropped); the metadata is read either way.
#[must_use]
pub fn read(html: &str, whole_page: bool) -> WebPage {
    let whole = || html_to_text(html);
    let config = dom_smoothie::Config {
        max_elements_to_parse: MAX_ELEMENTS,
        ..Default::default()
    };
    let Ok(mut readability) = dom_smoothie::Readability::new(html, None, Some(config)) else {
        let (title, text) = whole();
        return WebPage {
            title,
            text,
            ..WebPage::default()
        };
    };
    let metadata = readability.get_article_metadata(readability.parse_json_ld());
    let extracted = if whole_page {
        None
    } else {
        readability
            .parse()
            .ok()
            .map(|article| html_to_text(&article.content).1)
            .filter(|text| !text.trim().is_empty())
    };
    let page = scraper::Html::parse_document(html);
    let (page_title, page_text) = doc_to_text(&page);
    let canonical = canonical_url(&page);
    let title = non_empty(&metadata.title).or(page_title);
    let url = canonical.or_else(|| metadata.url.as_deref().and_then(absolute_http));
    WebPage {
        title,
        outlet: metadata.site_name.as_deref().and_then(non_empty),
        published: metadata.published_time.as_deref().and_then(normalise_date),
        url,
        author: metadata.byline.as_deref().and_then(byline),
        extracted: extracted.is_some(),
        text: extracted.unwrap_or(page_text),
    }
}

fn non_empty(s: &str) -> Option<String> {
    let s = collapse(s);
    (!s.is_empty()).then_some(s)
}

/// The byline without "By " and trailing separators; `None` when nothing is left.
fn byline(s: &str) -> Option<String> {
    let s = collapse(s);
    let lower = s.to_lowercase();
    let s = if lower == "by" {
        ""
    } else if lower.starts_with("by ") {
        &s[3..]
    } else {
        s.as_str()
    };
    non_empty(s.trim_matches(|c: char| c == ',' || c == '|' || c.is_whitespace()))
}

/// `s` when it is an absolute `http` or `https` address.
fn absolute_http(s: &str) -> Option<String> {
    let s = s.trim();
    let lower = s.to_ascii_lowercase();
    ((lower.starts_with("https://") || lower.starts_with("http://")) && !s.contains(' '))
        .then(|| s.to_owned())
}

/// `<link rel="canonical">`, else `og:url`, when absolute.
fn canonical_url(doc: &scraper::Html) -> Option<String> {
    let first = |selector: &str, attr: &str| {
        let selector = scraper::Selector::parse(selector).ok()?;
        doc.select(&selector)
            .find_map(|e| e.value().attr(attr).and_then(absolute_http))
    };
    first("link[rel~='canonical'][href]", "href")
        .or_else(|| first("meta[property='og:url'][content]", "content"))
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// A date as the page writes it, as `YYYY-MM-DD`: ISO 8601 (`2024-08-19`,
/// `2024-08-19T21:04:00+01:00`, `2024/08/19`), RFC 2822 (`Mon, 19 Aug 2024 …`) and English
/// month names (`August 19, 2024`, `19 Aug 2024`). The date is the one written, in the page's
/// own time zone. `None` for anything else, or for a date that does not exist.
#[must_use]
pub fn normalise_date(s: &str) -> Option<String> {
    let s = s.trim();
    let numbers: Vec<&str> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .collect();
    let date = |y: &str, m: u32, d: &str| -> Option<String> {
        let (y, d): (i32, u8) = (y.parse().ok()?, d.parse().ok()?);
        let month = time::Month::try_from(u8::try_from(m).ok()?).ok()?;
        let date = time::Date::from_calendar_date(y, month, d).ok()?;
        (1900..=2200)
            .contains(&y)
            .then(|| format!("{y:04}-{:02}-{d:02}", u8::from(date.month())))
    };
    // ISO-like: four digits, a separator, month and day (one or two digits each).
    if s.len() >= 8
        && s.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        && let [y, m, d, ..] = numbers.as_slice()
        && y.len() == 4
        && m.len() <= 2
        && d.len() <= 2
    {
        return date(y, m.parse().ok()?, d);
    }
    // A month's name, with a day of one or two digits and a year of four.
    let lower = s.to_lowercase();
    let month = lower
        .split(|c: char| !c.is_alphabetic())
        .find_map(|w| {
            (w.len() >= 3)
                .then(|| MONTHS.iter().position(|m| w.starts_with(m)))
                .flatten()
        })
        .and_then(|i| u32::try_from(i + 1).ok())?;
    let year = numbers.iter().find(|n| n.len() == 4)?;
    let day = numbers.iter().find(|n| n.len() <= 2)?;
    date(year, month, day)
}

/// Elements whose content is never article text.
const DROPPED: &str = "script style noscript template head svg iframe object button select";
/// Elements that start and end a paragraph.
const BLOCKS: &str = "p div br li tr h1 h2 h3 h4 h5 h6 blockquote article section header footer \
    main aside nav ul ol dl dt dd table caption pre figure figcaption hr address details summary \
    form fieldset center body";
/// Elements kept apart from their neighbours by a space (inline elements add none).
const CELLS: &str = "td th";

fn is_one_of(name: &str, names: &str) -> bool {
    names.split_whitespace().any(|n| n == name)
}

/// HTML to (title from `<title>` or the first `<h1>`, text with one paragraph a line).
#[must_use]
pub fn html_to_text(html: &str) -> (Option<String>, String) {
    doc_to_text(&scraper::Html::parse_document(html))
}

fn doc_to_text(doc: &scraper::Html) -> (Option<String>, String) {
    let mut flow = Flow::default();
    flow.walk(doc.tree.root(), false);
    flow.flush();
    let first_text = |selector: &str| {
        let selector = scraper::Selector::parse(selector).ok()?;
        let element = doc.select(&selector).next()?;
        let text = collapse(&element.text().collect::<String>());
        (!text.is_empty()).then_some(text)
    };
    let title = first_text("title").or_else(|| first_text("h1"));
    (title, flow.paragraphs.join("\n"))
}

/// Whitespace runs (spaces, tabs, line breaks, no-break spaces) as one space, trimmed.
pub(crate) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Paragraphs gathered from an HTML tree.
#[derive(Default)]
struct Flow {
    paragraphs: Vec<String>,
    current: String,
}

impl Flow {
    fn flush(&mut self) {
        let p = collapse(&self.current);
        if !p.is_empty() {
            self.paragraphs.push(p);
        }
        self.current.clear();
    }

    /// Ends the paragraph at a block element; keeps table cells a space apart.
    fn separate(&mut self, block: bool, cell: bool) {
        if block {
            self.flush();
        } else if cell {
            self.current.push(' ');
        }
    }

    /// Adds the text under `root`; inside `<pre>`, line breaks end paragraphs too. Walks with
    /// its own stack, so a page nested thousands of elements deep cannot overflow the thread's.
    fn walk(&mut self, root: ego_tree::NodeRef<'_, scraper::Node>, pre: bool) {
        enum Step<'a> {
            Enter(ego_tree::NodeRef<'a, scraper::Node>, bool),
            Leave(bool, bool),
        }
        let mut steps: Vec<Step<'_>> = root.children().rev().map(|c| Step::Enter(c, pre)).collect();
        while let Some(step) = steps.pop() {
            let (node, pre) = match step {
                Step::Leave(block, cell) => {
                    self.separate(block, cell);
                    continue;
                }
                Step::Enter(node, pre) => (node, pre),
            };
            match node.value() {
                scraper::Node::Text(t) if pre => {
                    let mut lines = t.split('\n');
                    self.current.push_str(lines.next().unwrap_or_default());
                    for line in lines {
                        self.flush();
                        self.current.push_str(line);
                    }
                }
                scraper::Node::Text(t) => self.current.push_str(t),
                scraper::Node::Element(e) => {
                    let name = e.name();
                    if is_one_of(name, DROPPED) {
                        continue;
                    }
                    let (block, cell) = (is_one_of(name, BLOCKS), is_one_of(name, CELLS));
                    self.separate(block, cell);
                    steps.push(Step::Leave(block, cell));
                    let inner = pre || name == "pre";
                    steps.extend(node.children().rev().map(|c| Step::Enter(c, inner)));
                }
                _ => steps.extend(node.children().rev().map(|c| Step::Enter(c, pre))),
            }
        }
    }
}

/// Word-level agreement of `found` with `expected`: (precision, recall, F1) over the
/// multisets of their lowercase words (runs of letters and digits). Used to measure
/// extraction against hand-cut main texts.
#[must_use]
pub fn word_agreement(found: &str, expected: &str) -> (f64, f64, f64) {
    let words = |s: &str| {
        let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for w in s
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            *counts.entry(w.to_lowercase()).or_default() += 1;
        }
        counts
    };
    let (f, e) = (words(found), words(expected));
    let total = |m: &std::collections::HashMap<String, usize>| m.values().sum::<usize>() as f64;
    let common: usize = f
        .iter()
        .map(|(w, n)| (*n).min(e.get(w).copied().unwrap_or(0)))
        .sum();
    let common = common as f64;
    let precision = if total(&f) > 0.0 {
        common / total(&f)
    } else {
        0.0
    };
    let recall = if total(&e) > 0.0 {
        common / total(&e)
    } else {
        0.0
    };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    (precision, recall, f1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_forms_pages_write_them() {
        for (s, want) in [
            ("2015-07-24T05:36:09+01:00", Some("2015-07-24")),
            ("2024-08-19", Some("2024-08-19")),
            ("2024/8/9", Some("2024-08-09")),
            ("Mon, 19 Aug 2024 21:04:00 GMT", Some("2024-08-19")),
            ("August 19, 2024", Some("2024-08-19")),
            ("19 août 2024", None),
            ("Updated 3 Sept. 2024, 10:00", Some("2024-09-03")),
            ("2024-02-30", None),
            ("yesterday", None),
            ("", None),
            ("12345678901234567890", None),
        ] {
            assert_eq!(normalise_date(s).as_deref(), want, "{s}");
        }
    }

    #[test]
    fn bylines_lose_their_by() {
        assert_eq!(byline("By  Jane Doe ").as_deref(), Some("Jane Doe"));
        assert_eq!(byline(" | ").as_deref(), None);
        assert_eq!(byline("Byron Lee").as_deref(), Some("Byron Lee"));
    }

    #[test]
    fn agreement_counts_repeated_words() {
        let (p, r, f) = word_agreement("the the cat", "the cat sat");
        assert!((p - 2.0 / 3.0).abs() < 1e-9 && (r - 2.0 / 3.0).abs() < 1e-9);
        assert!((f - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(word_agreement("", "x"), (0.0, 0.0, 0.0));
    }
}
