//! Word (`.docx`) files into paragraphs: the body's paragraphs in order, list numbering kept as
//! text ("1.", "(a)"), tracked changes read as accepted (insertions kept, deletions dropped), a
//! table row one paragraph with its cells joined by ` | ` (as HTML tables are read), headers,
//! footers, comments and footnotes left apart (counted in a note).
//!
//! The file is a zip archive: entries are read within a size limit each (a small archive can
//! hold a huge entry), and the XML is parsed by `roxmltree` (no external entities; nesting
//! bounded).

use std::collections::HashMap;
use std::io::{Cursor, Read};

use roxmltree::{Document, Node};

use super::ImportError;
use crate::document::storage::one_line;

/// The largest part of a Word file read (uncompressed).
const MAX_PART: u64 = 64 * 1024 * 1024;

/// WordprocessingML's namespace.
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// What a Word file gives.
#[derive(Debug, Default)]
pub struct Docx {
    /// The body's paragraphs.
    pub paragraphs: Vec<String>,
    /// The title in the file's properties, if any.
    pub title: Option<String>,
    /// How many footnote and endnote references were left out of the text.
    pub notes_left_out: usize,
    /// How many comments were left out.
    pub comments_left_out: usize,
}

/// Reads a Word file's bytes.
pub fn read(bytes: &[u8]) -> Result<Docx, ImportError> {
    let bad = |why: &str| ImportError::Docx(why.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| bad("not a zip archive"))?;
    let mut part = |name: &str| -> Result<Option<String>, ImportError> {
        let Ok(entry) = archive.by_name(name) else { return Ok(None) };
        let mut text = String::new();
        entry
            .take(MAX_PART + 1)
            .read_to_string(&mut text)
            .map_err(|_| bad(&format!("{name} is not readable UTF-8 XML")))?;
        if text.len() as u64 > MAX_PART {
            return Err(bad(&format!("{name} is larger than {MAX_PART} bytes")));
        }
        Ok(Some(text))
    };
    let body = part("word/document.xml")?.ok_or_else(|| bad("it has no word/document.xml"))?;
    let styles = part("word/styles.xml")?;
    let numbering = part("word/numbering.xml")?;
    let core = part("docProps/core.xml")?;
    fn parse<'t>(name: &str, text: &'t str) -> Result<Document<'t>, ImportError> {
        Document::parse(text).map_err(|e| ImportError::Docx(format!("{name}: {e}")))
    }
    let body = parse("word/document.xml", &body)?;
    let styles = styles.as_deref().map(|t| parse("word/styles.xml", t)).transpose()?;
    let numbering = numbering.as_deref().map(|t| parse("word/numbering.xml", t)).transpose()?;
    let mut lists = Lists::new(numbering.as_ref(), styles.as_ref());
    let mut docx = Docx { title: core.as_deref().and_then(title), ..Docx::default() };
    let Some(root) = body.descendants().find(|n| is(n, "body")) else {
        return Err(bad("it has no document body"));
    };
    for block in root.children().filter(Node::is_element) {
        if is(&block, "p") {
            let text = paragraph(&block, &mut docx);
            if !text.is_empty() {
                let marker = lists.marker(&block);
                docx.paragraphs.push(match marker {
                    Some(m) => format!("{m} {text}"),
                    None => text,
                });
            }
        } else if is(&block, "tbl") {
            for row in block.descendants().filter(|n| is(n, "tr")) {
                let cells: Vec<String> = row
                    .children()
                    .filter(|n| is(n, "tc"))
                    .map(|cell| {
                        let parts: Vec<String> = cell
                            .children()
                            .filter(|n| is(n, "p"))
                            .map(|p| paragraph(&p, &mut docx))
                            .collect();
                        one_line(&parts.join(" "))
                    })
                    .filter(|c| !c.is_empty())
                    .collect();
                if !cells.is_empty() {
                    docx.paragraphs.push(cells.join(" | "));
                }
            }
        }
    }
    Ok(docx)
}

/// Whether a node is the WordprocessingML element `name`.
fn is(node: &Node, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(W)
}

/// A WordprocessingML attribute of a node.
fn attribute<'a>(node: &Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attribute((W, name))
}

/// A paragraph's text as accepted: text runs, insertions and moves in kept; deletions, moved-away
/// text, field codes, footnote and comment references out (the references counted).
fn paragraph(p: &Node, docx: &mut Docx) -> String {
    let mut text = String::new();
    // An iterative walk that skips what was deleted (no recursion: nesting is the file's).
    let mut stack: Vec<Node> = p.children().collect::<Vec<_>>().into_iter().rev().collect();
    while let Some(node) = stack.pop() {
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name();
        if node.tag_name().namespace() != Some(W) {
            // Drawings, math and other islands: their text runs, if any, are WordprocessingML.
            stack.extend(node.children().collect::<Vec<_>>().into_iter().rev());
            continue;
        }
        match name {
            "t" => text.push_str(node.text().unwrap_or("")),
            "tab" | "br" | "cr" => text.push(' '),
            "noBreakHyphen" => text.push('\u{2011}'),
            "softHyphen" => {}
            "del" | "moveFrom" | "delText" | "instrText" | "pPr" | "rPr" => {}
            "footnoteReference" | "endnoteReference" => docx.notes_left_out += 1,
            "commentReference" => docx.comments_left_out += 1,
            _ => stack.extend(node.children().collect::<Vec<_>>().into_iter().rev()),
        }
    }
    one_line(&text)
}

/// The title in `docProps/core.xml` (`dc:title`), if it has one.
fn title(core: &str) -> Option<String> {
    let doc = Document::parse(core).ok()?;
    let node = doc.descendants().find(|n| n.tag_name().name() == "title")?;
    let title = one_line(node.text()?);
    (!title.is_empty()).then_some(title)
}

/// A list level's format: how its number is written, and the text around it.
#[derive(Clone, Debug)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

/// List numbering: each list's levels, the numbering a paragraph style gives, and the counters.
struct Lists {
    /// By `numId`: its levels (from its abstract numbering, with overrides).
    levels: HashMap<String, Vec<Option<Level>>>,
    /// By paragraph style: its `numId` and level.
    styles: HashMap<String, (String, usize)>,
    /// By `numId`: the counter of each level.
    counters: HashMap<String, Vec<u32>>,
}

impl Lists {
    fn new(numbering: Option<&Document>, styles: Option<&Document>) -> Self {
        let mut lists = Self { levels: HashMap::new(), styles: HashMap::new(), counters: HashMap::new() };
        if let Some(styles) = styles {
            for style in styles.descendants().filter(|n| is(n, "style")) {
                let (Some(id), Some(num)) =
                    (attribute(&style, "styleId"), style.descendants().find(|n| is(n, "numPr")))
                else {
                    continue;
                };
                if let Some(num_id) = num_pr(&num).0 {
                    lists.styles.insert(id.to_string(), (num_id, num_pr(&num).1.unwrap_or(0)));
                }
            }
        }
        let Some(numbering) = numbering else { return lists };
        let mut abstracts: HashMap<&str, Vec<Option<Level>>> = HashMap::new();
        for abstract_num in numbering.descendants().filter(|n| is(n, "abstractNum")) {
            let Some(id) = attribute(&abstract_num, "abstractNumId") else { continue };
            abstracts.insert(id, levels_of(&abstract_num));
        }
        for num in numbering.descendants().filter(|n| is(n, "num")) {
            let (Some(id), Some(abstract_id)) = (
                attribute(&num, "numId"),
                num.children().find(|n| is(n, "abstractNumId")).and_then(|n| attribute(&n, "val")),
            ) else {
                continue;
            };
            let mut levels = abstracts.get(abstract_id).cloned().unwrap_or_default();
            for over in num.children().filter(|n| is(n, "lvlOverride")) {
                let Some(ilvl) = attribute(&over, "ilvl").and_then(|v| v.parse::<usize>().ok()) else {
                    continue;
                };
                let start =
                    over.children().find(|n| is(n, "startOverride")).and_then(|n| attribute(&n, "val"));
                if let (Some(Some(level)), Some(start)) =
                    (levels.get_mut(ilvl), start.and_then(|s| s.parse().ok()))
                {
                    level.start = start;
                }
            }
            lists.levels.insert(id.to_string(), levels);
        }
        lists
    }

    /// The number a paragraph gets ("3.", "(b)"), counting it; none for a paragraph outside a
    /// list or in a bulleted one.
    fn marker(&mut self, p: &Node) -> Option<String> {
        let properties = p.children().find(|n| is(n, "pPr"));
        let direct = properties.and_then(|pp| pp.children().find(|n| is(n, "numPr"))).map(|n| num_pr(&n));
        let style = properties
            .and_then(|pp| pp.children().find(|n| is(n, "pStyle")))
            .and_then(|n| attribute(&n, "val"))
            .and_then(|s| self.styles.get(s).cloned());
        let (num_id, level) = match (direct, style) {
            (Some((Some(id), level)), style) => (id, level.or(style.map(|s| s.1)).unwrap_or(0)),
            (Some((None, Some(level))), Some((id, _))) => (id, level),
            (None, Some((id, level))) => (id, level),
            _ => return None,
        };
        // numId 0 means "no list".
        let levels = self.levels.get(&num_id)?;
        let format = levels.get(level)?.as_ref()?.clone();
        let counters = self.counters.entry(num_id.clone()).or_insert_with(|| vec![0; levels.len()]);
        if counters.len() <= level {
            return None;
        }
        // This level goes on; deeper ones start again.
        counters[level] = if counters[level] == 0 { format.start } else { counters[level] + 1 };
        for deeper in counters.iter_mut().skip(level + 1) {
            *deeper = 0;
        }
        if format.format == "bullet" || format.format == "none" {
            return None;
        }
        let mut text = format.text.clone();
        for (i, value) in counters.iter().enumerate().take(level + 1) {
            let Some(Some(l)) = levels.get(i) else { continue };
            let value = if *value == 0 { l.start } else { *value };
            text = text.replace(&format!("%{}", i + 1), &number(value, &l.format));
        }
        let text = one_line(&text);
        (!text.is_empty()).then_some(text)
    }
}

/// A `w:numPr`'s list id and level.
fn num_pr(node: &Node) -> (Option<String>, Option<usize>) {
    let value = |name: &str| node.children().find(|n| is(n, name)).and_then(|n| attribute(&n, "val"));
    (value("numId").map(str::to_string), value("ilvl").and_then(|v| v.parse().ok()))
}

/// The levels of an abstract numbering, by `ilvl`.
fn levels_of(abstract_num: &Node) -> Vec<Option<Level>> {
    let mut levels: Vec<Option<Level>> = vec![None; 9];
    for lvl in abstract_num.children().filter(|n| is(n, "lvl")) {
        let Some(ilvl) = attribute(&lvl, "ilvl").and_then(|v| v.parse::<usize>().ok()).filter(|i| *i < 9)
        else {
            continue;
        };
        let value = |name: &str| lvl.children().find(|n| is(n, name)).and_then(|n| attribute(&n, "val"));
        levels[ilvl] = Some(Level {
            start: value("start").and_then(|v| v.parse().ok()).unwrap_or(1),
            format: value("numFmt").unwrap_or("decimal").to_string(),
            text: value("lvlText").unwrap_or("").to_string(),
        });
    }
    levels
}

/// A counter written in a list format.
fn number(value: u32, format: &str) -> String {
    match format {
        "lowerLetter" => letters(value).to_lowercase(),
        "upperLetter" => letters(value),
        "lowerRoman" => roman(value).to_lowercase(),
        "upperRoman" => roman(value),
        _ => value.to_string(),
    }
}

/// 1 → A, 26 → Z, 27 → AA (as Word writes letters: the letter repeated).
fn letters(value: u32) -> String {
    if value == 0 {
        return String::new();
    }
    let letter = char::from(b'A' + ((value - 1) % 26) as u8);
    std::iter::repeat_n(letter, ((value - 1) / 26 + 1) as usize).collect()
}

/// A number in Roman numerals.
fn roman(mut value: u32) -> String {
    const NUMERALS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (n, s) in NUMERALS {
        while value >= n {
            out.push_str(s);
            value -= n;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::io::Write;

    /// A Word file of these parts.
    fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in parts {
            zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn body(inner: &str) -> String {
        format!("<w:document xmlns:w=\"{W}\"><w:body>{inner}</w:body></w:document>")
    }

    #[test]
    fn tracked_changes_are_read_as_accepted_and_notes_left_apart() {
        let file = docx(&[(
            "word/document.xml",
            &body(
                "<w:p><w:r><w:t xml:space=\"preserve\">The Council </w:t></w:r><w:del><w:r><w:delText>warmly </w:delText></w:r></w:del>\
                 <w:ins><w:r><w:t xml:space=\"preserve\">strongly </w:t></w:r></w:ins><w:r><w:t>welcomed it.</w:t></w:r>\
                 <w:r><w:footnoteReference w:id=\"1\"/></w:r><w:r><w:commentReference w:id=\"0\"/></w:r></w:p>\
                 <w:p/><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Rate</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>4.00%</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
            ),
        )]);
        let read = read(&file).unwrap();
        assert_eq!(read.paragraphs, ["The Council strongly welcomed it.", "Rate | 4.00%"]);
        assert_eq!((read.notes_left_out, read.comments_left_out), (1, 1));
    }

    #[test]
    fn list_numbering_is_kept_as_text() {
        let numbering = format!(
            "<w:numbering xmlns:w=\"{W}\"><w:abstractNum w:abstractNumId=\"0\">\
             <w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/></w:lvl>\
             <w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"(%2)\"/></w:lvl>\
             </w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>"
        );
        let item = |level: u32, text: &str| {
            format!(
                "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
            )
        };
        let inner =
            [item(0, "Decides"), item(1, "to act;"), item(1, "to report;"), item(0, "Requests")].concat();
        let file = docx(&[("word/document.xml", &body(&inner)), ("word/numbering.xml", &numbering)]);
        assert_eq!(
            read(&file).unwrap().paragraphs,
            ["1. Decides", "(a) to act;", "(b) to report;", "2. Requests"]
        );
    }

    #[test]
    fn numbers_are_written_in_their_formats() {
        assert_eq!(number(4, "lowerRoman"), "iv");
        assert_eq!(number(28, "upperLetter"), "BB");
        assert_eq!(number(14, "decimal"), "14");
    }

    #[test]
    fn a_broken_file_is_an_error() {
        assert!(matches!(read(b"PK\x03\x04 not really"), Err(ImportError::Docx(_))));
        assert!(matches!(read(&docx(&[("word/other.xml", "<x/>")])), Err(ImportError::Docx(_))));
        assert!(matches!(read(&docx(&[("word/document.xml", "<w:document")])), Err(ImportError::Docx(_))));
    }
}
