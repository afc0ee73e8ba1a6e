//! `lectern reuse`: text the articles share; the report lives with the
//! finder in `corpus::reuse`.

use std::io::{self, Write};

use super::emit::Report;
use crate::corpus::Corpus;
use crate::corpus::reuse::ReuseReport;

pub fn run(c: &Corpus) -> ReuseReport<'_> {
    ReuseReport::of(c)
}

impl Report for ReuseReport<'_> {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        self.write_text(out)
    }
}
