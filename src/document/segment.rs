//! Sentence splitting that survives official prose.
//!
//! A sentence ends at `.`, `!`, `?` or `…`, possibly followed by closing quotes or brackets,
//! when whitespace and then a sentence start (a capital or a digit, possibly after an opening
//! quote or bracket) follow. A full stop does not end a sentence after an abbreviation (`Dr.`,
//! `e.g.`), an initial (`Antony J. Blinken`), a dotted acronym (`U.S.`), a list marker that opens
//! the sentence (`1.`, `(iv).`), or an abbreviation that introduces a number (`No. 2254`,
//! `Art. 5`). A semicolon ends a sentence only before a lettered sub-item (`…; (b) decides`),
//! which keeps UN preambles with many semicolons whole.
//!
//! Sentences cover their paragraph exactly: each includes the whitespace that follows it.

use super::Span;

/// Abbreviations after which a full stop never ends a sentence (compared lower-case, without
/// the final stop).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "dr", "prof", "st", "jr", "sr", "gen", "lt", "col", "capt", "gov", "sen",
    "rep", "hon", "amb", "rev", "e.g", "i.e", "cf", "vs", "viz", "al", "approx", "inc", "ltd", "corp",
    "dept", "est", "fig", "figs", "min", "max", "nr",
];

/// Abbreviations that end a sentence unless a number follows (`No. 2254`, `Art. 5`).
const NUMBER_ABBREVIATIONS: &[&str] = &[
    "no", "nos", "art", "arts", "para", "paras", "p", "pp", "vol", "res", "sec", "ch", "op", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Sentence spans of `text`, relative to `text`, covering it exactly and in order.
///
/// An empty text has no sentences; any other text has at least one.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !matches!(c, '.' | '!' | '?' | '…' | ';') {
            continue;
        }
        // The terminator run: `...`, `?!`, `.)` and closing quotes or brackets.
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = iter.peek() {
            if matches!(d, '.' | '!' | '?' | '…') && c != ';' || is_closer(d) {
                end = j + d.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let rest = &text[end..];
        let after_space = rest.trim_start();
        if after_space.len() == rest.len() || after_space.is_empty() {
            continue; // no whitespace after, or end of text: not a boundary here
        }
        if c == '.'
            && first_after_openers(after_space).is_some_and(char::is_uppercase)
            && let Some(marker) = glued_marker(&text[start..i])
        {
            // `…United Nations, 1. Decides…`: an operative paragraph glued to the previous
            // one. The boundary goes before the number, which opens the next sentence.
            let at = start + marker;
            spans.push(Span::new(start, at));
            start = at;
            continue;
        }
        let ends = if c == ';' {
            starts_with_sub_item(after_space)
        } else {
            let next = first_after_openers(after_space);
            let starts = next.is_some_and(|n| n.is_uppercase() || n.is_numeric());
            starts && (c != '.' || !full_stop_is_abbreviation(&text[start..i], next))
        };
        if ends {
            let next_start = text.len() - after_space.len();
            spans.push(Span::new(start, next_start));
            start = next_start;
        }
    }
    if start < text.len() {
        spans.push(Span::new(start, text.len()));
    }
    spans
}

/// Whether a full stop after `before` (the sentence so far) belongs to an abbreviation, an
/// initial, an acronym or a list marker rather than ending the sentence.
fn full_stop_is_abbreviation(before: &str, next: Option<char>) -> bool {
    let word =
        before.rsplit(char::is_whitespace).next().unwrap_or("").trim_start_matches(|c: char| is_opener(c));
    if word.is_empty() {
        return false;
    }
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    if NUMBER_ABBREVIATIONS.contains(&lower.as_str()) && next.is_some_and(|n| n.is_numeric()) {
        return true;
    }
    let mut chars = word.chars();
    if let (Some(first), None) = (chars.next(), chars.next())
        && first.is_alphabetic()
    {
        return true; // an initial: `Antony J. Blinken`
    }
    // A dotted acronym such as `U.S`, `U.N` or `a.m`: short letter groups joined by stops.
    if word.contains('.')
        && word.split('.').all(|g| (1..=2).contains(&g.chars().count()) && g.chars().all(char::is_alphabetic))
    {
        return true;
    }
    is_list_marker(before.trim())
}

/// Where a numbered-paragraph marker starts in `before` (the sentence up to a full stop), when
/// that marker follows a clause end (`,` `;` `:`) inside the sentence: `…Nations, 1` → the `1`.
fn glued_marker(before: &str) -> Option<usize> {
    // After the last whitespace character, which may be wider than a byte (a no-break space).
    let (space, width) = before.char_indices().rev().find(|(_, c)| c.is_whitespace())?;
    let word_start = space + width.len_utf8();
    let word = &before[word_start..];
    let head = before[..word_start].trim_end();
    let numbered = !word.is_empty() && word.len() <= 3 && word.chars().all(|c| c.is_ascii_digit());
    (numbered && head.ends_with([',', ';', ':'])).then_some(word_start)
}

/// Whether `text` is only a list marker: `1`, `12`, `iv`, `b`, `(a)`, `(iv)`, `a)`.
fn is_list_marker(text: &str) -> bool {
    let inner = text.trim_start_matches('(').trim_end_matches(')');
    if inner.is_empty() || inner.len() > 6 {
        return false;
    }
    inner.chars().all(|c| c.is_ascii_digit())
        || inner.chars().all(|c| "ivxlcIVXLC".contains(c))
        || (inner.chars().count() == 1 && inner.chars().all(|c| c.is_ascii_alphabetic()))
}

/// Whether `text` starts with a sub-item marker such as `(a)`, `(iv)` or `b)`.
fn starts_with_sub_item(text: &str) -> bool {
    let Some(close) = text.find(')') else {
        return false;
    };
    close <= 6 && is_list_marker(&text[..=close])
}

fn first_after_openers(text: &str) -> Option<char> {
    text.chars().find(|&c| !is_opener(c))
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '}')
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '«' | '(' | '[' | '{')
}

#[cfg(test)]
mod tests {
    use super::sentences;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).iter().map(|s| s.of(text).trim_end()).collect()
    }

    #[test]
    fn splits_plain_sentences() {
        assert_eq!(
            split("One here. Two there! Three? Four."),
            ["One here.", "Two there!", "Three?", "Four."]
        );
    }

    #[test]
    fn keeps_abbreviations_and_initials() {
        assert_eq!(
            split(
                "U.S. Secretary of State Antony J. Blinken met Dr. Smith. The U.N. agreed, e.g. Mr. Jones."
            ),
            ["U.S. Secretary of State Antony J. Blinken met Dr. Smith.", "The U.N. agreed, e.g. Mr. Jones."]
        );
    }

    #[test]
    fn keeps_numbered_references() {
        assert_eq!(
            split("in accordance with Resolution No. 2254 and Art. 5 of the Treaty. Then more."),
            ["in accordance with Resolution No. 2254 and Art. 5 of the Treaty.", "Then more."]
        );
    }

    #[test]
    fn a_number_abbreviation_before_a_capital_ends_the_sentence() {
        assert_eq!(split("The answer was no. The vote failed."), ["The answer was no.", "The vote failed."]);
    }

    #[test]
    fn keeps_decimals_and_fractions() {
        assert_eq!(
            split("Rates rose 2.5 percent to 1/4 to 1/2 percent. Inflation eased."),
            ["Rates rose 2.5 percent to 1/4 to 1/2 percent.", "Inflation eased."]
        );
    }

    #[test]
    fn closing_quotes_and_brackets_stay_with_their_sentence() {
        assert_eq!(
            split("He called it “historic.” The talks (see annex.) resumed. (The end.) Done."),
            ["He called it “historic.”", "The talks (see annex.) resumed.", "(The end.)", "Done."]
        );
    }

    #[test]
    fn list_markers_do_not_end_a_sentence() {
        assert_eq!(
            split("1. Welcomes the report. 2. Decides to remain seized."),
            ["1. Welcomes the report.", "2. Decides to remain seized."]
        );
        assert_eq!(split("(iv). Requests a review."), ["(iv). Requests a review."]);
    }

    #[test]
    fn glued_operative_paragraphs_split_before_their_number() {
        assert_eq!(
            split(
                "Acting under Chapter VII of the Charter, 1. Decides to extend the mandate; 2. Decides that the strength is 8,000."
            ),
            [
                "Acting under Chapter VII of the Charter,",
                "1. Decides to extend the mandate;",
                "2. Decides that the strength is 8,000."
            ]
        );
        assert_eq!(split("It was 2.5 percent in 2020. Then 3."), ["It was 2.5 percent in 2020.", "Then 3."]);
    }

    #[test]
    fn semicolons_split_only_before_sub_items() {
        assert_eq!(
            split("Recalling its resolutions; reaffirming its commitment; noting the report,"),
            ["Recalling its resolutions; reaffirming its commitment; noting the report,"]
        );
        assert_eq!(
            split("Decides as follows: (a) to extend the mandate; (b) to review it;"),
            ["Decides as follows: (a) to extend the mandate;", "(b) to review it;"]
        );
    }

    #[test]
    fn lowercase_after_a_stop_continues_the_sentence() {
        assert_eq!(split("ends with etc. and goes on."), ["ends with etc. and goes on."]);
    }

    #[test]
    fn spans_cover_text_exactly() {
        let text = "  A b.  C d?\tE ";
        let spans = sentences(text);
        assert_eq!(spans.first().unwrap().start, 0);
        assert_eq!(spans.last().unwrap().end, text.len());
        assert!(spans.windows(2).all(|w| w[0].end == w[1].start));
        assert!(sentences("").is_empty());
    }
}
