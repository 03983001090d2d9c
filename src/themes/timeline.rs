//! The theme timeline of a series: for each meeting and theme, its mentions, the paragraphs
//! touching it, the words in those paragraphs and their share of the meeting's words (JSON
//! `communique.themes/1`).

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Matcher, Mention, Scratch, Theme};
use crate::document::Meeting;

/// The schema name of the JSON form.
pub const SCHEMA: &str = "communique.themes/1";

/// A timeline (JSON `communique.themes/1`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// Always `SCHEMA`.
    pub schema: String,
    /// The themes' names, in the order defined.
    pub themes: Vec<String>,
    /// The themes' readable names, by name.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// The meetings in date order.
    pub meetings: Vec<MeetingThemes>,
}

/// One meeting of a timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingThemes {
    /// Its id.
    pub id: String,
    /// Its date.
    pub date: NaiveDate,
    /// Counts by theme name (the names shared by every meeting: a timeline of 24,000
    /// meetings made 24,000 copies of each).
    pub themes: BTreeMap<Arc<str>, Counts>,
}

/// How much of a meeting is about one theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    /// Mentions of the theme's terms.
    pub mentions: usize,
    /// Paragraphs touching the theme.
    pub paragraphs: usize,
    /// Word tokens in those paragraphs.
    pub words: usize,
    /// Those words' share of the meeting's words, in [0, 1], to four decimals.
    pub share: f64,
}

/// The timeline of `meetings` (date order) for the matcher's themes.
pub fn timeline(matcher: &Matcher<'_>, meetings: &[Meeting]) -> Timeline {
    let themes = matcher.themes();
    let names = shared_names(themes);
    let mut scratch = Scratch::default();
    let mut mentions: Vec<Mention> = Vec::new();
    let mut counts = ParagraphCounts::default();
    let meetings = meetings
        .iter()
        .map(|meeting| {
            let mut tally = Tally::new(themes.len());
            for paragraph in meeting.document.paragraph_texts() {
                mentions.clear();
                counts.words = matcher.paragraph(paragraph, &mut scratch, &mut mentions);
                counts.mentions.clear();
                counts.mentions.resize(themes.len(), 0);
                for m in &mentions {
                    counts.mentions[m.theme] += 1;
                }
                tally.add(&counts);
            }
            tally.finish(&names, meeting.id.clone(), meeting.date)
        })
        .collect();
    assemble(themes, meetings)
}

/// What one paragraph holds for a timeline: its words, and each theme's mentions (in the
/// order of the matcher's themes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParagraphCounts {
    /// Its word tokens.
    pub words: usize,
    /// Mentions of each theme.
    pub mentions: Vec<usize>,
}

/// The timeline of meetings given by their id, date and paragraphs' counts (date order):
/// what [`timeline`] answers for meetings with those paragraphs.
pub fn timeline_of<'c>(
    matcher: &Matcher<'_>,
    meetings: impl IntoIterator<Item = (String, NaiveDate, Vec<&'c ParagraphCounts>)>,
) -> Timeline {
    let themes = matcher.themes();
    let names = shared_names(themes);
    let meetings = meetings
        .into_iter()
        .map(|(id, date, paragraphs)| {
            let mut tally = Tally::new(themes.len());
            for counts in paragraphs {
                tally.add(counts);
            }
            tally.finish(&names, id, date)
        })
        .collect();
    assemble(themes, meetings)
}

/// One meeting's counts as its paragraphs are added.
struct Tally {
    counts: Vec<Counts>,
    total: usize,
}

impl Tally {
    fn new(themes: usize) -> Self {
        Self { counts: vec![Counts::default(); themes], total: 0 }
    }

    fn add(&mut self, paragraph: &ParagraphCounts) {
        self.total += paragraph.words;
        for (c, &n) in self.counts.iter_mut().zip(&paragraph.mentions) {
            if n > 0 {
                c.mentions += n;
                c.paragraphs += 1;
                c.words += paragraph.words;
            }
        }
    }

    fn finish(mut self, names: &[Arc<str>], id: String, date: NaiveDate) -> MeetingThemes {
        let total = self.total;
        for c in &mut self.counts {
            c.share = if total == 0 { 0.0 } else { (c.words as f64 / total as f64 * 1e4).round() / 1e4 };
        }
        MeetingThemes { id, date, themes: names.iter().cloned().zip(self.counts).collect() }
    }
}

/// The themes' names, made once for every meeting of a timeline.
fn shared_names(themes: &[&Theme]) -> Vec<Arc<str>> {
    themes.iter().map(|t| Arc::from(t.name.as_str())).collect()
}

fn assemble(themes: &[&Theme], meetings: Vec<MeetingThemes>) -> Timeline {
    Timeline {
        schema: SCHEMA.to_string(),
        themes: themes.iter().map(|t| t.name.clone()).collect(),
        labels: themes.iter().map(|t| (t.name.clone(), t.label.clone())).collect(),
        meetings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lineage::test_meeting as meeting;
    use crate::themes::{Theme, parse_term};

    #[test]
    fn counts_mentions_paragraphs_words_and_share() {
        let theme = |name: &str, terms: &[&str]| Theme {
            name: name.into(),
            label: name.into(),
            terms: terms.iter().map(|t| parse_term(t).unwrap()).collect(),
            series: Vec::new(),
        };
        let (africa, iraq) = (theme("africa", &["Africa*", "Sahel"]), theme("iraq", &["Iraq*"]));
        let meetings = [
            meeting("2020-01-01", &["Africa and the Sahel, Africa.", "Iraq.", "Nothing here at all."]),
            meeting("2021-01-01", &["Nothing."]),
        ];
        let t = timeline(&Matcher::new(&[&africa, &iraq]), &meetings);
        assert_eq!(t.themes, ["africa", "iraq"]);
        let first = &t.meetings[0].themes;
        assert_eq!(first["africa"], Counts { mentions: 3, paragraphs: 1, words: 5, share: 0.5 });
        assert_eq!(first["iraq"], Counts { mentions: 1, paragraphs: 1, words: 1, share: 0.1 });
        assert_eq!(t.meetings[1].themes["africa"], Counts::default());
    }
}
