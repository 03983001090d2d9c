//! Meeting ids and the listing of a corpus, read from file names alone.

use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::document::import::{date_in_file_name, derive_slug, parse_date, validate_name};

/// A meeting's id: `<series>/<YYYY-MM-DD>[-<slug>]`, its path in the corpus without `.md`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MeetingId {
    /// The meeting's date (first, so ids sort by date within a series).
    pub date: NaiveDate,
    /// The series folder (shared by all ids of a listing: one allocation per series).
    pub series: Arc<str>,
    /// The optional slug after the date.
    pub slug: Option<String>,
}

impl MeetingId {
    /// Reads an id from a path relative to the corpus root, `series/2021-06-28-rome.md`.
    pub fn from_path(path: &str) -> Option<Self> {
        let (series, file) = path.split_once('/')?;
        Self::from_parts(series, file.strip_suffix(".md")?)
    }

    /// Reads an id from a series folder name and a file stem (`2021-06-28-rome`).
    pub fn from_parts(series: &str, stem: &str) -> Option<Self> {
        validate_name("series", series).ok()?;
        Self::in_series(&Arc::from(series), stem)
    }

    /// Reads an id from a file stem in a series folder whose name is known to be valid.
    pub(crate) fn in_series(series: &Arc<str>, stem: &str) -> Option<Self> {
        let date = match date_in_file_name(stem.get(..10)?) {
            Some(Ok(d)) => d,
            _ => return None,
        };
        let slug = match &stem[10..] {
            "" => None,
            rest => {
                let slug = rest.strip_prefix('-')?;
                validate_name("slug", slug).ok()?;
                Some(slug.to_string())
            }
        };
        Some(Self { date, series: Arc::clone(series), slug })
    }

    /// The file stem: `2021-06-28-rome`.
    pub fn stem(&self) -> String {
        let mut stem = String::with_capacity(10 + self.slug.as_ref().map_or(0, |s| s.len() + 1));
        self.push_stem(&mut stem);
        stem
    }

    /// Appends the file name without `.md` to `out`: the date as `YYYY-MM-DD` (as chrono
    /// writes it, without its formatter for the years 0 to 9999: ids are written by the
    /// thousand), then `-slug`.
    pub fn push_stem(&self, out: &mut String) {
        match self.date_text() {
            Some(date) => out.extend(date.iter().map(|&b| char::from(b))),
            None => {
                use std::fmt::Write;
                let _ = write!(out, "{}", self.date);
            }
        }
        if let Some(slug) = &self.slug {
            out.push('-');
            out.push_str(slug);
        }
    }

    /// The date as `YYYY-MM-DD` for the years 0 to 9999 (chrono's form for them).
    fn date_text(&self) -> Option<[u8; 10]> {
        use chrono::Datelike;
        let year = u32::try_from(self.date.year()).ok().filter(|y| *y <= 9999)?;
        let (month, day) = (self.date.month(), self.date.day());
        let digit = |n: u32| b'0' + (n % 10) as u8;
        Some([
            digit(year / 1000),
            digit(year / 100),
            digit(year / 10),
            digit(year),
            b'-',
            digit(month / 10),
            digit(month),
            b'-',
            digit(day / 10),
            digit(day),
        ])
    }

    /// The path relative to the corpus root: `coalition/2021-06-28-rome.md`.
    pub fn path(&self) -> String {
        let mut path = String::with_capacity(self.series.len() + 25);
        path.push_str(&self.series);
        path.push('/');
        self.push_stem(&mut path);
        path.push_str(".md");
        path
    }
}

impl fmt::Display for MeetingId {
    /// Written in one piece (from a buffer on the stack for ids of ordinary length): a
    /// series of 24,000 meetings names each of them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (Some(date), true) =
            (self.date_text(), self.series.len() + self.slug.as_ref().map_or(0, String::len) < 80)
        else {
            let mut id = String::new();
            id.push_str(&self.series);
            id.push('/');
            self.push_stem(&mut id);
            return f.write_str(&id);
        };
        let mut buffer = [0u8; 96];
        let mut at = 0;
        let mut put = |bytes: &[u8]| {
            buffer[at..at + bytes.len()].copy_from_slice(bytes);
            at += bytes.len();
        };
        put(self.series.as_bytes());
        put(b"/");
        put(&date);
        if let Some(slug) = &self.slug {
            put(b"-");
            put(slug.as_bytes());
        }
        // Whole UTF-8 texts and ASCII put together.
        f.write_str(std::str::from_utf8(&buffer[..at]).map_err(|_| fmt::Error)?)
    }
}

/// Files of a series folder that are the corpus's own, not meetings: notes on where the
/// meetings come from (`SOURCE.md`, `README.md`) and an index of their sources (`index.csv`).
const OWN_FILES: [&str; 3] = ["SOURCE.md", "README.md", "index.csv"];

/// Why a file of series folder `series` that is not a meeting should be named, or `None` when
/// it is a meeting or the corpus has no business with it (dot files, its own files, files that
/// are not Markdown: a scan, a spreadsheet). The reason says what is wrong and how to fix it.
pub(crate) fn not_a_meeting(series: &str, file: &str) -> Option<String> {
    if !looks_like_a_meeting(file) {
        return None;
    }
    let (stem, extension) = file.rsplit_once('.')?;
    let path = format!("{series}/{file}");
    let reason = match (extension, stem_problem(stem)) {
        ("md", None) => return None,
        (_, None) => format!("meetings end in \".md\"; rename it to {series}/{stem}.md"),
        (_, Some((problem, Some(fixed)))) => format!("{problem}; rename it to {series}/{fixed}.md"),
        (_, Some((problem, None))) => format!("{problem}; rename it to {series}/YYYY-MM-DD[-slug].md"),
    };
    Some(format!("{path} is not read as a meeting: {reason}"))
}

/// Whether a file is one the corpus would read as a meeting if its name were right: Markdown
/// (`.md` in any case, `.markdown`), neither a dot file nor one of the corpus's own files.
pub(crate) fn looks_like_a_meeting(file: &str) -> bool {
    !file.starts_with('.')
        && !OWN_FILES.iter().any(|own| own.eq_ignore_ascii_case(file))
        && file
            .rsplit_once('.')
            .is_some_and(|(_, e)| ["md", "markdown"].iter().any(|m| m.eq_ignore_ascii_case(e)))
}

/// What is wrong with a file stem as a meeting's (`2021-06-28-rome`), and a stem that would do
/// when one can be guessed; `None` when it is a meeting's.
fn stem_problem(stem: &str) -> Option<(String, Option<String>)> {
    let Some(date) = stem.get(..10).and_then(date_in_file_name) else {
        // `2021-6-1`: a date, but not written YYYY-MM-DD.
        let mut parts = stem.splitn(4, '-');
        let numbers: Vec<u32> = parts.by_ref().take(3).map_while(|p| p.parse().ok()).collect();
        let guess = match numbers[..] {
            [y, m, d] if y >= 1000 => parse_date(&format!("{y:04}-{m:02}-{d:02}")).ok().map(|date| {
                let rest = parts.next().and_then(derive_slug).map(|s| format!("-{s}")).unwrap_or_default();
                format!("{date}{rest}")
            }),
            _ => None,
        };
        return Some(("the name must start with the date as YYYY-MM-DD".to_string(), guess));
    };
    let date = match date {
        Ok(date) => date,
        Err(e) => return Some((format!("the name's {e}"), None)),
    };
    let slug = match &stem[10..] {
        "" => return None,
        rest => match rest.strip_prefix('-') {
            Some(slug) => slug,
            None => {
                let guess = derive_slug(rest).map(|s| format!("{date}-{s}"));
                return Some((
                    "the date must be followed by \"-\" and a slug, or by nothing".to_string(),
                    guess,
                ));
            }
        },
    };
    validate_name("slug", slug).err().map(|_| {
        let problem =
            format!("the slug \"{slug}\" must use lowercase letters, digits, '-' and '_', starting with a letter or digit");
        (problem, derive_slug(slug).map(|s| format!("{date}-{s}")))
    })
}

/// The meetings of a corpus (or of one revision of it), in date order, then id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Listing {
    meetings: Vec<MeetingId>,
}

impl Listing {
    /// A listing of these meetings, sorted.
    pub fn new(mut meetings: Vec<MeetingId>) -> Self {
        // (date, series, slug): the date order, then the id order within a day.
        meetings.sort_unstable();
        meetings.dedup();
        Self { meetings }
    }

    /// All meetings, in date order.
    pub fn all(&self) -> &[MeetingId] {
        &self.meetings
    }

    /// The meetings of one series, in date order.
    pub fn series(&self, series: &str) -> impl DoubleEndedIterator<Item = &MeetingId> + '_ {
        let series = series.to_string();
        self.meetings.iter().filter(move |m| *m.series == *series)
    }

    /// The names of the series that have meetings, sorted.
    pub fn series_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.meetings.iter().map(|m| &*m.series).collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// The meetings of one series (or all) within dates, in date order; an unknown series is
    /// an error naming the ones there are.
    pub fn select(
        &self,
        series: Option<&str>,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Result<Vec<MeetingId>, super::CorpusError> {
        if let Some(series) = series
            && self.series(series).next().is_none()
        {
            let names = self.series_names();
            return Err(super::CorpusError::UnknownSeries {
                series: series.to_string(),
                known: names.join(", "),
                closest: super::refs::closest_name(names, series).map(str::to_string),
            });
        }
        Ok(self
            .meetings
            .iter()
            .filter(|m| series.is_none_or(|s| *m.series == *s))
            .filter(|m| since.is_none_or(|d| m.date >= d) && until.is_none_or(|d| m.date <= d))
            .cloned()
            .collect())
    }

    /// The meetings of `id`'s series that come before it, in date order, whether or not the
    /// listing holds `id` itself (a meeting read from a revision may be gone from the work tree).
    pub fn before(&self, id: &MeetingId) -> Vec<MeetingId> {
        self.series(&id.series).take_while(|m| *m < id).cloned().collect()
    }

    /// Whether the listing holds this id.
    pub fn contains(&self, id: &MeetingId) -> bool {
        self.meetings.contains(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_written_as_chrono_writes_their_dates() {
        use chrono::Datelike;
        let series: Arc<str> = "s".into();
        let mut date = NaiveDate::from_ymd_opt(-3, 12, 25).unwrap();
        let end = NaiveDate::from_ymd_opt(10_002, 1, 3).unwrap();
        let mut checked = 0;
        while date <= end {
            for slug in [None, Some("rome".to_string())] {
                let id = MeetingId { date, series: series.clone(), slug: slug.clone() };
                let expected = match &slug {
                    Some(slug) => format!("{date}-{slug}"),
                    None => date.to_string(),
                };
                assert_eq!(id.stem(), expected);
                assert_eq!(id.to_string(), format!("s/{expected}"));
                assert_eq!(id.path(), format!("s/{expected}.md"));
            }
            checked += 1;
            date = date + chrono::Days::new(if date.year() % 997 == 0 { 1 } else { 37 });
        }
        assert!(checked > 50_000, "{checked}");
    }

    #[test]
    fn reads_ids_from_paths() {
        let id = MeetingId::from_path("coalition/2021-06-28-rome.md").unwrap();
        assert_eq!(id.to_string(), "coalition/2021-06-28-rome");
        assert_eq!(id.path(), "coalition/2021-06-28-rome.md");
        assert_eq!(MeetingId::from_path("fomc/2025-07-30.md").unwrap().slug, None);
    }

    #[test]
    fn ignores_other_files() {
        for path in [
            "fomc/SOURCE.md",
            "fomc/2025-07-30.txt",
            "fomc/2025-07-30rome.md",
            "fomc/2025-02-30.md",
            "Fomc/2025-07-30.md",
            "communique.toml",
        ] {
            assert_eq!(MeetingId::from_path(path), None, "{path}");
        }
    }

    #[test]
    fn names_why_a_markdown_file_is_not_a_meeting() {
        let why = |file: &str| not_a_meeting("fomc", file);
        for ok in
            ["2025-07-30.md", "2025-07-30-rome.md", "SOURCE.md", "index.csv", ".x.md", "scan.pdf", "notes"]
        {
            assert_eq!(why(ok), None, "{ok}");
        }
        for (file, says) in [
            ("2025-07-30.MD", "rename it to fomc/2025-07-30.md"),
            ("2025-07-30.markdown", "rename it to fomc/2025-07-30.md"),
            ("2025-13-01.md", "\"2025-13-01\" is not a calendar date"),
            ("2025-7-3.md", "rename it to fomc/2025-07-03.md"),
            ("2025-7-3-Rome.md", "rename it to fomc/2025-07-03-rome.md"),
            ("2025-07-30-Rome.md", "rename it to fomc/2025-07-30-rome.md"),
            ("2025-07-30rome.md", "rename it to fomc/2025-07-30-rome.md"),
            ("rome.md", "YYYY-MM-DD[-slug].md"),
            ("Rome.MD", "YYYY-MM-DD[-slug].md"),
        ] {
            let message = why(file).unwrap_or_else(|| panic!("{file} not named"));
            assert!(message.starts_with(&format!("fomc/{file} is not read as a meeting: ")), "{message}");
            assert!(message.contains(says), "{message}");
        }
    }

    #[test]
    fn lists_in_date_order_across_series() {
        let ids = ["b/2021-01-01", "a/2022-01-01", "a/2020-01-01-x"]
            .map(|s| MeetingId::from_path(&format!("{s}.md")).unwrap());
        let listing = Listing::new(ids.to_vec());
        let order: Vec<String> = listing.all().iter().map(ToString::to_string).collect();
        assert_eq!(order, ["a/2020-01-01-x", "b/2021-01-01", "a/2022-01-01"]);
        assert_eq!(listing.series_names(), ["a", "b"]);
        assert_eq!(listing.series("a").count(), 2);
    }
}
