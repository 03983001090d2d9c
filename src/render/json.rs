//! The one JSON writer every `--format json` goes through: pretty, and with every character a
//! reader or a consumer could be fooled by written as a `\uXXXX` escape.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

/// Writes `value` as pretty JSON and a final line feed.
///
/// serde_json escapes only C0 controls; this also escapes what [`super::is_hidden`] names (C1
/// controls, which some terminals obey when the JSON is printed, bidi controls, U+FFFE/U+FFFF)
/// and U+2028/U+2029, which end a line in JavaScript. The JSON means the same strings.
pub fn write<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, Escaping(PrettyFormatter::new()));
    value.serialize(&mut serializer).map_err(io::Error::from)?;
    writeln!(out)
}

/// [`PrettyFormatter`] with string fragments scanned for characters to escape.
struct Escaping<'a>(PrettyFormatter<'a>);

impl Formatter for Escaping<'_> {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        let mut start = 0;
        for (at, c) in fragment.char_indices() {
            if super::is_hidden(c) {
                writer.write_all(&fragment.as_bytes()[start..at])?;
                // Every such character is in the Basic Multilingual Plane: one \uXXXX.
                write!(writer, "\\u{:04x}", c as u32)?;
                start = at + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_escaped_and_the_strings_round_trip() {
        let text = "a\u{9b}b\u{202e}c\u{2028}d\u{fffe}e\u{1b}f\"é";
        let mut out = Vec::new();
        write(&mut out, &serde_json::json!({ "key\u{85}": [text] })).unwrap();
        let json = String::from_utf8(out).unwrap();
        assert!(json.contains(r#"a\u009bb\u202ec\u2028d\ufffee\u001bf\"é"#), "{json}");
        assert!(json.contains(r#""key\u0085": ["#), "{json}");
        assert!(!json.chars().any(|c| super::super::is_hidden(c) && c != '\n'), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["key\u{85}"][0], text);
    }
}
