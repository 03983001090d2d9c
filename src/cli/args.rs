//! The command-line grammar (clap definitions only).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCompleter;

/// Follow how official language changes from one meeting to the next.
#[derive(Debug, Parser)]
#[command(
    name = "communique",
    version,
    about,
    max_term_width = 100,
    after_help = "Examples (in a corpus folder; elsewhere, name it with -C DIR):\n  communique list --series fomc\n  communique diff fomc:latest~1 fomc:latest\n  communique blame \"sole purpose\"\n  communique report unami-iraq:latest~1 unami-iraq:latest -o briefing.html\n\n'communique help COMMAND' or 'communique COMMAND --help' tells more about a command."
)]
pub struct Cli {
    /// Options that apply to every command.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options that apply to every command.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Use the corpus in DIR instead of searching upward from the current folder
    #[arg(short = 'C', long = "corpus", value_name = "DIR", env = "COMMUNIQUE_CORPUS", global = true)]
    pub corpus: Option<PathBuf>,
    /// When to color the output
    #[arg(long, value_name = "WHEN", default_value = "auto", global = true)]
    pub color: ColorChoice,
    /// Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX`
    /// when stdout is a terminal)
    #[arg(long, global = true)]
    pub no_pager: bool,
    /// Print nothing on stderr but errors
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// When to color output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal and neither NO_COLOR nor CLICOLOR_FORCE says otherwise
    Auto,
    /// Always
    Always,
    /// Never
    Never,
    /// Labels instead of colors, `<<diff.delete::text>>` (for tests and bug reports)
    Debug,
}

/// The subcommands. Each one's arguments are built only when it is the one run (or when help,
/// completions or the manual need them all): `communique diff` does not build the arguments
/// of the other sixteen.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Create a corpus (and a git repository, unless DIR is already inside one)
    #[command(
        after_help = "Examples:\n  communique init briefings\n  communique init        # in the current folder (inside a git repository or not)"
    )]
    Init {
        /// Folder to create the corpus in
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Import text, Markdown or HTML files as meetings, all in one commit
    #[command(
        after_help = "Examples:\n  communique add --series coalition --place Marrakech --date 2022-05-11 communique-marrakech.txt\n  communique add --series fomc statements/*.txt      # dates from the file names\n  communique add --replace --series coalition --date 2021-06-28 --slug rome corrected.html"
    )]
    Add(AddArgs),
    /// List meetings in date order
    #[command(after_help = "Examples:\n  communique list\n  communique list --series fomc --format json")]
    List {
        /// Only this series
        #[arg(long, add = ArgValueCompleter::new(super::complete::series))]
        series: Option<String>,
        /// Output format
        #[arg(long, default_value = "text")]
        format: ListFormat,
    },
    /// Show a meeting with numbered paragraphs
    #[command(
        after_help = "Examples:\n  communique show rome                # the meeting whose id ends so\n  communique show fomc:latest --format md"
    )]
    Show {
        /// The meeting: an id, date, slug, latest, REF~N, REF@REV…
        #[arg(add = ArgValueCompleter::new(super::complete::meetings))]
        reference: String,
        /// Output format
        #[arg(long, default_value = "text")]
        format: ShowFormat,
        /// Wrap text to this many columns (default: the terminal's width)
        #[arg(long)]
        width: Option<usize>,
    },
    /// Compare two meetings (or two files): moved, split, merged and reworded paragraphs
    #[command(
        after_help = "Examples:\n  communique diff unami-iraq:latest~1 unami-iraq:latest\n  communique diff fomc:latest~1 fomc:latest --theme inflation\n  communique diff old.txt new.html --format json"
    )]
    Diff(DiffArgs),
    /// Find where a phrase first appeared, and every meeting that has it
    #[command(
        after_help = "Examples:\n  communique blame \"sole purpose\"\n  communique blame \"continue to monitor\" --series fomc --fuzzy"
    )]
    Blame(BlameArgs),
    /// How the language on themes moves: a timeline across a series, or between two meetings
    #[command(
        after_help = "Examples:\n  communique themes --series fomc\n  communique themes fomc:latest~1 fomc:latest --format md"
    )]
    Themes(ThemesArgs),
    /// Watched phrases across a series: where each one entered and left
    #[command(
        after_help = "Examples:\n  communique watchlist --series fomc\n  communique watchlist --series unami-iraq --format json\n\nWhat to watch is set in communique.toml:\n  [watch.guidance]\n  label = \"Forward guidance\"\n  phrases = [\"patient\", \"some further\", \"extended period\"]\n  series = [\"fomc\"]"
    )]
    Watchlist {
        /// The series (needed when the corpus has several)
        #[arg(long, add = ArgValueCompleter::new(super::complete::series))]
        series: Option<String>,
        /// Only meetings in this date range
        #[command(flatten)]
        dates: Dates,
        /// Output format
        #[arg(long, default_value = "text")]
        format: ListFormat,
        /// Wrap the strips to this many columns (default: the terminal's width)
        #[arg(long)]
        width: Option<usize>,
    },
    /// How much each meeting changed from the one before: words in and out, similarity, paragraphs, the largest rewrites
    #[command(
        after_help = "Examples:\n  communique changes --series fomc\n  communique changes --series fomc --since 2008-01-01 --until 2009-12-31\n  communique changes --series unami-iraq --format json\n\nA change's size is its words inserted plus deleted (as diff --ignore-typography counts them);\nsimilarity is 1 - size / (words of both meetings). An outlier's size is at least 3.5 robust\ndeviations above the series' median (1.4826 x the median absolute deviation, at least one word);\nthe five largest are named."
    )]
    Changes(ChangesArgs),
    /// A change report for a briefing: summary, by theme, new, edited and dropped language, full redline
    #[command(
        after_help = "Examples:\n  communique report unami-iraq:latest~1 unami-iraq:latest -o briefing.html\n  communique report fomc:latest~1 fomc:latest --theme inflation -o changes.docx"
    )]
    Report(ReportArgs),
    /// Write the corpus as a static website: every meeting, every change, every theme
    #[command(
        after_help = "Examples:\n  communique site -o site\n  communique site -o public --series fomc --title \"FOMC statements\"\n\nThe folder must be new, empty, or a site written before (only changed pages are rewritten).\nOpen site/index.html in a browser, or publish the folder on any static host."
    )]
    Site(SiteArgs),
    /// Date every sentence of a meeting to the meeting where it first appeared
    #[command(
        after_help = "Examples:\n  communique annotate unami-iraq:latest\n  communique annotate fomc:latest --words\n  communique annotate unami-iraq:latest --across\n  communique annotate fomc/2008-12-16 --format json"
    )]
    Annotate {
        /// The meeting
        #[arg(add = ArgValueCompleter::new(super::complete::meetings))]
        reference: String,
        /// Output format
        #[arg(long, default_value = "text")]
        format: ListFormat,
        /// Least word similarity (0 to 1) for a sentence to count as an edit of an earlier one
        ///
        /// A sentence not found word for word in an earlier meeting is compared with the
        /// sentences of the meeting before it: the most alike, if at least this alike (word
        /// Dice: twice the shared words over the sum of the lengths), passes on its origin, so a
        /// chain of edits leads back to the first wording. Such sentences are marked `~` with
        /// their similarity to that first wording. Lower values follow looser edits further
        /// back; 1 dates only verbatim sentences.
        #[arg(long, value_name = "X", default_value_t = communique::ops::MIN_SIMILARITY, value_parser = unit_interval)]
        min_similarity: f64,
        /// Also date every word: the meeting that introduced it (WikiWho's method), as
        /// age-coloured runs
        #[arg(long)]
        words: bool,
        /// Also look in the corpus's other series: language that appeared there first is
        /// dated to that series' meeting
        #[arg(long)]
        across: bool,
    },
    /// Keyword in context across the corpus
    #[command(
        after_help = "Examples:\n  communique grep \"Africa*\" --context 5\n  communique grep \"maximum employment\" --series fomc"
    )]
    Grep {
        /// Words to find; a trailing * matches any word starting so (Africa*)
        pattern: String,
        /// Only this series
        #[arg(long, add = ArgValueCompleter::new(super::complete::series))]
        series: Option<String>,
        /// Words of context either side
        #[arg(long, value_name = "N", default_value_t = communique::ops::GREP_CONTEXT)]
        context: usize,
        /// Output format
        #[arg(long, default_value = "text")]
        format: ListFormat,
    },
    /// Show the corpus history, or one meeting's
    #[command(after_help = "Examples:\n  communique log -n 10\n  communique log rome")]
    Log {
        /// Only the commits that changed this meeting
        #[arg(add = ArgValueCompleter::new(super::complete::meetings))]
        reference: Option<String>,
        /// Show at most N commits
        #[arg(short = 'n', long = "max-count", value_name = "N")]
        max_count: Option<usize>,
        /// Output format
        #[arg(long, default_value = "text")]
        format: ListFormat,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    #[command(
        after_help = "Examples:\n  mkdir -p ~/.local/share/bash-completion/completions\n  communique completions bash > ~/.local/share/bash-completion/completions/communique\n  source <(COMPLETE=bash communique)   # also completes meeting ids, themes and series"
    )]
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff): communique(1), or a command's, communique-diff(1)
    #[command(
        after_help = "Examples:\n  mkdir -p ~/.local/share/man/man1\n  communique man > ~/.local/share/man/man1/communique.1\n  communique man diff > ~/.local/share/man/man1/communique-diff.1\n  communique man report | man -l -"
    )]
    Man {
        /// The command whose page to print (default: the page of communique itself)
        #[arg(value_parser = man_page, add = ArgValueCompleter::new(super::complete::man_pages))]
        command: Option<String>,
    },
    /// Poll a web page and import each new statement it shows, printing its diff
    #[command(
        after_help = "Examples:\n  communique watch https://www.federalreserve.gov/monetarypolicy.htm --series fomc --until 20:00\n  communique watch https://example.org/pr.html --series s --exec 'notify-send \"$1\"'\n  communique watch https://example.org/statement.html --series s --once   # one poll, for cron\n\nEach poll is a conditional request (If-None-Match, If-Modified-Since). A page whose statement\ntext is new (not the series' latest meeting's, nor one this watch imported) is imported in one\ncommit, and its diff with the series' previous meeting printed as `communique diff` prints it.\nA changed text for a meeting already there is recorded as a correction if that meeting came\nfrom the same source, and left alone otherwise. Failures back off (up to 10 intervals, at most\n15 minutes, or the server's Retry-After) and are reported once; a 404 is waited out.\nCtrl-C or SIGTERM stops it, after an import under way: exit 130; --until: exit 0."
    )]
    Watch(WatchArgs),
    /// Remove a meeting, in one commit
    #[command(after_help = "Examples:\n  communique rm fomc/2026-09-16 -m \"Withdrawn: wrong file\"")]
    Rm {
        /// The meeting
        #[arg(add = ArgValueCompleter::new(super::complete::meetings))]
        reference: String,
        /// Commit message
        #[arg(short, long)]
        message: Option<String>,
        /// Do not run the repository's pre-commit hook (as `git commit --no-verify`)
        #[arg(long)]
        no_verify: bool,
    },
}

// Arguments of `add` (a plain comment: with deferred subcommands, a doc comment here
// would replace the subcommand's own in its help).
#[derive(Debug, Args)]
pub struct AddArgs {
    /// Files to import (.txt, .md, .html), or web addresses (https://…) to fetch
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Series to add to (default: the corpus's only series); created on first use
    #[arg(long, value_parser = new_series, add = ArgValueCompleter::new(super::complete::series))]
    pub series: Option<String>,
    /// Meeting date, YYYY-MM-DD (default: from the file name, else from the text)
    #[arg(long, value_parser = date)]
    pub date: Option<chrono::NaiveDate>,
    /// Where the meeting took place
    #[arg(long, value_parser = one_line)]
    pub place: Option<String>,
    /// Document title (default: a leading title line)
    #[arg(long, value_parser = one_line)]
    pub title: Option<String>,
    /// Where the text comes from (default: a leading URL line)
    #[arg(long, value_parser = one_line)]
    pub source: Option<String>,
    /// Id suffix after the date (default: from the place or the file name)
    #[arg(long, value_parser = new_slug)]
    pub slug: Option<String>,
    /// Replace existing meetings: records a correction
    #[arg(long)]
    pub replace: bool,
    /// Keep the text as split into paragraphs: no title, source, footer or re-join clean-up,
    /// and a web page's whole text, not only its statement
    #[arg(long)]
    pub raw: bool,
    /// Show what would be stored, and what a web page's import leaves out and why; store
    /// nothing
    #[arg(short = 'n', long)]
    pub dry_run: bool,
    /// Largest file to read or page to fetch, e.g. 200M or 1G (default: 64M)
    #[arg(long, value_name = "SIZE", value_parser = size)]
    pub max_size: Option<u64>,
    /// Longest a web address may take to fetch, in seconds (default: 30)
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: Option<u64>,
    /// Commit message
    #[arg(short, long)]
    pub message: Option<String>,
    /// Do not run the repository's pre-commit hook (as `git commit --no-verify`)
    #[arg(long)]
    pub no_verify: bool,
}

// Arguments of `watch` (a plain comment: with deferred subcommands, a doc comment here
// would replace the subcommand's own in its help).
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The page to watch (https://… or http://…)
    #[arg(value_parser = web_address)]
    pub url: String,
    /// Series the new statements go to; created on first use
    #[arg(long, required = true, value_parser = new_series, add = ArgValueCompleter::new(super::complete::series))]
    pub series: String,
    /// How often to ask: 100ms, 30s, 5m, 1h (at least 100ms)
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = every)]
    pub every: std::time::Duration,
    /// Stop (exit 0) at TIME: HH:MM (the next such time, local), YYYY-MM-DD HH:MM (local), an
    /// RFC 3339 time, or a duration from now (2h)
    #[arg(long, value_name = "TIME", value_parser = until)]
    pub until: Option<chrono::DateTime<chrono::Local>>,
    /// Ask once, import what is new, and exit (a failure exits 1)
    #[arg(long, conflicts_with = "until")]
    pub once: bool,
    /// Run CMD with `sh -c` for each meeting imported, instead of printing its diff: the new
    /// id is $1 and $COMMUNIQUE_ID, the one to compare it with $COMMUNIQUE_PREVIOUS (empty
    /// for a series' first meeting), the corpus $COMMUNIQUE_CORPUS; its failure is reported
    /// and watching goes on
    #[arg(long, value_name = "CMD")]
    pub exec: Option<String>,
    /// Format of the diffs printed
    #[arg(long, default_value = "text")]
    pub format: DiffFormat,
    /// Wrap diffs to this many columns (default: the terminal's width)
    #[arg(long)]
    pub width: Option<usize>,
    /// Also say what each poll found (not modified, unchanged)
    #[arg(short, long)]
    pub verbose: bool,
    /// Keep the text as split into paragraphs: a web page's whole text, not only its
    /// statement (as `add --raw`)
    #[arg(long)]
    pub raw: bool,
    /// Largest page to fetch, e.g. 200M or 1G (default: 64M)
    #[arg(long, value_name = "SIZE", value_parser = size)]
    pub max_size: Option<u64>,
    /// Longest one request may take, in seconds (default: 30)
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: Option<u64>,
    /// Do not run the repository's pre-commit hook (as `git commit --no-verify`)
    #[arg(long)]
    pub no_verify: bool,
}

// Arguments of `blame` (a plain comment: with deferred subcommands, a doc comment here
// would replace the subcommand's own in its help).
#[derive(Debug, Args)]
pub struct BlameArgs {
    /// The phrase (case, punctuation and slashes do not matter)
    pub phrase: String,
    /// Only this series
    #[arg(long, add = ArgValueCompleter::new(super::complete::series))]
    pub series: Option<String>,
    /// Only meetings in this date range
    #[command(flatten)]
    pub dates: Dates,
    /// Also list near variants (one or two word edits away), the closest first
    #[arg(
        long,
        long_help = "Also list near variants: runs of words one edit from the phrase, or up to two for a \
                     phrase of three words or more, where changing, inserting or dropping a word, or \
                     swapping two adjacent words, is one edit. At most 10, the fewest edits first, then \
                     the most used, then the earliest; each one's meetings and first appearance are what \
                     blame of its own text finds. Edits are marked as in git diff --word-diff: \
                     [-old-]{+new+}. Exact occurrences, what surrounds them and pieces of the phrase are \
                     not variants; a one-word phrase has none."
    )]
    pub fuzzy: bool,
    /// Output format
    #[arg(long, default_value = "text")]
    pub format: ListFormat,
}

// `--since` and `--until` (a bad date is a usage error, exit 2, like a bad `--date` of
// `add`). A plain comment, as for the arguments structs above.
#[derive(Debug, Args)]
pub struct Dates {
    /// Only meetings on or after this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = date)]
    pub since: Option<chrono::NaiveDate>,
    /// Only meetings on or before this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = date)]
    pub until: Option<chrono::NaiveDate>,
}

// Arguments of `diff` (a plain comment: with deferred subcommands, a doc comment here
// would replace the subcommand's own in its help).
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier meeting: a reference (rome, latest~1, fomc/2025-07-30@HEAD~2…) or a file
    /// (a path starting with ./, ../ or /, or a file no reference names)
    #[arg(required_unless_present = "files", add = ArgValueCompleter::new(super::complete::meetings_or_files))]
    pub old: Option<String>,
    /// The later meeting: a reference or a file
    #[arg(required_unless_present = "files", add = ArgValueCompleter::new(super::complete::meetings_or_files))]
    pub new: Option<String>,
    /// Files, never references (after --, as in `diff -- latest notes.txt`)
    #[arg(last = true, value_name = "FILE", num_args = 1..=2)]
    pub files: Vec<std::path::PathBuf>,
    /// Output format
    #[arg(long, default_value = "text")]
    pub format: DiffFormat,
    /// Show counts per paragraph and kind instead of the redline
    #[arg(long)]
    pub stat: bool,
    /// Show unchanged paragraphs in full within N paragraphs of a change
    #[arg(long, value_name = "N", conflicts_with = "full")]
    pub context: Option<usize>,
    /// Show every unchanged paragraph in full
    #[arg(long)]
    pub full: bool,
    /// Wrap text to this many columns (default: the terminal's width)
    #[arg(long)]
    pub width: Option<usize>,
    /// Exit with 1 when the meetings differ, 0 when they do not
    #[arg(long)]
    pub exit_code: bool,
    /// Show paragraphs that differ in typography only (hyphens, dashes, quotes, spaces) as
    /// unchanged, as `git diff -w` does whitespace
    #[arg(long)]
    pub ignore_typography: bool,
    /// Say, for each entry, why its paragraphs were paired or left alone: the rule, the
    /// weighted similarity, the rarest shared words, what each piece of a split or merge
    /// carries, the closest candidate of a paragraph left alone
    #[arg(long)]
    pub explain: bool,
    /// Least similarity (0 to 1) for two paragraphs to count as one reworded paragraph
    #[arg(long, value_name = "F", default_value_t = communique::ops::AlignOptions::default().threshold, value_parser = unit_interval)]
    pub threshold: f64,
    /// Import files without clean-up (as `add --raw`)
    #[arg(long)]
    pub raw: bool,
    /// Largest file to read, e.g. 200M or 1G (default: 64M)
    #[arg(long, value_name = "SIZE", value_parser = size)]
    pub max_size: Option<u64>,
    /// Only the paragraphs touching this theme, its terms highlighted (repeatable)
    #[arg(long = "theme", value_name = "NAME", add = ArgValueCompleter::new(super::complete::themes))]
    pub themes: Vec<String>,
}

// Arguments of `themes` (a plain comment: with deferred subcommands, a doc comment here
// would replace the subcommand's own in its help).
#[derive(Debug, Args)]
pub struct ThemesArgs {
    /// Compare this meeting with NEW theme by theme (without both: the series' timeline)
    #[arg(requires = "new", conflicts_with_all = ["series", "since", "until"])]
    #[arg(add = ArgValueCompleter::new(super::complete::meetings))]
    pub old: Option<String>,
    /// The later meeting
    #[arg(add = ArgValueCompleter::new(super::complete::meetings))]
    pub new: Option<String>,
    /// The series of the timeline (needed when the corpus has several)
    #[arg(long, add = ArgValueCompleter::new(super::complete::series))]
    pub series: Option<String>,
    /// Only meetings in this date range
    #[command(flatten)]
    pub dates: Dates,
    /// Only this theme (repeatable; default: every theme of the series)
    #[arg(long = "theme", value_name = "NAME", add = ArgValueCompleter::new(super::complete::themes))]
    pub themes: Vec<String>,
    /// Output format
    #[arg(long, default_value = "text")]
    pub format: ThemesFormat,
    /// Wrap text to this many columns (default: the terminal's width)
    #[arg(long)]
    pub width: Option<usize>,
}

// Arguments of `changes` (a plain comment: with deferred subcommands, a doc comment here
// would replace the subcommand's own in its help).
#[derive(Debug, Args)]
pub struct ChangesArgs {
    /// The series (needed when the corpus has several)
    #[arg(long, add = ArgValueCompleter::new(super::complete::series))]
    pub series: Option<String>,
    /// Only meetings in this date range (the first compared with the one before it)
    #[command(flatten)]
    pub dates: Dates,
    /// Output format
    #[arg(long, default_value = "text")]
    pub format: ThemesFormat,
    /// Fit the table to this many columns (default: the terminal's width)
    #[arg(long)]
    pub width: Option<usize>,
}

// Arguments of `report` (a plain comment: with deferred subcommands, a doc comment here
// would replace the subcommand's own in its help).
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The earlier meeting
    #[arg(add = ArgValueCompleter::new(super::complete::meetings))]
    pub old: String,
    /// The later meeting
    #[arg(add = ArgValueCompleter::new(super::complete::meetings))]
    pub new: String,
    /// Only this theme (repeatable; default: every theme of the series)
    #[arg(long = "theme", value_name = "NAME", add = ArgValueCompleter::new(super::complete::themes))]
    pub themes: Vec<String>,
    /// Output format (default: from the extension of -o, else md)
    #[arg(long)]
    pub format: Option<ReportFormat>,
    /// Write the report to FILE instead of standard output
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
}

// Arguments of `site`.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The folder to write the site into (new, empty, or a site written before)
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: std::path::PathBuf,
    /// Only this series (repeatable; default: every series)
    #[arg(long, value_name = "NAME", add = ArgValueCompleter::new(super::complete::series))]
    pub series: Vec<String>,
    /// The site's title (default: the corpus folder's name)
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Where the site will be published (https://…/): canonical links and a sitemap.xml
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// Formats of `report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// GitHub-flavoured Markdown, <del> and <ins> for the redlines
    Md,
    /// One self-contained HTML file (inline CSS and SVG, no script, no requests)
    Html,
    /// A Word document with tracked changes
    Docx,
    /// JSON (communique.report/2)
    Json,
}

impl ReportFormat {
    /// The format's name, as `--format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Md => "md",
            Self::Html => "html",
            Self::Docx => "docx",
            Self::Json => "json",
        }
    }
}

/// Formats of `themes` and `changes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ThemesFormat {
    /// A table for the terminal
    Text,
    /// JSON (communique.themes/1, communique.themes.compare/2 for two meetings;
    /// communique.changes/1)
    Json,
    /// A Markdown table
    Md,
}

/// A calendar date, YYYY-MM-DD (`--date`, `--since`, `--until`).
fn date(text: &str) -> Result<chrono::NaiveDate, String> {
    communique::document::import::parse_date(text)
}

/// A name for a series a meeting is added to (`add --series`).
fn new_series(text: &str) -> Result<String, communique::document::import::NameError> {
    communique::document::import::validate_new_name("series", text).map(|()| text.to_string())
}

/// A slug for a meeting's id (`add --slug`).
fn new_slug(text: &str) -> Result<String, communique::document::import::NameError> {
    communique::document::import::validate_new_name("slug", text).map(|()| text.to_string())
}

/// One line of printable text (`--title`, `--place`, `--source`).
fn one_line(text: &str) -> Result<String, communique::document::import::LineError> {
    communique::document::import::validate_line(text).map(|()| text.to_string())
}

/// A web address (`watch URL`).
fn web_address(text: &str) -> Result<String, String> {
    if communique::ops::watch::is_url(text) {
        Ok(text.to_string())
    } else {
        Err(format!("\"{text}\" is not a web address: give one starting with https:// or http://"))
    }
}

/// An interval of polls (`watch --every`).
fn every(text: &str) -> Result<std::time::Duration, String> {
    communique::ops::watch::parse_every(text)
}

/// When to stop (`watch --until`).
fn until(text: &str) -> Result<chrono::DateTime<chrono::Local>, String> {
    communique::ops::watch::parse_until_now(text)
}

/// A size: bytes, or a number with K, M, G (`--max-size`).
fn size(text: &str) -> Result<u64, String> {
    communique::files::parse_size(text)
}

fn man_page(text: &str) -> Result<String, String> {
    let commands = super::man::commands();
    if commands.iter().any(|c| c == text) {
        Ok(text.to_string())
    } else {
        Err(format!("no command \"{text}\" has a page; the commands are {}", commands.join(", ")))
    }
}

fn unit_interval(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("\"{text}\" is not a number between 0 and 1")),
    }
}

/// Formats of `diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Terminal redline
    Text,
    /// JSON (communique.diff/1)
    Json,
    /// Markdown with <del> and <ins>
    Md,
}

/// Formats of `list` and `log`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned text
    Text,
    /// JSON
    Json,
}

/// Formats of `show`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// Text with numbered paragraphs
    Text,
    /// JSON with sentences
    Json,
    /// Markdown
    Md,
}
