//! `communique.toml`: corpus settings.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The settings file's name; its presence makes a folder a corpus.
pub const FILE_NAME: &str = "communique.toml";

/// What a new corpus's settings file says.
pub const TEMPLATE: &str = r#"# communique corpus settings.
#
# Series are folders of meetings; name them with readable labels:
#
#   [series.coalition]
#   label = "Global Coalition against Daesh: ministerial communiqués"
#
# Themes are lenses over diffs, reports and timelines:
#
#   [themes.africa]
#   label = "Africa"
#   terms = ["Africa*", "Sahel", "Mozambique", "sub-Saharan", "Lake Chad"]
"#;

/// Parsed settings.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Config {
    /// Series settings by series name.
    #[serde(default)]
    pub series: BTreeMap<String, SeriesConfig>,
}

/// One series's settings.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SeriesConfig {
    /// A readable name: "FOMC statements".
    pub label: Option<String>,
}

impl Config {
    /// Parses settings text.
    pub fn parse(text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e| {
            e.to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
    }
}

/// The settings text with a `[series.NAME]` table added, comments and layout kept.
pub fn with_series(text: &str, name: &str, label: &str) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    let series = doc
        .entry("series")
        .or_insert_with(|| {
            let mut t = toml_edit::Table::new();
            t.set_implicit(true);
            toml_edit::Item::Table(t)
        })
        .as_table_mut()
        .ok_or("`series` in communique.toml is not a table")?;
    if !series.contains_key(name) {
        let mut table = toml_edit::Table::new();
        table.insert("label", toml_edit::value(label));
        series.insert(name, toml_edit::Item::Table(table));
    }
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_a_series_keeps_comments() {
        let text = with_series(TEMPLATE, "fomc", "fomc").unwrap();
        assert!(text.starts_with(TEMPLATE));
        assert!(
            text.ends_with("[series.fomc]\nlabel = \"fomc\"\n"),
            "{text}"
        );
        let config = Config::parse(&text).unwrap();
        assert_eq!(config.series["fomc"].label.as_deref(), Some("fomc"));
        assert_eq!(with_series(&text, "fomc", "other").unwrap(), text);
    }
}
