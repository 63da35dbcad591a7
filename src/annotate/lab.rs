//! The words of `wirelab lab --list`: a heading for each topic the scenarios teach, and what
//! a scenario's `--count` counts. What each scenario teaches is [`Scenario::teaches`].

use super::lang::Lang;
use crate::lab::{Scenario, Topic};

/// The heading of a topic in `wirelab lab --list`: its name, then what its scenarios show.
pub fn topic_heading(lang: Lang, topic: Topic) -> &'static str {
    lang.word(match topic {
        Topic::OpeningAndClosing => "lab-topic-opening-and-closing",
        Topic::DataAndWindows => "lab-topic-data-and-windows",
        Topic::LossAndRecovery => "lab-topic-loss-and-recovery",
        Topic::SegmentsAndFragments => "lab-topic-segments-and-fragments",
        Topic::Datagrams => "lab-topic-datagrams",
    })
}

/// The second line of a scenario in `wirelab lab --list`: what its `--count` counts and its
/// default, or that it takes none.
pub fn count_line(lang: Lang, s: &Scenario) -> String {
    match s.counts(lang) {
        Some(what) => {
            let n = s.default_count.to_string();
            lang.text("lab-count", &[("n", &n), ("what", what)])
        }
        None => lang.word("lab-no-count").to_owned(),
    }
}

/// The topic's stable name, as `wirelab lab --list --json` writes it.
pub fn topic_key(topic: Topic) -> &'static str {
    match topic {
        Topic::OpeningAndClosing => "opening_and_closing",
        Topic::DataAndWindows => "data_and_windows",
        Topic::LossAndRecovery => "loss_and_recovery",
        Topic::SegmentsAndFragments => "segments_and_fragments",
        Topic::Datagrams => "datagrams",
    }
}
