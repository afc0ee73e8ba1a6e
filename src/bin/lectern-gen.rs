//! Writes the synthetic content packs used for performance measurements.
//! A developer tool, built only with `--features dev-tools`:
//!
//! ```text
//! cargo run --release --features dev-tools --bin lectern-gen -- OUT [SIZE...]
//! ```
//!
//! SIZE is a number of articles of ~1,500 words (10, 100, 1000, 10000, …),
//! `long` (one article of 100,000 lines and one of 100 KB) or `books` (1,000
//! articles of ~60,000 words, about 400 MB of text); without any, the packs
//! of 10, 100 and 1,000 articles and `long` are written to OUT/pack-10,
//! OUT/pack-100, OUT/pack-1000 and OUT/pack-long.

#[path = "../../benches/support/gen.rs"]
mod generator;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next().filter(|a| !a.starts_with('-')) else {
        eprintln!("usage: lectern-gen OUT [10|100|1000|10000|long|books ...]");
        return ExitCode::from(2);
    };
    let out = PathBuf::from(out);
    let mut sizes: Vec<String> = args.collect();
    if sizes.is_empty() {
        sizes = ["10", "100", "1000", "long"].map(String::from).to_vec();
    }
    for size in sizes {
        let dir = out.join(format!("pack-{size}"));
        let _ = std::fs::remove_dir_all(&dir);
        let result = if size == "long" {
            generator::write_long_pack(&dir, 100_000, generator::SEED)
        } else if size == "books" {
            generator::write_pack(&dir, &generator::PackSpec::books(1000))
        } else {
            match size.parse::<usize>() {
                Ok(n) if n > 0 => generator::write_pack(&dir, &generator::PackSpec::standard(n)),
                _ => {
                    eprintln!(
                        "lectern-gen: {size:?} is not a number of articles, `long` or `books`"
                    );
                    return ExitCode::from(2);
                }
            }
        };
        match result {
            Ok(s) => println!(
                "{}: {} articles, {} words, {} bytes of text, {} mentions placed ({:.1} per 1,000 words), {} entities, {} events",
                dir.display(),
                s.articles,
                s.words,
                s.text_bytes,
                s.mentions,
                s.mentions as f64 * 1000.0 / s.words.max(1) as f64,
                s.entities,
                s.events
            ),
            Err(e) => {
                eprintln!("lectern-gen: {}: {e}", dir.display());
                return ExitCode::from(1);
            }
        }
    }
    ExitCode::SUCCESS
}
