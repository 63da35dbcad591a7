//! What a textbook would say: the words for handshake and teardown steps, TCP analysis
//! findings and UDP exchanges, conversation verdicts (`verdict`), and what ports and addresses are. Renderers take their text
//! from here so that every view says the same thing.

pub mod address;
pub mod explain;
pub mod fields;
pub mod fragments;
pub mod port;
pub mod text;
pub mod verdict;
pub mod words;
