//! How fast the TUI indexes a capture and moves between packets, without a terminal:
//! `cargo run --release --example tui_steps -- bench.pcap`. Indexes the file the way the TUI
//! does (background thread, batches applied as they arrive), opens the conversation with the
//! most packets, then steps through it, each step re-reading, decoding and rendering the
//! packet at 120×40. Prints the index time and per-step latencies (docs/tui.md cites them),
//! then the time of single keys, `G` and `n` across the whole conversation among them
//! (docs/benchmarks.md, "TUI key latency"). With `--index-only` after the file, it only indexes
//! and drops the batches, to tell the indexer's memory from the app's.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wirelab::tui::action::Action;
use wirelab::tui::app::App;
use wirelab::tui::index::{self, IndexConfig};
use wirelab::tui::store::FrameStore;
use wirelab::tui::view::{self, Theme};

fn main() {
    let path = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "bench.pcap".into()),
    );
    let start = Instant::now();
    let rx = index::spawn(IndexConfig {
        path: path.clone(),
        filter: None,
    });
    if std::env::args().nth(2).as_deref() == Some("--index-only") {
        // The indexer's own memory: batches are dropped as they come, no app keeps them.
        let rows: usize = rx.iter().map(|b| b.rows.len()).sum();
        println!(
            "indexed {rows} rows in {:.2} s",
            start.elapsed().as_secs_f64()
        );
        return;
    }
    let mut app = App::new(
        path.display().to_string(),
        FrameStore::open(&path).expect("open"),
        false,
    );
    app.update(Action::Resize(120, 40));
    for batch in rx {
        app.update(Action::Ingest(batch));
    }
    let indexed = start.elapsed();
    let rows: usize = app.convs.iter().map(|v| v.len()).sum();
    let whole: usize = app.convs.iter().map(|v| v.whole_rows()).sum();
    println!(
        "indexed {} frames, {} conversations, {rows} rows ({whole} kept whole) in {:.2} s",
        app.progress.frames,
        app.convs.len(),
        indexed.as_secs_f64()
    );

    let most = app.convs.iter().map(|v| v.len()).max();
    let biggest = app
        .list
        .visible
        .iter()
        .position(|&i| Some(app.convs[i].len()) == most)
        .unwrap_or(0);
    app.list.selected = biggest;
    app.update(Action::Open);
    let n = app.current().map_or(0, |v| v.len());
    println!("opened conversation {} with {n} packets", app.ladder.conv);

    let theme = Theme::new(true);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
    let mut times: Vec<Duration> = Vec::new();
    let mut timed = |app: &mut App, action: Action| {
        let t = Instant::now();
        app.update(action);
        terminal.draw(|f| view::draw(f, app, &theme)).expect("draw");
        times.push(t.elapsed());
    };
    for _ in 0..n.min(5000) {
        timed(&mut app, Action::Step(true));
    }
    for _ in 0..200 {
        timed(&mut app, Action::Step(false));
    }
    timed(&mut app, Action::First);
    timed(&mut app, Action::Last);
    timed(&mut app, Action::Event(false));
    times.sort();
    let pct = |p: usize| times[(times.len() - 1) * p / 100];
    println!(
        "{} steps (update + re-read + decode + render 120x40): median {:?}, p99 {:?}, max {:?}",
        times.len(),
        pct(50),
        pct(99),
        times[times.len() - 1]
    );
    time_each_key(&mut app, &mut terminal, &theme);
}

/// Times single keys in the open ladder and then in the list, each answered the way the
/// event loop answers it (update, then draw): the keys that jump far are the ones to watch.
fn time_each_key(app: &mut App, terminal: &mut Terminal<TestBackend>, theme: &Theme) {
    let keys: [(&str, Action); 19] = [
        ("G (last step)", Action::Last),
        ("N (previous event)", Action::Event(false)),
        ("k (previous step)", Action::Step(false)),
        ("g (first step)", Action::First),
        ("n (next event)", Action::Event(true)),
        ("n (next event)", Action::Event(true)),
        ("n (over the data)", Action::Event(true)),
        ("N (back over it)", Action::Event(false)),
        ("g (first step)", Action::First),
        ("PgDn", Action::Page(1)),
        ("j (next step)", Action::Step(true)),
        ("G again", Action::Last),
        ("PgUp", Action::Page(-1)),
        ("Esc (back to the list)", Action::Back),
        ("G (last conversation)", Action::Last),
        ("s (sort by packets)", Action::Sort),
        ("s (by bytes)", Action::Sort),
        ("s (by state)", Action::Sort),
        ("Enter (open)", Action::Open),
    ];
    println!("single keys (update + render 120x40):");
    for (name, action) in keys {
        let t = Instant::now();
        app.update(action);
        terminal.draw(|f| view::draw(f, app, theme)).expect("draw");
        println!(
            "  {name:<24} {:>9.3} ms  (step {})",
            t.elapsed().as_secs_f64() * 1e3,
            app.ladder.step + 1
        );
    }
}
