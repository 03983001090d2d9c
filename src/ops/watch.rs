//! `watch`: a page asked for again and again, politely, and each new statement text on it
//! imported once.
//!
//! [`Watch`] holds what one watch knows between polls: the validators of the last answer
//! (sent back so that an unchanged page costs a `304 Not Modified`), the texts it imported,
//! the failure under way and the back-off. The caller drives it: [`Watch::request`] is what
//! to ask (it needs no corpus, so it can be sent from another thread while the caller waits
//! for a signal), [`Watch::handle`] turns the answer into an [`Outcome`] and the delay before
//! the next poll. The decisions are pure functions tested on their own: [`Backoff`],
//! [`parse_duration`], [`parse_until`].
//!
//! The rule that keeps a text from being imported twice: a page's statement (the paragraphs
//! the import keeps, after its clean-up: boilerplate around the statement never counts) is
//! new unless it is the text of the series' latest meeting, of the meeting the page would be
//! stored as, or of a meeting this watch imported. A new text whose id (series and date) is
//! a meeting already there is a correction of it when that meeting came from the same
//! source, and is left alone (an [`Outcome::Conflict`]) when it came from elsewhere: a
//! meeting the user imported from another address, or edited, is never overwritten by a
//! page.

use std::time::Duration;

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

use super::{AddAnswer, AddOptions, Error, Quiet, Workspace, add_sources};
use crate::corpus::{Located, MeetingId, Version};
use crate::document::import::MetaFlags;
use crate::fetch::{Answer, FetchError, Validators};

/// The shortest interval between two polls: asking more often than this is not polite.
pub const MIN_EVERY: Duration = Duration::from_millis(100);

/// The longest delay that back-off reaches, whatever the interval (unless the interval is
/// longer).
pub const MAX_BACKOFF: Duration = Duration::from_secs(15 * 60);

/// The longest `Retry-After` honoured: a server cannot stall a watch for a day.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60 * 60);

/// What `watch` is asked.
#[derive(Clone, Debug)]
pub struct WatchOptions {
    /// The page.
    pub url: String,
    /// The series its statements go to (created on first use).
    pub series: String,
    /// The interval between polls.
    pub every: Duration,
    /// How long one request may take in all.
    pub timeout: Duration,
    /// The largest page fetched.
    pub max_size: u64,
    /// Import without clean-up.
    pub raw: bool,
    /// Run the corpus's hooks.
    pub verify: bool,
}

/// The delays between polls: the interval while all is well; after a failure, twice the
/// last delay (from twice the interval) up to a cap of ten intervals and at most
/// [`MAX_BACKOFF`] (or the interval, if longer), or what the server asked (`Retry-After`,
/// at most [`MAX_RETRY_AFTER`]) if longer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    every: Duration,
    cap: Duration,
    delay: Duration,
}

impl Backoff {
    /// The back-off of a watch polling `every`.
    pub fn new(every: Duration) -> Self {
        let cap = every.saturating_mul(10).min(MAX_BACKOFF).max(every);
        Self { every, cap, delay: every }
    }

    /// The delay after a poll that succeeded: the interval.
    pub fn success(&mut self) -> Duration {
        self.delay = self.every;
        self.delay
    }

    /// The delay after a poll that failed; `retry_after`, what the server asked.
    pub fn failure(&mut self, retry_after: Option<Duration>) -> Duration {
        self.delay = self.delay.saturating_mul(2).min(self.cap);
        self.delay.max(retry_after.unwrap_or_default().min(MAX_RETRY_AFTER))
    }
}

/// What one poll found.
#[derive(Debug)]
pub enum Outcome {
    /// `304 Not Modified`.
    NotModified,
    /// A page whose statement is a text the corpus holds already: the meeting with it.
    Unchanged(MeetingId),
    /// A new text, imported.
    Imported(Imported),
    /// A new text for a meeting that came from another source: left alone.
    Conflict {
        /// The meeting.
        id: MeetingId,
        /// Where the stored meeting came from.
        stored_source: Option<String>,
    },
    /// The page is not there (404, 410): perhaps not yet published.
    Missing,
    /// The page could not be fetched, or its text imported.
    Failed(Error),
}

/// A meeting a watch imported.
#[derive(Debug)]
pub struct Imported {
    /// The meeting.
    pub id: MeetingId,
    /// What to compare it with: the meeting before it in the series (for a new meeting), or
    /// its own text before the correction (`ID@COMMIT`); `None` for a series' first meeting.
    pub previous: Option<String>,
    /// Whether it corrected a meeting the corpus had (rather than adding one).
    pub corrected: bool,
    /// What the import said.
    pub answer: AddAnswer,
}

/// One poll's outcome, and what the caller needs to tell the user of it.
#[derive(Debug)]
pub struct Polled {
    /// What was found.
    pub outcome: Outcome,
    /// How long to wait before the next poll.
    pub delay: Duration,
    /// Whether the outcome is news: not the same failure, the same missing page or the same
    /// conflict as the poll before (which need saying once, not at every poll).
    pub news: bool,
    /// After how many failed polls in a row this one did not fail.
    pub recovered: Option<usize>,
}

/// What to ask the server: sendable to another thread.
#[derive(Clone, Debug)]
pub struct Request {
    url: String,
    max_size: u64,
    timeout: Duration,
    validators: Validators,
}

impl Request {
    /// Asks (blocking, within the timeout).
    pub fn send(&self) -> Result<Answer, FetchError> {
        crate::fetch::fetch_if_changed(&self.url, self.max_size, self.timeout, &self.validators)
    }

    /// The validators sent with it.
    pub fn validators(&self) -> &Validators {
        &self.validators
    }
}

/// One watch of a page: what it knows between polls.
#[derive(Debug)]
pub struct Watch {
    options: WatchOptions,
    validators: Validators,
    /// The statement texts this watch imported, each as its paragraphs.
    imported: Vec<Vec<String>>,
    backoff: Backoff,
    /// The failure under way (its message), and how many polls in a row failed.
    failing: Option<(String, usize)>,
    missing: bool,
    conflict: Option<Vec<String>>,
}

impl Watch {
    /// A watch that has not asked yet.
    pub fn new(options: WatchOptions) -> Self {
        let backoff = Backoff::new(options.every);
        Self {
            options,
            validators: Validators::default(),
            imported: Vec::new(),
            backoff,
            failing: None,
            missing: false,
            conflict: None,
        }
    }

    /// What it is asked.
    pub fn options(&self) -> &WatchOptions {
        &self.options
    }

    /// The next request: conditional on the last answer whose text was dealt with.
    pub fn request(&self) -> Request {
        Request {
            url: self.options.url.clone(),
            max_size: self.options.max_size,
            timeout: self.options.timeout,
            validators: self.validators.clone(),
        }
    }

    /// Deals with the answer to [`Watch::request`]: imports a new text (one commit), and
    /// says what happened and when to ask again.
    pub fn handle(&mut self, ws: &Workspace, answer: Result<Answer, FetchError>) -> Polled {
        let (outcome, delay) = match answer {
            Err(FetchError::Status(404 | 410)) => (Outcome::Missing, self.backoff.success()),
            Err(error) => {
                let retry_after = match &error {
                    FetchError::RetryAfter { secs, .. } => Some(Duration::from_secs(*secs)),
                    _ => None,
                };
                let delay = self.backoff.failure(retry_after);
                (Outcome::Failed(Error::Fetch { url: self.options.url.clone(), error }), delay)
            }
            Ok(Answer::NotModified) => (Outcome::NotModified, self.backoff.success()),
            Ok(Answer::Changed(fetched, validators)) => {
                let outcome = match self.consider(ws, fetched) {
                    Ok(outcome) => {
                        // Only a text dealt with may be answered "not modified" from now on: a
                        // failed import asks for the whole page again.
                        self.validators = validators;
                        outcome
                    }
                    Err(error) => Outcome::Failed(error),
                };
                // A text that cannot be imported is not the server's fault: no back-off.
                (outcome, self.backoff.success())
            }
        };
        self.settle(outcome, delay)
    }

    /// Whether the outcome is news, and whether it ends a run of failures.
    fn settle(&mut self, outcome: Outcome, delay: Duration) -> Polled {
        let mut recovered = None;
        let news = match &outcome {
            Outcome::Failed(error) => {
                let message = chain(error);
                match &mut self.failing {
                    Some((same, count)) if *same == message => {
                        *count += 1;
                        false
                    }
                    _ => {
                        let count = self.failing.as_ref().map_or(0, |(_, count)| *count);
                        self.failing = Some((message, count + 1));
                        true
                    }
                }
            }
            other => {
                recovered = self.failing.take().map(|(_, count)| count);
                match other {
                    Outcome::Missing => !std::mem::replace(&mut self.missing, true),
                    Outcome::Conflict { .. } => true,
                    _ => {
                        self.missing = false;
                        true
                    }
                }
            }
        };
        if !matches!(outcome, Outcome::Missing | Outcome::Failed(_)) {
            self.missing = false;
        }
        Polled { outcome, delay, news, recovered }
    }

    /// A page fetched: its statement imported if it is new.
    fn consider(&mut self, ws: &Workspace, fetched: crate::fetch::Fetched) -> Result<Outcome, Error> {
        let source = super::answers::source_of(&self.options.url, fetched);
        let mut options = AddOptions {
            flags: MetaFlags { series: Some(self.options.series.clone()), ..MetaFlags::default() },
            raw: self.options.raw,
            max_size: self.options.max_size,
            verify: self.options.verify,
            timeout: self.options.timeout,
            dry_run: true,
            ..AddOptions::default()
        };
        let sources = std::slice::from_ref(&source);
        let Some(preview) = add_sources(ws, sources, &options, &mut Quiet)?.preview.pop() else {
            unreachable!("a dry run previews each source it imports")
        };
        let id = preview.id;
        let texts: Vec<String> = preview.document.paragraph_texts().map(str::to_string).collect();
        if self.imported.contains(&texts) {
            return Ok(Outcome::Unchanged(id));
        }
        let corpus = ws.corpus();
        let listing = corpus.listing()?;
        let load = |id: &MeetingId| corpus.load(&Located { id: id.clone(), version: Version::WorkTree });
        let mut corrected = false;
        if listing.contains(&id) {
            let stored = load(&id)?;
            if stored.paragraph_texts().eq(texts.iter().map(String::as_str)) {
                return Ok(Outcome::Unchanged(id));
            }
            if stored.meta.source != preview.document.meta.source {
                if self.conflict.as_ref() == Some(&texts) {
                    return Ok(Outcome::Unchanged(id));
                }
                self.conflict = Some(texts);
                return Ok(Outcome::Conflict { id, stored_source: stored.meta.source });
            }
            corrected = true;
        } else if let Some(latest) = listing.series(&id.series).next_back() {
            let stored = load(latest)?;
            if stored.paragraph_texts().eq(texts.iter().map(String::as_str)) {
                return Ok(Outcome::Unchanged(latest.clone()));
            }
        }
        options.dry_run = false;
        options.replace = corrected;
        let answer = add_sources(ws, sources, &options, &mut Quiet)?;
        self.imported.push(texts);
        let previous = if corrected {
            // The commit before the correction that changed this meeting.
            corpus.history(Some(&id), Some(2))?.get(1).map(|c| format!("{id}@{}", c.commit))
        } else {
            let listing = corpus.listing()?;
            let mut before = None;
            for other in listing.series(&id.series) {
                if *other == id {
                    break;
                }
                before = Some(other.to_string());
            }
            before
        };
        Ok(Outcome::Imported(Imported { id, previous, corrected, answer }))
    }
}

/// Whether `text` is a web address a watch can poll.
pub fn is_url(text: &str) -> bool {
    crate::fetch::is_url(text)
}

/// An error and its causes, joined by ": ".
fn chain(error: &Error) -> String {
    std::iter::successors(Some(error as &dyn std::error::Error), |e| e.source())
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ")
}

/// A duration: numbers each followed by a unit, `ms`, `s`, `m` or `h` (`100ms`, `30s`, `5m`,
/// `1h30m`).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let bad = || format!("\"{text}\" is not a duration: write a number and a unit, e.g. 100ms, 30s, 5m, 1h");
    let mut total = Duration::ZERO;
    let mut rest = text.trim();
    if rest.is_empty() {
        return Err(bad());
    }
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
        let number: u64 = rest[..digits].parse().map_err(|_| bad())?;
        rest = &rest[digits..];
        let unit_end = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
        let unit = match &rest[..unit_end] {
            "ms" => Duration::from_millis(1),
            "s" => Duration::from_secs(1),
            "m" | "min" => Duration::from_secs(60),
            "h" => Duration::from_secs(3600),
            _ => return Err(bad()),
        };
        total = unit
            .checked_mul(u32::try_from(number).map_err(|_| bad())?)
            .ok_or_else(bad)
            .and_then(|part| total.checked_add(part).ok_or_else(bad))?;
        rest = &rest[unit_end..];
    }
    Ok(total)
}

/// The interval of `watch --every`: a duration of at least [`MIN_EVERY`].
pub fn parse_every(text: &str) -> Result<Duration, String> {
    let every = parse_duration(text)?;
    if every < MIN_EVERY {
        return Err(format!("polling more often than every {} ms is not polite", MIN_EVERY.as_millis()));
    }
    Ok(every)
}

/// When `watch --until` stops, from `now`: `HH:MM` (the next such time: today, or tomorrow if
/// it has passed), `YYYY-MM-DD HH:MM` (both in `now`'s time zone), an RFC 3339 time
/// (`2026-09-16T18:00:00Z`), or a duration from now (`2h`). A time already past is refused.
pub fn parse_until<Tz: TimeZone>(text: &str, now: &DateTime<Tz>) -> Result<DateTime<Tz>, String> {
    let zone = now.timezone();
    let text = text.trim();
    let local = |naive: NaiveDateTime| {
        zone.from_local_datetime(&naive)
            .earliest()
            .ok_or_else(|| format!("\"{text}\" does not exist in the local time zone (a clock change)"))
    };
    let at = if let Ok(time) = NaiveTime::parse_from_str(text, "%H:%M") {
        let today = local(now.date_naive().and_time(time))?;
        if today > *now {
            today
        } else {
            let tomorrow = now.date_naive().succ_opt().ok_or("the calendar ends")?;
            local(tomorrow.and_time(time))?
        }
    } else if let Ok(naive) = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M") {
        local(naive)?
    } else if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        time.with_timezone(&zone)
    } else if let Ok(duration) = parse_duration(text) {
        let duration = chrono::Duration::from_std(duration).map_err(|e| e.to_string())?;
        now.clone() + duration
    } else if NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok() {
        return Err(format!("\"{text}\" has no time of day: write \"{text} 18:00\""));
    } else {
        return Err(format!(
            "\"{text}\" is not a time: write HH:MM, YYYY-MM-DD HH:MM, an RFC 3339 time or a duration such as 2h"
        ));
    };
    if at <= *now {
        return Err(format!("\"{text}\" has passed"));
    }
    Ok(at)
}

/// [`parse_until`] from the local time now.
pub fn parse_until_now(text: &str) -> Result<DateTime<Local>, String> {
    parse_until(text, &Local::now())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn durations_take_units_and_refuse_bare_numbers() {
        assert_eq!(parse_duration("100ms"), Ok(ms(100)));
        assert_eq!(parse_duration("30s"), Ok(ms(30_000)));
        assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        for bad in ["", "30", "s", "5x", "1.5s", "-1s", "99999999999h"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_every("100ms"), Ok(ms(100)));
        assert_eq!(parse_every("99ms").unwrap_err(), "polling more often than every 100 ms is not polite");
    }

    #[test]
    fn until_takes_clock_times_dates_rfc3339_and_durations() {
        let zone = FixedOffset::east_opt(2 * 3600).unwrap();
        let now = zone.with_ymd_and_hms(2026, 9, 16, 14, 0, 0).unwrap();
        let at = |y, mo, d, h, mi| zone.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap();
        assert_eq!(parse_until("18:00", &now), Ok(at(2026, 9, 16, 18, 0)));
        // Passed today: tomorrow's.
        assert_eq!(parse_until("08:30", &now), Ok(at(2026, 9, 17, 8, 30)));
        assert_eq!(parse_until("2026-09-20 09:15", &now), Ok(at(2026, 9, 20, 9, 15)));
        assert_eq!(parse_until("2026-09-16T16:00:00Z", &now), Ok(at(2026, 9, 16, 18, 0)));
        assert_eq!(parse_until("2h", &now), Ok(at(2026, 9, 16, 16, 0)));
        assert_eq!(parse_until("2026-09-16 13:00", &now).unwrap_err(), "\"2026-09-16 13:00\" has passed");
        assert!(parse_until("0s", &now).is_err());
        assert!(parse_until("2026-09-20", &now).unwrap_err().contains("no time of day"));
        assert!(parse_until("soon", &now).unwrap_err().contains("HH:MM"));
    }

    #[test]
    fn a_watch_imports_once_says_each_failure_once_and_keeps_validators_until_a_text_is_dealt_with() {
        use crate::fetch::{Fetched, Kind};
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::init(&dir.path().join("c")).unwrap();
        let mut watch = Watch::new(WatchOptions {
            url: "http://example.org/s".into(),
            series: "s".into(),
            every: ms(100),
            timeout: Duration::from_secs(1),
            max_size: 1 << 20,
            raw: false,
            verify: false,
        });
        let page = |text: &str, etag: &str| {
            let fetched = Fetched {
                url: "http://example.org/s".into(),
                kind: Kind::Text,
                charset: None,
                bytes: text.into(),
            };
            Ok(Answer::Changed(fetched, Validators { etag: Some(etag.into()), last_modified: None }))
        };
        let etag = |watch: &Watch| watch.request().validators().etag.clone();
        let failed = watch.handle(&ws, Err(FetchError::Status(500)));
        assert!(matches!(failed.outcome, Outcome::Failed(_)) && failed.news);
        assert_eq!(failed.delay, ms(200));
        let again = watch.handle(&ws, Err(FetchError::Status(500)));
        assert!(!again.news && again.delay == ms(400));
        let text = "Met on 1 January 2020.\n\nInflation rose.";
        let imported = watch.handle(&ws, page(text, "a"));
        assert!(matches!(&imported.outcome, Outcome::Imported(i) if i.previous.is_none() && !i.corrected));
        assert_eq!((imported.recovered, imported.delay), (Some(2), ms(100)));
        assert_eq!(etag(&watch).as_deref(), Some("a"));
        // The same text again (another ETag: a page whose furniture changed): nothing new.
        let same = watch.handle(&ws, page(text, "b"));
        assert!(matches!(same.outcome, Outcome::Unchanged(_)), "{:?}", same.outcome);
        assert_eq!(etag(&watch).as_deref(), Some("b"));
        // A page that cannot be imported (no date): said, not backed off, and asked for whole
        // again (the validators of the last text dealt with are kept).
        let undated = watch.handle(&ws, page("No date in this text.", "c"));
        assert!(matches!(undated.outcome, Outcome::Failed(_)) && undated.news && undated.delay == ms(100));
        assert_eq!(etag(&watch).as_deref(), Some("b"));
        let next = watch.handle(&ws, page("Met on 2 February 2020.\n\nInflation fell.", "d"));
        assert!(
            matches!(&next.outcome, Outcome::Imported(i) if i.previous.as_deref() == Some("s/2020-01-01"))
        );
        assert_eq!(super::super::list(&ws, Some("s")).unwrap().len(), 2);
    }

    #[test]
    fn failures_double_the_delay_up_to_a_cap_and_success_resets_it() {
        let mut b = Backoff::new(ms(100));
        let delays: Vec<Duration> = (0..6).map(|_| b.failure(None)).collect();
        assert_eq!(delays, [ms(200), ms(400), ms(800), ms(1000), ms(1000), ms(1000)]);
        assert_eq!(b.success(), ms(100));
        assert_eq!(b.failure(None), ms(200));
        // Retry-After wins when longer, within its own cap; the doubling goes on beneath it.
        assert_eq!(b.failure(Some(Duration::from_secs(5))), Duration::from_secs(5));
        assert_eq!(b.failure(Some(Duration::from_secs(86_400))), MAX_RETRY_AFTER);
        assert_eq!(b.failure(Some(ms(1))), ms(1000));
        // Ten intervals, but never more than 15 minutes, unless the interval is longer.
        let mut b = Backoff::new(Duration::from_secs(300));
        assert_eq!((b.failure(None), b.failure(None), b.failure(None)).2, MAX_BACKOFF);
        let mut b = Backoff::new(Duration::from_secs(3600));
        assert_eq!(b.failure(None), Duration::from_secs(3600));
    }
}
