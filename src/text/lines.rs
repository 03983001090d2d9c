//! Lines of a text, found with `memchr` (vectorized) rather than `str::lines`' searcher: a
//! long document is cut into lines on import and on every load.

/// The lines of `text`, exactly as [`str::lines`] gives them: split at `\n`, a `\r` before it
/// dropped (a `\r` ending the text is kept), no empty last line after a final `\n`.
pub fn lines(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let now = rest?;
        if now.is_empty() {
            rest = None;
            return None;
        }
        match memchr::memchr(b'\n', now.as_bytes()) {
            Some(at) => {
                rest = Some(&now[at + 1..]);
                let line = &now[..at];
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            // The last line, with no `\n` after it: a `\r` there ends no line and is kept.
            None => {
                rest = None;
                Some(now)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn lines_are_what_str_lines_gives() {
        for text in ["", "\n", "a", "a\n", "a\n\nb", "a\r\nb\r\n", "\r\n\r", "a\rb\n", "\n\nx\n\n", "é\nü"]
        {
            assert_eq!(lines(text).collect::<Vec<_>>(), text.lines().collect::<Vec<_>>(), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn lines_are_what_str_lines_gives_on_any_text(text in "[a\\n\\r é]{0,40}") {
            prop_assert_eq!(lines(&text).collect::<Vec<_>>(), text.lines().collect::<Vec<_>>());
        }
    }
}
