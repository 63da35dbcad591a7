//! The lab's misbehaving path (`--drop`, `--latency`, `--rate`...): a third namespace
//! between client and server in which wirelab itself moves each Ethernet frame from one veth
//! pair to the other and decides its fate. [`spec`] parses the options, [`engine`] makes the
//! decisions (plain Rust, unit-tested on built frames), [`forward`] runs the two forwarding
//! threads with libpcap handles. See docs/lab.md for why a forwarder of wirelab's own.

pub mod engine;
pub mod forward;
pub mod spec;

pub use engine::{Action, PathEngine, Verdict};
pub use spec::{FrameKind, FrameSpec, Impairments, SpecError};
