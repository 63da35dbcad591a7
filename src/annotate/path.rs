//! The words for what the lab's path did to a frame (`--drop`, `--reorder`...), each naming
//! the option that made it do so, so that a reader can repeat or change it.

use crate::lab::path::{Action, Verdict};

/// `client data 2`, or `a client frame` when the frame is not one the rules name.
fn which(v: &Verdict) -> String {
    match (v.kind, v.nth) {
        (Some(k), Some(n)) => format!("{} {} {n}", v.side.name(), k.name()),
        (Some(k), None) => format!("a {} {}", v.side.name(), k.name()),
        _ => format!("a {} frame", v.side.name()),
    }
}

/// A rate in tc's spelling: `1mbit`, `64kbit`.
pub fn rate(bits: u64) -> String {
    for (unit, scale) in [
        ("gbit", 1_000_000_000),
        ("mbit", 1_000_000),
        ("kbit", 1_000),
    ] {
        if bits.is_multiple_of(scale) {
            return format!("{}{unit}", bits / scale);
        }
    }
    format!("{bits}bit")
}

/// A loss probability in millionths as the option spells it: `10%`, `2.5%`.
pub fn percent(ppm: u32) -> String {
    let whole = ppm / 10_000;
    let rest = ppm % 10_000;
    if rest == 0 {
        format!("{whole}%")
    } else {
        let frac = format!("{rest:04}");
        format!("{whole}.{}%", frac.trim_end_matches('0'))
    }
}

/// The lab line of a verdict: `path: dropped client data 2 (--drop 'client data 2')`.
pub fn describe(v: &Verdict) -> String {
    let what = which(v);
    match &v.action {
        Action::Dropped(spec) => format!("path: dropped {what} (--drop '{spec}')"),
        Action::DroppedRetransmission { of, k, budget } => {
            format!("path: dropped retransmission {k} of {of} (--drop-retransmissions {budget})")
        }
        Action::Lost { ppm, seed } => format!(
            "path: lost {what} at random (--loss {} --seed {seed})",
            percent(*ppm)
        ),
        Action::QueueFull { rate: bits } => format!(
            "path: dropped {what}: the queue behind --rate {} was full (tail drop)",
            rate(*bits)
        ),
        Action::Duplicated(spec) => {
            format!("path: duplicated {what}: it goes on twice (--duplicate '{spec}')")
        }
        Action::HeldBack(spec) => {
            format!("path: held back {what} until the next frame had passed (--reorder '{spec}')")
        }
    }
}

/// Why a segment was sent again after `waited` with no acknowledgement (the `k`-th time;
/// `previous`, the wait before the one before): the sender's retransmission timer, in
/// RFC 6298's words and Linux's numbers.
pub fn timer(
    syn: bool,
    k: u32,
    waited: std::time::Duration,
    previous: Option<std::time::Duration>,
) -> String {
    let secs = waited.as_secs_f64();
    let what = if syn { "SYN-ACK" } else { "ACK" };
    let resent = if syn {
        "the SYN goes again"
    } else {
        "the earliest unacknowledged segment goes again"
    };
    let Some(before) = previous.filter(|p| !p.is_zero()) else {
        let rule = if syn {
            "Linux's first RTO before any RTT is measured is 1 s, RFC 6298 2.1"
        } else {
            "RFC 6298 5.4; Linux never waits less than 200 ms, its minimum RTO"
        };
        return format!(
            "timer: no {what} for {secs:.2} s, so {resent} (retransmission {k}; {rule})"
        );
    };
    let ratio = secs / before.as_secs_f64();
    let how = if (1.7..=2.4).contains(&ratio) {
        "twice the wait before: the RTO doubles after each timeout (exponential backoff, RFC 6298 5.5)".to_owned()
    } else {
        format!("{ratio:.1}× the wait before")
    };
    format!("timer: no {what} for {secs:.2} s, {how}, so {resent} (retransmission {k})")
}

/// The verdict's name in JSON (`"verdict"` of a `path` record).
pub fn action_name(a: &Action) -> &'static str {
    match a {
        Action::Dropped(_) => "dropped",
        Action::DroppedRetransmission { .. } => "dropped_retransmission",
        Action::Lost { .. } => "lost",
        Action::QueueFull { .. } => "queue_full",
        Action::Duplicated(_) => "duplicated",
        Action::HeldBack(_) => "held_back",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::path::FrameKind;
    use crate::lab::path::spec::frame_spec;
    use crate::track::Role;
    use std::time::Duration;

    fn verdict(action: Action, nth: Option<u32>) -> Verdict {
        Verdict {
            at: Duration::ZERO,
            side: Role::Client,
            kind: Some(FrameKind::Data),
            nth,
            action,
            bytes: Vec::new(),
        }
    }

    #[test]
    fn each_verdict_names_its_option() {
        let spec = frame_spec("--drop", "client data 2").unwrap();
        assert_eq!(
            describe(&verdict(Action::Dropped(spec.clone()), Some(2))),
            "path: dropped client data 2 (--drop 'client data 2')"
        );
        assert_eq!(
            describe(&verdict(
                Action::DroppedRetransmission {
                    of: spec,
                    k: 1,
                    budget: 2
                },
                Some(2)
            )),
            "path: dropped retransmission 1 of client data 2 (--drop-retransmissions 2)"
        );
        assert_eq!(
            describe(&verdict(
                Action::Lost {
                    ppm: 25_000,
                    seed: 1
                },
                None
            )),
            "path: lost a client data at random (--loss 2.5% --seed 1)"
        );
        assert_eq!(
            describe(&verdict(Action::QueueFull { rate: 1_000_000 }, Some(9))),
            "path: dropped client data 9: the queue behind --rate 1mbit was full (tail drop)"
        );
    }

    #[test]
    fn the_timer_says_when_it_doubled() {
        let ms = Duration::from_millis;
        assert_eq!(
            timer(false, 1, ms(204), None),
            "timer: no ACK for 0.20 s, so the earliest unacknowledged segment goes again (retransmission 1; RFC 6298 5.4; Linux never waits less than 200 ms, its minimum RTO)"
        );
        assert!(timer(true, 2, ms(2010), Some(ms(1000))).contains("doubles"));
        assert!(timer(false, 2, ms(220), Some(ms(200))).contains("1.1× the wait before"));
    }

    #[test]
    fn rates_and_percentages_are_spelled_as_the_options() {
        assert_eq!(rate(1_000_000), "1mbit");
        assert_eq!(rate(64_000), "64kbit");
        assert_eq!(rate(64_500), "64500bit");
        assert_eq!(percent(100_000), "10%");
        assert_eq!(percent(1), "0.0001%");
    }
}
