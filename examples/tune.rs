//! Scores the engine on the golden set over a grid of thresholds: how the defaults of
//! `align::Options` were chosen.
//!
//! `cargo run --release --example tune`

#[path = "../tests/it/common/golden.rs"]
mod golden;

use communique::align::Options;

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let cases = golden::cases(&dir);
    println!("threshold  containment  entries right");
    for threshold in [0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7] {
        for containment in [0.2, 0.5, 0.8] {
            let options = Options { threshold, containment, ..Options::default() };
            let report = golden::evaluate(&cases, &options, |_, _| Ok(()));
            println!(
                "{threshold:>9.2}  {containment:>11.2}  {}/{} ({:.2}%)",
                report.right,
                report.total,
                report.accuracy() * 100.0
            );
        }
    }
}
