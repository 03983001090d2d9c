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

    /// Styles that name themselves (`--color debug`): each a color of its own, which
    /// [`debug_labels`] turns into `<<name::text>>` once the output is complete.
    pub fn debug() -> Self {
        let style = |name: &str| {
            let code = DEBUG_NAMES.iter().position(|n| *n == name).expect("a named style") as u8 + DEBUG_BASE;
            Style::new().color(owo_colors::XtermColors::from(code))
        };
        Self {
            id: style("id"),
            meta: style("meta"),
            title: style("title"),
            number: style("number"),
            commit: style("commit"),
            delete: style("delete"),
            insert: style("insert"),
            kind: style("kind"),
            folded: style("folded"),
            term: style("term"),
            markers: false,
        }
    }

    /// No styling at all: redlines use `[-deleted-]{+inserted+}` markers.
    pub fn plain() -> Self {
        Self { markers: true, ..Self::default() }
    }
}

/// The styles' names, in the order of their debug colors.
const DEBUG_NAMES: [&str; 10] =
    ["id", "meta", "title", "number", "commit", "delete", "insert", "kind", "folded", "term"];
/// The first debug color (xterm 256-color palette), far from the usual ones.
const DEBUG_BASE: u8 = 200;

/// Output rendered with [`Styles::debug`], its escape sequences turned into style names:
/// `<<delete::noted>>`, `<<insert bold::welcomed>>`; neighbouring runs of one style are one.
pub fn debug_labels(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // The style of the run being written, and whether it was reset (closed lazily, so that the
    // same style opened right after goes on the same run).
    let mut current: Option<String> = None;
    let mut reset = false;
    let mut rest = text;
    loop {
        let at = rest.find("\x1b[").unwrap_or(rest.len());
        if at > 0 {
            if reset {
                out.push_str(">>");
                current = None;
            }
            out.push_str(&rest[..at]);
        }
        rest = &rest[at..];
        let Some(end) = rest.find('m').filter(|_| !rest.is_empty()) else { break };
        let params: Vec<&str> = rest[2..end].split(';').collect();
        rest = &rest[end + 1..];
        if params == ["0"] || params == [""] {
            reset = current.is_some();
            continue;
        }
        let name = style_name(&params);
        if current.as_deref() == Some(name.as_str()) {
            reset = false; // the same style again: the run goes on
            continue;
        }
        if current.is_some() {
            out.push_str(">>");
        }
        out.push_str("<<");
        out.push_str(&name);
        out.push_str("::");
        (current, reset) = (Some(name), false);
    }
    if current.is_some() {
        out.push_str(">>");
    }
    out
}

/// The name of the style an escape sequence's parameters set.
fn style_name(params: &[&str]) -> String {
    let mut names = Vec::new();
    let mut i = 0;
    while i < params.len() {
        match params[i] {
            "38" if params.get(i + 1) == Some(&"5") => {
                let name = params
                    .get(i + 2)
                    .and_then(|n| n.parse::<u8>().ok())
                    .and_then(|n| n.checked_sub(DEBUG_BASE))
                    .and_then(|n| DEBUG_NAMES.get(usize::from(n)));
                names.push(name.copied().unwrap_or("color"));
                i += 3;
                continue;
            }
            "1" => names.push("bold"),
            "2" => names.push("dim"),
            "4" => names.push("underline"),
            "9" => names.push("strike"),
            _ => names.push("style"),
        }
        i += 1;
    }
    names.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use owo_colors::OwoColorize;

    #[test]
    fn debug_styles_read_back_as_names() {
        let s = Styles::debug();
        let text = format!("a {} b {} c", "noted".style(s.delete), "welcomed".style(s.insert.bold()));
        assert_eq!(debug_labels(&text), "a <<delete::noted>> b <<insert bold::welcomed>> c");
        assert_eq!(debug_labels("plain"), "plain");
        let run = format!("{}{} {}", "a".style(s.delete), " ".style(s.delete), "b".style(s.delete));
        assert_eq!(debug_labels(&run), "<<delete::a >> <<delete::b>>");
        let joined = format!("{}{}", "a".style(s.delete), "b".style(s.delete));
        assert_eq!(debug_labels(&joined), "<<delete::ab>>");
    }
}
