//! One function per subcommand: open the corpus, call the library, hand the answer to a
//! renderer.

use std::io::{self, Write};
use std::path::Path;

use anyhow::{Context, Result};

use super::args::{AddArgs, Cli, Command, ListFormat, ShowFormat};
use super::settings;
use crate::corpus::{Corpus, Source};
use crate::document::import::{MetaFlags, parse_date, validate_name};
use crate::render;

pub(super) fn run(cli: Cli, color: bool) -> Result<()> {
    let open = || -> Result<Corpus> {
        Ok(match &cli.global.corpus {
            Some(dir) => Corpus::open(dir)?,
            None => Corpus::discover(Path::new("."))?,
        })
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match &cli.command {
        Command::Init { dir } => {
            let dir = cli.global.corpus.as_deref().map_or_else(|| dir.clone(), |c| c.join(dir));
            let corpus = Corpus::init(&dir)?;
            writeln!(out, "Created corpus in {}", corpus.root().display())?;
        }
        Command::Add(args) => add(&open()?, args, &mut out)?,
        Command::List { series, format } => {
            let corpus = open()?;
            let listing = corpus.listing()?;
            if let Some(series) = series {
                if !listing.series_names().contains(&series.as_str()) {
                    anyhow::bail!(
                        "no series \"{series}\" in the corpus (it has: {})",
                        listing.series_names().join(", ")
                    );
                }
            }
            let summaries = listing
                .all()
                .iter()
                .filter(|m| series.as_ref().is_none_or(|s| &m.series == s))
                .map(|m| corpus.summary(m))
                .collect::<Result<Vec<_>, _>>()?;
            match format {
                ListFormat::Json => render::list::json(&mut out, &summaries)?,
                ListFormat::Text => render::list::text(&mut out, &summaries, &settings(color, None))?,
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
                ShowFormat::Text => render::show::text(&mut out, &id, &doc, &settings(color, *width))?,
            }
        }
        Command::Log { reference, max_count, format } => {
            let corpus = open()?;
            let meeting = reference.as_deref().map(|r| corpus.locate(r)).transpose()?;
            let commits = corpus.history(meeting.as_ref().map(|m| &m.id), *max_count)?;
            match format {
                ListFormat::Json => render::log::json(&mut out, &commits)?,
                ListFormat::Text => render::log::text(&mut out, &commits, &settings(color, None))?,
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
        Command::Rm { reference, message } => {
            let corpus = open()?;
            let located = corpus.locate(reference)?;
            if located.version != crate::corpus::Version::WorkTree {
                anyhow::bail!("cannot remove a past version ({reference}); name the meeting without @REV");
            }
            corpus.remove(&located.id, message.as_deref())?;
            writeln!(out, "Removed {}", located.id)?;
        }
    }
    out.flush()?;
    Ok(())
}

fn add(corpus: &Corpus, args: &AddArgs, out: &mut dyn Write) -> Result<()> {
    let date =
        args.date.as_deref().map(parse_date).transpose().map_err(|e| anyhow::anyhow!("--date: {e}"))?;
    for (what, value) in [("series", &args.series), ("slug", &args.slug)] {
        if let Some(value) = value {
            validate_name(what, value)?;
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
    let sources = args
        .files
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            Ok(Source { name: path.display().to_string(), bytes })
        })
        .collect::<Result<Vec<_>>>()?;
    let prepared = corpus.prepare(&sources, &flags, args.raw)?;
    let outcome = corpus.add(&prepared, args.replace, args.message.as_deref())?;
    let mut err = io::stderr().lock();
    for p in &prepared {
        for note in &p.notes {
            writeln!(err, "note: {}: {note}", p.file)?;
        }
        if let Some(words) = &p.date_from_text {
            writeln!(
                err,
                "note: {}: date {} read from the text (\"{words}\"); pass --date to override",
                p.file, p.id.date
            )?;
        }
    }
    for series in &outcome.new_series {
        writeln!(err, "note: created series {series}; give it a label in communique.toml")?;
    }
    for id in &outcome.unchanged {
        writeln!(err, "note: {id} is unchanged")?;
    }
    for id in outcome.added.iter().chain(&outcome.replaced) {
        writeln!(out, "{id}")?;
    }
    Ok(())
}
