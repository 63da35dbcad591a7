//! wirelab: a packet-level protocol inspector for people learning TCP/IP.
//!
//! Data flows one way: [`capture`] yields frames, [`decode`] turns bytes into layers,
//! [`track`] follows conversations, [`annotate`] puts what they show into words, [`render`]
//! writes text, JSON Lines, tables and ladders, and [`pipeline`] wires the stages for a run.
//!
//! Decoding and tracking need no capture file; a frame is just bytes:
//!
//! ```
//! use etherparse::PacketBuilder;
//! use wirelab::capture::{LinkType, Timestamp};
//! use wirelab::decode::decode;
//! use wirelab::track::{Step, TcpState, Tracker};
//!
//! // A client's SYN, as etherparse builds it.
//! let mut syn = Vec::new();
//! PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
//!     .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
//!     .tcp(50000, 80, 1000, 64240)
//!     .syn()
//!     .write(&mut syn, &[])
//!     .unwrap();
//!
//! let packet = decode(LinkType::ETHERNET, &syn, syn.len() as u32);
//! assert_eq!(packet.tcp().map(|t| t.dport), Some(80));
//!
//! let mut tracker = Tracker::default();
//! let info = tracker.track(1, Timestamp::default(), syn.len() as u32, &packet).unwrap();
//! let tcp = info.tcp.unwrap();
//! assert_eq!(tcp.seq, 0); // relative to the client's ISN, as tshark shows it
//! assert_eq!(tcp.step, Some(Step::Syn)); // handshake 1/3
//! // [client, server]: whether the server listens, only its answer will tell.
//! assert_eq!(tcp.after, [TcpState::SynSent, TcpState::Unknown]);
//! ```
#![deny(unsafe_code)]

pub mod annotate;
pub mod capture;
pub mod decode;
pub mod defrag;
pub mod engine;
pub mod lab;
pub mod os;
pub mod pipeline;
pub mod quiz;
pub mod reassemble;
pub mod render;
pub mod report;
pub mod trace;
pub mod track;
pub mod tui;
