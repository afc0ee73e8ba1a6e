//! What ties a reading session to the disk: the bookmark store, resuming
//! where the reader left off, and saving after every change.

use std::path::Path;

use crate::reader::{Position, Reader};
use crate::store::{self, Store};

/// Messages to repeat on stderr once the terminal is restored.
#[derive(Debug, Default)]
pub struct Session {
    pub messages: Vec<String>,
}

impl Session {
    /// Opens the corpus's store; reading goes on without one if it cannot.
    pub fn open_store(&mut self, data_dir: Option<&Path>, corpus_id: &str) -> Option<Store> {
        match Store::open(data_dir, corpus_id) {
            Ok((store, warning)) => {
                if let Some(w) = warning {
                    self.messages.push(w.to_string());
                }
                Some(store)
            }
            Err(e) => {
                self.messages.push(format!("bookmarks are off: {e}"));
                None
            }
        }
    }

    /// Gives the reader its store, and puts it back where it was last time.
    pub fn start(&mut self, r: &mut Reader, store: Option<Store>, resume: bool) {
        let Some(store) = store else {
            r.status = self.messages.first().cloned();
            return;
        };
        let saved = store.position().cloned();
        let tours: Vec<usize> = r
            .corpus
            .tours
            .iter()
            .map(|t| store.tour_step(&t.id).unwrap_or(0))
            .collect();
        r.tour_steps = tours;
        r.attach_store(store);
        if resume
            && let Some(p) = saved
            && let Some(loc) = p.loc(&r.corpus)
        {
            r.restore_position(Position {
                article: loc.article,
                focus: loc.passage,
                scroll: p.scroll,
            });
        }
        r.status = self.messages.first().cloned();
    }

    /// Saves what changed. At the end of a session the position is recorded too.
    pub fn persist(&mut self, r: &mut Reader, ending: bool) {
        let corpus = r.corpus.clone();
        let position = r.position();
        let Some(store) = r.store.as_mut() else {
            return;
        };
        for (t, &step) in corpus.tours.iter().zip(&r.tour_steps) {
            if step > 0 || store.tour_step(&t.id).is_some() {
                store.set_tour_step(&t.id, step);
            }
        }
        if ending && let Some(a) = corpus.article(position.article) {
            store.set_position(store::Position {
                article: a.id.clone(),
                passage: position.focus,
                scroll: position.scroll,
            });
        }
        if !store.is_dirty() || store.read_only().is_some() {
            return;
        }
        match store.save() {
            Ok(warning) => {
                if let Some(w) = warning {
                    r.status = Some(w.to_string());
                    self.messages.push(w.to_string());
                }
                // A save merges what another instance wrote meanwhile.
                r.refresh_bookmarks();
            }
            Err(e) => {
                let msg = format!("could not save bookmarks: {e}");
                r.status = Some(msg.clone());
                if !self.messages.contains(&msg) {
                    self.messages.push(msg);
                }
            }
        }
    }
}
