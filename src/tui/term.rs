//! The terminal: raw mode, alternate screen and mouse capture on the way in, all undone on
//! the way out — by a guard on any return, by a panic hook on a panic. Ctrl-C arrives as a
//! key in raw mode and quits like `q`. Then the event loop: draw when something changed,
//! take batches from the source without blocking, turn keys and mouse events into actions.

use std::io::{self, Stdout, stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::{Arc, Once};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use super::action::{Action, from_key, from_mouse};
use super::app::App;
use super::model::Batch;
use super::view::{self, Theme};

/// Batches taken per turn of the loop, so that keys are read between them.
const BATCHES_PER_TURN: usize = 4;

/// Undoes [`enter`] when dropped.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        leave();
    }
}

fn leave() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
}

fn enter() -> io::Result<Terminal<CrosstermBackend<Stdout>>> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // The message must land on the normal screen, in cooked mode, to be read.
            leave();
            previous(info);
        }));
    });
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableMouseCapture)?;
    Terminal::new(CrosstermBackend::new(stdout()))
}

/// Removes signal handlers when dropped.
struct Unregister(Vec<signal_hook::SigId>);

impl Drop for Unregister {
    fn drop(&mut self) {
        for id in self.0.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// Runs the app until the user quits; `source` brings rows as they are read.
pub fn run(app: &mut App, source: Receiver<Batch>, theme: &Theme) -> io::Result<()> {
    // SIGTERM and SIGHUP (a closed terminal window) quit like `q`, so that the terminal is
    // restored on them too; the handlers are removed again when the TUI returns.
    let ended = Arc::new(AtomicBool::new(false));
    let handlers: Vec<signal_hook::SigId> =
        [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP]
            .into_iter()
            .filter_map(|sig| signal_hook::flag::register(sig, Arc::clone(&ended)).ok())
            .collect();
    let _unregister = Unregister(handlers);
    let mut terminal = enter()?;
    let _restore = Restore;
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    let mut source = Some(source);
    let mut dirty = true;
    while !app.quit {
        if ended.load(Ordering::Relaxed) {
            break;
        }
        if dirty {
            terminal.draw(|f| view::draw(f, app, theme))?;
            dirty = false;
        }
        if let Some(rx) = &source {
            for _ in 0..BATCHES_PER_TURN {
                match rx.try_recv() {
                    Ok(batch) => {
                        app.update(Action::Ingest(batch));
                        dirty = true;
                    }
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        source = None;
                        break;
                    }
                }
            }
        }
        let wait = if source.is_some() { 25 } else { 500 };
        if !event::poll(Duration::from_millis(wait))? {
            continue;
        }
        // Take every event that is waiting before drawing again (key repeat, wheel bursts).
        loop {
            let action = match event::read()? {
                Event::Key(k) => from_key(k, app.key_mode()),
                Event::Mouse(m) => from_mouse(m),
                Event::Resize(w, h) => Some(Action::Resize(w, h)),
                _ => None,
            };
            if let Some(a) = action {
                app.update(a);
                dirty = true;
            }
            if app.quit || !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
    Ok(())
}
