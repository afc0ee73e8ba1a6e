//! Small corpora for the store tests, written as content packs into a
//! temporary directory and read by the real loader, so they depend on no
//! shipped pack and split passages exactly as the reader does.

use lectern::corpus::ArticleIdx;
use lectern::corpus::{Corpus, PackSource, PassageLoc, load};
use serde_json::json;

/// A corpus of articles given as `(id, text)`, paragraphs separated by blank
/// lines as in a pack's article files. Article `x` is titled "Title of x".
pub fn corpus(id: &str, articles: &[(&str, &str)]) -> Corpus {
    let dir = tempfile::tempdir().expect("temporary directory");
    let root = dir.path();
    std::fs::create_dir(root.join("articles")).expect("articles directory");
    let meta: Vec<_> = articles
        .iter()
        .map(|(aid, text)| {
            let file = format!("articles/{aid}.txt");
            std::fs::write(root.join(&file), text).expect("article file");
            json!({"id": aid, "title": format!("Title of {aid}"), "source": "Test", "file": file})
        })
        .collect();
    let corpus = json!({"format": 1, "id": id, "title": format!("{id} corpus"), "articles": meta});
    for (name, value) in [
        ("corpus.json", corpus),
        ("entities.json", json!([])),
        ("events.json", json!([])),
    ] {
        std::fs::write(root.join(name), value.to_string()).expect("pack file");
    }
    let source = PackSource::dir(root).expect("pack directory");
    load(&source).unwrap_or_else(|e| panic!("test pack does not load: {e}"))
}

pub fn loc(article: usize, passage: usize) -> PassageLoc {
    PassageLoc {
        article: ArticleIdx(article),
        passage,
    }
}

/// Article text of `n` distinct paragraphs of ordinary prose on one
/// subject, each about 250 characters, no two sharing their opening.
pub fn prose(n: usize) -> String {
    const SENTENCES: [&str; 12] = [
        "The delegations met at the hotel on the Easter weekend and talked late into the night.",
        "Trade between the two countries grew slowly, hampered by debts and mutual suspicion.",
        "Officers travelled under false names to the training schools far from the border.",
        "The ministers in London and Paris learned of the agreement from the newspapers.",
        "Engineers built aircraft in a factory outside Moscow, away from inspectors.",
        "The agreement renounced all claims for war costs and damages on both sides.",
        "Historians still argue about how much each side gained from the arrangement.",
        "A second treaty, signed four years later, confirmed neutrality in case of attack.",
        "Tank crews trained on the banks of the Kama river for most of a decade.",
        "Newspapers in Berlin praised the treaty while those in Paris condemned it.",
        "Gas experiments were moved from one remote site to another more than once.",
        "The conference itself had been called to settle the question of reparations.",
    ];
    (0..n)
        .map(|i| {
            format!(
                "Paragraph {i}. {} {} {}",
                SENTENCES[i % 12],
                SENTENCES[(i * 5 + 1) % 12],
                SENTENCES[(i * 7 + 3) % 12]
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}
