//! Fast pieces of a text line: integers, addresses and times pushed straight into the line
//! buffer (itoa instead of `core::fmt`, which dominated the profile of the text output).

use std::net::IpAddr;

use anstyle::Style;

use crate::capture::Duration;

/// An integer in decimal.
pub fn num<I: itoa::Integer>(out: &mut Vec<u8>, n: I) {
    let mut b = itoa::Buffer::new();
    out.extend_from_slice(b.format(n).as_bytes());
}

/// An integer right-aligned in `width` columns.
pub fn num_right<I: itoa::Integer>(out: &mut Vec<u8>, n: I, width: usize) {
    let mut b = itoa::Buffer::new();
    let s = b.format(n);
    pad(out, width.saturating_sub(s.len()));
    out.extend_from_slice(s.as_bytes());
}

pub fn pad(out: &mut Vec<u8>, spaces: usize) {
    out.resize(out.len() + spaces, b' ');
}

/// Text left-aligned in `width` columns.
pub fn text_left(out: &mut Vec<u8>, s: &str, width: usize) {
    out.extend_from_slice(s.as_bytes());
    pad(out, width.saturating_sub(s.chars().count()));
}

/// An address as `Display` writes it (IPv4 without going through `core::fmt`).
pub fn ip(out: &mut Vec<u8>, addr: IpAddr) {
    match addr {
        IpAddr::V4(a) => {
            // Built on the stack and copied once: four small copies cost more than the digits.
            let mut text = [0u8; 15];
            let mut n = 0;
            for (i, octet) in a.octets().into_iter().enumerate() {
                if i > 0 {
                    text[n] = b'.';
                    n += 1;
                }
                if octet >= 100 {
                    text[n] = b'0' + octet / 100;
                    n += 1;
                }
                if octet >= 10 {
                    text[n] = b'0' + octet / 10 % 10;
                    n += 1;
                }
                text[n] = b'0' + octet % 10;
                n += 1;
            }
            out.extend_from_slice(&text[..n]);
        }
        IpAddr::V6(a) => {
            use std::io::Write;
            let _ = write!(out, "{a}");
        }
    }
}

/// `addr:port`, IPv6 in brackets.
pub fn endpoint(out: &mut Vec<u8>, addr: IpAddr, port: u16) {
    let v6 = addr.is_ipv6();
    if v6 {
        out.push(b'[');
    }
    ip(out, addr);
    if v6 {
        out.push(b']');
    }
    out.push(b':');
    num(out, port);
}

/// Seconds with six decimals, right-aligned in `width` columns (`-0.000012` when negative).
pub fn seconds(out: &mut Vec<u8>, d: Duration, width: usize) {
    let abs = d.0.unsigned_abs();
    let micros = match u64::try_from(abs) {
        // In 64 bits whenever it fits (every real capture): 128-bit division is a library call.
        Ok(abs) if abs < u64::MAX - 500 => u128::from((abs + 500) / 1000),
        _ => (abs + 500) / 1000,
    };
    // Built right to left in one buffer (padding, sign, seconds, point, six decimals) and
    // copied once: a time is on every text line.
    let mut buf = [b' '; 64];
    let mut i = buf.len();
    let mut push = |byte: u8| {
        i -= 1;
        buf[i] = byte;
    };
    let (secs, mut frac) = match u64::try_from(micros) {
        Ok(m) => (u128::from(m / 1_000_000), (m % 1_000_000) as u32),
        Err(_) => (micros / 1_000_000, (micros % 1_000_000) as u32),
    };
    for _ in 0..6 {
        push(b'0' + (frac % 10) as u8);
        frac /= 10;
    }
    push(b'.');
    match u64::try_from(secs) {
        Ok(mut s) => loop {
            push(b'0' + (s % 10) as u8);
            s /= 10;
            if s == 0 {
                break;
            }
        },
        // Up to 39 digits: still within the buffer.
        Err(_) => {
            let mut s = secs;
            loop {
                push(b'0' + (s % 10) as u8);
                s /= 10;
                if s == 0 {
                    break;
                }
            }
        }
    }
    if d.0 < 0 {
        push(b'-');
    }
    let used = buf.len() - i;
    if width > buf.len() {
        pad(out, width - used);
        out.extend_from_slice(&buf[i..]);
    } else {
        out.extend_from_slice(&buf[buf.len() - width.max(used)..]);
    }
}

/// Starts a style (nothing when it is plain, as it is without colour).
#[inline]
pub fn style_on(out: &mut Vec<u8>, style: Style) {
    if style != Style::new() {
        use std::io::Write;
        let _ = write!(out, "{style}");
    }
}

#[inline]
pub fn style_off(out: &mut Vec<u8>, style: Style) {
    if style != Style::new() {
        use std::io::Write;
        let _ = write!(out, "{style:#}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_match_the_display_of_duration() {
        for ns in [
            0i128,
            1,
            499,
            500,
            999_999_999,
            12_345_678_901,
            -12_000,
            -1_000_000_000_000,
        ] {
            let mut out = Vec::new();
            seconds(&mut out, Duration(ns), 11);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                format!("{:>11}", Duration(ns))
            );
        }
    }

    #[test]
    fn every_octet_value_matches_display() {
        for o in 0..=255u8 {
            let addr = IpAddr::from([o, 255 - o, o / 3, 7]);
            let mut out = Vec::new();
            ip(&mut out, addr);
            assert_eq!(String::from_utf8(out).unwrap(), addr.to_string());
        }
    }

    #[test]
    fn addresses_match_display() {
        for a in ["0.0.0.0", "255.255.255.255", "10.0.1.17", "::1", "fd00::72"] {
            let addr: IpAddr = a.parse().unwrap();
            let mut out = Vec::new();
            ip(&mut out, addr);
            assert_eq!(String::from_utf8(out).unwrap(), addr.to_string());
        }
    }
}
