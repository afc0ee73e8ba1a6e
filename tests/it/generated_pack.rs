//! The synthetic pack generator used by the benchmarks writes packs that the
//! loader accepts, at about the shipped corpus's mention density, and the
//! same pack for the same seed.

use crate::generator;

use std::path::Path;

use lectern::corpus::{self, PackSource};

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for sub in ["", "articles", "guides"] {
        let mut names: Vec<_> = std::fs::read_dir(dir.join(sub))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        names.sort();
        for p in names {
            out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
        }
    }
    out
}

#[test]
fn a_generated_pack_loads_without_errors_or_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pack");
    let spec = generator::PackSpec::standard(10);
    let stats = generator::write_pack(&dir, &spec).unwrap();
    let c = corpus::load(&PackSource::dir(&dir).unwrap())
        .unwrap_or_else(|e| panic!("the generated pack does not load:\n{e}"));
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    assert_eq!(c.articles.len(), 10);
    assert_eq!(c.entities.len(), 500);
    assert_eq!(c.events.len(), 200);
    assert_eq!(c.tours.len(), 1);
    assert_eq!(c.events.iter().map(|e| e.disputes.len()).sum::<usize>(), 2);
    // Every placed mention is linked, and the density is near the shipped
    // corpus's 73 per 1,000 words.
    assert_eq!(c.mention_count(), stats.mentions);
    let per_1000 = stats.mentions as f64 * 1000.0 / stats.words as f64;
    assert!((60.0..90.0).contains(&per_1000), "{per_1000}");
    // ~1,500 words an article.
    assert!((14_000..18_000).contains(&stats.words), "{}", stats.words);
    // Corrections are applied (every seventh article has one).
    assert!(c.articles[0].passages.iter().any(|p| p.original.is_some()));
}

#[test]
fn the_same_seed_writes_the_same_pack() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = generator::PackSpec::standard(3);
    generator::write_pack(&tmp.path().join("a"), &spec).unwrap();
    generator::write_pack(&tmp.path().join("b"), &spec).unwrap();
    let strip = |v: Vec<(String, Vec<u8>)>, root: &str| -> Vec<(String, Vec<u8>)> {
        v.into_iter()
            .map(|(n, b)| (n.replacen(root, "", 1), b))
            .collect()
    };
    let a = tmp.path().join("a").display().to_string();
    let b = tmp.path().join("b").display().to_string();
    assert_eq!(
        strip(files(&tmp.path().join("a")), &a),
        strip(files(&tmp.path().join("b")), &b)
    );
}

#[test]
fn a_small_long_article_pack_loads() {
    // The benchmarks use 100,000 lines; the shape is the same at 2,000.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("long");
    generator::write_long_pack(&dir, 2_000, generator::SEED).unwrap();
    let text = std::fs::read_to_string(dir.join("articles/endless.txt")).unwrap();
    assert_eq!(text.lines().count(), 2_000);
    let c = corpus::load(&PackSource::dir(&dir).unwrap())
        .unwrap_or_else(|e| panic!("the long pack does not load:\n{e}"));
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    assert_eq!(c.articles.len(), 2);
}
