//! The application layer: one function per question the tool answers — [`diff`], [`report()`],
//! [`blame`], [`annotate`], [`grep`], [`themes`] and [`compare_themes`], [`changes()`],
//! [`watchlist`], [`show`], [`list`], [`log`], [`add`], [`remove`], and [`watch`](mod@watch)'s
//! polls — each taking an open [`Workspace`] (or documents) and typed options, and returning
//! the model the renderers print. The command line calls exactly one
//! of them per command; a site generator or any embedding program calls the same ones.
//!
//! ```
//! use std::path::Path;
//! use communique::ops::{self, DiffOptions, Input, Workspace};
//!
//! let workspace = Workspace::open(Some(Path::new("corpus")))?;
//! let side = |arg: &str| Input { arg: arg.to_string(), file: false };
//! let options = DiffOptions { themes: vec!["inflation".into()], ..DiffOptions::default() };
//! let answer = ops::diff(&side("fomc/2008-10-29"), &side("fomc/2008-12-16"), &options, &|| Ok(&workspace))?;
//! assert!(answer.diff.has_changes());
//! assert!(answer.diff.paragraphs.iter().all(|e| e.themes.contains(&"inflation".to_string())));
//!
//! let everywhere = ops::Window::default();
//! let blame = ops::blame(&workspace, "sole purpose", &everywhere, false, &mut ops::Quiet)?;
//! assert_eq!(blame.first.map(|a| a.id), Some("coalition/2021-06-28-rome".to_string()));
//! # Ok::<(), communique::ops::Error>(())
//! ```
//!
//! Owns: opening a corpus with its themes read, choosing themes, gathering what an answer
//! needs from the corpus (meetings, sentence prints through the cache), and the report model
//! ([`report`](mod@report)). Never prints, never styles, never parses command lines: notes for the user
//! are returned with the answer. Imports every layer below (docs/DESIGN.md, "Layers"); only
//! `render` and the binary's `cli` import it.

mod answers;
pub mod changes;
mod error;
mod index;
mod origins;
pub mod report;
mod sides;
mod signals;
pub mod site;
pub mod watch;

/// The diff engine's settings, as `diff` takes them.
pub use crate::align::Options as AlignOptions;
pub use crate::fetch::{Answer as FetchAnswer, FetchError, Validators};
pub use answers::*;
pub use changes::{Changes, changes};
pub use error::{Error, SiteProblem};
pub use sides::{Input, Opened};
pub use signals::{PhraseLine, WATCHLIST_SCHEMA, WatchLine, Watchlist, watchlist};

use std::path::Path;

use crate::corpus::config::{ConfigError, Problem};
use crate::corpus::{Corpus, CorpusError};
use crate::signals::Watch;
use crate::themes::{Theme, parse_term};

/// Told how far long work has come, for a progress bar.
pub trait Progress {
    /// Work of `total` steps of `what` ("reading", "importing") begins.
    fn start(&mut self, total: usize, what: &'static str);
    /// One step done.
    fn step(&mut self);
    /// The work is over.
    fn finish(&mut self);
}

/// No progress shown.
#[derive(Clone, Copy, Debug, Default)]
pub struct Quiet;

impl Progress for Quiet {
    fn start(&mut self, _: usize, _: &'static str) {}
    fn step(&mut self) {}
    fn finish(&mut self) {}
}

/// An open corpus and its themes, read and checked once.
///
/// One workspace serves one thread (the corpus keeps its git repository, what it has warned
/// about and whether hooks run in cells); open one per thread to work in parallel. What the
/// corpus read but found amiss piles up in [`Corpus::take_warnings`]: take them after each
/// answer, as the command line does.
pub struct Workspace {
    corpus: Corpus,
    themes: Vec<Theme>,
    watches: Vec<Watch>,
}

impl Workspace {
    /// The corpus in `dir`, or (without one) the one holding the current folder.
    pub fn open(dir: Option<&Path>) -> Result<Self, Error> {
        let corpus = match dir {
            Some(dir) => Corpus::open(dir)?,
            None => Corpus::discover(Path::new("."))?,
        };
        Self::new(corpus)
    }

    /// `corpus` with its themes read from its settings; a term that is not one is an error
    /// naming its line.
    pub fn new(corpus: Corpus) -> Result<Self, Error> {
        let watches = read_watches(&corpus)?;
        if let Some(themes) = corpus.compiled_settings().and_then(|bytes| decode_themes(&corpus, bytes)) {
            return Ok(Self { corpus, themes, watches });
        }
        let mut themes = Vec::with_capacity(corpus.config().themes.len());
        for table in &corpus.config().themes {
            let mut terms = Vec::with_capacity(table.terms.len());
            for (text, line) in &table.terms {
                let term = parse_term(text).map_err(|problem| CorpusError::Config {
                    path: corpus.config_path().to_path_buf(),
                    error: ConfigError {
                        line: Some(*line),
                        table: Some(format!("theme \"{}\"", table.name)),
                        problem: Problem::Term(problem),
                    },
                })?;
                terms.push(term);
            }
            themes.push(Theme {
                name: table.name.clone(),
                label: table.label.clone(),
                terms,
                series: table.series.clone(),
            });
        }
        corpus.keep_compiled_settings(&encode_themes(&themes));
        Ok(Self { corpus, themes, watches })
    }

    /// Creates a corpus in `dir` (see [`Corpus::init`]).
    pub fn init(dir: &Path) -> Result<Self, Error> {
        Self::new(Corpus::init(dir)?)
    }

    /// The corpus.
    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// Every theme of the corpus, in the order its settings define them.
    pub fn themes(&self) -> &[Theme] {
        &self.themes
    }

    /// The themes that apply to `series`.
    pub fn themes_for(&self, series: &str) -> Vec<&Theme> {
        self.themes.iter().filter(|t| t.applies_to(series)).collect()
    }

    /// Every watch of the corpus (`[watch.NAME]`), in the order its settings define them.
    pub fn watches(&self) -> &[Watch] {
        &self.watches
    }

    /// The watches that apply to `series`.
    pub fn watches_for(&self, series: &str) -> Vec<&Watch> {
        self.watches.iter().filter(|w| w.applies_to(series)).collect()
    }
}

/// The watched phrases of the corpus's settings; a phrase that is not one is an error naming
/// its line. (Phrases are few: they are read each time, not kept compiled as terms are.)
fn read_watches(corpus: &Corpus) -> Result<Vec<Watch>, Error> {
    let mut watches = Vec::with_capacity(corpus.config().watches.len());
    for table in &corpus.config().watches {
        let mut phrases = Vec::with_capacity(table.phrases.len());
        for (text, line) in &table.phrases {
            let phrase = parse_term(text).map_err(|problem| CorpusError::Config {
                path: corpus.config_path().to_path_buf(),
                error: ConfigError {
                    line: Some(*line),
                    table: Some(format!("watch \"{}\"", table.name)),
                    problem: Problem::Term(problem.replacen("term", "phrase", 1)),
                },
            })?;
            phrases.push(phrase);
        }
        watches.push(Watch {
            name: table.name.clone(),
            label: table.label.clone(),
            phrases,
            series: table.series.clone(),
        });
    }
    Ok(watches)
}

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field("root", &self.corpus.root())
            .field("themes", &self.themes.len())
            .field("watches", &self.watches.len())
            .finish()
    }
}

/// The themes' terms as kept with the settings ([`Corpus::keep_compiled_settings`]): each
/// term's tokens, in the settings' order, after the format number.
fn encode_themes(themes: &[Theme]) -> Vec<u8> {
    use crate::corpus::cache;
    let mut out = THEMES_FORMAT.to_le_bytes().to_vec();
    for theme in themes {
        for term in &theme.terms {
            cache::put_count(&mut out, term.len());
            for (key, prefix) in term.tokens() {
                out.push(u8::from(prefix));
                cache::put_text(&mut out, key);
            }
        }
    }
    out
}

/// The number of [`encode_themes`]'s format: changed whenever it or the token rule changes.
const THEMES_FORMAT: u32 = 1;

/// The themes of the corpus's settings from what [`encode_themes`] kept; `None` for bytes it
/// did not write, or written for other settings.
fn decode_themes(corpus: &Corpus, bytes: &[u8]) -> Option<Vec<Theme>> {
    use crate::corpus::cache;
    let mut reader = cache::Reader::new(bytes);
    if reader.u32()? != THEMES_FORMAT as usize {
        return None;
    }
    let mut themes = Vec::with_capacity(corpus.config().themes.len());
    for table in &corpus.config().themes {
        let mut terms = Vec::with_capacity(table.terms.len());
        for (text, _) in &table.terms {
            let mut tokens = Vec::new();
            for _ in 0..reader.u32()? {
                let prefix = match reader.take(1)? {
                    [0] => false,
                    [1] => true,
                    _ => return None,
                };
                tokens.push((reader.text()?, prefix));
            }
            terms.push(crate::lineage::Phrase::from_tokens(text, tokens)?);
        }
        themes.push(Theme {
            name: table.name.clone(),
            label: table.label.clone(),
            terms,
            series: table.series.clone(),
        });
    }
    reader.rest().is_empty().then_some(themes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(settings: &str) -> Result<Workspace, String> {
        let dir = tempfile::tempdir().unwrap();
        let corpus = Corpus::init(dir.path()).unwrap();
        std::fs::write(corpus.root().join(crate::corpus::config::FILE_NAME), settings).unwrap();
        // The message and its causes, as the command line prints them.
        Workspace::new(Corpus::open(dir.path()).unwrap()).map_err(|e| {
            std::iter::successors(Some(&e as &dyn std::error::Error), |e| e.source())
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(": ")
        })
    }

    #[test]
    fn texts_in_memory_are_added_and_compared_without_files() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::init(&dir.path().join("c")).unwrap();
        let source = |name: &str, text: &str| crate::corpus::Source {
            name: name.into(),
            bytes: text.into(),
            origin: None,
        };
        let options = AddOptions {
            flags: crate::document::import::MetaFlags { series: Some("s".into()), ..Default::default() },
            ..AddOptions::default()
        };
        let sources = [
            source("2020-01-01.txt", "Inflation rose sharply in the second quarter.\n\nGrowth held."),
            source("2020-02-01.txt", "Inflation fell sharply in the second quarter.\n\nGrowth held."),
        ];
        let answer = add_sources(&ws, &sources, &options, &mut Quiet).unwrap();
        assert_eq!(answer.added.added.len(), 2);
        assert_eq!(list(&ws, Some("s")).unwrap().len(), 2);
        let (a, b) = (show(&ws, "s:first").unwrap(), show(&ws, "s:latest").unwrap());
        let side = |shown: &Shown| crate::align::Side::of(shown.id.clone(), &shown.document);
        let diff =
            diff_documents((&a.document, side(&a)), (&b.document, side(&b)), &DiffOptions::default(), None)
                .unwrap();
        assert_eq!((diff.stats.modified, diff.stats.unchanged), (1, 1));
        assert_eq!(diff.paragraphs[0].words, (1, 1));
    }

    #[test]
    fn a_bad_term_names_its_line_and_problem() {
        let header = "[series.s]\nlabel = \"S\"\n\n";
        let error = open(&format!("{header}[themes.africa]\nterms = [\n  \"Sahel\",\n  \"Af*rica\",\n]\n"))
            .unwrap_err();
        assert!(
            error.ends_with(
                "line 7: theme \"africa\": term \"Af*rica\": a * can only end a word, as in \"Africa*\" (any word \
                 starting with Africa)"
            ),
            "{error}"
        );
        let error = open(&format!("{header}[themes.x]\nterms = [\"--\"]")).unwrap_err();
        assert!(error.ends_with("line 5: theme \"x\": term \"--\" has no word in it"), "{error}");
        let ws = open(&format!("{header}[themes.x]\nterms = [\"a b\", \"c*\"]\nseries = [\"s\"]")).unwrap();
        assert_eq!((ws.themes().len(), ws.themes_for("s").len(), ws.themes_for("t").len()), (1, 1, 0));
        assert_eq!(ws.themes()[0].terms.len(), 2);
    }
}
