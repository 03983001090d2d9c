//! Word tokens, as docs/DESIGN.md "Words" defines them.
//!
//! A word token is a maximal run of Unicode alphanumeric characters; tokens compare
//! case-insensitively after NFKC normalization. Everything else separates tokens, so
//! `Daesh/ISIS` is `daesh isis`.

use unicode_normalization::UnicodeNormalization;

use super::Span;

/// The word tokens of `text`, as spans relative to `text`, in order.
///
/// The rule (docs/DESIGN.md "Words"): a token is
/// - a **number** as a reader sees it: digits with their decimal and thousands marks (`2.5`,
///   `1,000`), a fraction (`1/4`, `3-3/4`, `3‑3/4`, `2¾`, `2 3/4`), a date (`2014-07-30`);
/// - a **document symbol**: capital letters then `/`-separated parts, one of them all digits
///   (`S/2003/715`, `S/RES/2233`, `A/HRC/RES/47/1`);
/// - an **ideograph** (Han, Hiragana, Katakana): each character alone;
/// - a **word**: a run of letters and digits, with the combining marks that follow them (a
///   decomposed `é` is one word with its accent).
///
/// Everything else separates tokens, so `Daesh/ISIS` is `daesh isis`.
pub fn words(text: &str) -> impl Iterator<Item = Span> + '_ {
    use unicode_normalization::{IsNormalized, is_nfkc_quick};
    // Text already in NFKC (all ASCII, and most official prose with its curly quotes) is cut as
    // it is; other text is normalized first and each token mapped back to the characters it
    // came from, so `①`, `ﬁnal` or a decomposed `é` are cut as their normal forms are.
    // (ASCII is in NFKC and of combining class 0: the check needs only the other characters.)
    let mapped = (!text.is_ascii()
        && is_nfkc_quick(text.chars().filter(|c| !c.is_ascii())) != IsNormalized::Yes)
        .then(|| normalized_words(text));
    let mut direct = (mapped.is_none()).then_some(0);
    let mut mapped = mapped.map(Vec::into_iter);
    std::iter::from_fn(move || {
        if let Some(tokens) = &mut mapped {
            return tokens.next();
        }
        let at = direct.as_mut()?;
        let (start, end) = next_token(text, *at)?;
        *at = end;
        Some(Span::new(start, end))
    })
}

/// The tokens of `text` cut from its normal form: `text` is split into segments (a character
/// and the combining marks of non-zero class after it), each normalized (NFKC, a vulgar fraction after a digit
/// written `-N/M`), and a token of the normal form spans the segments its characters came from;
/// tokens that come from one segment are one.
fn normalized_words(text: &str) -> Vec<Span> {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::canonical_combining_class;
    let mut normal = String::with_capacity(text.len() + 8);
    // Per byte of `normal`: the segment of `text` it came from.
    let mut origin: Vec<(usize, usize)> = Vec::with_capacity(text.len() + 8);
    let mut chars = text.char_indices().peekable();
    let mut previous_digit = false;
    while let Some((start, c)) = chars.next() {
        let mut end = start + c.len_utf8();
        while let Some(&(i, m)) = chars.peek() {
            // Only marks that combine (a non-zero class) belong to the character before them: a
            // spacing mark after a space must not pull the space into a token; nor may a
            // combining one pull in a space it follows (`"\u{a0}\u{eb8}"`: the mark alone).
            if canonical_combining_class(m) == 0 || c.is_whitespace() {
                break;
            }
            end = i + m.len_utf8();
            chars.next();
        }
        let from = normal.len();
        if is_vulgar_fraction(c) && previous_digit {
            normal.push('-');
        }
        if end - start == 1 {
            // An ASCII character alone is its own normal form.
            normal.push(c);
        } else {
            normal.extend(text[start..end].nfkc());
        }
        origin.resize(normal.len(), (start, end));
        previous_digit = normal.ends_with(|d: char| d.is_ascii_digit()) && normal.len() > from;
    }
    let mut out: Vec<Span> = Vec::new();
    let mut at = 0;
    while let Some((start, end)) = next_token(&normal, at) {
        at = end;
        let span = Span::new(origin[start].0, origin[end - 1].1);
        match out.last_mut() {
            Some(last) if span.start < last.end => last.end = last.end.max(span.end),
            _ => out.push(span),
        }
    }
    out
}

/// The character at byte `i` of `text` and its length; `None` at the end.
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        Some((b as char, 1))
    } else {
        let c = text[i..].chars().next().expect("a character starts here");
        Some((c, c.len_utf8()))
    }
}

/// Whether `c` is written without spaces between words and stands as a token alone.
fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x31F0..=0x31FF    // Katakana phonetic extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9D    // half-width Katakana
        | 0x20000..=0x3FFFF) // CJK extensions B and beyond
}

/// A vulgar fraction character (`¼`, `½`, `¾`, `⅓`…).
fn is_vulgar_fraction(c: char) -> bool {
    matches!(c, '\u{BC}'..='\u{BE}' | '\u{2150}'..='\u{215E}')
}

/// A hyphen that joins the parts of a number (`3-3/4`, `3‑3/4`).
fn is_number_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Whether `c` continues a word: a letter or digit (not an ideograph), or a combining mark.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    (c.is_alphanumeric() && !is_ideograph(c)) || is_mark(c)
}

/// A combining mark (general categories Mn, Mc, Me), as far as a word needs: the combining
/// blocks, the marks of Indic and other scripts being alphanumeric or listed here.
fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// The number of ASCII digits at byte `i` of `text`.
fn digits_at(text: &str, i: usize) -> usize {
    text.as_bytes().get(i..).map_or(0, |rest| rest.iter().take_while(|b| b.is_ascii_digit()).count())
}

/// [`CLASS`] of an ASCII letter or digit.
const ASCII_WORD: u8 = 1;
/// [`CLASS`] of any other ASCII character (0 is a byte of a character beyond ASCII).
const ASCII_OTHER: u8 = 2;

/// Each byte's class, looked up rather than worked out in the tokenizer's two byte loops.
const CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut b = 0;
    while b < 0x80 {
        class[b] = if (b as u8).is_ascii_alphanumeric() { ASCII_WORD } else { ASCII_OTHER };
        b += 1;
    }
    class
};

/// The token that starts at or after byte `from`: its start and end.
fn next_token(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut i = from;
    let bytes = text.as_bytes();
    let (start, first) = loop {
        // Separators are mostly ASCII: skip them without decoding.
        i += bytes[i..].iter().position(|&b| CLASS[usize::from(b)] != ASCII_OTHER).unwrap_or(bytes.len() - i);
        let (c, len) = char_at(text, i)?;
        if c.is_alphanumeric() || is_vulgar_fraction(c) {
            break (i, c);
        }
        i += len;
    };
    if is_ideograph(first) {
        let mut end = start + first.len_utf8();
        while let Some((c, len)) = char_at(text, end).filter(|(c, _)| is_mark(*c)) {
            let _ = c;
            end += len;
        }
        return Some((start, end));
    }
    if let Some(end) = symbol(text, start) {
        return Some((start, end));
    }
    let mut end = start;
    loop {
        // The run of letters, digits and marks (ASCII without decoding).
        loop {
            end += bytes[end..]
                .iter()
                .position(|&b| CLASS[usize::from(b)] != ASCII_WORD)
                .unwrap_or(bytes.len() - end);
            match char_at(text, end) {
                Some((c, len)) if !c.is_ascii() && is_word_char(c) => end += len,
                _ => break,
            }
        }
        match number_join(text, start, end) {
            Some(next) => end = next,
            None => break,
        }
    }
    Some((start, end))
}

/// Where a number that ends at byte `end` (its token began at `start`) goes on: past a decimal
/// or thousands mark, a fraction, a vulgar fraction, a date's parts; `None` when it ends here.
fn number_join(text: &str, start: usize, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if end == start || !bytes[end - 1].is_ascii_digit() {
        // A vulgar fraction alone, or a word: nothing to join.
        return None;
    }
    let (c, len) = char_at(text, end)?;
    let after = end + len;
    match c {
        // 2.5, 1,000
        '.' | ',' if digits_at(text, after) > 0 => Some(after + digits_at(text, after)),
        // 1/4, 3-3/4's tail (a fraction slash as NFKC writes `¾`)
        '/' | '\u{2044}' if digits_at(text, after) > 0 => Some(after + digits_at(text, after)),
        // 2¾
        c if is_vulgar_fraction(c) => Some(after),
        // 3-3/4, 2014-07-30
        c if is_number_hyphen(c) => {
            let n = digits_at(text, after);
            let slash = match char_at(text, after + n) {
                Some(('/' | '\u{2044}', len)) if n > 0 => Some(after + n + len),
                _ => None,
            };
            let fraction = slash.is_some_and(|s| digits_at(text, s) > 0);
            let date = end - start == 4
                && n == 2
                && bytes[start..end].iter().all(u8::is_ascii_digit)
                && bytes.get(after + 2) == Some(&b'-')
                && digits_at(text, after + 3) == 2;
            if let (true, Some(s)) = (fraction, slash) {
                Some(s + digits_at(text, s))
            } else if date {
                Some(after + 5)
            } else {
                None
            }
        }
        // 2 3/4: a whole number, one space, a simple fraction.
        ' ' if bytes[start..end].iter().all(u8::is_ascii_digit) => {
            let n = digits_at(text, after);
            let ends = |at: usize| char_at(text, at).is_none_or(|(c, _)| !c.is_alphanumeric());
            (n == 1
                && bytes.get(after + 1) == Some(&b'/')
                && matches!(bytes.get(after + 2), Some(b'2' | b'3' | b'4' | b'8'))
                && bytes[after] < bytes[after + 2]
                && ends(after + 3))
            .then_some(after + 3)
        }
        _ => None,
    }
}

/// A document symbol starting at byte `start` (`S/2003/715`, `S/RES/2233`, `E/CN.4/2005/L.10`):
/// capital letters, then parts of capitals, digits and inner dots after each `/`, one part all
/// digits. Its end, or `None`.
fn symbol(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let part = |at: usize| -> usize {
        let n = bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || **b == b'.')
            .count();
        // A part never ends with a dot (a sentence's full stop).
        (0..=n).rev().find(|&k| k == 0 || bytes[at + k - 1] != b'.').unwrap_or(0)
    };
    let head = bytes[start..].iter().take_while(|b| b.is_ascii_uppercase()).count();
    if head == 0 || head > 8 || bytes.get(start + head) != Some(&b'/') {
        return None;
    }
    let mut end = start + head;
    let (mut parts, mut numeric) = (1, false);
    while bytes.get(end) == Some(&b'/') {
        let n = part(end + 1);
        if n == 0 {
            break;
        }
        numeric |= bytes[end + 1..end + 1 + n].iter().all(u8::is_ascii_digit);
        end += 1 + n;
        parts += 1;
    }
    let ends = char_at(text, end).is_none_or(|(c, _)| !c.is_alphanumeric());
    (parts >= 2 && numeric && ends).then_some(end)
}

/// Number of word tokens in `text`, without allocating.
pub fn count_words(text: &str) -> usize {
    words(text).count()
}

/// The comparison form of one word token: NFKC, then lower case.
pub fn word_key(word: &str) -> String {
    let mut key = String::with_capacity(word.len());
    push_word_key(word, &mut key);
    key
}

/// Appends the comparison form of `word` to `out` (no allocation for ASCII words once `out`
/// has room): NFKC, lower case, and a number's forms unified — a hyphen of any kind or the
/// space of a mixed number as `-`, the fraction slash as `/`, so `2¾`, `2-3/4`, `2‑3/4` and
/// `2 3/4` are one key, `2-3/4`.
pub fn push_word_key(word: &str, out: &mut String) {
    let start = out.len();
    if word.is_ascii() {
        // `ascii_key_byte` on each byte; lower-casing in place is the fast common case.
        out.push_str(word);
        out[start..].make_ascii_lowercase();
        if word.as_bytes().contains(&b' ') {
            let fixed: String = word.bytes().map(|b| char::from(ascii_key_byte(b))).collect();
            out.truncate(start);
            out.push_str(&fixed);
        }
        return;
    } else {
        let mut previous_digit = false;
        for c in word.chars() {
            // A vulgar fraction after digits is the fraction part of a mixed number.
            if is_vulgar_fraction(c) && previous_digit {
                out.push('-');
            }
            previous_digit = c.is_ascii_digit();
            for k in std::iter::once(c).nfkc().flat_map(char::to_lowercase) {
                out.push(match k {
                    '\u{2044}' => '/',
                    '\u{2010}' | '\u{2011}' => '-',
                    k => k,
                });
            }
        }
        // Marks compose with what they follow: normalize the whole word when it has any.
        if word.chars().any(is_mark) {
            let composed: String = out[start..].nfkc().collect();
            out.truncate(start);
            out.push_str(&composed);
        }
        // What a compatibility character's normal form puts around its letters (`㈀` is
        // `(ᄀ)`) is not part of the token cut from that form.
        let key = &out[start..];
        let lead = key.len() - key.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        let kept = key.trim_end_matches(|c: char| !c.is_alphanumeric() && !is_mark(c)).len();
        if lead > 0 || kept < key.len() {
            let trimmed = key[lead..kept.max(lead)].to_string();
            out.truncate(start);
            out.push_str(&trimmed);
        }
    }
    // A mixed number's space.
    if let Some(at) = out[start..].find(' ') {
        out.replace_range(start + at..start + at + 1, "-");
    }
}

/// One byte of an ASCII token's key: lower case, a mixed number's space as `-`. The fast paths
/// that compare or hash ASCII keys without building them use it too, so they cannot drift from
/// [`push_word_key`].
pub fn ascii_key_byte(b: u8) -> u8 {
    if b == b' ' { b'-' } else { b.to_ascii_lowercase() }
}

/// The comparison forms of all word tokens of `text`.
pub fn word_keys(text: &str) -> Vec<String> {
    words(text).map(|w| word_key(w.of(text))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        words(text).map(|s| s.of(text)).collect()
    }

    #[test]
    fn a_combining_mark_after_a_space_is_a_token_without_the_space() {
        // Found by the property test `every_letter_and_digit_is_in_exactly_one_token`: a no-break
        // space with a Lao vowel sign after it was one token, space included.
        assert_eq!(toks("\u{a0}\u{eb8}"), ["\u{eb8}"]);
        assert_eq!(toks("a \u{301}b"), ["a", "b"]);
    }

    #[test]
    fn slash_and_apostrophe_separate_tokens() {
        assert_eq!(toks("Daesh/ISIS' toxic"), ["Daesh", "ISIS", "toxic"]);
        assert_eq!(toks("Coalition's"), ["Coalition", "s"]);
    }

    #[test]
    fn numbers_are_whole() {
        for (text, tokens) in [
            ("4-1/4 to 4-1/2 percent", &["4-1/4", "to", "4-1/2", "percent"][..]),
            ("range to 0 to 1/4 percent.", &["range", "to", "0", "to", "1/4", "percent"]),
            ("3\u{2011}3/4 and 2\u{BE} billion", &["3\u{2011}3/4", "and", "2\u{BE}", "billion"]),
            ("a rate of 2 3/4 percent", &["a", "rate", "of", "2 3/4", "percent"]),
            ("2.5 percent; $1,000.50 in 2014.", &["2.5", "percent", "1,000.50", "in", "2014"]),
            ("on 2014-07-30, 1994-95 and 24/7", &["on", "2014-07-30", "1994", "95", "and", "24/7"]),
            ("in 2 3/4ths", &["in", "2", "3/4ths"]),
            ("COVID-19 and G7", &["COVID", "19", "and", "G7"]),
        ] {
            assert_eq!(toks(text), tokens, "{text}");
        }
    }

    #[test]
    fn document_symbols_are_whole() {
        for (text, tokens) in [
            ("resolution S/RES/2233 (2015)", &["resolution", "S/RES/2233", "2015"][..]),
            ("see S/2003/715.", &["see", "S/2003/715"]),
            ("A/HRC/RES/47/1 and E/CN.4/2005/L.10", &["A/HRC/RES/47/1", "and", "E/CN.4/2005/L.10"]),
            ("Daesh/ISIS and ISIS/Daesh", &["Daesh", "ISIS", "and", "ISIS", "Daesh"]),
            ("UN/OCHA", &["UN", "OCHA"]),
        ] {
            assert_eq!(toks(text), tokens, "{text}");
        }
    }

    #[test]
    fn ideographs_stand_alone_and_marks_stay_with_their_letter() {
        assert_eq!(toks("延长十二个月，至2016年"), ["延", "长", "十", "二", "个", "月", "至", "2016", "年"]);
        assert_eq!(toks("カタカナ と ひらがな"), ["カ", "タ", "カ", "ナ", "と", "ひ", "ら", "が", "な"]);
        assert_eq!(toks("Communique\u{301} final"), ["Communique\u{301}", "final"]);
        assert_eq!(word_key("Communique\u{301}"), word_key("COMMUNIQUÉ"));
        assert_eq!(
            toks("Совет Безопасности; مجلس الأمن; Συμβούλιο"),
            ["Совет", "Безопасности", "مجلس", "الأمن", "Συμβούλιο"]
        );
    }

    /// Short texts in the six official languages of the United Nations: the tokens, and the
    /// text rebuilt from them and what lies between.
    #[test]
    fn the_six_un_languages() {
        for (text, tokens) in [
            (
                "مجلس الأمن يقرر تمديد الولاية حتى 31 آذار/مارس 2016.",
                &["مجلس", "الأمن", "يقرر", "تمديد", "الولاية", "حتى", "31", "آذار", "مارس", "2016"][..],
            ),
            ("安理会决定延长六个月。", &["安", "理", "会", "决", "定", "延", "长", "六", "个", "月"]),
            (
                "The Council extends the mandate to 31 March 2016.",
                &["The", "Council", "extends", "the", "mandate", "to", "31", "March", "2016"],
            ),
            (
                "Le Conseil décide de proroger le mandat jusqu’au 31 mars 2016.",
                &[
                    "Le", "Conseil", "décide", "de", "proroger", "le", "mandat", "jusqu", "au", "31", "mars",
                    "2016",
                ],
            ),
            (
                "Совет постановляет продлить мандат до 31 марта 2016 года.",
                &["Совет", "постановляет", "продлить", "мандат", "до", "31", "марта", "2016", "года"],
            ),
            (
                "El Consejo decide prorrogar el mandato hasta el 31 de marzo de 2016.",
                &[
                    "El",
                    "Consejo",
                    "decide",
                    "prorrogar",
                    "el",
                    "mandato",
                    "hasta",
                    "el",
                    "31",
                    "de",
                    "marzo",
                    "de",
                    "2016",
                ],
            ),
        ] {
            assert_eq!(toks(text), tokens, "{text}");
            let spans: Vec<Span> = words(text).collect();
            let mut rebuilt = String::new();
            let mut at = 0;
            for span in &spans {
                assert!(
                    span.start >= at && text.is_char_boundary(span.start) && text.is_char_boundary(span.end)
                );
                rebuilt.push_str(&text[at..span.start]);
                rebuilt.push_str(span.of(text));
                at = span.end;
            }
            rebuilt.push_str(&text[at..]);
            assert_eq!(rebuilt, text);
        }
    }

    #[test]
    fn a_number_s_forms_have_one_key() {
        let keys: Vec<String> = ["2\u{BE}", "2-3/4", "2\u{2011}3/4", "2 3/4", "2\u{2010}3\u{2044}4"]
            .iter()
            .map(|w| word_key(w))
            .collect();
        assert!(keys.iter().all(|k| k == "2-3/4"), "{keys:?}");
        assert_eq!(word_key("\u{BC}"), "1/4");
        assert_eq!(word_key("S/RES/2233"), "s/res/2233");
    }

    #[test]
    fn unicode_letters_are_alphanumeric() {
        assert_eq!(toks("Côte d’Ivoire — Français"), ["Côte", "d", "Ivoire", "Français"]);
    }

    #[test]
    fn keys_fold_case_and_compatibility_forms() {
        assert_eq!(word_key("ISIS"), "isis");
        assert_eq!(word_key("ﬁnal"), "final");
        assert_eq!(word_keys("Daesh/ISIS"), ["daesh", "isis"]);
    }

    #[test]
    fn empty_and_separator_only_text_has_no_tokens() {
        assert!(toks("").is_empty());
        assert!(toks(" — / ... ").is_empty());
        assert_eq!(count_words("a b  c"), 3);
    }
}
