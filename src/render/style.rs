//! Styles named by meaning: renderers style text by [`Label`] (`diff.delete`, `meeting.id`,
//! `meta`…), and the labels are resolved to terminal colors here and nowhere else, from the
//! default table ([`Label::default_style`]) and the corpus's `[colors]` (git's color words,
//! [`parse_color`]). Under `--color debug` a label is written as `<<label::text>>` directly, as
//! jj's formatter does: no color is set, so none has to be read back.

use std::collections::BTreeMap;
use std::fmt::{self, Display, Write as _};

use owo_colors::{AnsiColors, OwoColorize, Style, XtermColors};

/// How output is styled, chosen once at the edge (`--color`, `NO_COLOR`, the terminal).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Palette {
    /// No style at all; redlines use `[-…-]{+…+}` markers.
    #[default]
    Plain,
    /// Terminal colors.
    Ansi,
    /// Labels in the text (`--color debug`): `<<diff.delete::noted>>`.
    Debug,
}

macro_rules! labels {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)*) => {
        /// What a piece of output is, as the user names it in `[colors]`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Label {
            $($(#[$doc])* $variant,)*
        }

        impl Label {
            /// Every label, in the order of the documentation.
            pub const ALL: &[Label] = &[$(Label::$variant,)*];

            /// The label's name: `diff.delete`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Label::$variant => $name,)*
                }
            }
        }
    };
}

labels! {
    /// A meeting's id: `fomc/2008-12-16`.
    MeetingId = "meeting.id",
    /// A series' name heading a timeline.
    Series = "series",
    /// Dates, places, counts, column heads: secondary information.
    Meta = "meta",
    /// A document's title.
    Title = "title",
    /// Paragraph numbers: `¶3`, `¶4 → ¶5`.
    ParagraphNumber = "paragraph.number",
    /// A commit id in the log.
    Commit = "commit",
    /// The `---` and `+++` lines naming the two sides of a diff.
    DiffHeader = "diff.header",
    /// Text only in the old meeting, and what marks the old side (`-3`).
    DiffDelete = "diff.delete",
    /// Text only in the new meeting, and what marks the new side (`+3`).
    DiffInsert = "diff.insert",
    /// A theme's term inside deleted text (by default `diff.delete`'s style, bold).
    DiffDeleteTerm = "diff.delete.term",
    /// A theme's term inside inserted text (by default `diff.insert`'s style, bold).
    DiffInsertTerm = "diff.insert.term",
    /// The kind of a changed paragraph: `modified`, `split`, `moved from ¶2 to ¶5`.
    DiffKind = "diff.kind",
    /// An unchanged paragraph folded onto one line.
    DiffFolded = "diff.folded",
    /// A theme's term in unchanged text.
    ThemeTerm = "theme.term",
    /// A theme's label in a timeline or a comparison.
    ThemeLabel = "theme.label",
    /// A theme's sparkline in a timeline.
    ThemeBars = "theme.bars",
    /// A theme whose numbers did not change between two meetings.
    ThemeUnchanged = "theme.unchanged",
    /// The sparkline of change sizes in `changes`, and its bars.
    ChangesBars = "changes.bars",
    /// A change that stands out (`changes`: an outlier, and the largest rewrites).
    ChangesOutlier = "changes.outlier",
    /// The phrase found, in `grep` and `blame`.
    PhraseMatch = "phrase.match",
    /// A meeting that holds the phrase, in `blame`'s strip (`█`).
    BlamePresent = "blame.present",
    /// A meeting that does not (`·`).
    BlameAbsent = "blame.absent",
    /// A near variant's words that the phrase does not have there (`blame --fuzzy`).
    BlameVariant = "blame.variant",
    /// The phrase's words that a near variant drops or replaces (`blame --fuzzy`).
    BlameVariantDelete = "blame.variant.delete",
    /// `annotate`: a sentence among the oldest quarter of the span.
    AnnotateAge0 = "annotate.age.0",
    /// `annotate`: the second quarter.
    AnnotateAge1 = "annotate.age.1",
    /// `annotate`: the third quarter.
    AnnotateAge2 = "annotate.age.2",
    /// `annotate`: the newest quarter, before the meeting itself.
    AnnotateAge3 = "annotate.age.3",
    /// `annotate`: new in the meeting annotated.
    AnnotateAge4 = "annotate.age.4",
}

/// A label's default: a style, or another label's style made bold.
enum DefaultStyle {
    Style(Style),
    Bold(Label),
}

impl Label {
    /// The default color table, in one place.
    fn default_style(self) -> DefaultStyle {
        let style = Style::new();
        DefaultStyle::Style(match self {
            Label::MeetingId | Label::Series | Label::Commit => style.yellow(),
            Label::Meta | Label::DiffFolded | Label::ThemeUnchanged | Label::BlameAbsent => style.dimmed(),
            Label::Title | Label::DiffHeader | Label::DiffKind | Label::ThemeLabel | Label::PhraseMatch => {
                style.bold()
            }
            Label::ParagraphNumber | Label::ThemeBars | Label::ChangesBars => style.cyan(),
            Label::DiffDelete | Label::BlameVariantDelete => style.red().strikethrough(),
            Label::DiffInsert | Label::BlamePresent | Label::BlameVariant => style.green().underline(),
            Label::DiffDeleteTerm => return DefaultStyle::Bold(Label::DiffDelete),
            Label::DiffInsertTerm => return DefaultStyle::Bold(Label::DiffInsert),
            Label::ThemeTerm => style.bold().yellow(),
            Label::ChangesOutlier => style.bold().magenta(),
            Label::AnnotateAge0 => style.blue(),
            Label::AnnotateAge1 => style.cyan(),
            Label::AnnotateAge2 => style.green(),
            Label::AnnotateAge3 => style.yellow(),
            Label::AnnotateAge4 => style.bright_yellow().bold(),
        })
    }

    fn index(self) -> usize {
        self as usize
    }

    fn named(name: &str) -> Option<Label> {
        Label::ALL.iter().copied().find(|l| l.name() == name)
    }
}

/// A `[colors]` entry that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ColorError {
    /// A key that names no label.
    #[error("[colors] \"{0}\" names nothing communique draws")]
    UnknownLabel(String),
    /// A value that is not a color.
    #[error("[colors] \"{label}\" = \"{value}\": {problem}")]
    BadValue {
        /// The key.
        label: String,
        /// The value as written.
        value: String,
        /// What is wrong with it.
        problem: String,
    },
}

/// What a `[colors]` value may hold, as advice.
pub const ACCEPTED: &str = "write up to two colors (foreground, then background: normal, default, black, red, \
                        green, yellow, blue, magenta, cyan, white, bright-red and the like, 0 to 255, \
                        #rrggbb) and attributes (bold, dim, italic, ul or underline, blink, reverse, \
                        strike or strikethrough), as in \"red strikethrough\"";

/// Every label, as `[colors]` names them, joined by ", ".
pub fn label_names() -> String {
    Label::ALL.iter().map(|l| l.name()).collect::<Vec<_>>().join(", ")
}

/// Parses a color the way git reads `color.*` settings: words separated by spaces, the first
/// color the foreground, the second the background; the rest attributes. An empty value is
/// no style at all.
pub fn parse_color(value: &str) -> Result<Style, String> {
    let mut style = Style::new();
    let mut colors = 0;
    for word in value.split_whitespace() {
        let lower = word.to_ascii_lowercase();
        if let Some(set) = attribute(&lower) {
            style = set(style);
            continue;
        }
        let color = color(&lower).ok_or_else(|| format!("\"{word}\" is neither a color nor an attribute"))?;
        colors += 1;
        style = match (colors, color) {
            (_, None) if colors <= 2 => style,
            (1, Some(color)) => color.foreground(style),
            (2, Some(color)) => color.background(style),
            _ => return Err(format!("\"{word}\" is a third color (one foreground, one background)")),
        };
    }
    Ok(style)
}

/// A color word: `None` inside for `normal` (the terminal's own color, nothing set).
fn color(word: &str) -> Option<Option<Color>> {
    if word == "normal" {
        return Some(None);
    }
    if let Some(hex) = word.strip_prefix('#') {
        let channel = |i: usize| hex.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok());
        return match (hex.len(), channel(0), channel(2), channel(4)) {
            (6, Some(r), Some(g), Some(b)) => Some(Some(Color::Rgb(r, g, b))),
            _ => None,
        };
    }
    if !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()) {
        return word.parse::<u8>().ok().map(|n| Some(Color::Xterm(n)));
    }
    let (bright, base) = match word.strip_prefix("bright") {
        Some(rest) => (true, rest.strip_prefix('-').unwrap_or(rest)),
        None => (false, word),
    };
    let ansi = match (base, bright) {
        ("default", false) => AnsiColors::Default,
        ("black", false) => AnsiColors::Black,
        ("red", false) => AnsiColors::Red,
        ("green", false) => AnsiColors::Green,
        ("yellow", false) => AnsiColors::Yellow,
        ("blue", false) => AnsiColors::Blue,
        ("magenta", false) => AnsiColors::Magenta,
        ("cyan", false) => AnsiColors::Cyan,
        ("white", false) => AnsiColors::White,
        ("black", true) => AnsiColors::BrightBlack,
        ("red", true) => AnsiColors::BrightRed,
        ("green", true) => AnsiColors::BrightGreen,
        ("yellow", true) => AnsiColors::BrightYellow,
        ("blue", true) => AnsiColors::BrightBlue,
        ("magenta", true) => AnsiColors::BrightMagenta,
        ("cyan", true) => AnsiColors::BrightCyan,
        ("white", true) => AnsiColors::BrightWhite,
        _ => return None,
    };
    Some(Some(Color::Ansi(ansi)))
}

/// A color of any of the three kinds a terminal knows.
#[derive(Clone, Copy)]
enum Color {
    Ansi(AnsiColors),
    Xterm(u8),
    Rgb(u8, u8, u8),
}

impl Color {
    fn foreground(self, style: Style) -> Style {
        match self {
            Color::Ansi(c) => style.color(c),
            Color::Xterm(n) => style.color(XtermColors::from(n)),
            Color::Rgb(r, g, b) => style.truecolor(r, g, b),
        }
    }

    fn background(self, style: Style) -> Style {
        match self {
            Color::Ansi(c) => style.on_color(c),
            Color::Xterm(n) => style.on_color(XtermColors::from(n)),
            Color::Rgb(r, g, b) => style.on_truecolor(r, g, b),
        }
    }
}

/// An attribute word, as a function that sets it.
fn attribute(word: &str) -> Option<fn(Style) -> Style> {
    Some(match word {
        "bold" => Style::bold,
        "dim" => Style::dimmed,
        "italic" => Style::italic,
        "ul" | "underline" => Style::underline,
        "blink" => Style::blink,
        "reverse" => Style::reversed,
        "strike" | "strikethrough" => Style::strikethrough,
        _ => return None,
    })
}

/// The styles of every label under one palette, resolved once at the edge.
#[derive(Clone, Debug)]
pub struct Styles {
    palette: Palette,
    table: Vec<Style>,
}

/// No styling at all ([`Styles::plain`]).
impl Default for Styles {
    fn default() -> Self {
        Self::plain()
    }
}

impl Styles {
    /// `palette` with the default colors, and `colors` (the corpus's `[colors]`: label to git
    /// color words) over them. Every entry is checked, whatever the palette: a typo shows at
    /// once, not only on a terminal.
    pub fn resolve(palette: Palette, colors: &BTreeMap<String, String>) -> Result<Self, ColorError> {
        let mut chosen: Vec<Option<Style>> = vec![None; Label::ALL.len()];
        for (key, value) in colors {
            let label = Label::named(key).ok_or_else(|| ColorError::UnknownLabel(key.clone()))?;
            let style = parse_color(value).map_err(|problem| ColorError::BadValue {
                label: key.clone(),
                value: value.clone(),
                problem,
            })?;
            chosen[label.index()] = Some(style);
        }
        Ok(Self::with(palette, &chosen))
    }

    /// The styles of `palette`: those `chosen`, the defaults for the others.
    fn with(palette: Palette, chosen: &[Option<Style>]) -> Self {
        let mut table = vec![Style::new(); Label::ALL.len()];
        // Styles first, then those made of another label's (which may have been chosen).
        for pass in [false, true] {
            for &label in Label::ALL {
                let style = match (label.default_style(), pass) {
                    (DefaultStyle::Style(style), false) => style,
                    (DefaultStyle::Bold(base), true) => table[base.index()].bold(),
                    _ => continue,
                };
                table[label.index()] = chosen.get(label.index()).copied().flatten().unwrap_or(style);
            }
        }
        Self { palette, table }
    }

    /// Colored styles for a terminal, with the default colors.
    pub fn colored() -> Self {
        Self::with_defaults(Palette::Ansi)
    }

    /// Styles that write their labels (`--color debug`).
    pub fn debug() -> Self {
        Self::with_defaults(Palette::Debug)
    }

    /// No styling at all: redlines use `[-deleted-]{+inserted+}` markers.
    pub fn plain() -> Self {
        Self::with_defaults(Palette::Plain)
    }

    fn with_defaults(palette: Palette) -> Self {
        Self::with(palette, &[])
    }

    /// Whether deletions and insertions need `[-…-]` / `{+…+}` markers (no color to tell them).
    pub fn markers(&self) -> bool {
        self.palette == Palette::Plain
    }

    /// Whether text of `label` is written as it is (no color, no label): then whitespace in it
    /// is only spacing.
    pub fn is_plain(&self, label: Label) -> bool {
        match self.palette {
            Palette::Plain => true,
            Palette::Ansi => self.table[label.index()] == Style::new(),
            Palette::Debug => false,
        }
    }

    /// `value` styled as `label`; it keeps the formatter's width and alignment (`{:<9}` pads
    /// the text inside the style).
    pub fn paint<T: Display>(&self, label: Label, value: T) -> Painted<'_, T> {
        Painted { styles: self, label, value }
    }

    /// Appends `text` styled as `label` to `out`; plain text is copied, not formatted.
    pub(crate) fn push_painted(&self, out: &mut String, label: Label, text: &str) {
        if self.palette == Palette::Plain {
            out.push_str(text);
        } else {
            let _ = write!(out, "{}", self.paint(label, text));
        }
    }

    /// A line (or any text) built from styled runs.
    pub(crate) fn canvas(&self) -> Canvas<'_> {
        Canvas { styles: self, text: String::new(), open: None }
    }
}

/// A value and the label to style it with; see [`Styles::paint`].
pub struct Painted<'s, T> {
    styles: &'s Styles,
    label: Label,
    value: T,
}

impl<T: Display> Display for Painted<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.styles.palette {
            Palette::Plain => self.value.fmt(f),
            Palette::Ansi => self.value.style(self.styles.table[self.label.index()]).fmt(f),
            Palette::Debug => {
                write!(f, "<<{}::", self.label.name())?;
                self.value.fmt(f)?;
                f.write_str(">>")
            }
        }
    }
}

/// Text built from runs, some styled. Under `--color debug`, a run of the label just written
/// goes on in the same `<<label::…>>` (jj's formatter opens a label only when it changes);
/// in color, each run is styled on its own, as it always was.
pub(crate) struct Canvas<'s> {
    styles: &'s Styles,
    text: String,
    /// The label of the run still open: pieces of one label in a row are one run, one escape
    /// sequence before and one after (as git and delta write them), not one per piece.
    open: Option<Label>,
}

impl Canvas<'_> {
    /// Appends `text` styled as `label`.
    pub(crate) fn paint(&mut self, label: Label, text: &str) {
        match self.styles.palette {
            Palette::Plain => self.text.push_str(text),
            _ if text.is_empty() => {}
            Palette::Ansi => {
                let style = self.styles.table[label.index()];
                if style == Style::new() {
                    self.push(text);
                    return;
                }
                if self.open.is_some_and(|open| self.styles.table[open.index()] != style) {
                    self.close();
                }
                if self.open.is_none() {
                    let _ = write!(self.text, "{}", style.prefix_formatter());
                    self.open = Some(label);
                }
                self.text.push_str(text);
            }
            Palette::Debug => {
                if self.open != Some(label) {
                    self.close();
                    let _ = write!(self.text, "<<{}::", label.name());
                    self.open = Some(label);
                }
                self.text.push_str(text);
            }
        }
    }

    /// Appends `text` unstyled.
    pub(crate) fn push(&mut self, text: &str) {
        self.close();
        self.text.push_str(text);
    }

    /// Appends `text` styled as `label`, or unstyled without one.
    pub(crate) fn write(&mut self, label: Option<Label>, text: &str) {
        match label {
            Some(label) => self.paint(label, text),
            None => self.push(text),
        }
    }

    fn close(&mut self) {
        let Some(open) = self.open.take() else { return };
        match self.styles.palette {
            Palette::Debug => self.text.push_str(">>"),
            _ => {
                let _ = write!(self.text, "{}", self.styles.table[open.index()].suffix_formatter());
            }
        }
    }

    /// The text written.
    pub(crate) fn finish(mut self) -> String {
        self.close();
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colors(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
        entries.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn git_color_words_parse() {
        let parsed = |text: &str| parse_color(text).unwrap();
        assert_eq!(parsed("red strikethrough"), Style::new().red().strikethrough());
        assert_eq!(parsed("red strike"), Style::new().red().strikethrough());
        assert_eq!(parsed("Green UL"), Style::new().green().underline());
        assert_eq!(parsed("bold yellow"), Style::new().yellow().bold());
        assert_eq!(parsed("bright-yellow bold"), Style::new().bright_yellow().bold());
        assert_eq!(parsed("brightyellow"), Style::new().bright_yellow());
        assert_eq!(parsed("#d7af00"), Style::new().truecolor(0xd7, 0xaf, 0x00));
        assert_eq!(parsed("178 #000000"), Style::new().color(XtermColors::from(178)).on_truecolor(0, 0, 0));
        assert_eq!(parsed("normal blue"), Style::new().on_blue());
        assert_eq!(parsed("white black"), Style::new().white().on_black());
        assert_eq!(parsed("default"), Style::new().default_color());
        assert_eq!(parsed("dim italic blink reverse"), Style::new().dimmed().italic().blink().reversed());
        assert_eq!(parsed(""), Style::new());
        assert_eq!(parsed("normal"), Style::new());
    }

    #[test]
    fn wrong_color_words_say_which() {
        let problem = |text: &str| parse_color(text).unwrap_err();
        assert_eq!(problem("rde"), "\"rde\" is neither a color nor an attribute");
        assert_eq!(problem("red green blue"), "\"blue\" is a third color (one foreground, one background)");
        assert_eq!(problem("256"), "\"256\" is neither a color nor an attribute");
        assert_eq!(problem("#12345"), "\"#12345\" is neither a color nor an attribute");
        assert_eq!(problem("#gg0000"), "\"#gg0000\" is neither a color nor an attribute");
        assert_eq!(problem("bright-default"), "\"bright-default\" is neither a color nor an attribute");
        assert_eq!(problem("no-bold"), "\"no-bold\" is neither a color nor an attribute");
    }

    #[test]
    fn the_defaults_are_the_colors_of_old() {
        let s = Styles::colored();
        let style = |label: Label| s.table[label.index()];
        assert_eq!(style(Label::MeetingId), Style::new().yellow());
        assert_eq!(style(Label::Meta), Style::new().dimmed());
        assert_eq!(style(Label::DiffDelete), Style::new().red().strikethrough());
        assert_eq!(style(Label::DiffInsertTerm), Style::new().green().underline().bold());
        assert_eq!(style(Label::ThemeTerm), Style::new().bold().yellow());
        assert_eq!(style(Label::AnnotateAge4), Style::new().bright_yellow().bold());
        assert_eq!(format!("{}", s.paint(Label::DiffDelete, "noted")), "\x1b[31;9mnoted\x1b[0m");
        assert_eq!(format!("[{:<4}]", s.paint(Label::MeetingId, "a")), "[\x1b[33ma   \x1b[0m]");
        assert_eq!(format!("[{:<4}]", Styles::plain().paint(Label::MeetingId, "a")), "[a   ]");
    }

    #[test]
    fn colors_override_the_defaults_and_what_is_made_of_them() {
        let s =
            Styles::resolve(Palette::Ansi, &colors(&[("diff.delete", "blue"), ("meeting.id", "#d7af00")]))
                .unwrap();
        assert_eq!(s.table[Label::DiffDelete.index()], Style::new().blue());
        assert_eq!(s.table[Label::DiffDeleteTerm.index()], Style::new().blue().bold());
        assert_eq!(s.table[Label::MeetingId.index()], Style::new().truecolor(0xd7, 0xaf, 0));
        assert_eq!(s.table[Label::DiffInsert.index()], Style::new().green().underline());
        let own =
            Styles::resolve(Palette::Ansi, &colors(&[("diff.delete", "blue"), ("diff.delete.term", "red")]))
                .unwrap();
        assert_eq!(own.table[Label::DiffDeleteTerm.index()], Style::new().red());
    }

    #[test]
    fn a_wrong_entry_names_its_key_and_what_is_accepted() {
        let error = |entries: &[(&str, &str)]| Styles::resolve(Palette::Plain, &colors(entries)).unwrap_err();
        let message = error(&[("diff.deleted", "red")]).to_string();
        assert_eq!(message, "[colors] \"diff.deleted\" names nothing communique draws");
        assert!(label_names().starts_with("meeting.id, series, meta,"), "{}", label_names());
        assert!(label_names().contains("diff.delete, diff.insert,"), "{}", label_names());
        let message = error(&[("diff.delete", "rde strike")]).to_string();
        assert_eq!(
            message,
            "[colors] \"diff.delete\" = \"rde strike\": \"rde\" is neither a color nor an attribute"
        );
        assert!(ACCEPTED.contains("#rrggbb") && ACCEPTED.contains("strikethrough"), "{ACCEPTED}");
    }

    #[test]
    fn debug_writes_labels_and_runs_of_one_label_are_one() {
        let s = Styles::debug();
        assert_eq!(format!("a {} b", s.paint(Label::DiffDelete, "noted")), "a <<diff.delete::noted>> b");
        let mut canvas = s.canvas();
        canvas.paint(Label::MeetingId, "fomc/2008-10-29");
        canvas.paint(Label::Meta, " · ");
        canvas.paint(Label::Meta, "2008-10-29");
        canvas.push(" ");
        canvas.write(Some(Label::Meta), "x");
        canvas.write(None, "y");
        assert_eq!(canvas.finish(), "<<meeting.id::fomc/2008-10-29>><<meta:: · 2008-10-29>> <<meta::x>>y");
        let colored = Styles::colored();
        let mut canvas = colored.canvas();
        canvas.paint(Label::Meta, "a");
        canvas.paint(Label::Meta, "b");
        canvas.paint(Label::DiffDelete, "c");
        canvas.push(" ");
        canvas.paint(Label::Meta, "d");
        assert_eq!(
            canvas.finish(),
            "\x1b[2mab\x1b[0m\x1b[31;9mc\x1b[0m \x1b[2md\x1b[0m",
            "pieces of one style in a row are one run"
        );
    }

    #[test]
    fn label_names_are_unique_and_dotted_lower_case() {
        let mut names: Vec<&str> = Label::ALL.iter().map(|l| l.name()).collect();
        assert!(
            names.iter().all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.'))
        );
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Label::ALL.len());
        assert!(Label::ALL.iter().enumerate().all(|(i, l)| l.index() == i));
    }
}
