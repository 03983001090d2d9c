//! One function per subcommand: open the corpus, call the library, hand the answer to a
//! renderer.

use std::cell::OnceCell;
use std::io::{self, Write};
use std::path::Path;

use anyhow::{Context, Result};

use super::args::{
    AddArgs, BlameArgs, Cli, Command, DiffArgs, DiffFormat, ListFormat, ReportArgs, ReportFormat, ShowFormat,
    ThemesArgs, ThemesFormat,
};
use super::progress::Progress;
use super::{Palette, import_note, note, settings, warning};
use crate::align::{self, Side};
use crate::corpus::{Corpus, Source};
use crate::document::Document;
use crate::document::import::{self, ImportOptions, MetaFlags, parse_date, validate_line, validate_new_name};
use crate::files;
use crate::lineage::{self, Phrase};
use crate::render;
use crate::render::diff::Context as Shown;
use crate::themes::{self, Matcher, Theme};

/// Runs the command, writing its output to `out`; `Ok(false)` when it ends without an error
/// but exits 1 (`diff --exit-code` found differences, `blame` found nothing). What the corpus
/// read but found amiss is shown after a command that succeeds, one `warning:` line each (a
/// failed command shows its error alone).
pub(super) fn run(cli: &Cli, color: Palette, out: &mut dyn Write) -> Result<bool> {
    let corpus = OnceCell::new();
    let answer = run_command(cli, color, out, &corpus)?;
    for message in corpus.get().map(Corpus::take_warnings).unwrap_or_default() {
        warning(&message);
    }
    Ok(answer)
}

/// The corpus of `-C DIR` (else the one holding the current folder), opened once.
fn open_in<'c>(cell: &'c OnceCell<Corpus>, dir: Option<&Path>) -> Result<&'c Corpus> {
    if let Some(corpus) = cell.get() {
        return Ok(corpus);
    }
    let corpus = open_corpus(dir)?;
    super::styles(Palette::Plain, Some(&corpus))?; // a wrong [colors] entry fails every command
    Ok(cell.get_or_init(|| corpus))
}

fn run_command(cli: &Cli, color: Palette, out: &mut dyn Write, cell: &OnceCell<Corpus>) -> Result<bool> {
    let open = || open_in(cell, cli.global.corpus.as_deref());
    let mut out = out;
    match &cli.command {
        Command::Init { dir } => {
            let dir = cli.global.corpus.as_deref().map_or_else(|| dir.clone(), |c| c.join(dir));
            let corpus = Corpus::init(&dir)?;
            writeln!(out, "Created corpus in {}", corpus.root().display())?;
        }
        Command::Add(args) => add(open()?, args, &mut out)?,
        Command::List { series, format } => {
            let corpus = open()?;
            let summaries = corpus
                .listing()?
                .select(series.as_deref(), None, None)?
                .iter()
                .map(|m| corpus.summary(m))
                .collect::<Result<Vec<_>, _>>()?;
            match format {
                ListFormat::Json => render::list::json(&mut out, &summaries)?,
                ListFormat::Text => {
                    render::list::text(&mut out, &summaries, &settings(color, Some(corpus), None)?)?
                }
            }
        }
        Command::Show { reference, format, width } => {
            let corpus = open()?;
            let located = corpus.locate(reference)?;
            let doc = corpus.load(&located)?;
            let id = located.id.to_string();
            match format {
                ShowFormat::Json => render::show::json(&mut out, &id, &doc)?,
                ShowFormat::Md => render::show::markdown(&mut out, &id, &doc)?,
                ShowFormat::Text => {
                    render::show::text(&mut out, &id, &doc, &settings(color, Some(corpus), *width)?)?
                }
            }
        }
        Command::Diff(args) => {
            let differ = diff(cell, cli.global.corpus.as_deref(), args, color, &mut out)?;
            return Ok(!(differ && args.exit_code));
        }
        Command::Themes(args) => themes(open()?, args, color, &mut out)?,
        Command::Report(args) => report(open()?, args, &mut out)?,
        Command::Blame(args) => {
            return blame(open()?, args, color, &mut out);
        }
        Command::Annotate { reference, format, min_similarity } => {
            let corpus = open()?;
            let located = corpus.locate(reference)?;
            if located.version != crate::corpus::Version::WorkTree {
                anyhow::bail!("annotate reads the corpus as it is now; name the meeting without @REV");
            }
            let doc = corpus.load(&located)?;
            let (before, prints) = series_before(corpus, &corpus.listing()?, &located.id)?;
            let annotation =
                lineage::annotation(&before, &prints, meeting_ref(&located.id, &doc), &doc, *min_similarity);
            match format {
                ListFormat::Json => render::lineage::json(&mut out, &annotation)?,
                ListFormat::Text => {
                    render::lineage::annotate(&mut out, &annotation, &settings(color, Some(corpus), None)?)?
                }
            }
        }
        Command::Grep { pattern, series, context, format } => {
            let corpus = open()?;
            let phrase = Phrase::parse(pattern)
                .ok_or_else(|| anyhow::anyhow!("\"{pattern}\" has no word to look for"))?;
            let ids = corpus.listing()?.select(series.as_deref(), None, None)?;
            let hits = lineage::grep(&phrase, &read_meetings(corpus, &ids)?, *context);
            match format {
                ListFormat::Json => render::lineage::json(&mut out, &hits)?,
                ListFormat::Text => {
                    render::lineage::grep(&mut out, &hits, &settings(color, Some(corpus), None)?)?
                }
            }
        }
        Command::Log { reference, max_count, format } => {
            let corpus = open()?;
            let meeting = reference.as_deref().map(|r| corpus.locate(r)).transpose()?;
            let commits = corpus.history(meeting.as_ref().map(|m| &m.id), *max_count)?;
            match format {
                ListFormat::Json => render::log::json(&mut out, &commits)?,
                ListFormat::Text => {
                    render::log::text(&mut out, &commits, &settings(color, Some(corpus), None)?)?
                }
            }
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                *shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "communique",
                &mut out,
            );
        }
        Command::Man => man(&mut out)?,
        Command::Rm { reference, message, no_verify } => {
            let corpus = open()?;
            corpus.run_hooks(!no_verify);
            let located = corpus.locate(reference)?;
            if located.version != crate::corpus::Version::WorkTree {
                anyhow::bail!("cannot remove a past version ({reference}); name the meeting without @REV");
            }
            corpus.remove(&located.id, message.as_deref())?;
            writeln!(out, "Removed {}", located.id)?;
        }
    }
    Ok(true)
}

fn add(corpus: &Corpus, args: &AddArgs, out: &mut dyn Write) -> Result<()> {
    let date =
        args.date.as_deref().map(parse_date).transpose().map_err(|e| anyhow::anyhow!("--date: {e}"))?;
    for (what, value) in [("series", &args.series), ("slug", &args.slug)] {
        if let Some(value) = value {
            validate_new_name(what, value)?;
        }
    }
    for (flag, value) in [("--title", &args.title), ("--place", &args.place), ("--source", &args.source)] {
        if let Some(value) = value {
            validate_line(value).map_err(|e| {
                anyhow::anyhow!("{flag} {e}; give it as one line, without control characters")
            })?;
        }
    }
    let flags = MetaFlags {
        series: args.series.clone(),
        date,
        place: args.place.clone(),
        title: args.title.clone(),
        source: args.source.clone(),
        slug: args.slug.clone(),
    };
    let limit = max_size(args.max_size.as_deref())?;
    let sources = args
        .files
        .iter()
        .map(|path| {
            let bytes = read_file(path, limit)?;
            Ok(Source { name: path.display().to_string(), bytes })
        })
        .collect::<Result<Vec<_>>>()?;
    corpus.run_hooks(!args.no_verify);
    let mut progress = Progress::new(sources.len(), "importing");
    let prepared = corpus.prepare_each(&sources, &flags, args.raw, &mut || progress.step())?;
    drop(progress);
    let outcome = corpus.add(&prepared, args.replace, args.message.as_deref())?;
    for p in &prepared {
        for message in &p.notes {
            import_note(&p.file, message);
        }
        // A file named for one day whose front matter says another: the front matter's is the
        // meeting's date (its new file name follows it); say so.
        let base = p.file.rsplit(['/', '\\']).next().unwrap_or(&p.file);
        if let (None, Some(Ok(named))) = (date, import::date_in_file_name(base))
            && named != p.id.date
            && p.date_from_text.is_none()
        {
            note(&format!(
                "{}: date {} from its front matter, not {named} from its file name; pass --date to override",
                p.file, p.id.date
            ));
        }
        if let Some(words) = &p.date_from_text {
            note(&format!(
                "{}: date {} read from the text (\"{words}\"); pass --date to override",
                p.file, p.id.date
            ));
        }
    }
    for series in &outcome.new_series {
        note(&format!("created series {series}; give it a label in communique.toml"));
    }
    for id in &outcome.unchanged {
        note(&format!("{id} is unchanged"));
    }
    for id in outcome.added.iter().chain(&outcome.replaced) {
        writeln!(out, "{id}")?;
    }
    Ok(())
}

/// The `--max-size` limit, or the default.
fn max_size(flag: Option<&str>) -> Result<u64> {
    flag.map_or(Ok(files::DEFAULT_MAX_SIZE), |text| {
        files::parse_size(text).map_err(|e| anyhow::anyhow!("--max-size: {e}"))
    })
}

/// The corpus of `-C DIR`, else the one holding the current folder.
fn open_corpus(dir: Option<&Path>) -> Result<Corpus> {
    Ok(match dir {
        Some(dir) => Corpus::open(dir)?,
        None => Corpus::discover(Path::new("."))?,
    })
}

/// A file to import, read within `limit` bytes; the error names the file.
fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>> {
    files::read_input(path, limit).map_err(|e| match e {
        files::InputError::Io(_) => anyhow::anyhow!("cannot read {}: {e}", path.display()),
        e => anyhow::anyhow!("{}: {e}", path.display()),
    })
}

/// Whether an argument can only be a path: `./x`, `../x`, `/x` (and `.\\x`, `C:\\x` where
/// those are paths), never a reference.
fn is_path(arg: &str) -> bool {
    let path = Path::new(arg);
    path.is_absolute()
        || arg.starts_with("./")
        || arg.starts_with("../")
        || arg == "."
        || arg == ".."
        || (cfg!(windows) && (arg.starts_with(".\\") || arg.starts_with("..\\")))
}

/// One side of a comparison: a file imported in memory, or a meeting of the corpus (then
/// `true` beside its side). An
/// argument that is an existing file and also names a meeting is refused (git's "ambiguous
/// argument"), unless it is that meeting's own file; `file` (after `--`) or a path that says
/// it is one (`./latest`) is a file.
fn side(
    arg: &str,
    file: bool,
    corpus: &OnceCell<Corpus>,
    corpus_dir: Option<&Path>,
    raw: bool,
    limit: u64,
) -> Result<(Document, (Side, bool))> {
    let path = Path::new(arg);
    let explicit = file || is_path(arg);
    // Anything but a folder is taken for a file; the reader refuses what is not a regular
    // file (a FIFO, a device) and what is over `limit`, saying so.
    let is_file = path.exists() && !path.is_dir();
    if is_file {
        // A corpus that cannot be opened names no meeting: then a file is only a file.
        let meeting = if explicit {
            None
        } else {
            open_in(corpus, corpus_dir).ok().and_then(|c| Some((c, c.locate(arg).ok()?)))
        };
        match meeting {
            Some((corpus, located)) if !is_meeting_file(corpus, &located, path) => {
                anyhow::bail!(
                    "ambiguous argument \"{arg}\": both a file and a meeting ({}); write ./{arg} for the file, \
                     or {} for the meeting, or put files after -- (diff -- FILE FILE)",
                    located.id,
                    located.id
                );
            }
            Some(_) => {}
            None => return file_side(arg, raw, limit).map(|(doc, side)| (doc, (side, false))),
        }
    } else if explicit {
        anyhow::bail!("cannot read {arg}: no such file");
    }
    let looks_like_file =
        [".txt", ".md", ".markdown", ".html", ".htm"].iter().any(|e| arg.to_ascii_lowercase().ends_with(e));
    if looks_like_file && !is_file {
        anyhow::bail!("cannot read {arg}: no such file");
    }
    let corpus = open_in(corpus, corpus_dir)?;
    let located = corpus.locate(arg)?;
    let doc = corpus.load(&located)?;
    let side = Side::of(located.id.to_string(), &doc);
    Ok((doc, (side, true)))
}

/// Whether `path` is the work-tree file of the meeting `located` (naming a meeting's file
/// from inside the corpus names the meeting: nothing ambiguous).
fn is_meeting_file(corpus: &Corpus, located: &crate::corpus::Located, path: &Path) -> bool {
    located.version == crate::corpus::Version::WorkTree
        && match (path.canonicalize(), corpus.root().join(located.id.path()).canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
}

/// A file imported in memory as one side of a comparison.
fn file_side(arg: &str, raw: bool, limit: u64) -> Result<(Document, Side)> {
    let bytes = read_file(Path::new(arg), limit)?;
    let loaded = import::load(arg, &bytes, ImportOptions { raw }).with_context(|| arg.to_string())?;
    for message in &loaded.notes {
        import_note(arg, message);
    }
    let meta = &loaded.document.meta;
    let side =
        Side { id: arg.to_string(), date: loaded.date, title: meta.title.clone(), place: meta.place.clone() };
    Ok((loaded.document, side))
}

/// Runs `diff`, returning whether the two sides differ.
fn diff(
    cell: &OnceCell<Corpus>,
    corpus_dir: Option<&Path>,
    args: &DiffArgs,
    color: Palette,
    out: &mut dyn Write,
) -> Result<bool> {
    // References or files, then files only (after --).
    let sides: Vec<(String, bool)> = [&args.old, &args.new]
        .into_iter()
        .flatten()
        .map(|a| (a.clone(), false))
        .chain(args.files.iter().map(|f| (f.to_string_lossy().into_owned(), true)))
        .collect();
    let [(old_arg, old_file), (new_arg, new_file)] = &sides[..] else {
        anyhow::bail!("diff compares two meetings or files, not {}; name two", sides.len());
    };
    let limit = max_size(args.max_size.as_deref())?;
    let (old, old_side) = side(old_arg, *old_file, cell, corpus_dir, args.raw, limit)?;
    let (new, new_side) = side(new_arg, *new_file, cell, corpus_dir, args.raw, limit)?;
    let options = align::Options { threshold: args.threshold, ..align::Options::default() };
    let mut diff = align::diff(&old, &new, old_side.0, new_side.0, &options);
    // A corpus opened only to rule out a reference named like a file has no say over files.
    let from_corpus = old_side.1 || new_side.1;
    if !from_corpus && !args.themes.is_empty() {
        open_in(cell, corpus_dir).context("--theme reads themes from a corpus's communique.toml")?;
    }
    let corpus = if from_corpus || !args.themes.is_empty() { cell.get() } else { None };
    // Themes come from the corpus the meetings came from (files are compared without one
    // unless --theme asks).
    let asked = match &corpus {
        Some(corpus) if !args.themes.is_empty() => select_themes(corpus, &new.meta.series, &args.themes)?,
        _ => Vec::new(),
    };
    // Entries name the themes of the series they touch, and those asked for even if defined
    // for other series.
    let mut all = corpus.as_ref().map(|c| c.config().themes_for(&new.meta.series)).unwrap_or_default();
    all.extend(asked.iter().filter(|a| !all.iter().any(|t| t.name == a.name)).copied().collect::<Vec<_>>());
    if !all.is_empty() {
        Matcher::new(&all).tag(&mut diff);
    }
    if !asked.is_empty() {
        diff.keep_themes(&asked.iter().map(|t| t.name.clone()).collect::<Vec<_>>());
    }
    let highlight = (!asked.is_empty()).then(|| Matcher::new(&asked));
    let context = match (args.full, args.context) {
        (true, _) => Shown::Full,
        (false, Some(n)) => Shown::Around(n),
        (false, None) => Shown::Folded,
    };
    match (args.stat, args.format) {
        (_, DiffFormat::Json) => render::diff::json(out, &diff)?,
        (_, DiffFormat::Md) => render::diff::markdown(out, &diff)?,
        (true, DiffFormat::Text) => {
            render::diff::stat(out, &diff, &settings(color, cell.get(), args.width)?)?
        }
        (false, DiffFormat::Text) => {
            render::diff::text(
                out,
                &diff,
                context,
                &settings(color, cell.get(), args.width)?,
                highlight.as_ref(),
            )?;
        }
    }
    Ok(diff.has_changes())
}

/// The themes named by `names` (all those of `series` when none), checked against the corpus.
fn select_themes<'c>(corpus: &'c Corpus, series: &str, names: &[String]) -> Result<Vec<&'c Theme>> {
    let config = corpus.config();
    let file = corpus.root().join(crate::corpus::config::FILE_NAME);
    if config.themes.is_empty() {
        anyhow::bail!(
            "no themes are defined in {}; add [themes.NAME] tables with terms (a new corpus's file has examples)",
            file.display()
        );
    }
    if names.is_empty() {
        let themes = config.themes_for(series);
        if themes.is_empty() {
            anyhow::bail!(
                "no theme of {} applies to series {series}; list it in a theme's series",
                file.display()
            );
        }
        return Ok(themes);
    }
    let mut selected: Vec<&Theme> = Vec::new();
    for name in names {
        // The name as written, else the only one equal to it but for case.
        let folded: Vec<&Theme> =
            config.themes.iter().filter(|t| t.name.eq_ignore_ascii_case(name)).collect();
        let exact = config.themes.iter().find(|t| t.name == *name);
        let theme = exact.or(if let [one] = folded[..] { Some(one) } else { None }).ok_or_else(|| {
            let known: Vec<&str> = config.themes.iter().map(|t| t.name.as_str()).collect();
            let closest = known
                .iter()
                .map(|k| (strsim::jaro_winkler(k, name), *k))
                .filter(|(score, _)| *score > 0.8)
                .max_by(|a, b| a.0.total_cmp(&b.0));
            let hint = closest.map(|(_, k)| format!("did you mean \"{k}\"? ")).unwrap_or_default();
            anyhow::anyhow!("no theme \"{name}\" in {}; {hint}themes: {}", file.display(), known.join(", "))
        })?;
        if !selected.iter().any(|t| t.name == theme.name) {
            selected.push(theme);
        }
    }
    Ok(selected)
}

/// The meetings of `ids`, with a progress bar when reading them takes a while.
fn read_meetings(corpus: &Corpus, ids: &[crate::corpus::MeetingId]) -> Result<Vec<lineage::Meeting>> {
    let mut progress = Progress::new(ids.len(), "reading");
    Ok(corpus.meetings_each(ids, &mut || progress.step())?)
}

/// Sections of the manual page that clap does not know.
const MAN_EXTRA: &str = r#".SH "EXIT STATUS"
.TP
0
Success (and, for \fBdiff \-\-exit\-code\fR, no difference).
.TP
1
A runtime error, reported in one line on standard error (the corpus is left as it was); \fBdiff \-\-exit\-code\fR when the meetings differ; \fBblame\fR when the phrase is found nowhere.
.TP
2
A usage error: an unknown option, a missing argument.
.SH ENVIRONMENT
.TP
.B COMMUNIQUE_CORPUS
The corpus folder, as \fB\-C\fR gives it.
.TP
.BR COMMUNIQUE_PAGER ", " PAGER
The pager for long output to a terminal (default \fBless \-FRX\fR); \fB\-\-no\-pager\fR turns it off.
.TP
.BR NO_COLOR ", " CLICOLOR_FORCE
Turn color off (any non\-empty value) or on; \fB\-\-color\fR wins over both.
.TP
.B SOURCE_DATE_EPOCH
The date written into reports, for reproducible output.
.SH FILES
.TP
.I communique.toml
Marks the corpus root; holds series labels, themes and colors (\fB[colors]\fR: a label such as \fBdiff.delete\fR to git color words such as \fBred strikethrough\fR).
.TP
.I <series>/<YYYY\-MM\-DD>[\-<slug>].md
One meeting: TOML front matter between \fB+++\fR lines, then one paragraph per line. The file name is the meeting's id: its folder is the series and its name the date, whatever the front matter says (a disagreement is a warning). Markdown files with other names are not meetings, and each is named in a warning.
.TP
.I .git/communique/
Caches (sentence fingerprints for \fBannotate\fR), keyed by content; safe to delete.
.SH EXAMPLES
.nf
communique init briefings && cd briefings
communique add \-\-series coalition \-\-place Rome rome.txt
communique diff coalition:latest~1 coalition:latest
communique blame "sole purpose" \-\-fuzzy
communique themes \-\-series fomc
communique report rome marrakech \-o briefing.html
.fi
"#;

/// Writes the manual page: clap's sections, then exit status, environment, files, examples.
fn man(out: &mut dyn Write) -> Result<()> {
    let command = <Cli as clap::CommandFactory>::command();
    clap_mangen::Man::new(command).render(out)?;
    out.write_all(MAN_EXTRA.as_bytes())?;
    Ok(())
}

/// Runs `report`: gathers the diff, the themes, the sentence origins and the phrase histories,
/// and writes the report to stdout or to `-o FILE` (whole or not at all).
fn report(corpus: &Corpus, args: &ReportArgs, out: &mut dyn Write) -> Result<()> {
    use std::io::IsTerminal;
    let extension = args.output.as_ref().and_then(|p| p.extension()).and_then(|e| e.to_str());
    let format = args.format.unwrap_or(match extension.map(str::to_ascii_lowercase).as_deref() {
        Some("html" | "htm") => ReportFormat::Html,
        Some("docx") => ReportFormat::Docx,
        Some("json") => ReportFormat::Json,
        _ => ReportFormat::Md,
    });
    if format == ReportFormat::Docx && args.output.is_none() && io::stdout().is_terminal() {
        anyhow::bail!("a DOCX report is binary; write it to a file with -o report.docx");
    }
    let (old, new) = (corpus.locate(&args.old)?, corpus.locate(&args.new)?);
    let (old_doc, new_doc) = (corpus.load(&old)?, corpus.load(&new)?);
    let (old_id, new_id) = (old.id.to_string(), new.id.to_string());
    let options = align::Options::default();
    let mut diff =
        align::diff(&old_doc, &new_doc, Side::of(&old_id, &old_doc), Side::of(&new_id, &new_doc), &options);
    // Themes when the corpus has some for the series (or names them); a report without is fine.
    let series = &new.id.series;
    let selected = if args.themes.is_empty() && corpus.config().themes_for(series).is_empty() {
        Vec::new()
    } else {
        select_themes(corpus, series, &args.themes)?
    };
    let matcher = Matcher::new(&selected);
    matcher.tag(&mut diff);
    let comparison = themes::compare(&matcher, &old_doc, &new_doc, &diff);

    // Where each sentence comes from: both meetings annotated against their series as it is
    // in the work tree, each meeting itself as it was read (it may be from a revision). The
    // series before B is read once; A's is part of it when A comes earlier in the same series.
    let listing = corpus.listing()?;
    let (before_new, new_prints) = series_before(corpus, &listing, &new.id)?;
    let new_origins =
        lineage::annotation(&before_new, &new_prints, meeting_ref(&new.id, &new_doc), &new_doc, 0.5);
    let old_ref = meeting_ref(&old.id, &old_doc);
    let old_origins = match before_new.iter().position(|m| m.id == old_ref.id) {
        Some(at) => lineage::annotation(&before_new[..at], &new_prints[..at], old_ref, &old_doc, 0.5),
        None => {
            let (before_old, old_prints) = series_before(corpus, &listing, &old.id)?;
            lineage::annotation(&before_old, &old_prints, old_ref, &old_doc, 0.5)
        }
    };
    let ids = listing.through(&new.id);
    let mut series_meetings = read_meetings(corpus, &ids[..ids.len().saturating_sub(1)])?;
    series_meetings.push(lineage::Meeting {
        id: new_id.clone(),
        series: series.to_string(),
        date: new_doc.meta.date,
        document: new_doc,
    });
    // The later meeting ends the series: moved there rather than copied with its sentences.
    let new_doc = &series_meetings.last().expect("the later meeting").document;
    let timeline = (!selected.is_empty()).then(|| themes::timeline(&matcher, &series_meetings));
    let report = crate::report::build(crate::report::Inputs {
        generated: report_date()?,
        corpus: corpus.revision()?,
        old: (crate::report::MeetingInfo::of(&old_id, &old_doc), &old_doc),
        new: (crate::report::MeetingInfo::of(&new_id, new_doc), new_doc),
        diff: &diff,
        comparison: &comparison,
        old_origins: &old_origins,
        new_origins: &new_origins,
        series: &series_meetings,
        timeline,
    });
    let mut bytes = Vec::new();
    match format {
        ReportFormat::Md => render::report::markdown(&mut bytes, &report)?,
        ReportFormat::Html => render::report::html(&mut bytes, &report)?,
        ReportFormat::Docx => render::docx::docx(&mut bytes, &report)?,
        ReportFormat::Json => render::report::json(&mut bytes, &report)?,
    }
    match &args.output {
        Some(path) => files::write_output(path, &bytes)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {}", path.display(), files::explain(&e))),
        None => Ok(out.write_all(&bytes)?),
    }
}

/// A meeting as annotations name it.
fn meeting_ref(id: &crate::corpus::MeetingId, doc: &Document) -> lineage::MeetingRef {
    lineage::MeetingRef { id: id.to_string(), date: doc.meta.date }
}

/// The meetings of `id`'s series before it in the work tree, and their sentence prints.
fn series_before(
    corpus: &Corpus,
    listing: &crate::corpus::Listing,
    id: &crate::corpus::MeetingId,
) -> Result<(Vec<lineage::MeetingRef>, Vec<lineage::Prints>)> {
    let mut ids = listing.through(id);
    ids.retain(|m| m != id);
    let prints = corpus.prints(&ids)?;
    Ok((ids.iter().map(|m| lineage::MeetingRef { id: m.to_string(), date: m.date }).collect(), prints))
}

/// The report's date: `SOURCE_DATE_EPOCH` when set (reproducible reports), else today.
fn report_date() -> Result<chrono::NaiveDate> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => {
            let seconds: i64 = value
                .trim()
                .parse()
                .map_err(|_| anyhow::anyhow!("SOURCE_DATE_EPOCH=\"{value}\" is not a number of seconds"))?;
            chrono::DateTime::from_timestamp(seconds, 0)
                .map(|t| t.date_naive())
                .ok_or_else(|| anyhow::anyhow!("SOURCE_DATE_EPOCH={seconds} is out of range"))
        }
        Err(_) => Ok(chrono::Local::now().date_naive()),
    }
}

/// Runs `themes`: the timeline of a series, or two meetings compared theme by theme.
fn themes(corpus: &Corpus, args: &ThemesArgs, color: Palette, out: &mut dyn Write) -> Result<()> {
    let settings = settings(color, Some(corpus), args.width)?;
    if let (Some(old), Some(new)) = (&args.old, &args.new) {
        let (old, new) = (corpus.locate(old)?, corpus.locate(new)?);
        let (old_doc, new_doc) = (corpus.load(&old)?, corpus.load(&new)?);
        let selected = select_themes(corpus, &new.id.series, &args.themes)?;
        let matcher = Matcher::new(&selected);
        let diff = align::diff(
            &old_doc,
            &new_doc,
            Side::of(old.id.to_string(), &old_doc),
            Side::of(new.id.to_string(), &new_doc),
            &align::Options::default(),
        );
        let comparison = themes::compare(&matcher, &old_doc, &new_doc, &diff);
        match args.format {
            ThemesFormat::Json => render::themes::json(out, &comparison)?,
            ThemesFormat::Md => render::themes::compare_markdown(out, &comparison)?,
            ThemesFormat::Text => render::themes::compare_text(out, &comparison, &settings)?,
        }
        return Ok(());
    }
    let (since, until) = args.dates.parse()?;
    let listing = corpus.listing()?;
    let series = match &args.series {
        Some(series) => series.clone(),
        None => match listing.series_names().as_slice() {
            [one] => one.to_string(),
            [] => anyhow::bail!("the corpus has no meetings yet; add some with `communique add`"),
            many => anyhow::bail!(
                "the corpus has {} series ({}); choose one with --series",
                many.len(),
                many.join(", ")
            ),
        },
    };
    let ids = listing.select(Some(&series), since, until)?;
    let selected = select_themes(corpus, &series, &args.themes)?;
    let timeline = themes::timeline(&Matcher::new(&selected), &read_meetings(corpus, &ids)?);
    match args.format {
        ThemesFormat::Json => render::themes::json(out, &timeline)?,
        ThemesFormat::Md => render::themes::timeline_markdown(out, &timeline, &selected)?,
        ThemesFormat::Text => render::themes::timeline_text(out, &series, &timeline, &selected, &settings)?,
    }
    Ok(())
}

/// Runs `blame`, returning whether the phrase was found.
fn blame(corpus: &Corpus, args: &BlameArgs, color: Palette, out: &mut dyn Write) -> Result<bool> {
    let phrase = Phrase::parse(&args.phrase)
        .ok_or_else(|| anyhow::anyhow!("\"{}\" has no word to look for", args.phrase))?;
    let (since, until) = args.dates.parse()?;
    let ids = corpus.listing()?.select(args.series.as_deref(), since, until)?;
    let meetings = read_meetings(corpus, &ids)?;
    let mut answer = lineage::blame(&phrase, &meetings);
    if args.fuzzy {
        answer.variants = Some(lineage::variants(&crate::document::word_keys(&args.phrase), &meetings, 10));
    }
    match args.format {
        ListFormat::Json => render::lineage::json(out, &answer)?,
        ListFormat::Text => {
            render::lineage::blame(out, &answer, &phrase, &settings(color, Some(corpus), None)?)?
        }
    }
    Ok(answer.first.is_some())
}
