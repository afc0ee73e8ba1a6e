//! Editing the parsed files through their typed form, while every item a
//! change does not touch is written back exactly as it was read.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::files::{CORPUS, Docs};
use crate::corpus::types::{ArticleMeta, CorpusFile, EntitySpec, EventSpec, TourSpec};

pub fn id_of(v: &Value) -> Option<&str> {
    v.get("id").and_then(Value::as_str)
}

fn typed<T: DeserializeOwned>(file: &str, v: &Value) -> Result<T, String> {
    T::deserialize(v).map_err(|e| {
        let id = id_of(v).map_or(String::new(), |i| format!(" (id {i})"));
        format!("{file}{id}: {e}; fix the file, then try again")
    })
}

fn untyped<T: Serialize>(t: &T) -> Result<Value, String> {
    serde_json::to_value(t).map_err(|e| e.to_string())
}

/// Each new item as a value: the one read, where the change left it as it
/// was (so its key order and absent optional fields stay as written), else
/// its new form.
fn keep_unchanged<T: Serialize + DeserializeOwned>(
    file: &str,
    old: &[Value],
    new: &[T],
) -> Result<Vec<Value>, String> {
    let by_id: std::collections::HashMap<&str, &Value> =
        old.iter().filter_map(|o| Some((id_of(o)?, o))).collect();
    let mut out = Vec::with_capacity(new.len());
    for item in new {
        let v = untyped(item)?;
        let same = id_of(&v)
            .and_then(|id| by_id.get(id).copied())
            .filter(|o| typed::<T>(file, o).ok().and_then(|t| untyped(&t).ok()) == Some(v.clone()));
        out.push(same.cloned().unwrap_or(v));
    }
    Ok(out)
}

impl Docs {
    fn array(&self, file: &str) -> Result<&[Value], String> {
        match self.files.get(file) {
            Some(Value::Array(a)) => Ok(a),
            Some(_) => Err(format!("{file}: not a JSON array")),
            None => Err(format!("{file}: missing from the pack")),
        }
    }

    fn list<T: DeserializeOwned>(&self, file: &str) -> Result<Vec<T>, String> {
        self.array(file)?.iter().map(|v| typed(file, v)).collect()
    }

    fn set_list<T: Serialize + DeserializeOwned>(
        &mut self,
        file: &str,
        new: &[T],
    ) -> Result<(), String> {
        let values = keep_unchanged(file, self.array(file)?, new)?;
        self.files.insert(file.to_owned(), Value::Array(values));
        Ok(())
    }

    pub fn entities(&self) -> Result<Vec<EntitySpec>, String> {
        self.list(super::files::ENTITIES)
    }

    pub fn set_entities(&mut self, e: &[EntitySpec]) -> Result<(), String> {
        self.set_list(super::files::ENTITIES, e)
    }

    pub fn events(&self) -> Result<Vec<EventSpec>, String> {
        self.list(super::files::EVENTS)
    }

    pub fn set_events(&mut self, e: &[EventSpec]) -> Result<(), String> {
        self.set_list(super::files::EVENTS, e)
    }

    pub fn corpus(&self) -> Result<CorpusFile, String> {
        let v = self.files.get(CORPUS).ok_or("corpus.json: missing")?;
        typed(CORPUS, v)
    }

    /// Writes the corpus file back, keeping the articles the change did
    /// not touch as they were.
    pub fn set_corpus(&mut self, c: &CorpusFile) -> Result<(), String> {
        let old = self.files.get(CORPUS).cloned().unwrap_or(Value::Null);
        let old_articles = old
            .get("articles")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let articles = keep_unchanged(CORPUS, &old_articles, &c.articles)?;
        let mut v = untyped(c)?;
        if let Some(obj) = v.as_object_mut() {
            obj.insert("articles".into(), Value::Array(articles));
        }
        if typed::<CorpusFile>(CORPUS, &old)
            .ok()
            .and_then(|o| untyped(&o).ok())
            != Some(untyped(c)?)
        {
            self.files.insert(CORPUS.to_owned(), v);
        }
        Ok(())
    }

    /// The entry of one article in the corpus file, read alone: a change
    /// at one place need not read them all.
    pub fn article(&self, id: &str) -> Result<ArticleMeta, String> {
        let v = self
            .articles()?
            .iter()
            .find(|v| id_of(v) == Some(id))
            .ok_or_else(|| format!("no article “{id}”"))?;
        typed(CORPUS, v)
    }

    /// Writes one article's entry back in place of the one with its id,
    /// left as it was read if the change made no difference to it.
    pub fn set_article(&mut self, a: &ArticleMeta) -> Result<(), String> {
        let v = untyped(a)?;
        let list = self
            .files
            .get_mut(CORPUS)
            .and_then(|c| c.get_mut("articles"))
            .and_then(Value::as_array_mut)
            .ok_or("corpus.json: no list of articles")?;
        let old = list
            .iter_mut()
            .find(|o| id_of(o) == Some(a.id.as_str()))
            .ok_or_else(|| format!("no article “{}”", a.id))?;
        let same = typed::<ArticleMeta>(CORPUS, old)
            .ok()
            .and_then(|o| untyped(&o).ok())
            == Some(v.clone());
        if !same {
            *old = v;
        }
        Ok(())
    }

    fn articles(&self) -> Result<&Vec<Value>, String> {
        self.files
            .get(CORPUS)
            .ok_or("corpus.json: missing")?
            .get("articles")
            .and_then(Value::as_array)
            .ok_or_else(|| "corpus.json: no list of articles".into())
    }

    /// The tours, by their path in the pack.
    pub fn tours(&self) -> Result<Vec<(String, TourSpec)>, String> {
        self.files
            .iter()
            .filter(|(k, _)| k.starts_with("guides/"))
            .map(|(k, v)| Ok((k.clone(), typed(k, v)?)))
            .collect()
    }

    pub fn set_tour(&mut self, path: &str, t: &TourSpec) -> Result<(), String> {
        let v = untyped(t)?;
        let same = self
            .files
            .get(path)
            .and_then(|o| typed::<TourSpec>(path, o).ok())
            .and_then(|o| untyped(&o).ok())
            == Some(v.clone());
        if !same {
            self.files.insert(path.to_owned(), v);
        }
        Ok(())
    }
}
