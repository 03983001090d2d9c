//! References: the ways a user names a meeting (see docs/DESIGN.md, "References").
//!
//! `coalition/2021-06-28-rome`, `2021-06-28`, `rome`, `rome-2021`, `coalition/rome`,
//! `latest`, `first`, `coalition:latest`, then any number of `~N` and `^` steps back in the
//! series, then optionally `@REV` for the text as stored at a git revision.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use super::meeting::{Listing, MeetingId};

/// A parsed reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// `coalition:` before the name: look only in this series.
    pub series: Option<String>,
    /// What names the meeting.
    pub base: Base,
    /// How many meetings to step back in the series (`~N`, `^`).
    pub back: usize,
    /// `@REV`: the git revision to read the corpus at.
    pub revision: Option<String>,
}

/// The part of a reference that names a meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Base {
    /// `latest`
    Latest,
    /// `first`
    First,
    /// An id, date, slug, `slug-year` or `series/slug` (lower-cased).
    Name(String),
}

/// Why a reference names no single meeting.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RefError {
    /// Not a reference at all.
    #[error("\"{0}\" is not a meeting reference")]
    Syntax(String),
    /// Nothing matches.
    #[error("no meeting matches \"{query}\"")]
    Unknown {
        /// What was asked for.
        query: String,
        /// The closest key, and the meeting it names.
        suggestion: Option<(String, String)>,
    },
    /// Several meetings match.
    #[error("\"{query}\" is ambiguous: it matches {}", Candidates(candidates))]
    Ambiguous {
        /// What was asked for.
        query: String,
        /// The ids it matches.
        candidates: Vec<String>,
    },
    /// `latest` or `first` in a corpus of several series.
    #[error("\"{query}\" is ambiguous: the corpus has several series ({})", series.join(", "))]
    WhichSeries {
        /// What was asked for.
        query: String,
        /// The series of the corpus.
        series: Vec<String>,
    },
    /// A series that has no meetings.
    #[error("series \"{0}\" has no meetings")]
    EmptySeries(String),
    /// A series the corpus does not have.
    #[error("no series \"{series}\" in the corpus")]
    UnknownSeries {
        /// The series asked for.
        series: String,
        /// The reference with the closest series instead, if one is close.
        suggestion: Option<String>,
    },
    /// The corpus has no meetings at all.
    #[error("the corpus has no meetings yet")]
    EmptyCorpus,
    /// `~N` goes back further than the series.
    #[error("{id} has only {available} earlier meeting{} in series {series}, not {asked}", if *available == 1 { "" } else { "s" })]
    TooFarBack {
        /// Where counting started.
        id: String,
        /// Its series.
        series: String,
        /// How many meetings precede it.
        available: usize,
        /// How many steps back were asked.
        asked: usize,
    },
}

struct Candidates<'a>(&'a [String]);

impl fmt::Display for Candidates<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.join(", "))
    }
}

impl Reference {
    /// Parses a reference.
    pub fn parse(text: &str) -> Result<Self, RefError> {
        let syntax = || RefError::Syntax(text.to_string());
        let (name, revision) = match text.split_once('@') {
            Some((name, rev)) if !rev.is_empty() => (name, Some(rev.to_string())),
            Some(_) => return Err(syntax()),
            None => (text, None),
        };
        let (series, name) = match name.split_once(':') {
            Some((series, name)) if !series.is_empty() => (Some(series.to_lowercase()), name),
            Some(_) => return Err(syntax()),
            None => (None, name),
        };
        let cut = name.find(['~', '^']).unwrap_or(name.len());
        let (base, mut steps) = name.split_at(cut);
        let mut back = 0usize;
        while !steps.is_empty() {
            if let Some(rest) = steps.strip_prefix('^') {
                back = back.saturating_add(1);
                steps = rest;
            } else if let Some(rest) = steps.strip_prefix('~') {
                let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                // Digits only, so a parse fails only past usize::MAX: as far back as can be,
                // which `resolve` reports as further back than the series goes.
                let n = if digits == 0 { 1 } else { rest[..digits].parse::<usize>().unwrap_or(usize::MAX) };
                back = back.saturating_add(n);
                steps = &rest[digits..];
            } else {
                return Err(syntax());
            }
        }
        let base = match base.to_lowercase().as_str() {
            "" => return Err(syntax()),
            "latest" => Base::Latest,
            "first" => Base::First,
            other => Base::Name(other.to_string()),
        };
        Ok(Self { series, base, back, revision })
    }

    /// The series this reference names, if it names one (`coalition:latest`,
    /// `coalition/rome`).
    pub fn series_hint(&self) -> Option<&str> {
        match (&self.series, &self.base) {
            (Some(series), _) => Some(series),
            (None, Base::Name(name)) => name.split_once('/').map(|(series, _)| series),
            _ => None,
        }
    }

    /// Resolves this reference in a listing (ignoring `revision`, which says which listing).
    pub fn resolve(&self, listing: &Listing, query: &str) -> Result<MeetingId, RefError> {
        // (Whether the series has a meeting is found at its first one; the names of all the
        // series are gathered only to suggest one.)
        if let Some(series) = &self.series
            && listing.series(series).next().is_none()
            && !listing.all().is_empty()
        {
            let suggestion = closest_name(listing.series_names(), series)
                .map(|good| query.replacen(series.as_str(), good, 1));
            return Err(RefError::UnknownSeries { series: series.clone(), suggestion });
        }
        let scoped: Vec<&MeetingId> = match &self.series {
            Some(s) => listing.series(s).collect(),
            None => listing.all().iter().collect(),
        };
        let base = match &self.base {
            Base::Latest | Base::First => {
                let word = if self.base == Base::Latest { "latest" } else { "first" };
                let series = match &self.series {
                    Some(s) => s.clone(),
                    None => match listing.series_names().as_slice() {
                        [] => return Err(RefError::EmptyCorpus),
                        [one] => one.to_string(),
                        many => {
                            return Err(RefError::WhichSeries {
                                query: word.into(),
                                series: many.iter().map(ToString::to_string).collect(),
                            });
                        }
                    },
                };
                let mut in_series = listing.series(&series);
                let found = if self.base == Base::Latest { in_series.next_back() } else { in_series.next() };
                found.ok_or(RefError::EmptySeries(series))?.clone()
            }
            Base::Name(name) => find(&scoped, name, query)?,
        };
        if self.back == 0 {
            return Ok(base);
        }
        let series: Vec<&MeetingId> = listing.series(&base.series).collect();
        let at = series.iter().position(|m| **m == base).expect("resolved meeting is listed");
        at.checked_sub(self.back).map(|i| series[i].clone()).ok_or_else(|| RefError::TooFarBack {
            id: base.to_string(),
            series: base.series.to_string(),
            available: at,
            asked: self.back,
        })
    }
}

/// The names a meeting answers to, lower-case (for suggestions; [`Name::matches`] accepts
/// the same names without building them).
fn keys(id: &MeetingId) -> Vec<String> {
    let date = id.date.to_string();
    let mut keys = vec![id.to_string(), date.clone(), format!("{}/{date}", id.series), id.stem()];
    if let Some(slug) = &id.slug {
        keys.push(slug.clone());
        keys.push(format!("{slug}-{}", &date[..4]));
        keys.push(format!("{}/{slug}", id.series));
        keys.push(format!("{}/{slug}-{}", id.series, &date[..4]));
    }
    keys
}

/// A name taken apart once, so matching a listing allocates nothing per meeting.
struct Name<'a> {
    /// `coalition` in `coalition/rome`.
    series: Option<&'a str>,
    /// A leading date: `2021-06-28` in `2021-06-28-rome`.
    date: Option<NaiveDate>,
    /// What follows the date: `rome` in `2021-06-28-rome` (empty for a bare date).
    after_date: &'a str,
    /// The whole name without its series.
    rest: &'a str,
    /// `rome` and 2021 in `rome-2021`.
    slug_year: Option<(&'a str, i32)>,
}

impl<'a> Name<'a> {
    fn parse(name: &'a str) -> Self {
        let (series, rest) = match name.split_once('/') {
            Some((s, r)) => (Some(s), r),
            None => (None, name),
        };
        let date = rest.get(..10).and_then(|d| crate::document::import::parse_date(d).ok());
        let after_date = match date {
            Some(_) => rest[10..].strip_prefix('-').unwrap_or(&rest[10..]),
            None => "",
        };
        let slug_year = rest
            .rsplit_once('-')
            .filter(|(_, y)| y.len() == 4)
            .and_then(|(slug, y)| Some((slug, y.parse().ok()?)));
        Self { series, date, after_date, rest, slug_year }
    }

    /// Whether this name is one of the keys of `id` (see [`keys`]).
    fn matches(&self, id: &MeetingId) -> bool {
        if self.series.is_some_and(|s| s != &*id.series) {
            return false;
        }
        let slug = id.slug.as_deref();
        let by_date = self.date == Some(id.date)
            && (self.after_date.is_empty() && self.rest.len() == 10 || Some(self.after_date) == slug);
        let by_slug = slug == Some(self.rest);
        let by_slug_year = self.slug_year.is_some_and(|(s, y)| slug == Some(s) && y == id.date.year());
        by_date || by_slug || by_slug_year
    }
}

fn find(scoped: &[&MeetingId], name: &str, query: &str) -> Result<MeetingId, RefError> {
    let parsed = Name::parse(name);
    let matches: Vec<&MeetingId> = scoped.iter().copied().filter(|m| parsed.matches(m)).collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(RefError::Unknown { query: query.to_string(), suggestion: suggest(scoped, name) }),
        many => Err(RefError::Ambiguous {
            query: query.to_string(),
            candidates: many.iter().map(ToString::to_string).collect(),
        }),
    }
}

/// The name among `names` closest to `name` (a typo: "fmoc" for "fomc"), if one is close.
pub(super) fn closest_name<'n>(names: impl IntoIterator<Item = &'n str>, name: &str) -> Option<&'n str> {
    names
        .into_iter()
        .map(|n| (strsim::normalized_damerau_levenshtein(name, n), n))
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n)
}

fn suggest(scoped: &[&MeetingId], name: &str) -> Option<(String, String)> {
    scoped
        .iter()
        .flat_map(|m| keys(m).into_iter().map(move |k| (k, m)))
        .map(|(k, m)| (strsim::normalized_damerau_levenshtein(name, &k), k, m))
        .filter(|(score, _, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k, m)| (k, m.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing() -> Listing {
        Listing::new(
            [
                "coalition/2021-06-28-rome",
                "coalition/2022-05-11-marrakech",
                "coalition/2023-06-08-riyadh",
                "coalition/2024-06-08-rome",
                "fomc/2025-07-30",
            ]
            .iter()
            .map(|s| MeetingId::from_path(&format!("{s}.md")).unwrap())
            .collect(),
        )
    }

    fn resolve(text: &str) -> Result<String, RefError> {
        Reference::parse(text)?.resolve(&listing(), text).map(|m| m.to_string())
    }

    #[test]
    fn names_resolve() {
        assert_eq!(resolve("coalition/2021-06-28-rome").unwrap(), "coalition/2021-06-28-rome");
        assert_eq!(resolve("2022-05-11").unwrap(), "coalition/2022-05-11-marrakech");
        assert_eq!(resolve("Marrakech").unwrap(), "coalition/2022-05-11-marrakech");
        assert_eq!(resolve("rome-2021").unwrap(), "coalition/2021-06-28-rome");
        assert_eq!(resolve("coalition/riyadh").unwrap(), "coalition/2023-06-08-riyadh");
        assert_eq!(resolve("fomc/2025-07-30").unwrap(), "fomc/2025-07-30");
    }

    #[test]
    fn latest_first_and_steps_back() {
        assert_eq!(resolve("coalition:latest").unwrap(), "coalition/2024-06-08-rome");
        assert_eq!(resolve("coalition:first").unwrap(), "coalition/2021-06-28-rome");
        assert_eq!(resolve("coalition:latest~1").unwrap(), "coalition/2023-06-08-riyadh");
        assert_eq!(resolve("riyadh^^").unwrap(), "coalition/2021-06-28-rome");
        assert_eq!(resolve("marrakech~").unwrap(), "coalition/2021-06-28-rome");
        assert_eq!(resolve("fomc:latest").unwrap(), "fomc/2025-07-30");
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert!(
            matches!(resolve("rome"), Err(RefError::Ambiguous { candidates, .. }) if candidates.len() == 2)
        );
        assert_eq!(
            resolve("marakech"),
            Err(RefError::Unknown {
                query: "marakech".into(),
                suggestion: Some(("marrakech".into(), "coalition/2022-05-11-marrakech".into()))
            })
        );
        assert_eq!(resolve("marakech").unwrap_err().to_string(), "no meeting matches \"marakech\"");
        assert!(matches!(resolve("latest"), Err(RefError::WhichSeries { .. })));
        assert_eq!(
            resolve("marrakech~3").unwrap_err().to_string(),
            "coalition/2022-05-11-marrakech has only 1 earlier meeting in series coalition, not 3"
        );
        // Numbers of any size step back (no overflow, no wrap-around to a near meeting).
        for far in [
            "marrakech~18446744073709551615~1",
            "marrakech^~18446744073709551615",
            "marrakech~99999999999999999999999",
        ] {
            assert!(
                resolve(far)
                    .unwrap_err()
                    .to_string()
                    .starts_with("coalition/2022-05-11-marrakech has only 1 earlier"),
                "{far}"
            );
        }
        assert!(matches!(resolve("zzz"), Err(RefError::Unknown { suggestion: None, .. })));
        for bad in ["", "@HEAD", "rome@", "rome~x", ":latest"] {
            assert!(matches!(Reference::parse(bad), Err(RefError::Syntax(_))), "{bad}");
        }
    }

    #[test]
    fn matching_accepts_exactly_the_keys() {
        let listing = listing();
        for id in listing.all() {
            for key in keys(id) {
                assert!(Name::parse(&key).matches(id), "{key} should match {id}");
            }
        }
        let rome = MeetingId::from_path("coalition/2021-06-28-rome.md").unwrap();
        for other in ["rome-2022", "fomc/rome", "2021-06-28-riyadh", "2021-06-2", "coalition/2021", "rom"] {
            assert!(!Name::parse(other).matches(&rome), "{other}");
        }
    }

    #[test]
    fn revision_is_kept_apart() {
        let r = Reference::parse("rome-2021~0@HEAD~1").unwrap();
        assert_eq!(r.revision.as_deref(), Some("HEAD~1"));
        assert_eq!(r.base, Base::Name("rome-2021".into()));
    }
}
