//! `--time`: how the time column reads.

use std::io::{self, Write};

use crate::capture::Timestamp;

use super::{Record, line};

/// `--time abs|rel|delta|epoch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum TimeFormat {
    /// Local date and time of day, as tcpdump prints it.
    Abs,
    /// Seconds since the first packet of the file (the default).
    #[default]
    Rel,
    /// Seconds since the previous packet shown.
    Delta,
    /// Seconds since 1970-01-01 UTC.
    Epoch,
    /// No time column (tcpdump's `-t`).
    None,
}

impl TimeFormat {
    /// tcpdump's spelling: `-t` none, `-tt` epoch, `-ttt` delta, `-tttt` date and time,
    /// `-ttttt` since the first packet; `None` for no `-t` at all.
    pub fn from_tcpdump_t(count: u8) -> Option<TimeFormat> {
        match count {
            0 => None,
            1 => Some(TimeFormat::None),
            2 => Some(TimeFormat::Epoch),
            3 => Some(TimeFormat::Delta),
            4 => Some(TimeFormat::Abs),
            _ => Some(TimeFormat::Rel),
        }
    }

    pub fn write(self, out: &mut Vec<u8>, record: &Record<'_, '_>) -> io::Result<()> {
        match self {
            TimeFormat::Rel => {
                line::seconds(out, record.since_first, 11);
                Ok(())
            }
            TimeFormat::Delta => {
                line::seconds(out, record.since_previous, 11);
                Ok(())
            }
            TimeFormat::Epoch => {
                let ts = record.frame.ts;
                write!(out, "{}.{:06}", ts.secs, ts.nanos / 1000)
            }
            TimeFormat::Abs => write_local(out, record.frame.ts),
            TimeFormat::None => Ok(()),
        }
    }
}

fn write_local(out: &mut Vec<u8>, ts: Timestamp) -> io::Result<()> {
    let nanos = i32::try_from(ts.nanos).unwrap_or(0);
    match jiff::Timestamp::new(ts.secs, nanos) {
        Ok(t) => {
            let zoned = t.to_zoned(jiff::tz::TimeZone::system());
            write!(out, "{}", zoned.strftime("%Y-%m-%d %H:%M:%S%.6f"))
        }
        // Out of jiff's range (year 9999+ in a fuzzed file): fall back to epoch seconds.
        Err(_) => write!(out, "{}.{:06}", ts.secs, ts.nanos / 1000),
    }
}
