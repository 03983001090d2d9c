//! Plain text and Markdown into paragraphs.

/// Blank-line separated paragraphs; the lines of one paragraph joined by a space.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let page_breaks = text.contains('\x0c') || text.contains('\x0b');
    for line in text.lines() {
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
    for line in text.lines() {
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
    if part.contains('\t') {
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
        Some(line[hashes..].trim().trim_end_matches('#').trim_end())
    } else {
        None
    }
}

fn bullet_item(line: &str) -> Option<&str> {
    ["- ", "* ", "+ "].iter().find_map(|b| line.strip_prefix(b)).map(str::trim)
}

/// Reduces inline Markdown to its text: `[text](url)` and `![alt](url)` to their text, `**`
/// and `__` dropped, backslash escapes resolved.
fn inline_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '\\'
            && let Some(escaped) = rest[1..].chars().next().filter(char::is_ascii_punctuation)
        {
            out.push(escaped);
            rest = &rest[1 + escaped.len_utf8()..];
            continue;
        }
        if rest.starts_with("**") || rest.starts_with("__") {
            rest = &rest[2..];
            continue;
        }
        if (c == '[' || rest.starts_with("!["))
            && let Some((label, after)) = link(rest.trim_start_matches('!'))
        {
            out.push_str(&inline_text(label));
            rest = after;
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out.trim().to_string()
}

/// Splits `[label](target)rest` into the label and the rest.
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

    #[test]
    fn unbalanced_brackets_stay_as_text() {
        assert_eq!(markdown_paragraphs("a [b] c ] d"), (vec!["a [b] c ] d".to_string()], false));
    }
}
