//! What a textbook would say: the words for handshake and teardown steps, TCP analysis
//! findings and UDP exchanges, application messages (`app`: DNS, HTTP, DHCP, text), conversation verdicts (`verdict`), and what ports and addresses are. Renderers take their text
//! from here so that every view says the same thing.

pub mod address;
pub mod app;
pub mod calls;
pub mod explain;
pub mod fields;
pub mod fragments;
pub mod interfaces;
pub mod kernel;
pub mod lab;
pub mod lang;
pub mod layers;
pub mod path;
pub mod port;
pub mod quiz;
pub mod text;
pub mod verdict;
pub mod words;
