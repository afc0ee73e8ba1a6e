//! Small corpora built in memory, so the store tests depend on no content pack.

use lectern::corpus::load::split_passages;
use lectern::corpus::{Article, Corpus, Passage, PassageKind, PassageLoc};

/// A corpus of articles given as `(id, text)`, paragraphs separated by blank
/// lines as in a pack's article files.
pub fn corpus(id: &str, articles: &[(&str, &str)]) -> Corpus {
    Corpus {
        id: id.into(),
        title: format!("{id} corpus"),
        description: String::new(),
        articles: articles
            .iter()
            .map(|(aid, text)| article(aid, text))
            .collect(),
        entities: Vec::new(),
        events: Vec::new(),
        tours: Vec::new(),
        warnings: Vec::new(),
    }
}

pub fn article(id: &str, text: &str) -> Article {
    Article {
        id: id.into(),
        title: format!("Title of {id}"),
        source: "Test".into(),
        date: String::new(),
        file: format!("articles/{id}.txt"),
        passages: split_passages(text)
            .into_iter()
            .map(|r| passage(&text[r]))
            .collect(),
        entities: Vec::new(),
        events: Vec::new(),
    }
}

pub fn passage(text: &str) -> Passage {
    Passage {
        kind: PassageKind::Text,
        text: text.into(),
        original: None,
        corrections: Vec::new(),
        original_corrections: Vec::new(),
        mentions: Vec::new(),
        original_mentions: Vec::new(),
        entities: Vec::new(),
        events: Vec::new(),
    }
}

pub fn loc(article: usize, passage: usize) -> PassageLoc {
    PassageLoc { article, passage }
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
