//! "Find on Wikidata": candidates for an entity from Wikidata's public search API
//! (`wbsearchentities`), by its name and aliases.
//!
//! The HTTP part is the small [`Http`] trait: [`Live`] asks `www.wikidata.org` over HTTPS with
//! a timeout; [`Recorded`] answers from files of recorded responses (tests, and the window when
//! `CROSSCHECK_WIKIDATA_RECORDED` names such a folder). Everything else here is pure, and
//! [`search`] runs on a worker thread, never in a frame; it stops between requests when asked.

use crate::linked::{is_qid, wikidata_iri};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Wikidata's API endpoint.
pub const API: &str = "https://www.wikidata.org/w/api.php";

/// How long one request may take, connection included.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Candidates asked for per searched name.
const LIMIT: usize = 7;

/// At most this many names are searched: the entity's name and its first aliases.
const MAX_TERMS: usize = 4;

/// The environment variable naming a folder of recorded responses for the window.
pub const RECORDED_ENV: &str = "CROSSCHECK_WIKIDATA_RECORDED";

/// Why a request did not give an answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    /// No route to the host: no network, no name resolution, refused.
    #[error("{0}")]
    Offline(String),
    #[error("no answer within {} s", TIMEOUT.as_secs())]
    Timeout,
    #[error("HTTP status {0}")]
    Status(u16),
    #[error("{0}")]
    Other(String),
}

/// One GET request, its body as text.
pub trait Http: Send + Sync {
    /// # Errors
    /// When there is no answer, or not a successful one.
    fn get(&self, url: &str) -> Result<String, HttpError>;
}

/// Why a search found nothing to offer. The messages are the one line the entity editor shows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    #[error(
        "Offline: Wikidata could not be reached ({0}). Paste its Q-id or Wikidata address instead."
    )]
    Offline(String),
    #[error(
        "Wikidata did not answer within {} s. Try again, or paste its Q-id or Wikidata address.",
        TIMEOUT.as_secs()
    )]
    Timeout,
    #[error("Wikidata refused the search (HTTP {0}). Try again later, or paste its Q-id.")]
    Status(u16),
    #[error("Wikidata's answer could not be read ({0}).")]
    BadAnswer(String),
    #[error("Wikidata refused the search: {0}")]
    Api(String),
    #[error("The search could not be made: {0}")]
    Other(String),
    #[error("Search cancelled.")]
    Cancelled,
}

impl From<HttpError> for SearchError {
    fn from(e: HttpError) -> Self {
        match e {
            HttpError::Offline(why) => Self::Offline(why),
            HttpError::Timeout => Self::Timeout,
            HttpError::Status(s) => Self::Status(s),
            HttpError::Other(why) => Self::Other(why),
        }
    }
}

/// One item Wikidata offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// `Q794`.
    pub qid: String,
    pub label: String,
    /// Wikidata's one-line description; empty when it has none.
    pub description: String,
    /// The searched name that found it.
    pub found_by: String,
    /// The alias of the item that matched, when it was not its label.
    pub matched_alias: Option<String>,
}

impl Candidate {
    /// The item's IRI, as an entity's "same as" holds it.
    #[must_use]
    pub fn iri(&self) -> String {
        wikidata_iri(&self.qid)
    }
}

/// The request for one name: items, in English, at most [`LIMIT`].
#[must_use]
pub fn search_url(term: &str) -> String {
    let q = percent_encoding::utf8_percent_encode(term, percent_encoding::NON_ALPHANUMERIC);
    format!(
        "{API}?action=wbsearchentities&format=json&formatversion=2&type=item&language=en&uselang=en&limit={LIMIT}&search={q}"
    )
}

#[derive(serde::Deserialize)]
struct Answer {
    #[serde(default)]
    search: Option<Vec<Hit>>,
    #[serde(default)]
    error: Option<ApiError>,
}

#[derive(serde::Deserialize)]
struct ApiError {
    #[serde(default)]
    code: String,
    #[serde(default)]
    info: String,
}

#[derive(serde::Deserialize)]
struct Hit {
    id: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default, rename = "match")]
    matched: Option<Match>,
}

#[derive(serde::Deserialize)]
struct Match {
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    text: String,
}

/// The candidates in one `wbsearchentities` answer, in its order; hits that are not items
/// (a lexeme, a property) are left out.
///
/// # Errors
/// [`SearchError::BadAnswer`] when it is not such an answer, [`SearchError::Api`] when it is
/// the API's error.
pub fn parse_answer(body: &str, term: &str) -> Result<Vec<Candidate>, SearchError> {
    let answer: Answer =
        serde_json::from_str(body).map_err(|e| SearchError::BadAnswer(e.to_string()))?;
    if let Some(e) = answer.error {
        return Err(SearchError::Api(if e.info.is_empty() {
            e.code
        } else {
            e.info
        }));
    }
    let hits = answer
        .search
        .ok_or_else(|| SearchError::BadAnswer("it has no search results".into()))?;
    Ok(hits
        .into_iter()
        .filter(|h| is_qid(&h.id))
        .map(|h| {
            let label = h.label.unwrap_or_else(|| h.id.clone());
            let matched_alias = h
                .matched
                .filter(|m| m.kind == "alias" && m.text != label)
                .map(|m| m.text);
            Candidate {
                qid: h.id,
                label,
                description: h.description.unwrap_or_default(),
                found_by: term.to_owned(),
                matched_alias,
            }
        })
        .collect())
}

/// The names to search for an entity: its name, then its aliases, each once (case aside),
/// at most [`MAX_TERMS`].
#[must_use]
pub fn terms(name: &str, aliases: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in std::iter::once(name).chain(aliases.iter().map(String::as_str)) {
        let t = t.trim();
        if !t.is_empty() && !out.iter().any(|o| o.to_lowercase() == t.to_lowercase()) {
            out.push(t.to_owned());
        }
        if out.len() == MAX_TERMS {
            break;
        }
    }
    out
}

/// Searches each of `terms` in turn and merges the candidates: in the order found, each item
/// once. Stops before the next request once `cancel` is set. A failure of a later name keeps
/// what the earlier ones found.
///
/// # Errors
/// The first name's failure, or [`SearchError::Cancelled`].
pub fn search(
    http: &dyn Http,
    terms: &[String],
    cancel: &AtomicBool,
) -> Result<Vec<Candidate>, SearchError> {
    let mut out: Vec<Candidate> = Vec::new();
    for (i, term) in terms.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return Err(SearchError::Cancelled);
        }
        let found = http
            .get(&search_url(term))
            .map_err(SearchError::from)
            .and_then(|body| parse_answer(&body, term));
        match found {
            Ok(found) => {
                for c in found {
                    if !out.iter().any(|o| o.qid == c.qid) {
                        out.push(c);
                    }
                }
            }
            Err(e) if i == 0 => return Err(e),
            // A later name failing (the network went, a timeout) keeps the first answers.
            Err(_) => break,
        }
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(SearchError::Cancelled);
    }
    Ok(out)
}

/// The real API over HTTPS, with [`TIMEOUT`] and a User-Agent as Wikimedia asks of clients.
pub struct Live {
    agent: ureq::Agent,
}

impl Default for Live {
    fn default() -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(TIMEOUT))
            .user_agent(concat!(
                "Crosscheck/",
                env!("CARGO_PKG_VERSION"),
                " (desktop annotation app for fact-checkers)"
            ))
            .build();
        Self {
            agent: config.into(),
        }
    }
}

impl Http for Live {
    fn get(&self, url: &str) -> Result<String, HttpError> {
        match self.agent.get(url).call() {
            Ok(mut response) => response
                .body_mut()
                .with_config()
                .limit(4 << 20)
                .read_to_string()
                .map_err(|e| HttpError::Other(e.to_string())),
            Err(ureq::Error::StatusCode(code)) => Err(HttpError::Status(code)),
            Err(ureq::Error::Timeout(_)) => Err(HttpError::Timeout),
            Err(ureq::Error::HostNotFound) => Err(HttpError::Offline(
                "www.wikidata.org: no such host, or no network".into(),
            )),
            Err(ureq::Error::Io(e)) => Err(match e.kind() {
                std::io::ErrorKind::TimedOut => HttpError::Timeout,
                _ => HttpError::Offline(e.to_string()),
            }),
            Err(e) => Err(HttpError::Other(e.to_string())),
        }
    }
}

/// Recorded answers of the real API: one file per searched name, `<slug of the name>.json`,
/// in a folder. A name with no file gets an empty answer, as an unknown name does from the
/// API; a file named `offline` in the folder makes every request fail as with no network.
pub struct Recorded {
    dir: PathBuf,
}

impl Recorded {
    #[must_use]
    pub fn new(dir: &Path) -> Self {
        Self {
            dir: dir.to_owned(),
        }
    }

    /// The file holding the answer for `term`.
    #[must_use]
    pub fn file_for(dir: &Path, term: &str) -> PathBuf {
        dir.join(format!("{}.json", crate::linked::slug(term)))
    }
}

impl Http for Recorded {
    fn get(&self, url: &str) -> Result<String, HttpError> {
        if self.dir.join("offline").exists() {
            return Err(HttpError::Offline(
                "www.wikidata.org: no such host, or no network".into(),
            ));
        }
        let term = url
            .split_once("&search=")
            .map(|(_, q)| q.split('&').next().unwrap_or_default())
            .ok_or_else(|| HttpError::Other(format!("not a search request: {url}")))?;
        let term = percent_encoding::percent_decode_str(term).decode_utf8_lossy();
        let path = Self::file_for(&self.dir, &term);
        match std::fs::read_to_string(&path) {
            Ok(body) => Ok(body),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(format!(
                "{{\"searchinfo\":{{\"search\":{}}},\"search\":[],\"success\":1}}",
                serde_json::Value::String(term.into_owned())
            )),
            Err(e) => Err(HttpError::Other(format!("{}: {e}", path.display()))),
        }
    }
}

/// What the window searches with: the recorded answers of [`RECORDED_ENV`] when it names a
/// folder, the real API otherwise.
#[must_use]
pub fn from_environment() -> std::sync::Arc<dyn Http> {
    match std::env::var_os(RECORDED_ENV) {
        Some(dir) if !dir.is_empty() => std::sync::Arc::new(Recorded::new(Path::new(&dir))),
        _ => std::sync::Arc::new(Live::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_names_the_search_encoded() {
        let url = search_url("Iran UN mission & co/é");
        assert!(url.starts_with("https://www.wikidata.org/w/api.php?action=wbsearchentities"));
        assert!(
            url.ends_with("&search=Iran%20UN%20mission%20%26%20co%2F%C3%A9"),
            "{url}"
        );
        assert!(url.contains("&type=item&") && url.contains("&format=json"));
    }

    #[test]
    fn terms_are_the_name_then_new_aliases() {
        let aliases = ["iran".to_owned(), "Tehran".to_owned(), " ".to_owned()];
        assert_eq!(terms("Iran", &aliases), ["Iran", "Tehran"]);
        let many: Vec<String> = (0..9).map(|i| format!("a{i}")).collect();
        assert_eq!(terms("x", &many).len(), MAX_TERMS);
    }

    #[test]
    fn answers_that_are_errors_or_not_answers_say_so() {
        let e = parse_answer(
            r#"{"error":{"code":"param-missing","info":"The search parameter must be set."}}"#,
            "x",
        );
        assert_eq!(
            e,
            Err(SearchError::Api("The search parameter must be set.".into()))
        );
        assert!(matches!(
            parse_answer("<html>", "x"),
            Err(SearchError::BadAnswer(_))
        ));
        assert!(matches!(
            parse_answer("{}", "x"),
            Err(SearchError::BadAnswer(_))
        ));
        let odd = r#"{"search":[{"id":"L1"},{"id":"Q1","match":{"type":"alias","text":"u"}}]}"#;
        let found = parse_answer(odd, "u").unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].label, "Q1");
        assert_eq!(found[0].matched_alias.as_deref(), Some("u"));
    }
}
