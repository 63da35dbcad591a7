//! The benchmark "floor": the least work any packet reader built on libpcap and etherparse
//! must do. It opens a capture, reads every record, slices each frame as Ethernet, and keeps
//! just enough of the result (a packet count and the sum of TCP/UDP source ports) that the
//! compiler cannot discard the slicing. No formatting, no output per packet.
//!
//! Usage: `cargo run --release --example read_floor -- FILE.pcap`
//! See `scripts/bench.sh` and `docs/benchmarks.md`.

#![forbid(unsafe_code)]

use etherparse::{LaxSlicedPacket, TransportSlice};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args_os()
        .nth(1)
        .ok_or("usage: read_floor FILE.pcap")?;
    let mut capture = pcap::Capture::from_file_with_precision(&path, pcap::Precision::Nano)?;

    let mut packets: u64 = 0;
    let mut port_sum: u64 = 0;
    loop {
        let packet = match capture.next_packet() {
            Ok(packet) => packet,
            Err(pcap::Error::NoMorePackets) => break,
            Err(e) => return Err(e.into()),
        };
        packets += 1;
        if let Ok(sliced) = LaxSlicedPacket::from_ethernet(packet.data) {
            match sliced.transport {
                Some(TransportSlice::Tcp(tcp)) => port_sum += u64::from(tcp.source_port()),
                Some(TransportSlice::Udp(udp)) => port_sum += u64::from(udp.source_port()),
                _ => {}
            }
        }
    }

    println!("packets={packets} port_sum={port_sum}");
    Ok(())
}
