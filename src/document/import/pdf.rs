//! PDF into paragraphs, rebuilt from where the text stands on the page.
//!
//! `pdf-extract` (on `lopdf`) interprets each page's content and hands over every character with
//! its place and size. From those: characters become lines (one baseline, left to right, a space
//! where a gap is wider than a fifth of the font size), a page whose lines fall into two columns
//! is read column by column, lines repeated at the top or bottom of most pages (running headers
//! and footers, "15-12345 (E)" job numbers) and bare page numbers are dropped, and lines become
//! paragraphs: a new one after a gap taller than the page's usual line spacing, or after a short
//! line that ends a sentence. A word hyphenated across a line end is joined again when it goes
//! on in lower case.
//!
//! A malformed PDF can make the interpreter panic: that is caught and becomes an error.

use std::collections::HashMap;

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use chrono::NaiveDate;

use super::ImportError;
use super::page::{Dropped, Why, date_line, ends_sentence, is_label};
use crate::document::count_words;
use crate::document::storage::one_line;

/// What a PDF gives.
#[derive(Debug, Default)]
pub struct Pdf {
    /// The paragraphs of its text.
    pub paragraphs: Vec<String>,
    /// The lines left out: the title block above the text (a letterhead, a date line, headings
    /// set apart from the text), a closing mark (`* * *`), with why.
    pub dropped: Vec<Dropped>,
    /// The date a date line of the title block gives, and the line.
    pub date: Option<(NaiveDate, String)>,
    /// The title the title block's centred lines give.
    pub title: Option<String>,
}

/// The most pages read (a long report is not a communiqué).
pub const MAX_PAGES: usize = 2000;

/// A character placed on a page: `x` from the left, `y` from the top, in points.
#[derive(Clone, Debug)]
struct Glyph {
    x: f64,
    y: f64,
    width: f64,
    size: f64,
    text: String,
    /// Whether the content stream begins a word (a text string) here.
    starts_word: bool,
}

/// A line of text on a page.
#[derive(Clone, Debug)]
struct Line {
    text: String,
    left: f64,
    right: f64,
    /// Baseline, from the top.
    y: f64,
    size: f64,
}

/// Collects each page's glyphs.
#[derive(Default)]
struct Collector {
    /// Each page's width and glyphs.
    pages: Vec<(f64, Vec<Glyph>)>,
    /// The page being read's height (glyphs are placed from its top).
    height: f64,
    word_start: bool,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _: u32,
        media: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.height = media.ury - media.lly;
        self.pages.push((media.urx - media.llx, Vec::new()));
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        // The font size as placed: the text matrix applied to a (size, size) vector.
        let (sx, sy) = (font_size * (trm.m11 + trm.m21), font_size * (trm.m12 + trm.m22));
        let size = (sx * sy).abs().sqrt();
        // Typographic ligatures ("ﬁ", "ﬂ") are their letters.
        let text = match text {
            "\u{FB00}" => "ff",
            "\u{FB01}" => "fi",
            "\u{FB02}" => "fl",
            "\u{FB03}" => "ffi",
            "\u{FB04}" => "ffl",
            "\u{FB05}" | "\u{FB06}" => "st",
            other => other,
        };
        // A width the font does not give (pdf-extract reads none for some glyphs of subset
        // fonts) is taken as half an em, a letter's usual width: as nothing, every such letter
        // would seem followed by a gap a word wide ("S/RES/2 2 3 3").
        let width = if width > 0.0 || text.trim().is_empty() { width * size } else { size / 2.0 };
        let glyph = Glyph {
            x: trm.m31,
            y: self.height - trm.m32,
            width,
            size,
            text: text.to_string(),
            starts_word: self.word_start,
        };
        if let Some((_, glyphs)) = self.pages.last_mut()
            && glyph.size.is_finite()
            && glyph.x.is_finite()
            && glyph.y.is_finite()
        {
            glyphs.push(glyph);
        }
        self.word_start = false;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.word_start = true;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// The text of a PDF file.
pub fn read(bytes: &[u8]) -> Result<Pdf, ImportError> {
    let pages = super::quietly(|| -> Result<Vec<(f64, Vec<Glyph>)>, String> {
        let document = pdf_extract::Document::load_mem(bytes).map_err(|e| e.to_string())?;
        if document.is_encrypted() {
            return Err("it is encrypted".into());
        }
        if document.get_pages().len() > MAX_PAGES {
            return Err(format!("it has more than {MAX_PAGES} pages"));
        }
        let mut collector = Collector::default();
        pdf_extract::output_doc(&document, &mut collector).map_err(|e| format!("{e:?}"))?;
        Ok(collector.pages)
    })
    .map_err(|_| ImportError::Pdf("the PDF reader failed on it".into()))?
    .map_err(ImportError::Pdf)?;
    let first_width = pages.first().map_or(0.0, |(width, _)| *width);
    let pages: Vec<Vec<Line>> =
        pages.into_iter().map(|(width, glyphs)| read_order(lines(glyphs), width)).collect();
    let Some(body) = Body::of(&pages) else { return Err(ImportError::NoText) };
    let mut pdf = Pdf::default();
    let mut pages = drop_running(pages, &body, &mut pdf);
    title_block(&mut pages, first_width, &body, &mut pdf);
    footnotes(&mut pages, &body, &mut pdf);
    pdf.paragraphs = join(&pages);
    adoption_lines(&mut pdf);
    while pdf.paragraphs.last().is_some_and(|p| !p.chars().any(char::is_alphanumeric)) {
        let text = pdf.paragraphs.pop().expect("a last paragraph");
        pdf.dropped.push(Dropped { text, why: Why::Trailer });
    }
    Ok(pdf)
}

/// The body text's type and margin: the size, and the left edge, that set the most characters
/// (half a point apart count as one).
struct Body {
    size: f64,
    left: f64,
}

impl Body {
    fn of(pages: &[Vec<Line>]) -> Option<Self> {
        let most = |value: &dyn Fn(&Line) -> f64| -> Option<f64> {
            let mut chars: HashMap<i64, usize> = HashMap::new();
            for l in pages.iter().flatten() {
                *chars.entry((value(l) * 2.0).round() as i64).or_default() += l.text.chars().count();
            }
            chars.into_iter().max_by_key(|&(v, n)| (n, -v)).map(|(v, _)| v as f64 / 2.0)
        };
        Some(Self { size: most(&|l| l.size)?, left: most(&|l| l.left)? })
    }

    /// Whether a line is set like the body text: its size, at its left edge.
    fn sets(&self, line: &Line) -> bool {
        (line.size - self.size).abs() < 0.75 && (line.left - self.left).abs() < 2.0
    }
}

/// Keeps footnotes apart from the text: on each page, the lines below the body text set in
/// smaller type than it, from the first that starts with a note's number or mark ("1 ", "*")
/// to the page's end. Each note goes to the dropped list (`Why::Footnote`).
fn footnotes(pages: &mut [Vec<Line>], body: &Body, pdf: &mut Pdf) {
    let small = |l: &Line| l.size < body.size * 0.9;
    for lines in pages.iter_mut() {
        // The last line in body type, by place.
        let Some(last_body) = lines.iter().filter(|l| !small(l)).map(|l| l.y).max_by(f64::total_cmp) else {
            continue;
        };
        let below = |l: &Line| l.y > last_body && small(l);
        let Some(start) = lines.iter().filter(|l| below(l)).map(|l| l.y).min_by(f64::total_cmp) else {
            continue;
        };
        let first = lines.iter().find(|l| below(l) && l.y == start).expect("the first line below");
        let marked = starts_note(&first.text);
        if !marked {
            continue;
        }
        let (notes, text): (Vec<Line>, Vec<Line>) = std::mem::take(lines).into_iter().partition(|l| below(l));
        *lines = text;
        let mut note = String::new();
        for line in notes {
            let starts = starts_note(&line.text);
            if starts && !note.is_empty() {
                pdf.dropped.push(Dropped { text: std::mem::take(&mut note), why: Why::Footnote });
            }
            if !note.is_empty() {
                note.push(' ');
            }
            note.push_str(&line.text);
        }
        if !note.is_empty() {
            pdf.dropped.push(Dropped { text: note, why: Why::Footnote });
        }
    }
}

/// Whether a line begins a note: its number (up to three digits) or mark ("*", "†") and a
/// space.
fn starts_note(text: &str) -> bool {
    let Some((mark, rest)) = text.split_once(' ') else { return false };
    !rest.is_empty()
        && ((1..=3).contains(&mark.len()) && mark.bytes().all(|b| b.is_ascii_digit())
            || (!mark.is_empty() && mark.chars().all(|c| "*†‡§".contains(c))))
}

/// Takes the title block off the first page: the lines above the topmost line of body text
/// (in its size, at its left edge) that stand apart from it: centred,
/// right-aligned, or in another size. A date line among them dates the document, and its
/// centred lines title it (see [`title`]).
fn title_block(pages: &mut [Vec<Line>], width: f64, body: &Body, pdf: &mut Pdf) {
    let Some(first) = pages.first_mut() else { return };
    // Above the topmost line of body text (by place: a letterhead may be drawn last).
    let Some(top) = first.iter().filter(|l| body.sets(l)).map(|l| l.y).min_by(f64::total_cmp) else { return };
    let (block, rest): (Vec<Line>, Vec<Line>) =
        std::mem::take(first).into_iter().partition(|l| l.y < top - 0.5 && !body.sets(l));
    *first = rest;
    pdf.title = title(&block, width);
    for line in block {
        let why = match date_line(&line.text) {
            Some((date, _)) => {
                if let (None, Some(date)) = (&pdf.date, date) {
                    pdf.date = Some((date, line.text.clone()));
                }
                Why::DateLine
            }
            None => Why::Heading,
        };
        pdf.dropped.push(Dropped { text: line.text, why });
    }
}

/// Takes off the text's first paragraphs while they only say when the document was made, in
/// the text's own type and place, below the title block: "Adopted by the Security Council at
/// its 7496th meeting, on 29 July 2015" (a line stating a date, of at most twenty words,
/// ending no sentence).
fn adoption_lines(pdf: &mut Pdf) {
    while let Some(first) = pdf.paragraphs.first().filter(|_| pdf.paragraphs.len() > 1) {
        let dated = super::date_in_text(first).map(|(date, _)| date);
        let Some(date) = dated.filter(|_| count_words(first) <= 20 && !ends_sentence(first)) else { break };
        let text = pdf.paragraphs.remove(0);
        pdf.date.get_or_insert((date, text.clone()));
        pdf.dropped.push(Dropped { text, why: Why::DateLine });
    }
}

/// The title that the centred lines of a title block give, if they give one: each run of such
/// lines (a title wrapped over lines) joined, runs parted by anything else joined by "; ".
/// Labels in capitals ("STATEMENT OF ADMINISTRATION POLICY"), lines in brackets ("(House)",
/// "(Rep. Lowey, D-NY)") and date lines are no part of it, except a line that begins in lower
/// case, which goes on from the line before ("declared by the President on March 13, 2020").
fn title(block: &[Line], width: f64) -> Option<String> {
    let centred = |l: &Line| ((l.left + l.right) / 2.0 - width / 2.0).abs() < width * 0.03;
    let mut runs: Vec<String> = Vec::new();
    let mut open = false;
    for line in block {
        let text = line.text.trim();
        let goes_on = open && text.starts_with(char::is_lowercase);
        let part = centred(line)
            && (goes_on
                || !(is_label(text)
                    || date_line(text).is_some()
                    || text.starts_with('(') && text.ends_with(')')
                    || !text.chars().any(char::is_alphabetic)));
        match (part, open) {
            (true, true) => {
                let run = runs.last_mut().expect("an open run");
                run.push(' ');
                run.push_str(text);
            }
            (true, false) => runs.push(text.to_string()),
            (false, _) => {}
        }
        open = part;
    }
    (!runs.is_empty()).then(|| runs.join("; "))
}

/// Glyphs into lines, in the order they are drawn (the order of the text: places within a
/// line are not exact enough to sort by, as kerning and missing widths move them). A new line
/// begins where the baseline moves by more than half the font size, where the text goes far
/// back left, or where it jumps right by more than one and a half em (the gap between two
/// columns, wider than any space between words).
fn lines(glyphs: Vec<Glyph>) -> Vec<Line> {
    // Whether the text's spaces are drawn (as most word processors and browsers do), rather
    // than left as gaps (as TeX does): the widths of glyphs are not exact enough to tell a
    // space from a kerned pair when the spaces are there to read.
    let spaced = glyphs.iter().filter(|g| g.text == " ").count() * 12 >= glyphs.len();
    let mut out = Vec::new();
    let mut run: Vec<Glyph> = Vec::new();
    for g in glyphs {
        if let Some(last) = run.last() {
            let end = last.x + last.width;
            let size = last.size.max(g.size).max(1.0);
            // (A string's start may be placed a little left of where the last one ended: the
            // widths are not exact. Only a far jump left on one baseline starts a new line.)
            let new_line =
                (g.y - last.y).abs() > size / 2.0 || g.x < last.x - 10.0 * size || g.x > end + 1.5 * size;
            if new_line {
                out.extend(line(&run, spaced));
                run.clear();
            }
        }
        // Text drawn twice, a hair apart, to look bold: the copy goes (at the very same place,
        // it is a ligature's second letter: "ﬀ" gives "f" and "f").
        // Only within one string: a new string may start a little left of where it belongs.
        let offset = run.last().map(|last| (last.text == g.text, (g.x - last.x).abs(), last.width.max(0.5)));
        if !g.starts_word && offset.is_some_and(|(same, dx, width)| same && dx > 0.01 && dx < width * 0.5) {
            continue;
        }
        run.push(g);
    }
    out.extend(line(&run, spaced));
    out
}

/// The line some glyphs make, or none if they are only white space. When the document draws
/// its spaces (`spaced`), a gap of half an em makes one, and so does a string of the content
/// stream that begins a fifth of an em after a mark ("S. 5 -Laken" is "S. 5 - Laken": a
/// space left undrawn is a whole space wide, and no kerning opens that much after a mark,
/// where glyph widths are exact enough — letters' are not); otherwise a space goes where a
/// string begins a tenth of an em or more after the last one ended, or at a gap of an em.
fn line(glyphs: &[Glyph], spaced: bool) -> Option<Line> {
    let mut text = String::new();
    let mut end = f64::NEG_INFINITY;
    let mut after_mark = false;
    // Where the last glyph, a drawn space, was drawn: it is no space when the next glyph is
    // drawn over it (Chromium draws a space where it may hyphenate a word, "Se cu ri ty",
    // and the next syllable at the very same place). Only that exact place tells: places
    // after the start of a string are not exact (see above).
    let mut drawn_space: Option<f64> = None;
    for g in glyphs {
        if g.text.chars().all(char::is_whitespace) {
            drawn_space = Some(g.x);
            continue;
        }
        // Widths are not exact enough to find spaces inside a string: only where a string of
        // the content stream begins, as pdf-extract's own text output does (or at a gap of a
        // whole em).
        let gap = g.x - end;
        let space = drawn_space.take().is_some_and(|at| !(g.starts_word && (g.x - at).abs() < 0.05))
            || if spaced {
                gap > g.size * 0.5 || (after_mark && g.starts_word && gap > g.size * 0.2)
            } else {
                (g.starts_word && gap > g.size * 0.1) || gap > g.size
            };
        after_mark = g.text.chars().last().is_some_and(|c| !c.is_alphanumeric() && !c.is_whitespace());
        if !text.is_empty() && space && !text.ends_with(' ') {
            text.push(' ');
        }
        text.push_str(&g.text);
        end = g.x + g.width;
    }
    let text = one_line(&text);
    if text.is_empty() {
        return None;
    }
    let size = glyphs.iter().map(|g| g.size).fold(0.0, f64::max);
    let left = glyphs.iter().map(|g| g.x).fold(f64::INFINITY, f64::min);
    let right = glyphs.iter().map(|g| g.x + g.width).fold(f64::NEG_INFINITY, f64::max);
    Some(Line { text, left, right, y: glyphs[0].y, size })
}

/// A page's lines in reading order: top to bottom, or, when they fall into two columns (every
/// long line on one side of the page's middle), the left column before the right.
fn read_order(lines: Vec<Line>, width: f64) -> Vec<Line> {
    let middle = width / 2.0;
    let (left, right): (Vec<&Line>, Vec<&Line>) = lines.iter().partition(|l| l.right <= middle + 5.0);
    let spanning = right.iter().filter(|l| l.left < middle - 5.0).count();
    let two_columns = left.len() >= 5 && right.len() - spanning >= 5 && spanning <= lines.len() / 10;
    if !two_columns {
        return lines;
    }
    let mut ordered: Vec<Line> =
        lines.iter().filter(|l| l.right <= middle + 5.0 || l.left < middle - 5.0).cloned().collect();
    ordered.extend(lines.iter().filter(|l| l.left >= middle - 5.0 && l.right > middle + 5.0).cloned());
    ordered
}

/// Drops running headers and footers and page numbers: the lines at the top or bottom of a
/// page that recur (digits aside) on at least two pages and half of them, or that are set in
/// smaller type than the text and off its left edge; and lines that are only a page number.
fn drop_running(pages: Vec<Vec<Line>>, body: &Body, pdf: &mut Pdf) -> Vec<Vec<Line>> {
    let shape =
        |text: &str| text.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect::<String>();
    // The lines on the page's three highest and three lowest baselines (by place, not by
    // reading order: a footer under the left column is read before the right column).
    let edge = |lines: &[Line]| -> Vec<usize> {
        let mut ys: Vec<f64> = lines.iter().map(|l| l.y).collect();
        ys.sort_by(f64::total_cmp);
        ys.dedup_by(|a, b| (*a - *b).abs() < 1.0);
        let (Some(&top), Some(&bottom)) =
            (ys.get(2.min(ys.len().saturating_sub(1))), ys.get(ys.len().saturating_sub(3)))
        else {
            return Vec::new();
        };
        (0..lines.len()).filter(|&i| lines[i].y <= top + 0.5 || lines[i].y >= bottom - 0.5).collect()
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for lines in &pages {
        let mut shapes: Vec<String> = edge(lines).into_iter().map(|i| shape(&lines[i].text)).collect();
        shapes.sort();
        shapes.dedup();
        for s in shapes {
            *seen.entry(s).or_default() += 1;
        }
    }
    let count = pages.len();
    let recurring = |text: &str| seen.get(&shape(text)).is_some_and(|&n| n >= 2 && n * 2 >= count);
    // Page furniture even on a single page: an edge line in smaller type than the text, set
    // off its left edge (a browser's printed date, title and address; a job number).
    let furniture = |l: &Line| l.size < body.size * 0.85 && (l.left - body.left).abs() > 2.0;
    pages
        .into_iter()
        .map(|lines| {
            let edges = edge(&lines);
            let (running, kept): (Vec<_>, Vec<_>) = lines.into_iter().enumerate().partition(|(i, l)| {
                edges.contains(i) && (is_page_number(&l.text) || recurring(&l.text) || furniture(l))
            });
            pdf.dropped.extend(running.into_iter().map(|(_, l)| Dropped { text: l.text, why: Why::Running }));
            kept.into_iter().map(|(_, l)| l).collect()
        })
        .collect()
}

/// Whether a line begins with a paragraph's number or letter: "13. ", "(b) ", "iv) ".
fn starts_numbered(text: &str) -> bool {
    let (marker, rest) = match text.split_once(' ') {
        Some(parts) => parts,
        None => return false,
    };
    let inner = marker.strip_prefix('(').unwrap_or(marker);
    let Some(label) = inner.strip_suffix(['.', ')']) else { return false };
    !rest.is_empty()
        && (1..=4).contains(&label.len())
        && (label.chars().all(|c| c.is_ascii_digit())
            || (label.len() == 1 && label.chars().all(|c| c.is_ascii_lowercase()))
            || label.chars().all(|c| "ivxl".contains(c)))
}

/// A line that only numbers its page: "3", "- 3 -", "Page 3", "Page 3 of 7", "3/7".
fn is_page_number(text: &str) -> bool {
    let lower = text.to_lowercase();
    let rest = lower.strip_prefix("page").unwrap_or(&lower).trim();
    let rest = rest.trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c.is_whitespace());
    let parts: Vec<&str> =
        rest.split(|c: char| c == '/' || c.is_whitespace()).filter(|p| !p.is_empty() && *p != "of").collect();
    !parts.is_empty()
        && parts.len() <= 2
        && parts.iter().all(|p| p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
}

/// Lines into paragraphs, across pages and columns: a new one after a gap taller than the
/// usual line spacing, or after a line that stopped short of its right edge although the next
/// line's first word would have fitted.
fn join(pages: &[Vec<Line>]) -> Vec<String> {
    let all: Vec<&Line> = pages.iter().flatten().collect();
    // The usual spacing of consecutive lines on a page, and the usual right edge.
    let mut gaps: Vec<f64> = pages
        .iter()
        .flat_map(|lines| lines.windows(2).map(|w| w[1].y - w[0].y).filter(|g| *g > 0.0))
        .collect();
    gaps.sort_by(f64::total_cmp);
    let spacing = gaps.get(gaps.len() / 3).copied().unwrap_or(12.0);
    // The right edge of the text a line belongs to (a column's, in a two-column page): most
    // lines that start where it starts end there.
    let mut by_left: HashMap<i64, Vec<f64>> = HashMap::new();
    for l in &all {
        by_left.entry((l.left / 10.0).round() as i64).or_default().push(l.right);
    }
    let edges: HashMap<i64, f64> = by_left
        .into_iter()
        .map(|(k, mut rights)| {
            rights.sort_by(f64::total_cmp);
            (k, rights[rights.len() * 9 / 10])
        })
        .collect();
    let right_edge = |l: &Line| edges.get(&((l.left / 10.0).round() as i64)).copied().unwrap_or(l.right);
    // Every word of the text, to tell a hyphenated word ("recom-mend") from a compound cut at
    // its hyphen ("long-term"): the form found elsewhere in the text wins.
    let vocabulary: std::collections::HashSet<String> =
        all.iter().flat_map(|l| l.text.split_whitespace()).map(bare).collect();
    // A hyphen (U+2010) only ever at the end of a line is the typesetter's, not the text's:
    // Chromium draws it where it hyphenates a word at a soft hyphen.
    let typesetter = Hyphens {
        vocabulary,
        u2010_soft: !all.iter().any(|l| l.text.trim_end_matches(['\u{2010}', ' ']).contains('\u{2010}')),
    };
    // The lowest a page's text goes (its last lines' usual place).
    let mut lasts: Vec<f64> =
        pages.iter().filter_map(|lines| lines.iter().map(|l| l.y).max_by(f64::total_cmp)).collect();
    lasts.sort_by(f64::total_cmp);
    let bottom = lasts.get(lasts.len() * 3 / 4).copied().unwrap_or(f64::INFINITY);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut last: Option<(&Line, usize)> = None;
    for (page, lines) in pages.iter().enumerate() {
        for line in lines {
            let new_paragraph = match last {
                None => true,
                Some((prev, prev_page)) => {
                    // The last line ended short of its edge although the next line's first
                    // word would have fit there: it ended its paragraph.
                    let chars = prev.text.chars().count().max(1) as f64;
                    let per_char = (prev.right - prev.left) / chars;
                    let word = line.text.split(' ').next().unwrap_or("").chars().count() as f64;
                    // (Room for it with a quarter to spare: letters differ in width.)
                    let fitted = prev.right + per_char * (word + 1.0) * 1.25 < right_edge(prev) - per_char;
                    // On to the next page or column, only that tells.
                    let gap = if prev_page == page { line.y - prev.y } else { -1.0 };
                    // A piece of the same line (cut at a wide gap of justified text) goes on.
                    let same_line =
                        prev_page == page && gap.abs() < prev.size / 2.0 && line.left > prev.right;
                    // A numbered paragraph ("13. Reaffirms", "(b) calls") after a line that
                    // ends a clause begins anew.
                    let numbered = prev.text.ends_with(['.', ';', ':']) && starts_numbered(&line.text);
                    // A page left with room for another line below its last one: the next
                    // paragraph did not fit there with the space before it.
                    // (Not after an initial, "Donald L.": a page may also end early to keep
                    // two lines of a paragraph together.)
                    let initial = prev
                        .text
                        .rsplit(' ')
                        .next()
                        .is_some_and(|w| w.len() == 2 && w.starts_with(char::is_uppercase));
                    let room = prev_page != page
                        && prev.text.ends_with(['.', '!', '?', ':', ';'])
                        && !initial
                        && bottom - prev.y > spacing * 1.5;
                    !same_line && (gap > spacing * 1.4 || fitted || numbered || room)
                }
            };
            if new_paragraph && !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            append(&mut current, &line.text, &typesetter);
            last = Some((line, page));
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

/// A word without the punctuation around it, in lower case.
fn bare(word: &str) -> String {
    word.replace('\u{2010}', "-").trim_matches(|c: char| !c.is_alphanumeric() && c != '-').to_lowercase()
}

/// What tells a word hyphenated at a line end from a compound cut at its hyphen.
struct Hyphens {
    /// Every word of the text, as [`bare`] gives it.
    vocabulary: std::collections::HashSet<String>,
    /// Whether U+2010 (HYPHEN) stands only at the ends of lines: the typesetter's hyphen.
    u2010_soft: bool,
}

/// Appends a line to a paragraph, joined by a space. A word cut by a hyphen at the line end
/// is joined again: always at a soft hyphen (U+00AD, what a typesetter's hyphenation leaves,
/// or U+2010 where it stands only at line ends); at a hyphen after a letter, without the
/// hyphen when the text elsewhere writes the word whole ("recom-" + "mend" → "recommend"),
/// else keeping it ("counter-" + "messaging" → "counter-messaging": a compound cut at its own
/// hyphen is the likelier reading, and a hyphen kept loses nothing).
fn append(paragraph: &mut String, line: &str, hyphens: &Hyphens) {
    if paragraph.is_empty() {
        paragraph.push_str(line);
        return;
    }
    let word_goes_on = line.chars().next().is_some_and(char::is_alphanumeric);
    if paragraph.ends_with('\u{AD}')
        || (hyphens.u2010_soft && word_goes_on && paragraph.ends_with('\u{2010}'))
    {
        paragraph.pop();
        paragraph.push_str(line);
        return;
    }
    let hyphen = paragraph.chars().next_back().filter(|c| matches!(c, '-' | '\u{2010}'));
    let cut = hyphen.is_some_and(|h| {
        paragraph[..paragraph.len() - h.len_utf8()].chars().next_back().is_some_and(char::is_alphanumeric)
    }) && word_goes_on;
    if let (true, Some(h)) = (cut, hyphen) {
        let head = paragraph.rsplit(' ').next().unwrap_or("");
        let tail = line.split(' ').next().unwrap_or("");
        let joined = bare(&format!("{}{}", &head[..head.len() - h.len_utf8()], tail));
        let hyphenated = bare(&format!("{}-{tail}", &head[..head.len() - h.len_utf8()]));
        if hyphens.vocabulary.contains(&joined) && !hyphens.vocabulary.contains(&hyphenated) {
            paragraph.pop();
        }
    } else {
        paragraph.push(' ');
    }
    paragraph.push_str(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, y: f64, size: f64) -> Line {
        Line { text: text.into(), left: 72.0, right: 72.0 + text.len() as f64 * size / 2.0, y, size }
    }

    #[test]
    fn footnotes_are_kept_apart_from_the_text() {
        let mut pages = vec![vec![
            line("Recalling its resolution 2107 (2013),1", 100.0, 12.0),
            line("Reaffirming the independence of Iraq,", 130.0, 12.0),
            line("1 S/RES/2107 (2013), adopted on 27 June", 700.0, 9.0),
            line("2013.", 711.0, 9.0),
            line("2 See annex.", 722.0, 9.0),
        ]];
        let mut pdf = Pdf::default();
        let body = Body::of(&pages).unwrap();
        footnotes(&mut pages, &body, &mut pdf);
        assert_eq!(pages[0].len(), 2);
        let notes: Vec<&str> = pdf.dropped.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(notes, ["1 S/RES/2107 (2013), adopted on 27 June 2013.", "2 See annex."]);
        assert!(pdf.dropped.iter().all(|d| d.why == Why::Footnote));
    }

    #[test]
    fn small_type_without_a_note_mark_stays() {
        let mut pages =
            vec![vec![line("The Council met.", 100.0, 12.0), line("Adopted unanimously", 700.0, 9.0)]];
        let mut pdf = Pdf::default();
        let body = Body::of(&pages).unwrap();
        footnotes(&mut pages, &body, &mut pdf);
        assert_eq!(pages[0].len(), 2);
        assert!(pdf.dropped.is_empty());
    }

    #[test]
    fn numbered_paragraphs_are_recognised() {
        for text in ["13. Reaffirms its support", "(b) Calls upon", "iv) the parties", "(a) to ensure"] {
            assert!(starts_numbered(text), "{text}");
        }
        for text in ["2009 (S/2009/684), and", "U.S. dollar", "The Council", "13."] {
            assert!(!starts_numbered(text), "{text}");
        }
    }

    #[test]
    fn page_numbers_are_recognised() {
        for n in ["3", "- 3 -", "Page 3", "Page 3 of 7", "3/7", "– 12 –"] {
            assert!(is_page_number(n), "{n}");
        }
        for text in ["2019", "3 percent", "Article 3.", "(3)"] {
            assert_eq!(is_page_number(text), text == "2019", "{text}");
        }
    }

    #[test]
    fn the_title_is_the_title_blocks_centred_lines() {
        // On a page 612 points wide: a line centred on 306.
        let at =
            |text: &str, left: f64, right: f64| Line { text: text.into(), left, right, y: 0.0, size: 12.0 };
        let block = [
            at("EXECUTIVE OFFICE OF THE PRESIDENT", 204.0, 408.0),
            at("January 30, 2023", 427.6, 512.9),
            at("(House Rules)", 427.6, 499.6),
            at("STATEMENT OF ADMINISTRATION POLICY", 107.5, 508.9),
            at("H.R. 382 – A bill to terminate the public health emergency", 156.6, 458.2),
            at("declared with respect to COVID-19", 215.3, 399.5),
            at("(Rep. Guthrie, R-KY, and 19 cosponsors)", 206.0, 408.9),
            at("H.J. Res. 7 – A joint resolution relating to a national emergency", 143.3, 471.5),
            at("declared by the President on March 13, 2020", 191.7, 423.2),
        ];
        assert_eq!(
            title(&block, 612.0).as_deref(),
            Some(
                "H.R. 382 – A bill to terminate the public health emergency declared with respect to \
                 COVID-19; H.J. Res. 7 – A joint resolution relating to a national emergency declared \
                 by the President on March 13, 2020"
            )
        );
        // Lines at the margin or set right title nothing.
        let block = [at("United Nations", 72.0, 180.0), at("Distr.: General", 450.0, 540.0)];
        assert_eq!(title(&block, 612.0), None);
    }

    #[test]
    fn words_cut_at_a_line_end_are_joined_as_the_text_writes_them() {
        let vocabulary: std::collections::HashSet<String> =
            ["long-term", "recommends"].into_iter().map(str::to_string).collect();
        let hyphens = Hyphens { vocabulary, u2010_soft: false };
        let join = |first: &str, second: &str| {
            let mut p = first.to_string();
            append(&mut p, second, &hyphens);
            p
        };
        assert_eq!(join("The Council recom-", "mends it."), "The Council recommends it.");
        assert_eq!(join("The Council recom\u{AD}", "pletes it."), "The Council recompletes it.");
        assert_eq!(join("the Asia-", "Pacific region."), "the Asia-Pacific region.");
        assert_eq!(join("its long-", "term goals."), "its long-term goals.");
        assert_eq!(join("and counter-", "messaging efforts"), "and counter-messaging efforts");
        assert_eq!(join("The Council", "met."), "The Council met.");
        // U+2010 is the text's hyphen where it also stands inside lines ...
        assert_eq!(join("its long\u{2010}", "term goals."), "its long\u{2010}term goals.");
        assert_eq!(join("The Council recom\u{2010}", "mends it."), "The Council recommends it.");
        // ... and the typesetter's where it stands only at line ends.
        let typesetter = Hyphens { u2010_soft: true, ..hyphens };
        let mut p = "The Council recom\u{2010}".to_string();
        append(&mut p, "pletes it.", &typesetter);
        assert_eq!(p, "The Council recompletes it.");
    }
}
