//! `blame`: where a phrase first appeared, and every meeting that has it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Meeting, Phrase};

/// The schema name of the JSON form.
pub const SCHEMA: &str = "communique.blame/2";

/// The answer of `blame` (JSON `communique.blame/2`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blame {
    /// Always `SCHEMA`.
    pub schema: String,
    /// The phrase as asked.
    pub phrase: String,
    /// The earliest meeting that has it, if any.
    pub first: Option<Appearance>,
    /// Every meeting that has it, in chronological order, one entry each.
    pub appearances: Vec<Appearance>,
    /// Every meeting searched, in chronological order, with whether it has the phrase.
    pub meetings: Vec<Presence>,
    /// Near variants (`--fuzzy`), listed apart from the exact appearances.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variants: Option<Vec<super::Variant>>,
    /// When the meetings searched start at a date (`--since`): the first appearance before
    /// it, so that `first` is not taken for the phrase's first appearance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_window: Option<BeforeWindow>,
}

/// What precedes a window of meetings searched from a date on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BeforeWindow {
    /// The window's first day.
    pub since: NaiveDate,
    /// The earliest meeting before it (of the same series) that has the phrase; `None` when
    /// none does, and the window's first appearance is the first of all.
    pub first: Option<Appearance>,
}

/// One meeting that has the phrase: where it first occurs in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appearance {
    /// The meeting's id.
    pub id: String,
    /// Its date.
    pub date: NaiveDate,
    /// The paragraph (1-based) of the first occurrence.
    pub paragraph: usize,
    /// The sentence holding the first occurrence.
    pub sentence: String,
    /// Where the phrase is in `sentence` (byte range), for highlighting; not in JSON.
    #[serde(skip)]
    pub matched: Option<(usize, usize)>,
}

/// Whether one searched meeting has the phrase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presence {
    /// The meeting's id.
    pub id: String,
    /// Its series.
    pub series: String,
    /// Its date.
    pub date: NaiveDate,
    /// Whether it has the phrase.
    pub present: bool,
}

/// Looks for `phrase` in `meetings` (chronological order).
pub fn blame(phrase: &Phrase, meetings: &[Meeting]) -> Blame {
    let mut appearances = Vec::new();
    let mut presence = Vec::with_capacity(meetings.len());
    for meeting in meetings {
        let doc = &meeting.document;
        let hit = (0..doc.paragraphs().len()).find_map(|p| {
            phrase.find(doc.paragraph_text(p)).map(|m| (p, m.span.start + doc.paragraphs()[p].span.start))
        });
        if let Some((p, at)) = hit {
            let sentence = meeting.sentence_at(p, at).to_string();
            let matched = phrase.find(&sentence).map(|m| (m.span.start, m.span.end));
            appearances.push(Appearance {
                id: meeting.id.clone(),
                date: meeting.date,
                paragraph: p + 1,
                sentence,
                matched,
            });
        }
        presence.push(Presence {
            id: meeting.id.clone(),
            series: meeting.series.clone(),
            date: meeting.date,
            present: hit.is_some(),
        });
    }
    Blame {
        schema: SCHEMA.to_string(),
        phrase: phrase.text.clone(),
        first: appearances.first().cloned(),
        appearances,
        meetings: presence,
        variants: None,
        before_window: None,
    }
}

/// The appearance of `phrase` in meeting `id` (dated `date`) when its first match there is in
/// paragraph `p` (0-based), whose text is `text`: what [`blame`] finds for that meeting, from
/// the paragraph alone (a sentence never spans two paragraphs). `None` when it does not match.
pub fn appearance_in(phrase: &Phrase, id: &str, date: NaiveDate, p: usize, text: &str) -> Option<Appearance> {
    let at = phrase.find(text)?.span.start;
    // As `Meeting::sentence_at` finds it, without the words of every sentence.
    let sentence = crate::document::sentences(text)
        .into_iter()
        .find(|s| s.start <= at && at < s.end)
        .map_or(text, |s| s.of(text).trim_end())
        .to_string();
    let matched = phrase.find(&sentence).map(|m| (m.span.start, m.span.end));
    Some(Appearance { id: id.to_string(), date, paragraph: p + 1, sentence, matched })
}

impl Blame {
    /// The answer for `phrase` from what was found in each meeting searched (chronological):
    /// whether it has the phrase, and where it first appears in those that do.
    pub fn from_found(phrase: &Phrase, found: Vec<(Presence, Option<Appearance>)>) -> Self {
        let mut meetings = Vec::with_capacity(found.len());
        let mut appearances = Vec::new();
        for (presence, appearance) in found {
            meetings.push(presence);
            appearances.extend(appearance);
        }
        Self {
            schema: SCHEMA.to_string(),
            phrase: phrase.text.clone(),
            first: appearances.first().cloned(),
            appearances,
            meetings,
            variants: None,
            before_window: None,
        }
    }

    /// Runs of absence between two appearances, per series: `(last seen before, back in)`.
    pub fn gaps(&self) -> Vec<(&Presence, &Presence)> {
        let mut out = Vec::new();
        let mut series: Vec<&str> = self.meetings.iter().map(|m| m.series.as_str()).collect();
        series.sort_unstable();
        series.dedup();
        for s in series {
            let mut last_present: Option<&Presence> = None;
            let mut absent_since_last = false;
            for m in self.meetings.iter().filter(|m| m.series == s) {
                if m.present {
                    if let (Some(before), true) = (last_present, absent_since_last) {
                        out.push((before, m));
                    }
                    last_present = Some(m);
                    absent_since_last = false;
                } else if last_present.is_some() {
                    absent_since_last = true;
                }
            }
        }
        out.sort_by_key(|(_, back)| back.date);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lineage::test_meeting as meeting;

    #[test]
    fn first_appearance_and_gaps() {
        let meetings = [
            meeting("2020-01-01", &["Nothing here."]),
            meeting("2021-01-01", &["Intro.", "The Coalition's sole purpose. Other words."]),
            meeting("2022-01-01", &["Gone."]),
            meeting("2023-01-01", &["Back: its SOLE purpose!"]),
        ];
        let b = blame(&Phrase::parse("sole purpose").unwrap(), &meetings);
        let first = b.first.clone().unwrap();
        assert_eq!((first.id.as_str(), first.paragraph), ("s/2021-01-01", 2));
        assert_eq!(first.sentence, "The Coalition's sole purpose.");
        assert_eq!(b.appearances.len(), 2);
        let gaps = b.gaps();
        assert_eq!(gaps.len(), 1);
        assert_eq!((gaps[0].0.id.as_str(), gaps[0].1.id.as_str()), ("s/2021-01-01", "s/2023-01-01"));
        assert!(blame(&Phrase::parse("no such words").unwrap(), &meetings).first.is_none());
    }

    #[test]
    fn an_appearance_from_its_paragraph_alone_is_blames() {
        let paragraphs = ["Intro. The sole purpose.  Sole purpose again! Last", "sole", "The sole purpose"];
        let meetings = [meeting("2021-01-01", &paragraphs)];
        for phrase in ["sole purpose", "intro", "last", "sole", "purpose again last", "so*"] {
            let phrase = Phrase::parse(phrase).unwrap();
            let first = blame(&phrase, &meetings).first.unwrap();
            let p = first.paragraph - 1;
            let alone = appearance_in(&phrase, "s/2021-01-01", first.date, p, paragraphs[p]);
            assert_eq!(alone, Some(first), "{}", phrase.text);
        }
    }
}
