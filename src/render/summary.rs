//! `--summary`: the conversation table only, one row per conversation as it is reported
//! (it ended, expired, or its input did), in the words of a textbook and of Zeek.

use std::io::{self, Write};

use super::{FileInfo, Record, Renderer};
use crate::annotate::port::{self, Transport};
use crate::track::{Conversation, Endpoint, Proto};

/// Writes the conversation table.
#[derive(Default)]
pub struct SummaryRenderer {
    header_done: bool,
}

impl SummaryRenderer {
    pub fn new() -> SummaryRenderer {
        SummaryRenderer::default()
    }
}

/// The first words of a handshake verdict, enough for a table cell.
fn short_handshake(verdict: &str) -> &str {
    verdict.split(" (").next().unwrap_or(verdict)
}

/// A teardown verdict without its explanation in parentheses, except who reset.
fn short_teardown(verdict: &str) -> String {
    if verdict.starts_with("abort")
        || verdict.starts_with("RST")
        || verdict.starts_with("half-closed")
    {
        verdict
            .replace(" sent RST", " RST")
            .replace("only the ", "")
            .replace(" sent FIN", " FIN")
    } else {
        verdict.split(" (").next().unwrap_or(verdict).to_owned()
    }
}

/// "127.0.0.1:8001 (reg)"
fn endpoint(e: &Endpoint) -> String {
    format!("{e} ({})", port::classify(e.port).short())
}

impl Renderer for SummaryRenderer {
    fn file_start(&mut self, out: &mut dyn Write, file: &FileInfo<'_>) -> io::Result<()> {
        if file.several {
            writeln!(out, "== {} ({})", file.path.display(), file.link_type)?;
            self.header_done = false;
        }
        Ok(())
    }

    fn packet(&mut self, _out: &mut dyn Write, _record: &Record<'_, '_>) -> io::Result<()> {
        Ok(())
    }

    fn conversation(&mut self, out: &mut dyn Write, c: &Conversation) -> io::Result<()> {
        if !self.header_done {
            self.header_done = true;
            writeln!(
                out,
                "{:>4}  {:<5} {:<30} {:<30} {:<14} {:<6} {:<12} {:<12} {:<30} {:>11} {:>15} {:>10}",
                "id",
                "proto",
                "client",
                "server",
                "service",
                "state",
                "history",
                "handshake",
                "teardown",
                "packets c/s",
                "bytes c/s",
                "duration"
            )?;
        }
        let transport = match c.proto {
            Proto::Tcp => Transport::Tcp,
            Proto::Udp => Transport::Udp,
        };
        let service = port::service(c.server.port, transport).unwrap_or("-");
        let handshake = short_handshake(c.handshake_verdict());
        let teardown = c.teardown_verdict();
        writeln!(
            out,
            "{:>4}  {:<5} {:<30} {:<30} {:<14} {:<6} {:<12} {:<12} {:<30} {:>11} {:>15} {:>10}",
            c.id,
            c.proto.name(),
            endpoint(&c.client),
            endpoint(&c.server),
            service,
            c.conn_state(),
            c.history(),
            handshake,
            short_teardown(&teardown),
            format!("{}/{}", c.packets[0], c.packets[1]),
            format!("{}/{}", c.bytes[0], c.bytes[1]),
            c.last_ts.since(c.first_ts).to_string(),
        )
    }
}
