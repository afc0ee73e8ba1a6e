#[path = "support/gen.rs"]
mod generator;
#[path = "support/packs.rs"]
mod packs;
use lectern::corpus::{self, PackSource};
use lectern::reader::Reader;
use lectern::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn t(name: &str, n: u32, mut f: impl FnMut()) {
    for _ in 0..n / 10 {
        f();
    }
    let mut best = Duration::MAX;
    for _ in 0..5 {
        let s = Instant::now();
        for _ in 0..n {
            f();
        }
        best = best.min(s.elapsed() / n);
    }
    println!("{name:<30} {:?}", best);
}

fn main() {
    let dir = packs::perf_dir().join("packs/pack-long");
    let c = Arc::new(corpus::load(&PackSource::dir(&dir).unwrap()).unwrap());
    let r = Reader::new(c, 200, 60);
    let theme = Theme { color: true };
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    if std::env::var_os("ONLY_FULL").is_some() {
        for _ in 0..300 {
            term.draw(|f| ui::render(&r, &theme, f)).unwrap();
        }
        return;
    }
    t("empty draw", 2000, || {
        term.draw(|_| {}).unwrap();
    });
    t("full draw", 2000, || {
        term.draw(|f| ui::render(&r, &theme, f)).unwrap();
    });
    let s = r.screen();
    t("doc only", 2000, || {
        term.draw(|f| ui::document::render(&r, &theme, f, s.doc))
            .unwrap();
    });
    t("timeline only", 2000, || {
        term.draw(|f| ui::timeline::render(&r, &theme, f, s.timeline.unwrap()))
            .unwrap();
    });
    t("entities only", 2000, || {
        term.draw(|f| ui::entities::render(&r, &theme, f, s.entities.unwrap()))
            .unwrap();
    });
    t("ruler only", 2000, || {
        std::hint::black_box(ui::timeline::ruler(&r, &theme, 60));
    });
    let mut buf = ratatui::buffer::Buffer::empty(Rect::new(0, 0, 200, 60));
    t("buffer reset", 2000, || {
        buf.reset();
    });
    let a = ratatui::buffer::Buffer::empty(Rect::new(0, 0, 200, 60));
    t("buffer diff", 2000, || {
        std::hint::black_box(a.diff(&buf));
    });
}
