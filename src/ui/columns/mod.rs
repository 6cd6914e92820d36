//! Centre: the chosen articles side by side, each column scrolling on its own, resizable
//! by dragging its right edge, with horizontal scrolling when they do not fit.

pub mod a11y;
pub mod article_view;
pub mod char_map;
pub mod connectors;
pub mod text_layout;

use crate::document::Document;
use crate::model::{Article, ArticleId};
use crate::ui::columns::article_view::article_text_ui;
use crate::ui::shell::state::{ArticleForm, COLUMN_WIDTH_MAX, COLUMN_WIDTH_MIN, ViewState};

/// The bar above the columns: which articles are shown, in which order.
pub fn column_chooser_ui(ui: &mut egui::Ui, doc: &Document, view: &mut ViewState) {
    ui.menu_button("Columns…", |ui| {
        ui.label(egui::RichText::new("Shown articles").strong());
        for article in &doc.project().articles {
            let mut shown = view.columns.contains(&article.id);
            let only_one = shown && view.columns.len() == 1;
            let label = format!("{} {}", article.id, article.display_title());
            let response = ui.add_enabled(!only_one, egui::Checkbox::new(&mut shown, label));
            if response.changed() {
                view.set_column_visible(&article.id, shown);
            }
        }
        ui.separator();
        if ui.button("Show all").clicked() {
            view.columns = doc
                .project()
                .articles
                .iter()
                .map(|a| a.id.clone())
                .collect();
        }
    });
}

/// "Show only": the entities and claims whose spans stand out; the rest are dimmed.
pub fn filter_bar_ui(ui: &mut egui::Ui, doc: &Document, view: &mut ViewState) {
    let project = doc.project();
    ui.horizontal(|ui| {
        ui.label("Show only");
        let entities = if view.filter.entities.is_empty() {
            "entities…".to_owned()
        } else {
            format!("{} entities", view.filter.entities.len())
        };
        ui.menu_button(entities, |ui| {
            for e in &project.entities {
                let mut on = view.filter.entities.contains(&e.id);
                if ui.checkbox(&mut on, &e.name).changed() {
                    if on {
                        view.filter.entities.insert(e.id.clone());
                    } else {
                        view.filter.entities.remove(&e.id);
                    }
                }
            }
        });
        let claims = if view.filter.claims.is_empty() {
            "claims…".to_owned()
        } else {
            format!("{} claims", view.filter.claims.len())
        };
        ui.menu_button(claims, |ui| {
            for c in &project.claims {
                let mut on = view.filter.claims.contains(&c.id);
                if ui.checkbox(&mut on, &c.statement).changed() {
                    if on {
                        view.filter.claims.insert(c.id.clone());
                    } else {
                        view.filter.claims.remove(&c.id);
                    }
                }
            }
        });
        by_checker_ui(ui, doc, view);
        if view.filter.is_active() {
            let shown = filtered_count(doc, view);
            ui.weak(format!(
                "{shown} of {} highlights stand out; the rest are dimmed",
                project.annotations.len()
            ));
            if ui.button("Clear filter").clicked() {
                view.filter = crate::ui::shell::state::SpanFilter::default();
            }
        }
    });
}

/// "by …": only the highlights one checker made. The checkers are listed from the
/// project only while the menu is open.
fn by_checker_ui(ui: &mut egui::Ui, doc: &Document, view: &mut ViewState) {
    let label = match &view.filter.by {
        None => "by anyone…".to_owned(),
        Some(Some(name)) if Some(name.as_str()) == doc.author() => "my highlights".to_owned(),
        Some(Some(name)) => format!("{name}’s highlights"),
        Some(None) => "by unknown".to_owned(),
    };
    ui.menu_button(label, |ui| {
        let mut names: std::collections::BTreeSet<&str> = doc
            .project()
            .annotations
            .iter()
            .filter_map(|a| a.created_by.as_deref())
            .collect();
        let me = doc.author();
        if let Some(me) = me {
            names.remove(me);
        }
        let by = &mut view.filter.by;
        ui.radio_value(by, None, "Anyone");
        if let Some(me) = me {
            ui.radio_value(by, Some(Some(me.to_owned())), format!("Me ({me})"));
        }
        for name in names {
            ui.radio_value(by, Some(Some(name.to_owned())), name);
        }
        ui.radio_value(by, Some(None), "Unknown (made before names were kept)");
    });
}

pub fn columns_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    spans: &crate::model::FastMap<ArticleId, crate::derived::ArticleSpans>,
    view: &mut ViewState,
) {
    let height = ui.available_height();
    if !view.sync_scroll {
        view.scroll_pending.clear();
    }
    egui::ScrollArea::horizontal()
        .id_salt("columns")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal_top(|ui| {
                let columns = view.columns.clone();
                let articles: crate::model::FastMap<&ArticleId, &Article> =
                    doc.project().articles.iter().map(|a| (&a.id, a)).collect();
                for (i, id) in columns.iter().enumerate() {
                    let Some(&article) = articles.get(id) else {
                        continue;
                    };
                    let width = view.column_width(id);
                    // Columns scrolled out of view take their room and nothing else: a
                    // project of a thousand articles builds the few on screen.
                    let room =
                        egui::Rect::from_min_size(ui.cursor().min, egui::vec2(width, height));
                    if !ui.is_rect_visible(room) {
                        let loaded = doc.text(id).is_some();
                        culled_column_ui(ui, id, article, loaded, view, (width, height));
                        resize_handle_ui(ui, id, view, height);
                        continue;
                    }
                    let column = ui.allocate_ui_with_layout(
                        egui::vec2(width, height),
                        egui::Layout::top_down(egui::Align::Min),
                        |ui| {
                            ui.set_width(width);
                            ui.set_height(height);
                            column_ui(ui, doc, article, spans.get(id), view, (i, columns.len()));
                        },
                    );
                    // Here, outside the column's own vertical scroll area, so that the
                    // horizontal one receives it.
                    if view.reveal_column.as_ref() == Some(id) {
                        ui.scroll_to_rect(column.response.rect, None);
                        view.reveal_column = None;
                    }
                    resize_handle_ui(ui, id, view, height);
                }
            });
        });
    // The others follow the column scrolled this frame on the next one.
    view.scroll_leader = view.next_scroll_leader.take();
    if view.scroll_leader.is_some() {
        ui.ctx().request_repaint();
    }
}

/// A column scrolled out of view: its room, and a node that screen readers and Tab still
/// find under the column's name; focusing it brings the column into view with its text
/// focused.
fn culled_column_ui(
    ui: &mut egui::Ui,
    id: &ArticleId,
    article: &Article,
    loaded: bool,
    view: &mut ViewState,
    (width, height): (f32, f32),
) {
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(width, height),
        egui::Sense::focusable_noninteractive(),
    );
    // The name the column's text has when drawn, or what it says when it could not be read.
    let name = if loaded {
        format!("Text of {}", article.display_title())
    } else {
        missing_text_message(article)
    };
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Document, true, &name));
    if response.has_focus() {
        view.reveal_column = Some(id.clone());
        view.focus_text = Some(id.clone());
    }
    if view.reveal_column.as_ref() == Some(id) {
        ui.scroll_to_rect(rect, None);
        view.reveal_column = None;
    }
    if view.sync_scroll
        && let Some((leader, fraction)) = &view.scroll_leader
        && leader != id
    {
        view.scroll_pending.insert(id.clone(), *fraction);
    }
}

fn column_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    article: &Article,
    spans: Option<&crate::derived::ArticleSpans>,
    view: &mut ViewState,
    (index, count): (usize, usize),
) {
    column_header_ui(ui, article, view, index, count);
    ui.label(
        egui::RichText::new(article.display_title())
            .heading()
            .strong(),
    );
    let mut meta = Vec::new();
    if !article.outlet.is_empty() {
        meta.push(article.outlet.clone());
    }
    if let Some(author) = &article.author {
        meta.push(format!("by {author}"));
    }
    if let Some(date) = &article.published {
        meta.push(date.clone());
    }
    if meta.is_empty() {
        meta.push("outlet and date unknown".to_owned());
    }
    ui.weak(meta.join(" · "));
    if let Some(url) = &article.url {
        // Shown, never opened automatically: nothing in a project is fetched.
        ui.weak(url);
    }
    ui.separator();
    // Not animated: a column's text scrolls itself by the height its paragraphs gained as
    // they were laid out (see `text_layout`), and an animation would be cut short by the
    // next wheel event and drop that correction. Jumps are instant as a result.
    let mut area = egui::ScrollArea::vertical()
        .id_salt(("column", article.id.as_str()))
        .animated(false)
        .auto_shrink([false, false]);
    // Following another column: the same relative place, as far as this text goes.
    let following = view.sync_scroll
        && view
            .scroll_leader
            .as_ref()
            .is_some_and(|(leader, _)| leader != &article.id);
    // A column that was out of view when the leader scrolled catches up once its height is
    // known (the frame after it is first drawn).
    let pending = view.scroll_pending.get(&article.id).copied();
    let fraction = if following {
        view.scroll_leader.as_ref().map(|(_, f)| *f)
    } else {
        pending
    };
    let mut caught_up = false;
    if let (Some(fraction), Some((_, max))) = (fraction, view.column_scroll.get(&article.id)) {
        area = area.vertical_scroll_offset(fraction * max);
        caught_up = view.scroll_pending.remove(&article.id).is_some();
    }
    let following = following || caught_up;
    let output = area.show(ui, |ui| match doc.text(&article.id) {
        Some(text) => article_text_ui(ui, article, text, doc.project(), view, spans),
        None => {
            ui.colored_label(ui.visuals().error_fg_color, missing_text_message(article));
        }
    });
    let max = (output.content_size.y - output.inner_rect.height()).max(0.0);
    let offset = output.state.clamped_offset().y;
    // A column's own compensation scroll is not the reader scrolling: it leads no one.
    let compensation = view
        .scroll_compensation
        .remove(&article.id)
        .unwrap_or_default();
    let before = view
        .column_scroll
        .insert(article.id.clone(), (offset, max))
        .map(|(old, old_max)| (old + compensation, old_max));
    if view.sync_scroll
        && !following
        && before.is_some_and(|(old, _)| (old - offset).abs() > 0.5)
        && max > 0.0
    {
        view.next_scroll_leader = Some((article.id.clone(), offset / max));
    }
}

/// The article id and the buttons above a column: details, move left/right, hide.
fn column_header_ui(
    ui: &mut egui::Ui,
    article: &Article,
    view: &mut ViewState,
    index: usize,
    count: usize,
) {
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(article.id.as_str()).monospace().weak());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .add_enabled(
                    count > 1,
                    egui::Button::new(egui::RichText::new("×").monospace()).small(),
                )
                .on_hover_text("Hide this column")
                .clicked()
            {
                view.set_column_visible(&article.id, false);
            }
            if ui
                .add_enabled(
                    index + 1 < count,
                    egui::Button::new(egui::RichText::new("▶").monospace()).small(),
                )
                .on_hover_text("Move right")
                .clicked()
            {
                view.move_column(&article.id, 1);
            }
            if ui
                .add_enabled(
                    index > 0,
                    egui::Button::new(egui::RichText::new("◀").monospace()).small(),
                )
                .on_hover_text("Move left")
                .clicked()
            {
                view.move_column(&article.id, -1);
            }
            if ui
                .add(egui::Button::new("Details").small())
                .on_hover_text("Edit title, outlet, date, link and author")
                .clicked()
            {
                view.article_form = Some(ArticleForm {
                    article: article.id.clone(),
                    title: article.title.clone(),
                    outlet: article.outlet.clone(),
                    url: article.url.clone().unwrap_or_default(),
                    published: article.published.clone().unwrap_or_default(),
                    author: article.author.clone().unwrap_or_default(),
                });
            }
        });
    });
}

fn resize_handle_ui(ui: &mut egui::Ui, id: &ArticleId, view: &mut ViewState, height: f32) {
    let (rect, response) = ui.allocate_exact_size(egui::vec2(8.0, height), egui::Sense::drag());
    let response = response.on_hover_cursor(egui::CursorIcon::ResizeHorizontal);
    let stroke = if response.hovered() || response.dragged() {
        ui.visuals().widgets.active.bg_stroke
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    };
    ui.painter().vline(rect.center().x, rect.y_range(), stroke);
    if response.dragged() {
        let w = (view.column_width(id) + response.drag_delta().x)
            .clamp(COLUMN_WIDTH_MIN, COLUMN_WIDTH_MAX);
        view.column_widths.insert(id.clone(), w);
    }
}

/// The article details form (title, outlet, date, link), opened from a column's header.
pub fn article_form_ui(
    ctx: &egui::Context,
    doc: &Document,
    view: &mut ViewState,
    edits: &mut Vec<crate::document::Edit>,
) {
    let Some(form) = &mut view.article_form else {
        return;
    };
    let Some(article) = doc.project().article(&form.article) else {
        view.article_form = None;
        return;
    };
    let date_ok =
        form.published.trim().is_empty() || crate::validate::is_date(form.published.trim());
    let mut close = false;
    egui::Modal::new(egui::Id::unique("article details")).show(ctx, |ui| {
        ui.set_width(480.0);
        ui.heading(format!("Article {}", article.id));
        ui.weak(&article.path);
        egui::Grid::new("article form")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                for (name, value) in [
                    ("Title", &mut form.title),
                    ("Outlet", &mut form.outlet),
                    ("Published", &mut form.published),
                    ("Link", &mut form.url),
                    ("Author", &mut form.author),
                ] {
                    let label = ui.label(name);
                    ui.add(egui::TextEdit::singleline(value).desired_width(340.0))
                        .labelled_by(label.id);
                    ui.end_row();
                }
            });
        if !date_ok {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!(
                    "“{}” is not a date: write YYYY-MM-DD, YYYY-MM or YYYY",
                    form.published.trim()
                ),
            );
        }
        ui.horizontal(|ui| {
            if ui
                .add_enabled(date_ok, egui::Button::new("Save details"))
                .clicked()
            {
                let some = |s: &str| Some(s.to_owned()).filter(|s| !s.trim().is_empty());
                edits.push(crate::document::Edit::UpdateArticleDetails {
                    article: form.article.clone(),
                    title: form.title.clone(),
                    outlet: form.outlet.clone(),
                    url: some(&form.url),
                    published: some(&form.published),
                    author: some(&form.author),
                });
                close = true;
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
        });
    });
    if close || ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        view.article_form = None;
    }
}

/// How many highlights the filter lets stand out: counted once per filter, then kept up to
/// date by what each edit changed, so a click does not count 100,000 spans again.
fn filtered_count(doc: &Document, view: &mut ViewState) -> usize {
    let now = doc.transitions();
    if let Some((seen, filter, n)) = &mut view.filter_count
        && filter == &view.filter
    {
        if *seen == now {
            return *n;
        }
        let updated = doc.changes_since(*seen).and_then(|transitions| {
            let mut count = *n;
            for t in transitions {
                let crate::document::Transition::Changes(changes) = t else {
                    return None;
                };
                for c in changes {
                    if let crate::document::Change::Annotation { before, after } = c {
                        count -= before.as_ref().filter(|a| filter.shows(a)).map_or(0, |_| 1);
                        count += after.as_ref().filter(|a| filter.shows(a)).map_or(0, |_| 1);
                    }
                }
            }
            Some(count)
        });
        if let Some(count) = updated {
            *seen = now;
            *n = count;
            return count;
        }
    }
    let n = doc
        .project()
        .annotations
        .iter()
        .filter(|a| view.filter.shows(a))
        .count();
    view.filter_count = Some((now, view.filter.clone(), n));
    n
}

/// What a column says when its article's text could not be read.
fn missing_text_message(article: &Article) -> String {
    format!(
        "The text of this article could not be loaded from {}. See the problems below.",
        article.path
    )
}
