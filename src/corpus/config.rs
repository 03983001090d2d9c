//! `communique.toml`: corpus settings.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::cache::{put_count, put_text};
use crate::document::import::{LineError, NameError, validate_line, validate_name};

/// The settings file's name; its presence makes a folder a corpus.
pub const FILE_NAME: &str = "communique.toml";

/// What a new corpus's settings file says.
pub const TEMPLATE: &str = r#"# communique corpus settings.
#
# Series are folders of meetings; name them with readable labels:
#
#   [series.coalition]
#   label = "Global Coalition against Daesh: ministerial communiqués"
#
# Themes are lenses over diffs, reports and timelines: `communique themes`,
# `communique themes A B`, `communique diff A B --theme africa`.
# A term is a sequence of words; case, punctuation and "/" do not matter, and a
# "*" at the end of a word matches any word starting so ("Africa*" finds Africa,
# African, Africans). `series` limits a theme to some series (all without it).
# A starter set to uncomment and adapt:
#
#   [themes.africa]
#   label = "Africa"
#   terms = ["Africa*", "Sahel", "Mozambique", "sub-Saharan", "Lake Chad"]
#
#   [themes.detainees]
#   label = "Detainees and camps"
#   terms = ["detainee*", "detention", "custody", "camp*", "repatriat*",
#            "foreign terrorist fighter*"]
#
#   [themes.human-rights]
#   label = "Human rights"
#   terms = ["human rights", "accountab*", "impunity", "rule of law"]
#
#   [themes.humanitarian]
#   label = "Humanitarian aid and displacement"
#   terms = ["humanitarian", "refugee*", "displaced", "IDPs", "returnee*"]
#
#   [themes.women]
#   label = "Women, peace and security"
#   terms = ["women", "gender", "sexual violence"]
#
#   [themes.inflation]
#   label = "Inflation"
#   terms = ["inflation*", "price stability", "prices"]
#   series = ["fomc"]
#
# Watched phrases are signals: `diff`, `report` and the site open with those that
# appeared or vanished, and `communique watchlist` shows where each one stood.
# Phrases follow the rule of terms (a "*" ends a word):
#
#   [watch.guidance]
#   label = "Forward guidance"
#   phrases = ["some further", "patient", "for some time",
#              "additional policy firming", "extended period"]
#   series = ["fomc"]
"#;

/// Parsed settings.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Series settings by series name.
    pub series: BTreeMap<String, SeriesConfig>,
    /// Themes, in the order the file defines them: their tables as written (the terms are
    /// read by the themes layer, which reports a bad one with its line).
    pub themes: Vec<ThemeTable>,
    /// Watched phrases, in the order the file defines them: their tables as written (the
    /// phrases are read by `ops`, which reports a bad one with its line).
    pub watches: Vec<WatchTable>,
    /// `[colors]`: a style's label to git color words (`"diff.delete" = "red strikethrough"`),
    /// as written; the renderers resolve and check them.
    pub colors: BTreeMap<String, String>,
}

/// One `[themes.NAME]` table, checked for shape: a name, at least one term, series named as
/// series are, a label on one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThemeTable {
    /// Its name, as in `--theme africa`.
    pub name: String,
    /// Its readable name; the name when none is given.
    pub label: String,
    /// Its terms as written, each with its 1-based line in the file.
    pub terms: Vec<(String, usize)>,
    /// The series it applies to; empty for all.
    pub series: Vec<String>,
}

/// One `[watch.NAME]` table, checked for shape as a theme's is: a name, at least one phrase,
/// series named as series are, a label on one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WatchTable {
    /// Its name.
    pub name: String,
    /// Its readable name; the name when none is given.
    pub label: String,
    /// Its phrases as written, each with its 1-based line in the file.
    pub phrases: Vec<(String, usize)>,
    /// The series it applies to; empty for all.
    pub series: Vec<String>,
}

/// One series's settings.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SeriesConfig {
    /// A readable name: "FOMC statements".
    pub label: Option<String>,
}

/// What is wrong with a settings text, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "{}{}{problem}",
    line.map(|l| format!("line {l}: ")).unwrap_or_default(),
    table.as_ref().map(|t| format!("{t}: ")).unwrap_or_default()
)]
pub struct ConfigError {
    /// The 1-based line, when known.
    pub line: Option<usize>,
    /// The table that is wrong, if it is one, as messages name it: `theme "africa"`,
    /// `watch "guidance"`.
    pub table: Option<String>,
    /// The problem.
    pub problem: Problem,
}

/// What is wrong in a settings file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// Not TOML, or not the shape of settings (TOML's message).
    #[error("{0}")]
    Toml(String),
    /// A theme table without a usable name.
    #[error("a theme needs a name")]
    NoName,
    /// A theme without terms.
    #[error("no terms")]
    NoTerms,
    /// A term that is not one (the theme module's message).
    #[error("{0}")]
    Term(String),
    /// A series named as no series can be.
    #[error(transparent)]
    Series(NameError),
    /// A label that is not one line of text.
    #[error("label {0}")]
    Label(LineError),
    /// A `[series.NAME]` table that could not be added.
    #[error("cannot add series {name}: {problem}")]
    AddSeries {
        /// The series.
        name: String,
        /// Why.
        problem: Box<Problem>,
    },
}

/// The file as read, before its themes are checked.
#[derive(Deserialize)]
struct Raw {
    #[serde(default)]
    series: BTreeMap<String, SeriesConfig>,
    #[serde(default)]
    themes: BTreeMap<String, Spanned<RawTheme>>,
    #[serde(default)]
    watch: BTreeMap<String, Spanned<RawWatch>>,
    #[serde(default)]
    colors: BTreeMap<String, Color>,
}

/// A `[colors]` value: color words, or, for a label written without quotes (`diff.delete =
/// "blue"`, which TOML reads as a table `diff` holding `delete`), the labels under that name.
#[derive(Deserialize)]
#[serde(untagged, expecting = "a string of git color words, such as \"red strikethrough\"")]
enum Color {
    Words(String),
    Under(BTreeMap<String, Color>),
}

/// The `[colors]` entries by their dotted label, whether written `"diff.delete"` or
/// `diff.delete`.
fn flatten(colors: BTreeMap<String, Color>, prefix: &str, out: &mut BTreeMap<String, String>) {
    for (key, value) in colors {
        let label = if prefix.is_empty() { key } else { format!("{prefix}.{key}") };
        match value {
            Color::Words(words) => {
                out.insert(label, words);
            }
            Color::Under(inner) => flatten(inner, &label, out),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    label: Option<Spanned<String>>,
    terms: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    series: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWatch {
    label: Option<Spanned<String>>,
    phrases: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    series: Vec<String>,
}

/// A theme's or a watch's table as read: its label, its terms or phrases, its series.
type RawTable = (Option<Spanned<String>>, Spanned<Vec<Spanned<String>>>, Vec<String>);

/// A theme's or a watch's table once checked: its label, its terms or phrases with their
/// lines, its series.
struct Checked {
    label: String,
    items: Vec<(String, usize)>,
    series: Vec<String>,
}

/// Checks a theme's or a watch's table (`what` names it in errors: `theme "africa"`, `watch
/// "guidance"`); `line` turns a byte offset into a line.
fn check_table(
    what: &str,
    name: &str,
    start: usize,
    (label, items, series): RawTable,
    line: &dyn Fn(usize) -> Option<usize>,
) -> Result<Checked, ConfigError> {
    let error =
        |at: usize, problem: Problem| ConfigError { line: line(at), table: Some(what.to_string()), problem };
    if name.trim().is_empty() || name.chars().any(char::is_control) {
        return Err(error(start, Problem::NoName));
    }
    if items.get_ref().is_empty() {
        return Err(error(items.span().start, Problem::NoTerms));
    }
    let items = items
        .into_inner()
        .into_iter()
        .map(|item| {
            let at = line(item.span().start).unwrap_or(1);
            (item.into_inner(), at)
        })
        .collect();
    for series in &series {
        validate_name("series", series).map_err(|e| error(start, Problem::Series(e)))?;
    }
    // A label is a table cell and a heading: a line break in it would start a row or a
    // paragraph of its own.
    let label = match label {
        Some(label) => {
            validate_line(label.get_ref())
                .map_err(|problem| error(label.span().start, Problem::Label(problem)))?;
            label.into_inner()
        }
        None => name.to_string(),
    };
    Ok(Checked { label, items, series })
}

impl Config {
    /// Parses settings text, checking every theme's shape: a name, at least one term, series
    /// named as series are, a label on one line.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        // Where each line ends, once: a line number is then a search, not a count from the
        // start for every term (which cost more than the rest of opening a corpus).
        let ends: Vec<usize> = memchr::memchr_iter(b'\n', text.as_bytes()).collect();
        let line = |at: usize| Some(ends.partition_point(|&end| end < at.min(text.len())) + 1);
        let raw: Raw = toml::from_str(text).map_err(|e| ConfigError {
            line: e.span().and_then(|span| line(span.start)),
            table: None,
            problem: Problem::Toml(e.message().split_whitespace().collect::<Vec<_>>().join(" ")),
        })?;
        let mut themes: Vec<(usize, ThemeTable)> = Vec::new();
        for (name, spanned) in raw.themes {
            let start = spanned.span().start;
            let raw = spanned.into_inner();
            let what = format!("theme \"{name}\"");
            let checked = check_table(&what, &name, start, (raw.label, raw.terms, raw.series), &line)?;
            themes.push((
                start,
                ThemeTable { name, label: checked.label, terms: checked.items, series: checked.series },
            ));
        }
        let mut watches: Vec<(usize, WatchTable)> = Vec::new();
        for (name, spanned) in raw.watch {
            let start = spanned.span().start;
            let raw = spanned.into_inner();
            let what = format!("watch \"{name}\"");
            let checked = check_table(&what, &name, start, (raw.label, raw.phrases, raw.series), &line)?;
            watches.push((
                start,
                WatchTable { name, label: checked.label, phrases: checked.items, series: checked.series },
            ));
        }
        watches.sort_by_key(|(start, _)| *start);
        themes.sort_by_key(|(start, _)| *start);
        Ok(Self {
            series: raw.series,
            themes: themes.into_iter().map(|(_, theme)| theme).collect(),
            watches: watches.into_iter().map(|(_, watch)| watch).collect(),
            colors: {
                let mut colors = BTreeMap::new();
                flatten(raw.colors, "", &mut colors);
                colors
            },
        })
    }
}

impl Config {
    /// The settings as bytes, for the settings cache ([`Config::decode`] reads them back).
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        put_count(out, self.series.len());
        for (name, series) in &self.series {
            put_text(out, name);
            match &series.label {
                Some(label) => {
                    out.push(1);
                    put_text(out, label);
                }
                None => out.push(0),
            }
        }
        put_count(out, self.themes.len());
        for theme in &self.themes {
            put_text(out, &theme.name);
            put_text(out, &theme.label);
            put_count(out, theme.terms.len());
            for (term, line) in &theme.terms {
                put_text(out, term);
                put_count(out, *line);
            }
            put_count(out, theme.series.len());
            for series in &theme.series {
                put_text(out, series);
            }
        }
        put_count(out, self.watches.len());
        for watch in &self.watches {
            put_text(out, &watch.name);
            put_text(out, &watch.label);
            put_count(out, watch.phrases.len());
            for (phrase, line) in &watch.phrases {
                put_text(out, phrase);
                put_count(out, *line);
            }
            put_count(out, watch.series.len());
            for series in &watch.series {
                put_text(out, series);
            }
        }
        put_count(out, self.colors.len());
        for (label, words) in &self.colors {
            put_text(out, label);
            put_text(out, words);
        }
    }

    /// Settings that [`Config::encode`] wrote; `None` for bytes it did not write.
    pub(crate) fn decode(reader: &mut super::cache::Reader<'_>) -> Option<Self> {
        let mut series = BTreeMap::new();
        for _ in 0..reader.u32()? {
            let name = reader.text()?.to_string();
            let label = match reader.take(1)? {
                [1] => Some(reader.text()?.to_string()),
                [0] => None,
                _ => return None,
            };
            series.insert(name, SeriesConfig { label });
        }
        let mut themes = Vec::new();
        for _ in 0..reader.u32()? {
            let (name, label) = (reader.text()?.to_string(), reader.text()?.to_string());
            let mut terms = Vec::new();
            for _ in 0..reader.u32()? {
                terms.push((reader.text()?.to_string(), reader.u32()?));
            }
            let mut names = Vec::new();
            for _ in 0..reader.u32()? {
                names.push(reader.text()?.to_string());
            }
            themes.push(ThemeTable { name, label, terms, series: names });
        }
        let mut watches = Vec::new();
        for _ in 0..reader.u32()? {
            let (name, label) = (reader.text()?.to_string(), reader.text()?.to_string());
            let mut phrases = Vec::new();
            for _ in 0..reader.u32()? {
                phrases.push((reader.text()?.to_string(), reader.u32()?));
            }
            let mut names = Vec::new();
            for _ in 0..reader.u32()? {
                names.push(reader.text()?.to_string());
            }
            watches.push(WatchTable { name, label, phrases, series: names });
        }
        let mut colors = BTreeMap::new();
        for _ in 0..reader.u32()? {
            colors.insert(reader.text()?.to_string(), reader.text()?.to_string());
        }
        Some(Self { series, themes, watches, colors })
    }
}

/// The settings text with a `[series.NAME]` table appended, so comments and layout stay as
/// the user wrote them. The result is checked to parse.
pub fn with_series(text: &str, name: &str, label: &str) -> Result<String, ConfigError> {
    if Config::parse(text)?.series.contains_key(name) {
        return Ok(text.to_string());
    }
    let mut table = toml::Table::new();
    table.insert("label".into(), toml::Value::String(label.into()));
    let mut wrapper = toml::Table::new();
    wrapper.insert(name.into(), toml::Value::Table(table));
    let body =
        toml::to_string(&toml::Table::from_iter([("series".to_string(), toml::Value::Table(wrapper))]))
            .map_err(|e| ConfigError { line: None, table: None, problem: Problem::Toml(e.to_string()) })?;
    let separator = if text.is_empty() || text.ends_with("\n\n") {
        ""
    } else if text.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    let out = format!("{text}{separator}{body}");
    Config::parse(&out).map_err(|e| ConfigError {
        line: e.line,
        table: e.table,
        problem: Problem::AddSeries { name: name.to_string(), problem: Box::new(e.problem) },
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The template's starter themes, uncommented.
    fn starter() -> String {
        TEMPLATE
            .lines()
            .filter_map(|l| {
                l.strip_prefix("#   ").or_else(|| l.strip_prefix("#            ").map(|_| &l[1..]))
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_starter_themes_parse_once_uncommented() {
        assert!(Config::parse(TEMPLATE).unwrap().themes.is_empty());
        let config = Config::parse(&starter()).unwrap();
        let names: Vec<&str> = config.themes.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["africa", "detainees", "human-rights", "humanitarian", "women", "inflation"]);
        assert_eq!(config.themes[1].terms.len(), 6);
        let applying = |series: &str| {
            config
                .themes
                .iter()
                .filter(|t| t.series.is_empty() || t.series.iter().any(|s| s == series))
                .count()
        };
        assert_eq!((applying("coalition"), applying("fomc")), (5, 6));
    }

    #[test]
    fn a_wrong_theme_names_its_line_and_problem() {
        let error = |text: &str| Config::parse(text).unwrap_err().to_string();
        let header = "[series.s]\nlabel = \"S\"\n\n";
        // Terms are read by the themes layer, with their lines (see `ops` for their errors).
        let config =
            Config::parse(&format!("{header}[themes.africa]\nterms = [\n  \"Sahel\",\n  \"Af*rica\",\n]\n"));
        assert_eq!(config.unwrap().themes[0].terms, [("Sahel".to_string(), 6), ("Af*rica".to_string(), 7)]);
        assert_eq!(
            error(&format!("{header}[themes.africa]\nterms = []\n")),
            "line 5: theme \"africa\": no terms"
        );
        assert!(
            error(&format!("{header}[themes.x]\nterm = [\"a\"]")).starts_with("line 5: unknown field `term`")
        );
        assert!(error(&format!("{header}[themes.x]\nterms = \"a\"")).starts_with("line 5: invalid type"));
        assert!(
            error(&format!("{header}[themes.\" \"]\nterms = [\"a\"]"))
                .starts_with("line 4: theme \" \": a theme needs a name")
        );
        // Any other name will do: `--theme "Big Theme"` can name it.
        assert_eq!(
            Config::parse("[themes.\"Big Theme\"]\nterms = [\"a\"]").unwrap().themes[0].name,
            "Big Theme"
        );
        assert!(error("[themes.x\nterms = 1").starts_with("line 1: "));
        assert_eq!(
            error(&format!("{header}[themes.x]\nterms = [\"a\"]\nlabel = \"Two\\nlines\"\n")),
            "line 6: theme \"x\": label contains a line break (U+000A)"
        );
        assert_eq!(
            error(&format!("{header}[themes.x]\nlabel = '''\nAfrica\n'''\nterms = [\"a\"]\n")),
            "line 5: theme \"x\": label contains a line break (U+000A)"
        );
    }

    #[test]
    fn colors_are_kept_as_written_for_the_renderers_to_check() {
        let config =
            Config::parse("[colors]\n\"diff.delete\" = \"red strikethrough\"\nnosuch = \"rde\"\n").unwrap();
        assert_eq!(config.colors["diff.delete"], "red strikethrough");
        assert_eq!(config.colors["nosuch"], "rde");
        assert!(Config::parse(TEMPLATE).unwrap().colors.is_empty());
        let error = Config::parse("[series.s]\n\n[colors]\n\"meta\" = 3\n").unwrap_err().to_string();
        assert!(error.starts_with("line 4: a string of git color words"), "{error}");
        // A label written without quotes is a TOML table; it means the same.
        let config = Config::parse("[colors]\ndiff.delete = \"blue\"\nmeta = \"dim\"\n").unwrap();
        assert_eq!((config.colors["diff.delete"].as_str(), config.colors["meta"].as_str()), ("blue", "dim"));
    }

    #[test]
    fn adding_a_series_keeps_comments() {
        let text = with_series(TEMPLATE, "fomc", "fomc").unwrap();
        assert!(text.starts_with(TEMPLATE));
        assert!(text.ends_with("[series.fomc]\nlabel = \"fomc\"\n"), "{text}");
        let config = Config::parse(&text).unwrap();
        assert_eq!(config.series["fomc"].label.as_deref(), Some("fomc"));
        assert_eq!(with_series(&text, "fomc", "other").unwrap(), text);
    }
}
