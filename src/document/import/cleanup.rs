//! Clean-up that web-scraped communiqués commonly need: a trailing press-contact block, a
//! leading title line and source URL, and paragraphs broken mid-sentence by a blank line.

use super::{Imported, Note, excerpt};
use crate::document::count_words;

/// Runs every clean-up step, recording a note for each change.
pub fn run(imported: &mut Imported) {
    drop_footer(imported);
    take_title_and_source(imported);
    rejoin_broken(imported);
}

fn drop_footer(imported: &mut Imported) {
    let paragraphs = &mut imported.paragraphs;
    let mut start = paragraphs.len();
    let mut strong = false;
    while start > 1 {
        match contact_line(&paragraphs[start - 1]) {
            Contact::Strong => strong = true,
            Contact::Weak => {}
            Contact::No => break,
        }
        start -= 1;
    }
    if strong && start < paragraphs.len() {
        let dropped = paragraphs.split_off(start);
        imported.notes.push(Note::Footer { paragraphs: dropped.len(), first: dropped[0].clone() });
    }
}

#[derive(PartialEq)]
enum Contact {
    /// Certainly contact material: a phone number, an e-mail, a language list.
    Strong,
    /// Could be: a short role line, a bare link, a language name.
    Weak,
    No,
}

fn contact_line(line: &str) -> Contact {
    let lower = line.to_lowercase();
    let digits = line.chars().filter(char::is_ascii_digit).count();
    let phone = digits >= 7 && line.chars().all(|c| c.is_ascii_digit() || " +()-./".contains(c));
    let words = count_words(line);
    let email = lower.contains("e-mail") || lower.contains("email") || is_email(line);
    if phone
        || (email && words <= 12)
        || lower.starts_with("languages:")
        || ["tel", "tel.", "phone", "fax", "press contact", "media contact"]
            .iter()
            .any(|p| lower.starts_with(p) && words <= 12)
    {
        return Contact::Strong;
    }
    let ends_sentence = line.ends_with(['.', '!', '?']);
    let roles = [
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "press",
        "officer",
        "media",
        "contact",
        "communications",
    ];
    let bare_link = line.starts_with('[') && line.ends_with(')') && line.contains("](");
    let language =
        ["english", "français", "francais", "español", "deutsch", "italiano", "العربية", "русский", "中文"]
            .contains(&lower.trim());
    if !ends_sentence && words <= 10 && (roles.iter().any(|r| lower.contains(r)) || bare_link || language) {
        Contact::Weak
    } else {
        Contact::No
    }
}

fn is_email(line: &str) -> bool {
    line.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
    })
}

/// Takes a leading URL line as the source, and a leading title line as the title when it is
/// marked as one: a Markdown or HTML heading, or a line next to the source URL, as on a scraped
/// web page. A short first line alone is not enough: official texts open with lines such as
/// "NOTICE" or "As adopted effective January 24, 2012" that are part of the text.
///
/// The lines are taken even when `--title` or `--source` is given: they are the page's, not the
/// meeting's text, and the flags only decide the values.
fn take_title_and_source(imported: &mut Imported) {
    for _ in 0..2 {
        let [first, second, ..] = imported.paragraphs.as_slice() else {
            return;
        };
        // A line with control characters is text, never metadata (which `add` refuses them in).
        if super::validate_line(first).is_err() {
            return;
        }
        if imported.found.source.is_none() && is_url_line(first) {
            imported.found.source = Some(first.clone());
            imported.notes.push(Note::Source(first.clone()));
        } else if imported.found.title.is_none()
            && is_title_line(first)
            && (imported.leading_heading || is_url_line(second) || imported.found.source.is_some())
        {
            imported.found.title = Some(first.clone());
            imported.notes.push(Note::Title(first.clone()));
        } else {
            return;
        }
        imported.paragraphs.remove(0);
    }
}

/// A bare URL or domain-and-path line: `https://…`, `eeas.europa.eu/…`.
fn is_url_line(line: &str) -> bool {
    if line.contains(char::is_whitespace) {
        return false;
    }
    let rest = line.strip_prefix("https://").or_else(|| line.strip_prefix("http://")).unwrap_or(line);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(char::is_alphabetic))
}

/// A heading-like first line: short, starting with a capital or digit, not ending like a
/// sentence or a clause.
fn is_title_line(line: &str) -> bool {
    let words = count_words(line);
    (1..=25).contains(&words)
        && line.chars().count() <= 200
        && line.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric())
        && !line.ends_with(['.', ',', ';', ':'])
}

fn rejoin_broken(imported: &mut Imported) {
    let mut i = 1;
    while i < imported.paragraphs.len() {
        let (before, after) = (&imported.paragraphs[i - 1], &imported.paragraphs[i]);
        if is_cut_short(before) && after.starts_with(char::is_lowercase) && !is_url_line(after) {
            let after = imported.paragraphs.remove(i);
            let before = &mut imported.paragraphs[i - 1];
            imported.notes.push(Note::Rejoined {
                paragraph: i,
                before: tail(before, 3),
                after: excerpt_words(&after, 3),
            });
            before.push(' ');
            before.push_str(&after);
        } else {
            i += 1;
        }
    }
}

/// Whether a paragraph stops where no sentence or clause ends.
fn is_cut_short(text: &str) -> bool {
    let end = text.trim_end_matches(['"', '\'', '”', '’', ')', ']']);
    !end.ends_with(['.', '!', '?', ':', ';', '…'])
}

fn tail(text: &str, words: usize) -> String {
    let parts: Vec<&str> = text.split_whitespace().collect();
    parts[parts.len().saturating_sub(words)..].join(" ")
}

fn excerpt_words(text: &str, words: usize) -> String {
    excerpt(&text.split_whitespace().take(words).collect::<Vec<_>>().join(" "), 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::import::{Format, ImportOptions, import};

    fn clean(text: &str) -> Imported {
        import(text, Format::Text, ImportOptions::default()).unwrap()
    }

    #[test]
    fn rejoins_a_paragraph_broken_mid_sentence() {
        let imported =
            clean("Measures to enhance efficiency and\n\ncoordination of efforts remain.\n\nNext one.");
        assert_eq!(
            imported.paragraphs,
            ["Measures to enhance efficiency and coordination of efforts remain.", "Next one."]
        );
        assert_eq!(
            imported.notes,
            [Note::Rejoined {
                paragraph: 1,
                before: "enhance efficiency and".into(),
                after: "coordination of efforts".into()
            }]
        );
    }

    #[test]
    fn leaves_un_preambles_alone() {
        let text = "The Security Council,\n\nRecalling its resolutions,\n\nReaffirming its commitment,\n\n1. Decides to extend;";
        let imported = clean(text);
        assert_eq!(imported.paragraphs.len(), 4);
        assert!(imported.notes.is_empty(), "{:?}", imported.notes);
    }

    #[test]
    fn takes_title_and_source_lines() {
        let imported = clean(
            "Joint Communiqué\n\neeas.europa.eu/delegations/syria/100897/x_en\n\nThe Ministers met.\n\nThey agreed.",
        );
        assert_eq!(imported.found.title.as_deref(), Some("Joint Communiqué"));
        assert_eq!(imported.found.source.as_deref(), Some("eeas.europa.eu/delegations/syria/100897/x_en"));
        assert_eq!(imported.paragraphs, ["The Ministers met.", "They agreed."]);
    }

    #[test]
    fn a_given_title_still_takes_the_line() {
        let text = "Joint Communiqué

example.org/x

The Ministers met.";
        let imported = clean(text);
        assert_eq!(imported.paragraphs, ["The Ministers met."]);
        assert_eq!(imported.found.source.as_deref(), Some("example.org/x"));
    }

    #[test]
    fn a_short_first_line_alone_is_text() {
        for text in [
            "NOTICE

CONTINUATION OF THE NATIONAL EMERGENCY

On February 25, 2011, the President declared.",
            "As adopted effective January 24, 2012

Following careful deliberations.",
        ] {
            let imported = clean(text);
            assert_eq!(imported.found.title, None);
            assert!(imported.notes.is_empty());
        }
    }

    #[test]
    fn headings_and_url_first_pages_give_titles() {
        let markdown = "# Joint Statement

The Ministers met.";
        let imported = import(markdown, Format::Markdown, ImportOptions::default()).unwrap();
        assert_eq!(imported.found.title.as_deref(), Some("Joint Statement"));
        let imported = clean(
            "https://example.org/statement

Joint Statement

The Ministers met.",
        );
        assert_eq!(imported.found.title.as_deref(), Some("Joint Statement"));
        assert_eq!(imported.paragraphs, ["The Ministers met."]);
    }

    #[test]
    fn drops_a_press_contact_footer() {
        let imported = clean(
            "The Ministers met.\n\nThey agreed.\n\n[Nabila MASSRALI \\(link sends e-mail\\)](#)\n\nSpokesperson for Foreign Affairs\n\n+32 (0) 2 29 88093\n\nLanguages:\n\n[Français](#)",
        );
        assert_eq!(imported.paragraphs, ["The Ministers met.", "They agreed."]);
        assert!(matches!(&imported.notes[..], [Note::Footer { paragraphs: 5, .. }]));
    }

    #[test]
    fn a_short_last_line_without_contact_details_stays() {
        let imported = clean("The Ministers met.\n\nPress release");
        assert_eq!(imported.paragraphs.len(), 2);
    }

    #[test]
    fn recognizes_urls() {
        assert!(is_url_line("https://www.federalreserve.gov/newsevents/pressreleases/x.htm"));
        assert!(is_url_line("eeas.europa.eu/delegations/syria/100897/communiqué_en"));
        assert!(!is_url_line("The Ministers met."));
        assert!(!is_url_line("U.S."));
        assert!(!is_url_line("2.5"));
    }
}
