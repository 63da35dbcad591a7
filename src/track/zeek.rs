//! Zeek's vocabulary for a connection: the `history` string and `conn_state`, computed by the
//! rules Zeek documents (conn.log), so a Zeek user can compare.
//!
//! History: one letter per event kind, upper case for the originator (our client), lower case
//! for the responder. Each letter is recorded the first time it happens in a direction, except
//! the "bad news" letters C, G, T and W, which are recorded again at the 10th, 100th, 1000th...
//! occurrence. A leading `^` says the originator is not the side that sent first.

use arrayvec::ArrayString;

/// History events (the upper-case letter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZeekLetter {
    Syn,
    SynAck,
    Ack,
    Data,
    Fin,
    Rst,
    Retransmission,
    Gap,
    ZeroWindow,
    MultiFlag,
}

impl ZeekLetter {
    fn upper(self) -> u8 {
        match self {
            ZeekLetter::Syn => b'S',
            ZeekLetter::SynAck => b'H',
            ZeekLetter::Ack => b'A',
            ZeekLetter::Data => b'D',
            ZeekLetter::Fin => b'F',
            ZeekLetter::Rst => b'R',
            ZeekLetter::Retransmission => b'T',
            ZeekLetter::Gap => b'G',
            ZeekLetter::ZeroWindow => b'W',
            ZeekLetter::MultiFlag => b'Q',
        }
    }

    fn counted(self) -> bool {
        matches!(
            self,
            ZeekLetter::Retransmission | ZeekLetter::Gap | ZeekLetter::ZeroWindow
        )
    }

    fn slot(self) -> usize {
        self as usize
    }
}

/// Zeek's per-endpoint TCP states, from which `conn_state` is derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ZeekState {
    #[default]
    Inactive,
    SynSent,
    SynAckSent,
    Partial,
    Established,
    Closed,
    Reset,
}

/// History and endpoint states of one conversation.
#[derive(Debug, Clone, Default)]
pub struct Zeek {
    history: ArrayString<64>,
    /// Per direction (0 originator, 1 responder) and letter: times seen.
    counts: [[u32; 10]; 2],
    /// [originator, responder]
    pub states: [ZeekState; 2],
    /// Bytes of payload each way (Zeek's orig_bytes/resp_bytes, without its gap accounting).
    pub payload: [u64; 2],
}

impl Zeek {
    /// Marks the history as flipped: the originator did not send the first packet.
    pub fn flipped(&mut self) {
        if self.history.is_empty() {
            let _ = self.history.try_push('^');
        }
    }

    pub fn history(&self) -> &str {
        &self.history
    }

    pub fn letter(&mut self, letter: ZeekLetter, orig: bool) {
        let d = usize::from(!orig);
        let n = &mut self.counts[d][letter.slot()];
        *n = n.saturating_add(1);
        let record = if letter.counted() {
            // 1, 10, 100, 1000...
            let mut mark = 1u32;
            let mut hit = false;
            while mark <= *n {
                if mark == *n {
                    hit = true;
                }
                match mark.checked_mul(10) {
                    Some(m) => mark = m,
                    None => break,
                }
            }
            hit
        } else {
            *n == 1
        };
        if record {
            let c = letter.upper();
            let c = if orig { c } else { c.to_ascii_lowercase() };
            let _ = self.history.try_push(char::from(c));
        }
    }

    /// Zeek's endpoint state machine, simplified to what the wire shows.
    pub fn endpoint_update(
        &mut self,
        orig: bool,
        syn: bool,
        ack: bool,
        fin: bool,
        rst: bool,
        len: u32,
    ) {
        let (me, peer) = if orig { (0, 1) } else { (1, 0) };
        self.payload[me] = self.payload[me].saturating_add(u64::from(len));
        use ZeekState::*;
        if rst {
            self.states[me] = Reset;
            return;
        }
        if fin {
            if self.states[me] != Reset {
                self.states[me] = Closed;
            }
            return;
        }
        if syn {
            if matches!(self.states[me], Inactive | SynSent) {
                self.states[me] = if ack { SynAckSent } else { SynSent };
            }
            return;
        }
        let opening = |s: ZeekState| matches!(s, SynSent | SynAckSent);
        if opening(self.states[me]) && opening(self.states[peer]) {
            self.states[me] = Established;
            self.states[peer] = Established;
        } else if self.states[me] == Inactive && (ack || len > 0) {
            self.states[me] = if opening(self.states[peer]) || self.states[peer] == Established {
                Established
            } else {
                Partial
            };
        } else if self.states[me] == SynAckSent && self.states[peer] == Inactive {
            self.states[me] = Partial;
        }
    }

    /// conn_state for a TCP connection (Zeek's conn.log rules).
    pub fn tcp_conn_state(&self) -> &'static str {
        use ZeekState::*;
        let [os, rs] = self.states;
        let o_inactive = matches!(os, Inactive | Partial);
        let r_inactive = matches!(rs, Inactive | Partial);
        if rs == Reset {
            if matches!(os, SynSent | SynAckSent)
                || (os == Reset && self.payload == [0, 0] && self.history_has(b'S'))
            {
                "REJ"
            } else if o_inactive {
                "RSTRH"
            } else {
                "RSTR"
            }
        } else if os == Reset {
            if r_inactive {
                if self.syn_then_rst_only() {
                    "RSTOS0"
                } else {
                    "OTH"
                }
            } else {
                "RSTO"
            }
        } else if os == Closed && rs == Closed {
            "SF"
        } else if os == Closed {
            if r_inactive { "SH" } else { "S2" }
        } else if rs == Closed {
            if o_inactive { "SHR" } else { "S3" }
        } else if os == SynSent && rs == Inactive {
            "S0"
        } else if os == Established && rs == Established {
            "S1"
        } else {
            "OTH"
        }
    }

    /// conn_state for UDP: which sides sent anything.
    pub fn udp_conn_state(&self, sent: [bool; 2]) -> &'static str {
        match sent {
            [true, true] => "SF",
            [true, false] => "S0",
            [false, true] => "SHR",
            [false, false] => "OTH",
        }
    }

    fn history_has(&self, c: u8) -> bool {
        self.history.bytes().any(|b| b == c)
    }

    /// Zeek's `^?S[^HAFGIQ]*R.*` test: a SYN, then a RST before any answer.
    fn syn_then_rst_only(&self) -> bool {
        let h = self.history.trim_start_matches('^');
        let Some(rest) = h.strip_prefix('S') else {
            return false;
        };
        for c in rest.chars() {
            match c {
                'R' => return true,
                'H' | 'A' | 'F' | 'G' | 'I' | 'Q' => return false,
                _ => {}
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_letters_repeat_at_powers_of_ten() {
        let mut z = Zeek::default();
        for _ in 0..120 {
            z.letter(ZeekLetter::Retransmission, true);
        }
        z.letter(ZeekLetter::Data, true);
        z.letter(ZeekLetter::Data, true);
        assert_eq!(z.history(), "TTTD");
    }

    #[test]
    fn responder_letters_are_lower_case() {
        let mut z = Zeek::default();
        z.letter(ZeekLetter::Syn, true);
        z.letter(ZeekLetter::Rst, false);
        assert_eq!(z.history(), "Sr");
    }
}
