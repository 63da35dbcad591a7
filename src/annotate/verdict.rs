//! The words for what the tracker concludes about a whole conversation: its handshake and
//! teardown verdicts, as every view prints them ("complete", "abort (client sent RST)"), and
//! the shorter forms of the `--summary` table. The JSON `conn` record carries the long forms,
//! so they are part of the output format: the tests below pin each one.

use super::lang::Lang;
use super::words::{Parts, Value, role_word};
use crate::track::{HandshakeVerdict, Proto, Role, TeardownVerdict};

/// The handshake verdict in English: "complete", "refused (SYN answered by RST)". JSON's
/// `conn` record keeps these words in every language: scripts compare them.
pub fn handshake(v: HandshakeVerdict) -> &'static str {
    handshake_in(Lang::En, v)
}

/// The teardown verdict in English: "four-way", "abort (client sent RST)" (JSON's `conn`).
pub fn teardown(v: TeardownVerdict) -> &'static str {
    teardown_in(Lang::En, v)
}

/// The handshake verdict in `lang`, in full, as the ladders print it.
pub fn handshake_in(lang: Lang, v: HandshakeVerdict) -> &'static str {
    use HandshakeVerdict as V;
    lang.word(match v {
        V::NotCaptured => "verdict-handshake-not-captured",
        V::Refused => "verdict-handshake-refused",
        V::SimultaneousOpen => "verdict-handshake-simultaneous-open",
        V::Complete => "verdict-handshake-complete",
        V::NoFinalAck => "verdict-handshake-no-final-ack",
        V::Unanswered => "verdict-handshake-unanswered",
        V::SynNotCaptured => "verdict-handshake-syn-not-captured",
        V::Connectionless(p) => connectionless(p),
    })
}

/// The teardown verdict in `lang`, in full, as the ladders print it.
pub fn teardown_in(lang: Lang, v: TeardownVerdict) -> &'static str {
    use Role::{Client, Server};
    use TeardownVerdict as V;
    lang.word(match v {
        V::Refused => "verdict-teardown-refused",
        V::RstAfterFin { by: Client } => "verdict-teardown-rst-after-fin-client",
        V::RstAfterFin { by: Server } => "verdict-teardown-rst-after-fin-server",
        V::Abort { by: Client } => "verdict-teardown-abort-client",
        V::Abort { by: Server } => "verdict-teardown-abort-server",
        V::SimultaneousClose => "verdict-teardown-simultaneous-close",
        V::HalfCloseThenSimultaneousClose => "verdict-teardown-half-close-simultaneous-close",
        V::ThreeWay => "verdict-teardown-three-way",
        V::HalfCloseThenThreeWay => "verdict-teardown-half-close-three-way",
        V::FourWay => "verdict-teardown-four-way",
        V::HalfCloseThenFourWay => "verdict-teardown-half-close-four-way",
        V::HalfClosed { by: Client } => "verdict-teardown-half-closed-client",
        V::HalfClosed { by: Server } => "verdict-teardown-half-closed-server",
        V::Open => "verdict-teardown-open",
        V::Connectionless(p) => connectionless(p),
    })
}

/// The catalogue id of what a conversation without TCP says for its handshake and teardown.
fn connectionless(p: Proto) -> &'static str {
    match p {
        Proto::IcmpEcho => "verdict-connectionless-icmp",
        Proto::Udp | Proto::Tcp => "verdict-connectionless-udp",
    }
}

/// The handshake verdict without its explanation in parentheses, for a table cell:
/// "refused", "incomplete".
pub fn handshake_short(v: HandshakeVerdict) -> &'static str {
    let words = handshake(v);
    words.split(" (").next().unwrap_or(words)
}

/// The teardown verdict for a table cell: without its explanation in parentheses, except who
/// reset or who alone closed ("abort (client RST)", "half-closed (server FIN)").
pub fn teardown_short(v: TeardownVerdict) -> &'static str {
    use Role::{Client, Server};
    use TeardownVerdict as V;
    match v {
        V::Abort { by: Client } => "abort (client RST)",
        V::Abort { by: Server } => "abort (server RST)",
        V::RstAfterFin { .. } => teardown(v),
        V::HalfClosed { by: Client } => "half-closed (client FIN)",
        V::HalfClosed { by: Server } => "half-closed (server FIN)",
        _ => {
            let words = teardown(v);
            words.split(" (").next().unwrap_or(words)
        }
    }
}

/// The handshake cell of the `--summary` table in `lang`; in English [`handshake_short`]'s
/// words (a test below holds them equal).
pub fn handshake_cell(lang: Lang, v: HandshakeVerdict) -> &'static str {
    use HandshakeVerdict as V;
    let id = match v {
        V::NotCaptured => "cell-handshake-not-captured",
        V::Refused => "cell-handshake-refused",
        V::SimultaneousOpen => "cell-handshake-simultaneous-open",
        V::Complete => "cell-handshake-complete",
        V::NoFinalAck => "cell-handshake-no-final-ack",
        V::Unanswered => "cell-handshake-unanswered",
        V::SynNotCaptured => "cell-handshake-syn-not-captured",
        V::Connectionless(_) => "cell-connectionless",
    };
    lang.word(id)
}

/// The teardown cell of the `--summary` table in `lang`, in pieces (see [`Parts`]); in
/// English [`teardown_short`]'s words. From the tables formatted once: a table of many
/// connections has as many rows.
pub fn teardown_cell(lang: Lang, v: TeardownVerdict) -> Parts {
    use TeardownVerdict as V;
    let (id, by) = match v {
        V::Refused => ("cell-teardown-refused", None),
        V::RstAfterFin { by } => ("cell-teardown-rst-after-fin", Some(by)),
        V::Abort { by } => ("cell-teardown-abort", Some(by)),
        V::SimultaneousClose => ("cell-teardown-simultaneous-close", None),
        V::HalfCloseThenSimultaneousClose => ("cell-teardown-half-close-simultaneous-close", None),
        V::ThreeWay => ("cell-teardown-three-way", None),
        V::HalfCloseThenThreeWay => ("cell-teardown-half-close-three-way", None),
        V::FourWay => ("cell-teardown-four-way", None),
        V::HalfCloseThenFourWay => ("cell-teardown-half-close-four-way", None),
        V::HalfClosed { by } => ("cell-teardown-half-closed", Some(by)),
        V::Open => ("cell-teardown-open", None),
        V::Connectionless(_) => ("cell-connectionless", None),
    };
    match by {
        Some(r) => {
            let (head, tail) = lang.parts(id);
            Parts {
                head,
                value: Value::Word(role_word(lang, r)),
                tail,
            }
        }
        None => Parts {
            head: lang.word(id),
            value: Value::Nothing,
            tail: "",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The catalogue's English cells are the short forms the JSON summary record keeps.
    #[test]
    fn the_english_cells_are_the_short_verdicts() {
        for v in HandshakeVerdict::ALL {
            assert_eq!(handshake_cell(Lang::En, v), handshake_short(v), "{v:?}");
            assert!(!handshake_cell(Lang::Zh, v).contains("cell-"), "{v:?}");
        }
        for v in TeardownVerdict::ALL {
            assert_eq!(
                teardown_cell(Lang::En, v).to_string(),
                teardown_short(v),
                "{v:?}"
            );
            assert!(
                !teardown_cell(Lang::Zh, v).to_string().contains("cell-"),
                "{v:?}"
            );
        }
        assert_eq!(
            teardown_cell(Lang::Zh, TeardownVerdict::FourWay).to_string(),
            "四次挥手"
        );
    }

    /// The JSON `conn` record's `handshake` values: changing one changes the output format.
    #[test]
    fn each_handshake_verdict_has_its_words() {
        use HandshakeVerdict as V;
        let expected = [
            (V::NotCaptured, "not captured (mid-stream)"),
            (V::Refused, "refused (SYN answered by RST)"),
            (V::SimultaneousOpen, "simultaneous open"),
            (V::Complete, "complete"),
            (V::NoFinalAck, "incomplete (no final ACK)"),
            (V::Unanswered, "no answer (SYN unanswered)"),
            (V::SynNotCaptured, "SYN not captured"),
            (
                V::Connectionless(Proto::Tcp),
                "none (UDP is connectionless)",
            ),
            (
                V::Connectionless(Proto::Udp),
                "none (UDP is connectionless)",
            ),
            (
                V::Connectionless(Proto::IcmpEcho),
                "none (ICMP echo is connectionless)",
            ),
        ];
        assert_eq!(
            expected.len(),
            V::ALL.len(),
            "a verdict without pinned words"
        );
        for (v, words) in expected {
            assert_eq!(handshake(v), words, "{v:?}");
        }
    }

    /// The JSON `conn` record's `teardown` values.
    #[test]
    fn each_teardown_verdict_has_its_words() {
        use Role::{Client, Server};
        use TeardownVerdict as V;
        let expected = [
            (V::Refused, "none (refused)"),
            (V::RstAfterFin { by: Client }, "RST after FIN (by client)"),
            (V::RstAfterFin { by: Server }, "RST after FIN (by server)"),
            (V::Abort { by: Client }, "abort (client sent RST)"),
            (V::Abort { by: Server }, "abort (server sent RST)"),
            (V::SimultaneousClose, "simultaneous close"),
            (
                V::HalfCloseThenSimultaneousClose,
                "half-close, then simultaneous close",
            ),
            (V::ThreeWay, "three-way (FIN piggy-backed on the ACK)"),
            (
                V::HalfCloseThenThreeWay,
                "half-close, then three-way (FIN piggy-backed on the ACK)",
            ),
            (V::FourWay, "four-way"),
            (V::HalfCloseThenFourWay, "half-close, then four-way"),
            (
                V::HalfClosed { by: Client },
                "half-closed (only the client sent FIN)",
            ),
            (
                V::HalfClosed { by: Server },
                "half-closed (only the server sent FIN)",
            ),
            (V::Open, "none (open at the end of the capture)"),
            (
                V::Connectionless(Proto::Tcp),
                "none (UDP is connectionless)",
            ),
            (
                V::Connectionless(Proto::Udp),
                "none (UDP is connectionless)",
            ),
            (
                V::Connectionless(Proto::IcmpEcho),
                "none (ICMP echo is connectionless)",
            ),
        ];
        assert_eq!(
            expected.len(),
            V::ALL.len(),
            "a verdict without pinned words"
        );
        for (v, words) in expected {
            assert_eq!(teardown(v), words, "{v:?}");
        }
    }

    /// The `--summary` table's cells, as they were cut from the long words.
    #[test]
    fn the_short_forms_cut_the_explanation_but_keep_who_reset() {
        let cut = |w: &'static str| w.split(" (").next().unwrap_or(w).to_owned();
        for v in HandshakeVerdict::ALL {
            assert_eq!(handshake_short(v), cut(handshake(v)), "{v:?}");
        }
        for v in TeardownVerdict::ALL {
            let long = teardown(v);
            let expected = if long.starts_with("abort")
                || long.starts_with("RST")
                || long.starts_with("half-closed")
            {
                long.replace(" sent RST", " RST")
                    .replace("only the ", "")
                    .replace(" sent FIN", " FIN")
            } else {
                cut(long)
            };
            assert_eq!(teardown_short(v), expected, "{v:?}");
        }
    }
}
