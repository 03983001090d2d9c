//! Renderers: one module per answer and format, each writing to `&mut dyn Write` with the
//! settings resolved at the edge ([`Settings`]). Renderers never look at the terminal.

pub mod diff;
pub mod docx;
pub mod lineage;
pub mod list;
pub mod log;
pub mod report;
pub mod show;
mod style;
pub mod themes;

pub use style::{Styles, debug_labels};

/// Output settings, resolved once by the CLI.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Colors to use (all plain when color is off).
    pub styles: Styles,
    /// Wrap text to this many columns; `None` leaves lines whole.
    pub width: Option<usize>,
}

/// Text from a document made safe for a terminal: control characters (other than tab) become
/// visible escapes, so a stored file cannot move the cursor or change colors.
pub fn sanitize(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\t' && c != '\n') {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\t' && c != '\n' {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// Text made safe inside HTML or XML elements and attribute values: markup characters
/// escaped, control characters shown as escapes (as in the terminal), which also keeps XML 1.0
/// valid.
pub(crate) fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in sanitize(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Wraps `text` to `width` columns after a first-line label, indenting continuation lines
/// to the label's width.
pub(crate) fn wrap_labelled(label: &str, label_width: usize, text: &str, width: Option<usize>) -> String {
    let first = format!("{label:<label_width$}");
    match width {
        Some(w) if w > label_width + 10 => {
            let indent = " ".repeat(label_width);
            let options = textwrap::Options::new(w).initial_indent(&first).subsequent_indent(&indent);
            textwrap::fill(text, options)
        }
        _ => format!("{first}{text}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(sanitize("a\x1b[31mred"), "a\\u{1b}[31mred");
        assert_eq!(sanitize("plain\ttext"), "plain\ttext");
    }

    #[test]
    fn wraps_with_a_hanging_indent() {
        assert_eq!(
            wrap_labelled("¶1", 4, "one two three four five six", Some(16)),
            "¶1  one two\n    three four\n    five six"
        );
        assert_eq!(wrap_labelled("¶1", 4, "one two", None), "¶1  one two");
    }
}
