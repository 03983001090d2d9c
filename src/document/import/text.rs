//! Plain text and Markdown into paragraphs.

/// Blank-line separated paragraphs; the lines of one paragraph joined by a space.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let page_breaks = memchr::memchr2(b'\x0c', b'\x0b', text.as_bytes()).is_some();
    for line in crate::text::lines(text) {
        if page_breaks {
            push_line(&mut out, &mut current, line);
        } else {
            push_part(&mut out, &mut current, line);
        }
    }
    flush(&mut out, &mut current);
    out
}

/// Markdown blocks as paragraphs: like [`paragraphs`], and each heading or list item is a
/// paragraph of its own; inline links, emphasis and escapes are reduced to their text. Also
/// says whether the first paragraph is a heading.
pub fn markdown_paragraphs(text: &str) -> (Vec<String>, bool) {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut leading_heading = false;
    for line in crate::text::lines(text) {
        let trimmed = line.trim_start();
        if let Some(heading) = heading_text(trimmed) {
            flush(&mut out, &mut current);
            leading_heading |= out.is_empty() && !heading.is_empty();
            current.push_str(heading);
            flush(&mut out, &mut current);
        } else if let Some(item) = bullet_item(trimmed) {
            flush(&mut out, &mut current);
            current.push_str(item);
        } else {
            push_line(&mut out, &mut current, line);
        }
    }
    flush(&mut out, &mut current);
    let paragraphs = out.iter().map(|p| inline_text(p)).filter(|p| !p.is_empty()).collect();
    (paragraphs, leading_heading)
}

fn push_line(out: &mut Vec<String>, current: &mut String, line: &str) {
    // Form feeds (page breaks in PDF extractions) separate paragraphs like blank lines.
    if line.contains(['\x0c', '\x0b']) {
        let mut parts = line.split(['\x0c', '\x0b']).peekable();
        while let Some(part) = parts.next() {
            push_part(out, current, part);
            if parts.peek().is_some() {
                flush(out, current);
            }
        }
    } else {
        push_part(out, current, line);
    }
}

fn push_part(out: &mut Vec<String>, current: &mut String, part: &str) {
    let part = part.trim();
    if part.is_empty() {
        flush(out, current);
        return;
    }
    if !current.is_empty() {
        current.push(' ');
    }
    if memchr::memchr(b'\t', part.as_bytes()).is_some() {
        current.push_str(&part.replace('\t', " "));
    } else {
        current.push_str(part);
    }
}

fn flush(out: &mut Vec<String>, current: &mut String) {
    if !current.is_empty() {
        out.push(std::mem::take(current));
    }
}

fn heading_text(line: &str) -> Option<&str> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with([' ', '\t']) {
        let text = line[hashes..].trim();
        // A closing run of `#` is markup only after a space: "# Resolution on C#" keeps its `#`.
        let closed = text.trim_end_matches('#');
        Some(if closed.is_empty() || closed.ends_with([' ', '\t']) { closed.trim_end() } else { text })
    } else {
        None
    }
}

fn bullet_item(line: &str) -> Option<&str> {
    ["- ", "* ", "+ "].iter().find_map(|b| line.strip_prefix(b)).map(str::trim)
}

/// Reduces inline Markdown to its text: `[text](url)` and `![alt](url)` to their text (trimmed),
/// `**` and `__` dropped (`__` only outside a word: "snake__case" is text), backslash escapes
/// resolved.
///
/// One pass, without recursion: the brackets are matched first with a stack, so that neither
/// deep nesting (`[[[…]]]`) nor a long run of unmatched `[` costs more than linear time.
fn inline_text(text: &str) -> String {
    if !text.contains(['[', '\\', '*', '_']) {
        return text.trim().to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let closing = matching_brackets(&chars);
    // The next `)` at or after each position (chars.len() when none): where a link ends.
    let mut next_paren = vec![chars.len(); chars.len() + 2];
    for i in (0..chars.len()).rev() {
        next_paren[i] = if chars[i] == ')' { i } else { next_paren[i + 1] };
    }
    let mut out = String::with_capacity(text.len());
    // The links being read: where the label's `]` is, where to go on after `(target)`, and
    // where the label's text starts in `out` (a label is trimmed, as the text of its own).
    let mut links: Vec<Link> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some(link) = links.last()
            && i == link.close
        {
            let kept = out[link.start..].trim_end().len();
            out.truncate(link.start + kept);
            i = link.resume;
            links.pop();
            continue;
        }
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\\'
            && let Some(escaped) = next.filter(char::is_ascii_punctuation)
        {
            out.push(escaped);
            i += 2;
            continue;
        }
        let intraword =
            i > 0 && chars[i - 1].is_alphanumeric() && chars.get(i + 2).is_some_and(|c| c.is_alphanumeric());
        if (c == '*' || (c == '_' && !intraword)) && next == Some(c) {
            i += 2;
            continue;
        }
        let open = if c == '!' && next == Some('[') { i + 1 } else { i };
        if chars[open] == '['
            && let Some(close) = closing[open]
            && chars.get(close + 1) == Some(&'(')
        {
            // A target ends at the first `)`, inside the label that holds this link.
            let bound = links.last().map_or(chars.len(), |link| link.close);
            let paren = next_paren[close + 2];
            if paren < bound {
                links.push(Link { close, resume: paren + 1, start: out.len() });
                i = open + 1;
                continue;
            }
        }
        // A label's leading white space is not kept.
        if !(c.is_whitespace() && links.last().is_some_and(|link| link.start == out.len())) {
            out.push(c);
        }
        i += 1;
    }
    out.trim().to_string()
}

/// A link being read by [`inline_text`].
struct Link {
    close: usize,
    resume: usize,
    start: usize,
}

/// For each unescaped `[`, its matching `]` (brackets nest; a backslash escapes the next
/// character).
fn matching_brackets(chars: &[char]) -> Vec<Option<usize>> {
    let mut closing = vec![None; chars.len()];
    let mut open = Vec::new();
    let mut escaped = false;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' => open.push(i),
            ']' => {
                if let Some(start) = open.pop() {
                    closing[start] = Some(i);
                }
            }
            _ => {}
        }
    }
    closing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_wrapped_lines_and_splits_on_blank_lines() {
        assert_eq!(
            paragraphs("  One wrapped\nline.\n\n\n\tTwo\tlines\n  here.  \n"),
            ["One wrapped line.", "Two lines here."]
        );
    }

    #[test]
    fn form_feeds_break_paragraphs() {
        assert_eq!(paragraphs("page one\x0cpage two"), ["page one", "page two"]);
    }

    #[test]
    fn markdown_headings_items_and_links() {
        assert_eq!(
            markdown_paragraphs(
                "# Joint Communiqué #\nThe **Ministers** met.\n- first [item](http://x)\n- second\n\n[Nabila \\(link\\)](#)"
            ),
            (
                ["Joint Communiqué", "The Ministers met.", "first item", "second", "Nabila (link)"]
                    .map(String::from)
                    .to_vec(),
                true
            )
        );
    }

    /// The recursive reduction this module had before it became one linear pass: the oracle.
    fn inline_text_recursive(text: &str) -> String {
        fn link(text: &str) -> Option<(&str, &str)> {
            let mut depth = 0usize;
            let mut escaped = false;
            for (i, c) in text.char_indices() {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '[' => depth += 1,
                    ']' => {
                        depth -= 1;
                        if depth == 0 {
                            let after = text[i + 1..].strip_prefix('(')?;
                            let close = after.find(')')?;
                            return Some((&text[1..i], &after[close + 1..]));
                        }
                    }
                    _ => {}
                }
            }
            None
        }
        let mut out = String::new();
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            if c == '\\'
                && let Some(escaped) = rest[1..].chars().next().filter(char::is_ascii_punctuation)
            {
                out.push(escaped);
                rest = &rest[1 + escaped.len_utf8()..];
                continue;
            }
            let before = text[..text.len() - rest.len()].chars().next_back();
            let intraword = before.is_some_and(char::is_alphanumeric)
                && rest.get(2..).and_then(|r| r.chars().next()).is_some_and(char::is_alphanumeric);
            if rest.starts_with("**") || (rest.starts_with("__") && !intraword) {
                rest = &rest[2..];
                continue;
            }
            if (c == '[' || rest.starts_with("!["))
                && let Some((label, after)) = link(rest.trim_start_matches('!'))
            {
                out.push_str(&inline_text_recursive(label));
                rest = after;
                continue;
            }
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        out.trim().to_string()
    }

    proptest::proptest! {
        #[test]
        fn the_linear_pass_reads_like_the_recursive_one(text in "[\\[\\]()!*_\\\\ aé]{0,40}") {
            proptest::prop_assert_eq!(inline_text(&text), inline_text_recursive(&text));
        }
    }

    #[test]
    fn deep_and_unmatched_brackets_are_linear() {
        let n = 50_000;
        let nested = format!("{}x{}", "[".repeat(n), "](u)".repeat(n));
        assert_eq!(inline_text(&nested), "x");
        let unmatched = format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert_eq!(inline_text(&unmatched), unmatched);
    }

    #[test]
    fn underscores_inside_a_word_are_text() {
        assert_eq!(inline_text("snake__case and __bold__ and **strong**"), "snake__case and bold and strong");
    }

    #[test]
    fn a_heading_keeps_a_hash_that_ends_a_word() {
        assert_eq!(heading_text("# Programming in C#"), Some("Programming in C#"));
        assert_eq!(heading_text("## Joint Communiqué ##"), Some("Joint Communiqué"));
        assert_eq!(heading_text("# ###"), Some(""));
    }

    #[test]
    fn unbalanced_brackets_stay_as_text() {
        assert_eq!(markdown_paragraphs("a [b] c ] d"), (vec!["a [b] c ] d".to_string()], false));
    }
}
