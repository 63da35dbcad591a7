//! The binary's half of wirelab: the command-line definitions (clap derive) and their
//! translation into library configs, checked here once so the library never sees raw flags;
//! the subcommands that order privileged steps ([`capture`], [`lab`]); the choice of renderer
//! ([`view`]); the stop signals ([`signals`]); standard output with its one broken-pipe rule
//! ([`stdout`]). `main.rs` dispatches and numbers the exit statuses.

pub mod capture;
pub mod errors;
pub mod help;
pub mod lab;
pub mod quiz;
pub mod report;
pub mod run;
pub mod signals;
pub mod stdout;
pub mod view;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use view::TimelineFormat;
use wirelab::annotate::lang::Lang;
use wirelab::annotate::text::Encoding;
use wirelab::capture::LiveConfig;
use wirelab::pipeline::{CaptureConfig, ReadConfig};
use wirelab::render::{ColorChoice, Dump, FollowFormat, Only, OnlyKind, TimeFormat};
use wirelab::track::Role;

use crate::cli::view::ViewArgs;

/// A packet-level protocol inspector for learning TCP/IP.
#[derive(Debug, Parser)]
#[command(name = "wirelab", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The language of the explanations: zh (简体中文) or en. Without it, LC_ALL, then
    /// LC_MESSAGES, then LANG decide (zh_CN.UTF-8 is zh); English otherwise.
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<LangArg>,
}

/// The languages `--lang` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// 简体中文 (Simplified Chinese).
    Zh,
    /// English.
    En,
}

impl Cli {
    /// The language chosen: `--lang`, else the environment's locale.
    pub fn lang(&self) -> Lang {
        match self.lang {
            Some(LangArg::Zh) => Lang::Zh,
            Some(LangArg::En) => Lang::En,
            None => Lang::from_env(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read saved captures (pcap, pcapng, `-` for stdin) and show every packet.
    Read(ReadArgs),
    /// Write one self-contained HTML page for a lab report: the conversation table, per
    /// conversation its ladder and time-sequence graphs (SVG), each packet's explanation,
    /// fields and bytes.
    Report(ReportArgs),
    /// Step through a capture's conversations in the terminal: ladder diagrams, what each
    /// packet does to both ends, its fields and bytes (see docs/tui.md).
    #[command(
        after_help = "Examples:\n  wirelab tui captures/tcp-echo.pcap\n  wirelab tui captures/tcp-many.pcap 'tcp port 8011'\n\nPress ? inside for the keys."
    )]
    Tui {
        /// A pcap or pcapng file, then an optional BPF filter expression.
        #[arg(required = true, value_name = "FILE [FILTER]")]
        args: Vec<OsString>,
        /// Colour: auto (unless NO_COLOR is set), always, never.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
        /// How payload bytes are read as text, in the ladder's previews and the packet
        /// pane's payload line.
        #[arg(long, value_enum, default_value_t = Encoding::Utf8, value_name = "ENCODING")]
        encoding: Encoding,
        #[command(flatten)]
        quiz: quiz::QuizArgs,
    },
    /// Run a client and a server (real sockets, the kernel's TCP), capture what they put on
    /// the wire, and show each packet next to the socket call that caused it. Needs root.
    #[command(
        after_help = "Examples:\n  sudo wirelab lab tcp-echo\n  sudo wirelab lab tcp-echo --ipv6 --timeline\n  sudo wirelab lab udp-echo --message hello\n  sudo wirelab lab tcp-refused\n  sudo wirelab lab tcp-echo --netns -w mine.pcap\n  wirelab lab --list\n\nUnder sudo, the -w file is created as the user who ran sudo."
    )]
    Lab(LabArgs),
    /// Run your own program, traced: each of its socket calls (connect, accept, send, recv,
    /// close...) next to the packets it put on the wire. Needs root; the program runs as you.
    #[command(
        after_help = "Examples:\n  sudo wirelab run -- python3 tests/programs/whoami.py\n  sudo wirelab run -- sh -c 'python3 tests/programs/tcp_echo_server.py 8001 & python3 tests/programs/tcp_echo_client.py 8001; wait'\n  sudo wirelab run --timeline -- python3 tests/programs/connect_closed.py 8002\n  sudo wirelab run --json -o calls.jsonl -- python3 tests/programs/close_unread.py 8003\n  sudo wirelab run --netns -w run.pcap -- python3 tests/programs/close_unread.py 8004\n\nThe program keeps the terminal; wirelab writes to standard error, or to -o FILE.\nUnder sudo, the program runs as the user who ran sudo, and -o and -w files are theirs.\ntests/programs/ holds small socket programs in the tutorials' style (see docs/run.md)."
    )]
    Run(RunArgs),
    /// Explain an address (class, private, loopback, multicast scope...), a network (its
    /// mask, broadcast and hosts), an address with its port, or a port (range, IANA name).
    #[command(
        after_help = "Examples:\n  wirelab explain 192.168.1.10\n  wirelab explain 192.168.1.0/24\n  wirelab explain 192.168.1.1/255.255.255.0\n  wirelab explain 192.168.1.255/24\n  wirelab explain 127.0.0.1:8001 '[::1]:8001' localhost\n  wirelab explain ff02::1\n  wirelab explain ::135.75.43.52\n  wirelab explain 8001\n  wirelab explain 53/udp\n  wirelab explain --binary 10.0.0.1"
    )]
    Explain {
        /// Addresses (`ADDR`, `ADDR/LEN`, `ADDR/MASK`, `ADDR:PORT`, `[ADDR6]:PORT`,
        /// `localhost`) and ports (`PORT`, `PORT/tcp`, `PORT/udp`).
        #[arg(required = true, value_name = "ADDR|NETWORK|ADDR:PORT|PORT[/tcp|udp]")]
        what: Vec<String>,
        /// Also write each address in binary, bit by bit.
        #[arg(long)]
        binary: bool,
    },
    /// List the interfaces wirelab can capture on, with their addresses explained.
    #[command(after_help = "Examples:\n  wirelab interfaces\n  wirelab interfaces --json")]
    Interfaces {
        /// One JSON object: interfaces, libpcap's pseudo-devices, the default, privileges.
        #[arg(long)]
        json: bool,
    },
    /// Capture live from an interface (needs root or CAP_NET_RAW) and show each packet as it
    /// arrives. Ctrl-C stops it; the -w file is complete and the statistics follow.
    Capture(CaptureArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) for wirelab.
    #[command(
        after_help = "Examples:\n  wirelab completions bash > wirelab.bash\n  wirelab completions zsh > _wirelab\n  wirelab completions fish > wirelab.fish\n\nWhere each shell looks for them: docs/guide.md, \"Shell completions and the manual page\"."
    )]
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print wirelab's manual page (roff, for `man`).
    #[command(
        after_help = "Examples:\n  wirelab man > wirelab.1\n\nThen `man -l wirelab.1`, or install it as man1/wirelab.1 under a directory on MANPATH."
    )]
    Man,
}

/// `wirelab capture [-i IFACE] [FILTER...]`
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  wirelab interfaces\n  sudo wirelab capture -i lo 'tcp port 8001'\n  sudo wirelab capture -i any -c 100 -w lab.pcap\n  sudo wirelab capture -i lo -q -w lab.pcap --summary udp\n\nUnder sudo, wirelab opens the interface as root and the -w file as the user who invoked sudo\n(SUDO_UID/SUDO_GID), so it can only be a file that user could have created, then runs as\nthat user. Ctrl-C, SIGTERM and SIGHUP stop it with the file whole. See docs/faq.md."
)]
pub struct CaptureArgs {
    /// The global `--lang` (or the locale), set by `main` after parsing.
    #[arg(skip)]
    pub lang: Lang,
    /// BPF filter expression, as tcpdump takes it (the remaining words, joined).
    #[arg(value_name = "FILTER")]
    pub filter: Vec<String>,

    /// Interface to capture on, by name or by the index `wirelab interfaces` shows (`-i 1`;
    /// `any` for all). Default: the first interface that is up and not loopback, as tcpdump
    /// chooses.
    #[arg(short = 'i', long = "interface", value_name = "IFACE")]
    pub interface: Option<String>,

    /// Stop after N packets.
    #[arg(short = 'c', long = "count", value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,

    /// Bytes kept of each packet.
    #[arg(short = 's', long = "snaplen", value_name = "BYTES", default_value_t = wirelab::capture::DEFAULT_SNAPLEN,
          value_parser = clap::value_parser!(i32).range(1..=262_144))]
    pub snaplen: i32,

    /// Do not put the interface into promiscuous mode (see only traffic to and from this host).
    #[arg(short = 'p', long = "no-promiscuous-mode")]
    pub no_promisc: bool,

    /// Kernel capture buffer size in KiB (as tcpdump's -B). Default 32768 (32 MiB: 128 blocks
    /// of 256 KiB, about 60,000 small packets on loopback); 131072 with --tui, whose capture
    /// does more work a packet.
    #[arg(short = 'B', long = "buffer-size", value_name = "KIB",
          value_parser = clap::value_parser!(i32).range(1..=2_097_151))]
    pub buffer_kib: Option<i32>,

    /// libpcap's immediate mode: each packet handed over on its own. Not the default: on
    /// Linux it means one slot per packet, sized for the interface's MTU (a 32 MiB buffer
    /// holds 256 packets on loopback). By default the kernel hands over packets in blocks,
    /// about 10 ms after the first at the latest, so lines still appear at once.
    #[arg(long, conflicts_with = "no_immediate")]
    pub immediate: bool,

    /// Kept for compatibility: what was an option is now the default (blocks, see
    /// --immediate).
    #[arg(long)]
    pub no_immediate: bool,

    /// Also write the packets to a pcap file (owned by the invoking user under sudo); a name
    /// ending in .pcapng writes pcapng, each packet's step as its comment (none with -q).
    #[arg(short = 'w', long = "write", value_name = "FILE")]
    pub write: Option<PathBuf>,

    /// Show no packets (with -w: only write them; with --summary: only the table).
    #[arg(short = 'q', long)]
    pub quiet: bool,

    /// JSON Lines instead of text: one object per packet and per conversation (docs/json.md).
    #[arg(long)]
    pub json: bool,

    /// When the capture stops, print the conversation table after the packets.
    #[arg(long, conflicts_with = "json")]
    pub summary: bool,

    /// Time column: rel, delta, abs, epoch, none (see `wirelab read --help`).
    #[arg(long, value_enum, default_value_t = TimeFormat::Rel)]
    time: TimeFormat,

    /// tcpdump's time flags: `-t` none, `-tt` epoch, `-ttt` delta, `-tttt` date and time,
    /// `-ttttt` since the first packet.
    #[arg(short = 't', action = clap::ArgAction::Count, conflicts_with = "time")]
    tcpdump_time: u8,

    /// Accepted for tcpdump habits (`-n`, `-nn`): wirelab never resolves names.
    #[arg(short = 'n', action = clap::ArgAction::Count)]
    pub numeric: u8,

    /// Sequence and acknowledgement numbers as on the wire, not relative (tcpdump's `-S`).
    #[arg(short = 'S', long = "absolute-seq")]
    pub absolute_seq: bool,

    /// The link-layer header on every line: MAC addresses and EtherType (tcpdump's `-e`).
    #[arg(short = 'e', long = "link-header")]
    pub link_header: bool,

    /// Under each packet, its layers as the TCP/IP model draws them: per layer the OSI
    /// layers, protocol, header bytes, addresses or ports and what it did, then the nesting
    /// `Ethernet 14 [ IPv4 20 [ TCP 32 [ data 15 ] ] ] = 81 bytes` (with --json: `layers`).
    #[arg(short = 'L', long)]
    pub layers: bool,

    /// Show only these packets (steps, findings, tcp, udp, icmp, arp), as `read --only`;
    /// every packet is still tracked, counted and written to -w.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "KIND")]
    pub only: Vec<OnlyKind>,

    #[command(flatten)]
    pub payload: PayloadArgs,

    /// Explain each conversation's addresses and ports under its first packet.
    #[arg(short = 'v', long)]
    pub verbose: bool,

    /// Colour: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// After opening the interface, run as this user instead of the one who invoked sudo
    /// (as tcpdump -Z).
    #[arg(
        short = 'Z',
        long = "user",
        value_name = "NAME",
        conflicts_with = "stay_root"
    )]
    pub user: Option<String>,

    /// Keep running as root after opening the interface.
    #[arg(long)]
    pub stay_root: bool,

    /// Show the packets in the interactive TUI (conversations, ladder, explanation) as they
    /// arrive instead of printing them; quit it (q) to stop the capture.
    #[arg(long, conflicts_with_all = ["json", "summary", "quiet"])]
    pub tui: bool,
}

/// tcpdump's payload flags, for `read` and `capture` (see docs/guide.md, "See the data").
#[derive(Debug, Args)]
pub struct PayloadArgs {
    /// Under each packet, the data TCP or UDP carried, as text (UTF-8, or --encoding):
    /// control bytes and bytes that are not text shown as `.` (tcpdump's -A prints the IP and
    /// TCP headers as text too; wirelab only the payload).
    #[arg(short = 'A', conflicts_with_all = ["json", "summary"])]
    pub text: bool,

    /// Under each packet, its bytes in hex from the network header, as tcpdump -x; -xx from
    /// the link-layer header.
    #[arg(short = 'x', action = clap::ArgAction::Count, conflicts_with_all = ["json", "summary"])]
    pub hex: u8,

    /// Under each packet, its bytes in hex and as text, as tcpdump -X (printable ASCII as
    /// itself, other bytes `.`; in the payload, characters of --encoding shown as such); -XX
    /// from the link-layer header. -X wins over -x, and both over -A, as in tcpdump.
    #[arg(short = 'X', action = clap::ArgAction::Count, conflicts_with_all = ["json", "summary"])]
    pub hex_text: u8,

    /// How payload bytes are read as text, in -A, -X and the --timeline previews.
    #[arg(long, value_enum, default_value_t = Encoding::Utf8, value_name = "ENCODING")]
    pub encoding: Encoding,
}

impl PayloadArgs {
    /// The dump asked for; tcpdump's precedence (-X, then -x, then -A).
    pub fn dump(&self) -> Dump {
        match (self.hex_text, self.hex, self.text) {
            (n @ 1.., _, _) => Dump::HexText { link: n > 1 },
            (0, n @ 1.., _) => Dump::Hex { link: n > 1 },
            (0, 0, true) => Dump::Text,
            (0, 0, false) => Dump::None,
        }
    }
}

/// The kernel buffer `capture --tui` asks for without `-B`, in KiB (128 MiB).
const TUI_BUFFER_KIB: i32 = 131_072;

impl CaptureArgs {
    /// The libpcap settings for `device`.
    pub fn live_config(&self, device: &str) -> LiveConfig {
        let mut config = LiveConfig::new(device);
        config.snaplen = self.snaplen;
        config.promisc = !self.no_promisc;
        let kib = match self.buffer_kib {
            Some(kib) => Some(kib),
            // The TUI draws besides capturing: with 32 MiB it lost 6-13% of a 200,000-packet
            // burst in 4 runs of 6 on a loaded 2-core machine, with 128 MiB none in 9 runs
            // (docs/benchmarks.md, "Live capture load"; measured when the TUI still decoded
            // each packet a second time, which it no longer does).
            None if self.tui => Some(TUI_BUFFER_KIB),
            None => None,
        };
        if let Some(kib) = kib {
            config.buffer_size = Some(kib.saturating_mul(1024));
        }
        config.immediate = self.immediate;
        config.filter = (!self.filter.is_empty()).then(|| self.filter.join(" "));
        config
    }

    /// The time column: `-t...` as tcpdump spells it, else `--time`.
    pub fn time(&self) -> TimeFormat {
        TimeFormat::from_tcpdump_t(self.tcpdump_time).unwrap_or(self.time)
    }

    /// The packet lines' view (`--summary` is not one: a live run prints the table after
    /// its packets, see [`CaptureArgs::capture_config`]).
    pub fn view(&self) -> ViewArgs {
        ViewArgs {
            json: self.json,
            zeek_conn: false,
            summary: false,
            timeline: None,
            follow: None,
            time: self.time(),
            color: self.color,
            verbose: self.verbose,
            absolute_seq: self.absolute_seq,
            link_header: self.link_header,
            layers: self.layers,
            only: Only::of(&self.only),
            dump: self.payload.dump(),
            encoding: self.payload.encoding,
            lang: self.lang,
        }
    }

    pub fn capture_config(&self) -> CaptureConfig {
        CaptureConfig {
            count: self.count,
            summary: self.summary,
            ..CaptureConfig::default()
        }
    }
}

/// `wirelab lab SCENARIO`
#[derive(Debug, Args)]
pub struct LabArgs {
    /// The global `--lang` (or the locale), set by `main` after parsing.
    #[arg(skip)]
    pub lang: Lang,
    /// The scenario to run (`--list` shows them all).
    #[arg(required_unless_present = "list")]
    pub scenario: Option<String>,

    /// List the scenarios by topic, each with what it teaches (with --json: one record each).
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

    /// Messages, exchanges or clients, as the scenario uses it (--list shows what each counts
    /// and its default).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub count: Option<u32>,

    /// Milliseconds added to every pause of the programs, to follow each call (printed on
    /// stderr as it is made) in a live view.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub delay: u64,

    /// Ask the kernel for its own state of every socket involved (netlink sock_diag, as `ss`
    /// does) at each call and after each packet, and show it beside the inferred states: a
    /// column in the text view, `kernel_state` in JSON (TCP scenarios).
    #[arg(long)]
    pub kernel_states: bool,

    /// Also write the capture to a pcap file (pcapng, with each packet's step as its
    /// comment, when the name ends in .pcapng).
    #[arg(short = 'w', long = "write", value_name = "FILE")]
    pub write: Option<PathBuf>,

    /// Drop a frame on the path between the namespaces: 'SIDE WHAT [N]', SIDE client or
    /// server, WHAT syn, syn-ack, ack, data, fin, rst, datagram or fragment, N the ordinal
    /// among first transmissions (default 1): `--drop 'client data 2'`. Repeatable. Any path
    /// option implies --netns and a third namespace, the path, between client and server.
    #[arg(long, value_name = "SPEC", help_heading = "The path (implies --netns)")]
    pub drop: Vec<String>,

    /// Also drop the first N retransmissions of each dropped segment (the backoff shows).
    #[arg(long, value_name = "N", help_heading = "The path (implies --netns)")]
    pub drop_retransmissions: Option<String>,

    /// Send a frame twice: 'SIDE WHAT [N]' as for --drop. Repeatable.
    #[arg(long, value_name = "SPEC", help_heading = "The path (implies --netns)")]
    pub duplicate: Vec<String>,

    /// Hold a frame back until the next frame of its direction has passed: 'SIDE WHAT [N]'.
    /// Repeatable.
    #[arg(long, value_name = "SPEC", help_heading = "The path (implies --netns)")]
    pub reorder: Vec<String>,

    /// Delay every frame by MS milliseconds, each direction (one way).
    #[arg(long, value_name = "MS", help_heading = "The path (implies --netns)")]
    pub latency: Option<String>,

    /// Limit each direction to RATE (`1mbit`, `500kbit`): a queue of 32 full frames, dropped
    /// at its tail when full.
    #[arg(long, value_name = "RATE", help_heading = "The path (implies --netns)")]
    pub rate: Option<String>,

    /// Lose data-bearing frames at random with probability P (`10%`), the same frames for
    /// the same --seed.
    #[arg(long, value_name = "P%", help_heading = "The path (implies --netns)")]
    pub loss: Option<String>,

    /// The seed of --loss (default 1).
    #[arg(long, value_name = "S", help_heading = "The path (implies --netns)")]
    pub seed: Option<String>,

    /// The MTU of every veth end (default 1500).
    #[arg(long, value_name = "N", help_heading = "The path (implies --netns)")]
    pub mtu: Option<String>,

    /// Also write the run as an HTML report (as `wirelab report`: the table, each ladder
    /// with the socket calls beside it, the time-sequence graphs), created as the user who
    /// ran sudo.
    #[arg(long, value_name = "OUT.html", conflicts_with = "tui")]
    pub report: Option<PathBuf>,

    /// JSON Lines: packets with their `calls`, conversations, then one `lab` record.
    #[arg(long)]
    pub json: bool,

    /// The conversation table only; with --json, the file, conversation and lab records.
    #[arg(long, conflicts_with = "timeline")]
    pub summary: bool,

    /// Open the finished run in the interactive TUI, each packet with the socket calls that
    /// came before it.
    #[arg(long, conflicts_with_all = ["json", "summary", "timeline"])]
    pub tui: bool,

    /// Challenge mode on the finished run (`--quiz` opens it in the TUI).
    #[command(flatten)]
    pub quiz: Box<quiz::QuizArgs>,

    /// A ladder diagram of each conversation, the calls on the side that made them.
    #[arg(long, conflicts_with = "json")]
    pub timeline: bool,

    /// With --timeline: text (80 columns); mermaid for lab reports (a Markdown document, per
    /// conversation a heading naming it and a fenced ```mermaid block with its sequence
    /// diagram); svg (one SVG document, the ladders one below the other); html (the page of
    /// `wirelab report` for one conversation).
    #[arg(long, value_enum, default_value_t = TimelineFormat::Text, value_name = "FORMAT")]
    pub timeline_format: TimelineFormat,

    /// Time column of the text view.
    #[arg(long, value_enum, default_value_t = TimeFormat::Rel)]
    pub time: TimeFormat,

    /// Colour: auto, always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// How payload bytes are read as text: the application lines' text, the --timeline
    /// previews and, with --tui, the ladder's previews and the packet pane.
    #[arg(long, value_enum, default_value_t = Encoding::Utf8, value_name = "ENCODING")]
    pub encoding: Encoding,

    /// Under each packet, its layers (the TCP/IP model with the OSI layers beside it) and
    /// the nesting line, as `read -L` (with --json: `layers`).
    #[arg(short = 'L', long)]
    pub layers: bool,
}

impl LabArgs {
    pub fn view(&self) -> ViewArgs {
        ViewArgs {
            json: self.json,
            zeek_conn: false,
            summary: self.summary,
            timeline: self.timeline.then_some((self.timeline_format, None)),
            follow: None,
            time: self.time,
            color: self.color,
            verbose: false,
            absolute_seq: false,
            link_header: false,
            layers: self.layers,
            only: Only::default(),
            dump: Dump::None,
            encoding: self.encoding,
            lang: self.lang,
        }
    }
}

/// `wirelab run [OPTIONS] -- PROGRAM ARGS...`
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The global `--lang` (or the locale), set by `main` after parsing.
    #[arg(skip)]
    pub lang: Lang,
    /// The program and its arguments (after `--`).
    #[arg(required = true, trailing_var_arg = true, value_name = "PROGRAM ARGS")]
    pub program: Vec<OsString>,

    /// Run the program in a network namespace of its own: only its loopback, so every packet
    /// captured is its own.
    #[arg(long)]
    pub netns: bool,

    /// Run the program as this user (when wirelab runs as root without sudo).
    #[arg(short = 'Z', long = "user", value_name = "NAME")]
    pub user: Option<String>,

    /// Write wirelab's report here instead of standard error (the program has the terminal).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Also write the program's packets to a pcap file (pcapng, with each packet's step as its
    /// comment, when the name ends in .pcapng).
    #[arg(short = 'w', long = "write", value_name = "FILE")]
    pub write: Option<PathBuf>,

    /// Also write the run as an HTML report (as `wirelab report`), created as the user who
    /// ran sudo.
    #[arg(long, value_name = "OUT.html", conflicts_with = "tui")]
    pub report: Option<PathBuf>,

    /// JSON Lines: packets with their `calls`, conversations, then one `run` record.
    #[arg(long)]
    pub json: bool,

    /// Ask the kernel for its own state of the program's TCP sockets (netlink sock_diag) at
    /// each call and after each packet, and show it beside the inferred states.
    #[arg(long, conflicts_with = "tui")]
    pub kernel_states: bool,

    /// The conversation table only.
    #[arg(long, conflicts_with = "timeline")]
    pub summary: bool,

    /// The interactive TUI, growing as the program runs (each packet with the calls that
    /// caused it). The TUI has the terminal: the program's input is empty and its output goes
    /// to --program-output FILE, or nowhere. Quitting the TUI ends the program.
    #[arg(long, conflicts_with_all = ["json", "summary", "timeline", "output", "follow"])]
    pub tui: bool,

    /// With --tui: the file the program's standard output and error go to.
    #[arg(long, value_name = "FILE", requires = "tui")]
    pub program_output: Option<PathBuf>,

    /// A ladder diagram of each conversation, the calls on the side that made them.
    #[arg(long, conflicts_with = "json")]
    pub timeline: bool,

    /// With --timeline: text, mermaid, svg or html (as `lab`'s).
    #[arg(long, value_enum, default_value_t = TimelineFormat::Text, value_name = "FORMAT")]
    pub timeline_format: TimelineFormat,

    /// Print conversation ID's bytes in order instead of the packets, as `read --follow`.
    #[arg(long, value_name = "ID", conflicts_with_all = ["summary", "timeline"])]
    pub follow: Option<u64>,

    #[command(flatten)]
    pub payload: PayloadArgs,

    /// Time column of the text view.
    #[arg(long, value_enum, default_value_t = TimeFormat::Rel)]
    pub time: TimeFormat,

    /// Colour: auto, always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Under each packet, its layers (the TCP/IP model with the OSI layers beside it) and
    /// the nesting line, as `read -L` (with --json: `layers`).
    #[arg(short = 'L', long)]
    pub layers: bool,
}

impl RunArgs {
    /// The command line as the user gave it, for titles.
    pub fn program_to_string(&self) -> String {
        let words: Vec<String> = self
            .program
            .iter()
            .map(|w| w.to_string_lossy().into_owned())
            .collect();
        words.join(" ")
    }

    pub fn view(&self) -> ViewArgs {
        ViewArgs {
            json: self.json,
            zeek_conn: false,
            summary: self.summary,
            timeline: self.timeline.then_some((self.timeline_format, None)),
            follow: self.follow.map(|c| (c, FollowFormat::Text)),
            time: self.time,
            color: self.color,
            verbose: false,
            absolute_seq: false,
            link_header: false,
            layers: self.layers,
            only: Only::default(),
            dump: self.payload.dump(),
            encoding: self.payload.encoding,
            lang: self.lang,
        }
    }
}

/// `--follow`'s flags, checked ([`ReadArgs::follow`]).
#[derive(Debug, Clone)]
pub struct FollowArgs {
    pub conn: u64,
    /// `--follow-format raw`: whose bytes, and the `-w` file they go to.
    pub raw: Option<(Role, PathBuf)>,
}

/// `wirelab report FILE [FILTER] -o OUT.html`
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  wirelab report captures/tcp-echo.pcap -o echo.html\n  wirelab report captures/tcp-many.pcap 'tcp port 8011' -o many.html\n  wirelab report captures/tcp-many.pcap --conn 3 -o three.html\n\nThe page needs no network: its style and script are inside it. Under sudo, wirelab reads\nand writes as the user who ran sudo, so -o can only be a file that user could create."
)]
pub struct ReportArgs {
    /// The global `--lang` (or the locale), set by `main` after parsing.
    #[arg(skip)]
    pub lang: Lang,
    /// The capture file, then an optional BPF filter expression (as tcpdump takes it).
    #[arg(required = true, value_name = "FILE [FILTER]")]
    pub args: Vec<OsString>,

    /// Draw only this conversation (its id from the table, --summary or --json).
    #[arg(long, value_name = "ID")]
    pub conn: Option<u64>,

    /// Draw the first N conversations (the table lists them all).
    #[arg(long, value_name = "N", default_value_t = view::MAX_DRAWN, value_parser = clap::builder::ValueParser::new(at_least_one))]
    pub max_conversations: usize,

    /// The HTML file to write (`-` for standard output); never one of the inputs.
    #[arg(short = 'o', long = "output", value_name = "OUT.html", required = true)]
    pub output: PathBuf,
}

/// A count of one or more.
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

/// `wirelab read FILE... [FILTER...]`
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  wirelab read captures/tcp-echo.pcap\n  wirelab read captures/tcp-many.pcap 'tcp port 8011' -c 5\n  wirelab read captures/tcp-echo.pcap captures/udp-echo.pcap --json > packets.jsonl\n  wirelab read captures/udp-chat.pcap udp -w udp-only.pcap\n  cat captures/tcp-echo.pcap | wirelab read -\n  wirelab read captures/tcp-echo.pcap --follow 1\n  wirelab read captures/tcp-echo.pcap --follow 1 --follow-format raw --side server -w reply.bin\n  wirelab read captures/tcp-echo.pcap --format zeek-conn > conn.log"
)]
pub struct ReadArgs {
    /// The global `--lang` (or the locale), set by `main` after parsing.
    #[arg(skip)]
    pub lang: Lang,
    /// Capture files, then an optional BPF filter expression (as tcpdump takes it). Leading
    /// arguments that name existing files (or `-`) are inputs; the rest is the filter. With
    /// `-r`, every word here is the filter.
    #[arg(required_unless_present = "read_file", value_name = "FILE... [FILTER]")]
    pub args: Vec<OsString>,

    /// Read this capture file (tcpdump's spelling; may be given more than once).
    #[arg(short = 'r', value_name = "FILE")]
    pub read_file: Vec<PathBuf>,

    /// Accepted for tcpdump habits (`-n`, `-nn`): wirelab never resolves addresses or ports
    /// to names; `explain` and `-v` say what they are instead.
    #[arg(short = 'n', action = clap::ArgAction::Count)]
    pub numeric: u8,

    /// tcpdump's time flags: `-t` no time, `-tt` epoch seconds, `-ttt` since the previous
    /// packet, `-tttt` date and time, `-ttttt` since the first packet (as `--time`).
    #[arg(short = 't', action = clap::ArgAction::Count, conflicts_with = "time")]
    pub tcpdump_time: u8,

    /// Sequence and acknowledgement numbers as on the wire, not relative (tcpdump's `-S`).
    #[arg(short = 'S', long = "absolute-seq")]
    pub absolute_seq: bool,

    /// The link-layer header on every line: MAC addresses and EtherType (tcpdump's `-e`).
    #[arg(short = 'e', long = "link-header")]
    pub link_header: bool,

    /// Under each packet, its layers as the TCP/IP model draws them: per layer the OSI
    /// layers, protocol, header bytes, addresses or ports and what it did, then the nesting
    /// `Ethernet 14 [ IPv4 20 [ TCP 32 [ data 15 ] ] ] = 81 bytes` (with --json: `layers`).
    #[arg(short = 'L', long)]
    pub layers: bool,

    /// Show only these packets, as Packet Tracer's event list filter: `steps` (handshake
    /// and teardown steps), `findings` (TCP analysis findings, malformed or damaged packets,
    /// ICMP errors about a conversation), `tcp`, `udp`, `icmp`, `arp`. Repeatable or
    /// comma-separated; a packet of any of them is shown. Conversations are still tracked
    /// (and summed up) whole.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "KIND")]
    pub only: Vec<OnlyKind>,

    #[command(flatten)]
    pub payload: PayloadArgs,

    /// Stop after N packets (after filtering, over all files).
    #[arg(short = 'c', long = "count", value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,

    /// Also write the packets that passed the filter to a pcap file (never one of the inputs;
    /// under sudo, created as the user who ran it); a name ending in .pcapng writes pcapng,
    /// with each packet's step and findings as its comment and every input's link type.
    #[arg(short = 'w', long = "write", value_name = "FILE")]
    pub write: Option<PathBuf>,

    /// JSON Lines instead of text: one object per packet (see docs/json.md).
    #[arg(long)]
    pub json: bool,

    /// Time column: seconds since the first packet (rel), since the previous one (delta),
    /// local date and time (abs), seconds since 1970 (epoch), or none.
    #[arg(long, value_enum, default_value_t = TimeFormat::Rel)]
    time: TimeFormat,

    /// Only the conversation table: client, server, the IANA name of the server's port,
    /// Zeek conn_state and history, handshake and teardown verdicts, packets and bytes each
    /// way, duration. With --json: only the file and conversation records (docs/json.md).
    #[arg(long, conflicts_with = "timeline")]
    pub summary: bool,

    /// A ladder diagram of each conversation: client left, server right, one arrow per
    /// segment with both endpoints' TCP states.
    #[arg(long, conflicts_with = "json")]
    pub timeline: bool,

    /// With --timeline: only this conversation (its id from --summary or --json).
    #[arg(long, value_name = "ID", requires = "timeline")]
    pub conn: Option<u64>,

    /// With --timeline: text (80 columns); mermaid for lab reports (a Markdown document, per
    /// conversation a heading naming it and a fenced ```mermaid block with its sequence
    /// diagram); svg (one SVG document, the ladders one below the other, for slides); html
    /// (the report of one conversation, as `wirelab report --conn ID`).
    #[arg(long, value_enum, default_value_t = TimelineFormat::Text, value_name = "FORMAT")]
    pub timeline_format: TimelineFormat,

    /// Print one conversation's bytes (its id from --summary or --json) in order, put back
    /// together from its segments, each side's turns marked, as tshark's `-z follow,tcp`;
    /// UDP and ICMP echo datagram by datagram. With --json: data and gap records.
    #[arg(long, value_name = "ID", conflicts_with_all = ["timeline", "summary"])]
    pub follow: Option<u64>,

    /// With --follow: text (UTF-8 where valid, other bytes as `.`), hex (offset, 16 bytes,
    /// text), or raw (one side's bytes, as sent, into the -w file; needs --side).
    #[arg(long, value_enum, default_value_t = FollowFormat::Text, value_name = "FORMAT")]
    pub follow_format: FollowFormat,

    /// With --follow-format raw: whose bytes to write.
    #[arg(long, value_enum, value_name = "SIDE", requires = "follow")]
    pub side: Option<Side>,

    /// Open the interactive TUI on the (one) input instead of printing (`wirelab tui`).
    #[arg(long, conflicts_with_all = ["json", "summary", "timeline", "write", "count", "follow"])]
    pub tui: bool,

    /// Do not check IPv4, TCP and UDP checksums (Zeek's `-C`): for captures whose checksums
    /// are known to be wrong (an anonymised trace) or were left to the NIC in a way wirelab
    /// does not recognise. By default a wrong one is
    /// shown on its packet and, as in Zeek, is a `C` in the history that moves nothing else;
    /// one left to the NIC (the pseudo-header's sum, or 0, as a capture on the sending host
    /// or on loopback holds) is said to be "offloaded to the NIC, not verified".
    #[arg(long = "no-checksums", short = 'C')]
    pub no_checksums: bool,

    /// Another output format: `zeek-conn` writes Zeek's conn.log (tab-separated, Zeek's
    /// header, a line per connection Zeek would log, written as each conversation ends: uid,
    /// id.orig_h..., conn_state, history, missed_bytes, packets and IP bytes each way), for
    /// zeek-cut and Zeek's readers (docs/annotations.md, "Zeek").
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with_all = ["json", "summary", "timeline", "follow", "tui"])]
    pub format: Option<OutputFormat>,

    /// Explain each conversation's addresses and ports under its first packet.
    #[arg(short = 'v', long)]
    pub verbose: bool,

    /// Colour: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// `wirelab read --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Zeek's conn.log.
    ZeekConn,
}

/// One end of a conversation, as `--side` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Side {
    Client,
    Server,
}

impl Side {
    pub fn role(self) -> Role {
        match self {
            Side::Client => Role::Client,
            Side::Server => Role::Server,
        }
    }
}

impl ReadArgs {
    /// The `--follow` flags checked against each other and `-w`: `Ok(None)` without
    /// `--follow`; with raw, the side and the file its bytes go to.
    pub fn follow(&self) -> Result<Option<FollowArgs>, errors::Usage> {
        let Some(conn) = self.follow else {
            if self.follow_format != FollowFormat::Text {
                return Err(errors::Usage::of("err-follow-format-needs-follow"));
            }
            return Ok(None);
        };
        let raw = match (self.follow_format, self.side, &self.write) {
            (FollowFormat::Raw, _, _) if self.json => {
                return Err(errors::Usage::of("err-follow-raw-json"));
            }
            (FollowFormat::Raw, Some(side), Some(path)) => Some((side.role(), path.clone())),
            (FollowFormat::Raw, None, _) => {
                return Err(errors::Usage::of("err-follow-raw-side"));
            }
            (FollowFormat::Raw, _, None) => {
                return Err(errors::Usage::of("err-follow-raw-file"));
            }
            (_, _, Some(_)) => {
                return Err(errors::Usage::of("err-follow-write"));
            }
            (_, Some(_), None) => {
                return Err(errors::Usage::of("err-follow-side"));
            }
            (_, None, None) => None,
        };
        Ok(Some(FollowArgs { conn, raw }))
    }
    /// Splits the positional arguments into inputs and filter, as `tcpdump -r` users expect:
    /// the first argument is always an input; after it, arguments that name existing files,
    /// `-`, or look like capture paths are inputs, and the first other word starts the filter.
    /// A missing input is then reported by the reader (exit status 1), not taken as a filter.
    pub fn to_config(&self) -> Result<ReadConfig, errors::Usage> {
        let split = if self.read_file.is_empty() {
            ReadArgs::split(&self.args)?
        } else {
            ReadConfig {
                inputs: self.read_file.clone(),
                filter: filter_words(&self.args)?,
                ..ReadConfig::default()
            }
        };
        Ok(ReadConfig {
            count: self.count,
            write: self.write.clone(),
            skip_checksums: self.no_checksums,
            ..split
        })
    }

    /// The time column: `-t...` as tcpdump spells it, else `--time`.
    pub fn time(&self) -> TimeFormat {
        TimeFormat::from_tcpdump_t(self.tcpdump_time).unwrap_or(self.time)
    }

    pub fn view(&self) -> ViewArgs {
        ViewArgs {
            json: self.json,
            zeek_conn: self.format == Some(OutputFormat::ZeekConn),
            summary: self.summary,
            timeline: self.timeline.then_some((self.timeline_format, self.conn)),
            follow: self.follow.map(|id| (id, self.follow_format)),
            time: self.time(),
            color: self.color,
            verbose: self.verbose,
            absolute_seq: self.absolute_seq,
            link_header: self.link_header,
            layers: self.layers,
            only: Only::of(&self.only),
            dump: self.payload.dump(),
            encoding: self.payload.encoding,
            lang: self.lang,
        }
    }

    /// Inputs and filter from the positional arguments (see [`ReadArgs::to_config`]).
    pub fn split(args: &[OsString]) -> Result<ReadConfig, errors::Usage> {
        let mut inputs = Vec::new();
        let mut rest = args.iter().peekable();
        while let Some(arg) = rest.peek() {
            let is_input = inputs.is_empty()
                || arg.as_os_str() == "-"
                || Path::new(arg).exists()
                || looks_like_a_capture(arg);
            if !is_input {
                break;
            }
            inputs.push(PathBuf::from(arg));
            rest.next();
        }
        let words: Vec<OsString> = rest.cloned().collect();
        Ok(ReadConfig {
            inputs,
            filter: filter_words(&words)?,
            ..ReadConfig::default()
        })
    }
}

/// The filter expression from its words; file names may be any bytes, a filter is text.
fn filter_words(words: &[OsString]) -> Result<Option<String>, errors::Usage> {
    let words = words
        .iter()
        .map(|w| {
            w.to_str()
                .ok_or_else(|| errors::Usage::with("err-filter-utf8", "word", w.to_string_lossy()))
        })
        .collect::<Result<Vec<&str>, errors::Usage>>()?;
    Ok((!words.is_empty()).then(|| words.join(" ")))
}

/// A missing file should be reported as such, not compiled as a filter.
fn looks_like_a_capture(arg: &OsString) -> bool {
    let arg = arg.to_string_lossy();
    arg.contains('/')
        || [".pcap", ".pcapng", ".cap", ".dmp"]
            .iter()
            .any(|ext| arg.to_ascii_lowercase().ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::{Cli, Command};
    use clap::Parser;
    use wirelab::capture::LiveConfig;

    fn live(args: &[&str]) -> LiveConfig {
        let cli = Cli::try_parse_from(["wirelab", "capture"].iter().chain(args)).unwrap();
        let Command::Capture(capture) = cli.command else {
            panic!("not a capture");
        };
        capture.live_config("lo")
    }

    #[test]
    fn capture_defaults_are_tpacket_v3_blocks_with_a_32_mib_ring_and_128_mib_for_the_tui() {
        let plain = live(&[]);
        assert!(!plain.immediate);
        assert_eq!(plain.block_timeout_ms, 10);
        assert_eq!(plain.buffer_size, Some(32 * 1024 * 1024));
        assert_eq!(live(&["--tui"]).buffer_size, Some(128 * 1024 * 1024));
        // -B wins, with or without the TUI.
        assert_eq!(
            live(&["--tui", "-B", "1024"]).buffer_size,
            Some(1024 * 1024)
        );
        assert_eq!(live(&["-B", "2048"]).buffer_size, Some(2048 * 1024));
    }

    #[test]
    fn immediate_is_asked_for_and_no_immediate_is_still_accepted() {
        assert!(live(&["--immediate"]).immediate);
        assert!(!live(&["--no-immediate"]).immediate);
        let both = Cli::try_parse_from(["wirelab", "capture", "--immediate", "--no-immediate"]);
        assert!(both.is_err());
    }
}
