//! `lectern import` end to end: every input format into a pack that loads,
//! suggestions marked and linked, hostile inputs refused with the file
//! named, and re-imports that keep what a person curated.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use lectern::corpus::{self, Corpus, PackSource};
use lectern::reader::{Action, Reader, update};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_lectern");

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/sources")
}

fn import(args: &[&Path], out: &Path, extra: &[&str]) -> Output {
    let mut c = Command::new(BIN);
    c.arg("import");
    for a in args {
        c.arg(a);
    }
    c.arg("--out").arg(out).args(extra);
    c.env("LECTERN_DATA_DIR", out.with_extension("data"));
    c.output().expect("run lectern import")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn load(dir: &Path) -> Corpus {
    let src = PackSource::dir(dir).expect("pack dir");
    corpus::load(&src).unwrap_or_else(|e| panic!("the imported pack does not load:\n{e}"))
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("read json")).expect("parse json")
}

fn all_text(c: &Corpus, article: &str) -> String {
    let a = &c.articles[c.article_index(article).expect("article")];
    a.passages
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn article_by_title<'c>(c: &'c Corpus, title: &str) -> &'c lectern::corpus::Article {
    c.articles
        .iter()
        .find(|a| a.title == title)
        .unwrap_or_else(|| {
            panic!(
                "no article titled {title}: {:?}",
                c.articles.iter().map(|a| &a.title).collect::<Vec<_>>()
            )
        })
}

/// A small EPUB built from (path, bytes) entries, `mimetype` first.
fn epub(entries: &[(&str, &[u8])], stored: bool) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let method = if stored {
        zip::CompressionMethod::Stored
    } else {
        zip::CompressionMethod::Deflated
    };
    let opts = zip::write::SimpleFileOptions::default().compression_method(method);
    z.start_file(
        "mimetype",
        opts.compression_method(zip::CompressionMethod::Stored),
    )
    .expect("zip");
    z.write_all(b"application/epub+zip").expect("zip");
    for (name, bytes) in entries {
        z.start_file(*name, opts).expect("zip");
        z.write_all(bytes).expect("zip");
    }
    z.finish().expect("zip").into_inner()
}

const CONTAINER: &[u8] = br#"<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"#;

fn opf(manifest: &str, spine: &str, extra_meta: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>A Book of Rapallo</dc:title><dc:creator>Ann Author</dc:creator><dc:date>2020-05-01</dc:date>{extra_meta}
</metadata>
<manifest>{manifest}</manifest>
<spine toc="ncx">{spine}</spine>
</package>"#
    )
    .into_bytes()
}

fn xhtml(body: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>x</title></head>
<body>{body}</body></html>"#
    )
    .into_bytes()
}

/// A well-formed EPUB 3 book: a cover image page, the contents page in the
/// spine, two chapters (the second with a footnote and verse), a nav whose
/// links use non-ASCII characters and point at fragments.
fn good_book() -> Vec<u8> {
    let nav = xhtml(
        r#"<nav epub:type="toc"><ol>
<li><a href="ch%C3%A9-1.xhtml#start">The Meeting</a></li>
<li><a href="ch%C3%A9-1.xhtml#later">A second entry in the same file</a></li>
<li><a href="text/ch2.xhtml">The Schools</a></li></ol></nav>"#,
    );
    let ch1 = xhtml(
        r#"<h1 id="start">Chapter One</h1>
<p>Georgy Chicherin met Walther Rathenau at Rapallo on 16 April 1922, and the Treaty of Rapallo was signed that day.</p>
<p id="later">Rathenau returned to Berlin; Chicherin went on to Moscow.</p>"#,
    );
    let ch2 = xhtml(
        r##"<h2>The Schools</h2>
<p>The tank school at Kazan opened in 1929<a epub:type="noteref" href="#fn1"><sup>1</sup></a> and closed in 1933.</p>
<div class="verse"><p>Roads lead east,</p><p>roads lead home.</p></div>
<aside epub:type="footnote" id="fn1"><p>Some sources give 1926 for the agreement.</p></aside>
<p><img src="../img/map.png" alt="map"/></p>"##,
    );
    let cover = xhtml(r#"<div><img src="img/cover.png" alt="cover"/></div>"#);
    epub(
        &[
            ("META-INF/container.xml", CONTAINER),
            (
                "OEBPS/content.opf",
                &opf(
                    r#"<item id="nav" href="nav.xhtml" properties="nav" media-type="application/xhtml+xml"/>
<item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/>
<item id="c1" href="ch%C3%A9-1.xhtml" media-type="application/xhtml+xml"/>
<item id="c2" href="text/ch2.xhtml" media-type="application/xhtml+xml"/>
<item id="img" href="img/cover.png" media-type="image/png"/>"#,
                    r#"<itemref idref="cover"/><itemref idref="nav"/><itemref idref="c1"/><itemref idref="c2"/>"#,
                    "",
                ),
            ),
            ("OEBPS/nav.xhtml", &nav),
            ("OEBPS/cover.xhtml", &cover),
            ("OEBPS/ché-1.xhtml", &ch1),
            ("OEBPS/text/ch2.xhtml", &ch2),
            ("OEBPS/img/cover.png", b"\x89PNG\r\n\x1a\nnot really"),
        ],
        false,
    )
}

#[test]
fn every_format_makes_a_pack_that_loads_with_suggestions() {
    let tmp = tempfile::tempdir().expect("tmp");
    let book = tmp.path().join("book.epub");
    std::fs::write(&book, good_book()).expect("write");
    let out = tmp.path().join("pack");
    let o = import(&[&fixtures(), &book], &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let c = load(&out);
    // Three files and two chapters with text (the cover is an image, the
    // contents page is not reading matter).
    assert_eq!(
        c.articles.len(),
        5,
        "{:?}",
        c.articles.iter().map(|a| &a.id).collect::<Vec<_>>()
    );

    // Plain text: the first line is the title, hard-wrapped lines are joined.
    let t = article_by_title(&c, "The Conference at Genoa");
    assert_eq!(t.passages.len(), 5);
    assert!(t.passages.iter().all(|p| !p.text.contains('\n')));

    // Markdown: front matter, headings, list items and code as passages.
    let m = article_by_title(&c, "Secret Cooperation");
    assert_eq!(
        (m.source.as_str(), m.date.as_str()),
        ("Reading notes", "2024-03-02")
    );
    let heading = m
        .passages
        .iter()
        .find(|p| p.text == "Schools in Russia")
        .expect("heading");
    assert_eq!(heading.kind, corpus::PassageKind::Heading);
    assert!(
        m.passages
            .iter()
            .any(|p| p.text == "A flying school at Lipetsk opened in 1925.")
    );
    assert!(
        m.passages
            .iter()
            .any(|p| p.text.contains("forbade it: tanks")
                && p.text.contains("Treaty of Versailles forbade")),
        "links keep their text"
    );

    // HTML: the article only, metadata from the page.
    let h = article_by_title(&c, "How Rapallo Changed Europe");
    assert_eq!(h.source, "The History Desk");
    assert!(h.date.starts_with("2023-01-18"));
    let text = all_text(&c, &h.id);
    for furniture in [
        "cookie",
        "Subscribe now",
        "COMMENT_TEXT",
        "SECRET_SCRIPT",
        "SCRIPT_TEXT_TWO",
        "FOOTER_TEXT",
        "Share on",
        "Related posts",
        "Post a Comment",
    ] {
        assert!(
            !text.contains(furniture),
            "page furniture {furniture:?} leaked into the article:\n{text}"
        );
    }
    assert!(
        text.starts_with("On Easter Sunday, 16 April 1922"),
        "{text}"
    );
    assert!(text.contains("became a byword for an unexpected deal between outcasts."));
    let cap = h
        .passages
        .iter()
        .find(|p| p.text.starts_with("The delegations at Rapallo"))
        .expect("caption");
    assert_eq!(cap.kind, corpus::PassageKind::Caption);

    // EPUB: spine order, titles from the nav, footnote marks out, verse kept.
    let ch1 = article_by_title(&c, "The Meeting");
    let ch2 = article_by_title(&c, "The Schools");
    assert!(c.article_index(&ch1.id) < c.article_index(&ch2.id));
    assert_eq!(ch1.source, "Ann Author");
    let schools = all_text(&c, &ch2.id);
    assert!(
        schools.contains("opened in 1929 and closed in 1933."),
        "{schools}"
    );
    assert!(schools.contains("Roads lead east,"));
    assert_eq!(c.title, "pack");

    // Entities: names across formats, variants merged, kinds from cues.
    let ent = |spelling: &str| {
        c.entities
            .iter()
            .find(|e| e.name == spelling || e.aliases.iter().any(|a| a == spelling))
            .unwrap_or_else(|| {
                panic!(
                    "no entity spelled {spelling}: {:?}",
                    c.entities.iter().map(|e| &e.name).collect::<Vec<_>>()
                )
            })
    };
    use lectern::corpus::types::EntityKind as K;
    assert_eq!(ent("Treaty of Rapallo").kind, K::Treaty);
    assert_eq!(ent("Georgy Chicherin").id, ent("Georgiy Chicherin").id);
    assert_eq!(ent("Georgy Chicherin").id, ent("Chicherin").id);
    assert_eq!(ent("Walther Rathenau").id, ent("Rathenau").id);
    assert_eq!(ent("Walther Rathenau").kind, K::Person);
    assert_eq!(ent("Werner von Blomberg").kind, K::Person);
    assert_eq!(ent("Germany").kind, K::State);
    assert!(c.entities.iter().all(|e| e.suggested));
    for not_a_name in [
        "The",
        "In",
        "After",
        "Both",
        "April",
        "Neither",
        "Historians",
        "Few",
    ] {
        assert!(
            c.entities
                .iter()
                .all(|e| e.name != not_a_name && !e.aliases.iter().any(|a| a == not_a_name)),
            "{not_a_name} suggested as an entity"
        );
    }

    // Events: dates at their precision; one signing told by several sources.
    let dates: Vec<String> = c.events.iter().map(|e| e.date.to_edtf()).collect();
    for d in ["1922-04-16", "1922-21", "1928-23", "192X", "1922-06-24"] {
        assert!(
            dates.iter().any(|x| x == d),
            "no event dated {d}: {dates:?}"
        );
    }
    assert!(c.events.iter().all(|e| e.suggested));
    let signing = c
        .events
        .iter()
        .filter(|e| e.date.to_edtf() == "1922-04-16")
        .max_by_key(|e| e.passages.len())
        .expect("signing");
    let sources: std::collections::HashSet<lectern::corpus::ArticleIdx> =
        signing.passages.iter().map(|l| l.article).collect();
    assert!(
        sources.len() >= 3,
        "the signing is told by the text, the page and the book: {:?}",
        signing.passages
    );
    assert!(
        signing.entities.contains(
            &c.entity_index(&ent("Treaty of Rapallo").id)
                .unwrap_or(lectern::corpus::EntityIdx(usize::MAX))
        ) || signing.entities.len() >= 2
    );
}

#[test]
fn the_imported_pack_opens_in_the_reader_with_panes_that_move_together() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("pack");
    let o = import(&[&fixtures()], &out, &["--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        o.stderr.is_empty(),
        "--quiet prints nothing on success: {}",
        stderr(&o)
    );
    let c = Arc::new(load(&out));
    let mut r = Reader::new(c.clone(), 120, 40);
    let (mut with_both, mut seen) = (0, 0);
    for a in 0..c.articles.len() {
        for p in 0..c.articles[a].passages.len() {
            assert_eq!((r.article.index(), r.focus), (a, p));
            let passage = &c.articles[a].passages[p];
            let (here, _) = r.sidebar();
            assert_eq!(
                here,
                passage.entities.to_vec(),
                "the sidebar follows the focus"
            );
            assert_eq!(
                r.focus_events(),
                &passage.events[..],
                "the timeline follows the focus"
            );
            if let Some(&first) = passage.events.first() {
                assert_eq!(r.event_sel, first);
            }
            with_both += usize::from(!passage.entities.is_empty() && !passage.events.is_empty());
            seen += 1;
            update(&mut r, Action::NextPassage);
        }
        update(&mut r, Action::NextArticle);
    }
    assert!(
        seen > 20 && with_both >= 5,
        "{with_both} of {seen} passages have both entities and events"
    );
}

#[test]
fn check_counts_suggestions_and_groups_warnings() {
    let tmp = tempfile::tempdir().expect("tmp");
    let src = tmp.path().join("src");
    std::fs::create_dir(&src).expect("mkdir");
    // A long text with no names at all: one warning line, not hundreds.
    let body: String = (0..400)
        .map(|i| format!("this is plain passage number {i} with nothing in it.\n\n"))
        .collect();
    std::fs::write(src.join("plain.txt"), format!("Plain\n\n{body}")).expect("write");
    std::fs::copy(fixtures().join("01-conference.txt"), src.join("conf.txt")).expect("copy");
    let out = tmp.path().join("pack");
    assert!(import(&[&src], &out, &["--quiet"]).status.success());
    let o = Command::new(BIN)
        .arg("check")
        .arg(&out)
        .output()
        .expect("check");
    assert!(o.status.success());
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("\"plain\"")).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(lines[0].contains("400 passages mention no entity"), "{err}");
    let outp = String::from_utf8_lossy(&o.stdout);
    assert!(
        outp.contains("suggested") && outp.contains("await review"),
        "{outp}"
    );
    let j = Command::new(BIN)
        .args(["check", "--json"])
        .arg(&out)
        .output()
        .expect("check");
    let v: Value = serde_json::from_slice(&j.stdout).expect("json");
    assert!(v["suggested_entities"].as_u64().unwrap_or(0) > 0);
    assert_eq!(v["suggested_entities"], v["entities"]);
}

#[test]
fn update_keeps_ids_and_curated_items_and_reports_lost_quotes() {
    let tmp = tempfile::tempdir().expect("tmp");
    let src = tmp.path().join("src");
    std::fs::create_dir(&src).expect("mkdir");
    for f in ["01-conference.txt", "02-cooperation.md", "03-page.html"] {
        std::fs::copy(fixtures().join(f), src.join(f)).expect("copy");
    }
    let out = tmp.path().join("pack");
    assert!(import(&[&src], &out, &["--quiet"]).status.success());
    let ids_before: Value = json(&out.join("import.json"));

    // Curate: accept one suggestion (rewritten by hand) and add an event.
    let mut ents = json(&out.join("entities.json"));
    let list = ents.as_array_mut().expect("array");
    let pos = list
        .iter()
        .position(|e| e["name"] == "Treaty of Rapallo")
        .expect("treaty");
    let obj = list[pos].as_object_mut().expect("object");
    obj.remove("status");
    obj.insert(
        "summary".into(),
        "The 1922 agreement, described by hand.".into(),
    );
    let curated_entity = list[pos].clone();
    std::fs::write(
        out.join("entities.json"),
        serde_json::to_vec_pretty(&ents).expect("json"),
    )
    .expect("write");
    let conf_id = ids_before["sources"]["src/01-conference.txt"]
        .as_str()
        .expect("id")
        .to_owned();
    let mut evs = json(&out.join("events.json"));
    let curated_event = serde_json::json!({
        "id": "murder", "date": "1922-06-24", "title": "Rathenau murdered",
        "summary": "Written by hand.", "entities": ["treaty-of-rapallo"],
        "passages": [{"article": conf_id, "quote": "Rathenau was murdered in Berlin"}]
    });
    evs.as_array_mut()
        .expect("array")
        .push(curated_event.clone());
    std::fs::write(
        out.join("events.json"),
        serde_json::to_vec_pretty(&evs).expect("json"),
    )
    .expect("write");
    load(&out);

    // A new file, and re-import.
    std::fs::write(
        src.join("00-new.txt"),
        "A New Note\n\nGeorgy Chicherin wrote to Rathenau in May 1922.\n",
    )
    .expect("write");
    let o = import(&[&src], &out, &["--update"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let c = load(&out);
    let ids_after = json(&out.join("import.json"));
    for (k, v) in ids_before["sources"].as_object().expect("map") {
        assert_eq!(&ids_after["sources"][k], v, "article id of {k} kept");
    }
    assert_eq!(c.articles.len(), 4);
    let ents = json(&out.join("entities.json"));
    let kept: Vec<&Value> = ents
        .as_array()
        .expect("array")
        .iter()
        .filter(|e| e.get("status").is_none())
        .collect();
    assert_eq!(kept, vec![&curated_entity], "curated entity kept exactly");
    assert!(
        ents.as_array()
            .expect("array")
            .iter()
            .all(|e| e["name"] != "Treaty of Rapallo" || e.get("status").is_none()),
        "no suggestion duplicates a curated spelling"
    );
    let evs = json(&out.join("events.json"));
    let kept: Vec<&Value> = evs
        .as_array()
        .expect("array")
        .iter()
        .filter(|e| e.get("status").is_none())
        .collect();
    assert_eq!(kept, vec![&curated_event], "curated event kept exactly");

    // The quoted sentence goes: the curated event is kept and reported.
    let conf = src.join("01-conference.txt");
    let t = std::fs::read_to_string(&conf)
        .expect("read")
        .replace("Rathenau was murdered in Berlin on 24 June 1922.", "");
    std::fs::write(&conf, t).expect("write");
    let o = import(&[&src], &out, &["--update"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("event \"murder\"") && err.contains("Rathenau was murdered in Berlin"),
        "{err}"
    );
    let evs = json(&out.join("events.json"));
    assert!(
        evs.as_array()
            .expect("array")
            .iter()
            .any(|e| e["id"] == "murder")
    );
}

#[test]
fn an_existing_pack_is_never_overwritten_and_a_failed_import_leaves_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("pack");
    std::fs::create_dir(&out).expect("mkdir");
    std::fs::write(out.join("keep.txt"), "mine").expect("write");
    let o = import(&[&fixtures()], &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--update"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(out.join("keep.txt"))
            .ok()
            .as_deref(),
        Some("mine")
    );

    let bad = tmp.path().join("bad.txt");
    std::fs::write(&bad, b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0").expect("write");
    let out2 = tmp.path().join("new");
    let o = import(&[&bad], &out2, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("bad.txt") && stderr(&o).contains("binary"),
        "{}",
        stderr(&o)
    );
    assert!(!out2.exists());
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("ls")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".lectern"))
        .collect();
    assert!(leftovers.is_empty(), "temporary directories left behind");

    let o = import(&[&tmp.path().join("nowhere")], &out2, &[]);
    assert!(stderr(&o).contains("nowhere"), "{}", stderr(&o));
}

/// Imports one hostile file next to a good one; returns stderr and the pack.
fn hostile(name: &str, bytes: &[u8]) -> (Output, PathBuf, tempfile::TempDir) {
    let tmp = tempfile::tempdir().expect("tmp");
    let src = tmp.path().join("src");
    std::fs::create_dir(&src).expect("mkdir");
    std::fs::write(src.join(name), bytes).expect("write");
    std::fs::copy(fixtures().join("01-conference.txt"), src.join("good.txt")).expect("copy");
    let out = tmp.path().join("pack");
    let o = import(&[&src], &out, &[]);
    (o, out, tmp)
}

#[test]
fn hostile_books_are_refused_with_the_file_and_entry_named() {
    let good_opf = opf(
        r#"<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/><item id="c2" href="c2.xhtml" media-type="application/xhtml+xml"/>"#,
        r#"<itemref idref="c1"/><itemref idref="c2"/>"#,
        "",
    );
    let ch = xhtml(
        "<p>Chicherin signed the Treaty of Rapallo in April 1922 with great care and patience.</p>",
    );

    // A zip bomb: a tiny entry that inflates past the limit.
    let zeros = vec![b' '; 65 * 1024 * 1024];
    let bomb = epub(
        &[
            ("META-INF/container.xml", CONTAINER),
            ("OEBPS/content.opf", &good_opf),
            ("OEBPS/c1.xhtml", &zeros),
            ("OEBPS/c2.xhtml", &ch),
        ],
        false,
    );
    assert!(bomb.len() < 1024 * 1024);
    let (o, out, _t) = hostile("bomb.epub", &bomb);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("bomb.epub") && err.contains("OEBPS/c1.xhtml") && err.contains("MiB"),
        "{err}"
    );
    load(&out);

    // A `../` entry and a manifest path that climbs out of the book.
    let climbing_opf = opf(
        r#"<item id="c1" href="../../../etc/passwd" media-type="application/xhtml+xml"/><item id="c2" href="c2.xhtml" media-type="application/xhtml+xml"/>"#,
        r#"<itemref idref="c1"/><itemref idref="c2"/>"#,
        "",
    );
    let evil = epub(
        &[
            ("META-INF/container.xml", CONTAINER),
            ("OEBPS/content.opf", &climbing_opf),
            ("../../evil.xhtml", &ch),
            ("OEBPS/c2.xhtml", &ch),
        ],
        false,
    );
    let (o, out, t) = hostile("climb.epub", &evil);
    let err = stderr(&o);
    assert!(
        err.contains("climb.epub")
            && err.contains("../../evil.xhtml")
            && err.contains("outside the book"),
        "{err}"
    );
    assert!(err.contains("etc/passwd"), "{err}");
    assert!(!t.path().join("evil.xhtml").exists() && !Path::new("/evil.xhtml").exists());
    assert_eq!(load(&out).articles.len(), 2);

    // A chapter the manifest lists but the book lacks, and a damaged one.
    let missing = epub(
        &[
            ("META-INF/container.xml", CONTAINER),
            ("OEBPS/content.opf", &good_opf),
            ("OEBPS/c2.xhtml", &ch),
        ],
        false,
    );
    let (o, _, _t) = hostile("missing.epub", &missing);
    assert!(
        stderr(&o).contains("missing.epub") && stderr(&o).contains("OEBPS/c1.xhtml: missing"),
        "{}",
        stderr(&o)
    );
    let mut damaged = epub(
        &[
            ("META-INF/container.xml", CONTAINER),
            ("OEBPS/content.opf", &good_opf),
            ("OEBPS/c1.xhtml", &ch),
            ("OEBPS/c2.xhtml", &ch),
        ],
        true,
    );
    let at = damaged
        .windows(10)
        .position(|w| w == b"Chicherin ")
        .expect("stored text");
    damaged[at..at + 9].copy_from_slice(b"XXXXXXXXX");
    let (o, _, _t) = hostile("damaged.epub", &damaged);
    assert!(
        stderr(&o).contains("damaged.epub") && stderr(&o).contains("OEBPS/c1.xhtml"),
        "{}",
        stderr(&o)
    );

    // Entity expansion: the billion laughs stays a few bytes.
    let laughs = r#"<!DOCTYPE package [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;"><!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">]>"#;
    let mut lol = String::from_utf8(good_opf.clone()).expect("utf8");
    lol = lol
        .replacen("<package", &format!("{laughs}\n<package"), 1)
        .replace("A Book of Rapallo", "&i;");
    let lol_ch = format!(
        "{laughs}<html><body><p>&i; Chicherin signed it in April 1922 and then he went on home to Moscow.</p></body></html>"
    );
    let book = epub(
        &[
            ("META-INF/container.xml", CONTAINER),
            ("OEBPS/content.opf", lol.as_bytes()),
            ("OEBPS/c1.xhtml", lol_ch.as_bytes()),
            ("OEBPS/c2.xhtml", &ch),
        ],
        false,
    );
    let (o, out, _t) = hostile("laughs.epub", &book);
    assert!(o.status.success(), "{}", stderr(&o));
    let size: u64 = std::fs::read_dir(out.join("articles"))
        .expect("ls")
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    assert!(size < 64 * 1024, "entities were expanded: {size} bytes");

    // Not a zip at all.
    let (o, out, _t) = hostile("fake.epub", b"PK\x03\x04 this is not really a zip file");
    assert!(
        stderr(&o).contains("fake.epub") && stderr(&o).contains("not an EPUB"),
        "{}",
        stderr(&o)
    );
    load(&out);
}

#[test]
fn hostile_text_and_pages_never_reach_the_pack_as_controls() {
    // Escape sequences, bidi controls and NULs in text, HTML and a title.
    let nasty = "Evil\u{1b}]0;owned\u{7} Title\n\nGeorgy Chicherin\u{1b}[31m met \u{202e}Rathenau in April 1922 at Rapallo.\u{8}\n";
    let (o, out, _t) = hostile("nasty.txt", nasty.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    let page = "<html><head><title>T\u{1b}[2J</title></head><body><article><p>Rathenau\u{1b}[31m and Chicherin met at Rapallo on 16 April 1922, as the papers said the next week.</p></article></body></html>";
    let (o2, out2, _t2) = hostile("nasty.html", page.as_bytes());
    assert!(o2.status.success(), "{}", stderr(&o2));
    for dir in [&out, &out2] {
        for entry in walk(dir) {
            let bytes = std::fs::read(&entry).expect("read");
            let text = String::from_utf8(bytes).expect("utf8");
            assert!(
                !text.chars().any(|c| (c < ' ' && c != '\n')
                    || c == '\u{7f}'
                    || lectern::sanitize::is_bidi_control(c)),
                "{} holds a control character",
                entry.display()
            );
            assert!(
                !text.contains("\\u001b") && !text.contains("\\u0007"),
                "{} holds an escaped control",
                entry.display()
            );
        }
    }

    // A binary named .txt, with the good file still imported.
    let (o, out, _t) = hostile("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("image.txt") && stderr(&o).contains("binary"),
        "{}",
        stderr(&o)
    );
    assert_eq!(load(&out).articles.len(), 1);

    // A page nested ten thousand deep, and a windows-1252 page.
    let deep = format!(
        "<html><body>{}<p>Deep inside, Chicherin wrote on 16 April 1922 to his friends in the capital.</p>{}</body></html>",
        "<div>".repeat(10_000),
        "</div>".repeat(10_000)
    );
    let (o, out, _t) = hostile("deep.html", deep.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    load(&out);
    let mut cp = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"><title>Prices</title></head><body><article><p>".to_vec();
    cp.extend_from_slice(b"\x93The treaty cost nothing,\x94 said the minister, \x96 not one \x80 or one mark \x85 and everyone believed him at the time.</p></article></body></html>");
    let (o, out, _t) = hostile("cp1252.html", &cp);
    assert!(o.status.success(), "{}", stderr(&o));
    let c = load(&out);
    let a = c
        .articles
        .iter()
        .find(|a| a.title == "Prices")
        .expect("article");
    assert!(
        a.passages[0]
            .text
            .starts_with("\u{201c}The treaty cost nothing,\u{201d}"),
        "{}",
        a.passages[0].text
    );
    assert!(
        a.passages[0]
            .text
            .contains("\u{2013} not one \u{20ac} or one mark \u{2026}")
    );
    assert!(
        stderr(&o).contains("windows-1252"),
        "the encoding used is named: {}",
        stderr(&o)
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("ls").filter_map(|e| e.ok()) {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn import_help_reads_well() {
    let o = Command::new(BIN)
        .args(["import", "--help"])
        .output()
        .expect("help");
    let s = String::from_utf8_lossy(&o.stdout);
    for part in [
        "SOURCE",
        "--out <DIR>",
        "--update",
        "--quiet",
        "--id <ID>",
        "--title <TITLE>",
        ".epub",
        "suggested",
        "Examples:",
    ] {
        assert!(s.contains(part), "import --help lacks {part}:\n{s}");
    }
}

#[test]
fn the_reader_marks_suggestions_apart_from_curated_items() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::Modifier;
    let draw = |c: Arc<Corpus>| {
        let r = Reader::new(c, 120, 40);
        let mut term = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        term.draw(|f| lectern::ui::render(&r, &lectern::ui::Theme::colour(true), f))
            .expect("draw");
        term.backend().buffer().clone()
    };
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("pack");
    assert!(import(&[&fixtures()], &out, &["--quiet"]).status.success());
    let buf = draw(Arc::new(load(&out)));
    let marks: Vec<(u16, u16)> = (0..40u16)
        .flat_map(|y| (0..120u16).map(move |x| (x, y)))
        .filter(|&(x, y)| buf[(x, y)].symbol() == "◇")
        .collect();
    let rows: std::collections::HashSet<u16> = marks.iter().map(|m| m.1).collect();
    assert!(
        rows.len() >= 4,
        "suggested events and entities carry a ◇: {marks:?}"
    );
    // The text after each mark is in italics.
    for &(x, y) in &marks {
        let next = (x + 1..120)
            .find(|&x| buf[(x, y)].symbol().trim() != "")
            .unwrap_or(x);
        let italic = (x.saturating_sub(30)..next + 1)
            .any(|x| buf[(x, y)].modifier.contains(Modifier::ITALIC));
        assert!(italic, "row {y} is not in italics");
    }
    // Curated items carry no mark.
    let curated = draw(Arc::new(corpus::embedded().expect("embedded")));
    assert!(curated.content().iter().all(|c| c.symbol() != "◇"));
}

#[test]
fn an_epub2_book_is_titled_from_its_ncx() {
    let ncx = br#"<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>
<navPoint id="n1" playOrder="1"><navLabel><text>First &amp; Foremost</text></navLabel><content src="c1.xhtml"/>
  <navPoint id="n2" playOrder="2"><navLabel><text>Second Part</text></navLabel><content src="c2.xhtml#s"/></navPoint>
</navPoint></navMap></ncx>"#;
    let opf2 = opf(
        r#"<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/><item id="c2" href="c2.xhtml" media-type="application/xhtml+xml"/>"#,
        r#"<itemref idref="c1"/><itemref idref="c2"/>"#,
        "",
    );
    let book = epub(
        &[
            ("META-INF/container.xml", CONTAINER),
            ("OEBPS/content.opf", &opf2),
            ("OEBPS/toc.ncx", ncx),
            (
                "OEBPS/c1.xhtml",
                &xhtml(
                    "<p>Chicherin and Rathenau met at Rapallo in the spring of 1922 to talk.</p>",
                ),
            ),
            (
                "OEBPS/c2.xhtml",
                &xhtml(
                    "<p id=\"s\">The schools at Kazan and Lipetsk opened later in the decade.</p>",
                ),
            ),
        ],
        false,
    );
    let tmp = tempfile::tempdir().expect("tmp");
    let path = tmp.path().join("old.epub");
    std::fs::write(&path, book).expect("write");
    let out = tmp.path().join("pack");
    let o = import(&[&path], &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let c = load(&out);
    let titles: Vec<&str> = c.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["First & Foremost", "Second Part"]);
    assert_eq!(c.title, "A Book of Rapallo");
}

#[test]
fn a_nav_label_with_a_description_titles_by_the_label_and_players_leave_no_markup() {
    let nav = xhtml(
        r#"<nav epub:type="toc"><ol>
<li><a href="c1.xhtml"><span class="toc-label">a shared culture</span>
<span class="toc-desc">Unscripted, using <code>@controls</code>. Video sources: mp4</span></a></li>
<li><a href="c2.xhtml">Plain <em>Second</em> Part</a></li></ol></nav>"#,
    );
    let c1 = xhtml(
        r#"<p>Chicherin and Rathenau met at Rapallo in the spring of 1922 to talk.</p>
<video controls=""><source src="v.mp4"/><div><p>Your Reading System does not support video.</p>
<pre><code>&lt;video id="v1" controls=""&gt;&lt;/video&gt;</code></pre></div></video>
<p>The schools at Kazan and Lipetsk opened later in the decade.</p>"#,
    );
    let c2 = xhtml("<p>Rathenau returned to Berlin; Chicherin went on to Moscow.</p>");
    let book = epub(
        &[
            ("META-INF/container.xml", CONTAINER),
            (
                "OEBPS/content.opf",
                &opf(
                    r#"<item id="nav" href="nav.xhtml" properties="nav" media-type="application/xhtml+xml"/>
<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/><item id="c2" href="c2.xhtml" media-type="application/xhtml+xml"/>"#,
                    r#"<itemref idref="c1"/><itemref idref="c2"/>"#,
                    "",
                ),
            ),
            ("OEBPS/nav.xhtml", &nav),
            ("OEBPS/c1.xhtml", &c1),
            ("OEBPS/c2.xhtml", &c2),
        ],
        false,
    );
    let tmp = tempfile::tempdir().expect("tmp");
    let path = tmp.path().join("media.epub");
    std::fs::write(&path, book).expect("write");
    let out = tmp.path().join("pack");
    let o = import(&[&path], &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let c = load(&out);
    let titles: Vec<&str> = c.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["a shared culture", "Plain Second Part"]);
    let text = all_text(&c, &c.articles[0].id);
    assert!(text.contains("Kazan") && text.contains("Rapallo"), "{text}");
    assert!(
        !text.contains("<video") && !text.contains("Reading System"),
        "{text}"
    );
}

/// Suggested entities on two short texts written to hold the shapes names
/// take in history writing: every name a reader would link is found, with
/// its kind, and nothing else is suggested.
#[test]
fn names_in_their_usual_shapes_are_suggested_and_nothing_much_else() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("pack");
    let src = fixtures().with_file_name("names");
    let o = import(&[&src], &out, &["--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let got = json(&out.join("entities.json"));
    let got = got.as_array().expect("entities");
    let spellings = |e: &Value| -> Vec<String> {
        std::iter::once(&e["name"])
            .chain(e["aliases"].as_array().into_iter().flatten())
            .filter_map(|s| s.as_str().map(str::to_owned))
            .collect()
    };
    let kind_of = |name: &str| {
        got.iter()
            .find(|e| spellings(e).iter().any(|s| s == name))
            .map(|e| e["kind"].as_str().unwrap_or("").to_owned())
    };
    let expected = [
        ("Veldra", "place"),
        ("Salt War", "conflict"),
        ("Second Salt War", "conflict"),
        ("Veldra Trading Company", "company"),
        ("Harbour Council", "organisation"),
        ("League of Ports' Arbitration Committee", "organisation"),
        ("Edith M. Harrow", "person"),
        ("Okonkwo", "person"),
        ("5-year Plan", "policy"),
        ("Tomas Kell", "person"),
        ("General Assembly", "organisation"),
        ("Northern Customs Office", "organisation"),
        ("Syndicalists", "group"),
        ("Maritime Museum", "organisation"),
        ("Salt Hill", "place"),
    ];
    let missed: Vec<&str> = expected
        .iter()
        .filter(|(n, _)| kind_of(n).is_none())
        .map(|(n, _)| *n)
        .collect();
    assert!(missed.is_empty(), "missed {missed:?}");
    let wrong_kind: Vec<String> = expected
        .iter()
        .filter_map(|(n, k)| {
            let got = kind_of(n)?;
            (got != *k).then(|| format!("{n}: {got}, not {k}"))
        })
        .collect();
    assert!(wrong_kind.is_empty(), "{wrong_kind:?}");
    // Surnames and doctrines are spellings of the full entity, not their own.
    for (alias, of) in [
        ("Harrow", "Edith M. Harrow"),
        ("Kell", "Tomas Kell"),
        ("Syndicalism", "Syndicalists"),
    ] {
        let e = got.iter().find(|e| spellings(e).iter().any(|s| s == of));
        assert!(
            e.is_some_and(|e| spellings(e).iter().any(|s| s == alias)),
            "{alias} is not a spelling of {of}"
        );
    }
    let names: Vec<String> = got.iter().flat_map(spellings).collect();
    for bad in [
        "Norwegians",
        "Latvians",
        "ZULU",
        "Matter",
        "Whenever I",
        "Plan",
        "Arbitration Committee",
        "Commissioner Edith M. Harrow",
        "Mayor Tomas Kell",
        "Edith M",
    ] {
        assert!(
            !names.iter().any(|n| n == bad),
            "{bad} suggested: {names:?}"
        );
    }
    // Precision: suggestions that are none of the expected entities.
    let extra: Vec<&str> = got
        .iter()
        .filter(|e| {
            !spellings(e)
                .iter()
                .any(|s| expected.iter().any(|(n, _)| n == s))
        })
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert!(extra.is_empty(), "not expected: {extra:?}");
}
