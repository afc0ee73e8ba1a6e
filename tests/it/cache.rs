//! The index kept between runs: it gives back exactly the corpus the
//! loader builds, it is rebuilt when any file of the pack changes (even
//! with the same size and modification time), a damaged index is ignored
//! and replaced, a cache that cannot be written still opens the pack, and
//! the embedded pack's compiled-in index is the one its files make.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use lectern::corpus::cache::{self, Outcome};
use lectern::corpus::{self, Corpus, PackSource};
use lectern::reader::Reader;
use lectern::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::generator;

/// Everything the reader sees of a corpus, as text: equal text, equal
/// corpus. (Not the whole `Debug`: the shared text's passage map is a hash
/// map, printed in no fixed order. Shared text is found where it was not
/// yet: an index is written with it.)
fn shown(c: &Corpus) -> String {
    format!(
        "{:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
        c.id,
        c.title,
        c.description,
        c.articles,
        c.entities,
        c.events,
        c.tours,
        c.chrono,
        c.warnings,
        &c.reuse().spans
    )
}

fn pack(n: usize) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pack");
    generator::write_pack(&dir, &generator::PackSpec::standard(n)).unwrap();
    (tmp, dir)
}

fn source(dir: &Path) -> PackSource {
    PackSource::dir(dir).unwrap()
}

fn open(dir: &Path, cache: &Path) -> (Corpus, Outcome) {
    cache::open_in(&source(dir), cache).unwrap()
}

fn loaded(dir: &Path) -> String {
    shown(&corpus::load(&source(dir)).unwrap())
}

fn first_article(dir: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = fs::read_dir(dir.join("articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.remove(0)
}

#[test]
fn the_embedded_index_compiled_in_is_the_one_its_files_make() {
    let fresh = cache::embedded_index().unwrap();
    if std::env::var_os("LECTERN_UPDATE_EMBEDDED_INDEX").is_some() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/corpus/cache/embedded.idx");
        fs::write(path, &fresh).unwrap();
        return;
    }
    assert!(
        fresh == cache::compiled_embedded_index(),
        "the embedded pack changed: rebuild its index with \
         LECTERN_UPDATE_EMBEDDED_INDEX=1 cargo test --test it cache::the_embedded_index"
    );
}

#[test]
fn the_embedded_pack_from_its_index_is_the_loaded_pack() {
    let from_index = corpus::embedded().unwrap();
    let from_files = corpus::load(&PackSource::embedded()).unwrap();
    assert!(
        from_index.reuse_ready().is_some(),
        "the index carries the shared text"
    );
    from_files.reuse();
    assert_eq!(shown(&from_index), shown(&from_files));
    assert!(
        cache::decode(&PackSource::embedded(), cache::compiled_embedded_index()).is_some(),
        "the compiled-in index is used, not passed over for the files"
    );
}

#[test]
fn an_index_gives_back_the_loaded_corpus_and_is_used_the_second_time() {
    let (_tmp, dir) = pack(15);
    let cache_dir = tempfile::tempdir().unwrap();
    let (first, how) = open(&dir, cache_dir.path());
    assert_eq!(how, Outcome::Written);
    let (second, how) = open(&dir, cache_dir.path());
    assert_eq!(how, Outcome::Used);
    let want = loaded(&dir);
    assert_eq!(shown(&first), want);
    assert_eq!(shown(&second), want);
    assert!(
        second
            .articles
            .iter()
            .flat_map(|a| &a.passages)
            .any(|p| p.original.is_some()),
        "the pack has corrections, so both versions of a passage went through the index"
    );
}

#[test]
fn a_stale_index_is_detected_and_rebuilt() {
    let (_tmp, dir) = pack(8);
    let cache_dir = tempfile::tempdir().unwrap();
    assert_eq!(open(&dir, cache_dir.path()).1, Outcome::Written);

    // A new paragraph: size and time change.
    let file = first_article(&dir);
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str("\n\nA paragraph added after indexing.\n");
    fs::write(&file, &text).unwrap();
    let (c, how) = open(&dir, cache_dir.path());
    assert_eq!(how, Outcome::Written);
    assert_eq!(shown(&c), loaded(&dir));
    assert!(
        c.articles
            .iter()
            .flat_map(|a| &a.passages)
            .any(|p| p.text == "A paragraph added after indexing.")
    );
    assert_eq!(open(&dir, cache_dir.path()).1, Outcome::Used);

    // The same size and the same modification time: only the hash tells.
    let when = fs::metadata(&file).unwrap().modified().unwrap();
    let swapped = text.replacen("after indexing", "AFTER INDEXING", 1);
    assert_eq!(swapped.len(), text.len());
    fs::write(&file, &swapped).unwrap();
    fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(when)
        .unwrap();
    let (c, how) = open(&dir, cache_dir.path());
    assert_eq!(how, Outcome::Written);
    assert_eq!(shown(&c), loaded(&dir));

    // An edit of the entity list, and a tour added.
    let entities = dir.join("entities.json");
    let e = fs::read_to_string(&entities).unwrap();
    fs::write(
        &entities,
        e.replacen("\"summary\": \"", "\"summary\": \"Edited. ", 1),
    )
    .unwrap();
    let (c, how) = open(&dir, cache_dir.path());
    assert_eq!(how, Outcome::Written);
    assert!(c.entities.iter().any(|e| e.summary.starts_with("Edited. ")));
    let tours: Vec<PathBuf> = fs::read_dir(dir.join("guides"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    fs::copy(&tours[0], dir.join("guides/zz-copy.json")).unwrap();
    let t = fs::read_to_string(dir.join("guides/zz-copy.json")).unwrap();
    let id = serde_json::from_str::<serde_json::Value>(&t).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    fs::write(
        dir.join("guides/zz-copy.json"),
        t.replacen(&format!("\"{id}\""), "\"zz-copy\"", 1),
    )
    .unwrap();
    let (c, how) = open(&dir, cache_dir.path());
    assert_eq!(how, Outcome::Written);
    assert_eq!(shown(&c), loaded(&dir));
    assert!(c.tours.iter().any(|t| t.id == "zz-copy"));
}

#[test]
fn a_corrupt_index_is_ignored_and_replaced() {
    let (_tmp, dir) = pack(8);
    let cache_dir = tempfile::tempdir().unwrap();
    assert_eq!(open(&dir, cache_dir.path()).1, Outcome::Written);
    let path = cache::index_path(&source(&dir), cache_dir.path()).unwrap();
    let good = fs::read(&path).unwrap();
    let want = loaded(&dir);

    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x40;
    let damaged: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"not an index at all".to_vec(),
        good[..good.len() / 3].to_vec(),
        good[..good.len() - 1].to_vec(),
        flipped,
        [good.as_slice(), b"trailing"].concat(),
    ];
    for bad in damaged {
        fs::write(&path, &bad).unwrap();
        let (c, how) = open(&dir, cache_dir.path());
        assert_eq!(
            how,
            Outcome::Written,
            "a damaged index of {} bytes",
            bad.len()
        );
        assert_eq!(shown(&c), want);
        assert_eq!(fs::read(&path).unwrap(), good, "replaced by a sound one");
        assert_eq!(open(&dir, cache_dir.path()).1, Outcome::Used);
    }
}

#[cfg(unix)]
#[test]
fn a_cache_that_cannot_be_written_still_opens_the_pack() {
    use std::os::unix::fs::PermissionsExt;
    let (_tmp, dir) = pack(8);
    let want = loaded(&dir);

    // A cache "directory" that is a file: nothing can be made under it.
    let tmp = tempfile::tempdir().unwrap();
    let blocked = tmp.path().join("file");
    fs::write(&blocked, "x").unwrap();
    let (c, how) = open(&dir, &blocked.join("cache"));
    assert_eq!(how, Outcome::Loaded);
    assert_eq!(shown(&c), want);

    // A read-only directory that already holds the index: it is used.
    let ro = tmp.path().join("ro");
    assert_eq!(open(&dir, &ro).1, Outcome::Written);
    let packs = ro.join("packs");
    for d in [&packs, &ro] {
        fs::set_permissions(d, fs::Permissions::from_mode(0o555)).unwrap();
    }
    let (c, how) = open(&dir, &ro);
    assert_eq!(how, Outcome::Used);
    assert_eq!(shown(&c), want);

    // Stale in a read-only directory: loaded from the files, and (where
    // permissions hold, which they do not for root) not written.
    let file = first_article(&dir);
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str("\n\nOne more paragraph.\n");
    fs::write(&file, &text).unwrap();
    let writable = fs::write(packs.join("probe"), "x").is_ok();
    let (c, how) = open(&dir, &ro);
    assert_eq!(shown(&c), loaded(&dir));
    if !writable {
        assert_eq!(how, Outcome::Loaded);
    }
    for d in [&ro, &packs] {
        fs::set_permissions(d, fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn a_pack_changed_since_loading_is_not_saved_with_the_new_hashes() {
    let (_tmp, dir) = pack(8);
    let cache_dir = tempfile::tempdir().unwrap();
    let c = corpus::load(&source(&dir)).unwrap();
    let file = first_article(&dir);
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str("\n\nWritten after the load.\n");
    fs::write(&file, text).unwrap();
    assert!(cache::save(&source(&dir), &c, cache_dir.path()).is_err());
    // A fresh load saves, and is then used.
    let c = corpus::load(&source(&dir)).unwrap();
    cache::save(&source(&dir), &c, cache_dir.path()).unwrap();
    assert_eq!(open(&dir, cache_dir.path()).1, Outcome::Used);
}

#[test]
fn an_index_written_a_while_ago_is_still_used_when_nothing_changed() {
    let (_tmp, dir) = pack(3);
    let cache_dir = tempfile::tempdir().unwrap();
    assert_eq!(open(&dir, cache_dir.path()).1, Outcome::Written);
    let path = cache::index_path(&source(&dir), cache_dir.path()).unwrap();
    let old = SystemTime::now() - Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(old)
        .unwrap();
    assert_eq!(open(&dir, cache_dir.path()).1, Outcome::Used);
}

/// Rewrites `file` with `edit` applied, keeping its size and its
/// modification time: only its hash tells.
fn edit_in_place(file: &Path, edit: impl FnOnce(&str) -> String) {
    let when = fs::metadata(file).unwrap().modified().unwrap();
    let text = fs::read_to_string(file).unwrap();
    let edited = edit(&text);
    assert_eq!(edited.len(), text.len());
    assert_ne!(edited, text);
    fs::write(file, &edited).unwrap();
    fs::File::options()
        .write(true)
        .open(file)
        .unwrap()
        .set_modified(when)
        .unwrap();
}

fn deferred(dir: &Path, cache: &Path) -> (Corpus, Outcome) {
    cache::open_deferred_in(&source(dir), cache).unwrap()
}

#[test]
fn a_deferred_open_reads_an_article_only_when_it_is_looked_at() {
    let (_tmp, dir) = pack(8);
    let cache_dir = tempfile::tempdir().unwrap();
    assert_eq!(open(&dir, cache_dir.path()).1, Outcome::Written);
    let (c, how) = deferred(&dir, cache_dir.path());
    assert_eq!(how, Outcome::Used);
    // The printed text (a correction's wording is held in the index).
    let read = |c: &Corpus, a: usize| {
        c.articles[a]
            .passages
            .iter()
            .any(|p| p.original.as_ref().unwrap_or(&p.text).is_read())
    };
    assert!((0..c.articles.len()).all(|a| !read(&c, a)));

    // A pass that does not keep the text leaves it unread.
    let mut seen = 0;
    c.articles[1].each_text(|_, t, _| seen += t.len());
    let lens: usize = c.articles[1].passages.iter().map(|p| p.text.len()).sum();
    assert_eq!(seen, lens);
    assert!(!read(&c, 1));

    // Looking at a passage reads its article, and only that one.
    assert!(!c.articles[1].passages[0].text.is_empty());
    let _ = c.articles[1].passages[0].text.as_str();
    assert!(read(&c, 1));
    assert!(
        (0..c.articles.len())
            .filter(|&a| a != 1)
            .all(|a| !read(&c, a))
    );

    assert_eq!(shown(&c), loaded(&dir));
    let check = c.pending_check().expect("a deferred open leaves its check");
    assert!(check.verify());
    assert!(check.warnings().is_empty());
}

#[test]
fn the_deferred_check_finds_an_edit_of_the_same_size_and_time_and_the_reload_shows_it() {
    let (_tmp, dir) = pack(8);
    let file = first_article(&dir);
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str("\n\nA paragraph to be edited.\n");
    fs::write(&file, &text).unwrap();
    let cache_dir = tempfile::tempdir().unwrap();
    assert_eq!(open(&dir, cache_dir.path()).1, Outcome::Written);
    let (c, how) = deferred(&dir, cache_dir.path());
    assert_eq!(how, Outcome::Used);

    edit_in_place(&file, |t| t.replacen("to be edited", "TO BE EDITED", 1));
    // Looked at, the file is as the index recorded it: the deferred open
    // still uses the index, and only the check tells.
    let (stale, how) = deferred(&dir, cache_dir.path());
    assert_eq!(how, Outcome::Used);
    let check = stale.pending_check().unwrap();
    assert!(!check.verify());

    // The edited article's text, read meanwhile, is not trusted: spaces
    // of the indexed length, so every range into it still holds.
    let a = stale
        .articles
        .iter()
        .position(|a| dir.join(&a.file) == file)
        .unwrap();
    for p in &stale.articles[a].passages {
        let (printed, _, mentions) = p.version(true);
        assert!(printed.bytes().all(|b| b == b' '));
        for m in mentions {
            let _ = &printed[m.range.clone()];
        }
    }
    assert_eq!(check.warnings().len(), 1);
    assert!(check.warnings()[0].contains(file.file_name().unwrap().to_str().unwrap()));

    // The reload shows the edit and writes the index anew.
    let new = check.reload().unwrap();
    assert_eq!(shown(&new), loaded(&dir));
    assert!(
        new.articles
            .iter()
            .flat_map(|a| &a.passages)
            .any(|p| p.text == "A paragraph TO BE EDITED.")
    );
    assert!(new.pending_check().is_none(), "a reload checks every hash");
    let (again, how) = deferred(&dir, cache_dir.path());
    assert_eq!(how, Outcome::Used);
    assert!(again.pending_check().unwrap().verify());
    drop(c);
}

#[test]
fn a_first_deferred_open_writes_its_index_without_shared_text_then_completes_it() {
    let (_tmp, dir) = pack(15);
    let cache_dir = tempfile::tempdir().unwrap();
    let (first, how) = deferred(&dir, cache_dir.path());
    assert_eq!(how, Outcome::Written);
    assert!(
        first.reuse_ready().is_none(),
        "shared text is not looked for before the index is written"
    );
    let (before, how) = deferred(&dir, cache_dir.path());
    assert_eq!(how, Outcome::Used);
    assert!(before.reuse_ready().is_none(), "the index holds none");

    // The step the reader runs after its first frame.
    assert!(cache::complete(&first).unwrap());
    assert!(!cache::complete(&cache::open_in(&source(&dir), cache_dir.path()).unwrap().0).unwrap());
    let (later, how) = deferred(&dir, cache_dir.path());
    assert_eq!(how, Outcome::Used);
    assert!(
        later.reuse_ready().is_some(),
        "the shared text comes from the index"
    );
    assert!(
        !later.reuse_ready().unwrap().spans.is_empty(),
        "the pack shares text"
    );
    assert_eq!(shown(&later), loaded(&dir));
    assert!(!cache::complete(&later).unwrap(), "nothing left to write");

    // Opened through the index written without it, the corpus completes
    // it too, reading its articles without keeping them.
    let (tmp2, dir2) = pack(15);
    let cache2 = tempfile::tempdir().unwrap();
    deferred(&dir2, cache2.path());
    let (through, how) = deferred(&dir2, cache2.path());
    assert_eq!(how, Outcome::Used);
    assert!(cache::complete(&through).unwrap());
    assert!(
        through.articles.iter().flat_map(|a| &a.passages).all(|p| !p
            .original
            .as_ref()
            .unwrap_or(&p.text)
            .is_read())
    );
    let (again, how) = deferred(&dir2, cache2.path());
    assert_eq!(how, Outcome::Used);
    assert!(again.reuse_ready().is_some());
    assert_eq!(shown(&again), loaded(&dir2));
    drop(tmp2);
}

#[test]
fn a_pack_changed_before_the_deferred_index_is_completed_is_not_saved() {
    let (_tmp, dir) = pack(8);
    let cache_dir = tempfile::tempdir().unwrap();
    let path = cache::index_path(&source(&dir), cache_dir.path()).unwrap();
    let (first, how) = deferred(&dir, cache_dir.path());
    assert_eq!(how, Outcome::Written);
    let written = fs::read(&path).unwrap();

    // Changed without changing its size or time: only the hash tells.
    let file = first_article(&dir);
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str("\n\nA paragraph to be edited.\n");
    fs::write(&file, &text).unwrap();
    let (first_again, how) = deferred(&dir, cache_dir.path());
    assert_eq!(how, Outcome::Written);
    let written_again = fs::read(&path).unwrap();
    edit_in_place(&file, |t| t.replacen("to be edited", "TO BE EDITED", 1));

    assert!(cache::complete(&first_again).is_err());
    assert_eq!(
        fs::read(&path).unwrap(),
        written_again,
        "the index is left as it was"
    );
    assert_ne!(written, written_again);
    drop(first);

    // The index left behind still names the old hash: the check finds
    // the edit, and the reload shows it and completes the index.
    let (stale, how) = deferred(&dir, cache_dir.path());
    assert_eq!(how, Outcome::Used);
    assert!(!stale.pending_check().unwrap().verify());
    let (now, how) = open(&dir, cache_dir.path());
    assert_eq!(how, Outcome::Written);
    assert_eq!(shown(&now), loaded(&dir));
    let (fresh, how) = deferred(&dir, cache_dir.path());
    assert_eq!(how, Outcome::Used);
    assert!(fresh.reuse_ready().is_some());
    assert!(fresh.pending_check().unwrap().verify());
}

#[test]
fn the_searchers_scans_keep_no_article_text() {
    let (_tmp, dir) = pack(8);
    let cache_dir = tempfile::tempdir().unwrap();
    assert_eq!(open(&dir, cache_dir.path()).1, Outcome::Written);
    let (c, how) = deferred(&dir, cache_dir.path());
    assert_eq!(how, Outcome::Used);
    let c = std::sync::Arc::new(c);
    // The printed text (a correction's wording is held in the index).
    let read = |c: &Corpus| {
        c.articles
            .iter()
            .flat_map(|a| &a.passages)
            .any(|p| p.original.as_ref().unwrap_or(&p.text).is_read())
    };
    let searchers = [
        lectern::search::Searcher::default(),
        lectern::search::Searcher::with_index(&c),
    ];
    assert!(!read(&c), "index");
    for s in &searchers {
        for (query, original) in [("the", false), ("the", true), ("th", false), ("e", true)] {
            let hits = s.search(&c, query, original);
            assert!(!read(&c), "searcher {query} {original}");
            assert!(!hits.is_empty());
            assert_eq!(hits, lectern::search::search(&c, query, original));
            assert!(!read(&c), "scan {query} {original}");
        }
    }
    assert!(!read(&c), "a scan reads each article and keeps none");
}

/// The articles whose passages are in memory.
fn decoded(c: &Corpus) -> Vec<usize> {
    (0..c.articles.len())
        .filter(|&a| c.articles[a].passages.is_decoded())
        .collect()
}

#[test]
fn an_index_decodes_an_articles_passages_only_when_they_are_looked_at() {
    let (_tmp, dir) = pack(12);
    let cache_dir = tempfile::tempdir().unwrap();
    assert_eq!(open(&dir, cache_dir.path()).1, Outcome::Written);
    let (c, how) = deferred(&dir, cache_dir.path());
    assert_eq!(how, Outcome::Used);
    let c = std::sync::Arc::new(c);
    assert_eq!(decoded(&c), Vec::<usize>::new());
    let fresh = corpus::load(&source(&dir)).unwrap();
    assert_eq!(
        c.passage_count(),
        fresh.passage_count(),
        "counted, not decoded"
    );

    // Passes over the whole pack decode what they read without keeping it.
    let mut words = 0;
    for a in &c.articles {
        a.each_text(|_, t, _| words += t.split_whitespace().count());
    }
    assert!(words > 0);
    assert!(!lectern::search::search(&c, "the", false).is_empty());
    let index = lectern::search::Index::build(&c);
    assert!(!index.search(&c, "the", true).is_empty());
    let _ = lectern::search::Searcher::with_index(&c).search(&c, "th", false);
    let _ = lectern::curate::unlinked::find(&c, corpus::EntityIdx(0));
    // Every entity's mentions, gathered from every article at the first
    // asking, are the loaded pack's.
    for (e, want) in c.entities.iter().zip(&fresh.entities) {
        assert_eq!(e.mentions.len(), want.mentions.len(), "{}", e.id);
        assert_eq!(&*e.mentions, &*want.mentions, "{}", e.id);
    }
    let _ = format!("{:?}", c.articles);
    assert_eq!(decoded(&c), Vec::<usize>::new(), "a pass keeps nothing");

    // The reader's first frame decodes the article it shows, and that one.
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let r = Reader::new(std::sync::Arc::clone(&c), 120, 40);
    term.draw(|f| ui::render(&r, &Theme::colour(true), f))
        .unwrap();
    assert_eq!(decoded(&c), vec![r.article.index()]);

    // Looking at another passage decodes its article alone.
    let _ = &c.articles[5].passages[0];
    let mut want = vec![r.article.index(), 5];
    want.sort_unstable();
    want.dedup();
    assert_eq!(decoded(&c), want);
    for (a, b) in c.articles.iter().zip(&fresh.articles) {
        assert_eq!(a.events, b.events, "{}", a.id);
        assert_eq!(a.entities, b.entities, "{}", a.id);
    }
    assert_eq!(shown(&c), shown(&fresh));
}
