//! From what an import found and what the user said, to a meeting's metadata and id parts.

use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

use super::{Imported, date_in_file_name, date_in_text};
use crate::document::Meta;

/// Metadata given on the command line; each field wins over what the file says.
#[derive(Clone, Debug, Default)]
pub struct MetaFlags {
    /// `--series`
    pub series: Option<String>,
    /// `--date`
    pub date: Option<NaiveDate>,
    /// `--place`
    pub place: Option<String>,
    /// `--title`
    pub title: Option<String>,
    /// `--source`
    pub source: Option<String>,
    /// `--slug`
    pub slug: Option<String>,
}

/// A meeting's metadata and slug, with where the date came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// The metadata.
    pub meta: Meta,
    /// The slug of the meeting's id (`rome` in `coalition/2021-06-28-rome`), if any.
    pub slug: Option<String>,
    /// When the date was read from the text: the words it was read from.
    pub date_from_text: Option<String>,
}

/// Why metadata could not be settled.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MetaError {
    /// No date anywhere.
    #[error("no date found in the file name or the text")]
    NoDate,
    /// A date-shaped part of the file name is not a date.
    #[error("the file name's {0}")]
    FileNameDate(String),
    /// No series given and none to default to: the corpus has none, or several (these).
    #[error("{}", if .0.is_empty() { "the corpus has no series yet".to_string() } else { format!("the corpus has several series ({})", .0.join(", ")) })]
    NoSeries(Vec<String>),
    /// A series or slug that is unsafe as a file name.
    #[error(transparent)]
    Name(#[from] NameError),
    /// A title, place or source (from the file) that is not one line of text.
    #[error("the {field} it gives {problem}")]
    Line {
        /// `title`, `place` or `source`.
        field: &'static str,
        /// What is in it.
        problem: LineError,
    },
}

/// A metadata value that is not one line of printable text: it holds a line break or another
/// control character, which would start fake rows in `list` or fake headings in Markdown.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
#[error("contains {what} (U+{code:04X})")]
pub struct LineError {
    what: &'static str,
    code: u32,
}

/// Checks that a title, place or source is one line without control characters (C0, DEL,
/// C1, or the line and paragraph separators U+2028/U+2029).
pub fn validate_line(value: &str) -> Result<(), LineError> {
    let Some(c) = value.chars().find(|&c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')) else {
        return Ok(());
    };
    let what = match c {
        '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => "a line break",
        '\t' => "a tab",
        _ => "a control character",
    };
    Err(LineError { what, code: c as u32 })
}

/// A series or slug that cannot name a file.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
#[error("invalid {what} \"{value}\"")]
pub struct NameError {
    /// `series` or `slug`.
    pub what: &'static str,
    /// The name given.
    pub value: String,
    /// A good name of that kind.
    pub example: &'static str,
}

/// What a series name or slug may be made of, for advice.
pub const NAME_RULE: &str = "lowercase letters, digits, '-' and '_', starting with a letter or digit, and not a reserved name (latest, first, con, nul, aux, prn, com1–9, lpt1–9)";

/// Checks a series name or slug: lowercase ASCII letters, digits, `-` and `_`, starting with a
/// letter or digit, at most 64 characters. So no `/`, no `..`, nothing a file system or a
/// shell would read specially.
pub fn validate_name(what: &'static str, value: &str) -> Result<(), NameError> {
    let ok = !value.is_empty()
        && value.len() <= 64
        && value.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        let example = if what == "series" { "coalition" } else { "rome" };
        Err(NameError { what, value: value.to_string(), example })
    }
}

/// [`validate_name`] for a name about to be given: also not a name a reference means
/// something else by (`latest`, `first`), nor one Windows cannot give a file (`con`, `nul`,
/// `com1`…): a corpus shared through git must check out everywhere. (Listing an existing
/// corpus checks only [`validate_name`], so no meeting already stored disappears.)
pub fn validate_new_name(what: &'static str, value: &str) -> Result<(), NameError> {
    validate_name(what, value)?;
    const RESERVED: [&str; 6] = ["latest", "first", "con", "prn", "aux", "nul"];
    let numbered = ["com", "lpt"].iter().any(|prefix| {
        value
            .strip_prefix(prefix)
            .is_some_and(|n| n.len() == 1 && n != "0" && n.chars().all(|c| c.is_ascii_digit()))
    });
    if RESERVED.contains(&value) || numbered {
        let example = if what == "series" { "coalition" } else { "rome" };
        return Err(NameError { what, value: value.to_string(), example });
    }
    Ok(())
}

/// A slug made of `text`: accents dropped, lower case, runs of anything else as one `-`.
pub fn derive_slug(text: &str) -> Option<String> {
    let mut slug = String::new();
    for c in text.nfkd().filter(char::is_ascii) {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug: String = slug.chars().take(48).collect();
    let slug = slug.trim_end_matches('-');
    (!slug.is_empty()).then(|| slug.to_string())
}

/// Settles a meeting's metadata: flags first, then the file's own front matter and the lines
/// the clean-up took, then the file name, then the text.
///
/// `default_series` is the series to use when neither the flags nor the file name one, else
/// the series there are to choose from (none, or several).
pub fn resolve(
    imported: &Imported,
    flags: &MetaFlags,
    file_name: &str,
    default_series: Result<&str, &[String]>,
) -> Result<Resolved, MetaError> {
    let found = &imported.found;
    let series = match flags.series.as_deref().or(found.series.as_deref()) {
        Some(s) => s.to_string(),
        None => default_series.map_err(|known| MetaError::NoSeries(known.to_vec()))?.to_string(),
    };
    validate_new_name("series", &series)?;

    let mut date_from_text = None;
    let date = match (flags.date, found.calendar_date().ok().flatten()) {
        (Some(d), _) | (None, Some(d)) => d,
        (None, None) => match date_in_file_name(file_name) {
            Some(Ok(d)) => d,
            Some(Err(why)) => return Err(MetaError::FileNameDate(why.replacen('"', "date \"", 1))),
            None => {
                // A meeting's own date is written near the top; later dates are references.
                let text =
                    imported.paragraphs.iter().take(3).map(String::as_str).collect::<Vec<_>>().join("\n");
                let heading = found.title.as_deref().unwrap_or("");
                let (d, words) =
                    date_in_text(heading).or_else(|| date_in_text(&text)).ok_or(MetaError::NoDate)?;
                date_from_text = Some(words);
                d
            }
        },
    };

    let place = flags.place.clone().or_else(|| found.place.clone());
    let title = flags.title.clone().or_else(|| found.title.clone());
    let source = flags.source.clone().or_else(|| found.source.clone());
    for (field, value) in [("title", &title), ("place", &place), ("source", &source)] {
        if let Some(value) = value {
            validate_line(value).map_err(|problem| MetaError::Line { field, problem })?;
        }
    }
    let slug = match &flags.slug {
        Some(s) => Some(s.clone()),
        None => place.as_deref().and_then(derive_slug).or_else(|| slug_from_file_name(file_name)),
    };
    if let Some(slug) = &slug {
        validate_new_name("slug", slug)?;
    }
    Ok(Resolved { meta: Meta { series, date, title, place, source }, slug, date_from_text })
}

/// The slug a file name suggests: its stem without extension and date.
fn slug_from_file_name(file_name: &str) -> Option<String> {
    // A web address's last part is the site's own naming ("ecb.mp220721~53e5bdd317.en.html"),
    // not a name for the meeting.
    let lower = file_name.get(..8).unwrap_or(file_name).to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return None;
    }
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
    let without_date = match date_in_file_name(stem) {
        Some(_) => {
            let at = (0..stem.len().saturating_sub(9))
                .find(|&i| stem.get(i..i + 10).is_some_and(|w| date_in_file_name(w).is_some()))
                .unwrap_or(0);
            format!("{} {}", &stem[..at], &stem[at + 10..])
        }
        None => stem.to_string(),
    };
    derive_slug(&without_date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn imported(text: &str) -> Imported {
        Imported { paragraphs: vec![text.to_string()], ..Default::default() }
    }

    #[test]
    fn flags_win_then_file_name_then_text() {
        let flags = MetaFlags { date: NaiveDate::from_ymd_opt(2020, 1, 2), ..Default::default() };
        let r = resolve(&imported("on 28 June 2021"), &flags, "2019-05-05.txt", Ok("fomc")).unwrap();
        assert_eq!(r.meta.date.to_string(), "2020-01-02");
        let r = resolve(&imported("on 28 June 2021"), &MetaFlags::default(), "2019-05-05.txt", Ok("fomc"))
            .unwrap();
        assert_eq!(r.meta.date.to_string(), "2019-05-05");
        assert_eq!(r.slug, None);
        let r = resolve(&imported("on 28 June 2021"), &MetaFlags::default(), "x.txt", Ok("fomc")).unwrap();
        assert_eq!(
            (r.meta.date.to_string(), r.date_from_text.as_deref()),
            ("2021-06-28".into(), Some("28 June 2021"))
        );
    }

    #[test]
    fn no_date_is_an_error() {
        let err = resolve(&imported("no date"), &MetaFlags::default(), "x.txt", Ok("s")).unwrap_err();
        assert_eq!(err, MetaError::NoDate);
    }

    #[test]
    fn slugs_come_from_place_or_file_name() {
        let flags = MetaFlags { place: Some("São Paulo".into()), ..Default::default() };
        let r = resolve(&imported("x"), &flags, "2021-06-28.txt", Ok("s")).unwrap();
        assert_eq!(r.slug.as_deref(), Some("sao-paulo"));
        let r = resolve(&imported("x"), &MetaFlags::default(), "2003-08-14-s-res-1500-2003.txt", Ok("s"))
            .unwrap();
        assert_eq!(r.slug.as_deref(), Some("s-res-1500-2003"));
    }

    #[test]
    fn unsafe_names_are_refused() {
        for bad in ["a/b", "..", "../x", ".hidden", "Rome", "a b", "", "é"] {
            assert!(validate_name("slug", bad).is_err(), "{bad}");
        }
        for good in ["rome", "2021", "s-res-1500_2003"] {
            assert!(validate_name("slug", good).is_ok(), "{good}");
        }
    }

    #[test]
    fn metadata_is_one_line_of_text() {
        for good in ["Rome", "Joint Communiqué — 28 June 2021", "ﺍﻟﺭﻴﺎﺽ \u{200f}", ""] {
            assert_eq!(validate_line(good), Ok(()), "{good}");
        }
        let problem = |v: &str| validate_line(v).unwrap_err().to_string();
        assert_eq!(problem("a\nb"), "contains a line break (U+000A)");
        assert_eq!(problem("a\u{2028}b"), "contains a line break (U+2028)");
        assert_eq!(problem("a\tb"), "contains a tab (U+0009)");
        assert_eq!(problem("a\u{1b}[2J"), "contains a control character (U+001B)");
        assert_eq!(problem("a\u{9b}"), "contains a control character (U+009B)");
        let mut found = imported("text");
        found.found.title = Some("Fake\n2021-01-01  s/x".into());
        let err = resolve(&found, &MetaFlags::default(), "2021-01-01.md", Ok("s")).unwrap_err();
        assert_eq!(err.to_string(), "the title it gives contains a line break (U+000A)");
        assert!(matches!(err, MetaError::Line { field: "title", .. }));
    }

    #[test]
    fn series_needs_a_default_or_a_flag() {
        let err = resolve(&imported("x"), &MetaFlags::default(), "2021-01-01.txt", Err(&[])).unwrap_err();
        assert_eq!(err, MetaError::NoSeries(Vec::new()));
        assert_eq!(err.to_string(), "the corpus has no series yet");
    }
}
