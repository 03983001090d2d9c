//! One function per subcommand: open the corpus once, call one function of
//! `communique::ops`, hand the answer to a renderer. No analysis here.

use std::cell::OnceCell;
use std::io::{self, Write};
use std::path::Path;

use anyhow::{Result, bail};

use super::args::{
    AddArgs, ChangesArgs, Cli, Command, DiffArgs, DiffFormat, ListFormat, ReportArgs, ReportFormat,
    ShowFormat, ThemesArgs, ThemesFormat,
};
use super::error::Refusal;
use super::progress::Bars;
use super::{Palette, import_note, note, settings, warning};
use communique::document::import::MetaFlags;
use communique::files;
use communique::ops::{self, AddNote, Workspace};
use communique::render;
use communique::render::diff::Context as Shown;

/// Runs the command, writing its output to `out`; `Ok(false)` when it ends without an error
/// but exits 1 (`diff --exit-code` found differences, `blame` or `grep` found nothing). What the corpus
/// read but found amiss is shown after a command that succeeds, one `warning:` line each (a
/// failed command shows its error alone).
pub(super) fn run(cli: &Cli, color: Palette, out: &mut dyn Write) -> Result<bool> {
    let workspace = OnceCell::new();
    let answer = run_command(cli, color, out, &workspace)?;
    for message in workspace.get().map(|w: &Workspace| w.corpus().take_warnings()).unwrap_or_default() {
        warning(&message);
    }
    Ok(answer)
}

/// The corpus of `-C DIR` (else the one holding the current folder), opened once.
fn open_in<'c>(cell: &'c OnceCell<Workspace>, dir: Option<&Path>) -> Result<&'c Workspace, ops::Error> {
    if let Some(workspace) = cell.get() {
        return Ok(workspace);
    }
    let workspace = Workspace::open(dir)?;
    // A wrong [colors] entry fails every command, whatever its output.
    super::styles(Palette::Plain, Some(workspace.corpus())).map_err(|e| ops::Error::Opener(e.into()))?;
    Ok(cell.get_or_init(|| workspace))
}

/// The corpus opened for this command, if any.
fn opened(cell: &OnceCell<Workspace>) -> Option<&communique::corpus::Corpus> {
    cell.get().map(Workspace::corpus)
}

fn run_command(cli: &Cli, color: Palette, out: &mut dyn Write, cell: &OnceCell<Workspace>) -> Result<bool> {
    let dir = cli.global.corpus.as_deref();
    let open = || open_in(cell, dir);
    let mut out = out;
    match &cli.command {
        Command::Init { dir: folder } => {
            // Under `-C DIR`, the folder is DIR's (made as `init DIR` makes it); `DIR/.` would
            // name a folder inside one that does not exist yet.
            let folder = match dir {
                Some(c) if folder == Path::new(".") => c.to_path_buf(),
                Some(c) => c.join(folder),
                None => folder.clone(),
            };
            let workspace = Workspace::init(&folder)?;
            writeln!(out, "Created corpus in {}", workspace.corpus().root().display())?;
        }
        Command::Add(args) => add(open()?, args, color, &mut out)?,
        Command::List { series, format } => {
            let summaries = ops::list(open()?, series.as_deref())?;
            match format {
                ListFormat::Json => render::list::json(&mut out, &summaries)?,
                ListFormat::Text => {
                    render::list::text(&mut out, &summaries, &settings(color, opened(cell), None)?)?
                }
            }
        }
        Command::Show { reference, format, width } => {
            let shown = ops::show(open()?, reference)?;
            let (id, doc) = (shown.id.as_str(), &shown.document);
            match format {
                ShowFormat::Json => render::show::json(&mut out, &shown)?,
                ShowFormat::Md => render::show::markdown(&mut out, id, doc)?,
                ShowFormat::Text => {
                    render::show::text(&mut out, id, doc, &settings(color, opened(cell), *width)?)?
                }
            }
        }
        Command::Diff(args) => {
            let differ = diff(cell, dir, args, color, &mut out)?;
            return Ok(!(differ && args.exit_code));
        }
        Command::Themes(args) => themes(open()?, args, color, &mut out)?,
        Command::Changes(args) => changes(open()?, args, color, &mut out)?,
        Command::Report(args) => report(open()?, args, &mut out)?,
        Command::Watchlist { series, dates, format, width } => {
            let window = ops::Window { series: series.clone(), ..window(dates)? };
            let workspace = open()?;
            let list = ops::watchlist(workspace, &window, &mut Bars::default())?;
            match format {
                ListFormat::Json => render::signals::watchlist_json(&mut out, &list)?,
                ListFormat::Text => render::signals::watchlist_text(
                    &mut out,
                    &list,
                    &settings(color, Some(workspace.corpus()), *width)?,
                )?,
            }
        }
        Command::Site(args) => super::site::site(open()?, args)?,
        Command::Blame(args) => {
            let window = ops::Window { series: args.series.clone(), ..window(&args.dates)? };
            let answer = ops::blame(open()?, &args.phrase, &window, args.fuzzy, &mut Bars::default())?;
            match args.format {
                ListFormat::Json => render::lineage::json(&mut out, &answer)?,
                ListFormat::Text => {
                    render::lineage::blame(&mut out, &answer, &settings(color, opened(cell), None)?)?
                }
            }
            return Ok(answer.first.is_some());
        }
        Command::Annotate { reference, format, min_similarity, words, across } => {
            // The words' view in text shows no sentence: they are not dated for it.
            let sentences = !(*words && matches!(format, ListFormat::Text));
            let options = ops::AnnotateOptions {
                min_similarity: *min_similarity,
                words: *words,
                across: *across,
                sentences,
            };
            let annotation = ops::annotate(open()?, reference, &options)?;
            match format {
                ListFormat::Json => render::lineage::json(&mut out, &annotation)?,
                ListFormat::Text => {
                    render::lineage::annotate(&mut out, &annotation, &settings(color, opened(cell), None)?)?
                }
            }
        }
        Command::Grep { pattern, series, context, format } => {
            let hits = ops::grep(open()?, pattern, series.as_deref(), *context, &mut Bars::default())?;
            match format {
                ListFormat::Json => render::lineage::json(&mut out, &hits)?,
                ListFormat::Text => {
                    render::lineage::grep(&mut out, &hits, &settings(color, opened(cell), None)?)?
                }
            }
            // As grep(1) and `blame`: no match exits 1.
            return Ok(!hits.is_empty());
        }
        Command::Log { reference, max_count, format } => {
            let commits = ops::log(open()?, reference.as_deref(), *max_count)?;
            match format {
                ListFormat::Json => render::log::json(&mut out, &commits)?,
                ListFormat::Text => {
                    render::log::text(&mut out, &commits, &settings(color, opened(cell), None)?)?
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
        Command::Man { command } => super::man::man(command.as_deref(), &mut out)?,
        Command::Watch(args) => super::watch::watch(open()?, args, color, &mut out)?,
        Command::Rm { reference, message, no_verify } => {
            let id = ops::remove(open()?, reference, message.as_deref(), !no_verify)?;
            writeln!(out, "Removed {id}")?;
        }
    }
    Ok(true)
}

/// `--since` and `--until`; a window that ends before it starts is a usage error.
fn window(dates: &super::args::Dates) -> Result<ops::Window> {
    if let (Some(since), Some(until)) = (dates.since, dates.until)
        && since > until
    {
        bail!(Refusal::EmptyWindow { since, until });
    }
    Ok(ops::Window { series: None, since: dates.since, until: dates.until })
}

fn add(workspace: &Workspace, args: &AddArgs, color: Palette, out: &mut dyn Write) -> Result<()> {
    let options = ops::AddOptions {
        files: args.files.clone(),
        flags: MetaFlags {
            series: args.series.clone(),
            date: args.date,
            place: args.place.clone(),
            title: args.title.clone(),
            source: args.source.clone(),
            slug: args.slug.clone(),
        },
        raw: args.raw,
        replace: args.replace,
        message: args.message.clone(),
        max_size: args.max_size.unwrap_or(files::DEFAULT_MAX_SIZE),
        verify: !args.no_verify,
        dry_run: args.dry_run,
        timeout: args.timeout.map_or(ops::DEFAULT_TIMEOUT, std::time::Duration::from_secs),
    };
    let answer = ops::add(workspace, &options, &mut Bars::default())?;
    for message in &answer.notes {
        match message {
            AddNote::Import(file, n) => import_note(file, n),
            AddNote::DateFromFrontMatter { file, date, named } => note(&format!(
                "{file}: date {date} from its front matter, not {named} from its file name; pass --date to override"
            )),
            AddNote::DateFromText { file, date, words } => {
                note(&format!(
                    "{file}: date {date} read from the text (\"{words}\"); pass --date to override"
                ));
            }
            AddNote::NewSeries(series) => {
                note(&format!("created series {series}; give it a label in communique.toml"));
            }
            AddNote::Unchanged(id) => note(&format!("{id} is unchanged")),
        }
    }
    for id in answer.added.added.iter().chain(&answer.added.replaced) {
        writeln!(out, "{id}")?;
    }
    if !answer.preview.is_empty() {
        let settings = settings(color, Some(workspace.corpus()), None)?;
        for (i, preview) in answer.preview.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            render::show::preview(out, preview, &settings)?;
        }
        note("dry run: nothing was stored");
    }
    Ok(())
}

/// Runs `diff`, returning whether the two sides differ.
fn diff(
    cell: &OnceCell<Workspace>,
    dir: Option<&Path>,
    args: &DiffArgs,
    color: Palette,
    out: &mut dyn Write,
) -> Result<bool> {
    // References or files, then files only (after --).
    let sides: Vec<ops::Input> = [&args.old, &args.new]
        .into_iter()
        .flatten()
        .map(|a| ops::Input { arg: a.clone(), file: false })
        .chain(args.files.iter().map(|f| ops::Input { arg: f.to_string_lossy().into_owned(), file: true }))
        .collect();
    let [old, new] = &sides[..] else {
        return Err(Refusal::DiffSides(sides.len()).into());
    };
    let options = ops::DiffOptions {
        align: ops::AlignOptions {
            threshold: args.threshold,
            explain: args.explain,
            ..ops::AlignOptions::default()
        },
        themes: args.themes.clone(),
        raw: args.raw,
        max_size: args.max_size.unwrap_or(files::DEFAULT_MAX_SIZE),
        ignore_typography: args.ignore_typography,
    };
    let answer = ops::diff(old, new, &options, &|| open_in(cell, dir))?;
    // The corpus the meetings came from, if one was opened, gives the colors.
    let corpus = opened(cell);
    for (file, n) in &answer.notes {
        import_note(file, n);
    }
    let id = &answer.diff.new.id;
    for (theme, its) in &answer.foreign_themes {
        super::warning(&format!(
            "theme \"{theme}\" is defined for {}; {id} is in another series (its terms are matched all the same)",
            its.join(", ")
        ));
    }
    let diff = &answer.diff;
    let context = match (args.full, args.context) {
        (true, _) => Shown::Full,
        (false, Some(n)) => Shown::Around(n),
        (false, None) => Shown::Folded,
    };
    let format = if args.stat && args.format == DiffFormat::Text { None } else { Some(args.format) };
    print_diff(out, &answer, format, context, &|| settings(color, corpus, args.width))?;
    let differ = diff.has_changes();
    // The process ends after this answer: freeing a long diff string by string (a 25 MB
    // comparison holds hundreds of thousands) costs more than letting the system take it back.
    std::mem::forget(answer);
    Ok(differ)
}

/// Prints a diff in `format` (`None`: `--stat`'s counts), as `diff` does; `settings` gives
/// the text's styles and width.
pub(super) fn print_diff(
    out: &mut dyn Write,
    answer: &ops::DiffAnswer,
    format: Option<DiffFormat>,
    context: Shown,
    settings: &dyn Fn() -> Result<render::Settings>,
) -> Result<()> {
    let diff = &answer.diff;
    match format {
        Some(DiffFormat::Json) => render::diff::json(out, diff)?,
        Some(DiffFormat::Md) => render::diff::markdown(out, diff)?,
        None => render::diff::stat(out, diff, &settings()?)?,
        Some(DiffFormat::Text) => render::diff::text(out, diff, context, &settings()?)?,
    }
    Ok(())
}

/// Runs `report`: asks for the report, renders it, and writes it to stdout or to `-o FILE`
/// (whole or not at all).
fn report(workspace: &Workspace, args: &ReportArgs, out: &mut dyn Write) -> Result<()> {
    use std::io::IsTerminal;
    // The output file's extension names the format, or agrees with `--format`: a report
    // written in one format under another's name (Markdown in `x.pdf`) is refused.
    let extension =
        args.output.as_ref().and_then(|p| p.extension()).map(|e| e.to_string_lossy().to_lowercase());
    let named = match extension.as_deref() {
        None => None,
        Some("md" | "markdown" | "txt") => Some(ReportFormat::Md),
        Some("html" | "htm") => Some(ReportFormat::Html),
        Some("docx") => Some(ReportFormat::Docx),
        Some("json") => Some(ReportFormat::Json),
        Some(other) => {
            let file = args.output.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
            return Err(Refusal::ReportExtension { file, extension: other.to_string() }.into());
        }
    };
    let format = match (args.format, named) {
        (Some(given), Some(named)) if given != named => {
            let extension = extension.unwrap_or_default();
            return Err(Refusal::ReportMismatch { extension, format: given.name() }.into());
        }
        (Some(given), _) => given,
        (None, named) => named.unwrap_or(ReportFormat::Md),
    };
    if format == ReportFormat::Docx && args.output.is_none() && io::stdout().is_terminal() {
        return Err(Refusal::DocxToTerminal.into());
    }
    let report =
        ops::report(workspace, &args.old, &args.new, &args.themes, report_date()?, &mut Bars::default())?;
    let mut bytes = Vec::new();
    match format {
        ReportFormat::Md => render::report::markdown(&mut bytes, &report)?,
        ReportFormat::Html => render::report::html(&mut bytes, &report)?,
        ReportFormat::Docx => render::docx::docx(&mut bytes, &report)?,
        ReportFormat::Json => render::report::json(&mut bytes, &report)?,
    }
    match &args.output {
        Some(path) => Ok(ops::write_report(path, &bytes)?),
        None => Ok(out.write_all(&bytes)?),
    }
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
fn themes(workspace: &Workspace, args: &ThemesArgs, color: Palette, out: &mut dyn Write) -> Result<()> {
    let settings = settings(color, Some(workspace.corpus()), args.width)?;
    if let (Some(old), Some(new)) = (&args.old, &args.new) {
        let comparison = ops::compare_themes(workspace, old, new, &args.themes)?;
        match args.format {
            ThemesFormat::Json => render::themes::json(out, &comparison)?,
            ThemesFormat::Md => render::themes::compare_markdown(out, &comparison)?,
            ThemesFormat::Text => render::themes::compare_text(out, &comparison, &settings)?,
        }
        return Ok(());
    }
    let window = ops::Window { series: args.series.clone(), ..window(&args.dates)? };
    let answer = ops::themes(workspace, &window, &args.themes, &mut Bars::default())?;
    match args.format {
        ThemesFormat::Json => render::themes::json(out, &answer.timeline)?,
        ThemesFormat::Md => render::themes::timeline_markdown(out, &answer.timeline, &answer.themes)?,
        ThemesFormat::Text => {
            render::themes::timeline_text(out, &answer.series, &answer.timeline, &answer.themes, &settings)?;
        }
    }
    Ok(())
}

/// Runs `changes`: the change sizes of a series.
fn changes(workspace: &Workspace, args: &ChangesArgs, color: Palette, out: &mut dyn Write) -> Result<()> {
    let window = ops::Window { series: args.series.clone(), ..window(&args.dates)? };
    let answer = ops::changes(workspace, &window, &mut Bars::default())?;
    match args.format {
        ThemesFormat::Json => render::changes::json(out, &answer)?,
        ThemesFormat::Md => render::changes::markdown(out, &answer)?,
        ThemesFormat::Text => {
            render::changes::text(out, &answer, &settings(color, Some(workspace.corpus()), args.width)?)?;
        }
    }
    Ok(())
}
