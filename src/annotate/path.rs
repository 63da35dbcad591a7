//! The words for what the lab's path did to a frame (`--drop`, `--reorder`...), each naming
//! the option that made it do so, so that a reader can repeat or change it.

use super::lang::Lang;
use super::words::role_word;
use crate::lab::path::{Action, Verdict};

/// `client data 2` (as the option names it), or `a client frame` when the frame is not one
/// the rules name.
fn which(lang: Lang, v: &Verdict) -> String {
    let side = role_word(lang, v.side);
    match (v.kind, v.nth) {
        (Some(k), Some(n)) => format!("{} {} {n}", v.side.name(), k.name()),
        (Some(k), None) => lang.text("path-which-kind", &[("side", side), ("kind", k.name())]),
        _ => lang.text("path-which-frame", &[("side", side)]),
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
pub fn describe(lang: Lang, v: &Verdict) -> String {
    let what = which(lang, v);
    let what = what.as_str();
    match &v.action {
        Action::Dropped(spec) => {
            let spec = spec.to_string();
            lang.text("path-dropped", &[("what", what), ("spec", &spec)])
        }
        Action::DroppedRetransmission { of, k, budget } => {
            let (of, k, budget) = (of.to_string(), k.to_string(), budget.to_string());
            let args = [("of", of.as_str()), ("k", &k), ("budget", &budget)];
            lang.text("path-dropped-retransmission", &args)
        }
        Action::Lost { ppm, seed } => {
            let (loss, seed) = (percent(*ppm), seed.to_string());
            let args = [("what", what), ("loss", &loss), ("seed", &seed)];
            lang.text("path-lost", &args)
        }
        Action::QueueFull { rate: bits } => {
            let rate = rate(*bits);
            lang.text("path-queue-full", &[("what", what), ("rate", &rate)])
        }
        Action::Duplicated(spec) => {
            let spec = spec.to_string();
            lang.text("path-duplicated", &[("what", what), ("spec", &spec)])
        }
        Action::HeldBack(spec) => {
            let spec = spec.to_string();
            lang.text("path-held-back", &[("what", what), ("spec", &spec)])
        }
    }
}

/// Why a segment was sent again after `waited` with no acknowledgement (the `k`-th time;
/// `previous`, the wait before the one before): the sender's retransmission timer, in
/// RFC 6298's words and Linux's numbers.
pub fn timer(
    lang: Lang,
    syn: bool,
    k: u32,
    waited: std::time::Duration,
    previous: Option<std::time::Duration>,
) -> String {
    let secs = waited.as_secs_f64();
    let what = if syn { "SYN-ACK" } else { "ACK" };
    let resent = lang.word(if syn {
        "timer-resent-syn"
    } else {
        "timer-resent-data"
    });
    let (secs_text, k) = (format!("{secs:.2}"), k.to_string());
    let mut args = vec![
        ("what", what),
        ("secs", secs_text.as_str()),
        ("resent", resent),
        ("k", &k),
    ];
    let Some(before) = previous.filter(|p| !p.is_zero()) else {
        let rule = lang.word(if syn {
            "timer-rule-syn"
        } else {
            "timer-rule-data"
        });
        args.push(("rule", rule));
        return lang.text("timer-first", &args);
    };
    let ratio = secs / before.as_secs_f64();
    let how = if (1.7..=2.4).contains(&ratio) {
        lang.word("timer-doubles").to_owned()
    } else {
        lang.text("timer-ratio", &[("ratio", &format!("{ratio:.1}"))])
    };
    args.push(("how", &how));
    lang.text("timer-again", &args)
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
            describe(Lang::En, &verdict(Action::Dropped(spec.clone()), Some(2))),
            "path: dropped client data 2 (--drop 'client data 2')"
        );
        assert_eq!(
            describe(
                Lang::En,
                &verdict(
                    Action::DroppedRetransmission {
                        of: spec,
                        k: 1,
                        budget: 2
                    },
                    Some(2)
                )
            ),
            "path: dropped retransmission 1 of client data 2 (--drop-retransmissions 2)"
        );
        assert_eq!(
            describe(
                Lang::En,
                &verdict(
                    Action::Lost {
                        ppm: 25_000,
                        seed: 1
                    },
                    None
                )
            ),
            "path: lost a client data at random (--loss 2.5% --seed 1)"
        );
        assert_eq!(
            describe(
                Lang::En,
                &verdict(Action::QueueFull { rate: 1_000_000 }, Some(9))
            ),
            "path: dropped client data 9: the queue behind --rate 1mbit was full (tail drop)"
        );
    }

    #[test]
    fn the_timer_says_when_it_doubled() {
        let ms = Duration::from_millis;
        assert_eq!(
            timer(Lang::En, false, 1, ms(204), None),
            "timer: no ACK for 0.20 s, so the earliest unacknowledged segment goes again (retransmission 1; RFC 6298 5.4; Linux never waits less than 200 ms, its minimum RTO)"
        );
        assert!(timer(Lang::En, true, 2, ms(2010), Some(ms(1000))).contains("doubles"));
        assert!(timer(Lang::En, false, 2, ms(220), Some(ms(200))).contains("1.1× the wait before"));
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
