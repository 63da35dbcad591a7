//! Command-line definitions (clap derive) and their translation into library configs.
//! Arguments are checked here, once; the library never sees raw flags.

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use wirelab::pipeline::ReadConfig;
use wirelab::render::{ColorChoice, LadderFormat, TimeFormat};

/// A packet-level protocol inspector for learning TCP/IP.
#[derive(Debug, Parser)]
#[command(name = "wirelab", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read saved captures (pcap, pcapng, `-` for stdin) and show every packet.
    Read(ReadArgs),
    /// Explain an address (class, private, loopback, multicast scope...) or a port (range,
    /// IANA service): `wirelab explain 10.1.2.3`, `wirelab explain 443/tcp`.
    #[command(
        after_help = "Examples:\n  wirelab explain 192.168.1.10\n  wirelab explain ff02::1\n  wirelab explain ::135.75.43.52\n  wirelab explain 8001\n  wirelab explain 53/udp"
    )]
    /// Run a client and a server (real sockets, the kernel's TCP), capture what they put on
    /// the wire, and show each packet next to the socket call that caused it. Needs root.
    #[command(
        after_help = "Examples:\n  sudo wirelab lab tcp-echo\n  sudo wirelab lab tcp-echo --ipv6 --timeline\n  sudo wirelab lab udp-echo --message hello\n  sudo wirelab lab tcp-refused\n  sudo wirelab lab tcp-echo --netns -w mine.pcap\n  wirelab lab --list"
    )]
    Lab(LabArgs),
    Explain {
        /// Addresses and ports (`PORT`, `PORT/tcp`, `PORT/udp`).
        #[arg(required = true, value_name = "ADDR|PORT[/tcp|udp]")]
        what: Vec<String>,
    },
}

/// `wirelab lab SCENARIO`
#[derive(Debug, Args)]
pub struct LabArgs {
    /// The scenario to run (`--list` shows them all).
    #[arg(required_unless_present = "list")]
    pub scenario: Option<String>,

    /// List the scenarios, each with what it teaches.
    #[arg(long)]
    pub list: bool,

    /// IPv6 (::1, or the namespaces' unique-local addresses) instead of IPv4.
    #[arg(long)]
    pub ipv6: bool,

    /// Client and server in two network namespaces joined by a veth pair (198.18.0.1 and
    /// .2, fd00:198:18::1 and ::2): real Ethernet headers, ARP and NDP. Needs iproute2.
    #[arg(long)]
    pub netns: bool,

    /// The server's port (default: a free one the lab picks).
    #[arg(long, default_value_t = 0, hide_default_value = true)]
    pub port: u16,

    /// What the client sends (default: `hello, wirelab` and a newline, 15 bytes).
    #[arg(long, default_value = "hello, wirelab\n", hide_default_value = true)]
    pub message: String,

    /// Messages, exchanges or clients, as the scenario uses it (--list shows the defaults).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub count: Option<u32>,

    /// Milliseconds added to every pause of the programs, to follow each call (printed on
    /// stderr as it is made) in a live view.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub delay: u64,

    /// Also write the capture to a pcap file.
    #[arg(short = 'w', long = "write", value_name = "FILE")]
    pub write: Option<PathBuf>,

    /// JSON Lines: packets with their `calls`, conversations, then one `lab` record.
    #[arg(long)]
    pub json: bool,

    /// The conversation table only.
    #[arg(long, conflicts_with_all = ["json", "timeline"])]
    pub summary: bool,

    /// A ladder diagram of each conversation, the calls on the side that made them.
    #[arg(long, conflicts_with = "json")]
    pub timeline: bool,

    /// With --timeline: text (80 columns) or mermaid.
    #[arg(long, value_enum, default_value_t = LadderFormat::Text, value_name = "FORMAT")]
    pub timeline_format: LadderFormat,

    /// Time column of the text view.
    #[arg(long, value_enum, default_value_t = TimeFormat::Rel)]
    pub time: TimeFormat,

    /// Colour: auto, always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// `wirelab read FILE... [FILTER...]`
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  wirelab read captures/tcp-echo.pcap\n  wirelab read trace.pcapng 'tcp port 80' -c 20\n  wirelab read a.pcap b.pcap --json > packets.jsonl\n  wirelab read big.pcap udp -w udp-only.pcap\n  cat x.pcap | wirelab read -"
)]
pub struct ReadArgs {
    /// Capture files, then an optional BPF filter expression (as tcpdump takes it). Leading
    /// arguments that name existing files (or `-`) are inputs; the rest is the filter.
    #[arg(required = true, value_name = "FILE... [FILTER]")]
    pub args: Vec<String>,

    /// Stop after N packets (after filtering, over all files).
    #[arg(short = 'c', long = "count", value_name = "N")]
    pub count: Option<u64>,

    /// Write the packets that passed the filter to a pcap file (`-` for stdout).
    #[arg(short = 'w', long = "write", value_name = "FILE")]
    pub write: Option<PathBuf>,

    /// JSON Lines instead of text: one object per packet (see docs/json.md).
    #[arg(long)]
    pub json: bool,

    /// Time column: seconds since the first packet (rel), since the previous one (delta),
    /// local date and time (abs), or seconds since 1970 (epoch).
    #[arg(long, value_enum, default_value_t = TimeFormat::Rel)]
    pub time: TimeFormat,

    /// Only the conversation table: client, server, service, Zeek conn_state and history,
    /// handshake and teardown verdicts, packets and bytes each way, duration.
    #[arg(long, conflicts_with_all = ["json", "timeline"])]
    pub summary: bool,

    /// A ladder diagram of each conversation: client left, server right, one arrow per
    /// segment with both endpoints' TCP states.
    #[arg(long, conflicts_with = "json")]
    pub timeline: bool,

    /// With --timeline: only this conversation (its id from --summary or --json).
    #[arg(long, value_name = "ID", requires = "timeline")]
    pub conn: Option<u64>,

    /// With --timeline: text (80 columns) or mermaid (a sequence diagram for lab reports).
    #[arg(long, value_enum, default_value_t = LadderFormat::Text, value_name = "FORMAT")]
    pub timeline_format: LadderFormat,

    /// Explain each conversation's addresses and ports under its first packet.
    #[arg(short = 'v', long)]
    pub verbose: bool,

    /// Colour: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

impl ReadArgs {
    /// Splits the positional arguments into inputs and filter, as `tcpdump -r` users expect:
    /// the first argument is always an input; after it, arguments that name existing files,
    /// `-`, or look like capture paths are inputs, and the first other word starts the filter.
    /// A missing input is then reported by the reader (exit status 1), not taken as a filter.
    pub fn to_config(&self) -> ReadConfig {
        let mut inputs = Vec::new();
        let mut rest = self.args.iter().peekable();
        while let Some(arg) = rest.peek() {
            let is_input = inputs.is_empty()
                || arg.as_str() == "-"
                || Path::new(arg.as_str()).exists()
                || looks_like_a_capture(arg);
            if !is_input {
                break;
            }
            inputs.push(PathBuf::from(arg.as_str()));
            rest.next();
        }
        let words: Vec<&str> = rest.map(String::as_str).collect();
        let filter = (!words.is_empty()).then(|| words.join(" "));
        ReadConfig {
            inputs,
            filter,
            count: self.count,
            write: self.write.clone(),
        }
    }
}

/// A missing file should be reported as such, not compiled as a filter.
fn looks_like_a_capture(arg: &str) -> bool {
    arg.contains('/')
        || [".pcap", ".pcapng", ".cap", ".dmp"]
            .iter()
            .any(|ext| arg.to_ascii_lowercase().ends_with(ext))
}
