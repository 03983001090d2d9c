//! Watched phrases (`[watch.NAME]` in `communique.toml`): signal phrases whose arrival or
//! departure a reader wants told first ("some further", "patient", "strongly condemns").
//!
//! A phrase is matched as a theme's term is (docs/DESIGN.md, "Words"): case, punctuation and
//! `/` do not matter, and a word ending in `*` matches any word starting so. A meeting has a
//! phrase when one of its paragraphs does (a phrase never spans two paragraphs).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::lineage::Phrase;

/// A named list of watched phrases.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Watch {
    /// Its name, as in `[watch.guidance]`.
    pub name: String,
    /// Its readable name; the name when none is given.
    pub label: String,
    /// Its phrases.
    pub phrases: Vec<Phrase>,
    /// The series it applies to; empty for all.
    pub series: Vec<String>,
}

impl Watch {
    /// Whether the watch applies to meetings of `series`.
    pub fn applies_to(&self, series: &str) -> bool {
        self.series.is_empty() || self.series.iter().any(|s| s == series)
    }
}

/// A meeting, as a signal names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    /// The meeting's id.
    pub id: String,
    /// Its date.
    pub date: NaiveDate,
}

/// One watched phrase in a comparison of two meetings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WatchedPhrase {
    /// The watch's name.
    pub watch: String,
    /// The phrase as written in the settings.
    pub phrase: String,
    /// Whether the earlier meeting has it.
    pub old: bool,
    /// Whether the later meeting has it.
    pub new: bool,
    /// For a phrase the later meeting has: the first meeting of its series that had it (the
    /// later meeting itself when it is new to the series).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<Seen>,
}

impl WatchedPhrase {
    /// Whether the phrase appeared (`Some(true)`) or vanished (`Some(false)`); `None` when
    /// both meetings have it or neither does.
    pub fn moved(&self) -> Option<bool> {
        (self.old != self.new).then_some(self.new)
    }
}

/// Whether `document` has `phrase` (in one of its paragraphs).
pub fn has(document: &Document, phrase: &Phrase) -> bool {
    (0..document.paragraphs().len()).any(|p| phrase.find(document.paragraph_text(p)).is_some())
}

/// Every phrase of `watches` with whether each meeting has it, in the settings' order;
/// `first_seen` is left for the caller, who knows the series.
pub fn presence(watches: &[&Watch], old: &Document, new: &Document) -> Vec<WatchedPhrase> {
    watches
        .iter()
        .flat_map(|watch| {
            watch.phrases.iter().map(|phrase| WatchedPhrase {
                watch: watch.name.clone(),
                phrase: phrase.text.clone(),
                old: has(old, phrase),
                new: has(new, phrase),
                first_seen: None,
            })
        })
        .collect()
}

/// One stretch of meetings that have a phrase: where it entered, and where it left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spell {
    /// The first meeting of the stretch.
    pub entered: Seen,
    /// The first meeting after the stretch, which lacks the phrase; `None` when the series'
    /// latest meeting has it.
    pub left: Option<Seen>,
    /// How many meetings the stretch holds.
    pub meetings: usize,
}

/// The stretches of `present` (one flag per meeting of `meetings`, in date order).
pub fn spells(meetings: &[Seen], present: &[bool]) -> Vec<Spell> {
    let mut out: Vec<Spell> = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, (&has, meeting)) in present.iter().zip(meetings).enumerate() {
        match (has, open) {
            (true, None) => open = Some((i, 1)),
            (true, Some((start, n))) => open = Some((start, n + 1)),
            (false, Some((start, n))) => {
                out.push(Spell {
                    entered: meetings[start].clone(),
                    left: Some(meeting.clone()),
                    meetings: n,
                });
                open = None;
            }
            (false, None) => {}
        }
    }
    if let Some((start, n)) = open {
        out.push(Spell { entered: meetings[start].clone(), left: None, meetings: n });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(n: usize) -> Seen {
        Seen { id: format!("s/m{n}"), date: NaiveDate::from_ymd_opt(2020, 1, 1 + n as u32).unwrap() }
    }

    #[test]
    fn spells_name_where_a_phrase_entered_and_left() {
        let meetings: Vec<Seen> = (0..7).map(seen).collect();
        let present = [false, true, true, false, false, true, true];
        let spells = spells(&meetings, &present);
        assert_eq!(spells.len(), 2);
        assert_eq!((spells[0].entered.id.as_str(), spells[0].meetings), ("s/m1", 2));
        assert_eq!(spells[0].left.as_ref().map(|s| s.id.as_str()), Some("s/m3"));
        assert_eq!(
            (spells[1].entered.id.as_str(), spells[1].left.as_ref(), spells[1].meetings),
            ("s/m5", None, 2)
        );
        assert!(super::spells(&meetings, &[false; 7]).is_empty());
        assert_eq!(super::spells(&meetings, &[true; 7])[0].meetings, 7);
    }

    #[test]
    fn a_phrase_is_matched_by_the_token_rule_within_a_paragraph() {
        let doc = |paragraphs: &[&str]| {
            let meta = crate::document::Meta {
                series: "s".into(),
                date: NaiveDate::MIN,
                title: None,
                place: None,
                source: None,
            };
            Document::new(meta, paragraphs)
        };
        let old = doc(&["The Committee can be patient.", "Some further firming may be needed."]);
        let new =
            doc(&["The Committee will be PATIENT in normalizing.", "Additional policy-firming is likely."]);
        let watch = Watch {
            name: "g".into(),
            label: "G".into(),
            phrases: [
                "patient",
                "some further",
                "additional policy firming",
                "firm*",
                "patient in normalizing",
            ]
            .iter()
            .map(|p| Phrase::parse(p).unwrap())
            .collect(),
            series: vec![],
        };
        let found = presence(&[&watch], &old, &new);
        let moved: Vec<(&str, Option<bool>)> = found.iter().map(|w| (w.phrase.as_str(), w.moved())).collect();
        assert_eq!(
            moved,
            [
                ("patient", None),
                ("some further", Some(false)),
                ("additional policy firming", Some(true)),
                ("firm*", None),
                ("patient in normalizing", Some(true)),
            ]
        );
    }
}
