//! `site`: a corpus as static pages — home, one page per series, meeting, change from one
//! meeting to the next, and theme. Every page is plain HTML with relative links only, one
//! shared stylesheet and one small script (keyboard navigation, the year filter), both
//! written with the site: it works from `file://` and any static host and asks nothing of the
//! network. All document text goes through `escape_markup`.
//!
//! Where pages live (`series` and meeting stems are plain names, `[a-z0-9_-]`):
//!
//! | page | path |
//! |---|---|
//! | home | `index.html` |
//! | series | `SERIES/index.html` |
//! | meeting | `SERIES/STEM.html` |
//! | change into a meeting from the one before | `SERIES/diff/STEM.html` |
//! | theme | `SERIES/themes/THEME.html` |
//! | stylesheet, script | `_assets/site.css`, `_assets/site.js` |

use std::fmt::Write as _;

use super::escape_markup;
use super::report::{PALETTE, chart, drawn, provenance_html, sections_html};
use crate::align::Stats;
use crate::corpus::Revision;
use crate::ops::Changes;
use crate::ops::report::Report;
use crate::ops::site::{MeetingView, SeriesInfo, ThemeTouched};
use crate::themes::{Theme, Timeline};

/// The stylesheet's path in the site.
pub const CSS_PATH: &str = "_assets/site.css";
/// The script's path in the site.
pub const JS_PATH: &str = "_assets/site.js";

/// The site's stylesheet: the HTML report's, then the site's own (navigation, tables, bars),
/// a dark theme, and print rules.
pub fn css() -> String {
    format!("{}{SITE_STYLE}", super::report::STYLE)
}

const SITE_STYLE: &str = r#"
body { max-width: 60rem; }
a { color: var(--link, #0969da); }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: .5rem; background: var(--bg, #fff); padding: .25rem .5rem; }
header.site nav { font: .9rem -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--muted); border-bottom: 1px solid var(--rule); padding-bottom: .5rem; }
nav.pager { display: flex; justify-content: space-between; gap: 1rem; font: .9rem -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 1rem 0; }
nav.years { font: .9rem -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; line-height: 1.9; }
nav.years a { margin-right: .4rem; }
.bar { display: inline-block; width: 8rem; height: .6rem; background: var(--rule); vertical-align: middle; }
.bar span { display: block; height: 100%; background: var(--muted); }
a.pn { display: inline-block; min-width: 2rem; color: var(--muted); text-decoration: none; font: .8rem -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
p.provenance:target { outline: 2px solid var(--link, #0969da); outline-offset: 4px; }
body.plain p.provenance span { background: none; }
footer { margin-top: 3rem; border-top: 1px solid var(--rule); padding-top: .5rem; color: var(--muted); font: .8rem -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
tbody.hidden { display: none; }
header.site nav a.find { float: right; }
form#search { margin: 1rem 0; font: 1rem -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
form#search input { font: inherit; padding: .25rem .4rem; }
.strip-none { fill: var(--rule); } .strip-has { fill: var(--link, #0969da); }
figure figcaption { font: .8rem -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--muted); }
blockquote#first-sentence { border-left: 3px solid var(--rule); margin: .5rem 0 1rem; padding-left: 1rem; }
@media (prefers-color-scheme: dark) {
  :root { color-scheme: dark; --ink: #e6edf3; --muted: #9198a1; --rule: #3d444d; --ins: #12361f; --ins-ink: #7ee787; --del: #4c1d1d; --del-ink: #ffa198; --link: #58a6ff; --bg: #0d1117; }
  body { background: var(--bg); }
  .age-0 { background: #0c2d4a; } .age-1 { background: #12352f; } .age-2 { background: #2b3514; } .age-3 { background: #3d3411; } .age-4 { background: #4a2a0c; }
}
@media print {
  header.site, nav.pager, nav.years, footer, .skip { display: none; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// The site's script: ← and → follow the page's previous and next links, the year links of a
/// series page filter its table (without the script they jump to the year), and the
/// "colour by age" box turns the shading of a meeting's words on and off.
pub const JS: &str = r#"(function () {
  "use strict";
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) return;
    var rel = e.key === "ArrowLeft" ? "prev" : e.key === "ArrowRight" ? "next" : null;
    if (!rel) return;
    var link = document.querySelector('link[rel="' + rel + '"]');
    if (link) window.location.href = link.getAttribute("href");
  });
  function years() {
    var bodies = document.querySelectorAll("tbody[id^='y']");
    if (!bodies.length) return;
    var m = /^#(y\d+)$/.exec(window.location.hash);
    var all = document.getElementById("all-years");
    for (var i = 0; i < bodies.length; i++) {
      bodies[i].classList.toggle("hidden", !!m && bodies[i].id !== m[1]);
    }
    if (all) all.hidden = !m;
  }
  window.addEventListener("hashchange", years);
  function compare(e) {
    e.preventDefault();
    var from = document.getElementById("compare-from"), to = document.getElementById("compare-to");
    var a = from.selectedIndex, b = to.selectedIndex;
    if (a > b) { var t = a; a = b; b = t; }
    var answer = document.getElementById("compare-answer");
    answer.textContent = "";
    if (a === b) { answer.textContent = "Choose two different meetings."; return; }
    var stem = function (i) { return from.options[i].getAttribute("data-stem"); };
    var id = function (i) { return from.options[i].getAttribute("data-id"); };
    if (b === a + 1) { window.location.href = "diff/" + stem(b) + ".html"; return; }
    var p = document.createElement("p");
    p.textContent = "The " + (b - a) + " changes from " + id(a) + " to " + id(b) + ", one page each:";
    answer.appendChild(p);
    var list = document.createElement("ol");
    for (var i = a + 1; i <= b; i++) {
      var li = document.createElement("li"), link = document.createElement("a");
      link.href = "diff/" + stem(i) + ".html";
      link.textContent = id(i - 1) + " → " + id(i);
      li.appendChild(link);
      list.appendChild(li);
    }
    answer.appendChild(list);
    var cmd = document.createElement("p");
    cmd.appendChild(document.createTextNode("One report of the two: "));
    var code = document.createElement("code");
    code.textContent = "communique report " + id(a) + " " + id(b) + " -o report.html";
    cmd.appendChild(code);
    answer.appendChild(cmd);
  }
  document.addEventListener("DOMContentLoaded", function () {
    years();
    var form = document.getElementById("compare-form");
    if (form) form.addEventListener("submit", compare);
    var box = document.getElementById("shade");
    if (box) {
      box.hidden = false;
      box.querySelector("input").addEventListener("change", function (e) {
        document.body.classList.toggle("plain", !e.target.checked);
      });
    }
  });
})();
"#;

/// What a series page's change-size chart says under it.
const SIZES_NOTE: &str = "Words inserted plus deleted from each meeting to the next, as each change's page counts them; dashed: the median; pink: outliers.";

/// The page of series `series`.
pub fn series_path(series: &str) -> String {
    format!("{series}/index.html")
}

/// The page of meeting `id` (`series/stem`).
pub fn meeting_path(id: &str) -> String {
    format!("{id}.html")
}

/// The page of the change into meeting `id` from the one before it.
pub fn change_path(id: &str) -> String {
    let (series, stem) = id.split_once('/').unwrap_or(("", id));
    format!("{series}/diff/{stem}.html")
}

/// The page of theme `name` of series `series`: `SERIES/themes/NAME.html` when the name is a
/// plain name (`[a-z0-9][a-z0-9_-]*`), else one made of its hash, which starts with `_` so
/// that no plain name can be it (a theme's name is any TOML key).
pub fn theme_path(series: &str, name: &str) -> String {
    format!("{series}/themes/{}.html", super::report::theme_slug(name))
}

/// The path of the `k`th (from 1) part of theme `name`'s page in `series`: the changes
/// touching it before those its page shows, [`THEME_PART`] at a time.
pub fn theme_part_path(series: &str, name: &str, k: usize) -> String {
    format!("{series}/themes/{}/{k}.html", super::report::theme_slug(name))
}

/// How many changes touching a theme one page of it shows: its page the latest (up to this
/// many), its parts those before, this many each from the first. An update after `add` then
/// makes the theme's page and never its parts but when one fills up (at 24,000 meetings the
/// whole list was 10–30 MB a theme, made and written again at every update).
pub const THEME_PART: usize = 100;

/// A part of a theme's page, as its page lists it: its number, the dates of the first and
/// last change it holds, and how many it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThemePart {
    /// Its number, from 1.
    pub k: usize,
    /// The date of its first change's newer meeting.
    pub from: chrono::NaiveDate,
    /// The date of its last change's newer meeting.
    pub to: chrono::NaiveDate,
    /// How many changes it holds.
    pub changes: usize,
}

/// What every page of a site shares: its title, and where it is published, if known.
#[derive(Clone, Debug)]
pub struct Frame {
    /// The site's title (breadcrumbs start with it).
    pub title: String,
    /// The address the site is published at, ending with `/`: each page names its own
    /// address there (`<link rel="canonical">`), and [`sitemap`] lists them.
    pub base_url: Option<String>,
}

/// `sitemap.xml` of `pages` (paths from the site's root) published at `base_url`.
pub fn sitemap(base_url: &str, pages: &[String]) -> String {
    let mut h = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in pages {
        let _ = writeln!(h, "<url><loc>{}</loc></url>", escape_markup(&format!("{base_url}{page}")));
    }
    h.push_str("</urlset>\n");
    h
}

/// `path` (from the site's root) as a link from page `from`.
fn link(from: &str, path: &str) -> String {
    let depth = from.matches('/').count();
    let mut out = "../".repeat(depth);
    out.push_str(path);
    escape_markup(&out)
}

/// A page's start: head, skip link, breadcrumbs (`crumbs`: text and path, the last one the
/// page itself, unlinked), and the opening of `<main>`; `prev` and `next` are the pages ← and
/// → lead to.
fn open(
    h: &mut String,
    frame: &Frame,
    page: &str,
    title: &str,
    crumbs: &[(&str, &str)],
    prev: Option<&str>,
    next: Option<&str>,
) {
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"communique {}\">\n<title>{}</title>\n\
         <link rel=\"stylesheet\" href=\"{}\">\n<script src=\"{}\" defer></script>\n",
        env!("CARGO_PKG_VERSION"),
        escape_markup(title),
        link(page, CSS_PATH),
        link(page, JS_PATH)
    );
    if let Some(base) = &frame.base_url {
        let _ = writeln!(h, "<link rel=\"canonical\" href=\"{}\">", escape_markup(&format!("{base}{page}")));
    }
    for (rel, target) in [("prev", prev), ("next", next)] {
        if let Some(target) = target {
            let _ = writeln!(h, "<link rel=\"{rel}\" href=\"{}\">", link(page, target));
        }
    }
    h.push_str("</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n");
    h.push_str("<header class=\"site\">\n<nav aria-label=\"Breadcrumbs\">");
    for (i, (text, path)) in crumbs.iter().enumerate() {
        if i > 0 {
            h.push_str(" › ");
        }
        if i + 1 == crumbs.len() {
            let _ = write!(h, "<span aria-current=\"page\">{}</span>", escape_markup(text));
        } else {
            let _ = write!(h, "<a href=\"{}\">{}</a>", link(page, path), escape_markup(text));
        }
    }
    if page != SEARCH_PATH {
        let _ = write!(h, " <a class=\"find\" href=\"{}\">Find a phrase</a>", link(page, SEARCH_PATH));
    }
    h.push_str("</nav>\n</header>\n<main id=\"main\">\n");
}

/// A page's end.
fn close(h: &mut String) {
    let _ = write!(
        h,
        "</main>\n<footer>Made with communique {}. ← and → go to the previous and next page.</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    );
}

/// A series' readable name: its label, else its folder name.
fn series_label(series: &SeriesInfo) -> &str {
    series.label.as_deref().unwrap_or(&series.name)
}

/// The home page: every series with its size, dates, and a small chart of its themes.
pub fn home(frame: &Frame, revision: Option<&Revision>, series: &[SeriesInfo]) -> String {
    let mut h = String::new();
    let page = "index.html";
    let title = frame.title.as_str();
    open(&mut h, frame, page, title, &[(title, page)], None, None);
    let _ = writeln!(h, "<h1>{}</h1>", escape_markup(title));
    if let Some(revision) = revision {
        let dirty = if revision.dirty { " (with uncommitted changes)" } else { "" };
        let _ = writeln!(
            h,
            "<p class=\"meta\">Corpus revision <code>{}</code>{dirty}.</p>",
            escape_markup(&revision.commit)
        );
    }
    h.push_str(
        "<table>\n<thead><tr><th>series</th><th>meetings</th><th>from</th><th>to</th><th>themes</th></tr></thead>\n<tbody>\n",
    );
    for s in series {
        let (first, last) = (s.meetings.first(), s.meetings.last());
        let _ = write!(
            h,
            "<tr><td><a href=\"{}\">{}</a></td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>",
            link(page, &series_path(&s.name)),
            escape_markup(series_label(s)),
            s.meetings.len(),
            first.map_or(String::new(), |m| m.date.to_string()),
            last.map_or(String::new(), |m| m.date.to_string()),
        );
        if let Some(timeline) = &s.timeline {
            mini_chart(&mut h, timeline);
        }
        h.push_str("</td></tr>\n");
    }
    h.push_str("</tbody>\n</table>\n");
    close(&mut h);
    h
}

/// A small chart of a timeline's themes, without axes: for the home page's table.
fn mini_chart(h: &mut String, timeline: &Timeline) {
    let n = timeline.meetings.len();
    if n < 2 || timeline.themes.is_empty() {
        return;
    }
    let (width, height) = (160.0, 32.0);
    let peak = super::report::peak(timeline);
    let x = |i: usize| width * i as f64 / (n - 1) as f64;
    let y = |share: f64| 1.0 + (height - 2.0) * (1.0 - share / peak);
    let _ = write!(
        h,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\"><title>{}</title>",
        escape_markup(&format!("Themes across {n} meetings: {}", theme_names(timeline).join(", ")))
    );
    for (t, name) in timeline.themes.iter().enumerate() {
        let shares = super::report::shares(timeline, name);
        let points: Vec<String> =
            drawn(&shares, x).into_iter().map(|i| format!("{:.1},{:.1}", x(i), y(shares[i]))).collect();
        let _ = write!(
            h,
            "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"1\" points=\"{}\"/>",
            PALETTE[t % PALETTE.len()],
            points.join(" ")
        );
    }
    h.push_str("</svg>");
}

/// The readable names of a timeline's themes, in order.
fn theme_names(timeline: &Timeline) -> Vec<&str> {
    timeline
        .themes
        .iter()
        .map(|name| timeline.labels.get(name).map_or(name.as_str(), String::as_str))
        .collect()
}

/// A series' page: its theme timeline and theme pages, the chart of its change sizes
/// (`sizes`, made from `changes`), then every meeting by year with its size and how much
/// changed since the meeting before (`changes[i]`: into meeting `i`).
pub fn series(frame: &Frame, series: &SeriesInfo, changes: &[Option<Stats>], sizes: &Changes) -> String {
    let mut h = String::new();
    let page = series_path(&series.name);
    let label = series_label(series);
    open(&mut h, frame, &page, label, &[(frame.title.as_str(), "index.html"), (label, &page)], None, None);
    let _ = writeln!(h, "<h1>{}</h1>", escape_markup(label));
    let (first, last) = (series.meetings.first(), series.meetings.last());
    if let (Some(first), Some(last)) = (first, last) {
        let _ = writeln!(
            h,
            "<p class=\"meta\">{} meetings, {} to {}. Series folder <code>{}</code>.</p>",
            series.meetings.len(),
            first.date,
            last.date,
            escape_markup(&series.name)
        );
    }
    if let Some(timeline) = series.timeline.as_ref().filter(|t| t.meetings.len() > 1 && !t.themes.is_empty())
    {
        h.push_str("<section id=\"themes\">\n<h2>Themes across the series</h2>\n");
        chart(&mut h, timeline, &[], "Share of each meeting's words in paragraphs touching the theme.");
        h.push_str("<ul>\n");
        for theme in &series.themes {
            let _ = writeln!(
                h,
                "<li><a href=\"{}\">{}</a></li>",
                link(&page, &theme_path(&series.name, &theme.name)),
                escape_markup(&theme.label)
            );
        }
        h.push_str("</ul>\n</section>\n");
    }
    compare_form(&mut h, series);
    if !sizes.changes.is_empty() {
        h.push_str("<section id=\"changes\">\n<h2>Change size</h2>\n");
        super::changes::chart(&mut h, sizes, None, SIZES_NOTE);
        h.push_str("</section>\n");
    }
    h.push_str("<section id=\"meetings\">\n<h2>Meetings</h2>\n<nav class=\"years\" aria-label=\"Years\">");
    let mut years: Vec<i32> = series.meetings.iter().map(|m| chrono::Datelike::year(&m.date)).collect();
    years.dedup();
    for year in &years {
        let _ = write!(h, "<a href=\"#y{year}\">{year}</a> ");
    }
    h.push_str("<a id=\"all-years\" href=\"#meetings\" hidden>all years</a></nav>\n");
    let most = changes.iter().flatten().map(|s| s.words_added + s.words_removed).max().unwrap_or(0).max(1);
    h.push_str(
        "<table>\n<thead><tr><th>date</th><th>meeting</th><th>words</th><th>change from the meeting before</th></tr></thead>\n",
    );
    let mut year = None;
    for (i, m) in series.meetings.iter().enumerate() {
        let y = chrono::Datelike::year(&m.date);
        if year != Some(y) {
            if year.is_some() {
                h.push_str("</tbody>\n");
            }
            let _ = writeln!(h, "<tbody id=\"y{y}\">");
            year = Some(y);
        }
        let name = m.title.as_deref().unwrap_or(&m.id);
        let _ = write!(
            h,
            "<tr><td>{}</td><td><a href=\"{}\">{}</a></td><td class=\"num\">{}</td><td>",
            m.date,
            link(&page, &meeting_path(&m.id)),
            escape_markup(name),
            m.words
        );
        if let Some(Some(stats)) = changes.get(i) {
            let size = stats.words_added + stats.words_removed;
            let _ = write!(
                h,
                "<a href=\"{}\"><span class=\"bar\" title=\"+{} / −{} words\"><span style=\"width:{:.0}%\"></span></span> +{} / −{}</a>",
                link(&page, &change_path(&m.id)),
                stats.words_added,
                stats.words_removed,
                100.0 * size as f64 / most as f64,
                stats.words_added,
                stats.words_removed
            );
        }
        h.push_str("</td></tr>\n");
    }
    if year.is_some() {
        h.push_str("</tbody>\n");
    }
    h.push_str("</table>\n</section>\n");
    close(&mut h);
    h
}

/// The form that compares two meetings of a series. A change from one meeting to the next has
/// its page; two meetings further apart have none (every pair of a series of 240 meetings
/// would be 28,680 pages), so the script lists the change pages between them and gives the
/// command that writes their report. The comparison is never redone in the browser: it would
/// be a second engine that could disagree with `diff` and `report`.
fn compare_form(h: &mut String, series: &SeriesInfo) {
    if series.meetings.len() < 2 {
        return;
    }
    h.push_str("<section id=\"compare\">\n<h2>Compare two meetings</h2>\n<form id=\"compare-form\">\n");
    let last = series.meetings.len() - 1;
    for (name, label, chosen) in [("from", "From", last - 1), ("to", "To", last)] {
        let _ = write!(
            h,
            "<label for=\"compare-{name}\">{label}</label> <select id=\"compare-{name}\" name=\"{name}\">"
        );
        for (i, m) in series.meetings.iter().enumerate() {
            let selected = if i == chosen { " selected" } else { "" };
            let (_, stem) = m.id.split_once('/').unwrap_or(("", &m.id));
            let _ = write!(
                h,
                "<option value=\"{i}\" data-id=\"{}\" data-stem=\"{}\"{selected}>{}</option>",
                escape_markup(&m.id),
                escape_markup(stem),
                m.date
            );
        }
        h.push_str("</select>\n");
    }
    h.push_str(
        "<button type=\"submit\">Compare</button>\n</form>\n<div id=\"compare-answer\" aria-live=\"polite\"></div>\n\
         <noscript><p class=\"meta\">Each change from one meeting to the next has its page (the bars below). \
         For two meetings further apart: <code>communique report FROM TO -o report.html</code>.</p></noscript>\n</section>\n",
    );
}

/// A meeting's page: its header, links to its neighbours and to the changes into and out of
/// it, and its paragraphs, numbered and anchored (`#p4`), each word shaded by the meeting that
/// introduced it.
pub fn meeting(frame: &Frame, series: &SeriesInfo, at: usize, view: &MeetingView) -> String {
    let mut h = String::new();
    let m = &series.meetings[at];
    let page = meeting_path(&m.id);
    let label = series_label(series);
    let prev = at.checked_sub(1).map(|i| meeting_path(&series.meetings[i].id));
    let next = series.meetings.get(at + 1).map(|n| meeting_path(&n.id));
    let title = view.info.title.as_deref().unwrap_or(&m.id);
    open(
        &mut h,
        frame,
        &page,
        &format!("{title} ({})", m.date),
        &[(frame.title.as_str(), "index.html"), (label, &series_path(&series.name)), (&m.id, &page)],
        prev.as_deref(),
        next.as_deref(),
    );
    let _ = writeln!(h, "<h1>{}</h1>", escape_markup(title));
    h.push_str("<dl class=\"sides\">\n");
    let _ = writeln!(h, "<dt>Meeting</dt><dd><code>{}</code></dd>", escape_markup(&m.id));
    let _ = writeln!(h, "<dt>Date</dt><dd>{}</dd>", m.date.format("%-d %B %Y"));
    if let Some(place) = &view.info.place {
        let _ = writeln!(h, "<dt>Place</dt><dd>{}</dd>", escape_markup(place));
    }
    if let Some(source) = &view.info.source {
        let _ = write!(h, "<dt>Source</dt><dd>");
        // A web address is a link (followed only when clicked); anything else is text.
        if source.starts_with("https://") || source.starts_with("http://") {
            let _ = write!(
                h,
                "<a href=\"{}\" rel=\"noopener noreferrer nofollow\">{}</a>",
                escape_markup(source),
                escape_markup(source)
            );
        } else {
            h.push_str(&escape_markup(source));
        }
        h.push_str("</dd>\n");
    }
    let plural = |n: usize, one: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {one}s") };
    let _ = writeln!(
        h,
        "<dt>Size</dt><dd>{}, {}</dd>",
        plural(m.paragraphs, "paragraph"),
        plural(m.words, "word")
    );
    h.push_str("</dl>\n");
    let around = |i: usize| series.meetings.get(i).map(|m| (meeting_path(&m.id), m.date.to_string()));
    pager(&mut h, &page, "Previous and next", at.checked_sub(1).and_then(around), around(at + 1));
    h.push_str("<p class=\"meta\">");
    if at > 0 {
        let _ = write!(
            h,
            "<a href=\"{}\">What changed since the meeting before</a>",
            link(&page, &change_path(&m.id))
        );
    }
    if let Some(next) = series.meetings.get(at + 1) {
        if at > 0 {
            h.push_str(" · ");
        }
        let _ = write!(
            h,
            "<a href=\"{}\">What changed at the next meeting</a>",
            link(&page, &change_path(&next.id))
        );
    }
    h.push_str("</p>\n");
    h.push_str(
        "<p id=\"shade\" class=\"meta\" hidden><label><input type=\"checkbox\" checked> Shade each word by the meeting that first wrote it</label></p>\n",
    );
    provenance_html(&mut h, &view.provenance, &view.info, true);
    close(&mut h);
    h
}

/// The links from `page` to the pages before and after it (`prev`, `next`: a page and what the
/// link says), under `label` for a reader that lists navigation.
fn pager(
    h: &mut String,
    page: &str,
    label: &str,
    prev: Option<(String, String)>,
    next: Option<(String, String)>,
) {
    let _ = write!(h, "<nav class=\"pager\" aria-label=\"{label}\"><span>");
    if let Some((target, text)) = prev {
        let _ = write!(h, "<a href=\"{}\" rel=\"prev\">← {text}</a>", link(page, &target));
    }
    h.push_str("</span><span>");
    if let Some((target, text)) = next {
        let _ = write!(h, "<a href=\"{}\" rel=\"next\">{text} →</a>", link(page, &target));
    }
    h.push_str("</span></nav>\n");
}

/// The page of the change into meeting `at` of `series` from the one before: the change
/// report's sections (summary, themes, new, edited and dropped language with their first
/// appearances, the full redline), under links to both meetings and the neighbouring changes.
pub fn change(frame: &Frame, series: &SeriesInfo, at: usize, report: &Report) -> String {
    let mut h = String::new();
    let (old, new) = (&series.meetings[at - 1], &series.meetings[at]);
    let page = change_path(&new.id);
    let label = series_label(series);
    let prev = (at >= 2).then(|| change_path(&old.id));
    let next = series.meetings.get(at + 1).map(|n| change_path(&n.id));
    let title = format!("What changed: {} → {}", old.id, new.id);
    open(
        &mut h,
        frame,
        &page,
        &title,
        &[(frame.title.as_str(), "index.html"), (label, &series_path(&series.name)), (&title, &page)],
        prev.as_deref(),
        next.as_deref(),
    );
    let _ = writeln!(h, "<h1>{}</h1>", escape_markup(&title));
    h.push_str("<dl class=\"sides\">\n");
    for (name, m) in [("From", old), ("To", new)] {
        let _ = writeln!(
            h,
            "<dt>{name}</dt><dd><a href=\"{}\"><code>{}</code></a> · {}{}</dd>",
            link(&page, &meeting_path(&m.id)),
            escape_markup(&m.id),
            m.date.format("%-d %B %Y"),
            m.title.as_deref().map_or(String::new(), |t| format!(" · {}", escape_markup(t)))
        );
    }
    h.push_str("</dl>\n");
    let before = prev.clone().map(|p| (p, "the change before".to_string()));
    let after = next.clone().map(|n| (n, "the change after".to_string()));
    pager(&mut h, &page, "Previous and next change", before, after);
    sections_html(&mut h, report, false);
    close(&mut h);
    h
}

/// A theme's page: its share of each meeting across the series, then, newest first, each
/// change that touched it with the sentences naming it that entered, were edited and left.
/// The page of `theme` in `series`: its terms, its timeline, the latest `sections` (the
/// changes touching it, with the index of each one's newer meeting, oldest first) and links
/// to its `parts`, which hold the changes before them.
pub fn theme(
    frame: &Frame,
    series: &SeriesInfo,
    theme: &Theme,
    sections: &[(usize, &ThemeTouched)],
    parts: &[ThemePart],
) -> String {
    let mut h = String::new();
    let page = theme_path(&series.name, &theme.name);
    let label = series_label(series);
    open(
        &mut h,
        frame,
        &page,
        &format!("{} — {label}", theme.label),
        &[(frame.title.as_str(), "index.html"), (label, &series_path(&series.name)), (&theme.label, &page)],
        None,
        None,
    );
    let _ = writeln!(h, "<h1>{}</h1>", escape_markup(&theme.label));
    let terms: Vec<&str> = theme.terms.iter().map(|t| t.text.as_str()).collect();
    let _ = writeln!(h, "<p class=\"meta\">Terms: {}.</p>", escape_markup(&terms.join(", ")));
    if let Some(timeline) = series.timeline.as_ref().filter(|t| t.meetings.len() > 1) {
        let only = Timeline {
            schema: timeline.schema.clone(),
            themes: vec![theme.name.clone()],
            labels: timeline.labels.clone(),
            meetings: timeline.meetings.clone(),
        };
        chart(&mut h, &only, &[], "Share of each meeting's words in paragraphs touching the theme.");
    }
    let heading =
        if parts.is_empty() { "Changes touching the theme" } else { "Latest changes touching the theme" };
    let _ = writeln!(h, "<section id=\"changes\">\n<h2>{heading}</h2>");
    if sections.is_empty() {
        h.push_str("<p>None.</p>\n");
    }
    theme_sections(&mut h, &page, series, sections);
    h.push_str("</section>\n");
    if !parts.is_empty() {
        h.push_str("<nav id=\"earlier\" aria-label=\"Earlier changes\">\n<h2>Earlier changes</h2>\n<ul>\n");
        for part in parts.iter().rev() {
            let changes = if part.changes == 1 { "change" } else { "changes" };
            let _ = writeln!(
                h,
                "<li><a href=\"{}\">{} → {}</a> <span class=\"meta\">{} {changes}</span></li>",
                link(&page, &theme_part_path(&series.name, &theme.name, part.k)),
                part.from,
                part.to,
                part.changes
            );
        }
        h.push_str("</ul>\n</nav>\n");
    }
    close(&mut h);
    h
}

/// The `part`th part of the page of `theme` in `series`: the changes touching it in
/// `sections` (as [`theme`] takes them).
pub fn theme_part(
    frame: &Frame,
    series: &SeriesInfo,
    theme: &Theme,
    part: ThemePart,
    sections: &[(usize, &ThemeTouched)],
) -> String {
    let mut h = String::new();
    let page = theme_part_path(&series.name, &theme.name, part.k);
    let label = series_label(series);
    let span = format!("{} → {}", part.from, part.to);
    open(
        &mut h,
        frame,
        &page,
        &format!("{}, {span} — {label}", theme.label),
        &[
            (frame.title.as_str(), "index.html"),
            (label, &series_path(&series.name)),
            (&theme.label, &theme_path(&series.name, &theme.name)),
            (&span, &page),
        ],
        None,
        None,
    );
    let _ = writeln!(h, "<h1>{}: changes {span}</h1>", escape_markup(&theme.label));
    h.push_str("<section id=\"changes\">\n");
    theme_sections(&mut h, &page, series, sections);
    h.push_str("</section>\n");
    close(&mut h);
    h
}

/// The changes of `sections` as a theme's page (`page`) lists them, the latest first: per
/// change, the sentences naming the theme that entered, were edited and left.
fn theme_sections(h: &mut String, page: &str, series: &SeriesInfo, sections: &[(usize, &ThemeTouched)]) {
    for (at, section) in sections.iter().rev() {
        let (old, new) = (&series.meetings[at - 1], &series.meetings[*at]);
        let _ = writeln!(
            h,
            "<article>\n<h3><a href=\"{}\">{} → {}</a></h3>",
            link(page, &change_path(&new.id)),
            old.date,
            new.date
        );
        let list = |h: &mut String, title: &str, items: &[crate::themes::Sentence]| {
            if items.is_empty() {
                return;
            }
            let _ = writeln!(h, "<h4>{title}</h4>\n<ul class=\"sentences\">");
            for s in items {
                let _ = writeln!(
                    h,
                    "<li><span class=\"meta\">¶{}</span> {}</li>",
                    s.paragraph,
                    escape_markup(&s.text)
                );
            }
            h.push_str("</ul>\n");
        };
        list(h, "Entered", &section.new_sentences);
        if !section.edited_sentences.is_empty() {
            let _ = writeln!(h, "<h4>Edited</h4>\n<ul class=\"sentences\">");
            for e in &section.edited_sentences {
                let _ = write!(h, "<li><span class=\"meta\">¶{}</span> ", e.new.paragraph);
                super::report::spans_html(h, &e.redline);
                h.push_str("</li>\n");
            }
            h.push_str("</ul>\n");
        }
        list(h, "Left", &section.dropped_sentences);
        if section.new_sentences.is_empty()
            && section.edited_sentences.is_empty()
            && section.dropped_sentences.is_empty()
        {
            let n = section.paragraphs;
            let _ = writeln!(
                h,
                "<p class=\"meta\">{n} paragraph{} touching the theme reworded within its sentences: <a href=\"{}\">the change</a>.</p>",
                if n == 1 { "" } else { "s" },
                link(page, &change_path(&new.id))
            );
        }
        h.push_str("</article>\n");
    }
}

/// The search index's path in the site.
pub const SEARCH_INDEX_PATH: &str = "_search/index.js";
/// The search page's path in the site.
pub const SEARCH_PATH: &str = "search.html";
/// The search script's path in the site.
pub const SEARCH_JS_PATH: &str = "_assets/search.js";

/// The search index as a script (a page opened from `file://` may load a script, not read a
/// JSON file): `window.communiqueSearch = {…};`. Its strings are JSON strings, so no text of
/// a document can end the script or run as code.
pub fn search_data(index: &crate::ops::site::SearchIndex) -> String {
    let json = serde_json::to_string(index).expect("the index serializes");
    // Hidden characters (controls, bidi overrides: `super::is_hidden`) written as escapes, so
    // the file shows none raw; they can only be in strings (the rest of JSON is ASCII), where
    // an escape is the same character. The page shows them as `\u{…}`, as every page does.
    let mut out = String::with_capacity(json.len() + 40);
    out.push_str("window.communiqueSearch = ");
    for c in json.chars() {
        if super::is_hidden(c) {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out.push_str(";\n");
    out
}

/// The phrase search page: a form, and the answer the script finds in the index — the first
/// appearance, a strip of the meetings that have the phrase, and each one's sentence. A
/// phrase in the address (`search.html#q=maximum+employment`) is searched at once.
pub fn search(frame: &Frame) -> String {
    let mut h = String::new();
    let page = SEARCH_PATH;
    open(
        &mut h,
        frame,
        page,
        "Find a phrase",
        &[(frame.title.as_str(), "index.html"), ("Find a phrase", page)],
        None,
        None,
    );
    let _ = write!(
        h,
        "<h1>Find a phrase</h1>\n\
         <p class=\"meta\">Where a phrase first appeared, and every meeting that has it: the words in this order, \
         whatever punctuation lies between them, within one paragraph; case, accents' forms and hyphens' kinds do not \
         matter. End a word with * for any word starting so (<code>Africa*</code>).</p>\n\
         <form id=\"search\" role=\"search\" action=\"{page}\">\n<label for=\"q\">Phrase</label>\n\
         <input id=\"q\" name=\"q\" type=\"search\" size=\"40\" autocomplete=\"off\" required>\n\
         <button type=\"submit\">Find</button>\n</form>\n\
         <noscript><p>The search runs in the browser: it needs JavaScript. <code>communique blame \"PHRASE\"</code> \
         answers the same question from the corpus.</p></noscript>\n\
         <section id=\"answer\" aria-live=\"polite\"></section>\n\
         <script src=\"{}\" defer></script>\n<script src=\"{}\" defer></script>\n",
        link(page, SEARCH_INDEX_PATH),
        link(page, SEARCH_JS_PATH)
    );
    close(&mut h);
    h
}

/// The search script: the token rule of `document/words.rs` for the phrase typed (the texts'
/// words are in the index already), `blame`'s matching over the index, and the answer written
/// into the page with `textContent` only (no document text is ever parsed as markup).
pub const SEARCH_JS: &str = include_str!("site_search.js");
