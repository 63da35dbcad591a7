//! Reassembly: the bytes of one followed conversation, each side's in stream order, as
//! [`StreamEvent`]s. The engine feeds it the packets tracking filed under the followed id
//! (`wirelab read --follow ID`); on any other run it does not exist, so a plain `read`
//! reassembles no stream. TCP is put back in sequence order ([`tcp`]); a UDP or ICMP echo
//! datagram is one chunk ([`udp`]). Apart from that, [`dns_tcp`] puts together a DNS
//! message spread over TCP segments (port 53 only), for its application line.
//!
//! Memory is bounded: contiguous bytes are handed out at once; only out-of-order bytes wait,
//! at most [`tcp::MAX_HELD_BYTES`] a direction and [`MAX_HELD_TOTAL`] for the conversation.
//! Pure: no I/O, no clock; never panics on any packet.

pub mod dns_tcp;
pub mod tcp;
pub mod udp;

use crate::decode::{Packet, TcpFlags, Transport};
use crate::track::{Conversation, Endpoint, Proto, Role, SeqNum};

use tcp::{Piece, Segment, TcpDirection};

/// Most out-of-order bytes the followed conversation holds, both directions together; past
/// it the direction holding more gives up its first hole.
pub const MAX_HELD_TOTAL: usize = 6 << 20;

/// What reassembly hands out, in the order the bytes can be placed. `seq` is a position in
/// the side's stream: for TCP relative to the side's ISN (the first data byte is 1, as
/// tshark's `tcp.seq`), for datagrams the side's bytes before this one (from 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamEvent {
    /// The followed conversation's first packet: what it is, before any of its bytes.
    Start {
        conn: u64,
        proto: Proto,
        client: Endpoint,
        server: Endpoint,
    },
    /// A contiguous chunk of one side's bytes (a datagram: all of it). `frame` is the
    /// number of the frame that carried its first byte, so a view can go from the chunk
    /// to the packet (the TUI's follow pane).
    Data {
        conn: u64,
        from: Role,
        seq: u64,
        bytes: Vec<u8>,
        frame: u64,
    },
    /// Bytes of one side's stream that the capture does not hold.
    Gap {
        conn: u64,
        from: Role,
        seq: u64,
        len: u64,
    },
    /// Bytes sent again with different content (the first copy is the one in the stream):
    /// tshark's "overlapping data" differs; an inspector should say so.
    Overlap {
        conn: u64,
        from: Role,
        seq: u64,
        len: u64,
    },
}

/// The reassembly of one conversation, chosen by its id before the input is read.
#[derive(Debug)]
pub struct Follow {
    conn: u64,
    started: bool,
    /// [client's bytes, server's bytes].
    tcp: [TcpDirection; 2],
    datagrams: udp::DatagramOffsets,
    /// Reused between packets.
    pieces: Vec<Piece>,
}

impl Follow {
    pub fn new(conn: u64) -> Follow {
        Follow {
            conn,
            started: false,
            tcp: Default::default(),
            datagrams: udp::DatagramOffsets::default(),
            pieces: Vec::new(),
        }
    }

    /// The id followed.
    pub fn conn(&self) -> u64 {
        self.conn
    }

    /// Whether [`Follow::start`] has been told about the conversation.
    pub fn started(&self) -> bool {
        self.started
    }

    /// The conversation has appeared: its [`StreamEvent::Start`].
    pub fn start(&mut self, conv: &Conversation, out: &mut Vec<StreamEvent>) {
        self.started = true;
        out.push(StreamEvent::Start {
            conn: self.conn,
            proto: conv.proto,
            client: conv.client,
            server: conv.server,
        });
    }

    /// One packet of the conversation, sent by `from` in frame `number`.
    pub fn packet(
        &mut self,
        number: u64,
        from: Role,
        packet: &Packet<'_>,
        out: &mut Vec<StreamEvent>,
    ) {
        match &packet.transport {
            Some(Transport::Tcp(t)) => {
                let seg = Segment {
                    seq: SeqNum(t.seq),
                    syn: t.flags.has(TcpFlags::SYN),
                    fin: t.flags.has(TcpFlags::FIN),
                    ack: t.flags.has(TcpFlags::ACK).then_some(SeqNum(t.ack)),
                    payload: t.payload,
                    len: t.payload_len,
                    frame: number,
                };
                self.segment(from, &seg, out);
            }
            Some(Transport::Udp(u)) => self.datagram(number, from, u.payload, out),
            Some(Transport::Icmp(i)) if i.quoted.is_none() => {
                self.datagram(number, from, i.payload, out);
            }
            _ => {}
        }
    }

    /// A TCP segment: the acknowledgement first (it may give up a hole the other way, as
    /// tshark checks it before the segment's own bytes), then its bytes.
    fn segment(&mut self, from: Role, seg: &Segment<'_>, out: &mut Vec<StreamEvent>) {
        if let Some(ack) = seg.ack {
            if let Some(other) = self.tcp.get_mut(from.other().index()) {
                other.acknowledged(ack, &mut self.pieces);
            }
            self.emit(from.other(), out);
        }
        if let Some(mine) = self.tcp.get_mut(from.index()) {
            mine.segment(seg, &mut self.pieces);
        }
        self.emit(from, out);
        self.enforce_total(out);
    }

    /// Past [`MAX_HELD_TOTAL`], the side holding more gives up its first hole.
    fn enforce_total(&mut self, out: &mut Vec<StreamEvent>) {
        loop {
            let [c, s] = self.tcp.each_ref().map(TcpDirection::held_bytes);
            if c + s <= MAX_HELD_TOTAL {
                return;
            }
            let side = if c >= s { Role::Client } else { Role::Server };
            if let Some(d) = self.tcp.get_mut(side.index()) {
                d.give_up_hole(&mut self.pieces);
            }
            self.emit(side, out);
        }
    }

    fn datagram(&mut self, number: u64, from: Role, bytes: &[u8], out: &mut Vec<StreamEvent>) {
        let seq = self.datagrams.next(from.index(), bytes.len());
        out.push(StreamEvent::Data {
            conn: self.conn,
            from,
            seq,
            bytes: bytes.to_vec(),
            frame: number,
        });
    }

    /// The end of the input: every hole still before held bytes is a gap.
    pub fn finish(&mut self, out: &mut Vec<StreamEvent>) {
        for side in [Role::Client, Role::Server] {
            if let Some(d) = self.tcp.get_mut(side.index()) {
                d.finish(&mut self.pieces);
            }
            self.emit(side, out);
        }
    }

    /// The pieces one side's reassembly produced, as events.
    fn emit(&mut self, from: Role, out: &mut Vec<StreamEvent>) {
        let conn = self.conn;
        out.extend(self.pieces.drain(..).map(|p| match p {
            Piece::Data { seq, bytes, frame } => StreamEvent::Data {
                conn,
                from,
                seq,
                bytes,
                frame,
            },
            Piece::Gap { seq, len } => StreamEvent::Gap {
                conn,
                from,
                seq,
                len,
            },
            Piece::Overlap { seq, len } => StreamEvent::Overlap {
                conn,
                from,
                seq,
                len,
            },
        }));
    }
}
