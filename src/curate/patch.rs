//! What a change did, item by item: an entity, an event, an article's
//! entry or a tour, each as it was and as it became. Undo applies the
//! reverse, and only to items still as the change left them, so an edit
//! made on disk since is never undone with it.

use serde_json::Value;

use super::docs::id_of;
use super::files::{CORPUS, Docs, ENTITIES, EVENTS};

/// One item, from one state to another; `None` where it did not exist.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemPatch {
    pub file: String,
    /// The item's id in an array; `None` for a whole file (a tour).
    pub id: Option<String>,
    pub from: Option<(usize, Value)>,
    pub to: Option<(usize, Value)>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Patch {
    pub items: Vec<ItemPatch>,
}

/// The array of a file that holds its items: the file itself, or the
/// articles of `corpus.json`.
fn items<'a>(file: &str, v: &'a Value) -> Option<&'a Vec<Value>> {
    match file {
        ENTITIES | EVENTS => v.as_array(),
        CORPUS => v.get("articles").and_then(Value::as_array),
        _ => None,
    }
}

fn items_mut<'a>(file: &str, v: &'a mut Value) -> Option<&'a mut Vec<Value>> {
    match file {
        ENTITIES | EVENTS => v.as_array_mut(),
        CORPUS => v.get_mut("articles").and_then(Value::as_array_mut),
        _ => None,
    }
}

fn find(list: &[Value], id: &str) -> Option<(usize, Value)> {
    list.iter()
        .position(|v| id_of(v) == Some(id))
        .map(|i| (i, list[i].clone()))
}

/// A corpus file whose heading differs is patched whole.
fn same_head(a: &Value, b: &Value) -> bool {
    match (a.as_object(), b.as_object()) {
        (Some(a), Some(b)) => {
            let head = |o: &'_ serde_json::Map<String, Value>| {
                o.iter()
                    .filter(|(k, _)| *k != "articles")
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect::<Vec<_>>()
            };
            head(a) == head(b)
        }
        _ => a == b,
    }
}

impl Patch {
    pub fn diff(before: &Docs, after: &Docs) -> Patch {
        let mut out = Vec::new();
        let mut files: Vec<&String> = before.files.keys().chain(after.files.keys()).collect();
        files.sort();
        files.dedup();
        for file in files {
            let (b, a) = (before.files.get(file), after.files.get(file));
            if b == a {
                continue;
            }
            let lists = match (b, a) {
                (Some(b), Some(a)) if file != CORPUS || same_head(b, a) => {
                    items(file, b).zip(items(file, a))
                }
                _ => None,
            };
            let Some((bl, al)) = lists else {
                out.push(ItemPatch {
                    file: file.clone(),
                    id: None,
                    from: b.map(|v| (0, v.clone())),
                    to: a.map(|v| (0, v.clone())),
                });
                continue;
            };
            let mut ids: Vec<&str> = bl.iter().chain(al.iter()).filter_map(id_of).collect();
            ids.sort_unstable();
            ids.dedup();
            // By id, the first of each, as `find` takes it.
            let index = |list: &'_ [Value]| {
                let mut m = std::collections::HashMap::new();
                for (i, v) in list.iter().enumerate() {
                    if let Some(id) = id_of(v) {
                        m.entry(id.to_owned()).or_insert(i);
                    }
                }
                m
            };
            let (bi, ai) = (index(bl), index(al));
            for id in ids {
                let (from, to) = (bi.get(id).copied(), ai.get(id).copied());
                if from.map(|i| &bl[i]) != to.map(|i| &al[i]) {
                    out.push(ItemPatch {
                        file: file.clone(),
                        id: Some(id.to_owned()),
                        from: from.map(|i| (i, bl[i].clone())),
                        to: to.map(|i| (i, al[i].clone())),
                    });
                }
            }
        }
        Patch { items: out }
    }

    pub fn inverse(&self) -> Patch {
        Patch {
            items: self
                .items
                .iter()
                .map(|p| ItemPatch {
                    file: p.file.clone(),
                    id: p.id.clone(),
                    from: p.to.clone(),
                    to: p.from.clone(),
                })
                .collect(),
        }
    }

    /// Applies the patch if every item it names is still as `from` says;
    /// otherwise changes nothing and names the item that moved on.
    pub fn apply(&self, docs: &mut Docs) -> Result<(), String> {
        for p in &self.items {
            let now = current(docs, p);
            if now != p.from.as_ref().map(|f| f.1.clone()) {
                return Err(format!(
                    "{} changed since{}",
                    p.file,
                    p.id.as_ref()
                        .map_or(String::new(), |i| format!(" (id {i})"))
                ));
            }
        }
        // Removals first, then insertions in order, so positions hold.
        let mut inserts: Vec<&ItemPatch> = Vec::new();
        for p in &self.items {
            match (&p.id, &p.to) {
                (None, Some((_, v))) => {
                    docs.files.insert(p.file.clone(), v.clone());
                }
                (None, None) => {
                    docs.files.remove(&p.file);
                }
                (Some(id), to) => {
                    let Some(list) = docs
                        .files
                        .get_mut(&p.file)
                        .and_then(|v| items_mut(&p.file, v))
                    else {
                        return Err(format!("{} is not a list of items", p.file));
                    };
                    match (list.iter().position(|v| id_of(v) == Some(id)), to) {
                        (Some(i), Some((_, v))) => list[i] = v.clone(),
                        (Some(i), None) => {
                            list.remove(i);
                        }
                        (None, Some(_)) => inserts.push(p),
                        (None, None) => {}
                    }
                }
            }
        }
        inserts.sort_by_key(|p| p.to.as_ref().map_or(0, |t| t.0));
        for p in inserts {
            if let (Some(list), Some((at, v))) = (
                docs.files
                    .get_mut(&p.file)
                    .and_then(|v| items_mut(&p.file, v)),
                &p.to,
            ) {
                let at = (*at).min(list.len());
                list.insert(at, v.clone());
            }
        }
        Ok(())
    }
}

fn current(docs: &Docs, p: &ItemPatch) -> Option<Value> {
    let file = docs.files.get(&p.file)?;
    match &p.id {
        None => Some(file.clone()),
        Some(id) => find(items(&p.file, file)?, id).map(|f| f.1),
    }
}
