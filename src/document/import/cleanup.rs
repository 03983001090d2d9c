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

/// Drops a trailing press-contact block, and only one that is unmistakably that: a run of short
/// contact-shaped paragraphs (never the first) holding a phone number or an e-mail address *and*
/// a contact, media or press word. A closing sentence that mentions e-mail, a last line of
/// numbers or a press-release label stays: losing a line of the text is worse than keeping a
/// footer. Each dropped paragraph gets its own note.
fn drop_footer(imported: &mut Imported) {
    let paragraphs = &mut imported.paragraphs;
    let mut start = paragraphs.len();
    while start > 1 && contact_shaped(&paragraphs[start - 1]) {
        start -= 1;
    }
    let block = &paragraphs[start..];
    let reachable = block.iter().any(|p| has_phone_number(p) || has_email_address(p));
    if reachable && block.iter().any(|p| has_press_word(p)) {
        for dropped in paragraphs.split_off(start) {
            imported.notes.push(Note::ContactDropped(dropped));
        }
    }
}

/// A paragraph that can belong to a contact block: a short line with a phone number or an
/// e-mail address, or a short label that ends no sentence (a role, a name as a link, a
/// language list).
fn contact_shaped(line: &str) -> bool {
    let words = count_words(line);
    if words > 12 {
        return false;
    }
    if has_phone_number(line) || has_email_address(line) {
        return true;
    }
    let lower = line.to_lowercase();
    let bare_link = line.starts_with('[') && line.ends_with(')') && line.contains("](");
    let language =
        ["english", "français", "francais", "español", "deutsch", "italiano", "العربية", "русский", "中文"]
            .contains(&lower.trim());
    let label = has_press_word(line)
        || bare_link
        || language
        || lower.starts_with("languages:")
        || words_of(&lower).any(|w| ["officer", "tel", "phone", "fax", "mobile"].contains(&w));
    words <= 10 && !line.ends_with(['.', '!', '?']) && label
}

/// The lowercase alphanumeric words of a lowercase line.
fn words_of(lower: &str) -> impl Iterator<Item = &str> {
    lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// A word that says the block is for the press: contact, media, press, spokesperson, ….
fn has_press_word(line: &str) -> bool {
    const WORDS: &[&str] = &[
        "contact",
        "contacts",
        "media",
        "press",
        "spokesperson",
        "spokespersons",
        "spokesman",
        "spokeswoman",
        "inquiries",
        "enquiries",
        "communications",
    ];
    words_of(&line.to_lowercase()).any(|w| WORDS.contains(&w))
}

/// An e-mail address (`name@host.tld`), not just the word "e-mail".
fn has_email_address(line: &str) -> bool {
    line.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty()
                && host.split('.').count() >= 2
                && host
                    .split('.')
                    .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        })
    })
}

/// A phone number: a run of digits and `+ ( ) - . /` and spaces with at least eight
/// digits, written as one (a leading `+` or `(`, or three groups or more), and not a date, a
/// span of years or a number grouped in thousands.
fn has_phone_number(line: &str) -> bool {
    let is_part = |c: char| c.is_ascii_digit() || "+()-./ ".contains(c);
    line.split(|c: char| !is_part(c)).any(|run| {
        let run = run.trim_matches(|c: char| !c.is_ascii_digit() && c != '+' && c != '(');
        let digits = run.chars().filter(char::is_ascii_digit).count();
        let groups: Vec<&str> = run.split(|c: char| !c.is_ascii_digit()).filter(|g| !g.is_empty()).collect();
        let date = groups.len() == 3
            && (groups[0].len() == 4 || groups[2].len() == 4)
            && groups.iter().filter(|g| g.len() <= 2).count() == 2;
        let years = groups.iter().all(|g| g.len() == 4 && (g.starts_with("19") || g.starts_with("20")));
        let thousands = groups.len() >= 2 && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3);
        // A document symbol numbered by year, as "2021/20/12345" (UN and EU symbols).
        let symbol = run.contains('/')
            && groups.first().is_some_and(|g| g.len() == 4 && (g.starts_with("19") || g.starts_with("20")));
        digits >= 8
            && (run.starts_with(['+', '(']) || groups.len() >= 3)
            && !date
            && !years
            && !thousands
            && !symbol
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

/// Re-joins paragraphs broken mid-sentence, in one pass into a new list (removing from the
/// middle of the list for each break would be quadratic on a file of many broken lines).
fn rejoin_broken(imported: &mut Imported) {
    let mut joined: Vec<String> = Vec::with_capacity(imported.paragraphs.len());
    for after in std::mem::take(&mut imported.paragraphs) {
        let number = joined.len();
        match joined.last_mut() {
            Some(before)
                if is_cut_short(before) && after.starts_with(char::is_lowercase) && !is_url_line(&after) =>
            {
                imported.notes.push(Note::Rejoined {
                    paragraph: number,
                    before: tail(before, 3),
                    after: excerpt_words(&after, 3),
                });
                before.push(' ');
                before.push_str(&after);
            }
            _ => joined.push(after),
        }
    }
    imported.paragraphs = joined;
}

/// Whether a paragraph stops where no sentence or clause ends.
fn is_cut_short(text: &str) -> bool {
    let end = text.trim_end_matches(['"', '\'', '”', '’', ')', ']']);
    !end.ends_with(['.', '!', '?', ':', ';', '…'])
}

/// The last `words` words of `text`, read from its end (a paragraph re-joined many times is
/// long; reading it whole for each note would be quadratic).
fn tail(text: &str, words: usize) -> String {
    let mut parts: Vec<&str> = text.split_whitespace().rev().take(words).collect();
    parts.reverse();
    parts.join(" ")
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
        assert_eq!(imported.notes.len(), 5);
        assert!(imported.notes.iter().all(|n| matches!(n, Note::ContactDropped(_))));
        assert_eq!(imported.notes[1], Note::ContactDropped("Spokesperson for Foreign Affairs".into()));
    }

    #[test]
    fn a_short_last_line_without_contact_details_stays() {
        let imported = clean("The Ministers met.\n\nPress release");
        assert_eq!(imported.paragraphs.len(), 2);
    }

    #[test]
    fn only_an_unmistakable_contact_block_is_dropped() {
        let body = "The Ministers met.\n\nThey agreed.\n\n";
        for kept in [
            "The Council requests the Secretary-General to report monthly by email.",
            "2021-2025",
            "1234567",
            "100 000 000",
            "12.03.2020",
            "Press release",
            "Contact the secretariat by phone or e-mail.",
            "Media contact: press@example.org and +32 2 297 35 82 are the numbers to call for all questions about it.",
        ] {
            let imported = clean(&format!("{body}{kept}"));
            assert_eq!(imported.paragraphs.last().map(String::as_str), Some(kept));
            assert!(imported.notes.is_empty(), "{kept}: {:?}", imported.notes);
        }
        // A phone number or an address without a press word, or the reverse, stays too.
        for kept in
            ["Secretariat\n\n+32 2 297 35 82", "Press Officer\n\nJohn Smith", "Jane Doe\n\njane@example.org"]
        {
            let imported = clean(&format!("{body}{kept}"));
            let text = imported.paragraphs.join(" ");
            assert!(kept.split("\n\n").all(|part| text.contains(part)), "{kept}: {text}");
            assert!(!imported.notes.iter().any(Note::drops_text), "{kept}");
        }
        for dropped in [
            "For media inquiries, call 202-452-2955.",
            "Press contact\n\npress@example.org",
            "EEAS Press Officer\n\n+32 2 297 35 82\n\n+32 460 75 51 56",
            "Directorate General Communications\n\n+49 69 1344 7455\n\nmedia@ecb.europa.eu",
        ] {
            let imported = clean(&format!("{body}{dropped}"));
            assert_eq!(imported.paragraphs, ["The Ministers met.", "They agreed."], "{dropped}");
            assert_eq!(imported.notes.len(), dropped.split("\n\n").count());
        }
    }

    #[test]
    fn phone_numbers() {
        for phone in ["+32 (0) 2 29 88093", "202-452-2955", "+49 69 1344 7455", "call (202) 452 2955."] {
            assert!(has_phone_number(phone), "{phone}");
        }
        for not in [
            "2021-2025",
            "1234567",
            "12.03.2020",
            "2020-03-12",
            "100 000 000",
            "1999 2000 2001",
            "page 3",
            "2021/20/12345",
        ] {
            assert!(!has_phone_number(not), "{not}");
        }
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
