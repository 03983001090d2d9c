//! Renderers: one module per answer and format, each writing to `&mut dyn Write` with the
//! settings resolved at the edge ([`Settings`]). Renderers never look at the terminal.
//!
//! Layer: formats only. Renderers read the models of the layers above (`align`, `lineage`,
//! `themes`, `corpus`, `ops::report`) and never analyse: no matching, no counting, no
//! aligning — what they show is in the model (`src/layers.rs` checks it).

pub mod changes;
pub mod diff;
pub mod docx;
pub mod json;
pub mod lineage;
pub mod list;
pub mod log;
pub mod report;
pub mod show;
pub mod signals;
pub mod site;
mod style;
pub mod themes;

pub use style::{
    ACCEPTED as ACCEPTED_COLORS, ColorError, Label, Painted, Palette, Styles, label_names, parse_color,
};

/// Output settings, resolved once by the CLI.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// The styles of the labels (all plain when color is off).
    pub styles: Styles,
    /// Wrap text to this many columns; `None` leaves lines whole.
    pub width: Option<usize>,
}

/// Whether `c` is shown as a visible escape (`\u{202e}`) wherever document text is written:
/// control characters (C0, DEL, C1), the bidirectional embeddings, overrides and isolates of
/// the "Trojan Source" class (they reorder what a reader sees, past the end of the text that
/// holds them), the line and paragraph separators (invisible line breaks), and U+FFFE/U+FFFF
/// (no XML 1.0 document may hold them). The bidirectional marks (LRM, RLM, ALM) stay: they
/// reorder nothing beyond their neighbours, and Arabic and Hebrew texts use them.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{fffe}'
                | '\u{ffff}'
        )
}

/// `text` with every character `escape` picks written as `\u{…}`.
fn escape_chars(text: &str, escape: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    // Printable ASCII, most of any document, is never escaped: it is checked a byte at a time.
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) || !text.chars().any(&escape) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escape(c) {
            let _ = std::fmt::Write::write_fmt(&mut out, format_args!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Text from a document made safe for a terminal: control and bidi characters (other than
/// tab and line feed) become visible escapes ([`is_hidden`]), so a stored file cannot move the
/// cursor, change colors, or reorder what the reader sees.
pub fn sanitize(text: &str) -> std::borrow::Cow<'_, str> {
    escape_chars(text, |c| is_hidden(c) && c != '\t' && c != '\n')
}

/// [`sanitize`] for a value that must stay on one line (a title, a place, a label, a table
/// cell): a line feed is escaped too, so it cannot start a fake row.
pub fn sanitize_line(text: &str) -> std::borrow::Cow<'_, str> {
    escape_chars(text, |c| is_hidden(c) && c != '\t')
}

/// A meeting's date as a line shows it beside the id: none when the id holds it already
/// (`fomc/2024-01-31`), as `coalition/2021-06-28-rome` does too.
pub(crate) fn date_beside(id: &str, date: chrono::NaiveDate) -> Option<String> {
    Some(date.to_string()).filter(|d| !id.contains(d.as_str()))
}

/// What a moved sentence's mark says: `moved to ¶3, sentence 2` on its deletion, `moved from
/// ¶1, sentence 4` on its insertion; `None` for a piece that did not move.
pub(crate) fn moved_note(span: &crate::align::Span) -> Option<String> {
    match (span.moved_to, span.moved_from) {
        (Some(p), _) => Some(format!("moved to ¶{}, sentence {}", p.paragraph, p.sentence)),
        (_, Some(p)) => Some(format!("moved from ¶{}, sentence {}", p.paragraph, p.sentence)),
        _ => None,
    }
}

/// Text made safe inside HTML or XML elements and attribute values: markup characters
/// escaped, control and bidi characters shown as escapes (as in the terminal), which also
/// keeps XML 1.0 well-formed (no C0 control but tab and line feed, no U+FFFE/U+FFFF).
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

/// Text made inert in one line of Markdown: HTML special characters as entities, Markdown
/// ones backslashed, control and bidi characters and line feeds made visible, so no text can
/// open a heading, a list, a link, a table cell or raw HTML.
pub(crate) fn escape_md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            // `\u{…}` reads the same raw and rendered: a backslash before a letter is literal.
            c if is_hidden(c) || c == '\n' => {
                let _ = std::fmt::Write::write_fmt(&mut out, format_args!("\\u{{{:x}}}", c as u32));
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '*' | '_' | '`' | '[' | ']' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// `text` as a Markdown code span's content: on one line, control and bidi characters
/// visible, no backtick to close the span early.
pub(crate) fn code_md(text: &str) -> String {
    sanitize_line(text).replace('`', "'")
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
        assert_eq!(sanitize("a\u{202e}b\u{2066}c\u{fffe}\u{9b}"), "a\\u{202e}b\\u{2066}c\\u{fffe}\\u{9b}");
        assert_eq!(sanitize("two\nlines"), "two\nlines");
        assert_eq!(sanitize_line("two\nlines"), "two\\u{a}lines");
    }

    #[test]
    fn markdown_text_opens_nothing() {
        assert_eq!(escape_md("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
        assert_eq!(escape_md("Title\n# Heading"), "Title\\u{a}\\# Heading");
        assert_eq!(escape_md("a\\u{1b}\u{1b}b"), "a\\\\u{1b}\\u{1b}b");
        assert_eq!(escape_md("[a](b) *c* `d` | ~~e~~"), "\\[a\\](b) \\*c\\* \\`d\\` \\| \\~\\~e\\~\\~");
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
