//! Linked data: the IRIs exports give a project's entities, claims and articles, and the "same
//! as" links that join an entity to the same thing elsewhere (a Wikidata item, an official
//! site). Pure: no I/O.
//!
//! An item's IRI is the project's [`Project::iri`] and the item's id, so it survives a rename
//! of the item or of the project: `urn:crosscheck:iran-hack:entity:iran` (a `urn:` base joins
//! with `:`), or `https://checks.example.org/iran-hack/entity/iran` (a web base with `/`).

use crate::model::{ClaimId, EntityId, Project};
use std::fmt::Write as _;

/// Where Wikidata's items live as linked data (its "concept URI").
pub const WIKIDATA_ENTITY: &str = "http://www.wikidata.org/entity/";

/// `schema:sameAs`, the property every export uses for an entity's links: "URL of a reference
/// Web page that unambiguously indicates the item's identity", a Wikidata item or an official
/// site alike.
pub const SAME_AS: &str = "http://schema.org/sameAs";

/// A lowercase ASCII slug of a name: letters and digits, runs of anything else as one `-`.
/// Exactly the slug the W3C export made of a project's name before format 7 (an accented
/// letter becomes a `-`, not its base letter as `import`'s slugs do), so that a migrated
/// project keeps the IRIs of its earlier exports: do not change it.
#[must_use]
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "project".into()
    } else {
        out
    }
}

/// The identifier of a project known only by its name (a file from before format 7, a test):
/// `urn:crosscheck:` and the slug of the name, the prefix exports used before format 7.
#[must_use]
pub fn project_iri(name: &str) -> String {
    format!("urn:crosscheck:{}", slug(name))
}

/// A new project's identifier: the slug of its name and eight random hex digits, so two
/// newsrooms' projects of one name never share an IRI.
#[must_use]
pub fn fresh_project_iri(name: &str) -> String {
    let random = uuid::Uuid::new_v4().simple().to_string();
    format!("{}-{}", project_iri(name), &random[..8])
}

/// An id as an IRI segment: unreserved ASCII kept, anything else percent-encoded as UTF-8.
fn segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The IRI of one item of a project: `base`, the kind of item and its id.
#[must_use]
pub fn item_iri(base: &str, kind: &str, id: &str) -> String {
    let id = segment(id);
    if base.ends_with(['/', '#']) {
        format!("{base}{kind}/{id}")
    } else if base.starts_with("urn:") {
        format!("{base}:{kind}:{id}")
    } else {
        format!("{base}/{kind}/{id}")
    }
}

/// The base every IRI of `project` is made from: its own, or the one a file without it gets.
fn base(project: &Project) -> std::borrow::Cow<'_, str> {
    if project.iri.is_empty() {
        project_iri(&project.name).into()
    } else {
        project.iri.as_str().into()
    }
}

#[must_use]
pub fn entity_iri(project: &Project, id: &EntityId) -> String {
    item_iri(&base(project), "entity", id.as_str())
}

#[must_use]
pub fn claim_iri(project: &Project, id: &ClaimId) -> String {
    item_iri(&base(project), "claim", id.as_str())
}

/// The project-local name of an article, kept beside its web address in exports.
#[must_use]
pub fn article_urn(project: &Project, id: &crate::model::ArticleId) -> String {
    item_iri(&base(project), "article", id.as_str())
}

/// The IRI of the collection of annotations an export holds, and of its first page.
#[must_use]
pub fn annotations_iris(project: &Project) -> (String, String) {
    let base = base(project);
    if base.starts_with("urn:") {
        let c = format!("{base}:annotations");
        (c.clone(), format!("{c}:page1"))
    } else {
        let c = format!("{}/annotations", base.trim_end_matches(['/', '#']));
        (c.clone(), format!("{c}?page=1"))
    }
}

/// Whether `s` is an absolute IRI: a scheme (a letter, then letters, digits, `+`, `-`, `.`),
/// a colon, and something after it, with no blank or character IRIs forbid.
#[must_use]
pub fn is_iri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"{}|\\^`".contains(c))
}

/// A Wikidata item id: `Q` and a number without leading zeros.
#[must_use]
pub fn is_qid(s: &str) -> bool {
    s.strip_prefix('Q').is_some_and(|n| {
        !n.is_empty()
            && n.len() <= 12
            && !n.starts_with('0')
            && n.bytes().all(|b| b.is_ascii_digit())
    })
}

/// The IRI of a Wikidata item.
#[must_use]
pub fn wikidata_iri(qid: &str) -> String {
    format!("{WIKIDATA_ENTITY}{qid}")
}

/// The item id of a Wikidata entity IRI, as [`normalise_link`] writes them.
#[must_use]
pub fn wikidata_qid(iri: &str) -> Option<&str> {
    iri.strip_prefix(WIKIDATA_ENTITY).filter(|q| is_qid(q))
}

/// Why a pasted link was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("nothing to add: paste a Wikidata item (Q794, or its address) or a web address")]
    Empty,
    #[error(
        "“{0}” is a Wikidata address, but not of an item: an item's address ends in its Q-id, as https://www.wikidata.org/wiki/Q794"
    )]
    NotAnItem(String),
    #[error(
        "“{0}” is neither a Wikidata item (Q794, or its address) nor a web address (https://…)"
    )]
    NotALink(String),
}

/// The item id in a Wikidata address (`https://www.wikidata.org/wiki/Q794`,
/// `…/entity/Q794`, `…/wiki/Special:EntityPage/Q794`, `…/w/index.php?title=Q794`, the
/// mobile site…), `Err` for another Wikidata address, `None` for any other address.
fn qid_in_wikidata_address(address: &str) -> Option<Result<String, ()>> {
    let lower = address.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..host_end];
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host);
    if !matches!(host, "wikidata.org" | "www.wikidata.org" | "m.wikidata.org") {
        return None;
    }
    // Original case: the path is case-sensitive, but a pasted `q794` is still meant as Q794.
    let tail = &address[address.len() - rest.len() + host_end..];
    let tail = tail.split('#').next().unwrap_or_default();
    let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
    let path_ids = path.rsplit('/').take(1).map(|seg| {
        let seg = seg.split_once('.').map_or(seg, |(id, _)| id); // Q794.json
        seg.rsplit(':').next().unwrap_or(seg) // Special:EntityPage/Q794, Item:Q794
    });
    let query_ids = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .filter(|(k, _)| matches!(*k, "title" | "id" | "search"))
        .map(|(_, v)| v);
    let found = path_ids
        .chain(query_ids)
        .map(str::to_ascii_uppercase)
        .find(|q| is_qid(q));
    Some(found.ok_or(()))
}

/// A pasted link as an entity's "same as" IRI: a Wikidata item (`Q794`, `wd:Q794`, any of its
/// addresses) as its entity IRI `http://www.wikidata.org/entity/Q794`; another web address as
/// it is, trimmed; a `urn:`, unchanged.
///
/// # Errors
/// When it is empty, another Wikidata page, or no link at all.
pub fn normalise_link(input: &str) -> Result<String, LinkError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(LinkError::Empty);
    }
    let bare = ["wd:", "wikidata:"]
        .iter()
        .find_map(|p| {
            s.get(..p.len())
                .filter(|h| h.eq_ignore_ascii_case(p))
                .map(|_| &s[p.len()..])
        })
        .unwrap_or(s)
        .trim()
        .to_ascii_uppercase();
    if is_qid(&bare) {
        return Ok(wikidata_iri(&bare));
    }
    match qid_in_wikidata_address(s) {
        Some(Ok(q)) => return Ok(wikidata_iri(&q)),
        Some(Err(())) => return Err(LinkError::NotAnItem(s.to_owned())),
        None => {}
    }
    let urn = s.get(..4).is_some_and(|h| h.eq_ignore_ascii_case("urn:"));
    if (crate::validate::is_web_address(s) || urn) && is_iri(s) {
        Ok(s.to_owned())
    } else {
        Err(LinkError::NotALink(s.to_owned()))
    }
}

/// How a "same as" IRI is written as a brat normalization, `(database, id)`: a Wikidata item
/// as `Wikidata:Q794`, a reference read from brat under another database back as it came
/// (`urn:brat:UniProt:P04637` as `UniProt:P04637`), any other IRI as `URL:` and the IRI.
#[must_use]
pub fn to_brat_reference(iri: &str) -> (String, String) {
    if let Some(q) = wikidata_qid(iri) {
        return ("Wikidata".into(), q.into());
    }
    if let Some((db, id)) = iri
        .strip_prefix("urn:brat:")
        .and_then(|rest| rest.split_once(':'))
    {
        return (db.into(), id.into());
    }
    ("URL".into(), iri.into())
}

/// The "same as" IRI of a brat normalization: `Wikidata:Q794` (any case of the database name)
/// as the item's IRI, `URL:` and an IRI as that IRI, any other database's reference as
/// `urn:brat:<database>:<id>`, so it goes out again as it came in. `None` when the id is
/// empty or holds a blank.
#[must_use]
pub fn from_brat_reference(db: &str, id: &str) -> Option<String> {
    if db.is_empty() || id.is_empty() || id.chars().any(char::is_whitespace) {
        return None;
    }
    if db.eq_ignore_ascii_case("wikidata") || db.eq_ignore_ascii_case("wd") {
        let q = id.to_ascii_uppercase();
        return is_qid(&q).then(|| wikidata_iri(&q));
    }
    if db.eq_ignore_ascii_case("url") {
        return is_iri(id).then(|| id.to_owned());
    }
    let db: String = db
        .chars()
        .map(|c| {
            if c == ':' || c.is_whitespace() {
                '_'
            } else {
                c
            }
        })
        .collect();
    Some(format!("urn:brat:{db}:{id}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_iris_join_a_urn_with_colons_and_a_web_base_with_slashes() {
        assert_eq!(
            item_iri("urn:crosscheck:iran-hack", "entity", "iran"),
            "urn:crosscheck:iran-hack:entity:iran"
        );
        assert_eq!(
            item_iri("https://x.org/p", "claim", "1"),
            "https://x.org/p/claim/1"
        );
        assert_eq!(
            item_iri("https://x.org/p/", "entity", "a b"),
            "https://x.org/p/entity/a%20b"
        );
        assert_eq!(
            item_iri("https://x.org/p#", "entity", "é"),
            "https://x.org/p#entity/%C3%A9"
        );
    }

    #[test]
    fn an_entity_iri_survives_renames() {
        let mut p = Project::new("Iran hack");
        let before = entity_iri(&p, &EntityId::from("iran"));
        p.name = "Renamed".into();
        assert_eq!(entity_iri(&p, &EntityId::from("iran")), before);
        assert_eq!(before, "urn:crosscheck:iran-hack:entity:iran");
    }

    #[test]
    fn a_migrated_project_keeps_the_prefix_its_exports_used() {
        // As the W3C export of format 6 wrote it, accents and all.
        assert_eq!(
            project_iri("Iran hack, August 2024"),
            "urn:crosscheck:iran-hack-august-2024"
        );
        assert_eq!(
            project_iri("Élections — 2024"),
            "urn:crosscheck:lections-2024"
        );
        assert_eq!(project_iri("«»"), "urn:crosscheck:project");
    }

    #[test]
    fn fresh_project_iris_differ() {
        let a = fresh_project_iri("Iran hack");
        assert!(a.starts_with("urn:crosscheck:iran-hack-"), "{a}");
        assert_ne!(a, fresh_project_iri("Iran hack"));
        assert!(is_iri(&a));
    }

    #[test]
    fn pasted_wikidata_items_become_their_entity_iri() {
        let q794 = "http://www.wikidata.org/entity/Q794";
        for pasted in [
            "Q794",
            " q794 ",
            "wd:Q794",
            "Wikidata:Q794",
            "https://www.wikidata.org/wiki/Q794",
            "http://www.wikidata.org/entity/Q794",
            "https://m.wikidata.org/wiki/Q794",
            "https://www.wikidata.org/wiki/Q794#sitelinks-wikipedia",
            "https://www.wikidata.org/wiki/Special:EntityPage/Q794",
            "https://www.wikidata.org/entity/Q794.json",
            "https://www.wikidata.org/w/index.php?title=Q794&oldid=1",
            "https://wikidata.org/wiki/Item:Q794",
        ] {
            assert_eq!(normalise_link(pasted).as_deref(), Ok(q794), "{pasted}");
        }
    }

    #[test]
    fn other_links_are_kept_and_bad_ones_refused_with_the_reason() {
        assert_eq!(
            normalise_link(" https://www.donaldjtrump.com/ ").as_deref(),
            Ok("https://www.donaldjtrump.com/")
        );
        assert_eq!(
            normalise_link("urn:isni:0000000121032683").as_deref(),
            Ok("urn:isni:0000000121032683")
        );
        assert_eq!(normalise_link("  "), Err(LinkError::Empty));
        assert!(matches!(
            normalise_link("https://www.wikidata.org/wiki/Property:P31"),
            Err(LinkError::NotAnItem(_))
        ));
        assert!(matches!(
            normalise_link("Q0794"),
            Err(LinkError::NotALink(_))
        ));
        assert!(matches!(
            normalise_link("Iran"),
            Err(LinkError::NotALink(_))
        ));
        assert!(matches!(
            normalise_link("https://exa mple.org"),
            Err(LinkError::NotALink(_))
        ));
        assert!(matches!(
            normalise_link("ftp://x.org/a"),
            Err(LinkError::NotALink(_))
        ));
        let message = normalise_link("Iran").unwrap_err().to_string();
        assert!(
            message.contains("“Iran”") && message.contains("Q794"),
            "{message}"
        );
    }

    #[test]
    fn brat_references_round_trip() {
        for iri in [
            "http://www.wikidata.org/entity/Q794",
            "https://www.donaldjtrump.com/",
            "urn:brat:UniProt:P04637",
        ] {
            let (db, id) = to_brat_reference(iri);
            assert_eq!(
                from_brat_reference(&db, &id).as_deref(),
                Some(iri),
                "{db}:{id}"
            );
        }
        assert_eq!(
            to_brat_reference("http://www.wikidata.org/entity/Q794"),
            ("Wikidata".into(), "Q794".into())
        );
        assert_eq!(
            from_brat_reference("wikidata", "q30").as_deref(),
            Some("http://www.wikidata.org/entity/Q30")
        );
        assert_eq!(from_brat_reference("Wikidata", "Iran"), None);
        assert_eq!(from_brat_reference("", "x"), None);
        assert_eq!(from_brat_reference("URL", "not a url"), None);
    }
}
