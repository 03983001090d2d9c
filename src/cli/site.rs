//! `site`: the corpus as static pages. The pages of meetings and of changes, most of the
//! work, are made on every core, each worker with a workspace of its own (a workspace serves
//! one thread); this thread puts every page in the folder as it comes, then makes the pages
//! that gather the others (series, themes, home, search).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use anyhow::Result;

use super::args::SiteArgs;
use super::error::Refusal;
use super::progress::{Bars, Progress};
use chrono::NaiveDate;
use communique::files;
use communique::ops::site::{
    ChangeSummary, SeriesInfo, Site, SiteFolder, SiteOptions, SummaryHead, ThemeTouched,
};
use communique::ops::{self, Workspace};
use communique::render::site as pages;

/// A page of one meeting (`change: false`) or of the change into it from the one before.
#[derive(Clone, Copy)]
struct Job {
    series: usize,
    at: usize,
    change: bool,
}

/// A page made by a worker.
struct Made {
    job: Job,
    path: String,
    page: String,
    /// Of a change: what the series' and themes' pages show of it.
    change: Option<ChangeSummary>,
}

/// At most this many pages of meetings and changes to make: made without workers.
const IN_LINE: usize = 16;

/// The page of `job`, a page of series `info`.
fn make(
    site: &Site,
    frame: &pages::Frame,
    info: &SeriesInfo,
    generated: NaiveDate,
    job: Job,
) -> Result<Made> {
    let id = &info.meetings[job.at].id;
    Ok(if job.change {
        let old = &info.meetings[job.at - 1].id;
        let report = site.change(old, id, generated, &mut ops::Quiet)?;
        let page = pages::change(frame, info, job.at, &report);
        let change = Some(ChangeSummary::of(&report));
        Made { job, path: pages::change_path(id), page, change }
    } else {
        let view = site.meeting(id, &mut ops::Quiet)?;
        let page = pages::meeting(frame, info, job.at, &view);
        Made { job, path: pages::meeting_path(id), page, change: None }
    })
}

/// What every page depends on besides the corpus: this program (its version, and the binary
/// itself, so a rebuilt one makes every page again) and the site's title and address.
fn salt(frame: &pages::Frame) -> u128 {
    let program = std::env::current_exe().and_then(std::fs::metadata).ok().map(|m| {
        let modified = m.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
        format!("{} {:?}", m.len(), modified)
    });
    // Without the binary's identity nothing is kept: the time makes the salt new.
    let program = program.unwrap_or_else(|| format!("{:?}", std::time::SystemTime::now()));
    let text = format!(
        "{}\0{program}\0{}\0{}",
        env!("CARGO_PKG_VERSION"),
        frame.title,
        frame.base_url.as_deref().unwrap_or("")
    );
    xxhash_rust::xxh3::xxh3_128(text.as_bytes())
}

/// Runs `site`: every page made from the corpus and put in the folder, only those that changed
/// written; one line on standard error says how many.
pub(super) fn site(workspace: &Workspace, args: &SiteArgs) -> Result<()> {
    let base_url = match &args.base_url {
        None => None,
        Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
            Some(if url.ends_with('/') { url.clone() } else { format!("{url}/") })
        }
        Some(url) => return Err(Refusal::BaseUrl(url.clone()).into()),
    };
    // The series asked for are checked before the folder is made.
    let options = SiteOptions { series: args.series.clone(), title: args.title.clone() };
    let site = Site::open(workspace, &options, &mut Bars::default())?;
    let mut folder = SiteFolder::open(&args.output, workspace)?;
    let frame = pages::Frame { title: site.title.clone(), base_url };
    // The date the change reports carry (they do not show it): the latest meeting's, so the
    // pages stay the same from one day to the next.
    let generated =
        site.series.iter().filter_map(|s| s.meetings.last()).map(|m| m.date).max().unwrap_or_default();
    // Pages made from what they were made from last time are kept as they are.
    let keys = site.page_keys(salt(&frame))?;
    let mut changes: Vec<Vec<Option<_>>> = site.series.iter().map(|s| vec![None; s.meetings.len()]).collect();
    // Per series and theme, the changes that touched it: what they said of it is read back
    // from the folder's summaries when the theme's page is made, one theme at a time, rather
    // than held for every theme from the start (at 24,000 meetings, hundreds of megabytes).
    // (Each change with the place of the theme among those its summary lists.)
    let mut sections: Vec<BTreeMap<String, Vec<(usize, usize)>>> = vec![BTreeMap::new(); site.series.len()];
    // What the series' and themes' pages show of the change into meeting `at` of series `s`.
    let mut record = |s: usize, at: usize, summary: SummaryHead| {
        changes[s][at] = Some(summary.stats);
        for (part, theme) in summary.themes.into_iter().enumerate() {
            sections[s].entry(theme).or_default().push((at, part));
        }
    };
    let mut jobs = Vec::new();
    for (s, series) in site.series.iter().enumerate() {
        for (at, meeting) in series.meetings.iter().enumerate() {
            if !folder.reuse(&pages::meeting_path(&meeting.id), keys.meetings[s][at]) {
                jobs.push(Job { series: s, at, change: false });
            }
            if at == 0 {
                continue;
            }
            match folder.reuse_change(&pages::change_path(&meeting.id), keys.changes[s][at]) {
                Some(summary) => record(s, at, summary),
                None => jobs.push(Job { series: s, at, change: true }),
            }
        }
    }
    let made = jobs.len();
    let kept = site.series.iter().map(|s| (2 * s.meetings.len()).saturating_sub(1)).sum::<usize>() - made;
    let total = jobs.len() + site.series.iter().map(|s| 1 + s.themes.len()).sum::<usize>() + 1;
    let mut progress = Progress::new(total, "pages");
    folder.put(pages::CSS_PATH, pages::css().as_bytes())?;
    folder.put(pages::JS_PATH, pages::JS.as_bytes())?;

    let mut accept = |made: Made| -> Result<()> {
        let Job { series: s, at, change } = made.job;
        let input = Some(if change { keys.changes[s][at] } else { keys.meetings[s][at] });
        folder.put_made(&made.path, made.page.as_bytes(), input, made.change.as_ref())?;
        if let Some(summary) = &made.change {
            record(s, at, SummaryHead::of(summary));
        }
        progress.step();
        Ok(())
    };
    // A handful of pages (an update after `add`: the new meeting's two and its neighbour's)
    // are made here, along one walk per series: each worker would first walk each series
    // again, which at 24,000 meetings takes longer than the pages.
    let workers = match jobs.len() {
        0..=IN_LINE => 0,
        n => std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8).min(n),
    };
    if workers == 0 {
        for &job in &jobs {
            accept(make(&site, &frame, &site.series[job.series], generated, job)?)?;
        }
    } else {
        // Each series' stored origins and word index made here first, once, rather than by
        // every worker at once: the change into its latest meeting reads them all.
        for (s, series) in site.series.iter().enumerate() {
            if let ([.., old, new], true) = (series.meetings.as_slice(), jobs.iter().any(|j| j.series == s)) {
                site.change(&old.id, &new.id, generated, &mut ops::Quiet)?;
            }
        }
    }
    let next = AtomicUsize::new(0);
    let root = workspace.corpus().root().to_path_buf();
    // Bounded: pages wait for the folder in memory a few at a time, not the whole site when
    // writing files is slower than making them.
    let (send, receive) = mpsc::sync_channel::<Result<Made>>(2 * workers.max(1));
    std::thread::scope(|scope| -> Result<()> {
        for _ in 0..workers {
            let (send, next, jobs, series, frame, root) =
                (send.clone(), &next, &jobs, &site.series, &frame, &root);
            scope.spawn(move || {
                let work = || -> Result<()> {
                    let ws = Workspace::open(Some(root))?;
                    let site = Site::for_pages(&ws)?;
                    loop {
                        let Some(&job) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) else {
                            return Ok(());
                        };
                        let made = make(&site, frame, &series[job.series], generated, job)?;
                        if send.send(Ok(made)).is_err() {
                            return Ok(());
                        }
                    }
                };
                if let Err(e) = work() {
                    // The first error ends the run: the others take no new job.
                    next.store(usize::MAX / 2, Ordering::Relaxed);
                    let _ = send.send(Err(e));
                }
            });
        }
        drop(send);
        for made in receive {
            let made = match made {
                Ok(made) => made,
                Err(e) => {
                    next.store(usize::MAX / 2, Ordering::Relaxed);
                    return Err(e);
                }
            };
            accept(made)?;
        }
        Ok(())
    })?;

    for (s, series) in site.series.iter().enumerate() {
        let sizes = series.changes(&changes[s]);
        folder.put(
            &pages::series_path(&series.name),
            pages::series(&frame, series, &changes[s], &sizes).as_bytes(),
        )?;
        progress.step();
        for theme in &series.themes {
            let mut ats = sections[s].get(&theme.name).cloned().unwrap_or_default();
            ats.sort_unstable();
            // The changes touching it, read back from their summaries.
            let read = |folder: &SiteFolder,
                        chunk: &[(usize, usize)]|
             -> Result<Vec<(usize, ThemeTouched)>> {
                chunk
                    .iter()
                    .map(|&(at, part)| {
                        let touched = folder.theme_touched(keys.changes[s][at], &theme.name, part);
                        let path = pages::change_path(&series.meetings[at].id);
                        Ok((
                            at,
                            touched
                                .ok_or_else(|| anyhow::anyhow!("the summary of {path} does not read back"))?,
                        ))
                    })
                    .collect()
            };
            // The latest changes on its page; those before in parts, kept while the changes
            // they hold are (their pages' input keys).
            let chunks: Vec<&[(usize, usize)]> = ats.chunks(pages::THEME_PART).collect();
            let (earlier, latest) = chunks.split_at(chunks.len().saturating_sub(1));
            let mut parts = Vec::with_capacity(earlier.len());
            for (k, chunk) in earlier.iter().enumerate() {
                let dates = |i: usize| series.meetings[chunk[i].0].date;
                let part = pages::ThemePart {
                    k: k + 1,
                    from: dates(0),
                    to: dates(chunk.len() - 1),
                    changes: chunk.len(),
                };
                parts.push(part);
                let path = pages::theme_part_path(&series.name, &theme.name, part.k);
                let input = keys.theme_part(s, &path, chunk.iter().map(|&(at, _)| at));
                if folder.reuse(&path, input) {
                    continue;
                }
                let touched = read(&folder, chunk)?;
                let touched: Vec<(usize, &ThemeTouched)> = touched.iter().map(|(at, x)| (*at, x)).collect();
                let page = pages::theme_part(&frame, series, theme, part, &touched);
                folder.put_made(&path, page.as_bytes(), Some(input), None)?;
            }
            let touched = read(&folder, latest.first().copied().unwrap_or_default())?;
            let touched: Vec<(usize, &ThemeTouched)> = touched.iter().map(|(at, x)| (*at, x)).collect();
            let page = pages::theme(&frame, series, theme, &touched, &parts);
            folder.put(&pages::theme_path(&series.name, &theme.name), page.as_bytes())?;
            progress.step();
        }
    }
    folder.put("index.html", pages::home(&frame, site.revision.as_ref(), &site.series).as_bytes())?;
    progress.step();
    let index = site.search_index(&mut ops::Quiet)?;
    folder.put(pages::SEARCH_INDEX_PATH, pages::search_data(&index).as_bytes())?;
    folder.put(pages::SEARCH_JS_PATH, pages::SEARCH_JS.as_bytes())?;
    folder.put(pages::SEARCH_PATH, pages::search(&frame).as_bytes())?;
    if let Some(base) = &frame.base_url {
        let listed: Vec<String> =
            folder.pages().filter(|p| p.ends_with(".html")).map(str::to_string).collect();
        folder.put("sitemap.xml", pages::sitemap(base, &listed).as_bytes())?;
    }
    drop(progress);
    let written = folder.finish()?;
    eprintln!(
        "Wrote {} of {} files to {} ({}{}); {} pages of meetings and changes made, {} kept.",
        written.written,
        written.pages,
        args.output.display(),
        files::size_text(written.bytes),
        if written.removed > 0 { format!(", {} removed", written.removed) } else { String::new() },
        made,
        kept
    );
    Ok(())
}
