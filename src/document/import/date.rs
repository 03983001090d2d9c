//! Finding a meeting's date: in a flag, a file name, or the text.

use chrono::NaiveDate;

use crate::document::words;

/// Parses a `YYYY-MM-DD` date, with a message saying what is wrong.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let shape_ok = text.len() == 10
        && text.bytes().enumerate().all(
            |(i, b)| {
                if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() }
            },
        );
    if !shape_ok {
        return Err(format!("\"{text}\" is not a date in the form YYYY-MM-DD"));
    }
    // Read the digits by hand: chrono's format parser is slow for listing many file names.
    let number = |range: std::ops::Range<usize>| {
        text.as_bytes()[range].iter().fold(0u32, |n, &b| n * 10 + u32::from(b - b'0'))
    };
    NaiveDate::from_ymd_opt(number(0..4) as i32, number(5..7), number(8..10))
        .ok_or_else(|| format!("\"{text}\" is not a calendar date"))
}

/// The first `YYYY-MM-DD` in a file name: `Some(Ok(date))`, `Some(Err(_))` when it is not a
/// calendar date, `None` when there is none.
pub fn date_in_file_name(name: &str) -> Option<Result<NaiveDate, String>> {
    let bytes = name.as_bytes();
    (0..bytes.len().saturating_sub(9)).find_map(|i| {
        let window = name.get(i..i + 10)?;
        let shaped = window
            .bytes()
            .enumerate()
            .all(|(j, b)| if j == 4 || j == 7 { b == b'-' } else { b.is_ascii_digit() });
        let bounded = i == 0 || !bytes[i - 1].is_ascii_digit();
        (shaped && bounded).then(|| parse_date(window))
    })
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month(word: &str) -> Option<u32> {
    let lower = word.to_lowercase();
    MONTHS
        .iter()
        .position(|m| {
            *m == lower || (lower.len() >= 3 && lower != "may" && m.starts_with(&lower) && lower.len() <= 4)
        })
        .map(|i| i as u32 + 1)
}

fn day(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    let ok_suffix = matches!(suffix, "" | "st" | "nd" | "rd" | "th");
    (ok_suffix && (1..=2).contains(&digits.len())).then(|| digits.parse().ok()).flatten()
}

fn year(word: &str) -> Option<i32> {
    (word.len() == 4).then(|| word.parse().ok()).flatten()
}

/// The first date written out in `text` ("28 June 2021", "June 28, 2021"), with the words it
/// was read from.
pub fn date_in_text(text: &str) -> Option<(NaiveDate, String)> {
    let tokens: Vec<&str> = words(text).map(|s| s.of(text)).collect();
    tokens.windows(3).find_map(|w| {
        let (d, m, y) = match (day(w[0]), month(w[1]), month(w[0]), day(w[1])) {
            (Some(d), Some(m), _, _) => (d, m, year(w[2])?),
            (_, _, Some(m), Some(d)) => (d, m, year(w[2])?),
            _ => return None,
        };
        NaiveDate::from_ymd_opt(y, m, d).map(|date| (date, w.join(" ")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn parses_flags_strictly() {
        assert_eq!(parse_date("2021-06-28"), Ok(ymd(2021, 6, 28)));
        assert!(parse_date("2021-02-30").unwrap_err().contains("not a calendar date"));
        assert!(parse_date("28/06/2021").unwrap_err().contains("YYYY-MM-DD"));
        assert!(parse_date("2021-6-28").is_err());
    }

    #[test]
    fn finds_dates_in_file_names() {
        assert_eq!(date_in_file_name("2003-08-14-s-res-1500-2003.txt"), Some(Ok(ymd(2003, 8, 14))));
        assert_eq!(date_in_file_name("rome_2021-06-28.html"), Some(Ok(ymd(2021, 6, 28))));
        assert_eq!(date_in_file_name("000_2dfa19232605a5b0.txt"), None);
        assert!(matches!(date_in_file_name("2021-13-01.txt"), Some(Err(_))));
    }

    #[test]
    fn finds_dates_in_text() {
        assert_eq!(date_in_text("met in Rome on 28 June 2021 to").unwrap().0, ymd(2021, 6, 28));
        assert_eq!(
            date_in_text("Washington, June 28, 2021 —").unwrap(),
            (ymd(2021, 6, 28), "June 28 2021".into())
        );
        assert_eq!(date_in_text("on the 3rd Sept. 2019").unwrap().0, ymd(2019, 9, 3));
        assert_eq!(date_in_text("resolution 1483 (2003) of 22 May 2003,").unwrap().0, ymd(2003, 5, 22));
        assert_eq!(date_in_text("no date here, only 2021 and May"), None);
        assert_eq!(date_in_text("31 June 2021"), None);
    }
}
