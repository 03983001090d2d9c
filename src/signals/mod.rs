//! Signals: what a reader of statements looks at first — the figures that changed
//! ([`figures`]) and the watched phrases that appeared or vanished ([`watch`]).
//!
//! Pure computation over the engine's entries and documents: `ops` gathers the corpus's
//! watched phrases and first appearances; the renderers print what this layer finds.
//!
//! Layer: imports `document`, `text`, `align` and `lineage`; never the corpus.

pub mod figures;
pub mod watch;

pub use figures::{FigureChange, Measure, changed_figures};
pub use watch::{Seen, Spell, Watch, WatchedPhrase};
