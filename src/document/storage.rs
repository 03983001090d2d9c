//! The storage format (a contract, docs/DESIGN.md "Storage format"): Markdown with TOML front
//! matter between `+++` lines, one paragraph per line, paragraphs separated by one blank line.
//!
//! Pure string functions; reading and writing files is the corpus's business.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Document, Meta, count_words};

/// The line that opens and closes the front matter.
pub const FENCE: &str = "+++";

/// Why a stored document could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StorageError {
    /// The text does not start with a `+++` front matter block.
    #[error("no front matter: the file must start with a `+++` line")]
    NoFrontMatter,
    /// The front matter block is not closed.
    #[error("the front matter's closing `+++` line is missing")]
    Unclosed,
    /// The stored bytes are not UTF-8.
    #[error("the file is not valid UTF-8")]
    NotUtf8,
    /// The front matter is not valid TOML, or lacks a field.
    #[error("front matter: {0}")]
    Toml(String),
}

/// Front matter fields, all optional, as found in a file.
///
/// Importers use it as it is (an exported meeting may lack a series); the corpus requires
/// `series` and `date` through [`FrontMatter::into_meta`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FrontMatter {
    /// `title = "…"`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `series = "…"`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
    /// `date = 2021-06-28` (a TOML local date)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<toml::value::Datetime>,
    /// `place = "…"`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// `source = "…"`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl FrontMatter {
    /// The front matter of `meta`.
    pub fn from_meta(meta: &Meta) -> Self {
        Self {
            title: meta.title.clone(),
            series: Some(meta.series.clone()),
            date: Some(toml_date(meta.date)),
            place: meta.place.clone(),
            source: meta.source.clone(),
        }
    }

    /// The date as a calendar date, if it is one.
    pub fn calendar_date(&self) -> Result<Option<NaiveDate>, StorageError> {
        self.date.as_ref().map(from_toml_date).transpose()
    }

    /// Sets the date.
    pub fn set_date(&mut self, date: NaiveDate) {
        self.date = Some(toml_date(date));
    }

    /// Full metadata; `series` and `date` must be present.
    pub fn into_meta(self) -> Result<Meta, StorageError> {
        let date = self.calendar_date()?.ok_or_else(|| StorageError::Toml("missing field `date`".into()))?;
        let series = self.series.ok_or_else(|| StorageError::Toml("missing field `series`".into()))?;
        Ok(Meta { series, date, title: self.title, place: self.place, source: self.source })
    }
}

fn toml_date(date: NaiveDate) -> toml::value::Datetime {
    toml::value::Datetime {
        date: Some(toml::value::Date {
            year: date.year() as u16,
            month: date.month() as u8,
            day: date.day() as u8,
        }),
        time: None,
        offset: None,
    }
}

fn from_toml_date(value: &toml::value::Datetime) -> Result<NaiveDate, StorageError> {
    match (value.date, value.time) {
        (Some(d), None) => NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
            .ok_or_else(|| StorageError::Toml(format!("`date = {value}` is not a calendar date"))),
        _ => Err(StorageError::Toml(format!("`date = {value}` must be a plain date such as 2021-06-28"))),
    }
}

/// Splits a stored text into its front matter (TOML, without fences) and its body.
///
/// Accepts CRLF line endings.
pub fn split_front_matter(text: &str) -> Result<(&str, &str), StorageError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix(FENCE)
        .and_then(|r| r.strip_prefix("\r\n").or_else(|| r.strip_prefix('\n')))
        .ok_or(StorageError::NoFrontMatter)?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == FENCE {
            return Ok((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err(StorageError::Unclosed)
}

/// Parses the front matter of a stored text, leaving the body alone.
pub fn parse_front_matter(text: &str) -> Result<(FrontMatter, &str), StorageError> {
    let (front, body) = split_front_matter(text)?;
    let fm = toml::from_str(front).map_err(|e| StorageError::Toml(one_line(&e.to_string())))?;
    Ok((fm, body))
}

/// The paragraphs of a stored body: its non-blank lines, trimmed.
pub fn body_paragraphs(body: &str) -> impl Iterator<Item = &str> {
    crate::text::lines(body).map(str::trim).filter(|l| !l.is_empty())
}

/// Paragraph and word counts of a stored body, without segmenting it into sentences.
pub fn body_counts(body: &str) -> (usize, usize) {
    body_paragraphs(body).fold((0, 0), |(p, w), line| (p + 1, w + count_words(line)))
}

/// Reads a stored document in full.
pub fn parse(text: &str) -> Result<Document, StorageError> {
    let (fm, body) = parse_front_matter(text)?;
    Ok(Document::new(fm.into_meta()?, body_paragraphs(body)))
}

/// Writes a document in the storage format.
pub fn render(doc: &Document) -> String {
    render_parts(&doc.meta, doc.paragraph_texts())
}

/// Writes metadata and paragraphs in the storage format.
pub fn render_parts<'p>(meta: &Meta, paragraphs: impl IntoIterator<Item = &'p str>) -> String {
    let front = toml::to_string(&FrontMatter::from_meta(meta)).expect("front matter serializes");
    let mut out = format!("{FENCE}\n{front}{FENCE}\n");
    for p in paragraphs {
        out.push('\n');
        out.push_str(p);
        out.push('\n');
    }
    out
}

/// Whitespace collapsed to single spaces, trimmed.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Meta {
        Meta {
            series: "coalition".into(),
            date: NaiveDate::from_ymd_opt(2021, 6, 28).unwrap(),
            title: Some("Joint \"Communiqué\"".into()),
            place: Some("Rome".into()),
            source: None,
        }
    }

    #[test]
    fn renders_the_documented_layout() {
        let doc = Document::new(meta(), ["First paragraph.", "Second paragraph."]);
        assert_eq!(
            render(&doc),
            "+++\ntitle = 'Joint \"Communiqué\"'\nseries = \"coalition\"\ndate = 2021-06-28\nplace = \"Rome\"\n+++\n\nFirst paragraph.\n\nSecond paragraph.\n"
        );
    }

    #[test]
    fn round_trips() {
        let doc = Document::new(meta(), ["First paragraph.", "Second, with U.S. text."]);
        assert_eq!(parse(&render(&doc)).unwrap(), doc);
    }

    #[test]
    fn accepts_crlf_and_counts_without_segmenting() {
        let text = "+++\r\nseries = \"fomc\"\r\ndate = 2025-07-30\r\n+++\r\n\r\nOne two.\r\n\r\nThree.\r\n";
        let doc = parse(text).unwrap();
        assert_eq!(doc.paragraphs().len(), 2);
        assert_eq!(doc.paragraph_text(0), "One two.");
        assert_eq!(body_counts(split_front_matter(text).unwrap().1), (2, 3));
    }

    #[test]
    fn reports_what_is_wrong() {
        assert_eq!(parse("no fences"), Err(StorageError::NoFrontMatter));
        assert_eq!(parse("+++\nseries = \"x\"\n"), Err(StorageError::Unclosed));
        assert!(
            matches!(parse("+++\nseries = \"x\"\n+++\n"), Err(StorageError::Toml(m)) if m.contains("date"))
        );
        assert!(matches!(parse("+++\nseries = \"x\"\ndate = 2021-02-30\n+++\n"), Err(StorageError::Toml(_))));
    }
}
