//! `wirelab run`: follow a program's socket system calls, with ptrace and a seccomp filter,
//! and turn them into the lab's [`Call`](crate::lab::Call)s, so that the lab's matcher can
//! put each next to the packets it caused.
//!
//! [`spawn`] starts the program as the invoking user, traced and stopped before its first
//! instruction; [`filter`] is the seccomp filter that stops only socket-related calls;
//! [`tracer`] is the wait loop over every thread and process of the program; [`record`]
//! turns a stopped call into a [`Call`](crate::lab::Call), reading [`procfs`] for sockets'
//! addresses and the program's memory for its arguments. See docs/run.md.

pub mod filter;
mod messages;
mod options;
pub mod procfs;
pub mod record;
pub mod regs;
pub mod spawn;
pub mod tracer;

pub use spawn::{Launch, find_program};
pub use tracer::{ProgramExit, Traced, Tracer};

/// Why a program could not be traced.
#[derive(Debug, thiserror::Error)]
pub enum TraceError {
    #[error("{0}: no such program, or not one the invoking user may run")]
    NotFound(String),
    #[error("cannot start {program}: {source}")]
    Spawn {
        program: String,
        #[source]
        source: std::io::Error,
    },
    /// The program ended before its first instruction: exec failed in the child (a program
    /// the user may not run, a directory they may not enter).
    #[error(
        "the program could not be started as the invoking user (exit status {code}): can that user run it, and read the directories on its path?"
    )]
    DidNotStart { code: i32 },
    #[error("the seccomp filter: {0}")]
    Filter(String),
    #[error("cannot {what}: {source}")]
    Ptrace {
        what: &'static str,
        #[source]
        source: nix::Error,
    },
    #[error("the program stopped unexpectedly: {0}")]
    Unexpected(String),
    #[error("wirelab run does not support {0} yet")]
    Unsupported(&'static str),
}
