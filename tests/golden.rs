//! The golden set: real documents of every shared series with labelled edits applied (see
//! `examples/golden.rs`), read the way `communique diff FILE_A FILE_B` reads files. At least
//! 99% of the expected paragraph entries must come out exactly (kind, moved, old and new
//! numbers), and every diff must satisfy the invariants.

mod common;

#[path = "common/golden.rs"]
mod golden;

use communique::align;

#[test]
fn labelled_edits_on_real_series_come_out_right() {
    let cases = golden::cases(&common::repo().join("tests/golden"));
    let report = golden::evaluate(&cases, &align::Options::default(), |case, diff| {
        common::check_invariants(&case.old, &case.new, diff)
    });
    let per_edit: Vec<String> = report.by_edit.iter().map(|(e, (r, t))| format!("{e}: {r}/{t}")).collect();
    println!(
        "{} cases, {}/{} entries right ({:.2}%)\n{}\nmisses:\n{}",
        report.cases,
        report.right,
        report.total,
        report.accuracy() * 100.0,
        per_edit.join("\n"),
        report.misses.join("\n")
    );
    assert!(report.cases > 600, "the golden set is there");
    assert!(report.broken.is_empty(), "invariants broken:\n{}", report.broken.join("\n"));
    assert!(report.accuracy() >= 0.99, "accuracy {:.4} below 0.99", report.accuracy());
}
