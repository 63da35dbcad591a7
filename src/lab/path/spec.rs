//! The impairment options of `wirelab lab`, parsed and checked once: the forwarder and its
//! engine never see a raw flag. Every error says what was wrong and what is accepted.

use std::fmt;
use std::time::Duration;

use crate::track::Role;

/// What kind of frame a rule picks: the words of `--drop 'SIDE WHAT [N]'`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FrameKind {
    Syn,
    SynAck,
    /// A pure acknowledgement: no data, no SYN, FIN or RST.
    Ack,
    /// A TCP segment with payload (and no SYN, FIN or RST).
    Data,
    Fin,
    Rst,
    /// A UDP datagram that is not fragmented.
    Datagram,
    /// Any IP fragment (first, middle or last).
    Fragment,
}

impl FrameKind {
    pub const ALL: [FrameKind; 8] = [
        FrameKind::Syn,
        FrameKind::SynAck,
        FrameKind::Ack,
        FrameKind::Data,
        FrameKind::Fin,
        FrameKind::Rst,
        FrameKind::Datagram,
        FrameKind::Fragment,
    ];

    /// The option's spelling (`syn-ack`).
    pub fn name(self) -> &'static str {
        match self {
            FrameKind::Syn => "syn",
            FrameKind::SynAck => "syn-ack",
            FrameKind::Ack => "ack",
            FrameKind::Data => "data",
            FrameKind::Fin => "fin",
            FrameKind::Rst => "rst",
            FrameKind::Datagram => "datagram",
            FrameKind::Fragment => "fragment",
        }
    }
}

/// One frame picked by side, kind and ordinal: `client data 2` is the second data segment
/// the client sent (first transmissions only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameSpec {
    pub side: Role,
    pub kind: FrameKind,
    /// 1-based.
    pub nth: u32,
}

impl fmt::Display for FrameSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.side.name(), self.kind.name(), self.nth)
    }
}

/// Everything the path does to the frames it moves. The default does nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct Impairments {
    pub drop: Vec<FrameSpec>,
    /// Also drop the first N retransmissions of each dropped segment.
    pub drop_retransmissions: u32,
    pub duplicate: Vec<FrameSpec>,
    /// Each is held until the next frame of its direction has passed.
    pub reorder: Vec<FrameSpec>,
    /// One way, each direction.
    pub latency: Duration,
    /// Bits per second.
    pub rate: Option<u64>,
    /// Random loss of data-bearing frames, in millionths (10% = 100,000).
    pub loss_ppm: u32,
    pub seed: u64,
    /// Set on every veth end.
    pub mtu: Option<u32>,
}

/// `--loss`'s seed when none is given.
pub const DEFAULT_SEED: u64 = 1;

impl Default for Impairments {
    fn default() -> Impairments {
        Impairments {
            drop: Vec::new(),
            drop_retransmissions: 0,
            duplicate: Vec::new(),
            reorder: Vec::new(),
            latency: Duration::ZERO,
            rate: None,
            loss_ppm: 0,
            seed: DEFAULT_SEED,
            mtu: None,
        }
    }
}

impl Impairments {
    /// Whether the lab needs the path namespace and its forwarder at all.
    pub fn any(&self) -> bool {
        Impairments {
            seed: DEFAULT_SEED,
            ..self.clone()
        } != Impairments::default()
    }

    /// Whether the forwarder changes anything (an MTU alone needs no forwarder's decision,
    /// but the path is built anyway so the link is the same).
    pub fn forwards(&self) -> bool {
        Impairments {
            mtu: None,
            seed: DEFAULT_SEED,
            ..self.clone()
        } != Impairments::default()
    }

    /// `other`'s rules added to these (a scenario's own, then the user's).
    pub fn merge(&mut self, other: &Impairments) {
        self.drop.extend(other.drop.iter().cloned());
        self.duplicate.extend(other.duplicate.iter().cloned());
        self.reorder.extend(other.reorder.iter().cloned());
        self.drop_retransmissions = self.drop_retransmissions.max(other.drop_retransmissions);
        self.latency = self.latency.max(other.latency);
        self.rate = other.rate.or(self.rate);
        self.loss_ppm = self.loss_ppm.max(other.loss_ppm);
        if other.seed != DEFAULT_SEED {
            self.seed = other.seed;
        }
        self.mtu = other.mtu.or(self.mtu);
    }
}

/// An impairment option that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{option} {given:?}: {problem}; expected {expected}")]
pub struct SpecError {
    pub option: &'static str,
    pub given: String,
    pub problem: String,
    pub expected: &'static str,
}

const FRAME_EXPECTED: &str = "'SIDE WHAT [N]': SIDE client or server, WHAT one of syn, syn-ack, ack, data, fin, rst, datagram, fragment, N the ordinal from 1 (default 1), e.g. 'client data 2'";

/// `client data 2`, `server syn-ack`.
pub fn frame_spec(option: &'static str, given: &str) -> Result<FrameSpec, SpecError> {
    let err = |problem: String| SpecError {
        option,
        given: given.to_owned(),
        problem,
        expected: FRAME_EXPECTED,
    };
    let words: Vec<&str> = given.split_whitespace().collect();
    let (side, kind, nth) = match words.as_slice() {
        [s, k] => (*s, *k, None),
        [s, k, n] => (*s, *k, Some(*n)),
        _ => return Err(err(format!("{} words", words.len()))),
    };
    let side = match side {
        "client" => Role::Client,
        "server" => Role::Server,
        other => return Err(err(format!("no side called {other:?}"))),
    };
    let kind = FrameKind::ALL
        .into_iter()
        .find(|k| k.name() == kind)
        .ok_or_else(|| err(format!("no kind of frame called {kind:?}")))?;
    let nth = match nth {
        None => 1,
        Some(n) => match n.parse::<u32>() {
            Ok(n) if n >= 1 => n,
            _ => return Err(err(format!("{n:?} is not an ordinal"))),
        },
    };
    Ok(FrameSpec { side, kind, nth })
}

/// `1mbit`, `500kbit`, `64000bit`, `1gbit` (tc's spellings; `bps` is bytes, so not accepted).
pub fn rate(given: &str) -> Result<u64, SpecError> {
    let err = |problem: &str| SpecError {
        option: "--rate",
        given: given.to_owned(),
        problem: problem.to_owned(),
        expected: "a number and a unit: bit, kbit, mbit or gbit (e.g. 1mbit), at least 8000bit",
    };
    let lower = given.trim().to_ascii_lowercase();
    let digits = lower
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(lower.len());
    let (number, unit) = lower.split_at(digits);
    let n: u64 = number.parse().map_err(|_| err("no number"))?;
    let scale = match unit {
        "bit" => 1,
        "kbit" => 1_000,
        "mbit" => 1_000_000,
        "gbit" => 1_000_000_000,
        _ => return Err(err("no such unit")),
    };
    let bits = n.checked_mul(scale).ok_or_else(|| err("too large"))?;
    if bits < 8_000 {
        return Err(err("too slow for a lab that must end in seconds"));
    }
    Ok(bits)
}

/// `10%`, `2.5%`: returned in millionths.
pub fn loss(given: &str) -> Result<u32, SpecError> {
    let err = |problem: &str| SpecError {
        option: "--loss",
        given: given.to_owned(),
        problem: problem.to_owned(),
        expected: "a percentage from 0% to 100%, e.g. 10% or 2.5%",
    };
    let number = given
        .trim()
        .strip_suffix('%')
        .ok_or_else(|| err("no % sign"))?;
    let p: f64 = number.parse().map_err(|_| err("not a number"))?;
    if !(0.0..=100.0).contains(&p) {
        return Err(err("out of range"));
    }
    // In range, so the product fits: at most 1,000,000.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok((p * 10_000.0).round() as u32)
}

/// The MTU of every veth end: IPv4 needs 68 (RFC 791), IPv6 1280 (RFC 8200); veth takes up
/// to 65535.
pub fn mtu(given: u32) -> Result<u32, SpecError> {
    if (68..=65_535).contains(&given) {
        Ok(given)
    } else {
        Err(SpecError {
            option: "--mtu",
            given: given.to_string(),
            problem: "out of range".into(),
            expected: "68 to 65535 (IPv6 needs at least 1280)",
        })
    }
}

/// A whole number for `option`.
fn number<T: std::str::FromStr>(
    option: &'static str,
    given: &str,
    expected: &'static str,
) -> Result<T, SpecError> {
    given.trim().parse().map_err(|_| SpecError {
        option,
        given: given.to_owned(),
        problem: "not a whole number".into(),
        expected,
    })
}

/// Adds one impairment option, by its flag, to `imp`: the CLI's options and a scenario's
/// own go through here, so both are checked and spelled alike.
pub fn apply(imp: &mut Impairments, option: &str, value: &str) -> Result<(), SpecError> {
    match option {
        "--drop" => imp.drop.push(frame_spec("--drop", value)?),
        "--duplicate" => imp.duplicate.push(frame_spec("--duplicate", value)?),
        "--reorder" => imp.reorder.push(frame_spec("--reorder", value)?),
        "--drop-retransmissions" => {
            imp.drop_retransmissions = number(
                "--drop-retransmissions",
                value,
                "how many retransmissions of each dropped segment to drop too, e.g. 2",
            )?;
        }
        "--latency" => {
            let ms: u64 = number("--latency", value, "milliseconds of one-way delay, e.g. 50")?;
            if ms > 10_000 {
                return Err(SpecError {
                    option: "--latency",
                    given: value.to_owned(),
                    problem: "longer than a lab waits".into(),
                    expected: "0 to 10000 milliseconds",
                });
            }
            imp.latency = Duration::from_millis(ms);
        }
        "--rate" => imp.rate = Some(rate(value)?),
        "--loss" => imp.loss_ppm = loss(value)?,
        "--seed" => imp.seed = number("--seed", value, "a whole number, e.g. 1")?,
        "--mtu" => {
            let n: u32 = number("--mtu", value, "68 to 65535")?;
            imp.mtu = Some(mtu(n)?);
        }
        other => {
            return Err(SpecError {
                option: "impairment",
                given: other.to_owned(),
                problem: "no such option".into(),
                expected: "--drop, --drop-retransmissions, --duplicate, --reorder, --latency, --rate, --loss, --seed or --mtu",
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_specs_parse_with_a_default_ordinal() {
        assert_eq!(
            frame_spec("--drop", "client data 2"),
            Ok(FrameSpec {
                side: Role::Client,
                kind: FrameKind::Data,
                nth: 2
            })
        );
        assert_eq!(
            frame_spec("--drop", "  server   syn-ack "),
            Ok(FrameSpec {
                side: Role::Server,
                kind: FrameKind::SynAck,
                nth: 1
            })
        );
    }

    #[test]
    fn a_bad_frame_spec_says_what_is_wrong_and_what_is_accepted() {
        for (given, problem) in [
            ("client", "1 words"),
            ("peer data", "no side called \"peer\""),
            ("client banana", "no kind of frame called \"banana\""),
            ("client data 0", "\"0\" is not an ordinal"),
            ("client data x", "\"x\" is not an ordinal"),
            ("client data 1 2", "4 words"),
        ] {
            let e = frame_spec("--drop", given).unwrap_err();
            assert_eq!(e.problem, problem, "{given}");
            assert!(e.to_string().contains("syn-ack"), "{e}");
        }
    }

    #[test]
    fn rates_are_in_bits_per_second() {
        assert_eq!(rate("1mbit"), Ok(1_000_000));
        assert_eq!(rate("500kbit"), Ok(500_000));
        assert_eq!(rate("64000bit"), Ok(64_000));
        assert_eq!(rate("1MBIT"), Ok(1_000_000));
        for bad in ["1mbps", "fast", "mbit", "10bit", "99999999999gbit"] {
            assert!(rate(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn loss_is_a_percentage() {
        assert_eq!(loss("10%"), Ok(100_000));
        assert_eq!(loss("2.5%"), Ok(25_000));
        assert_eq!(loss("100%"), Ok(1_000_000));
        for bad in ["10", "-1%", "101%", "x%"] {
            assert!(loss(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_mtu_is_checked() {
        assert_eq!(mtu(576), Ok(576));
        assert!(mtu(67).is_err());
        assert!(mtu(70_000).is_err());
    }

    #[test]
    fn options_apply_by_their_flag() {
        let mut imp = Impairments::default();
        apply(&mut imp, "--drop", "client data 2").unwrap();
        apply(&mut imp, "--latency", "40").unwrap();
        apply(&mut imp, "--loss", "10%").unwrap();
        assert_eq!(imp.drop.len(), 1);
        assert_eq!(imp.latency, Duration::from_millis(40));
        assert_eq!(imp.loss_ppm, 100_000);
        assert!(imp.forwards());
        assert!(apply(&mut imp, "--latency", "soon").is_err());
        assert!(apply(&mut imp, "--latency", "60000").is_err());
        assert!(apply(&mut imp, "--mtu", "20").is_err());
    }

    #[test]
    fn the_default_impairs_nothing() {
        let none = Impairments::default();
        assert!(!none.any() && !none.forwards());
        let mtu_only = Impairments {
            mtu: Some(576),
            ..Impairments::default()
        };
        assert!(mtu_only.any() && !mtu_only.forwards());
    }
}
