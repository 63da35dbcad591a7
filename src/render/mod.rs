//! Output: one line of text or one JSON object per packet. Renderers write into any
//! `impl Write` and never change what they are given.

mod app_json;
mod cache;
mod defrag_json;
pub mod follow;
mod hexdump;
mod json;
mod jsonw;
pub(crate) mod ladder;
mod layers;
mod line;
pub mod only;
pub(crate) mod sides;
mod style;
mod summary;
mod text;
mod time;
pub mod zeek_conn;

pub use follow::{FollowFormat, FollowRenderer};
pub use hexdump::Dump;
pub use json::JsonRenderer;
pub use ladder::{LadderFormat, LadderRenderer};
pub use only::{Only, OnlyKind, OnlyRenderer};
pub use style::ColorChoice;
pub use summary::SummaryRenderer;
pub use text::TextRenderer;
pub use time::TimeFormat;
pub use zeek_conn::ZeekConnRenderer;

use std::io;
use std::path::Path;

use crate::capture::{Duration, LinkType, RawFrame};
use crate::decode::Packet;
use crate::decode::app::AppMessage;
use crate::decode::checksum::Checksums;
use crate::defrag::{DefragNote, Incomplete};
use crate::track::{Conversation, PacketInfo, Role};

/// A socket call shown with the packets (`wirelab lab`): which side made it and what it did,
/// already in words. Defined here, below the lab, so that renderers never depend on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallNote {
    pub side: Role,
    /// The call's name for JSON (`connect`, `accept`, `send`...).
    pub call: &'static str,
    /// What a reader sees: `connect(127.0.0.1:8001) → SYN`.
    pub text: String,
    /// The conversation the call belongs to (its socket's 5-tuple), once it has one.
    pub conn: Option<u64>,
    /// The call put the packet that follows on the wire (it did not just happen before it).
    pub caused: bool,
}

/// The kernel's own states of a packet's two endpoints, sampled by the lab after it saw the
/// packet (`--kernel-states`), already in words. Defined here, as [`CallNote`] is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KernelNote {
    /// The text view's column: the client's and the server's state, padded.
    pub column: String,
    /// One line per endpoint whose kernel state is not the inferred one, with why.
    pub differences: Vec<String>,
    /// The `kernel_state` member of the packet's JSON object, an object written as is.
    pub json: String,
    /// The kernel's client and server states, where sampled, each with whether it differs
    /// from the inferred one: the TUI draws them under the ladder's own state columns.
    pub states: [Option<(crate::track::TcpState, bool)>; 2],
}

/// Everything a renderer is told about one packet.
pub struct Record<'r, 'a> {
    /// 1-based frame number within its file (restarts per file, as tshark counts).
    pub number: u64,
    pub frame: &'r RawFrame<'a>,
    pub packet: &'r Packet<'a>,
    /// Time since the first frame of the file.
    pub since_first: Duration,
    /// Time since the previous frame shown.
    pub since_previous: Duration,
    /// What conversation tracking found, when the packet belongs to a conversation.
    pub info: Option<&'r PacketInfo>,
    /// Socket calls shown just before this packet (only `wirelab lab` has any).
    pub calls: &'r [CallNote],
    /// For an IP fragment: what reassembly made of it (held, or the datagram it completed,
    /// whose transport layer is then in `packet`), and what was wrong.
    pub defrag: Option<&'r DefragNote>,
    /// What the application said (DNS, HTTP, DHCP, or the payload when it is text): the
    /// app line after the packet's fields, `"app"` in JSON.
    pub app: Option<&'r AppMessage<'a>>,
    /// What the packet's checksums say (all `None` when they were not checked); a wrong one
    /// is also among the packet's issues.
    pub checksums: Checksums,
    /// The kernel's states of the packet's endpoints (`lab --kernel-states` only).
    pub kernel: Option<&'r KernelNote>,
    /// The receiving program's calls that returned what the packet brought, where the calls
    /// are known (`lab`, `run`; empty: none did); none when they are not (a capture read from
    /// a file). The end of the packet's in layers (`-L`).
    pub returned: Option<&'r [CallNote]>,
}

/// Information about an input file, given before its packets.
pub struct FileInfo<'r> {
    /// 0-based position among the inputs.
    pub index: usize,
    pub path: &'r Path,
    pub link_type: LinkType,
    /// Whether more than one input is read (text output then heads each file's packets).
    pub several: bool,
}

/// A packet output format.
pub trait Renderer {
    fn file_start(&mut self, out: &mut dyn io::Write, file: &FileInfo<'_>) -> io::Result<()>;
    fn packet(&mut self, out: &mut dyn io::Write, record: &Record<'_, '_>) -> io::Result<()>;
    /// A conversation that ended or expired (or was still open at the end of its input).
    fn conversation(&mut self, _out: &mut dyn io::Write, _conv: &Conversation) -> io::Result<()> {
        Ok(())
    }
    /// Writes out whatever the renderer holds back for speed. Called before a message on
    /// stderr (so it follows the last packet), at the end of the input, and after each packet
    /// when packets should appear as they arrive.
    fn flush(&mut self, _out: &mut dyn io::Write) -> io::Result<()> {
        Ok(())
    }
    /// Every conversation of the input has been given to [`Renderer::conversation`]; what a
    /// renderer kept for the end of the input (the summary table) is written now.
    fn input_end(&mut self, _out: &mut dyn io::Write) -> io::Result<()> {
        Ok(())
    }
    /// Bytes of the followed conversation (`--follow`), in stream order: the engine's
    /// reassembly hands them out as soon as they can be placed.
    fn stream(
        &mut self,
        _out: &mut dyn io::Write,
        _event: &crate::reassemble::StreamEvent,
    ) -> io::Result<()> {
        Ok(())
    }
    /// An IP datagram whose fragments never all came (timed out, pushed out of a full
    /// table, or still incomplete when the input ended).
    fn datagram_given_up(
        &mut self,
        _out: &mut dyn io::Write,
        _datagram: &Incomplete,
    ) -> io::Result<()> {
        Ok(())
    }
    /// Socket calls that no packet follows (the lab's last `close()`, a final `recv()`),
    /// given after the last packet and before the conversations are reported.
    fn notes(&mut self, _out: &mut dyn io::Write, _notes: &[CallNote]) -> io::Result<()> {
        Ok(())
    }
}

/// A renderer that shows nothing: for running the engine only for what it tells on the side
/// (a pcapng comment, the conversations held).
pub struct Discard;

impl Renderer for Discard {
    fn file_start(&mut self, _: &mut dyn io::Write, _: &FileInfo<'_>) -> io::Result<()> {
        Ok(())
    }

    fn packet(&mut self, _: &mut dyn io::Write, _: &Record<'_, '_>) -> io::Result<()> {
        Ok(())
    }
}
