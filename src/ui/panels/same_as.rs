//! The entity editor's "Same as" section: the entity's links out (its Wikidata item, an
//! official site), a field to paste one (a Q-id or an address, normalised to the item's IRI),
//! and "Find on Wikidata", a search by name and aliases on a worker thread that can be
//! cancelled and times out, offering candidates to add with one click.

use crate::document::Edit;
use crate::model::{Entity, EntityId};
use crate::wikidata::{self, Candidate, Http, SearchError};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

/// The search of one entity's editor, kept between frames.
#[derive(Default)]
pub struct SameAsForm {
    /// Whether the state below belongs to an editor yet, and the entity it is for (`None`:
    /// the new-entity form).
    bound: bool,
    entity: Option<EntityId>,
    search: Search,
    /// The paste field.
    pasted: String,
    paste_error: Option<String>,
}

impl std::fmt::Debug for SameAsForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SameAsForm")
            .field("entity", &self.entity)
            .field("pasted", &self.pasted)
            .finish_non_exhaustive()
    }
}

#[derive(Default)]
enum Search {
    #[default]
    Idle,
    Running {
        terms: Vec<String>,
        answer: mpsc::Receiver<Result<Vec<Candidate>, SearchError>>,
        cancel: Arc<AtomicBool>,
    },
    Done(Result<Vec<Candidate>, SearchError>),
}

impl Search {
    fn cancel(&mut self) {
        if let Self::Running { cancel, .. } = self {
            cancel.store(true, Ordering::Relaxed);
            *self = Self::Done(Err(SearchError::Cancelled));
        }
    }
}

impl SameAsForm {
    /// Starts a search for `terms` off the frame; the answer wakes the window.
    fn start(&mut self, ctx: &egui::Context, http: &Arc<dyn Http>, terms: Vec<String>) {
        self.search.cancel();
        let (tx, rx) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let (http, flag, asked, ctx) = (http.clone(), cancel.clone(), terms.clone(), ctx.clone());
        let spawned = std::thread::Builder::new()
            .name("wikidata search".into())
            .spawn(move || {
                let answer = wikidata::search(&*http, &asked, &flag);
                let _ = tx.send(answer);
                ctx.request_repaint();
            });
        self.search = match spawned {
            Ok(_) => Search::Running {
                terms,
                answer: rx,
                cancel,
            },
            Err(e) => Search::Done(Err(SearchError::Other(e.to_string()))),
        };
    }

    /// Takes the worker's answer when it has come.
    fn poll(&mut self) {
        if let Search::Running { answer, .. } = &self.search {
            match answer.try_recv() {
                Ok(found) => self.search = Search::Done(found),
                Err(mpsc::TryRecvError::Empty) => {}
                Err(mpsc::TryRecvError::Disconnected) => {
                    self.search = Search::Done(Err(SearchError::Other(
                        "the search stopped without an answer".into(),
                    )));
                }
            }
        }
    }

    /// Whether a search is under way.
    #[must_use]
    pub fn searching(&self) -> bool {
        matches!(self.search, Search::Running { .. })
    }
}

/// A link as the list shows it: "Wikidata Q794", or the address.
fn link_label(iri: &str) -> String {
    crate::linked::wikidata_qid(iri).map_or_else(|| iri.to_owned(), |q| format!("Wikidata {q}"))
}

/// Where a link opens in a browser: a Wikidata item's page, any other address as it is.
fn link_page(iri: &str) -> String {
    crate::linked::wikidata_qid(iri).map_or_else(
        || iri.to_owned(),
        |q| format!("https://www.wikidata.org/wiki/{q}"),
    )
}

/// The section. `existing` is the saved entity (its links change by an edit at once, one undo
/// step each); without one (a new entity) the links are kept in `draft` until it is added.
pub fn same_as_ui(
    ui: &mut egui::Ui,
    existing: Option<&Entity>,
    (name, aliases): (&str, &[String]),
    draft: &mut Vec<String>,
    form: &mut SameAsForm,
    http: &Arc<dyn Http>,
    edits: &mut Vec<Edit>,
) {
    let id = existing.map(|e| e.id.clone());
    if !form.bound || form.entity != id {
        form.search.cancel();
        *form = SameAsForm {
            bound: true,
            entity: id,
            ..SameAsForm::default()
        };
    }
    form.poll();
    let mut links: Vec<String> = existing.map_or_else(|| draft.clone(), |e| e.same_as.clone());
    let before = links.clone();

    ui.add_space(8.0);
    ui.label(egui::RichText::new("Same as").strong())
        .on_hover_text("The same entity elsewhere: its Wikidata item, an official site. Exports carry these links, so other newsrooms' data joins ours.");
    let mut remove = None;
    for (i, iri) in links.iter().enumerate() {
        ui.horizontal(|ui| {
            // A Wikidata item opens its page on wikidata.org when clicked; any other address
            // from a project file is shown, never opened.
            if crate::linked::wikidata_qid(iri).is_some() {
                ui.hyperlink_to(link_label(iri), link_page(iri))
                    .on_hover_text(iri);
            } else {
                ui.add(egui::Label::new(iri).selectable(true));
            }
            if ui
                .small_button("×")
                .on_hover_text("Remove this link")
                .clicked()
            {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        links.remove(i);
    }
    // One row: paste a link, or search for one.
    let terms = wikidata::terms(name, aliases);
    ui.horizontal_wrapped(|ui| {
        paste_ui(ui, &mut links, form);
        search_button_ui(ui, terms, form, http);
    });
    if let Some(e) = &form.paste_error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    search_ui(ui, &mut links, form);

    if links != before {
        if let Some(e) = existing {
            edits.push(Edit::UpdateEntity(Entity {
                same_as: links.clone(),
                ..e.clone()
            }));
        }
        draft.clone_from(&links);
    }
}

/// The paste field: a Q-id or an address, added on Enter or with the button.
fn paste_ui(ui: &mut egui::Ui, links: &mut Vec<String>, form: &mut SameAsForm) {
    let label = ui.label("Same as link");
    let field = ui
        .add(
            egui::TextEdit::singleline(&mut form.pasted)
                .hint_text("Q-id or address")
                .desired_width(120.0),
        )
        .labelled_by(label.id);
    if field.changed() {
        form.paste_error = None;
    }
    let mut add = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    add |= ui
        .button("Add")
        .on_hover_text("Paste a Wikidata Q-id (Q794), a Wikidata address or a web address")
        .clicked();
    if add {
        match crate::linked::normalise_link(&form.pasted) {
            Ok(iri) => {
                if !links.contains(&iri) {
                    links.push(iri);
                }
                form.pasted.clear();
                form.paste_error = None;
            }
            Err(e) => form.paste_error = Some(e.to_string()),
        }
    }
}

/// "Find on Wikidata", or while it runs a spinner and the button that cancels it.
fn search_button_ui(
    ui: &mut egui::Ui,
    terms: Vec<String>,
    form: &mut SameAsForm,
    http: &Arc<dyn Http>,
) {
    if form.searching() {
        ui.spinner();
        if ui
            .button("Cancel")
            .on_hover_text("Stop the Wikidata search")
            .clicked()
        {
            form.search.cancel();
        }
        return;
    }
    let button = ui
        .add_enabled(!terms.is_empty(), egui::Button::new("🔎 Find on Wikidata"))
        .on_hover_text(format!(
            "Search Wikidata for {} (over the internet, at most {} s)",
            quoted(&terms),
            wikidata::TIMEOUT.as_secs()
        ));
    if button.clicked() {
        form.start(ui.ctx(), http, terms);
    }
}

/// What the search is doing, or its candidates, or its one-line failure.
fn search_ui(ui: &mut egui::Ui, links: &mut Vec<String>, form: &SameAsForm) {
    match &form.search {
        Search::Idle => {}
        Search::Running { terms, .. } => {
            ui.label(format!("Searching Wikidata for {}…", quoted(terms)));
        }
        Search::Done(Err(SearchError::Cancelled)) => {
            ui.weak("Search cancelled.");
        }
        Search::Done(Err(e)) => {
            ui.colored_label(ui.visuals().warn_fg_color, e.to_string());
        }
        Search::Done(Ok(found)) if found.is_empty() => {
            ui.weak("No Wikidata item matches its name or aliases. Paste a Q-id if you know it.");
        }
        Search::Done(Ok(found)) => candidates_ui(ui, found, links),
    }
}

fn candidates_ui(ui: &mut egui::Ui, found: &[Candidate], links: &mut Vec<String>) {
    ui.label(format!(
        "{} candidate{} on Wikidata:",
        found.len(),
        if found.len() == 1 { "" } else { "s" }
    ));
    for c in found {
        let iri = c.iri();
        let linked = links.contains(&iri);
        ui.group(|ui| {
            ui.horizontal_wrapped(|ui| {
                ui.strong(&c.label);
                ui.hyperlink_to(&c.qid, link_page(&iri));
            });
            if !c.description.is_empty() {
                ui.label(&c.description);
            }
            if let Some(alias) = &c.matched_alias {
                ui.weak(format!("matched its alias “{alias}”"));
            }
            if linked {
                ui.weak("Already linked");
            } else if ui
                .button("Add link")
                .on_hover_text(format!("Link {} ({}) as the same entity", c.label, c.qid))
                .clicked()
            {
                links.push(iri);
            }
        });
    }
}

/// “Iran”, “Tehran”
fn quoted(terms: &[String]) -> String {
    terms
        .iter()
        .map(|t| format!("“{t}”"))
        .collect::<Vec<_>>()
        .join(", ")
}
