//! Styles named by meaning, mapped to terminal colors in one place.

use owo_colors::Style;

/// The styles of every element the renderers draw.
#[derive(Clone, Debug, Default)]
pub struct Styles {
    /// A meeting id.
    pub id: Style,
    /// Dates, places, counts: secondary metadata.
    pub meta: Style,
    /// A document title.
    pub title: Style,
    /// A paragraph number (`¶3`).
    pub number: Style,
    /// A commit id.
    pub commit: Style,
    /// Text only in the old meeting.
    pub delete: Style,
    /// Text only in the new meeting.
    pub insert: Style,
    /// The kind of a changed paragraph (`modified`, `split`…).
    pub kind: Style,
    /// A folded, unchanged paragraph.
    pub folded: Style,
    /// A theme's term in unchanged text (in changed text: the change's style, bold).
    pub term: Style,
    /// Whether deletions and insertions need `[-…-]` / `{+…+}` markers (no color to tell them).
    pub markers: bool,
}

impl Styles {
    /// Colored styles for a terminal.
    pub fn colored() -> Self {
        Self {
            id: Style::new().yellow(),
            meta: Style::new().dimmed(),
            title: Style::new().bold(),
            number: Style::new().cyan(),
            commit: Style::new().yellow(),
            delete: Style::new().red().strikethrough(),
            insert: Style::new().green().underline(),
            kind: Style::new().bold(),
            folded: Style::new().dimmed(),
            term: Style::new().bold().yellow(),
            markers: false,
        }
    }

    /// No styling at all: redlines use `[-deleted-]{+inserted+}` markers.
    pub fn plain() -> Self {
        Self { markers: true, ..Self::default() }
    }
}
