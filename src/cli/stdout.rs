//! Standard output for every subcommand: one path, one rule for a reader that went away.
//!
//! The bytes are written by a thread of their own. A terminal that holds output back (a slow
//! ssh link, a paused screen) or a reader that stops reading blocks that thread in `write`,
//! and a signal cannot get it out: the handlers restart the call. The thread that does the
//! work only ever waits in short steps, so it sees the stop flag within a few milliseconds and
//! can still finish the `-w` file and print the statistics.
//!
//! [`Stdout::flush`] returns once the bytes are written, so that a message on stderr printed
//! after it comes after them on a terminal. A closed pipe is [`io::ErrorKind::BrokenPipe`],
//! which every caller takes as the end of the run, quietly ([`quiet`]).

use std::fs::File;
use std::io::{self, Write};
use std::os::fd::AsFd;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::time::Duration;

use wirelab::capture::StopHandle;

/// Bytes gathered before they are handed to the writing thread.
const CHUNK: usize = 64 * 1024;
/// Chunks that may wait for the writing thread: what output can hold in memory is bounded.
const IN_FLIGHT: usize = 4;
/// How often a waiting step looks at the stop flag.
const STEP: Duration = Duration::from_millis(5);

/// Standard output, written on a thread of its own.
pub struct Stdout {
    buf: Vec<u8>,
    tx: Option<SyncSender<Vec<u8>>>,
    /// One answer per chunk written: `Ok` or the error that ended the writing.
    acks: Receiver<io::Result<()>>,
    sent: u64,
    acked: u64,
    /// The error the writing thread stopped with, kept to answer every later write.
    failed: Option<(io::ErrorKind, String)>,
    stop: StopHandle,
}

impl Stdout {
    /// Standard output; `stop` makes a blocked write give up (with [`io::ErrorKind::Interrupted`]).
    pub fn new(stop: StopHandle) -> Stdout {
        let (tx, rx) = mpsc::sync_channel::<Vec<u8>>(IN_FLIGHT);
        let (ack_tx, acks) = mpsc::channel();
        let out = io::stdout().as_fd().try_clone_to_owned().map(File::from);
        std::thread::spawn(move || {
            let mut out = match out {
                Ok(f) => f,
                Err(e) => {
                    let _ = ack_tx.send(Err(e));
                    return;
                }
            };
            for chunk in rx {
                let result = out.write_all(&chunk);
                let failed = result.is_err();
                if ack_tx.send(result).is_err() || failed {
                    return;
                }
            }
        });
        Stdout {
            buf: Vec::with_capacity(CHUNK),
            tx: Some(tx),
            acks,
            sent: 0,
            acked: 0,
            failed: None,
            stop,
        }
    }

    /// Hands the gathered bytes to the writing thread without waiting for them to be written.
    fn send(&mut self) -> io::Result<()> {
        self.check()?;
        if self.buf.is_empty() {
            return Ok(());
        }
        let mut chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        loop {
            let Some(tx) = self.tx.as_ref() else {
                return Err(self.error());
            };
            match tx.try_send(chunk) {
                Ok(()) => {
                    self.sent += 1;
                    return Ok(());
                }
                Err(TrySendError::Full(back)) => {
                    chunk = back;
                    self.wait_step()?;
                }
                Err(TrySendError::Disconnected(_)) => {
                    self.wait_step()?;
                    return Err(self.error());
                }
            }
        }
    }

    /// Takes one answer from the writing thread, waiting at most one step; fails when the
    /// stop flag is set or the thread has failed.
    fn wait_step(&mut self) -> io::Result<()> {
        match self.acks.recv_timeout(STEP) {
            Ok(Ok(())) => self.acked += 1,
            Ok(Err(e)) => {
                self.failed = Some((e.kind(), e.to_string()));
                self.tx = None;
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                self.failed
                    .get_or_insert((io::ErrorKind::BrokenPipe, "standard output closed".into()));
                self.tx = None;
            }
        }
        self.check()?;
        if self.stop.is_stopped() && self.acked < self.sent {
            return Err(io::Error::new(
                io::ErrorKind::Interrupted,
                "stopped while standard output was held back",
            ));
        }
        Ok(())
    }

    fn check(&self) -> io::Result<()> {
        match self.failed {
            Some(_) => Err(self.error()),
            None => Ok(()),
        }
    }

    fn error(&self) -> io::Error {
        match &self.failed {
            Some((kind, msg)) => io::Error::new(*kind, msg.clone()),
            None => io::Error::new(io::ErrorKind::BrokenPipe, "standard output closed"),
        }
    }
}

impl Write for Stdout {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.check()?;
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(bytes.len())
    }

    /// Returns once everything written so far is out (or the stop flag gives up on it).
    fn flush(&mut self) -> io::Result<()> {
        self.send()?;
        while self.acked < self.sent {
            self.wait_step()?;
        }
        Ok(())
    }
}

/// Whether an output error ends the run quietly: the reader went away (`wirelab read x |
/// head`), or a signal stopped a run whose output was held back.
pub fn quiet(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::BrokenPipe | io::ErrorKind::Interrupted
    )
}

/// Writes `text` to standard output for the short commands (`explain`, `lab --list`,
/// `interfaces`): 0 when it was written or the reader left, 2 (with the reason) otherwise.
pub fn print(text: &str) -> std::process::ExitCode {
    let mut out = Stdout::new(StopHandle::default());
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if !quiet(&e) => {
            eprintln!("wirelab: cannot write to standard output: {e}");
            std::process::ExitCode::from(crate::exit::USAGE)
        }
        _ => std::process::ExitCode::SUCCESS,
    }
}
