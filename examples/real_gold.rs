//! Scores the engine on the real gold set (`tests/golden/real/`, rules in its `RULES.md`)
//! beside what `git diff` of the same files links, and lists what the engine gets wrong.
//!
//! `cargo run --release --example real_gold`            the scores
//! `cargo run --release --example real_gold -- --misses` and every miss, with the texts
//! `cargo run --release --example real_gold -- --grid`   F1 and recalls over a grid of options
//! `cargo run --release --example real_gold -- threshold=0.3 coverage=0.2`  other options
//! `cargo run --release --example real_gold -- --dir tests/golden/real-unseen`  another set

#[path = "../tests/it/common/real_gold.rs"]
mod real_gold;

use communique::align::Options;
use real_gold::{Scope, Score, engine, git_like, pairs, score, show};

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let args: Vec<String> = std::env::args().collect();
    let dir = match args.iter().position(|a| a == "--dir") {
        Some(i) => root.join(&args[i + 1]),
        None => root.join("tests/golden/real"),
    };
    let pairs = pairs(&dir);
    let mut options = Options::default();
    for arg in std::env::args().skip(1).filter(|a| a.contains('=')) {
        let (name, value) = arg.split_once('=').unwrap();
        let value: f64 = value.parse().expect("a number");
        match name {
            "threshold" => options.threshold = value,
            "kept_bonus" => options.kept_bonus = value,
            "distance" => options.distance_penalty = value,
            "rewrite" => options.rewrite = value,
            "containment" => options.containment = value,
            "runs" => options.piece_runs = value as usize,
            "carried" => options.carried = value,
            "coverage" => options.coverage = value,
            "gap" => options.piece_gap = value as usize,
            "far" => options.far_piece = value,
            "gapc" => options.gap_piece = value,
            "expand" => options.expand = value,
            "corresponding" => options.corresponding = value,
            "sentence" => options.sentence_threshold = value,
            _ => panic!("unknown option {name}"),
        }
    }
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--agreement") {
        return agreement(pairs, &root.join(&args[i + 1]), &options);
    }
    if std::env::args().any(|a| a == "--grid") {
        return grid(&pairs, &options);
    }
    let links: usize = pairs.iter().map(|p| p.links.len()).sum();
    let borderline: usize = pairs.iter().flat_map(|p| &p.links).filter(|l| l.borderline).count();
    println!("{} pairs, {links} labelled links ({borderline} borderline)\n", pairs.len());
    for scope in [Scope::All, Scope::Clear] {
        let ours = score(&pairs, scope, |p| engine(p, &options));
        let git = score(&pairs, scope, git_like);
        println!("{}", title(scope));
        table(("engine", &ours), ("git diff", &git));
        println!();
    }
    let ours = score(&pairs, Scope::All, |p| engine(p, &options));
    println!("per pair (engine F1):");
    for pair in &pairs {
        let s = score(std::slice::from_ref(pair), Scope::All, |p| engine(p, &options));
        println!("  {:.3}  {}/{}  {}", s.f1(), s.right, s.labelled, pair.name);
    }
    if std::env::args().any(|a| a == "--misses") {
        println!("\nmisses:");
        for m in &ours.misses {
            println!("- {}: expected {}", m.pair, show(&m.expected));
            if let Some(note) = &m.expected.note {
                println!("    note: {note}");
            }
            for g in &m.got {
                println!("    got {}", show(g));
            }
        }
        println!("\nfound but not labelled:");
        for (pair, g) in &ours.wrong {
            println!("- {pair}: {}", show(g));
        }
    }
}

/// The measures of two link sets side by side, under their names; the counts are the first's.
fn table((a_name, a): (&str, &Score), (b_name, b): (&str, &Score)) {
    let (wa, wb) = (a_name.len().max(7), b_name.len().max(9));
    let row = |name: &str, x: f64, y: f64| println!("  {name:<28} {x:>wa$.3} {y:>wb$.3}");
    println!("  {:<28} {a_name:>wa$} {b_name:>wb$}", "");
    row("link precision", a.precision(), b.precision());
    row("link recall", a.recall(), b.recall());
    row("link F1", a.f1(), b.f1());
    for kind in ["unchanged", "modified", "inserted", "deleted", "split", "merged"] {
        let (r, t) = a.by_kind.get(kind).copied().unwrap_or_default();
        row(&format!("{kind} recall ({r}/{t})"), a.kind_recall(kind), b.kind_recall(kind));
    }
    row(
        &format!("rewrite recall ({}/{})", a.rewrites.0, a.rewrites.1),
        a.rewrite_recall(),
        b.rewrite_recall(),
    );
    row(&format!("moved accuracy ({}/{})", a.moved.0, a.moved.1), a.moved_accuracy(), b.moved_accuracy());
}

/// The heading of a table over `scope`.
fn title(scope: Scope) -> &'static str {
    match scope {
        Scope::All => "All labelled links",
        Scope::Clear => "Without borderline links",
    }
}

fn grid(pairs: &[real_gold::Pair], base: &Options) {
    let git = score(pairs, Scope::All, git_like);
    println!("git diff: link F1 {:.3}\n", git.f1());
    println!("threshold  rewrite  containment    F1  split  merged  rewrites  F1 clear");
    for threshold in [0.2, 0.25, 0.3, 0.4] {
        for rewrite in [0.15, 0.2, 0.25, 1.0] {
            for containment in [0.2, 0.3, 0.5] {
                let options = Options { threshold, rewrite, containment, ..base.clone() };
                let s = score(pairs, Scope::All, |p| engine(p, &options));
                let clear = score(pairs, Scope::Clear, |p| engine(p, &options));
                println!(
                    "{threshold:>9.2}  {rewrite:>7.2}  {containment:>11.2}  {:.3}  {:.3}   {:.3}     {:.3}     {:.3}",
                    s.f1(),
                    s.kind_recall("split"),
                    s.kind_recall("merged"),
                    s.rewrite_recall(),
                    clear.f1()
                );
            }
        }
    }
}

/// How a second labelling of some pairs (`DIR/labels`, by other readers who never saw the first)
/// agrees with the first, beside the engine on the same pairs: what a careful reader's own
/// score would be.
fn agreement(pairs: Vec<real_gold::Pair>, dir: &std::path::Path, options: &Options) {
    let second = real_gold::label_links(dir);
    let pairs: Vec<real_gold::Pair> = pairs.into_iter().filter(|p| second.contains_key(&p.name)).collect();
    let links: usize = pairs.iter().map(|p| p.links.len()).sum();
    println!("{} pairs labelled twice, {links} links in the first labelling\n", pairs.len());
    for scope in [Scope::All, Scope::Clear] {
        let ours = score(&pairs, scope, |p| engine(p, options));
        let reader = score(&pairs, scope, |p| second[&p.name].clone());
        println!("{} (first labelling as truth)", title(scope));
        table(("second reader", &reader), ("engine", &ours));
        println!();
    }
    println!("per pair (link F1): engine, second reader");
    for pair in &pairs {
        let one = std::slice::from_ref(pair);
        let e = score(one, Scope::All, |p| engine(p, options));
        let r = score(one, Scope::All, |p| second[&p.name].clone());
        println!("  {:.3}  {:.3}  {}", e.f1(), r.f1(), pair.name);
    }
}
