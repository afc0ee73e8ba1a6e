//! Text reuse: the finder reports the paragraphs the two GlobalSecurity.org
//! pages share and nothing else in the embedded corpus; on a generated pack
//! it finds exactly the copies planted in it, verbatim or altered, and no
//! stock phrase; `lectern reuse` and `lectern check` report it.

use crate::generator;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use lectern::corpus::reuse::{MIN_WORDS, SharedSpan};
use lectern::corpus::{self, Corpus, PackSource};

const BIN: &str = env!("CARGO_BIN_EXE_lectern");

/// The words of a text, case folded, without punctuation.
fn norm(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn side_text<'a>(c: &'a Corpus, s: &lectern::corpus::reuse::Side) -> &'a str {
    &c.passage(s.loc).unwrap().text[s.range.clone()]
}

/// What holds for every span on any corpus.
fn check_invariants(c: &Corpus) {
    let r = c.reuse();
    for s in &r.spans {
        assert_ne!(s.first.loc.article, s.second.loc.article, "{s:?}");
        assert!(
            s.first.loc < s.second.loc,
            "{s:?}: sides out of reading order"
        );
        let (a, b) = (norm(side_text(c, &s.first)), norm(side_text(c, &s.second)));
        assert!(
            s.words >= MIN_WORDS && s.words == a.len().min(b.len()),
            "{s:?}"
        );
        if s.exact {
            assert_eq!(a, b, "{s:?}: called verbatim");
        } else {
            // Nearly: most of the words are common to both, in order.
            let common = lcs(&a, &b);
            assert!(
                common * 4 >= a.len().max(b.len()) * 3,
                "{s:?}: {common} common"
            );
        }
        // Each side is indexed under its passage.
        for side in [&s.first, &s.second] {
            assert!(r.at(side.loc).any(|x| x == s));
            assert!(r.is_shared(side.loc));
        }
    }
}

/// Length of the longest common subsequence of two word lists.
fn lcs(a: &[String], b: &[String]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut prev = 0;
        for (j, y) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if x == y {
                prev + 1
            } else {
                row[j + 1].max(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

fn place(c: &Corpus, s: &SharedSpan) -> ((String, usize), (String, usize)) {
    let p = |l: lectern::corpus::PassageLoc| (c.articles[l.article].id.clone(), l.passage + 1);
    (p(s.first.loc), p(s.second.loc))
}

#[test]
fn the_two_globalsecurity_pages_share_paragraphs_and_nothing_else_is_shared() {
    let c = corpus::embedded().unwrap();
    check_invariants(&c);
    let r = c.reuse();
    let pairs: Vec<_> = r.article_pairs().into_iter().map(|(p, _)| p).collect();
    let a = c.article_index("cooperation-1920s").unwrap();
    let b = c.article_index("rapallo-1922-1932").unwrap();
    assert_eq!(
        pairs,
        [(a.min(b), a.max(b))],
        "only the sister pages share text"
    );
    let places: BTreeSet<_> = r.spans.iter().map(|s| place(&c, s)).collect();
    // The paragraph on officers sent to Russia, word for word.
    let officers = r
        .spans
        .iter()
        .find(|s| side_text(&c, &s.first).contains("annually sent to Russia"))
        .expect("the shared paragraph on officer exchanges");
    assert!(officers.exact && officers.words >= 90, "{officers:?}");
    // The opening paragraph, with "important to" / "important for": nearly.
    assert!(places.contains(&(
        ("cooperation-1920s".into(), 1),
        ("rapallo-1922-1932".into(), 1)
    )));
    assert!(
        r.spans
            .iter()
            .any(|s| !s.exact && side_text(&c, &s.first).contains("important to")),
        "the changed word leaves the opening nearly verbatim"
    );
    // The stock phrase every account uses is not reuse.
    for s in &r.spans {
        assert!(!side_text(&c, &s.first).starts_with("The Treaty of Rapallo was signed"));
    }
}

/// Writes a generated pack with copies planted in it; returns the pack dir
/// and the planted (source article, target article) pairs.
fn planted_pack(root: &Path) -> (std::path::PathBuf, Vec<(String, String, bool)>) {
    let dir = root.join("pack");
    generator::write_pack(&dir, &generator::PackSpec::standard(30)).unwrap();
    let spec: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("corpus.json")).unwrap()).unwrap();
    let files: Vec<(String, String)> = spec["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_owned(),
                a["file"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let read = |i: usize| std::fs::read_to_string(dir.join(&files[i].1)).unwrap();
    let append = |i: usize, para: &str| {
        let mut t = read(i);
        t.push_str("\n\n");
        t.push_str(para);
        t.push('\n');
        std::fs::write(dir.join(&files[i].1), t).unwrap();
    };
    let paragraph = |i: usize, n: usize| -> String {
        read(i)
            .split("\n\n")
            .filter(|p| p.split_whitespace().count() >= 40)
            .nth(n)
            .unwrap()
            .trim()
            .to_owned()
    };
    let mut planted = Vec::new();
    // A verbatim copy.
    let p = paragraph(2, 1);
    append(20, &p);
    planted.push((files[2].0.clone(), files[20].0.clone(), true));
    // A copy with its case, punctuation and spacing changed and one word
    // replaced: still the same text.
    let p = paragraph(5, 2);
    let mut words: Vec<String> = p.split_whitespace().map(str::to_uppercase).collect();
    let mid = words.len() / 2;
    words[mid] = "quasimodo".into();
    append(11, &words.join(" ;  ").replace('.', ""));
    planted.push((files[5].0.clone(), files[11].0.clone(), false));
    // A stock phrase shorter than a sentence, in two articles.
    for i in [0, 7] {
        append(i, "As everyone knows the old treaty was signed in spring.");
    }
    // A standard line of the pack, longer than a sentence, in every third
    // article: boilerplate, not a copy.
    for i in (0..30).step_by(3) {
        append(
            i,
            "This account was compiled from the registers of the commission and checked against the diaries of its members.",
        );
    }
    (dir, planted)
}

#[test]
fn on_a_generated_pack_exactly_the_planted_copies_are_found() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, planted) = planted_pack(tmp.path());
    let c = corpus::load(&PackSource::dir(&dir).unwrap()).unwrap();
    check_invariants(&c);
    let found: Vec<(String, String, bool)> = c
        .reuse()
        .spans
        .iter()
        .map(|s| {
            (
                c.articles[s.first.loc.article].id.clone(),
                c.articles[s.second.loc.article].id.clone(),
                s.exact,
            )
        })
        .collect();
    let mut want = planted.clone();
    want.sort();
    let mut got = found.clone();
    got.sort();
    assert_eq!(got, want);
    // Each copy is found whole, in the passage it was planted as.
    for s in &c.reuse().spans {
        let copy = &c.articles[s.second.loc.article];
        assert_eq!(
            s.second.loc.passage,
            copy.passages.len()
                - 1
                - usize::from(
                    // the stock phrase may follow it
                    copy.passages
                        .last()
                        .unwrap()
                        .text
                        .starts_with("As everyone knows"),
                )
        );
        assert_eq!(s.second.range.start, 0);
        assert!(s.words >= 40);
    }
}

#[test]
fn the_cli_lists_every_span_and_check_reports_them() {
    let c = corpus::embedded().unwrap();
    let out = Command::new(BIN)
        .args(["reuse", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let spans = v["spans"].as_array().unwrap();
    assert_eq!(spans.len(), c.reuse().spans.len());
    for (j, s) in spans.iter().zip(&c.reuse().spans) {
        assert_eq!(j["first"]["article"], c.articles[s.first.loc.article].id);
        assert_eq!(j["second"]["passage"], s.second.loc.passage + 1);
        assert_eq!(j["first"]["text"], side_text(&c, &s.first));
        assert_eq!(j["words"], s.words);
    }
    let text = Command::new(BIN).arg("reuse").output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert_eq!(
        text.lines().filter(|l| l.contains(" = ")).count(),
        spans.len(),
        "{text}"
    );
    let check = Command::new(BIN)
        .args(["check", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(v["shared_spans"], spans.len());
    assert_eq!(v["shared_words"], c.reuse().words());
}
