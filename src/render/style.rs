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
        }
    }

    /// No styling at all.
    pub fn plain() -> Self {
        Self::default()
    }
}
