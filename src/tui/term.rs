//! The terminal: raw mode, alternate screen and mouse capture on the way in, all undone on
//! the way out — by a guard on any return, by a panic hook on a panic. Ctrl-C arrives as a
//! key in raw mode and quits like `q`. Then the event loop: draw when something changed,
//! take batches from the source without blocking, turn keys and mouse events into actions.
//!
//! The TUI ends with its terminal: SIGTERM, SIGHUP, and a terminal that has hung up (tmux
//! kill-session, an ssh drop, a closed window: `read` gives 0 or EIO) end the loop as `q`
//! does. crossterm's reader is never left to find that out itself: on such a terminal it
//! retries `read` for ever without returning (seen with strace), so the loop waits with
//! poll(2) on standard input and on the signals ([`Waiter`]), and asks crossterm for events
//! only when input is there and the terminal has not hung up.

use std::io::{self, Read, Stdout, stdout};
use std::os::fd::AsFd;
use std::os::unix::net::UnixStream;
use std::sync::Once;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

use nix::errno::Errno;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use signal_hook::consts::{SIGHUP, SIGTERM, SIGWINCH};

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

/// What the event loop was woken by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wake {
    /// Nothing (the wait ran out, or a signal the loop does not end on).
    Idle,
    /// Bytes on standard input: crossterm has events to give.
    Events,
    /// SIGWINCH. Asked for the size itself: crossterm sees the signal only once its reader
    /// has been set up, which the first key does.
    Resized,
    /// SIGTERM or SIGHUP.
    Ended,
    /// The terminal hung up: standard input says POLLHUP or POLLERR.
    Gone,
}

/// Waits on standard input and on the signals that matter to the loop at once. The signal
/// handlers write a byte into a socket pair (signal-hook's self-pipe), so a signal wakes the
/// wait at once, whichever thread it was delivered to; they are removed again on drop.
struct Waiter {
    /// SIGTERM, SIGHUP.
    ended: UnixStream,
    /// SIGWINCH.
    resized: UnixStream,
    _handlers: Unregister,
}

impl Waiter {
    fn new() -> io::Result<Waiter> {
        let mut ids = Vec::new();
        let mut pipe = |signals: &[i32]| -> io::Result<UnixStream> {
            let (rx, tx) = UnixStream::pair()?;
            rx.set_nonblocking(true)?;
            tx.set_nonblocking(true)?;
            for &sig in signals {
                ids.push(signal_hook::low_level::pipe::register(
                    sig,
                    tx.try_clone()?,
                )?);
            }
            Ok(rx)
        };
        let ended = pipe(&[SIGTERM, SIGHUP]);
        let resized = pipe(&[SIGWINCH]);
        // Built before the `?`s so that handlers already registered are removed on failure.
        let handlers = Unregister(ids);
        Ok(Waiter {
            ended: ended?,
            resized: resized?,
            _handlers: handlers,
        })
    }

    /// Waits up to `timeout` for input or a signal.
    fn wait(&self, timeout: Duration) -> Wake {
        let stdin = io::stdin();
        let mut fds = [
            PollFd::new(stdin.as_fd(), PollFlags::POLLIN),
            PollFd::new(self.ended.as_fd(), PollFlags::POLLIN),
            PollFd::new(self.resized.as_fd(), PollFlags::POLLIN),
        ];
        let ms = u16::try_from(timeout.as_millis()).unwrap_or(u16::MAX);
        match poll(&mut fds, PollTimeout::from(ms)) {
            Ok(0) | Err(Errno::EINTR) => return Wake::Idle,
            Ok(_) => {}
            // poll itself failing leaves no way to read the terminal.
            Err(_) => return Wake::Gone,
        }
        let [input, ended, resized] = fds.map(|f| f.revents().unwrap_or(PollFlags::empty()));
        let gone = PollFlags::POLLHUP | PollFlags::POLLERR | PollFlags::POLLNVAL;
        if !ended.is_empty() {
            Wake::Ended
        } else if input.intersects(gone) {
            Wake::Gone
        } else if input.contains(PollFlags::POLLIN) {
            Wake::Events
        } else if !resized.is_empty() {
            let mut drained = [0u8; 64];
            while matches!((&self.resized).read(&mut drained), Ok(n) if n > 0) {}
            Wake::Resized
        } else {
            Wake::Idle
        }
    }

    /// Whether the terminal has hung up (asked after an error writing to it).
    fn terminal_gone(&self) -> bool {
        self.wait(Duration::ZERO) == Wake::Gone
    }
}

/// Runs the app until the user quits, a signal ends it, or the terminal goes away; `source`
/// brings rows as they are read.
pub fn run(app: &mut App, source: Receiver<Batch>, theme: &Theme) -> io::Result<()> {
    let waiter = Waiter::new()?;
    let mut terminal = enter()?;
    let _restore = Restore;
    let done = event_loop(app, source, theme, &waiter, &mut terminal);
    // ratatui's `Terminal`, dropped with the cursor hidden, shows it and reports a failure
    // with `eprintln!`, which panics when stderr is a terminal that has hung up (SIGHUP comes
    // first, the hang-up a moment later): the panic would end the process before a live
    // capture finished its `-w` file. So the cursor is shown here, and a terminal that cannot
    // take it any more is not dropped at all: there is nothing left to restore on it.
    let shown = terminal.show_cursor();
    let gone = waiter.terminal_gone();
    if shown.is_err() || gone {
        std::mem::forget(terminal);
    }
    if gone {
        // Drawing on a terminal that has gone fails with EIO: that is the end, not an error.
        return Ok(());
    }
    done
}

fn event_loop(
    app: &mut App,
    source: Receiver<Batch>,
    theme: &Theme,
    waiter: &Waiter,
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
) -> io::Result<()> {
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    let mut source = Some(source);
    let mut dirty = true;
    while !app.quit {
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
        match waiter.wait(Duration::from_millis(wait)) {
            Wake::Idle => continue,
            Wake::Ended | Wake::Gone => return Ok(()),
            Wake::Resized => {
                let size = terminal.size()?;
                app.update(Action::Resize(size.width, size.height));
                dirty = true;
                continue;
            }
            Wake::Events => {}
        }
        // Take every event that is waiting before drawing again (key repeat, wheel bursts),
        // making sure before each call into crossterm that the terminal is still there.
        loop {
            if matches!(waiter.wait(Duration::ZERO), Wake::Ended | Wake::Gone) {
                return Ok(());
            }
            if !event::poll(Duration::ZERO)? {
                break;
            }
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
            if app.quit {
                break;
            }
        }
    }
    Ok(())
}
