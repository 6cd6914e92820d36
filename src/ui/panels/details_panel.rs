//! Right panel: the selected highlight (quote, article, entities, note, delete) or the
//! selected entity's editor.

use crate::derived::Derived;
use crate::document::{Document, Edit};
use crate::model::{
    Annotation, AnnotationId, Claim, ClaimId, ClaimLink, Entity, EntityId, EntityKind, Rgb, Stance,
    Verdict,
};
use crate::ui::columns::article_view::color32;
use crate::ui::shell::state::{Selected, ViewState};
use crate::ui::theme::palette;

/// Text being edited in the panel, kept between frames.
#[derive(Debug, Default)]
pub struct DetailsBuffers {
    note: Option<(AnnotationId, String)>,
    entity: Option<EntityDraft>,
    confirm_delete_entity: bool,
    claim: Option<ClaimDraft>,
    confirm_delete_claim: bool,
    /// How many of the selected entity's mentions are listed.
    mentions_shown: usize,
    /// The entity's "same as" links: the paste field and the Wikidata search.
    same_as: crate::ui::panels::same_as::SameAsForm,
}

impl DetailsBuffers {
    /// Whether a Wikidata search is under way.
    #[must_use]
    pub fn searching_wikidata(&self) -> bool {
        self.same_as.searching()
    }
}

/// Mentions are listed this many at a time.
const MENTIONS_PAGE: usize = 100;

/// The claim form: an existing claim (`id` set) or a new one.
#[derive(Debug, Clone, PartialEq)]
struct ClaimDraft {
    id: Option<ClaimId>,
    statement: String,
    description: String,
    verdict: Verdict,
    verdict_note: String,
    /// The published fact-check's address; empty when there is none yet.
    review_url: String,
}

impl ClaimDraft {
    fn of(c: &Claim) -> Self {
        Self {
            id: Some(c.id.clone()),
            statement: c.statement.clone(),
            description: c.description.clone(),
            verdict: c.verdict,
            verdict_note: c.verdict_note.clone(),
            review_url: c.review_url.clone().unwrap_or_default(),
        }
    }

    fn to_claim(&self, id: ClaimId) -> Claim {
        Claim {
            created_by: None,
            modified: None,
            modified_by: None,
            id,
            statement: self.statement.trim().to_owned(),
            description: self.description.trim().to_owned(),
            verdict: self.verdict,
            verdict_note: self.verdict_note.trim().to_owned(),
            review_url: Some(self.review_url.trim().to_owned()).filter(|u| !u.is_empty()),
        }
    }
}

/// The entity form: an existing entity (`id` set) or a new one.
#[derive(Debug, Clone, PartialEq)]
struct EntityDraft {
    id: Option<EntityId>,
    name: String,
    kind: EntityKind,
    color: [u8; 3],
    aliases: String,
    /// Kept here only for a new entity; an existing one's change by an edit at once.
    same_as: Vec<String>,
}

impl EntityDraft {
    fn of(e: &Entity) -> Self {
        Self {
            id: Some(e.id.clone()),
            name: e.name.clone(),
            kind: e.kind,
            color: e.color.0,
            aliases: e.aliases.join("\n"),
            same_as: e.same_as.clone(),
        }
    }

    fn to_entity(&self, id: EntityId) -> Entity {
        let mut aliases: Vec<String> = Vec::new();
        for a in self
            .aliases
            .lines()
            .map(str::trim)
            .filter(|a| !a.is_empty())
        {
            if !aliases.iter().any(|x| x == a) {
                aliases.push(a.to_owned());
            }
        }
        Entity {
            id,
            name: self.name.trim().to_owned(),
            kind: self.kind,
            color: Rgb(self.color),
            aliases,
            same_as: self.same_as.clone(),
        }
    }
}

pub fn details_panel_ui(
    ui: &mut egui::Ui,
    (doc, derived): (&Document, &Derived),
    view: &mut ViewState,
    buffers: &mut DetailsBuffers,
    wikidata: &std::sync::Arc<dyn crate::wikidata::Http>,
    edits: &mut Vec<Edit>,
) {
    egui::ScrollArea::vertical().show(ui, |ui| match view.selected.clone() {
        Some(Selected::Annotation(id)) => match doc.annotation(&id) {
            Some(a) => annotation_ui(ui, doc, a, view, buffers, edits),
            None => nothing_selected(ui),
        },
        Some(Selected::Entity(id)) => match doc.project().entity(&id) {
            Some(e) => {
                if buffers.entity.as_ref().and_then(|d| d.id.as_ref()) != Some(&id) {
                    buffers.entity = Some(EntityDraft::of(e));
                    buffers.confirm_delete_entity = false;
                    buffers.mentions_shown = MENTIONS_PAGE;
                }
                entity_ui(
                    ui,
                    (doc, derived),
                    Some(e),
                    view,
                    (buffers, wikidata),
                    edits,
                );
            }
            None => nothing_selected(ui),
        },
        Some(Selected::NewEntity) => {
            if buffers.entity.as_ref().is_none_or(|d| d.id.is_some()) {
                buffers.entity = Some(EntityDraft {
                    id: None,
                    name: String::new(),
                    kind: EntityKind::Other,
                    color: crate::ui::dialogs::selection_popup::next_entity_color(doc.project()).0,
                    aliases: String::new(),
                    same_as: Vec::new(),
                });
            }
            entity_ui(ui, (doc, derived), None, view, (buffers, wikidata), edits);
        }
        Some(Selected::Claim(id)) => match doc.project().claim(&id) {
            Some(c) => {
                if buffers.claim.as_ref().and_then(|d| d.id.as_ref()) != Some(&id) {
                    buffers.claim = Some(ClaimDraft::of(c));
                    buffers.confirm_delete_claim = false;
                }
                claim_ui(ui, (doc, derived), Some(c), view, buffers, edits);
            }
            None => nothing_selected(ui),
        },
        Some(Selected::NewClaim) => {
            if buffers.claim.as_ref().is_none_or(|d| d.id.is_some()) {
                buffers.claim = Some(ClaimDraft {
                    id: None,
                    statement: String::new(),
                    description: String::new(),
                    verdict: Verdict::Unrated,
                    verdict_note: String::new(),
                    review_url: String::new(),
                });
            }
            claim_ui(ui, (doc, derived), None, view, buffers, edits);
        }
        None => nothing_selected(ui),
    });
}

fn nothing_selected(ui: &mut egui::Ui) {
    ui.heading("Details");
    ui.separator();
    ui.weak("Drag over text in a column to highlight it, or click a highlight to see it here.");
}

fn annotation_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    a: &Annotation,
    view: &mut ViewState,
    buffers: &mut DetailsBuffers,
    edits: &mut Vec<Edit>,
) {
    let project = doc.project();
    ui.heading("Highlight");
    ui.separator();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(egui::RichText::new(format!("“{}”", a.quote)).italics());
    });
    let article = project.article(&a.article).map_or_else(
        || a.article.to_string(),
        crate::model::Article::display_title,
    );
    ui.label(egui::RichText::new(article).strong());
    ui.weak(format!(
        "characters {}–{} · created {} {}",
        a.char_start,
        a.char_end,
        a.created,
        super::made_by(a)
    ));
    if ui.small_button("Show in column").clicked() {
        view.scroll_to = Some(a.id.clone());
    }

    ui.add_space(8.0);
    ui.label(egui::RichText::new("Entities").strong());
    for id in &a.entities {
        ui.horizontal(|ui| {
            let (name, color) = project
                .entity(id)
                .map_or((id.to_string(), egui::Color32::GRAY), |e| {
                    (e.name.clone(), color32(e.color))
                });
            let (swatch, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter().rect_filled(swatch, 3.0, color);
            ui.label(name.as_str());
            if ui
                .small_button("×")
                .on_hover_text(format!("Unlink {name}"))
                .clicked()
            {
                edits.push(Edit::UnlinkEntity {
                    annotation: a.id.clone(),
                    entity: id.clone(),
                });
            }
        });
    }
    let unlinked: Vec<&Entity> = project
        .entities
        .iter()
        .filter(|e| !a.entities.contains(&e.id))
        .collect();
    if !unlinked.is_empty() {
        ui.menu_button("Link entity…", |ui| {
            for e in unlinked {
                if ui.button(&e.name).clicked() {
                    edits.push(Edit::LinkEntity {
                        annotation: a.id.clone(),
                        entity: e.id.clone(),
                    });
                }
            }
        });
    }

    ui.add_space(8.0);
    annotation_claims_ui(ui, doc, a, view, edits);

    ui.add_space(8.0);
    let label = ui.label(egui::RichText::new("Note").strong());
    let note = buffers
        .note
        .get_or_insert_with(|| (a.id.clone(), a.note.clone()));
    let editor_id = egui::Id::unique("note editor");
    let focused = ui.memory(|m| m.has_focus(editor_id));
    if note.0 != a.id || (!focused && note.1 != a.note) {
        *note = (a.id.clone(), a.note.clone());
    }
    let response = ui
        .add(
            egui::TextEdit::multiline(&mut note.1)
                .id(editor_id)
                .hint_text("What to check, who to call…")
                .desired_rows(4)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if response.changed() {
        edits.push(Edit::SetNote {
            annotation: a.id.clone(),
            note: note.1.clone(),
        });
    }

    ui.add_space(12.0);
    let delete = egui::Button::new(
        egui::RichText::new("Delete highlight").color(ui.visuals().error_fg_color),
    );
    if ui.add(delete).clicked() {
        edits.push(Edit::DeleteAnnotation(a.id.clone()));
        view.selected = None;
    }
}

fn entity_ui(
    ui: &mut egui::Ui,
    (doc, derived): (&Document, &Derived),
    existing: Option<&Entity>,
    view: &mut ViewState,
    (buffers, wikidata): (
        &mut DetailsBuffers,
        &std::sync::Arc<dyn crate::wikidata::Http>,
    ),
    edits: &mut Vec<Edit>,
) {
    let project = doc.project();
    let Some(draft) = buffers.entity.as_mut() else {
        return;
    };
    ui.heading(if existing.is_some() {
        "Entity"
    } else {
        "New entity"
    });
    ui.separator();
    egui::Grid::new("entity form")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            let label = ui.label("Name");
            ui.add(egui::TextEdit::singleline(&mut draft.name).desired_width(170.0))
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Kind");
            egui::ComboBox::from_id_salt("entity kind")
                .selected_text(draft.kind.label())
                .show_ui(ui, |ui| {
                    for k in EntityKind::ALL {
                        ui.selectable_value(&mut draft.kind, k, k.label());
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Color");
            ui.color_edit_button_srgb(&mut draft.color)
                .labelled_by(label.id);
            ui.end_row();
        });
    let label = ui.label("Aliases, one per line");
    ui.add(
        egui::TextEdit::multiline(&mut draft.aliases)
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    same_as_section(ui, existing, draft, (&mut buffers.same_as, wikidata), edits);
    let name_ok = !draft.name.trim().is_empty();
    match existing {
        Some(e) => {
            let changed = draft.to_entity(e.id.clone()) != *e;
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(changed && name_ok, egui::Button::new("Save entity"))
                    .clicked()
                {
                    edits.push(Edit::UpdateEntity(draft.to_entity(e.id.clone())));
                }
                if ui
                    .add_enabled(changed, egui::Button::new("Revert"))
                    .clicked()
                {
                    *draft = EntityDraft::of(e);
                }
            });
            if !name_ok {
                ui.colored_label(ui.visuals().error_fg_color, "An entity needs a name");
            }
            let mentions = derived.mention_counts.get(&e.id).copied().unwrap_or(0);
            crate::ui::panels::entity_tools::merge_ui(ui, project, e, mentions, view, edits);
            crate::ui::panels::entity_tools::unlinked_ui(ui, doc, e, view, edits);
            mentions_ui(ui, (doc, derived), e, view, buffers, edits);
        }
        None => {
            if ui
                .add_enabled(name_ok, egui::Button::new("Add entity"))
                .clicked()
            {
                let id = project.fresh_entity_id(&draft.name);
                let mut entity = draft.to_entity(id.clone());
                if entity.aliases.is_empty() {
                    entity.aliases.push(entity.name.clone());
                }
                edits.push(Edit::AddEntity(entity));
                view.selected = Some(Selected::Entity(id));
            }
        }
    }
}

/// The entity's "same as" links and Find on Wikidata, searching its name and aliases as typed.
fn same_as_section(
    ui: &mut egui::Ui,
    existing: Option<&Entity>,
    draft: &mut EntityDraft,
    (form, wikidata): (
        &mut crate::ui::panels::same_as::SameAsForm,
        &std::sync::Arc<dyn crate::wikidata::Http>,
    ),
    edits: &mut Vec<Edit>,
) {
    // An existing entity's links change by edits at once (and by undo): the form holds no
    // copy of its own that Save could write back stale.
    if let Some(e) = existing {
        draft.same_as.clone_from(&e.same_as);
    }
    let aliases: Vec<String> = draft
        .aliases
        .lines()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect();
    crate::ui::panels::same_as::same_as_ui(
        ui,
        existing,
        (draft.name.trim(), &aliases),
        &mut draft.same_as,
        form,
        wikidata,
        edits,
    );
}

/// An entity's mentions (click one to go to it) and its guarded delete button.
fn mentions_ui(
    ui: &mut egui::Ui,
    (doc, derived): (&Document, &Derived),
    e: &Entity,
    view: &mut ViewState,
    buffers: &mut DetailsBuffers,
    edits: &mut Vec<Edit>,
) {
    // Found through the derived index, not by a scan of every annotation each frame; listed
    // a hundred at a time (an actor of a big project has thousands of mentions).
    let mentions = derived.mentions(doc, &e.id);
    let count = mentions.len();
    ui.add_space(8.0);
    ui.label(egui::RichText::new(format!("Mentions ({count})")).strong());
    let shown = buffers.mentions_shown.max(MENTIONS_PAGE);
    for a in mentions.iter().take(shown) {
        let source = &a.article;
        if ui
            .link(format!("{source}: “{}”", a.quote))
            .on_hover_text("Select and show in its column")
            .clicked()
        {
            view.selected = Some(Selected::Annotation(a.id.clone()));
            view.scroll_to = Some(a.id.clone());
        }
    }
    if count > shown {
        let more = MENTIONS_PAGE.min(count - shown);
        if ui
            .button(format!("Show {more} more (of {})", count - shown))
            .clicked()
        {
            buffers.mentions_shown = shown + MENTIONS_PAGE;
        }
    }
    ui.add_space(12.0);
    let question = format!(
        "Delete {} and unlink it from {count} highlights? The highlights stay.",
        e.name
    );
    if confirm_delete_ui(ui, &mut buffers.confirm_delete_entity, "entity", &question) {
        edits.push(Edit::DeleteEntity(e.id.clone()));
        view.selected = None;
    }
}

/// The claims a span speaks to: stance and speaker per link, and linking to more claims in
/// two clicks (claim, then stance).
fn annotation_claims_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    a: &Annotation,
    view: &mut ViewState,
    edits: &mut Vec<Edit>,
) {
    let project = doc.project();
    ui.label(egui::RichText::new("Claims").strong());
    for (i, link) in a.claims.iter().enumerate() {
        claim_link_ui(ui, project, a, i, link, view, edits);
    }
    let speaker = a.entities.first().cloned();
    ui.horizontal(|ui| {
        ui.menu_button("Link to claim…", |ui| {
            if project.claims.is_empty() {
                ui.weak("No claims yet");
            }
            for claim in &project.claims {
                ui.menu_button(&claim.statement, |ui| {
                    for stance in Stance::ALL {
                        if ui.button(stance.label()).clicked() {
                            edits.push(Edit::LinkClaim {
                                annotation: a.id.clone(),
                                link: ClaimLink {
                                    created_by: None,
                                    claim: claim.id.clone(),
                                    stance,
                                    speaker: speaker.clone(),
                                },
                                replacing: None,
                            });
                        }
                    }
                });
            }
        });
        if ui
            .button("New claim from span")
            .on_hover_text("Make a claim of this quote; the span asserts it")
            .clicked()
        {
            let claim = Claim::from_quote(&a.quote);
            edits.push(Edit::AddClaim(claim.clone()));
            edits.push(Edit::LinkClaim {
                annotation: a.id.clone(),
                link: ClaimLink {
                    created_by: None,
                    claim: claim.id.clone(),
                    stance: Stance::Asserts,
                    speaker: speaker.clone(),
                },
                replacing: None,
            });
            view.selected = Some(Selected::Claim(claim.id));
        }
    });
}

fn claim_ui(
    ui: &mut egui::Ui,
    (doc, derived): (&Document, &Derived),
    existing: Option<&Claim>,
    view: &mut ViewState,
    buffers: &mut DetailsBuffers,
    edits: &mut Vec<Edit>,
) {
    let Some(draft) = buffers.claim.as_mut() else {
        return;
    };
    ui.heading(if existing.is_some() {
        "Claim"
    } else {
        "New claim"
    });
    if let Some(by) = existing.and_then(|c| {
        super::by_line(
            c.created_by.as_deref(),
            c.modified_by.as_deref(),
            c.modified.as_deref(),
        )
    }) {
        ui.weak(by);
    }
    ui.separator();
    let label = ui.label("Statement");
    ui.add(
        egui::TextEdit::multiline(&mut draft.statement)
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    let label = ui.label("Description");
    ui.add(
        egui::TextEdit::multiline(&mut draft.description)
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    ui.horizontal(|ui| {
        let label = ui.label("Verdict");
        egui::ComboBox::from_id_salt("verdict")
            .selected_text(draft.verdict.label())
            .show_ui(ui, |ui| {
                for v in Verdict::ALL {
                    ui.selectable_value(&mut draft.verdict, v, v.label());
                }
            })
            .response
            .labelled_by(label.id);
    });
    let label = ui.label("Verdict note");
    ui.add(
        egui::TextEdit::multiline(&mut draft.verdict_note)
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    review_url_ui(ui, &mut draft.review_url);
    let statement_ok = !draft.statement.trim().is_empty();
    let Some(claim) = existing else {
        if ui
            .add_enabled(statement_ok, egui::Button::new("Add claim"))
            .clicked()
        {
            let id = ClaimId::random();
            edits.push(Edit::AddClaim(draft.to_claim(id.clone())));
            view.selected = Some(Selected::Claim(id));
        }
        return;
    };
    // Who made and changed it is not the form's to compare.
    let changed = {
        let mut edited = draft.to_claim(claim.id.clone());
        edited.created_by.clone_from(&claim.created_by);
        edited.modified_by.clone_from(&claim.modified_by);
        edited.modified.clone_from(&claim.modified);
        edited != *claim
    };
    ui.horizontal(|ui| {
        if ui
            .add_enabled(changed && statement_ok, egui::Button::new("Save claim"))
            .clicked()
        {
            edits.push(Edit::UpdateClaim(draft.to_claim(claim.id.clone())));
        }
        if ui
            .add_enabled(changed, egui::Button::new("Revert"))
            .clicked()
        {
            *draft = ClaimDraft::of(claim);
        }
    });
    if !statement_ok {
        ui.colored_label(ui.visuals().error_fg_color, "A claim needs a statement");
    }
    ui.add_space(8.0);
    claim_timeline_ui(ui, (doc, derived), claim, view);
    ui.add_space(6.0);
    let span_count = claim_spans_ui(ui, (doc, derived), claim, view);
    ui.add_space(12.0);
    let question =
        format!("Delete this claim and unlink it from {span_count} spans? The spans stay.");
    if confirm_delete_ui(ui, &mut buffers.confirm_delete_claim, "claim", &question) {
        edits.push(Edit::DeleteClaim(claim.id.clone()));
        view.selected = None;
    }
}

/// One claim link of a span: the claim, its stance and its speaker, editable.
fn claim_link_ui(
    ui: &mut egui::Ui,
    project: &crate::model::Project,
    a: &Annotation,
    i: usize,
    link: &ClaimLink,
    view: &mut ViewState,
    edits: &mut Vec<Edit>,
) {
    let statement = project
        .claim(&link.claim)
        .map_or_else(|| link.claim.to_string(), |c| c.statement.clone());
    ui.horizontal_wrapped(|ui| {
        if ui
            .link(&statement)
            .on_hover_text("Open the claim")
            .clicked()
        {
            view.selected = Some(Selected::Claim(link.claim.clone()));
        }
    });
    ui.horizontal(|ui| {
        let mut stance = link.stance;
        egui::ComboBox::from_id_salt(("stance", i))
            .selected_text(
                egui::RichText::new(stance.label()).color(palette::of(ui.ctx()).stance(stance)),
            )
            .width(90.0)
            .show_ui(ui, |ui| {
                for s in Stance::ALL {
                    ui.selectable_value(&mut stance, s, s.label());
                }
            })
            .response
            .on_hover_text("Stance");
        let mut speaker = link.speaker.clone();
        egui::ComboBox::from_id_salt(("speaker", i))
            .selected_text(project.speaker_name(speaker.as_ref()))
            .width(130.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut speaker, None, "unattributed");
                for e in &project.entities {
                    ui.selectable_value(&mut speaker, Some(e.id.clone()), &e.name);
                }
            })
            .response
            .on_hover_text("Speaker: who says it");
        if stance != link.stance || speaker != link.speaker {
            edits.push(Edit::LinkClaim {
                annotation: a.id.clone(),
                link: ClaimLink {
                    created_by: None,
                    claim: link.claim.clone(),
                    stance,
                    speaker,
                },
                replacing: Some(link.clone()),
            });
        }
        if ui
            .small_button("×")
            .on_hover_text("Unlink this claim")
            .clicked()
        {
            edits.push(Edit::UnlinkClaim {
                annotation: a.id.clone(),
                link: link.clone(),
            });
        }
    });
}

/// The spans of a claim grouped by stance; clicking a quote jumps to it. Returns how many.
fn claim_spans_ui(
    ui: &mut egui::Ui,
    (doc, derived): (&Document, &Derived),
    claim: &Claim,
    view: &mut ViewState,
) -> usize {
    let project = doc.project();
    let now = ui.input(|i| i.time);
    let spans = derived.claim_spans(doc, &claim.id);
    ui.label(egui::RichText::new(format!("Spans ({})", spans.len())).strong());
    for stance in Stance::ALL {
        let of_stance: Vec<_> = spans.iter().filter(|(_, l)| l.stance == stance).collect();
        if of_stance.is_empty() {
            continue;
        }
        // "asserts (6) — 2 independent sources": how many families its quotes come from.
        let sources = crate::analysis::provenance::sources_note(
            &view.families,
            of_stance.iter().map(|(a, _)| &a.article),
            of_stance.iter().map(|(a, _)| a.quote.as_str()),
        );
        let mut heading = format!("{} ({})", stance.label(), of_stance.len());
        if !sources.is_empty() {
            heading = format!("{heading} — {sources}");
        }
        palette::stance_label(ui, palette::of(ui.ctx()).stance(stance), heading);
        for (a, l) in of_stance {
            let speaker = project.speaker_name(l.speaker.as_ref());
            ui.horizontal_wrapped(|ui| {
                ui.weak(format!("{speaker} · {}", a.article));
                if ui.link(format!("“{}”", a.quote)).clicked() {
                    view.jump_to(&a.id, &a.article, now);
                }
            });
        }
    }
    spans.len()
}

/// The claim's quotes by speaker, each in order of its article's date, so who said it first
/// and who denied it when can be read down the list. Undated articles come last and say so.
fn claim_timeline_ui(
    ui: &mut egui::Ui,
    (doc, derived): (&Document, &Derived),
    claim: &Claim,
    view: &mut ViewState,
) {
    let project = doc.project();
    let spans = derived.claim_spans(doc, &claim.id);
    if spans.is_empty() {
        return;
    }
    let now = ui.input(|i| i.time);
    let groups = crate::analysis::claim_timeline(project, &spans);
    egui::CollapsingHeader::new(egui::RichText::new("Timeline: who said it when").strong())
        .id_salt(("claim timeline", &claim.id))
        .default_open(true)
        .show(ui, |ui| {
            for g in &groups {
                let speaker = project.speaker_name(g.speaker.as_ref());
                let first = g
                    .first_date()
                    .map_or_else(|| "no date".to_owned(), |d| format!("from {d}"));
                ui.label(egui::RichText::new(format!("{speaker} · {first}")).strong());
                for e in &g.entries {
                    let Some(a) = doc.annotation(&e.annotation) else {
                        continue;
                    };
                    ui.horizontal_wrapped(|ui| {
                        ui.weak(
                            e.published
                                .as_deref()
                                .unwrap_or("date unknown"),
                        );
                        palette::stance_label(ui, palette::of(ui.ctx()).stance(e.stance), e.stance.label());
                        ui.weak(e.article.as_str());
                        if ui
                            .link(format!("“{}”", crate::validate::ellipsize(&a.quote)))
                            .on_hover_text(a.quote.as_str())
                            .clicked()
                        {
                            view.jump_to(&a.id, &a.article, now);
                        }
                    });
                }
            }
            if groups
                .iter()
                .flat_map(|g| &g.entries)
                .any(|e| e.published.is_none())
            {
                ui.weak("Quotes from articles without a publication date come last in each speaker's list; set a date in the article's details.");
            }
        });
}

/// "Delete …" that asks once more before it deletes; true when the user confirmed.
fn confirm_delete_ui(ui: &mut egui::Ui, confirming: &mut bool, what: &str, question: &str) -> bool {
    let mut confirmed = false;
    if *confirming {
        ui.label(question);
        ui.horizontal(|ui| {
            if ui.button(format!("Delete {what}")).clicked() {
                confirmed = true;
                *confirming = false;
            }
            if ui.button("Keep").clicked() {
                *confirming = false;
            }
        });
    } else if ui
        .button(egui::RichText::new(format!("Delete {what}…")).color(ui.visuals().error_fg_color))
        .clicked()
    {
        *confirming = true;
    }
    confirmed
}

/// The address of the claim's published fact-check (`ClaimReview`'s `url`).
fn review_url_ui(ui: &mut egui::Ui, url: &mut String) {
    let label = ui.label("Published fact-check (URL)");
    ui.add(
        egui::TextEdit::singleline(url)
            .hint_text("https://… the page where this check is published")
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id)
    .on_hover_text("ClaimReview's url: fact-check listings need it to show the check");
    let typed = url.trim();
    if !typed.is_empty() && !crate::validate::is_web_address(typed) {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("“{typed}” is not a web address: write it as https://…"),
        );
    }
}
