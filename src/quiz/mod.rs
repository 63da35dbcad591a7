//! Challenge mode's questions, without a screen: from what the engine found about the next
//! packet of a conversation (who sends it, its flags, relative numbers, window, both ends'
//! states after it), a few questions with options to choose from, and whether a choice was
//! right. The TUI ([`crate::tui::quiz`]) asks them before it reveals the packet; the words
//! are in [`crate::annotate::quiz`] and the JSON Lines record in [`log`].
//!
//! Options are drawn with a seeded generator, so one seed gives one quiz (`--quiz-seed`).

pub mod lines;
pub mod log;

use rand_core::{Rng, SeedableRng};
use rand_xorshift::XorShiftRng;

use crate::decode::{Link, Packet, TcpFlags, Transport};
use crate::render::Record;
use crate::track::{Dir, Step, TcpState};

/// What the quiz knows about one packet: the answers to its questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizPacket {
    pub frame: u64,
    pub dir: Dir,
    /// The frame has MAC addresses (Ethernet), so the link layer can be asked about.
    pub has_mac: bool,
    pub tcp: Option<TcpFacts>,
}

/// The TCP part of a [`QuizPacket`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TcpFacts {
    pub flags: TcpFlags,
    /// Relative sequence and acknowledgement numbers, as the tracker gives them.
    pub seq: u32,
    pub ack: u32,
    pub payload_len: u32,
    /// The window field as sent (before any scaling).
    pub window: u16,
    /// [client, server] after the packet.
    pub after: [TcpState; 2],
    pub step: Option<Step>,
}

impl QuizPacket {
    /// The packet of an engine record, when tracking put it in a conversation.
    pub fn from_record(r: &Record<'_, '_>) -> Option<QuizPacket> {
        let info = r.info?;
        let tcp = match (&r.packet.transport, &info.tcp) {
            (Some(Transport::Tcp(t)), Some(i)) => Some(TcpFacts {
                flags: t.flags,
                seq: i.seq,
                ack: i.ack,
                payload_len: t.payload_len,
                window: t.window,
                after: i.after,
                step: i.step,
            }),
            _ => None,
        };
        Some(QuizPacket {
            frame: r.number,
            dir: info.dir,
            has_mac: has_mac(r.packet),
            tcp,
        })
    }
}

/// Whether the packet's link layer carries MAC addresses.
pub fn has_mac(p: &Packet<'_>) -> bool {
    matches!(p.link, Link::Ethernet { .. })
}

/// A field whose layer is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerField {
    Port,
    IpAddress,
    Mac,
    Ttl,
    Seq,
}

impl LayerField {
    /// The name in JSON and in catalogue ids.
    pub fn name(self) -> &'static str {
        match self {
            LayerField::Port => "port",
            LayerField::IpAddress => "ip_address",
            LayerField::Mac => "mac",
            LayerField::Ttl => "ttl",
            LayerField::Seq => "seq",
        }
    }

    /// The layer of the TCP/IP model whose header holds the field.
    pub fn layer(self) -> Layer {
        match self {
            LayerField::Port | LayerField::Seq => Layer::Transport,
            LayerField::IpAddress | LayerField::Ttl => Layer::Internet,
            LayerField::Mac => Layer::Link,
        }
    }
}

/// The four layers of the TCP/IP model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Link,
    Internet,
    Transport,
    Application,
}

impl Layer {
    pub const ALL: [Layer; 4] = [
        Layer::Link,
        Layer::Internet,
        Layer::Transport,
        Layer::Application,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Layer::Link => "link",
            Layer::Internet => "internet",
            Layer::Transport => "transport",
            Layer::Application => "application",
        }
    }
}

/// What a question asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sender,
    Flags,
    Seq,
    Ack,
    Window,
    ClientState,
    ServerState,
    Layer(LayerField),
}

impl Kind {
    /// The name in JSON (`"question"`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Sender => "sender",
            Kind::Flags => "flags",
            Kind::Seq => "seq",
            Kind::Ack => "ack",
            Kind::Window => "window",
            Kind::ClientState => "client_state",
            Kind::ServerState => "server_state",
            Kind::Layer(_) => "layer",
        }
    }
}

/// One option of a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Side(Dir),
    Flags(TcpFlags),
    Number(u64),
    State(TcpState),
    Layer(Layer),
}

impl Choice {
    /// The option in words no language needs: "client", "SYN-ACK", "0", "SYN-SENT",
    /// "transport" (the JSON record's values).
    pub fn key(self) -> String {
        match self {
            Choice::Side(Dir::C2S) => "client".to_owned(),
            Choice::Side(Dir::S2C) => "server".to_owned(),
            Choice::Flags(f) => f.as_text().to_string(),
            Choice::Number(n) => n.to_string(),
            Choice::State(s) => s.name().to_owned(),
            Choice::Layer(l) => l.name().to_owned(),
        }
    }
}

/// A question about the next packet, with its options and which one is right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub frame: u64,
    pub kind: Kind,
    pub options: Vec<Choice>,
    /// Index of the right option.
    pub correct: usize,
    /// Whether the packet goes client → server, and its TCP facts: for the explanation.
    pub dir: Dir,
    pub tcp: Option<TcpFacts>,
}

impl Question {
    /// Whether option `i` is the right one.
    pub fn judge(&self, i: usize) -> bool {
        i == self.correct
    }

    pub fn answer(&self) -> Choice {
        self.options[self.correct]
    }
}

/// Answers counted so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    pub right: u32,
    pub wrong: u32,
    pub skipped: u32,
}

impl Score {
    /// Counts one answer: `Some(right)`, or `None` when skipped.
    pub fn count(&mut self, right: Option<bool>) {
        match right {
            Some(true) => self.right += 1,
            Some(false) => self.wrong += 1,
            None => self.skipped += 1,
        }
    }

    pub fn asked(&self) -> u32 {
        self.right + self.wrong + self.skipped
    }
}

/// The flags a segment of a textbook conversation may carry: the options flags questions
/// draw from.
const FLAG_POOL: [u16; 8] = [
    TcpFlags::SYN,
    TcpFlags::SYN | TcpFlags::ACK,
    TcpFlags::ACK,
    TcpFlags::PSH | TcpFlags::ACK,
    TcpFlags::FIN | TcpFlags::ACK,
    TcpFlags::RST,
    TcpFlags::RST | TcpFlags::ACK,
    TcpFlags::FIN | TcpFlags::PSH | TcpFlags::ACK,
];

/// Kinds the third question of a TCP packet is drawn from (the sender and the flags are
/// always asked).
const DRAWN: [Kind; 6] = [
    Kind::Seq,
    Kind::Ack,
    Kind::Window,
    Kind::ClientState,
    Kind::ServerState,
    Kind::Layer(LayerField::Port),
];

const FIELDS: [LayerField; 5] = [
    LayerField::Port,
    LayerField::IpAddress,
    LayerField::Mac,
    LayerField::Ttl,
    LayerField::Seq,
];

/// Options per question (a sender question has two).
const OPTIONS: usize = 4;

/// The question generator: one seeded generator for a whole quiz, so that the same seed
/// and the same packets give the same questions and options in the same order.
pub struct Quiz {
    seed: u64,
    rng: XorShiftRng,
}

impl Quiz {
    pub fn new(seed: u64) -> Quiz {
        Quiz {
            seed,
            rng: XorShiftRng::seed_from_u64(seed),
        }
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// A number below `n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.rng.next_u64() % n as u64) as usize
    }

    /// The questions asked before `p` is revealed: who sends it and, for TCP, its flags,
    /// then one drawn from the numbers, the states and the layers.
    pub fn questions(&mut self, p: &QuizPacket) -> Vec<Question> {
        let mut kinds = vec![Kind::Sender];
        if let Some(t) = &p.tcp {
            kinds.push(Kind::Flags);
            // Without the ACK flag the field means nothing (a SYN's is often 0).
            let drawn = match DRAWN[self.below(DRAWN.len())] {
                Kind::Ack if !t.flags.has(TcpFlags::ACK) => Kind::Seq,
                k => k,
            };
            kinds.push(drawn);
        } else {
            kinds.push(Kind::Layer(LayerField::Port));
        }
        kinds
            .into_iter()
            .filter_map(|k| self.question(p, k))
            .collect()
    }

    /// The question of kind `kind` about `p`, or `None` when it does not apply (a TCP
    /// question about a UDP packet). A layer question's field is drawn here.
    pub fn question(&mut self, p: &QuizPacket, kind: Kind) -> Option<Question> {
        let (kind, answer, others) = match kind {
            Kind::Sender => (kind, Choice::Side(p.dir), Vec::new()),
            Kind::Layer(_) => {
                let fields: Vec<LayerField> = FIELDS
                    .into_iter()
                    .filter(|f| p.has_mac || *f != LayerField::Mac)
                    .filter(|f| p.tcp.is_some() || *f != LayerField::Seq)
                    .collect();
                let field = fields[self.below(fields.len())];
                (Kind::Layer(field), Choice::Layer(field.layer()), Vec::new())
            }
            _ => {
                let t = p.tcp.as_ref()?;
                let (answer, pool) = self.tcp_pool(kind, t);
                (kind, answer, pool)
            }
        };
        let (options, correct) = match answer {
            Choice::Side(_) => {
                let options = vec![Choice::Side(Dir::C2S), Choice::Side(Dir::S2C)];
                let correct = options.iter().position(|o| *o == answer).unwrap_or(0);
                (options, correct)
            }
            Choice::Layer(l) => (
                Layer::ALL.map(Choice::Layer).to_vec(),
                Layer::ALL.iter().position(|x| *x == l).unwrap_or(0),
            ),
            _ => self.draw(answer, others),
        };
        Some(Question {
            frame: p.frame,
            kind,
            options,
            correct,
            dir: p.dir,
            tcp: p.tcp.clone(),
        })
    }

    /// The right answer of a TCP question and the wrong ones it may be confused with.
    fn tcp_pool(&mut self, kind: Kind, t: &TcpFacts) -> (Choice, Vec<Choice>) {
        let numbers = |v: u64, near: &[u64]| -> Vec<Choice> {
            let mut c = vec![v + 1, v.saturating_sub(1), 0, 1, v + 2, v * 2 + 5];
            c.extend_from_slice(near);
            c.into_iter().map(Choice::Number).collect()
        };
        let (seq, ack, len) = (u64::from(t.seq), u64::from(t.ack), u64::from(t.payload_len));
        match kind {
            Kind::Flags => (
                Choice::Flags(t.flags),
                FLAG_POOL.map(|f| Choice::Flags(TcpFlags(f))).to_vec(),
            ),
            Kind::Seq => (Choice::Number(seq), numbers(seq, &[ack, seq + len])),
            Kind::Ack => (Choice::Number(ack), numbers(ack, &[seq, ack + len])),
            Kind::Window => {
                let w = u64::from(t.window);
                let near = [w / 2, w * 2, 65535, 64240, 29200, 512];
                (
                    Choice::Number(w),
                    near.into_iter().map(Choice::Number).collect(),
                )
            }
            Kind::ClientState | Kind::ServerState => {
                let s = t.after[usize::from(kind == Kind::ServerState)];
                (
                    Choice::State(s),
                    TcpState::rfc().iter().copied().map(Choice::State).collect(),
                )
            }
            Kind::Sender | Kind::Layer(_) => (Choice::Side(Dir::C2S), Vec::new()),
        }
    }

    /// `answer` and up to three others drawn from `pool` (none equal to it or to each
    /// other), in a drawn order; the index of `answer` among them.
    fn draw(&mut self, answer: Choice, mut pool: Vec<Choice>) -> (Vec<Choice>, usize) {
        pool.retain(|c| *c != answer);
        let mut unique: Vec<Choice> = Vec::new();
        for c in pool {
            if !unique.contains(&c) {
                unique.push(c);
            }
        }
        let mut options = vec![answer];
        while options.len() < OPTIONS && !unique.is_empty() {
            let i = self.below(unique.len());
            options.push(unique.swap_remove(i));
        }
        for i in (1..options.len()).rev() {
            let j = self.below(i + 1);
            options.swap(i, j);
        }
        let correct = options.iter().position(|o| *o == answer).unwrap_or(0);
        (options, correct)
    }
}

/// A seed from the clock, for a quiz without `--quiz-seed`.
pub fn seed_from_time() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

#[cfg(test)]
mod tests;

/// A renderer that keeps the quiz's view of each packet, by conversation: how a quiz over
/// the engine's output (the lab's, a file's) gets its packets without a screen.
#[derive(Debug, Default)]
pub struct Collector {
    /// (conversation id, packet), in the order the engine gave them.
    pub packets: Vec<(u64, QuizPacket)>,
}

impl Collector {
    /// The packets of conversation `conn`, in order.
    pub fn conversation(&self, conn: u64) -> Vec<QuizPacket> {
        self.packets
            .iter()
            .filter(|(c, _)| *c == conn)
            .map(|(_, p)| p.clone())
            .collect()
    }

    /// The first TCP conversation's id (a lab scenario's), else the first one's.
    pub fn first_conversation(&self) -> Option<u64> {
        self.packets
            .iter()
            .find(|(_, p)| p.tcp.is_some())
            .or(self.packets.first())
            .map(|(c, _)| *c)
    }
}

impl crate::render::Renderer for Collector {
    fn file_start(
        &mut self,
        _: &mut dyn std::io::Write,
        _: &crate::render::FileInfo<'_>,
    ) -> std::io::Result<()> {
        Ok(())
    }

    fn packet(&mut self, _: &mut dyn std::io::Write, r: &Record<'_, '_>) -> std::io::Result<()> {
        if let (Some(info), Some(p)) = (r.info, QuizPacket::from_record(r)) {
            self.packets.push((info.conn, p));
        }
        Ok(())
    }
}
