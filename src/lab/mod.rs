//! `wirelab lab`: wirelab runs a small client and server itself (real sockets, the kernel's
//! TCP), captures what they put on the wire, and shows each packet next to the socket call
//! that caused it.
//!
//! [`scenario`] holds the catalogue and the programs, written with [`socket::LabSocket`],
//! which records every call in a [`calls::CallLog`]; [`mod@run`] opens the capture, runs a
//! scenario and stops once the wire has gone quiet; [`attach`] matches calls to packets;
//! [`netns`] builds the two-namespace network of `--netns`. See docs/lab.md.

pub mod attach;
pub mod calls;
pub mod growing;
pub mod kernel;
pub mod netns;
pub mod path;
pub mod program;
pub mod returned;
pub mod run;
pub mod scenario;
pub mod socket;

use std::io;

pub use calls::{Call, CallKind, CallLog};
pub use run::{LabConfig, LabRun, lab_record, render, run};
pub use scenario::{SCENARIOS, Scenario, Topic};

use crate::capture::CaptureError;

/// Why a lab did not complete.
#[derive(Debug, thiserror::Error)]
pub enum LabError {
    /// A socket call failed where the scenario expected it to succeed (or the reverse).
    #[error(transparent)]
    Call(#[from] socket::CallError),
    /// The programs did not behave as the scenario says (an echo that differs...).
    #[error("{0}")]
    Unexpected(String),
    /// Ctrl-C (SIGINT) or SIGTERM.
    #[error("interrupted")]
    Interrupted,
    #[error(transparent)]
    Capture(#[from] CaptureError),
    /// `wirelab run` could not start or follow the program.
    #[error(transparent)]
    Trace(#[from] crate::trace::TraceError),
    /// The forwarder of the misbehaving path could not open or use its interfaces.
    #[error("the path: {0}")]
    Path(String),
    /// The kernel's socket table could not be read (`--kernel-states`).
    #[error(transparent)]
    Kernel(#[from] kernel::KernelError),
    #[error("--netns: {0}")]
    Netns(String),
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: io::Error,
    },
}
