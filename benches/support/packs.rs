//! Where the benchmarks keep their synthetic packs: written once per run
//! under `target/perf/packs` (the generator is deterministic, so every run
//! measures the same packs).

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use super::generator;

pub struct Packs {
    pub p10: PathBuf,
    pub p100: PathBuf,
    pub p1000: PathBuf,
    /// One article of 100,000 lines, one of 100 KB.
    pub long: PathBuf,
}

/// The directory for performance artefacts: `$CARGO_TARGET_DIR/perf` or `target/perf`.
pub fn perf_dir() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) => manifest.join(d),
        None => manifest.join("target"),
    };
    target.join("perf")
}

/// The large packs, written on first use (a few seconds).
pub struct Large {
    /// 10,000 articles of ~1,500 words: about 100 MB of text.
    pub p10000: PathBuf,
    /// 1,000 articles of ~60,000 words: about 400 MB of text.
    pub books: PathBuf,
}

pub fn large() -> &'static Large {
    static LARGE: OnceLock<Large> = OnceLock::new();
    LARGE.get_or_init(|| {
        let root = perf_dir().join("packs");
        let large = Large {
            p10000: root.join("pack-10000"),
            books: root.join("pack-books"),
        };
        for (dir, spec) in [
            (&large.p10000, generator::PackSpec::standard(10_000)),
            (&large.books, generator::PackSpec::books(1_000)),
        ] {
            let _ = std::fs::remove_dir_all(dir);
            generator::write_pack(dir, &spec)
                .unwrap_or_else(|e| panic!("writing {}: {e}", dir.display()));
        }
        large
    })
}

pub fn ensure() -> &'static Packs {
    static PACKS: OnceLock<Packs> = OnceLock::new();
    PACKS.get_or_init(|| {
        let root = perf_dir().join("packs");
        let packs = Packs {
            p10: root.join("pack-10"),
            p100: root.join("pack-100"),
            p1000: root.join("pack-1000"),
            long: root.join("pack-long"),
        };
        for (dir, n) in [(&packs.p10, 10), (&packs.p100, 100), (&packs.p1000, 1000)] {
            let _ = std::fs::remove_dir_all(dir);
            generator::write_pack(dir, &generator::PackSpec::standard(n))
                .unwrap_or_else(|e| panic!("writing {}: {e}", dir.display()));
        }
        let _ = std::fs::remove_dir_all(&packs.long);
        generator::write_long_pack(&packs.long, 100_000, generator::SEED)
            .unwrap_or_else(|e| panic!("writing {}: {e}", packs.long.display()));
        packs
    })
}
