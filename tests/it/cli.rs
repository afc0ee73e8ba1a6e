//! The scriptable subcommands, run as the real binary on the embedded corpus
//! and on a fixture pack. Counts are compared with the library's `Corpus`,
//! never with hard-coded numbers.

use lectern::corpus::ArticleIdx;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::sync::LazyLock;

use lectern::corpus::Corpus;
use lectern::corpus::date::EdtfDate;
use serde_json::Value;

use crate::common::BIN;
use crate::common::cli::{fixture, lectern, lectern_with_data};

static CORPUS: LazyLock<Corpus> =
    LazyLock::new(|| lectern::corpus::embedded().expect("the embedded corpus loads"));

/// Runs a command that must succeed and returns its stdout.
fn ok(args: &[&str]) -> String {
    let run = lectern(args);
    assert_eq!(run.code, Some(0), "{args:?}: stderr:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stdout
}

fn json(args: &[&str]) -> Value {
    let out = ok(args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{out}"))
}

/// Every run of digits in `s`, as numbers.
fn numbers(s: &str) -> Vec<usize> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|t| !t.is_empty())
        .map(|t| t.parse().unwrap())
        .collect()
}

/// The rest of the summary line that starts with `label`.
fn field<'a>(out: &'a str, label: &str) -> &'a str {
    out.lines()
        .find_map(|l| l.trim_start().strip_prefix(label))
        .unwrap_or_else(|| panic!("no {label:?} line in:\n{out}"))
        .trim()
}

fn ids(v: &Value) -> Vec<&str> {
    v.as_array()
        .expect("a JSON array")
        .iter()
        .map(|x| x["id"].as_str().expect("an id"))
        .collect()
}

// ---------------------------------------------------------------------------
// check

#[test]
fn check_reports_the_counts_of_the_embedded_corpus() {
    let c = &*CORPUS;
    let run = lectern(&["check"]);
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    let out = &run.stdout;

    let first = out.lines().next().unwrap();
    assert_eq!(
        first,
        format!("{} ({}) from the embedded corpus", c.title, c.id)
    );

    let passages: usize = c.articles.iter().map(|a| a.passages.len()).sum();
    assert_eq!(
        numbers(field(out, "articles")),
        [c.articles.len(), passages]
    );

    // "55 (3 company, 6 group, …)": the total, then the count of every kind.
    let entities = field(out, "entities");
    assert_eq!(numbers(entities)[0], c.entities.len());
    let mut kinds = BTreeMap::new();
    for e in &c.entities {
        *kinds.entry(e.kind.label().to_owned()).or_insert(0) += 1;
    }
    let listed: BTreeMap<String, usize> = entities
        .split_once('(')
        .unwrap()
        .1
        .trim_end_matches(')')
        .split(", ")
        .map(|kv| {
            let (n, k) = kv.split_once(' ').unwrap();
            (k.to_owned(), n.parse().unwrap())
        })
        .collect();
    assert_eq!(listed, kinds);

    // "31, <first date> to <last date>; 9 disputes between sources"
    let events = field(out, "events");
    let (head, disputes) = events.split_once("; ").unwrap();
    assert_eq!(numbers(head)[0], c.events.len());
    let span = format!(
        ", {} to {}",
        c.events.first().unwrap().date,
        c.events.last().unwrap().date
    );
    assert!(head.ends_with(&span), "{head:?} ends with {span:?}");
    let n_disputes: usize = c.events.iter().map(|e| e.disputes.len()).sum();
    assert_eq!(numbers(disputes), [n_disputes]);
    assert!(disputes.ends_with("disputes between sources"));

    // "2 (intro: 9 steps, sources: 14 steps)"
    let tours = field(out, "tours");
    assert_eq!(numbers(tours)[0], c.tours.len());
    for t in &c.tours {
        let s = format!("{}: {} steps", t.id, t.steps.len());
        assert!(tours.contains(&s), "{tours:?} lists {s:?}");
    }

    // "210 linked; 36 of 40 passages (90%) mention an entity; 55 of 55 entities (100%) are mentioned"
    let mentions: usize = c.entities.iter().map(|e| e.mentions.len()).sum();
    let with: usize = c
        .articles
        .iter()
        .flat_map(|a| &a.passages)
        .filter(|p| !p.mentions.is_empty())
        .count();
    let mentioned = c.entities.iter().filter(|e| !e.mentions.is_empty()).count();
    assert_eq!(
        numbers(field(out, "mentions")),
        [
            mentions,
            with,
            passages,
            with * 100 / passages,
            mentioned,
            c.entities.len(),
            mentioned * 100 / c.entities.len()
        ]
    );

    assert_eq!(numbers(field(out, "warnings")), [c.warnings.len()]);
    assert_eq!(out.lines().last(), Some("ok"));

    // The warnings themselves go to stderr, those of one kind and article
    // on one line: every warning is told, none twice.
    let printed: Vec<&str> = run.stderr.lines().collect();
    assert!(!printed.is_empty() && printed.len() <= c.warnings.len());
    assert!(
        printed.iter().all(|l| l.starts_with("warning: ")),
        "{printed:?}"
    );
    for w in &c.warnings {
        let told = match w
            .strip_suffix(" mentions no entity")
            .and_then(|r| r.split_once("\" passage "))
        {
            Some((article, n)) => printed.iter().any(|l| {
                l.contains(&format!("{article}\""))
                    && l.split(|ch: char| !ch.is_ascii_digit()).any(|d| d == n)
            }),
            None => printed.contains(&format!("warning: {w}").as_str()),
        };
        assert!(told, "{w:?} is not told in {printed:?}");
    }
}

#[test]
fn check_json_matches_the_corpus() {
    let c = &*CORPUS;
    let v = json(&["check", "--json"]);
    let passages: usize = c.articles.iter().map(|a| a.passages.len()).sum();
    assert_eq!(v["ok"], true);
    assert_eq!(v["id"], c.id.as_str());
    assert_eq!(v["title"], c.title.as_str());
    assert_eq!(v["articles"], c.articles.len());
    assert_eq!(v["passages"], passages);
    assert_eq!(v["entities"], c.entities.len());
    assert_eq!(v["events"], c.events.len());
    assert_eq!(
        v["disputes"],
        c.events.iter().map(|e| e.disputes.len()).sum::<usize>()
    );
    assert_eq!(v["tours"], c.tours.len());
    assert_eq!(
        v["tour_steps"],
        c.tours.iter().map(|t| t.steps.len()).sum::<usize>()
    );
    assert_eq!(
        v["mentions"],
        c.entities.iter().map(|e| e.mentions.len()).sum::<usize>()
    );
    assert_eq!(
        v["passages_with_mentions"],
        c.articles
            .iter()
            .flat_map(|a| &a.passages)
            .filter(|p| !p.mentions.is_empty())
            .count()
    );
    assert_eq!(
        v["entities_mentioned"],
        c.entities.iter().filter(|e| !e.mentions.is_empty()).count()
    );
    assert_eq!(v["warnings"], serde_json::json!(c.warnings));
}

#[test]
fn check_takes_the_pack_from_content_or_the_argument() {
    let good = fixture("good");
    let good = good.to_str().unwrap();
    let broken = fixture("invalid-date");
    let broken = broken.to_str().unwrap();
    for args in [
        vec!["check", good],
        vec!["--content", good, "check"],
        vec!["check", "--content", good],
        // An explicit directory wins over --content.
        vec!["--content", broken, "check", good],
    ] {
        let out = ok(&args);
        assert!(
            out.starts_with(&format!("Fixture pack (fixture) from {good}\n")),
            "{args:?}:\n{out}"
        );
    }
    let run = lectern(&["--content", broken, "check"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("1922-13"), "{}", run.stderr);
}

#[test]
fn check_never_prints_an_empty_list() {
    // A pack of one plain text: no names to suggest, no tours.
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("plain.txt");
    std::fs::write(&src, "just some words here\n\nand more of them\n").unwrap();
    let pack = dir.path().join("pack");
    let (src, pack) = (src.to_str().unwrap(), pack.to_str().unwrap());
    let run = lectern(&["import", src, "--out", pack, "--quiet"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let out = ok(&["check", pack]);
    assert!(!out.contains("()"), "an empty list is printed:\n{out}");
    assert_eq!(numbers(field(&out, "tours")), vec![0], "{out}");
}

#[test]
fn one_of_a_thing_is_never_counted_in_the_plural() {
    // One article of one passage.
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("one.txt");
    std::fs::write(&src, "A single line of words.\n").unwrap();
    let pack = dir.path().join("pack");
    let (src, pack) = (src.to_str().unwrap(), pack.to_str().unwrap());
    let import = lectern(&["import", src, "--out", pack]);
    assert_eq!(import.code, Some(0), "{}", import.stderr);
    let mut said = vec![import.stdout, import.stderr];
    said.push(ok(&["check", pack]));
    said.push(ok(&["--content", pack, "list"]));
    // A list with nothing in it says so rather than printing nothing.
    for cmd in ["timeline", "entities", "tour", "reuse"] {
        let out = ok(&["--content", pack, cmd]);
        assert!(out.trim().starts_with("no "), "{cmd} printed {out:?}");
    }
    let plurals = [
        "passages", "articles", "entities", "events", "disputes", "spans", "words", "steps",
    ];
    for out in &said {
        let words: Vec<&str> = out
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        for w in words.windows(2) {
            assert!(
                !(w[0] == "1" && plurals.contains(&w[1])),
                "“1 {}” in:\n{out}",
                w[1]
            );
        }
    }
}

// ---------------------------------------------------------------------------
// list, entities, timeline

#[test]
fn list_shows_the_articles_in_reading_order() {
    let c = &*CORPUS;
    let out = ok(&["list"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2 * c.articles.len(), "{out}");
    for (i, a) in c.articles.iter().enumerate() {
        let head = lines[2 * i];
        assert_eq!(numbers(head.split_whitespace().next().unwrap()), [i + 1]);
        assert!(head.contains(&a.id) && head.ends_with(&a.title), "{head:?}");
        let sub = lines[2 * i + 1];
        assert!(sub.contains(&a.source), "{sub:?}");
        assert!(
            sub.ends_with(&format!("{} passages", a.passages.len())),
            "{sub:?}"
        );
    }

    let v = json(&["list", "--json"]);
    let want: Vec<&str> = c.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids(&v), want);
    for (j, a) in v.as_array().unwrap().iter().zip(&c.articles) {
        assert_eq!(j["title"], a.title.as_str());
        assert_eq!(j["source"], a.source.as_str());
        assert_eq!(j["date"], a.date.as_str());
        assert_eq!(j["passages"], a.passages.len());
        assert_eq!(j["events"], a.events.len());
        assert_eq!(j["entities"], a.entities.len());
    }
}

#[test]
fn entities_lists_every_entity_with_its_mentions() {
    let c = &*CORPUS;
    let out = ok(&["entities"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), c.entities.len(), "{out}");
    for (line, e) in lines.iter().zip(&c.entities) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cols[0], e.id);
        assert_eq!(cols[1], e.kind.tag());
        assert_eq!(cols[2], e.mentions.len().to_string());
        assert!(line.ends_with(&e.name), "{line:?}");
    }

    let v = json(&["entities", "--json"]);
    let want: Vec<&str> = c.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids(&v), want);
    for (j, e) in v.as_array().unwrap().iter().zip(&c.entities) {
        assert_eq!(j["kind"], e.kind.label());
        assert_eq!(j["name"], e.name.as_str());
        assert_eq!(j["aliases"], serde_json::json!(e.aliases));
        assert_eq!(j["mentions"], e.mentions.len());
        let related: Vec<&str> = e
            .related
            .iter()
            .map(|&r| c.entities[r].id.as_str())
            .collect();
        assert_eq!(j["related"], serde_json::json!(related));
        let events: Vec<&str> = e.events.iter().map(|&r| c.events[r].id.as_str()).collect();
        assert_eq!(j["events"], serde_json::json!(events));
    }
}

#[test]
fn timeline_lists_the_events_in_date_order() {
    let c = &*CORPUS;
    let out = ok(&["timeline"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), c.events.len(), "{out}");
    for (line, e) in lines.iter().zip(&c.events) {
        assert!(line.starts_with(&e.date.to_string()), "{line:?}");
        assert!(line.contains(&e.title), "{line:?}");
        assert_eq!(
            line.ends_with("(disputed)"),
            !e.disputes.is_empty(),
            "{line:?}"
        );
    }

    let v = json(&["timeline", "--json"]);
    let events = v.as_array().unwrap();
    let want: Vec<&str> = c.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids(&v), want);

    // Every date is the one written in events.json, and they are in order:
    // by the earliest day each can mean, then by the latest.
    let path = format!("{}/content/events.json", env!("CARGO_MANIFEST_DIR"));
    let specs: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let written: BTreeMap<&str, &str> = specs
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_str().unwrap(), e["date"].as_str().unwrap()))
        .collect();
    assert_eq!(written.len(), events.len());
    let dates: Vec<EdtfDate> = events
        .iter()
        .map(|e| {
            let date = e["date"].as_str().unwrap();
            assert_eq!(written[e["id"].as_str().unwrap()], date);
            EdtfDate::parse(date).unwrap()
        })
        .collect();
    for (pair, ev) in dates.windows(2).zip(events.windows(2)) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(
            (a.start(), a.end()) <= (b.start(), b.end()),
            "{} ({}) is listed before {} ({})",
            ev[0]["id"],
            ev[0]["date"],
            ev[1]["id"],
            ev[1]["date"]
        );
    }

    for (j, e) in events.iter().zip(&c.events) {
        assert_eq!(j["display"], e.date.to_string());
        assert_eq!(j["title"], e.title.as_str());
        assert_eq!(j["passages"].as_array().unwrap().len(), e.passages.len());
        assert_eq!(j["disputes"].as_array().unwrap().len(), e.disputes.len());
        // Passage numbers are 1-based and exist.
        for p in j["passages"].as_array().unwrap() {
            let a = &c.articles[c.article_index(p["article"].as_str().unwrap()).unwrap()];
            let n = p["passage"].as_u64().unwrap() as usize;
            assert!((1..=a.passages.len()).contains(&n), "{p}");
        }
    }
}

#[test]
fn subcommands_read_the_pack_given_with_content() {
    let good = fixture("good");
    let good = good.to_str().unwrap();
    let v = json(&["--content", good, "list", "--json"]);
    assert_eq!(ids(&v), ["treaty", "schools"]);
    let v = json(&["--content", good, "entities", "--json"]);
    assert_eq!(v.as_array().unwrap().len(), 6);
    let v = json(&["--content", good, "timeline", "--json"]);
    assert_eq!(ids(&v), ["signing", "tank-school", "training"]);

    // A broken pack: the errors, exit 2, nothing on stdout.
    let broken = fixture("several-errors");
    for cmd in ["list", "entities", "timeline"] {
        let run = lectern(&["--content", broken.to_str().unwrap(), cmd]);
        assert_eq!(run.code, Some(2), "{cmd}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{cmd}: {}", run.stdout);
        assert!(
            run.stderr.contains("6 errors in the content pack"),
            "{cmd}: {}",
            run.stderr
        );
    }
}

// ---------------------------------------------------------------------------
// Help and usage errors

#[test]
fn help_mentions_every_subcommand() {
    let out = ok(&["--help"]);
    // The first word of each line of the "Commands:" section.
    let commands: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    for cmd in ["check", "list", "entities", "timeline"] {
        assert!(commands.contains(&cmd), "--help lists {cmd}:\n{out}");
    }
    assert!(out.contains("--content <DIR>"), "{out}");
    let out = ok(&["check", "--help"]);
    assert!(out.contains("--json"), "{out}");
}

#[test]
fn annotations_help_names_every_export_format() {
    let export = ok(&["annotations", "export", "--help"]);
    let formats: Vec<String> = export
        .lines()
        .skip_while(|l| !l.contains("Possible values:"))
        .skip(1)
        .map_while(|l| l.trim().strip_prefix("- "))
        .map(|f| f.split(':').next().unwrap_or(f).to_lowercase())
        .collect();
    assert!(formats.len() >= 4, "{export}");
    let summary = ok(&["annotations", "--help"]).to_lowercase();
    let first = summary.lines().next().unwrap_or_default();
    for f in &formats {
        assert!(first.contains(f.as_str()), "{first:?} does not name {f}");
    }
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let run = lectern(&["frobnicate"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("unrecognized subcommand 'frobnicate'"),
        "{}",
        run.stderr
    );
    let run = lectern(&["list", "--bogus"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("--bogus"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------
// search

#[test]
fn search_groups_hits_by_article_with_a_count() {
    let c = &*CORPUS;
    let hits = lectern::search::search(c, "Rapallo", false);
    let articles: Vec<ArticleIdx> = {
        let mut v: Vec<ArticleIdx> = hits.iter().map(|h| h.loc.article).collect();
        v.dedup();
        v
    };
    assert!(articles.len() >= 3);
    let out = ok(&["search", "Rapallo"]);
    let lines: Vec<&str> = out.lines().collect();
    // One heading per article, in reading order, then its hits; the count last.
    let headings: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| !l.starts_with("  "))
        .collect();
    let mut want: Vec<String> = articles
        .iter()
        .map(|&a| format!("{} ({})", c.articles[a].title, c.articles[a].id))
        .collect();
    want.push(format!(
        "{} hits in {} articles",
        hits.len(),
        articles.len()
    ));
    assert_eq!(headings, want, "{out}");
    let mut i = 0;
    for l in &lines[..lines.len() - 1] {
        if !l.starts_with("  ") {
            continue;
        }
        let h = &hits[i];
        assert!(
            l.starts_with(&format!("  §{:<3} ", h.loc.passage + 1)),
            "hit {i}: {l:?}"
        );
        assert!(l.contains("Rapallo"), "{l:?}");
        // The hit line is under its article's heading.
        let heading = lines[..lines.iter().position(|x| std::ptr::eq(*x, *l)).unwrap()]
            .iter()
            .rfind(|x| !x.starts_with("  "))
            .unwrap();
        assert!(heading.ends_with(&format!("({})", c.articles[h.loc.article].id)));
        i += 1;
    }
    assert_eq!(i, hits.len(), "one line per hit");

    // Nothing found: the count says so, and the exit code, as grep's does.
    let run = lectern(&["search", "zzzqqq"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stdout, "no hits\n");
}

#[test]
fn search_json_is_smart_case() {
    let c = &*CORPUS;
    for q in ["rapallo", "Rapallo", "treaty", "Treaty"] {
        let v = json(&["search", q, "--json"]);
        assert_eq!(v["query"], q);
        let hits = v["hits"].as_array().unwrap();
        let lib = lectern::search::search(c, q, false);
        assert_eq!(hits.len(), lib.len(), "{q}");
        assert!(!hits.is_empty(), "{q}");
        let lowercase = !q.chars().any(char::is_uppercase);
        for (j, h) in hits.iter().zip(&lib) {
            let m = j["match"].as_str().unwrap();
            if lowercase {
                assert!(m.eq_ignore_ascii_case(q), "{q}: {m}");
            } else {
                assert_eq!(m, q, "a capitalised query matches only its case");
            }
            let a = c.article_index(j["article"].as_str().unwrap()).unwrap();
            assert_eq!(a, h.loc.article);
            assert_eq!(j["passage"], h.loc.passage + 1);
            let text = &c.articles[a].passages[h.loc.passage].text;
            let (s, e) = (
                j["start"].as_u64().unwrap() as usize,
                j["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[s..e], m, "start/end are byte offsets of the match");
            assert!(j["snippet"].as_str().unwrap().contains(m));
        }
    }
    // Lowercase finds both spellings of "treaty"; capitalised, fewer.
    let lower = json(&["search", "treaty", "--json"]);
    let upper = json(&["search", "Treaty", "--json"]);
    let matches = |v: &Value| -> std::collections::BTreeSet<String> {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["match"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        matches(&lower),
        ["Treaty", "treaty"].map(String::from).into()
    );
    assert_eq!(matches(&upper), ["Treaty"].map(String::from).into());
}

#[test]
fn search_never_echoes_control_characters() {
    // What is left once the controls are gone matches nothing.
    let run = lectern(&["search", "Rap\x1b[2J\x07allo", "--json"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(!run.stdout.contains('\x1b') && !run.stdout.contains('\x07'));
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(!v["query"].as_str().unwrap().contains('\x1b'));
    let run = lectern(&["search", "\x1b]0;x\x07"]);
    assert!(!run.stdout.contains('\x1b'), "{:?}", run.stdout);
}

// ---------------------------------------------------------------------------
// tour

#[test]
fn tour_prints_the_steps_of_a_tour() {
    let c = &*CORPUS;
    let t = c
        .tours
        .iter()
        .find(|t| t.id == "intro")
        .expect("an intro tour");
    let out = ok(&["tour", "intro"]);
    assert!(
        out.starts_with(&format!("{}\n\n{}\n", t.title, t.intro)),
        "{out}"
    );
    let steps: Vec<&str> = out.lines().filter(|l| l.starts_with("Step ")).collect();
    assert_eq!(steps.len(), t.steps.len(), "{out}");
    for (k, (line, s)) in steps.iter().zip(&t.steps).enumerate() {
        let a = &c.articles[s.loc.article];
        assert_eq!(
            *line,
            format!(
                "Step {}/{} · {} §{}",
                k + 1,
                t.steps.len(),
                a.title,
                s.loc.passage + 1
            )
        );
        assert!(out.contains(&s.commentary), "step {} commentary", k + 1);
    }

    let v = json(&["tour", "intro", "--json"]);
    assert_eq!(v["id"], "intro");
    assert_eq!(v["title"], t.title.as_str());
    let js = v["steps"].as_array().unwrap();
    assert_eq!(js.len(), t.steps.len());
    for (j, s) in js.iter().zip(&t.steps) {
        assert_eq!(j["article"], c.articles[s.loc.article].id.as_str());
        assert_eq!(j["passage"], s.loc.passage + 1);
        assert_eq!(
            j["text"],
            c.articles[s.loc.article].passages[s.loc.passage]
                .text
                .as_str()
        );
        assert_eq!(j["commentary"], s.commentary.as_str());
        assert_eq!(
            j["entity"],
            serde_json::json!(s.entity.map(|e| c.entities[e].id.as_str()))
        );
        assert_eq!(
            j["event"],
            serde_json::json!(s.event.map(|e| c.events[e].id.as_str()))
        );
    }

    // Without an id: the list of tours.
    let out = ok(&["tour"]);
    assert_eq!(out.lines().count(), c.tours.len(), "{out}");
    for (line, t) in out.lines().zip(&c.tours) {
        assert!(line.starts_with(&t.id), "{line:?}");
        assert!(
            line.ends_with(&format!("({} steps)", t.steps.len())),
            "{line:?}"
        );
    }
}

#[test]
fn an_unknown_tour_fails_with_the_list_of_tours() {
    let run = lectern(&["tour", "nosuch"]);
    assert_ne!(run.code, Some(0));
    assert!(run.code.is_some());
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("nosuch"), "{}", run.stderr);
    for t in &CORPUS.tours {
        assert!(run.stderr.contains(&t.id), "{}", run.stderr);
    }
    let run = lectern(&["tour", "nosuch", "--json"]);
    assert_ne!(run.code, Some(0));
    // An id with escapes is not echoed raw.
    let run = lectern(&["tour", "\x1b[2Jx"]);
    assert_ne!(run.code, Some(0));
    assert!(!run.stderr.contains('\x1b'), "{:?}", run.stderr);
}

// ---------------------------------------------------------------------------
// bookmarks

/// Bookmarks made with the library: one with a note, one without, in
/// different articles, made out of reading order.
fn bookmarks_in(data: &Path) -> Vec<(lectern::corpus::PassageLoc, &'static str)> {
    use lectern::corpus::PassageLoc;
    use lectern::store::Store;
    let c = &*CORPUS;
    let (mut store, warning) = Store::open(Some(data), &c.id).expect("a store");
    assert!(warning.is_none());
    let made = vec![
        (
            PassageLoc {
                article: ArticleIdx(3),
                passage: 2,
            },
            "Genua – Rapallo ✓ 日本",
        ),
        (
            PassageLoc {
                article: ArticleIdx(1),
                passage: 0,
            },
            "",
        ),
    ];
    for (loc, note) in &made {
        let id = store.add(c, *loc).expect("a passage");
        if !note.is_empty() {
            assert!(store.set_note(&id, note));
        }
    }
    store.save().expect("save");
    let mut made = made;
    made.sort();
    made
}

#[test]
fn bookmarks_lists_and_exports_what_the_reader_saved() {
    let c = &*CORPUS;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();

    // Nothing yet.
    let run = lectern_with_data(&["bookmarks"], data);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.starts_with("no bookmarks"), "{}", run.stdout);
    let run = lectern_with_data(&["bookmarks", "export", "--format", "json"], data);
    assert_eq!(
        serde_json::from_str::<Value>(&run.stdout).unwrap(),
        serde_json::json!([])
    );

    let made = bookmarks_in(data);

    // Plain: one line per bookmark, "article §n" and the quote, the note
    // on the line after its bookmark.
    let run = lectern_with_data(&["bookmarks"], data);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let out = run.stdout;
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.len(),
        made.len() + made.iter().filter(|(_, n)| !n.is_empty()).count(),
        "{out}"
    );
    for (loc, note) in &made {
        let place = format!("  {} §{}  ", c.articles[loc.article].id, loc.passage + 1);
        let i = lines
            .iter()
            .position(|l| l.contains(&place))
            .unwrap_or_else(|| panic!("{place}:\n{out}"));
        let quote_start: String = c.articles[loc.article].passages[loc.passage]
            .text
            .chars()
            .take(20)
            .collect();
        assert!(lines[i].contains(&quote_start), "{:?}", lines[i]);
        if !note.is_empty() {
            assert_eq!(lines[i + 1].trim(), format!("note: {note}"));
        }
    }

    // --json: the same, as records.
    let run = lectern_with_data(&["bookmarks", "--json"], data);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), made.len());
    for (loc, note) in &made {
        let j = list
            .iter()
            .find(|j| j["article"] == c.articles[loc.article].id.as_str())
            .unwrap_or_else(|| panic!("{loc:?} in {v}"));
        assert_eq!(j["passage"], loc.passage + 1);
        assert_eq!(j["note"], *note);
        assert_eq!(j["orphaned"], false);
    }

    // Markdown: the corpus title, a section per article, the passage quoted, the note.
    let run = lectern_with_data(&["bookmarks", "export", "--format", "markdown"], data);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let md = run.stdout;
    assert!(
        md.starts_with(&format!("# Bookmarks: {}\n", c.title)),
        "{md}"
    );
    let mut at = 0;
    for (loc, note) in &made {
        let a = &c.articles[loc.article];
        let text = &a.passages[loc.passage].text;
        let first_line = text.lines().next().unwrap().trim_end();
        for part in [
            format!("## {}", a.title),
            format!("### Passage {}", loc.passage + 1),
            format!("> {first_line}"),
        ] {
            let i = md[at..]
                .find(&part)
                .unwrap_or_else(|| panic!("{part:?} after {at}:\n{md}"));
            at += i + part.len();
        }
        if !note.is_empty() {
            let n = format!("Note: {note}");
            let i = md[at..].find(&n).unwrap_or_else(|| panic!("{n}:\n{md}"));
            at += i + n.len();
        }
    }
    // The default format is Markdown.
    let run = lectern_with_data(&["bookmarks", "export"], data);
    assert_eq!(run.stdout, md);

    // JSON: W3C Web Annotations with a quote and a position selector.
    let run = lectern_with_data(&["bookmarks", "export", "--format", "json"], data);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let records = v.as_array().unwrap();
    assert_eq!(records.len(), made.len());
    for (rec, (loc, note)) in records.iter().zip(&made) {
        let a = &c.articles[loc.article];
        assert_eq!(rec["@context"], "http://www.w3.org/ns/anno.jsonld");
        assert_eq!(rec["type"], "Annotation");
        assert!(
            rec["id"]
                .as_str()
                .unwrap()
                .starts_with("urn:lectern:bookmark:")
        );
        assert!(rec["created"].as_str().unwrap().ends_with('Z'));
        assert_eq!(rec["motivation"], "bookmarking");
        if note.is_empty() {
            assert_eq!(rec["body"], serde_json::json!([]));
        } else {
            assert_eq!(rec["body"][0]["type"], "TextualBody");
            assert_eq!(rec["body"][0]["purpose"], "commenting");
            assert_eq!(rec["body"][0]["value"], *note);
        }
        let target = &rec["target"];
        assert_eq!(target["source"], format!("lectern:{}/{}", c.id, a.id));
        let selectors = target["selector"].as_array().unwrap();
        let quote = selectors
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")
            .expect("a TextQuoteSelector");
        let position = selectors
            .iter()
            .find(|s| s["type"] == "TextPositionSelector")
            .expect("a TextPositionSelector");
        // The article as the selectors see it: passages joined by a blank line.
        let full: Vec<char> = a
            .passages
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
            .chars()
            .collect();
        let exact = quote["exact"].as_str().unwrap();
        // The quote the bookmark saved: its passage, or the passage's
        // opening words when it is long.
        assert!(
            !exact.is_empty() && a.passages[loc.passage].text.starts_with(exact),
            "{exact}"
        );
        let (s, e) = (
            position["start"].as_u64().unwrap() as usize,
            position["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            full[s..e].iter().collect::<String>(),
            exact,
            "code point offsets"
        );
        let prefix = quote["prefix"].as_str().unwrap();
        let suffix = quote["suffix"].as_str().unwrap();
        assert!(prefix.chars().count() <= 32 && suffix.chars().count() <= 32);
        assert_eq!(
            full[s - prefix.chars().count()..s]
                .iter()
                .collect::<String>(),
            prefix
        );
        assert_eq!(
            full[e..e + suffix.chars().count()]
                .iter()
                .collect::<String>(),
            suffix
        );
        if loc.passage > 0 {
            assert_eq!(prefix.chars().count(), 32.min(s));
        }
    }
    // The same records as the annotations export gives for bookmarks, so
    // either file can be read back by `lectern annotations import`.
    let run = lectern_with_data(&["annotations", "export", "--format", "json"], data);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let all: Value = serde_json::from_str(&run.stdout).unwrap();
    let marks: Vec<&Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["motivation"] == "bookmarking")
        .collect();
    assert_eq!(marks, records.iter().collect::<Vec<_>>());
}

// ---------------------------------------------------------------------------
// Every path keeps the promise of its flags

/// Runs a `--json` command and returns its exit code and its stdout, which
/// must be one JSON document whatever happened.
fn json_any(args: &[&str]) -> (Option<i32>, Value) {
    let run = lectern(args);
    assert!(!run.stderr.contains("panicked"), "{args:?}: {}", run.stderr);
    let v = serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            run.stdout, run.stderr
        )
    });
    (run.code, v)
}

/// A failure as JSON: `ok` false and at least one error with a message.
fn assert_json_failure(args: &[&str], v: &Value, says: &str) {
    assert_eq!(v["ok"], false, "{args:?}: {v}");
    let errors = v["errors"].as_array().expect("an errors array");
    assert!(!errors.is_empty(), "{args:?}: {v}");
    assert!(
        errors
            .iter()
            .any(|e| e["message"].as_str().is_some_and(|m| m.contains(says))),
        "{args:?}: no error says {says:?}: {v}"
    );
}

#[test]
fn every_json_flag_prints_json_on_every_path() {
    let good = fixture("good");
    let good = good.to_str().unwrap();
    let data = tempfile::tempdir().unwrap();
    let data = data.path().to_str().unwrap();
    let tour = CORPUS.tours[0].id.as_str();

    // Success: JSON, exit 0.
    for args in [
        vec!["check", "--json"],
        vec!["list", "--json"],
        vec!["entities", "--json"],
        vec!["timeline", "--json"],
        vec!["search", "Rapallo", "--json"],
        vec!["tour", "--json"],
        vec!["tour", tour, "--json"],
        vec!["--data-dir", data, "bookmarks", "--json"],
        vec!["--content", good, "list", "--json"],
    ] {
        let (code, _) = json_any(&args);
        assert_eq!(code, Some(0), "{args:?}");
    }

    // The tours without an id: one record per tour.
    let (_, v) = json_any(&["tour", "--json"]);
    let want: Vec<&str> = CORPUS.tours.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids(&v), want);
    for (j, t) in v.as_array().unwrap().iter().zip(&CORPUS.tours) {
        assert_eq!(j["steps"], t.steps.len());
        assert_eq!(j["title"], t.title.as_str());
    }

    // Failures: JSON on stdout with the error in it, and the usual code.
    let missing = fixture("no-such-pack");
    let missing = missing.to_str().unwrap();
    let broken = fixture("several-errors");
    let broken = broken.to_str().unwrap();
    let mut failures: Vec<(Vec<&str>, i32, &str)> = vec![
        (vec!["check", missing, "--json"], 2, "no-such-pack"),
        (
            vec!["--content", missing, "list", "--json"],
            2,
            "no-such-pack",
        ),
        (vec!["tour", "no-such-tour", "--json"], 1, "no-such-tour"),
        // The whole message, not its first line: it names what is missing.
        (vec!["search", "--json"], 2, "<QUERY>"),
        (vec!["list", "--json", "--max-file-mb", "abc"], 2, "abc"),
        (vec!["list", "--json", "--bogus"], 2, "--bogus"),
    ];
    for cmd in ["list", "entities", "timeline", "tour", "bookmarks"] {
        failures.push((vec!["--content", broken, cmd, "--json"], 2, ""));
    }
    failures.push((vec!["--content", broken, "search", "x", "--json"], 2, ""));
    for (args, code, says) in &failures {
        let (got, v) = json_any(args);
        assert_eq!(got, Some(*code), "{args:?}: {v}");
        assert_json_failure(args, &v, says);
    }

    // A pack error keeps its place in the file.
    let (_, v) = json_any(&["--content", broken, "list", "--json"]);
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 6, "{v}");
    for e in errors {
        assert!(
            e["file"]
                .as_str()
                .is_some_and(|f| f.contains("several-errors")),
            "{e}"
        );
        assert!(e["line"].as_u64().is_some_and(|n| n >= 1), "{e}");
        assert!(e["column"].as_u64().is_some_and(|n| n >= 1), "{e}");
    }
}

#[test]
fn check_prints_like_every_other_command() {
    // The same error text and count as the other commands give for the
    // same broken pack, on stderr, with nothing on stdout.
    let broken = fixture("several-errors");
    let broken = broken.to_str().unwrap();
    let check = lectern(&["check", broken]);
    let list = lectern(&["--content", broken, "list"]);
    assert_eq!(check.code, Some(2));
    assert_eq!(check.code, list.code);
    assert!(check.stdout.is_empty(), "{}", check.stdout);
    assert_eq!(check.stderr, list.stderr);
}

/// Runs `args` with stdout a pipe whose reader is already gone.
fn closed_pipe(args: &[&str]) -> std::process::Output {
    use std::process::Stdio;
    let mut child = Command::new(BIN)
        .args(args)
        .env_remove("LECTERN_DATA_DIR")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run lectern");
    // Loading the pack takes far longer than this: the first write finds
    // the pipe closed.
    drop(child.stdout.take());
    child.wait_with_output().expect("wait for lectern")
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let tour = CORPUS.tours[0].id.as_str();
    for args in [
        vec!["check"],
        vec!["check", "--json"],
        vec!["list"],
        vec!["entities", "--json"],
        vec!["timeline"],
        vec!["search", "Rapallo"],
        vec!["tour", tour],
        vec!["tour", tour, "--json"],
    ] {
        let out = closed_pipe(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("error"), "{args:?}: {stderr}");
    }
}

#[test]
fn search_exits_1_when_nothing_matches() {
    for args in [vec!["search", "zzzqqq"], vec!["search", "zzzqqq", "--json"]] {
        let run = lectern(&args);
        assert_eq!(run.code, Some(1), "{args:?}: {}", run.stderr);
        assert!(run.stderr.is_empty(), "{args:?}: {}", run.stderr);
    }
    // Still a result, not an error: an empty list of hits.
    let run = lectern(&["search", "zzzqqq", "--json"]);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["hits"], serde_json::json!([]));
    assert_eq!(v["query"], "zzzqqq");
    // And a match is success.
    assert_eq!(lectern(&["search", "Rapallo"]).code, Some(0));
}

#[test]
fn timeline_dates_are_the_readers_and_fit_their_column() {
    // The reader names an event's date with its `Display` form (cards,
    // compare); the CLI prints the same, whole, in a column as wide as the
    // longest date so every title starts in the same column.
    for pack in [None, Some(fixture("good"))] {
        let mut args = vec![];
        let owned;
        let c = match &pack {
            Some(dir) => {
                owned =
                    lectern::corpus::load(&lectern::corpus::PackSource::dir(dir).unwrap()).unwrap();
                args.extend(["--content", dir.to_str().unwrap()]);
                &owned
            }
            None => &*CORPUS,
        };
        args.push("timeline");
        let out = ok(&args);
        let widest = c
            .events
            .iter()
            .map(|e| e.date.to_string().chars().count())
            .max()
            .unwrap();
        let mut title_columns = std::collections::BTreeSet::new();
        for (line, e) in out.lines().zip(&c.events) {
            let date = e.date.to_string();
            let rest = line
                .strip_prefix(&date)
                .unwrap_or_else(|| panic!("{line:?} starts with {date:?}"));
            // At least one space after the widest date.
            assert!(rest.starts_with(' '), "{line:?}");
            let title_at = line.chars().count() - rest.trim_start().chars().count();
            assert!(title_at > widest, "{line:?}");
            assert!(rest.trim_start().starts_with(&e.title), "{line:?}");
            title_columns.insert(title_at);
        }
        assert_eq!(title_columns.len(), 1, "titles line up:\n{out}");
    }
}

#[test]
fn the_declared_toolchain_is_the_one_the_readme_names() {
    let root = env!("CARGO_MANIFEST_DIR");
    let manifest = std::fs::read_to_string(format!("{root}/Cargo.toml")).unwrap();
    let version = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .expect("Cargo.toml declares rust-version")
        .trim_matches('"');
    // The store locks its file with `File::try_lock`, stable since 1.89.
    let (major, minor) = version.split_once('.').unwrap();
    let minor: u32 = minor.split('.').next().unwrap().parse().unwrap();
    assert!(major == "1" && minor >= 89, "rust-version {version}");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    assert!(
        readme.contains(&format!("({version} or newer)")),
        "README names rust-version {version}"
    );
}

#[test]
fn the_command_line_and_the_reader_keep_to_their_layers() {
    // The CLI prints without the terminal ui, and the reader's state knows
    // nothing of the command line: shared text helpers live in `text`.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let uses = |dir: &str, layer: &str| -> Vec<String> {
        let mut found = vec![];
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let src = std::fs::read_to_string(&path).unwrap();
            for (n, line) in src.lines().enumerate() {
                if line.contains(&format!("crate::{layer}::"))
                    || line.contains(&format!("crate::{layer};"))
                    || line.contains(&format!("crate::{layer}::{{"))
                {
                    found.push(format!("{}:{}: {line}", path.display(), n + 1));
                }
            }
        }
        found
    };
    assert_eq!(uses("cli", "ui"), Vec::<String>::new());
    assert_eq!(uses("cli", "app"), Vec::<String>::new());
    assert_eq!(uses("reader", "cli"), Vec::<String>::new());
}

/// The shell words of a command line as printed in an export: plain words,
/// single-quoted ones and a backslash before a character taken as it is.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    let mut chars = line.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '\'' => {
                quoted = !quoted;
                any = true;
            }
            '\\' if !quoted => word.extend(chars.next()),
            c if c.is_whitespace() && !quoted => {
                if any || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                any = false;
            }
            c => word.push(c),
        }
    }
    if any || !word.is_empty() {
        words.push(word);
    }
    words
}

#[test]
fn every_way_back_in_an_export_of_a_pack_finds_its_highlight() {
    use clap::Parser;
    use lectern::cli::Cli;
    use lectern::cli::annotations::resolve_at;
    use lectern::corpus::{self, ArticleIdx, PackSource};
    use lectern::store::{Colour, Store};

    // A pack in a folder whose name the shell must be told exactly.
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("my pack's copy");
    std::fs::create_dir(&pack).unwrap();
    for f in ["corpus.json", "entities.json", "events.json"] {
        std::fs::copy(fixture("good").join(f), pack.join(f)).unwrap();
    }
    for sub in ["articles", "guides"] {
        std::fs::create_dir(pack.join(sub)).unwrap();
        for e in std::fs::read_dir(fixture("good").join(sub)).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), pack.join(sub).join(e.file_name())).unwrap();
        }
    }
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let c = corpus::load(&PackSource::dir(&pack).unwrap()).unwrap();
    let mut store = Store::open(Some(&data), &c.id).unwrap().0;
    store
        .add_highlight(&c, ArticleIdx(0), 0, 10, Colour::Blue)
        .unwrap();
    let first = lectern::corpus::PassageLoc {
        article: ArticleIdx(0),
        passage: 0,
    };
    store.add(&c, first).unwrap();
    store.save().unwrap();

    let p = pack.to_str().unwrap();
    let notes = dir.path().join("notes");
    let mut texts = Vec::new();
    for format in ["markdown", "csv", "json"] {
        let args = ["--content", p, "annotations", "export", "--format", format];
        let run = lectern_with_data(&args, &data);
        assert_eq!(run.code, Some(0), "{format}: {}", run.stderr);
        texts.push((format.to_owned(), run.stdout));
    }
    let args = ["--content", p, "bookmarks", "export", "--format", "json"];
    let run = lectern_with_data(&args, &data);
    assert_eq!(run.code, Some(0), "bookmarks: {}", run.stderr);
    texts.push(("json".to_owned(), run.stdout));
    let n = notes.to_str().unwrap();
    let args = [
        "--content",
        p,
        "annotations",
        "export",
        "--format",
        "obsidian",
        "--out",
        n,
    ];
    let run = lectern_with_data(&args, &data);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for e in std::fs::read_dir(&notes).unwrap() {
        let e = e.unwrap();
        texts.push((
            e.file_name().to_string_lossy().into_owned(),
            std::fs::read_to_string(e.path()).unwrap(),
        ));
    }

    // The commands: in JSON the records' `lectern:open`; elsewhere text
    // from `lectern ` to the closing backtick or quote (a CSV field doubles
    // its quotes).
    let mut commands = Vec::new();
    for (what, text) in &texts {
        if what == "json" {
            let v: Value = serde_json::from_str(text).unwrap();
            for r in v.as_array().unwrap() {
                commands.push((what, r["lectern:open"].as_str().unwrap().to_owned()));
            }
            continue;
        }
        let text = text.replace("\"\"", "\"");
        for (at, _) in text.match_indices("lectern ") {
            let line = &text[at..];
            let end = line.find(['`', '"', '\n']).unwrap_or(line.len());
            commands.push((what, line[..end].to_owned()));
        }
    }
    assert!(commands.len() >= 4, "{texts:?}");
    for (what, line) in commands {
        let words = shell_words(&line);
        let cli = Cli::try_parse_from(&words)
            .unwrap_or_else(|e| panic!("{what}: {words:?} is no command line: {e}"));
        let spec = cli.global.at.as_deref().expect("--at");
        let c = match cli.global.content.as_deref() {
            Some(d) => corpus::load(&PackSource::dir(d).unwrap())
                .unwrap_or_else(|e| panic!("{what}: {words:?} names no pack: {e}")),
            None => corpus::embedded().unwrap(),
        };
        let store = Store::open(Some(&data), &c.id).unwrap().0;
        assert!(
            resolve_at(&c, Some(&store), spec).is_ok(),
            "{what}: {words:?} does not find {spec} in {:?}",
            c.id
        );
    }
}

/// `-o` is `--out`: the same pack, and the help says so.
#[test]
fn import_takes_o_for_out() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("notes.txt");
    std::fs::write(&src, "Rathenau met Chicherin at Genoa in April 1922.\n").unwrap();
    let src = src.to_str().unwrap();
    let files = |flag: &str| {
        let pack = dir.path().join(flag.trim_start_matches('-'));
        let pack = pack.to_str().unwrap();
        let run = lectern(&["import", src, flag, pack, "--quiet", "--id", "notes"]);
        assert_eq!(run.code, Some(0), "{flag}: {}", run.stderr);
        ok(&["check", pack]);
        let mut names: Vec<_> = std::fs::read_dir(pack)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        let json = std::fs::read(std::path::Path::new(pack).join("entities.json")).unwrap();
        (names, json)
    };
    assert_eq!(files("-o"), files("--out"));
    let help = lectern(&["import", "--help"]).stdout;
    assert!(help.contains("-o, --out <DIR>"), "{help}");
}

/// Without arguments the command line is read by a shorter path; the
/// options set from the environment must count the same as with any
/// argument given.
#[test]
fn without_arguments_the_environment_still_sets_the_options() {
    let run_with = |args: &[&str], env: (&str, &str)| {
        let out = Command::new(BIN)
            .args(args)
            .env(env.0, env.1)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (bare, flagged) = (
        run_with(&[], ("LECTERN_MAX_FILE_MB", "0")),
        run_with(&["--no-resume"], ("LECTERN_MAX_FILE_MB", "0")),
    );
    assert_eq!(bare.0, Some(2), "{}", bare.1);
    assert!(bare.1.contains("'--max-file-mb <MB>'"), "{}", bare.1);
    assert_eq!(bare.1.lines().next(), flagged.1.lines().next());
    // A data directory that cannot be one is reported by name.
    let file = tempfile::NamedTempFile::new().unwrap();
    let path = file.path().to_str().unwrap();
    for args in [&[][..], &["--no-resume"][..]] {
        let (_, stderr) = run_with(args, ("LECTERN_DATA_DIR", path));
        assert!(stderr.contains(path), "{args:?}: {stderr}");
        assert!(stderr.contains("needs a terminal"), "{args:?}: {stderr}");
    }
}
