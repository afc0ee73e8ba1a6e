//! The content pack: its file format, loading, validation, linking and indices.

pub mod cache;
pub mod date;
pub mod error;
pub mod link;
pub mod load;
pub mod model;
pub mod progress;
pub mod reuse;
pub mod source;
pub mod text;
pub mod types;

pub use error::{PackError, PackErrors};
pub use load::load;
pub use model::*;
pub use source::PackSource;

pub use cache::{open, open_deferred};
pub use text::Text;

/// The pack embedded in the binary, from the index compiled in with it.
pub fn embedded() -> Result<Corpus, PackErrors> {
    open(&PackSource::embedded())
}
