//! Writes the inputs of `scripts/compare.sh` from the shipped FOMC series: two consecutive
//! statements, all 240 concatenated, a copy with a handful of edits, and copies whose
//! paragraphs are shuffled and each edited, at one, two and four times the size.
//!
//! `cargo run --release --example bench_inputs -- OUT_DIR [SCALE...]`
//!
//! Each extra SCALE (for example 43, which gives about 25 MB) adds `base-{SCALE}x.txt` and
//! `shuffled-{SCALE}x.txt`, made after the 1x, 2x and 4x copies so those stay the same.

use std::fs;
use std::path::Path;

use communique::document::storage;

/// splitmix64, so the inputs are the same on every machine.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

fn write(dir: &Path, name: &str, paragraphs: &[String]) -> std::io::Result<()> {
    fs::write(dir.join(name), paragraphs.join("\n\n") + "\n")
}

/// Replaces one word in every `every`-th paragraph (every paragraph when 1).
fn edit_words(paragraphs: &mut [String], every: usize, rng: &mut Rng) {
    for p in paragraphs.iter_mut().step_by(every) {
        let mut words: Vec<&str> = p.split(' ').collect();
        let k = rng.below(words.len());
        words[k] = "notably";
        *p = words.join(" ");
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args.next().ok_or("usage: bench_inputs OUT_DIR [SCALE...]")?;
    let mut scales = vec![1, 2, 4];
    for arg in args {
        scales.push(arg.parse::<usize>().map_err(|_| format!("not a scale: {arg}"))?);
    }
    let out = Path::new(&out);
    fs::create_dir_all(out)?;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/fomc");
    let mut files: Vec<_> = fs::read_dir(&dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    files.retain(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("SOURCE.md"));
    files.sort();
    let mut statements = Vec::new();
    for path in &files {
        let text = fs::read_to_string(path)?;
        let (_, body) = storage::split_front_matter(&text)?;
        statements.push(storage::body_paragraphs(body).map(str::to_string).collect::<Vec<_>>());
    }
    let mut rng = Rng(1994);
    let n = statements.len();
    write(out, "pair-old.txt", &statements[n - 2])?;
    write(out, "pair-new.txt", &statements[n - 1])?;

    let all: Vec<String> = statements.concat();
    write(out, "all.txt", &all)?;
    // A handful of edits: eight words, one paragraph deleted, one inserted, one moved.
    let mut edited = all.clone();
    for _ in 0..8 {
        let i = rng.below(edited.len());
        edit_words(&mut edited[i..=i], 1, &mut rng);
    }
    edited.remove(edited.len() / 3);
    edited.insert(edited.len() / 2, "The Committee added this paragraph for the benchmark.".to_string());
    let moved = edited.remove(edited.len() * 3 / 4);
    edited.insert(edited.len() / 10, moved);
    write(out, "edited.txt", &edited)?;

    for scale in scales {
        // Scale by repeating the series with a marker word per copy, so copies differ.
        let base: Vec<String> = (0..scale)
            .flat_map(|copy| {
                all.iter().map(move |p| if copy == 0 { p.clone() } else { format!("{p} (copy {copy})") })
            })
            .collect();
        let mut shuffled = base.clone();
        for i in (1..shuffled.len()).rev() {
            shuffled.swap(i, rng.below(i + 1));
        }
        edit_words(&mut shuffled, 1, &mut rng);
        write(out, &format!("base-{scale}x.txt"), &base)?;
        write(out, &format!("shuffled-{scale}x.txt"), &shuffled)?;
    }
    eprintln!(
        "{} statements, {} paragraphs, {} bytes",
        n,
        all.len(),
        all.iter().map(String::len).sum::<usize>()
    );
    Ok(())
}
