//! wirelab: a packet-level protocol inspector for people learning TCP/IP.
//!
//! Data flows one way: [`capture`] yields frames, [`decode`] turns bytes into layers,
//! [`render`] writes them as text or JSON Lines, and [`pipeline`] wires the stages for a run.
#![forbid(unsafe_code)]

pub mod annotate;
pub mod capture;
pub mod decode;
pub mod pipeline;
pub mod render;
pub mod track;
