//! HTML into paragraphs, with a real HTML parser.
//!
//! Every text a reader sees in the page body ends up in a paragraph: block-level elements
//! (`p`, `div`, `section`, `li`, headings, …) and their loose text break paragraphs, inline
//! elements (`span`, `a`, `b`, …) do not, and a table row is one paragraph with its cells
//! separated by ` | `. `script`, `style`, `template`, `noscript` and `head` are never read; page
//! furniture (`nav`, `header`, `footer`) is skipped, and what it held is counted into a note so
//! that no visible text disappears unannounced.
//!
//! The walk is iterative (no recursion, however deep the tree), and nesting is measured before
//! parsing: the HTML tree builder scans its stack of open elements for each block start tag, so
//! a page nested thousands deep would take quadratic time there. No real page comes near
//! [`MAX_DEPTH`]. The same scan drops what would be quadratic but holds no text: attributes
//! past [`MAX_ATTRIBUTES`] on one tag, and formatting tags while [`MAX_FORMATTING`] are open.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::{Html, node::Node};

use super::{ImportError, Note};
use crate::document::count_words;
use crate::document::storage::one_line;

/// The deepest element nesting accepted (browsers lay out no more than a few hundred levels).
pub const MAX_DEPTH: usize = 1000;
/// The attributes read on one tag: the tokenizer checks each new attribute's name against the
/// tag's earlier ones, so a tag with tens of thousands would take quadratic time.
pub const MAX_ATTRIBUTES: usize = 1000;
/// The formatting elements kept open at once: the tree builder re-opens every open one at each
/// new paragraph and scans past them at each block start tag.
pub const MAX_FORMATTING: usize = 100;
/// The HTML standard's formatting elements (those the tree builder re-opens).
const FORMATTING: &[&str] =
    &["a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"];

/// Never read: not shown to a reader.
const INVISIBLE: &[&str] = &["script", "style", "template", "noscript", "head"];
/// Page furniture: skipped, but counted in a note.
const FURNITURE: &[&str] = &["nav", "header", "footer"];
/// Elements that flow inside a paragraph; every other element starts and ends one.
const INLINE: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em",
    "font", "i", "img", "ins", "kbd", "label", "mark", "nobr", "q", "rb", "rp", "rt", "ruby", "s", "samp",
    "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "button", "input",
    "select", "textarea", "output", "meter", "progress", "picture", "source", "video", "audio", "canvas",
    "embed", "iframe", "object", "map", "area", "slot",
];

/// Whether an element flows inside a paragraph: an inline HTML element, or anything inside an
/// SVG or MathML island (an icon's `<title>` is part of the sentence around it).
fn is_inline(element: &scraper::node::Element) -> bool {
    INLINE.contains(&element.name()) || &*element.name.ns != "http://www.w3.org/1999/xhtml"
}
const CELLS: &[&str] = &["td", "th"];
const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// A paragraph of a page, with what its markup says of it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Block {
    /// The text, whitespace collapsed.
    pub text: String,
    /// The level of the heading it sits directly in (1 for `h1` … 6 for `h6`), 0 when it
    /// sits in none.
    pub level: u8,
    /// Whether all its text is the text of links: a link to elsewhere (a related page, a
    /// breadcrumb, a "jump to" link), not a sentence of the page's own.
    pub link_only: bool,
    /// Whether all its words are set in bold (`strong`, `b`; a sign or a mark between them
    /// may not be): an interviewer's question in a transcript, a lead-in.
    pub bold: bool,
}

impl Block {
    /// Whether it sits directly in a heading (`h1`–`h6`).
    pub fn heading(&self) -> bool {
        self.level > 0
    }
}

/// The text of an HTML document.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The paragraphs.
    pub blocks: Vec<Block>,
    /// A note on skipped page furniture that held visible text, if any did.
    pub skipped: Option<Note>,
    /// The paragraphs of that furniture.
    pub furniture: Vec<String>,
}

impl Parsed {
    /// The paragraphs' texts.
    #[cfg(test)]
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().map(|b| b.text.as_str())
    }
}

/// `html` ready for an HTML parser: attributes past [`MAX_ATTRIBUTES`] on a tag, and
/// formatting tags (`b`, `i`, `font`, …) while [`MAX_FORMATTING`] are open, dropped (they hold no
/// text); or an error when it is nested deeper than [`MAX_DEPTH`].
pub fn prepare(html: &str) -> Result<Cow<'_, str>, ImportError> {
    let cuts = scan(html, MAX_DEPTH).map_err(|line| ImportError::TooDeep { limit: MAX_DEPTH, line })?;
    Ok(without(html, &cuts))
}

/// The paragraphs of an HTML document, or an error when it is nested deeper than
/// [`MAX_DEPTH`] (see [`prepare`]).
pub fn paragraphs(html: &str) -> Result<Parsed, ImportError> {
    Ok(blocks(&Html::parse_document(&prepare(html)?)))
}

/// The paragraphs of a parsed HTML document.
pub fn blocks(document: &Html) -> Parsed {
    let mut content = Flow::default();
    let mut furniture = Flow::default();
    let mut places: Vec<String> = Vec::new();
    // The roots of the subtree being skipped, and of the furniture being counted, if any.
    let mut invisible: Option<NodeId> = None;
    let mut furniture_root: Option<NodeId> = None;
    let mut blocks: Vec<&str> = Vec::new();
    // How many links and bold elements the walk is inside.
    let mut inside = Inside::default();
    for edge in document.tree.root().traverse() {
        match edge {
            Edge::Open(_) if invisible.is_some() => {}
            Edge::Open(node) => {
                let flow = if furniture_root.is_some() { &mut furniture } else { &mut content };
                match node.value() {
                    Node::Text(text) => flow.push(text, &blocks, inside),
                    Node::Element(e) if INVISIBLE.contains(&e.name()) => invisible = Some(node.id()),
                    Node::Element(e) if furniture_root.is_none() && FURNITURE.contains(&e.name()) => {
                        content.flush();
                        let place = format!("<{}>", e.name());
                        if !places.contains(&place) {
                            places.push(place);
                        }
                        furniture_root = Some(node.id());
                    }
                    Node::Element(e) if e.name() == "br" => flow.push(" ", &blocks, inside),
                    Node::Element(e) if e.name() == "a" => inside.links += 1,
                    Node::Element(e) if BOLD.contains(&e.name()) => inside.bold += 1,
                    Node::Element(e) if CELLS.contains(&e.name()) => flow.cell(),
                    Node::Element(e) if !is_inline(e) => {
                        flow.flush();
                        blocks.push(e.name());
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(root) = invisible {
                    if root == node.id() {
                        invisible = None;
                    }
                } else if furniture_root == Some(node.id()) {
                    furniture.flush();
                    furniture_root = None;
                } else if let Node::Element(e) = node.value() {
                    if e.name() == "a" {
                        inside.links = inside.links.saturating_sub(1);
                    } else if BOLD.contains(&e.name()) {
                        inside.bold = inside.bold.saturating_sub(1);
                    } else if !is_inline(e) && !CELLS.contains(&e.name()) {
                        let flow = if furniture_root.is_some() { &mut furniture } else { &mut content };
                        flow.flush();
                        blocks.pop();
                    }
                }
            }
        }
    }
    content.flush();
    let skipped = (!furniture.paragraphs.is_empty()).then(|| Note::Skipped {
        paragraphs: furniture.paragraphs.len(),
        words: furniture.paragraphs.iter().map(|p| count_words(&p.text)).sum(),
        places,
    });
    Parsed {
        blocks: content.paragraphs,
        skipped,
        furniture: furniture.paragraphs.into_iter().map(|b| b.text).collect(),
    }
}

/// Bold type: `strong` and `b`.
const BOLD: &[&str] = &["strong", "b"];

/// How many links and bold elements a text is inside.
#[derive(Clone, Copy, Default)]
struct Inside {
    links: usize,
    bold: usize,
}

/// Text gathered into paragraphs.
#[derive(Default)]
struct Flow {
    paragraphs: Vec<Block>,
    current: String,
    /// Whether `current` holds more than white space.
    has_text: bool,
    /// Whether any of its text lies outside links.
    unlinked: bool,
    /// Whether any letter or digit of its text lies outside bold type.
    unbold: bool,
    /// Whether a table cell began after text of the same row.
    cell_pending: bool,
    /// The level of the heading the paragraph being gathered sits directly in, 0 if none.
    current_level: u8,
}

impl Flow {
    fn push(&mut self, text: &str, blocks: &[&str], inside: Inside) {
        if text.trim().is_empty() {
            self.current.push(' ');
            return;
        }
        if !self.has_text {
            self.current_level =
                blocks.last().and_then(|b| HEADINGS.iter().position(|h| h == b)).map_or(0, |i| i as u8 + 1);
            self.has_text = true;
        }
        self.unlinked |= inside.links == 0;
        self.unbold |= inside.bold == 0 && text.chars().any(char::is_alphanumeric);
        if std::mem::take(&mut self.cell_pending) {
            self.current.push_str(" | ");
        }
        self.current.push_str(text);
    }

    /// A table cell begins: separated from the row's earlier cells by ` | ` when it has text.
    fn cell(&mut self) {
        self.cell_pending = self.has_text;
    }

    fn flush(&mut self) {
        if self.has_text {
            let text = one_line(&self.current);
            self.paragraphs.push(Block {
                text,
                level: self.current_level,
                link_only: !self.unlinked,
                bold: !self.unbold,
            });
        }
        self.current.clear();
        self.has_text = false;
        self.unlinked = false;
        self.unbold = false;
        self.cell_pending = false;
    }
}

/// Elements the tree builder closes by itself (the next `p` or `li` ends the open one, `a` ends
/// an open `a`) or that never hold children: they do not deepen the tree.
const NOT_DEEPENING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
    "wbr", "keygen", "frame", "basefont", "bgsound", "image", "p", "li", "dt", "dd", "option", "optgroup",
    "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "rtc", "a", "html",
    "body", "head",
];
/// List items: a new one closes the open one.
const ITEMS: &[&str] = &["li", "dt", "dd"];

/// An element open in [`scan`]'s model of the tree builder's stack.
struct Open {
    name: String,
    /// Its depth since the nearest scope boundary.
    depth: usize,
    /// Where the `p` a new `p` would close is on the stack, if one is open.
    p: Option<usize>,
    /// Where the list item a new one would close is on the stack, if one is open.
    item: Option<usize>,
}

/// Where the tree builder's scans of its stack of open elements stop.
const BOUNDARIES: &[&str] =
    &["html", "table", "td", "th", "caption", "marquee", "object", "applet", "template", "button"];
/// Elements whose content is text, not markup, up to their end tag.
const RAW_TEXT: &[&str] =
    &["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"];

/// The parts of `html` to drop before parsing (excess attributes and formatting tags, in order),
/// or the line where a block element first opens deeper than `limit` (counted from the nearest
/// table or cell): a quick, linear scan of the tags that approximates the tree builder's stack
/// of open elements (an end tag closes back to its open element when there is one; an unknown
/// end tag is ignored).
fn scan(html: &str, limit: usize) -> Result<Vec<Range<usize>>, usize> {
    let bytes = html.as_bytes();
    let mut cuts = Vec::new();
    // The open elements, each with its depth since the nearest scope boundary (a table, a cell,
    // …): the tree builder's scans stop there, so tables nested thousands deep cost nothing.
    let mut stack: Vec<Open> = Vec::new();
    let mut open: HashMap<String, usize> = HashMap::new();
    let close_to = |stack: &mut Vec<Open>, open: &mut HashMap<String, usize>, index: usize| {
        for closed in stack.drain(index..) {
            *open.get_mut(&closed.name).expect("counted when pushed") -= 1;
        }
    };
    // Formatting elements by name: how many are open, and how many of their start tags were
    // dropped (the innermost ones, so the next end tags of that name are theirs).
    let mut formatting: HashMap<String, (usize, usize)> = HashMap::new();
    let mut formatting_open = 0;
    let mut i = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[i..]) {
        let lt = i + offset;
        i = lt + 1;
        let rest = &bytes[i..];
        if rest.starts_with(b"!--") {
            i += find(&rest[3..], b"-->").map_or(rest.len(), |e| e + 6);
            continue;
        }
        if rest.starts_with(b"!") || rest.starts_with(b"?") {
            i += find(rest, b">").map_or(rest.len(), |e| e + 1);
            continue;
        }
        let closing = rest.starts_with(b"/");
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        if name_len == 0 || !rest[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = String::from_utf8_lossy(&rest[name_start..name_start + name_len]).to_ascii_lowercase();
        let attributes_start = i + name_start + name_len;
        let tag = tag(&bytes[attributes_start..]);
        i = tag.end.map_or(bytes.len(), |e| attributes_start + e + 1);
        let whole = lt..i;
        let excess = tag.excess.map(|r| attributes_start + r.start..attributes_start + r.end);
        if FORMATTING.contains(&name.as_str()) && tag.end.is_some() {
            let (kept, dropped) = formatting.entry(name.clone()).or_default();
            if closing && *dropped > 0 {
                *dropped -= 1;
                cuts.push(whole);
                continue;
            }
            // A new `a` or `nobr` closes the open one and takes its place.
            let replaces = (name == "a" || name == "nobr") && *kept > 0;
            if closing {
                if *kept > 0 {
                    *kept -= 1;
                    formatting_open -= 1;
                }
            } else if !replaces {
                if formatting_open >= MAX_FORMATTING {
                    *dropped += 1;
                    cuts.push(whole);
                    continue;
                }
                *kept += 1;
                formatting_open += 1;
            }
        }
        cuts.extend(excess);
        if closing {
            if open.get(&name).is_some_and(|n| *n > 0)
                && let Some(index) = stack.iter().rposition(|e| e.name == name)
            {
                close_to(&mut stack, &mut open, index);
            }
            continue;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            let end = format!("</{name}");
            i += find_ignore_case(&bytes[i..], end.as_bytes()).unwrap_or(bytes.len() - i);
            continue;
        }
        // A `p` closes the open `p` (up to a scope boundary), an `li` the open `li`, a `dt` or
        // `dd` the open `dt` or `dd` (up to a list or other block), with whatever they hold.
        let top = stack.last();
        let item = ITEMS.contains(&name.as_str());
        let closes = match name.as_str() {
            "p" => top.and_then(|e| e.p),
            _ if item => top.and_then(|e| e.item).filter(|k| (name == "li") == (stack[*k].name == "li")),
            _ => None,
        };
        if let Some(index) = closes {
            close_to(&mut stack, &mut open, index);
        }
        let top = stack.last();
        let boundary = BOUNDARIES.contains(&name.as_str());
        let depth = if boundary { 0 } else { top.map_or(0, |e| e.depth) + 1 };
        // Only a block start tag makes the tree builder scan the stack, deepening or not.
        let inline = INLINE.contains(&name.as_str());
        if depth > limit && !inline {
            return Err(html[..i.min(html.len())].bytes().filter(|b| *b == b'\n').count() + 1);
        }
        if tag.self_closing || (NOT_DEEPENING.contains(&name.as_str()) && name != "p" && !item) {
            continue;
        }
        let index = stack.len();
        let p = if name == "p" {
            Some(index)
        } else if boundary {
            None
        } else {
            top.and_then(|e| e.p)
        };
        let item = if item {
            Some(index)
        } else if inline || ["address", "div", "p"].contains(&name.as_str()) {
            top.and_then(|e| e.item)
        } else {
            None
        };
        *open.entry(name.clone()).or_default() += 1;
        stack.push(Open { name, depth, p, item });
    }
    Ok(cuts)
}

/// `html` without the `cuts` (in order, not overlapping).
fn without<'a>(html: &'a str, cuts: &[Range<usize>]) -> Cow<'a, str> {
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut kept = String::with_capacity(html.len());
    let mut from = 0;
    for cut in cuts {
        kept.push_str(&html[from..cut.start]);
        from = cut.end;
    }
    kept.push_str(&html[from..]);
    Cow::Owned(kept)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

/// A tag, read from just after its name the way the HTML tokenizer reads it.
struct Tag {
    /// Where its closing `>` is, if it has one.
    end: Option<usize>,
    /// Whether it ends with `/>`.
    self_closing: bool,
    /// Its attributes past [`MAX_ATTRIBUTES`], if it has more.
    excess: Option<Range<usize>>,
}

fn tag(bytes: &[u8]) -> Tag {
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let skip = |mut i: usize, f: &dyn Fn(u8) -> bool| {
        while i < bytes.len() && f(bytes[i]) {
            i += 1;
        }
        i
    };
    let mut count = 0;
    let mut excess_start = None;
    let mut i = 0;
    loop {
        // Before an attribute name: white space, and a `/` that does not end the tag.
        let from = i;
        i = skip(i, &|b| space(b) || b == b'/');
        if i >= bytes.len() {
            return Tag { end: None, self_closing: false, excess: None };
        }
        if bytes[i] == b'>' {
            let self_closing = i > from && bytes[i - 1] == b'/';
            let excess = excess_start.map(|start| start..if self_closing { i - 1 } else { i });
            return Tag { end: Some(i), self_closing, excess };
        }
        count += 1;
        if count == MAX_ATTRIBUTES + 1 {
            excess_start = Some(i);
        }
        // The name (a first `=` belongs to it), then perhaps `=` and a value.
        i = skip(i + 1, &|b| !space(b) && !matches!(b, b'/' | b'>' | b'='));
        let after_name = skip(i, &space);
        if bytes.get(after_name) != Some(&b'=') {
            i = after_name;
            continue;
        }
        i = skip(after_name + 1, &space);
        match bytes.get(i) {
            Some(&q) if q == b'"' || q == b'\'' => match bytes[i + 1..].iter().position(|b| *b == q) {
                Some(close) => i += close + 2,
                None => return Tag { end: None, self_closing: false, excess: None },
            },
            _ => i = skip(i, &|b| !space(b) && b != b'>'),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn too_deep(html: &str, limit: usize) -> Option<usize> {
        scan(html, limit).err()
    }

    fn texts(html: &str) -> (Vec<String>, bool) {
        let parsed = paragraphs(html).unwrap();
        let heading = parsed.blocks.first().is_some_and(Block::heading);
        (parsed.texts().map(str::to_string).collect(), heading)
    }

    #[test]
    fn reads_blocks_and_skips_page_furniture() {
        let html = r#"<!DOCTYPE html><html><head><title>Site | Page</title><style>p{}</style></head>
            <body><header><p>Menu</p></header><nav><li>Home</li></nav>
            <main><h1>Joint   Communiqué</h1>
            <p>The <b>Ministers</b> met<br>in Rome.<script>track()</script></p>
            <ul><li><p>First item.</p></li><li>Second &amp; last.</li></ul>
            <blockquote>Quoted text.</blockquote><div>Loose div text.</div></main>
            <footer><p>Contact us</p></footer></body></html>"#;
        let parsed = paragraphs(html).unwrap();
        assert_eq!(
            parsed.texts().collect::<Vec<_>>(),
            [
                "Joint Communiqué",
                "The Ministers met in Rome.",
                "First item.",
                "Second & last.",
                "Quoted text.",
                "Loose div text."
            ]
        );
        assert!(parsed.blocks[0].heading());
        assert_eq!(
            parsed.skipped,
            Some(Note::Skipped {
                paragraphs: 3,
                words: 4,
                places: vec!["<header>".into(), "<nav>".into(), "<footer>".into()]
            })
        );
    }

    #[test]
    fn every_container_gives_its_text() {
        let icon = "<p>A lock (<svg><title>Lock</title><path d='M0'/></svg>) means HTTPS.</p>";
        assert_eq!(texts(icon).0, ["A lock (Lock) means HTTPS."]);
        let html = "<body><div>One <span>two</span><p>Three.</p>four</div>\
            <section>Five.</section><article><span>Six.</span></article>\
            <table><tr><th>Rate</th><th>Now</th></tr><tr><td>Deposit</td><td>4.00%</td></tr></table>\
            <ul><li>Item<ul><li>Sub-item</li></ul>tail</li></ul></body>";
        let (paragraphs, heading) = texts(html);
        assert_eq!(
            paragraphs,
            [
                "One two",
                "Three.",
                "four",
                "Five.",
                "Six.",
                "Rate | Now",
                "Deposit | 4.00%",
                "Item",
                "Sub-item",
                "tail"
            ]
        );
        assert!(!heading);
    }

    #[test]
    fn depth_is_measured_like_the_tree_builder() {
        let nested = |n: usize| format!("{}x{}", "<div>".repeat(n), "</div>".repeat(n));
        assert_eq!(too_deep(&nested(MAX_DEPTH), MAX_DEPTH), None);
        assert_eq!(too_deep(&nested(MAX_DEPTH + 1), MAX_DEPTH), Some(1));
        // Closed elements, implied ends and void elements do not add up.
        let flat = "<div>a</div><p>b<p>c<li>d<br><img src='>'><a>e<a>f".repeat(5_000);
        assert_eq!(too_deep(&flat, MAX_DEPTH), None);
        let commented =
            format!("<!-- {} --><script>{}</script>", "<div>".repeat(5_000), "<div>".repeat(5_000));
        assert_eq!(too_deep(&commented, MAX_DEPTH), None);
        // Tables and cells bound the tree builder's scans; inline elements do not scan.
        let tables =
            format!("{}x{}", "<table><tr><td><div>".repeat(5_000), "</div></td></tr></table>".repeat(5_000));
        assert_eq!(too_deep(&tables, MAX_DEPTH), None);
        let spans = format!("{}x", "<span>".repeat(5_000));
        assert_eq!(too_deep(&spans, MAX_DEPTH), None);
        assert_eq!(too_deep(&format!("{spans}\n<div>y"), MAX_DEPTH), Some(2));
        // A `p` or `li` scans the stack too, and closes the open one with what it holds.
        assert_eq!(too_deep(&format!("{spans}\n<p>y"), MAX_DEPTH), Some(2));
        assert_eq!(too_deep(&format!("<ul>{spans}\n\n<li>y"), MAX_DEPTH), Some(3));
        let open = format!("{}<dl>{}<div>z", "<p><span>x".repeat(5_000), "<dt><span>x<dd><q>y".repeat(5_000));
        assert_eq!(too_deep(&open, MAX_DEPTH), None);
        let lists = format!("<ul><li>{}", "<span><ul><li>".repeat(MAX_DEPTH));
        assert_eq!(too_deep(&lists, MAX_DEPTH), Some(1));
    }

    #[test]
    fn excess_attributes_and_formatting_tags_are_cut() {
        let attributes = |n: usize| (0..n).map(|i| format!(" a{i}='>'")).collect::<String>();
        let page = format!("<p{}/>x</p{}>", attributes(MAX_ATTRIBUTES + 5), attributes(MAX_ATTRIBUTES + 1));
        let cuts = scan(&page, MAX_DEPTH).unwrap();
        let kept = attributes(MAX_ATTRIBUTES);
        assert_eq!(without(&page, &cuts), format!("<p{kept} />x</p{kept} >"));

        let n = MAX_FORMATTING + 3;
        let bold = format!("{}x{}<b>y</b>", "<b class=c>".repeat(n), "</b>".repeat(n));
        let cuts = scan(&bold, MAX_DEPTH).unwrap();
        let m = MAX_FORMATTING;
        assert_eq!(
            without(&bold, &cuts),
            format!("{}x{}<b>y</b>", "<b class=c>".repeat(m), "</b>".repeat(m))
        );
        // Closed ones, and links (each closes the one before), do not add up.
        let flat = "<a href=u>x<i>y</i><b>z</b>".repeat(5_000);
        assert_eq!(scan(&flat, MAX_DEPTH), Ok(vec![]));
    }
}
