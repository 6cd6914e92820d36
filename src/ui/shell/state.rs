//! View state of an open project: which columns are shown, what is selected, what the
//! mouse points at. Never saved in the project file.

use crate::analysis::{Axis, Column};
use crate::model::{AnnotationId, ArticleId, ClaimId, EntityId, Project};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

/// Narrowest and widest a column may be dragged.
pub const COLUMN_WIDTH_MIN: f32 = 220.0;
pub const COLUMN_WIDTH_MAX: f32 = 1400.0;
pub const COLUMN_WIDTH_DEFAULT: f32 = 380.0;

/// What the details panel shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selected {
    Annotation(AnnotationId),
    Entity(EntityId),
    /// The form for a new entity.
    NewEntity,
    Claim(ClaimId),
    /// The form for a new claim.
    NewClaim,
}

/// Tabs of the bottom panel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BottomTab {
    #[default]
    Matrix,
    Review,
    /// The speakers map: who takes opposite sides of which claims.
    Speakers,
    /// Highlights of changed article texts that moved, need review or lost their text.
    Reanchor,
    /// Text search across all articles.
    Search,
    Problems,
    /// What a merge of two copies left to decide.
    Conflicts,
    /// Suggested attributions: who says what, to accept in one keystroke.
    Suggestions,
    /// Source families: shared text and citations between the articles.
    Sources,
}

/// How suggested attributions are shown.
#[derive(Debug, Default)]
pub struct SuggestionView {
    /// Drawn faintly in the columns (View › Show suggestions in columns).
    pub show: bool,
    /// The worker's list as drawn, shared (never copied), with where each article's
    /// suggestions are in it.
    pub list: std::sync::Arc<Vec<crate::attribution::Suggestion>>,
    pub by_article: std::sync::Arc<std::collections::HashMap<ArticleId, Range<usize>>>,
    /// The one the Suggestions tab's keys act on (an index into `list`).
    pub selected: Option<usize>,
    /// Scroll the Suggestions tab to its selected row on the next frame.
    pub scroll: bool,
}

/// Text the user selected in a column, waiting for an entity choice in the popup.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingSpan {
    pub article: ArticleId,
    /// Code points, end exclusive, already trimmed and snapped to graphemes.
    pub chars: Range<usize>,
    /// Where to open the popup, in screen points.
    pub anchor: egui::Pos2,
}

/// Everything the panels read and write besides the document.
#[derive(Debug, Default)]
pub struct ViewState {
    /// Passages each article shares with another (from the sources worker), in text order.
    pub passages: std::sync::Arc<std::collections::HashMap<ArticleId, Vec<SharedPassage>>>,
    /// Whether shared passages are marked in the columns' margins.
    pub hide_passages: bool,
    /// The passage of the column a margin bar was clicked in, flashing with its twin.
    pub flash_passage: Option<(ArticleId, Range<usize>, f64)>,
    /// The source family of each article (shared text or citations join articles), for
    /// counting independent sources; empty until the worker has found them.
    pub families: std::sync::Arc<std::collections::HashMap<ArticleId, usize>>,
    /// Articles shown as columns, left to right.
    pub columns: Vec<ArticleId>,
    pub column_widths: BTreeMap<ArticleId, f32>,
    pub selected: Option<Selected>,
    /// Entity under the mouse in the entity panel this frame: its spans light up.
    pub hovered_entity: Option<EntityId>,
    pub pending: Option<PendingSpan>,
    /// Bring this annotation into view in its column on the next frame.
    pub scroll_to: Option<AnnotationId>,
    /// Scroll the row of columns so that this one is in view.
    pub reveal_column: Option<ArticleId>,
    /// An annotation to flash (after a jump to it), with the time the flash started.
    pub flash: Option<(AnnotationId, f64)>,
    pub bottom_tab: BottomTab,
    pub matrix_axis: Axis,
    /// The matrix cell whose quotes are listed.
    pub matrix_cell: Option<(ClaimId, Column)>,
    pub claim_filter: String,
    /// Which disagreements the Review tab lists.
    pub review: ReviewFilter,
    /// Scroll the Review tab to its selected disagreement on the next frame.
    pub review_scroll: bool,
    /// Annotations whose screen position the connector curves need this frame.
    pub focus: HashSet<AnnotationId>,
    /// Where focused annotations were drawn this frame: article and first row rectangle
    /// (screen coordinates, possibly outside the column's visible area).
    pub anchors: HashMap<AnnotationId, (ArticleId, egui::Rect)>,
    /// The visible area of each column's text this frame.
    pub column_clips: HashMap<ArticleId, egui::Rect>,
    /// Scrolling one column scrolls the others to the same relative place.
    pub sync_scroll: bool,
    /// Suggested attributions as the columns and the Suggestions tab show them.
    pub suggestion: SuggestionView,
    /// Each column's scroll offset and furthest offset last frame.
    pub column_scroll: HashMap<ArticleId, (f32, f32)>,
    /// How far a column scrolled itself this frame to keep its text in place while
    /// paragraphs above the view were laid out (not a scroll by the reader).
    pub scroll_compensation: HashMap<ArticleId, f32>,
    /// How many highlights the filter shows, for the document revision and filter it was
    /// counted for (counting 100,000 spans every frame showed in the frame time).
    pub filter_count: Option<(u64, SpanFilter, usize)>,
    /// The column the user scrolled, and where (0 top, 1 bottom), for the others to follow.
    pub scroll_leader: Option<(ArticleId, f32)>,
    pub next_scroll_leader: Option<(ArticleId, f32)>,
    /// Columns out of view when the leader scrolled: the fraction to scroll to when they are
    /// next drawn.
    pub scroll_pending: HashMap<ArticleId, f32>,
    /// Give this article's text the keyboard focus when it is next drawn (it was focused
    /// while out of view).
    pub focus_text: Option<ArticleId>,
    /// The merge being confirmed: (entity that goes, entity that stays).
    pub merge_into: Option<(EntityId, EntityId)>,
    /// The article whose details are being edited.
    pub article_form: Option<ArticleForm>,
    /// Show only the spans of these entities and claims at full strength; dim the rest.
    pub filter: SpanFilter,
    /// New values typed in the Conflicts tab, by conflict (item and field).
    pub conflict_drafts: BTreeMap<String, String>,
    /// A highlight to move: the next text selected in its article's column becomes its span.
    pub reselect: Option<AnnotationId>,
    /// Re-anchored highlights whose move the user accepted (they leave the list).
    pub accepted_moves: Vec<AnnotationId>,
    /// The re-anchoring rows still to show, by index, for (document revision, accepted moves).
    pub reanchor_rows: Option<crate::ui::panels::anchor_panel::PendingRows>,
    /// The search tab (Ctrl+F).
    pub search: SearchState,
    /// Bring this text range into view in its column on the next frame.
    pub scroll_to_range: Option<(ArticleId, Range<usize>)>,
    /// A text range to flash (a search result jumped to), with the time the flash started.
    pub flash_range: Option<(ArticleId, Range<usize>, f64)>,
    /// An entity's unlinked mentions as last found: (entity, the document's transition count
    /// then, hits).
    pub unlinked: Option<(EntityId, u64, Vec<crate::search::Hit>)>,
}

/// The Review tab's filters and the disagreement picked elsewhere (a map edge, a matrix cell).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReviewFilter {
    /// Only disagreements still open.
    pub open_only: bool,
    /// Only disagreements on this claim.
    pub claim: Option<ClaimId>,
    /// Only disagreements this speaker takes a side in.
    pub speaker: Option<EntityId>,
    /// Only disagreements between these two speakers (a map edge).
    pub between: Option<(EntityId, EntityId)>,
    /// Only these disagreements (a matrix cell's), with what they are.
    pub only: Option<(String, Vec<crate::model::DisagreementKey>)>,
    /// Shown expanded and scrolled to.
    pub selected: Option<crate::model::DisagreementKey>,
}

impl ReviewFilter {
    /// Whether a disagreement passes the filters (the open-only one is the caller's: it
    /// needs the review).
    #[must_use]
    pub fn admits(&self, d: &crate::analysis::Disagreement) -> bool {
        self.claim
            .as_ref()
            .is_none_or(|c| d.claim.as_ref() == Some(c))
            && self.speaker.as_ref().is_none_or(|s| d.involves(s))
            && self.between.as_ref().is_none_or(|(x, y)| {
                let (p, c) = (d.pro.speaker.as_ref(), d.con.speaker.as_ref());
                (p == Some(x) && c == Some(y)) || (p == Some(y) && c == Some(x))
            })
            && self
                .only
                .as_ref()
                .is_none_or(|(_, keys)| keys.contains(&d.key))
    }

    /// Whether any filter besides "open only" is set.
    #[must_use]
    pub fn narrows(&self) -> bool {
        self.claim.is_some()
            || self.speaker.is_some()
            || self.between.is_some()
            || self.only.is_some()
    }
}

/// What the search tab shows.
#[derive(Debug, Default)]
pub struct SearchState {
    pub query: String,
    pub options: crate::search::Options,
    pub found: crate::search::Found,
    /// The query and options `found` belongs to, and the document's transition count when it
    /// was last brought up to date.
    pub searched: Option<(String, crate::search::Options, u64)>,
    /// The result Enter jumps to.
    pub current: usize,
    /// Give the search field the keyboard on the next frame.
    pub focus: bool,
    /// The articles' case-folded texts, kept between queries.
    pub folds: crate::search::FoldCache,
}

impl ViewState {
    /// Opens the Review tab on one disagreement, with only the filters given.
    pub fn review_disagreement(&mut self, filter: ReviewFilter) {
        let open_only = self.review.open_only && filter.selected.is_none();
        self.review = ReviewFilter {
            open_only,
            ..filter
        };
        self.review_scroll = true;
        self.bottom_tab = BottomTab::Review;
    }

    /// Shows a text range: its column, scrolled there, flashing.
    pub fn jump_to_range(&mut self, article: &ArticleId, range: Range<usize>, now: f64) {
        self.set_column_visible(article, true);
        self.reveal_column = Some(article.clone());
        self.scroll_to_range = Some((article.clone(), range.clone()));
        self.flash_range = Some((article.clone(), range, now));
    }
}

/// A passage of one article that another article shares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedPassage {
    pub chars: Range<usize>,
    pub other: ArticleId,
    pub other_chars: Range<usize>,
    pub copied: bool,
    pub words: usize,
}

impl ViewState {
    /// Brings the article sharing a passage into the column right of `article`, scrolled to
    /// its side of the passage; both sides flash.
    pub fn show_shared(&mut self, article: &ArticleId, p: &SharedPassage, now: f64) {
        self.columns.retain(|c| c != &p.other);
        let at = self
            .columns
            .iter()
            .position(|c| c == article)
            .map_or(self.columns.len(), |i| i + 1);
        self.columns.insert(at, p.other.clone());
        self.jump_to_range(&p.other, p.other_chars.clone(), now);
        self.flash_passage = Some((article.clone(), p.chars.clone(), now));
    }
}

/// Which spans stand out; when nothing is chosen, all do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpanFilter {
    pub entities: std::collections::BTreeSet<EntityId>,
    pub claims: std::collections::BTreeSet<ClaimId>,
    /// Only the highlights one checker made (`Some(None)`: those whose maker is unknown).
    pub by: Option<Option<String>>,
}

impl SpanFilter {
    #[must_use]
    pub fn is_active(&self) -> bool {
        !self.entities.is_empty() || !self.claims.is_empty() || self.by.is_some()
    }

    /// Whether a span is shown at full strength: it links a chosen entity or claim (or
    /// none is chosen), and it was made by the chosen checker (or none is chosen).
    #[must_use]
    pub fn shows(&self, a: &crate::model::Annotation) -> bool {
        let linked = (self.entities.is_empty() && self.claims.is_empty())
            || a.entities.iter().any(|e| self.entities.contains(e))
            || a.claims.iter().any(|l| self.claims.contains(&l.claim));
        linked && self.by.as_ref().is_none_or(|by| *by == a.created_by)
    }
}

/// The article details form, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleForm {
    pub article: ArticleId,
    pub title: String,
    pub outlet: String,
    pub url: String,
    pub published: String,
    pub author: String,
}

impl ViewState {
    /// All articles shown, in project order.
    #[must_use]
    pub fn for_project(project: &Project) -> Self {
        Self {
            columns: project.articles.iter().map(|a| a.id.clone()).collect(),
            suggestion: SuggestionView {
                show: true,
                ..SuggestionView::default()
            },
            ..Self::default()
        }
    }

    #[must_use]
    pub fn column_width(&self, article: &ArticleId) -> f32 {
        self.column_widths
            .get(article)
            .copied()
            .unwrap_or(COLUMN_WIDTH_DEFAULT)
    }

    /// Selects an annotation, shows its column, scrolls to it and flashes it.
    pub fn jump_to(&mut self, id: &AnnotationId, article: &ArticleId, now: f64) {
        self.set_column_visible(article, true);
        self.reveal_column = Some(article.clone());
        self.selected = Some(Selected::Annotation(id.clone()));
        self.scroll_to = Some(id.clone());
        self.flash = Some((id.clone(), now));
    }

    #[must_use]
    pub fn selected_annotation(&self) -> Option<&AnnotationId> {
        match &self.selected {
            Some(Selected::Annotation(id)) => Some(id),
            _ => None,
        }
    }

    /// Shows or hides a column; a hidden article comes back at the right end.
    pub fn set_column_visible(&mut self, article: &ArticleId, visible: bool) {
        let shown = self.columns.contains(article);
        if visible && !shown {
            self.columns.push(article.clone());
        } else if !visible && shown && self.columns.len() > 1 {
            self.columns.retain(|a| a != article);
        }
    }

    /// Moves a column left (`-1`) or right (`+1`).
    pub fn move_column(&mut self, article: &ArticleId, delta: isize) {
        let Some(i) = self.columns.iter().position(|a| a == article) else {
            return;
        };
        let j = i.saturating_add_signed(delta);
        if j < self.columns.len() && j != i {
            self.columns.swap(i, j);
        }
    }
}

/// Actions that are not document edits: files, dialogs, the window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Open,
    OpenPath(std::path::PathBuf),
    OpenByTypedPath,
    Save,
    SaveAs,
    SaveAsTypedPath,
    CloseProject,
    Quit,
    Undo,
    Redo,
    ForgetRecent(std::path::PathBuf),
    /// Opens the export dialog (format choice, then where).
    Export,
    NewFromFolder,
    NewFromBrat,
    AddArticles,
    /// Ctrl+K: find a command by name.
    CommandPalette,
    /// F1: every command and key.
    ShortcutsHelp,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    ToggleTheme,
    /// Switches the stance colours between the colour-blind-safe and the classic palette.
    ToggleColourVision,
    /// Shows or hides the entities and claims panel.
    ToggleEntitiesPanel,
    /// Shows or hides the details panel.
    ToggleDetailsPanel,
    /// Shows or hides the tabs below the columns.
    ToggleTabsPanel,
    /// Only the article columns, or back to the panels as they were.
    FocusReading,
    ToggleSyncScroll,
    /// Deletes the selected highlight.
    DeleteSelected,
    /// Ctrl+F: the search tab, its field focused.
    Find,
    /// Shows or hides suggested attributions in the columns.
    ToggleSuggestions,
    /// Shows or hides the margin bars of passages shared with other articles.
    ToggleSharedPassages,
    /// The checker's name, written on their edits.
    CheckerName,
    /// The project's name and publisher.
    ProjectSettings,
    /// Copies the bundled sample project to a folder and opens the copy.
    OpenSample,
    /// Compares the project with another checker's copy (a file dialog first).
    CompareWith,
    /// Compares the project with the copy at this path.
    ComparePath(std::path::PathBuf),
}
