//! A web page's statement: the main text that a Readability scorer finds (`dom_smoothie`, a
//! port of Firefox's Reader View), cut into paragraphs by the block walker ([`super::html`]),
//! its edges trimmed of what pages put around a statement (labels, date lines, bylines, links
//! to elsewhere, headings with nothing under them), and its title, date, place and source read
//! from the page.
//!
//! Nothing is lost unannounced: every paragraph of the page that is not kept is listed in
//! [`Page::dropped`] with the reason, and summed up in a note.

use chrono::NaiveDate;
use scraper::{Html, Selector};

use super::html::{self, Block};
use super::{ImportError, Note, date_in_text, parse_date};
use crate::document::count_words;
use crate::document::storage::one_line;

/// Why a paragraph of a page was not kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// Outside the page's main text: navigation, banners, sidebars, footers.
    OutsideMain,
    /// In the page's `nav`, `header` or `footer`, which are never read.
    Furniture,
    /// A short label in capitals ("PRESS RELEASE", "CONTACT").
    Label,
    /// A line that only dates the page ("12 September 2019", "For release at 2:00 p.m. EDT").
    DateLine,
    /// Only a link to elsewhere (a related page, a breadcrumb, a "jump to" link).
    Link,
    /// A heading before the statement's first paragraph or after its last (a title, a byline,
    /// a box heading whose box was left out).
    Heading,
    /// A short line after the statement's last sentence that ends no sentence.
    Trailer,
    /// A PDF's footnote, kept apart from the text.
    Footnote,
    /// A PDF's running header or footer, or page number.
    Running,
    /// Questions and answers after the statement (a press conference's transcript), from the
    /// break that opens them.
    Transcript,
}

impl Why {
    /// What the reason says of one paragraph.
    pub fn as_str(self) -> &'static str {
        self.names().0
    }

    /// What the reason says of `n` paragraphs.
    pub fn of(self, n: usize) -> String {
        format!("{n} {}", if n == 1 { self.names().0 } else { self.names().1 })
    }

    fn names(self) -> (&'static str, &'static str) {
        match self {
            Self::OutsideMain => ("outside the main text", "outside the main text"),
            Self::Furniture => ("in <nav>, <header> or <footer>", "in <nav>, <header> or <footer>"),
            Self::Label => ("label", "labels"),
            Self::DateLine => ("date line", "date lines"),
            Self::Link => ("link", "links"),
            Self::Heading => ("heading", "headings"),
            Self::Trailer => ("line after the last sentence", "lines after the last sentence"),
            Self::Footnote => ("footnote", "footnotes"),
            Self::Running => {
                ("running header, footer or page number", "running headers, footers and page numbers")
            }
            Self::Transcript => {
                ("question or answer after the statement", "questions and answers after the statement")
            }
        }
    }
}

/// A paragraph of the page that was not kept, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dropped {
    /// Its text.
    pub text: String,
    /// Why it was not kept.
    pub why: Why,
}

/// What a page gives.
#[derive(Debug, Default)]
pub struct Page {
    /// The statement's paragraphs.
    pub blocks: Vec<Block>,
    /// Title, date, place and source, where the page states them.
    pub title: Option<(String, &'static str)>,
    pub date: Option<(NaiveDate, String)>,
    pub place: Option<String>,
    pub source: Option<(String, &'static str)>,
    /// Every paragraph of the page not kept, in page order.
    pub dropped: Vec<Dropped>,
    /// Notes of the block walker (furniture skipped) and of the extraction.
    pub notes: Vec<Note>,
}

/// The statement of an HTML page and what the page says of it.
pub fn read(text: &str) -> Result<Page, ImportError> {
    let prepared = html::prepare(text)?;
    let document = Html::parse_document(&prepared);
    let whole = html::blocks(&document);
    let mut page = Page { source: source(&document), ..Page::default() };
    let (elements, depth) = shape(&document);
    let main = (elements <= MAX_ELEMENTS && depth <= MAX_NESTING).then(|| main_text(&prepared)).flatten();
    page.notes.extend(whole.skipped);
    let Some((title, mut blocks)) = main else {
        // No main text stands out (a short page, a bare fragment): the whole page is the text.
        page.dropped =
            whole.furniture.into_iter().map(|text| Dropped { text, why: Why::Furniture }).collect();
        page.blocks = whole.blocks;
        return Ok(page);
    };
    if !title.is_empty() {
        page.title = Some((title, "the page's title"));
    }
    trim_edges(&mut page, &mut blocks);
    // The scorer's clean-up drops tables, lists and short blocks it judges of little content,
    // inside the statement too (a table of interest rates, a list of measures): the page's own
    // paragraphs from the first the scorer kept to the last (its edges trimmed) are taken.
    if let Some(span) = span_of(&whole.blocks, &blocks) {
        blocks = whole.blocks[span].to_vec();
    }
    if let Some(at) = transcript(&blocks) {
        page.dropped.extend(blocks.drain(at..).map(|b| Dropped { text: b.text, why: Why::Transcript }));
    }
    // What the edges dropped is accounted for already.
    let accounted: Vec<&str> =
        blocks.iter().map(|b| b.text.as_str()).chain(page.dropped.iter().map(|d| d.text.as_str())).collect();
    let outside =
        outside(&whole.blocks, &accounted).into_iter().map(|text| Dropped { text, why: Why::OutsideMain });
    page.dropped.splice(0..0, outside);
    // In page order (a stable sort: copies of one text keep their order), each text placed
    // where it first stands on the page (found once, not searched for each paragraph).
    let mut first: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, b) in whole.blocks.iter().enumerate() {
        first.entry(b.text.as_str()).or_insert(i);
    }
    page.dropped.sort_by_key(|d| first.get(d.text.as_str()).copied().unwrap_or(usize::MAX));
    if page.date.is_none() {
        page.date = date_near_title(&whole.blocks, page.title.as_ref().map(|t| t.0.as_str()));
    }
    if page.date.is_none() {
        page.date = published(&document);
    }
    page.notes.extend(left_out(&page.dropped));
    // Listed last: the furniture's own note counts it.
    page.dropped.extend(whole.furniture.into_iter().map(|text| Dropped { text, why: Why::Furniture }));
    page.blocks = blocks;
    Ok(page)
}

/// The most elements a page may have for its main text to be looked for: the scorer measures
/// text and link density node by node, in time that grows faster than the page.
const MAX_ELEMENTS: usize = 60_000;
/// The deepest nesting a page may have for its main text to be looked for.
const MAX_NESTING: usize = 100;

/// How many elements a parsed page has, and how deep they nest.
fn shape(document: &Html) -> (usize, usize) {
    let (mut elements, mut depth, mut deepest) = (0, 0usize, 0);
    for edge in document.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) if node.value().is_element() => {
                elements += 1;
                depth += 1;
                deepest = deepest.max(depth);
            }
            ego_tree::iter::Edge::Close(node) if node.value().is_element() => depth -= 1,
            _ => {}
        }
    }
    (elements, deepest)
}

/// The note that counts what was left out, by reason, if anything was.
pub(super) fn left_out(dropped: &[Dropped]) -> Option<Note> {
    let mut reasons: Vec<(Why, usize)> = Vec::new();
    for d in dropped {
        match reasons.iter_mut().find(|(why, _)| *why == d.why) {
            Some((_, n)) => *n += 1,
            None => reasons.push((d.why, 1)),
        }
    }
    (!dropped.is_empty()).then(|| Note::LeftOut {
        paragraphs: dropped.len(),
        words: dropped.iter().map(|d| count_words(&d.text)).sum(),
        reasons,
    })
}

/// The title and paragraphs of the page's main text, or `None` when no main text stands out.
fn main_text(html: &str) -> Option<(String, Vec<Block>)> {
    // A panic in the scorer leaves the page to be read whole, as when it finds nothing.
    let article = super::quietly(|| {
        let mut readability = dom_smoothie::Readability::new(html, None, None).ok()?;
        readability.parse().ok()
    })
    .ok()
    .flatten()?;
    // Less text than the scorer's own threshold for a success: a short page, read whole.
    if article.length < dom_smoothie::Config::default().char_threshold {
        return None;
    }
    let blocks = html::blocks(&Html::parse_fragment(&article.content)).blocks;
    (!blocks.is_empty()).then(|| (one_line(&article.title), blocks))
}

/// Where the first and last of `kept` stand among the page's paragraphs `whole`, if both do.
fn span_of(whole: &[Block], kept: &[Block]) -> Option<std::ops::RangeInclusive<usize>> {
    let (head, tail) = (&kept.first()?.text, &kept.last()?.text);
    let first = whole.iter().position(|b| &b.text == head)?;
    let last = first + whole[first..].iter().rposition(|b| &b.text == tail)?;
    Some(first..=last)
}

/// Drops the labels, date lines, links and headings around the statement, taking the date and
/// place a date line gives.
fn trim_edges(page: &mut Page, blocks: &mut Vec<Block>) {
    let title = page.title.as_ref().map(|t| t.0.to_lowercase());
    // Among the headings just before the first paragraph, one of a level that heads a
    // section further on is the first section's heading, not the page's ("1. Review of
    // developments" before "2. The Council's discussion"): kept, with those after it.
    let is_title = |b: &Block| title.as_deref() == Some(b.text.to_lowercase().as_str());
    let first_text = blocks
        .iter()
        .position(|b| !(b.heading() || b.link_only || is_label(&b.text) || date_line(&b.text).is_some()))
        .unwrap_or(blocks.len());
    let sections: Vec<u8> = blocks[first_text..].iter().filter(|b| b.heading()).map(|b| b.level).collect();
    let run = first_text - blocks[..first_text].iter().rev().take_while(|b| b.heading()).count();
    let first_section = (run..first_text)
        .find(|&i| sections.contains(&blocks[i].level) && !blocks[i].link_only && !is_title(&blocks[i]));
    let mut leading = 0;
    while let Some(block) = blocks.get(leading) {
        if Some(leading) == first_section {
            break;
        }
        let why = if let Some((date, place)) = date_line(&block.text) {
            if let Some(date) = date {
                page.date.get_or_insert((date, block.text.clone()));
            }
            if page.place.is_none() {
                page.place = place;
            }
            Why::DateLine
        } else if block.link_only {
            Why::Link
        } else if is_label(&block.text) {
            Why::Label
        } else if block.heading() || is_title(block) {
            // A page without a title element is titled by its first heading.
            if page.title.is_none() && block.heading() {
                page.title = Some((block.text.clone(), "the page's main heading"));
            }
            Why::Heading
        } else {
            break;
        };
        page.dropped.push(Dropped { text: block.text.clone(), why });
        leading += 1;
    }
    blocks.drain(..leading);
    let mut trailing = Vec::new();
    while let Some(block) = blocks.last() {
        let why = if let Some((date, _)) = date_line(&block.text) {
            if let Some(date) = date {
                page.date.get_or_insert((date, block.text.clone()));
            }
            Why::DateLine
        } else if block.link_only {
            Why::Link
        } else if is_label(&block.text) {
            Why::Label
        } else if block.heading() {
            Why::Heading
        } else if blocks.len() > 1 && is_trailer(&block.text) {
            Why::Trailer
        } else {
            break;
        };
        let block = blocks.pop().expect("a last block");
        trailing.push(Dropped { text: block.text, why });
    }
    page.dropped.extend(trailing.into_iter().rev());
}

/// The date a short line states (none for a release time alone: "For release at 2:00 p.m.
/// EDT"), and the place before it ("Frankfurt am Main, 6 June 2024"), when the line does
/// nothing but date the page: at most twelve words, holding a date or a clock time, and ending
/// no sentence.
pub(super) fn date_line(text: &str) -> Option<(Option<NaiveDate>, Option<String>)> {
    if count_words(text) > 12 || ends_sentence(text) {
        return None;
    }
    let date = date_in_text(text).map(|(d, _)| d);
    let clock =
        text.as_bytes().windows(3).any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit());
    if date.is_none() && !clock {
        return None;
    }
    let place = text
        .split_once(',')
        .map(|(before, _)| before.trim())
        .filter(|p| {
            !p.is_empty() && !p.contains(|c: char| c.is_ascii_digit()) && p.starts_with(char::is_uppercase)
        })
        .filter(|p| date_in_text(p).is_none() && count_words(p) <= 5)
        .map(str::to_string);
    Some((date, place))
}

/// Where the questions and answers that follow a statement begin (a press conference's
/// transcript), if they do: at a break (a line of asterisks or dashes, or a heading that names
/// questions, answers or a transcript) after some of the statement: the last break before the
/// first question asked, with at least three asked after it (a page that is an interview
/// throughout, with no break before its first question, is kept whole). Transcripts set a
/// journalist's question apart from the answer by bold type or by a "Q:" or "Question:" lead;
/// a speaker may say a few words before the first.
fn transcript(blocks: &[Block]) -> Option<usize> {
    let is_break = |b: &Block| {
        let symbols = b.text.chars().filter(|c| !c.is_whitespace());
        (!b.text.trim().is_empty() && symbols.clone().all(|c| "*-–—_~•·=#".contains(c)))
            || (b.heading() && {
                let heading = b.text.to_lowercase();
                ["question", "q&a", "q & a", "transcript"].iter().any(|w| heading.contains(w))
            })
    };
    let set_apart = |b: &Block| {
        (b.bold && !b.heading()) || ["Q:", "Q.", "Question:"].iter().any(|lead| b.text.starts_with(lead))
    };
    let asked = |b: &Block| set_apart(b) && b.text.contains('?');
    let first = blocks.iter().position(asked)?;
    let at = blocks[..first].iter().rposition(is_break).filter(|&at| at > 0)?;
    (blocks[first..].iter().filter(|b| asked(b)).count() >= 3).then_some(at)
}

/// Whether a line ends a sentence ("a.m." and "p.m." end none).
pub(super) fn ends_sentence(text: &str) -> bool {
    let text = text.trim_end_matches(['"', '”', '’', ')', ' ']);
    text.ends_with(['.', '!', '?', ';']) && !text.ends_with("a.m.") && !text.ends_with("p.m.")
}

/// A short label in capitals: at most five words, every letter upper case.
pub(super) fn is_label(text: &str) -> bool {
    let words = count_words(text);
    (1..=5).contains(&words) && text.chars().any(char::is_alphabetic) && !text.chars().any(char::is_lowercase)
}

/// A short line that ends no sentence and introduces nothing: at most eight words, not ending
/// in a sentence mark, a colon or a comma (a box's name, an organisation's name).
fn is_trailer(text: &str) -> bool {
    count_words(text) <= 8 && !ends_sentence(text) && !text.trim_end().ends_with([':', ','])
}

/// The paragraphs of the whole page that the `accounted` texts do not account for, in page
/// order.
fn outside(whole: &[Block], accounted: &[&str]) -> Vec<String> {
    let mut left: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for text in accounted {
        *left.entry(text).or_default() += 1;
    }
    whole
        .iter()
        .filter(|b| match left.get_mut(b.text.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .map(|b| b.text.clone())
        .collect()
}

/// A date line among the few paragraphs around the page's title heading (where pages print
/// the release date, outside the article's text).
fn date_near_title(whole: &[Block], title: Option<&str>) -> Option<(NaiveDate, String)> {
    let title = title?.to_lowercase();
    let at = whole.iter().position(|b| b.heading() && b.text.to_lowercase() == title)?;
    let around = whole[at.saturating_sub(3)..(at + 4).min(whole.len())].iter();
    around.filter_map(|b| Some((date_line(&b.text)?.0?, b.text.clone()))).next()
}

/// The publication date in the page's metadata (`article:published_time`, `<time datetime>`).
fn published(document: &Html) -> Option<(NaiveDate, String)> {
    let selectors = [
        ("meta[property='article:published_time']", "content"),
        ("meta[name='date']", "content"),
        ("meta[name='DC.date.issued']", "content"),
        ("time[datetime]", "datetime"),
    ];
    selectors.iter().find_map(|(selector, attribute)| {
        let selector = Selector::parse(selector).expect("a valid selector");
        document.select(&selector).find_map(|e| {
            let value = e.value().attr(attribute)?.trim();
            let date = parse_date(value.get(..10)?).ok()?;
            Some((date, value.to_string()))
        })
    })
}

/// Where the page says it lives: `link rel=canonical`, else `og:url`.
fn source(document: &Html) -> Option<(String, &'static str)> {
    let selectors = [
        ("link[rel='canonical']", "href", "the page's canonical link"),
        ("meta[property='og:url']", "content", "the page's og:url"),
    ];
    selectors.iter().find_map(|(selector, attribute, from)| {
        let selector = Selector::parse(selector).expect("a valid selector");
        document.select(&selector).find_map(|e| {
            let url = e.value().attr(attribute)?.trim();
            (url.starts_with("https://") || url.starts_with("http://")).then(|| (url.to_string(), *from))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The paragraphs of an HTML fragment, and where [`transcript`] finds questions and
    /// answers begin among them.
    fn cut(html: &str) -> Option<String> {
        let blocks = html::blocks(&Html::parse_fragment(html)).blocks;
        transcript(&blocks).map(|at| blocks[at].text.clone())
    }

    #[test]
    fn the_first_sections_heading_is_kept_and_the_pages_are_not() {
        let html = "<h1>Meeting of 3-5 June 2025</h1><h2>Account of the meeting held in Frankfurt</h2>\
                    <p>3 July 2025</p><h2>1. Review of developments</h2><h3>Financial markets</h3>\
                    <p>Ms Schnabel noted that markets were unstable.</p><h2>2. The Council's discussion</h2>\
                    <h3>Analyses</h3><p>Members agreed.</p>";
        let mut blocks = html::blocks(&Html::parse_fragment(html)).blocks;
        let mut page = Page { title: Some(("Meeting of 3-5 June 2025".into(), "test")), ..Page::default() };
        trim_edges(&mut page, &mut blocks);
        let kept: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            kept[..3],
            [
                "1. Review of developments",
                "Financial markets",
                "Ms Schnabel noted that markets were unstable."
            ]
        );
        let dropped: Vec<(&str, Why)> = page.dropped.iter().map(|d| (d.text.as_str(), d.why)).collect();
        assert_eq!(
            dropped,
            [
                // (The title dates the meeting too.)
                ("Meeting of 3-5 June 2025", Why::DateLine),
                ("Account of the meeting held in Frankfurt", Why::Heading),
                ("3 July 2025", Why::DateLine)
            ]
        );
        // With no sections further on, headings before the first paragraph are the page's.
        let html = "<h2>Press release</h2><h3>Federal Reserve issues FOMC statement</h3><p>The Committee decided.</p>";
        let mut blocks = html::blocks(&Html::parse_fragment(html)).blocks;
        trim_edges(&mut Page::default(), &mut blocks);
        assert_eq!(blocks.len(), 1);
    }

    const STATEMENT: &str = "<p>The Governing Council today decided to lower rates.</p>\
        <p>We are now ready to take your questions.</p>";

    #[test]
    fn questions_and_answers_after_a_break_are_cut_from_the_break() {
        let html = format!(
            "{STATEMENT}<p>* * *</p>\
             <p><strong>My first question is on your guidance.</strong></p><p>It is data-dependent.</p>\
             <p><strong>How did you arrive at </strong>€<strong>500 billion?</strong></p><p>By analysis.</p>\
             <p><b>Was it unanimous?</b></p><p>Yes.</p><p><strong>And the euro?</strong></p><p>No comment.</p>"
        );
        assert_eq!(cut(&html).as_deref(), Some("* * *"));
        // A speaker's few words before the first question, and a "Q:" lead instead of bold.
        let html = format!(
            "{STATEMENT}<h2>Questions and answers</h2><p>Lagarde: Before the questions, a word.</p>\
             <p>Q: Is inflation coming down?</p><p>Yes.</p><p>Q: When?</p><p>Soon.</p><p>Q: Why?</p><p>Data.</p>"
        );
        assert_eq!(cut(&html).as_deref(), Some("Questions and answers"));
    }

    #[test]
    fn a_break_inside_the_statement_is_not_where_the_questions_begin() {
        let html = format!(
            "<p>First part of the statement.</p><p>***</p>{STATEMENT}<p>—</p>\
             <p><strong>Is it over?</strong></p><p>No.</p><p><strong>Why?</strong></p><p>Because.</p>\
             <p><strong>When?</strong></p><p>Later.</p>"
        );
        assert_eq!(cut(&html).as_deref(), Some("—"));
    }

    #[test]
    fn statements_and_interviews_without_a_transcript_after_a_break_are_kept_whole() {
        // Bold headings after a break ask nothing.
        let html = format!(
            "{STATEMENT}<p>* * *</p><p><strong>Inflation</strong></p><p>Inflation fell.</p>\
             <p><strong>Growth</strong></p><p>Growth rose.</p><p><strong>Risks</strong></p><p>Risks remain.</p>"
        );
        assert_eq!(cut(&html), None);
        // Fewer than three questions.
        let html = format!("{STATEMENT}<p>* * *</p><p><b>Is that all?</b></p><p>Yes.</p><p><b>Sure?</b></p>");
        assert_eq!(cut(&html), None);
        // An interview from its first line: no break before the first question.
        let html = "<p><b>Minister, is peace near?</b></p><p>It is.</p><p>* * *</p>\
                    <p><b>What next?</b></p><p>Talks.</p><p><b>Where?</b></p><p>Rome.</p><p><b>When?</b></p>";
        assert_eq!(cut(html), None);
        // Questions in the statement's own voice are not set apart.
        let html = format!(
            "{STATEMENT}<p>* * *</p><p>What does this mean? It means more.</p><p>Why now? Because.</p>\
             <p>How long? A while.</p>"
        );
        assert_eq!(cut(&html), None);
    }
}
