//! The signals that end a run (SIGINT, SIGTERM, SIGHUP), turned into a stop flag that the run
//! checks between packets, so that it ends with whole records and its statistics printed.
//!
//! A second signal ends the process at once (128 + its number, as a shell reports a killed
//! program): the first was not enough, say because the output is held back.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use wirelab::capture::StopHandle;

/// The signals that end a run.
pub const STOP_SIGNALS: [i32; 3] = [SIGINT, SIGTERM, SIGHUP];

/// A stop flag set by the stop signals, and which one came first.
#[derive(Clone, Default)]
pub struct Stop {
    pub handle: StopHandle,
    signal: Arc<AtomicUsize>,
}

impl Stop {
    /// Installs the handlers. `handle` is the flag to set (a live source's own, say).
    pub fn install(handle: StopHandle) -> io::Result<Stop> {
        let stop = Stop {
            handle,
            signal: Arc::default(),
        };
        for signal in STOP_SIGNALS {
            let status = 128 + signal;
            signal_hook::flag::register_conditional_shutdown(signal, status, stop.handle.flag())?;
            let number = usize::try_from(signal).unwrap_or_default();
            signal_hook::flag::register_usize(signal, Arc::clone(&stop.signal), number)?;
            signal_hook::flag::register(signal, stop.handle.flag())?;
        }
        Ok(stop)
    }

    /// [`Stop::install`] for a subcommand's run: when the handlers cannot be installed, the
    /// message is said and the exit status returned.
    /// The message in `lang`'s words.
    pub fn for_run(
        handle: StopHandle,
        lang: wirelab::annotate::lang::Lang,
    ) -> Result<Stop, std::process::ExitCode> {
        Stop::install(handle).map_err(|e| {
            let reason = e.to_string();
            eprintln!(
                "wirelab: {}",
                lang.text("err-signals", &[("reason", &reason)])
            );
            std::process::ExitCode::from(crate::exit::FAILED)
        })
    }

    /// The exit status a run ended by a signal reports (128 + the signal's number), `None`
    /// when no signal came.
    pub fn signal_status(&self) -> Option<u8> {
        match self.signal.load(Ordering::SeqCst) {
            0 => None,
            n => u8::try_from(128 + n).ok(),
        }
    }
}
