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
        toml::from_str(text).map_err(|e| e.to_string().split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// The settings text with a `[series.NAME]` table appended, so comments and layout stay as
/// the user wrote them. The result is checked to parse.
pub fn with_series(text: &str, name: &str, label: &str) -> Result<String, String> {
    if Config::parse(text)?.series.contains_key(name) {
        return Ok(text.to_string());
    }
    let mut table = toml::Table::new();
    table.insert("label".into(), toml::Value::String(label.into()));
    let mut wrapper = toml::Table::new();
    wrapper.insert(name.into(), toml::Value::Table(table));
    let body =
        toml::to_string(&toml::Table::from_iter([("series".to_string(), toml::Value::Table(wrapper))]))
            .map_err(|e| e.to_string())?;
    let separator = if text.is_empty() || text.ends_with("\n\n") {
        ""
    } else if text.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    let out = format!("{text}{separator}{body}");
    Config::parse(&out).map_err(|e| format!("cannot add series {name}: {e}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_a_series_keeps_comments() {
        let text = with_series(TEMPLATE, "fomc", "fomc").unwrap();
        assert!(text.starts_with(TEMPLATE));
        assert!(text.ends_with("[series.fomc]\nlabel = \"fomc\"\n"), "{text}");
        let config = Config::parse(&text).unwrap();
        assert_eq!(config.series["fomc"].label.as_deref(), Some("fomc"));
        assert_eq!(with_series(&text, "fomc", "other").unwrap(), text);
    }
}
