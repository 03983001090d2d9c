//! `grep`: keyword in context across meetings.

use serde::{Deserialize, Serialize};

use super::{Meeting, MeetingRef, Phrase};
use crate::document::words;

/// One occurrence with the words around it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hit {
    /// The meeting.
    pub meeting: MeetingRef,
    /// The paragraph (1-based).
    pub paragraph: usize,
    /// Up to N words before the match (with the text between them).
    pub before: String,
    /// The matched text.
    pub matched: String,
    /// Up to N words after the match.
    pub after: String,
}

/// Every occurrence of `phrase` in `meetings` (chronological), with `context` words either side.
pub fn grep(phrase: &Phrase, meetings: &[Meeting], context: usize) -> Vec<Hit> {
    let mut hits = Vec::new();
    for meeting in meetings {
        let at = MeetingRef::of(meeting);
        for (p, text) in meeting.document.paragraph_texts().enumerate() {
            hits_in(phrase, &at, p + 1, text, context, &mut hits);
        }
    }
    hits
}

/// The occurrences of `phrase` in one paragraph, `text`, the `paragraph`th (1-based) of
/// `meeting`, with `context` words either side, appended to `out`.
pub fn hits_in(
    phrase: &Phrase,
    meeting: &MeetingRef,
    paragraph: usize,
    text: &str,
    context: usize,
    out: &mut Vec<Hit>,
) {
    let found = phrase.find_all(text);
    if found.is_empty() {
        return;
    }
    let spans: Vec<_> = words(text).collect();
    for m in found {
        let first = m.token.saturating_sub(context);
        // `context` is the user's number: any size, so no plain `+`.
        let last = (m.token + phrase.len() - 1).saturating_add(context).min(spans.len() - 1);
        out.push(Hit {
            meeting: meeting.clone(),
            paragraph,
            before: text[spans[first].start..m.span.start].to_string(),
            matched: m.span.of(text).to_string(),
            after: text[m.span.end..spans[last].end].to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_words_either_side() {
        let meetings = [crate::lineage::test_meeting(
            "2021-06-28",
            &["Intro.", "Threats in sub-Saharan Africa and the Sahel region remain."],
        )];
        let hits = grep(&Phrase::parse("Africa*").unwrap(), &meetings, 2);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            (hits[0].paragraph, hits[0].before.as_str(), hits[0].matched.as_str(), hits[0].after.as_str()),
            (2, "sub-Saharan ", "Africa", " and the")
        );
        let all = grep(&Phrase::parse("Sahel").unwrap(), &meetings, usize::MAX);
        assert_eq!(
            (all[0].before.as_str(), all[0].after.as_str()),
            ("Threats in sub-Saharan Africa and the ", " region remain")
        );
    }
}
