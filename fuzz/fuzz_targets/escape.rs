//! Output escaping: arbitrary text (old meeting, NUL, new meeting, NUL, metadata and a theme
//! label) rendered in every format of show, diff, themes, blame, grep, annotate and report.
//! Terminal text (plain and colored), Markdown and HTML hold no raw control, bidi or
//! separator character, and no `<` but the renderers' own tags; JSON parses, holds none of
//! them raw and means the same strings; every XML part of the DOCX is well-formed.
#![no_main]

use communique::align::{Op, Options, Side, diff};
use communique::document::{Document, Meta};
use communique::document::Meeting;
use communique::lineage::{self, Phrase};
use communique::render::{self, Settings, Styles};
use communique::ops::report::{self, MeetingInfo};
use communique::ops::{PhraseLine, WatchLine, Watchlist};
use communique::signals::watch::{self, Seen, Watch};
use communique::themes::{self, Matcher, Theme, ThemedDiff};
use libfuzzer_sys::fuzz_target;
use std::io::Read;

fn document(text: &str, date: &str, meta: &str) -> Document {
    let mut lines = meta.splitn(3, '\n');
    let meta = Meta {
        series: "s".into(),
        date: date.parse().unwrap(),
        // Stored files may hold anything here: line breaks included.
        title: Some(meta.to_string()),
        place: lines.next().map(str::to_string),
        source: lines.nth(1).map(str::to_string),
    };
    Document::new(meta, text.lines().map(str::trim).filter(|l| !l.is_empty()))
}

/// A character no reader may be shown raw (the line feed and tab lay text out).
fn hidden(c: char) -> bool {
    c != '\n' && c != '\t' && render::is_hidden(c)
}

/// `text` without the SGR color sequences the renderers write.
fn without_colors(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 2..];
        let end = tail.find(|c: char| !(c.is_ascii_digit() || c == ';')).unwrap_or(tail.len());
        if tail[end..].starts_with('m') {
            rest = &tail[end + 1..];
        } else {
            out.push('\u{1b}');
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}

const HTML_TAGS: &[&str] = &[
    "!DOCTYPE",
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "dl",
    "dt",
    "dd",
    "code",
    "span",
    "section",
    "p",
    "ul",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "article",
    "del",
    "ins",
    "figure",
    "svg",
    "line",
    "text",
    "polyline",
    "figcaption",
    "caption",
    "strong",
    "br",
];

/// Every `<` opens one of `tags` (or closes it): none came from the text.
fn only_own_tags(what: &str, out: &str, tags: &[&str]) {
    for (at, _) in out.match_indices('<') {
        let rest = out[at + 1..].strip_prefix('/').unwrap_or(&out[at + 1..]);
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '!').collect();
        let closed = rest[name.len()..].starts_with(['>', ' ', '\n']);
        assert!(
            tags.contains(&name.as_str()) && closed,
            "{what}: a `<` from the text at {at}: {:?}",
            &out[at..]
        );
    }
}

fn reader(what: &str, out: &[u8]) -> String {
    let text = String::from_utf8(out.to_vec()).expect("UTF-8");
    if let Some(c) = text.chars().find(|&c| hidden(c)) {
        panic!("{what}: U+{:04X} raw", c as u32);
    }
    text
}

fn json(what: &str, out: &[u8]) -> serde_json::Value {
    let text = reader(what, out);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{what}: not JSON: {e}"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\0');
    let (a, b, meta) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let (old, new) = (document(a, "2020-01-01", meta), document(b, "2020-02-01", meta));
    let term = a.split(|c: char| !c.is_alphanumeric()).find(|w| !w.is_empty()).unwrap_or("the");
    let Ok(term) = themes::parse_term(term) else { return };
    let theme = Theme { name: "t".into(), label: meta.to_string(), terms: vec![term], series: vec![] };
    let selected = [&theme];
    let matcher = Matcher::new(&selected);
    let (old_id, new_id) = ("s/2020-01-01", "s/2020-02-01");
    // Every other input explains the diff, so the `why` lines (words from the documents) are
    // rendered too.
    let options = Options { explain: data.len() % 2 == 0, ..Options::default() };
    let engine = diff(&old, &new, Side::of(old_id, &old), Side::of(new_id, &new), &options);
    let meetings = [
        Meeting { id: old_id.into(), series: "s".into(), date: old.meta.date, document: old.clone() },
        Meeting { id: new_id.into(), series: "s".into(), date: new.meta.date, document: new.clone() },
    ];
    let comparison = themes::compare(&matcher, &old, &new, &engine);
    let mut d = ThemedDiff::tag(engine, &matcher);
    d.highlight(&matcher);
    let timeline = themes::timeline(&matcher, &meetings);
    let phrase = Phrase::parse(a.split_whitespace().take(2).collect::<Vec<_>>().join(" ").as_str())
        .or_else(|| Phrase::parse("the"))
        .expect("a phrase");
    // Figures from the documents; a watched phrase (the settings' text) from them too, and a
    // watch labelled with the metadata.
    d.find_figures();
    let watch = Watch { name: meta.to_string(), label: meta.to_string(), phrases: vec![phrase.clone()], series: vec![] };
    d.watched = watch::presence(&[&watch], &old, &new);
    for w in &mut d.watched {
        w.first_seen = Some(Seen { id: old_id.to_string(), date: old.meta.date });
    }
    let watchlist = Watchlist {
        schema: communique::ops::WATCHLIST_SCHEMA.to_string(),
        series: "s".into(),
        meetings: vec![Seen { id: old_id.into(), date: old.meta.date }, Seen { id: new_id.into(), date: new.meta.date }],
        watches: vec![WatchLine {
            name: watch.name.clone(),
            label: watch.label.clone(),
            phrases: d
                .watched
                .iter()
                .map(|w| PhraseLine {
                    phrase: w.phrase.clone(),
                    present: vec![w.old, w.new],
                    spells: watch::spells(
                        &[Seen { id: old_id.into(), date: old.meta.date }, Seen { id: new_id.into(), date: new.meta.date }],
                        &[w.old, w.new],
                    ),
                })
                .collect(),
        }],
    };
    let blame = lineage::blame(&phrase, &meetings);
    let hits = lineage::grep(&phrase, &meetings, 4);
    let old_origins = lineage::annotate(&meetings[..1], 0.5);
    let new_origins = lineage::annotate(&meetings, 0.5);
    // The phrases the redline inserts and deletes, dated in the series (document text too).
    let inserted = report::runs(&d, Op::Insert, &old);
    let deleted = report::runs(&d, Op::Delete, &new);
    let inserted_first = report::first_appearances(&inserted, &meetings);
    let deleted_first = report::first_appearances(&deleted, &meetings[..1]);
    let report = report::build(report::Inputs {
        generated: "2020-03-01".parse().unwrap(),
        corpus: None,
        old: MeetingInfo::of(old_id, &old),
        new: MeetingInfo::of(new_id, &new),
        diff: &d,
        typography_only: vec![1],
        comparison: &comparison,
        old_origins: &old_origins,
        new_origins: &new_origins,
        inserted: inserted.into_iter().zip(inserted_first).collect(),
        deleted: deleted.into_iter().zip(deleted_first).collect(),
        timeline: Some(timeline.clone()),
    });

    // The terminal, plain (narrow, wrapped) and colored.
    for (styles, width) in [(Styles::plain(), Some(40)), (Styles::colored(), None)] {
        let colored = !styles.markers();
        let settings = Settings { styles, width };
        let mut out: Vec<(&str, Vec<u8>)> = Vec::new();
        let mut run = |what: &'static str, f: &mut dyn FnMut(&mut Vec<u8>) -> std::io::Result<()>| {
            let mut bytes = Vec::new();
            f(&mut bytes).unwrap();
            out.push((what, bytes));
        };
        run("show", &mut |o| render::show::text(o, new_id, &new, &settings));
        run("diff", &mut |o| {
            render::diff::text(o, &d, render::diff::Context::Full, &settings)
        });
        run("diff --stat", &mut |o| render::diff::stat(o, &d, &settings));
        run("themes A B", &mut |o| render::themes::compare_text(o, &comparison, &settings));
        run("themes", &mut |o| render::themes::timeline_text(o, "s", &timeline, &[theme.clone()], &settings));
        run("blame", &mut |o| render::lineage::blame(o, &blame, &settings));
        run("grep", &mut |o| render::lineage::grep(o, &hits, &settings));
        run("annotate", &mut |o| render::lineage::annotate(o, &new_origins, &settings));
        run("watchlist", &mut |o| render::signals::watchlist_text(o, &watchlist, &settings));
        for (what, bytes) in out {
            let text = String::from_utf8(bytes).expect("UTF-8");
            let text = if colored { without_colors(&text) } else { text };
            reader(what, text.as_bytes());
        }
    }

    // Markdown and HTML.
    let mut md = Vec::new();
    render::show::markdown(&mut md, new_id, &new).unwrap();
    render::diff::markdown(&mut md, &d).unwrap();
    render::themes::compare_markdown(&mut md, &comparison).unwrap();
    render::themes::timeline_markdown(&mut md, &timeline, std::slice::from_ref(&theme)).unwrap();
    render::report::markdown(&mut md, &report).unwrap();
    let md = reader("md", &md);
    only_own_tags("md", &md, &["del", "ins"]);
    let mut html = Vec::new();
    render::report::html(&mut html, &report).unwrap();
    let html = reader("html", &html);
    only_own_tags("html", &html, HTML_TAGS);

    // JSON: valid, nothing raw, the same strings.
    let mut out = Vec::new();
    render::show::json(&mut out, &communique::ops::Shown::of(new_id.to_string(), new.clone())).unwrap();
    let shown = json("show json", &out);
    assert_eq!(shown["meeting"]["title"].as_str(), new.meta.title.as_deref());
    let texts: Vec<&str> = new.paragraph_texts().collect();
    for (i, text) in texts.iter().enumerate() {
        assert_eq!(shown["paragraphs"][i]["text"].as_str(), Some(*text));
    }
    let check = |what: &str, write: &dyn Fn(&mut Vec<u8>) -> std::io::Result<()>| {
        let mut out = Vec::new();
        write(&mut out).unwrap();
        json(what, &out);
    };
    check("diff json", &|o| render::diff::json(o, &d));
    check("report json", &|o| render::report::json(o, &report));
    check("themes json", &|o| render::themes::json(o, &comparison));
    check("timeline json", &|o| render::themes::json(o, &timeline));
    check("blame json", &|o| render::lineage::json(o, &blame));
    check("grep json", &|o| render::lineage::json(o, &hits));
    check("annotate json", &|o| render::lineage::json(o, &new_origins));
    check("watchlist json", &|o| render::signals::watchlist_json(o, &watchlist));

    // DOCX: every XML part well-formed, its text free of raw controls.
    let mut bytes = Vec::new();
    render::docx::docx(&mut bytes, &report).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let mut xml = String::new();
        part.read_to_string(&mut xml).unwrap();
        let doc = roxmltree::Document::parse(&xml)
            .unwrap_or_else(|e| panic!("{} is not well-formed: {e}", part.name()));
        let text: String = doc.descendants().filter_map(|n| n.text()).collect();
        reader(part.name(), text.as_bytes());
    }
});
