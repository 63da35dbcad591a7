//! ARP inside Linux cooked captures (SLL and SLL2, what `-i any` records) is decoded as in an
//! Ethernet frame, and says what tshark says about the same bytes.

mod common;

use std::fs;
use std::path::Path;

use common::{packets, stdout, wirelab};

/// An ARP request: Ethernet/IPv4, "who has 192.168.0.2? tell 192.168.0.1 (02:00:00:00:00:01)".
const ARP_REQUEST: [u8; 28] = [
    0x00, 0x01, // hardware type: Ethernet
    0x08, 0x00, // protocol type: IPv4
    6, 4, // address lengths
    0x00, 0x01, // opcode: request
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01, // sender MAC
    192, 168, 0, 1, // sender IP
    0, 0, 0, 0, 0, 0, // target MAC: unknown
    192, 168, 0, 2, // target IP
];

/// SLL (LINKTYPE_LINUX_SLL, 113): packet type, ARPHRD, address length, address (8),
/// protocol 0x0806.
fn sll_frame() -> Vec<u8> {
    let mut f = vec![0x00, 0x00, 0x00, 0x01, 0x00, 0x06];
    f.extend_from_slice(&[0x02, 0, 0, 0, 0, 0x01, 0, 0]);
    f.extend_from_slice(&[0x08, 0x06]);
    f.extend_from_slice(&ARP_REQUEST);
    f
}

/// SLL2 (LINKTYPE_LINUX_SLL2, 276): protocol 0x0806, reserved, ifindex, ARPHRD, packet type,
/// address length, address (8).
fn sll2_frame() -> Vec<u8> {
    let mut f = vec![0x08, 0x06, 0, 0, 0, 0, 0, 2, 0x00, 0x01, 0x00, 6];
    f.extend_from_slice(&[0x02, 0, 0, 0, 0, 0x01, 0, 0]);
    f.extend_from_slice(&ARP_REQUEST);
    f
}

/// A one-record microsecond pcap of `link_type`.
fn write_pcap(path: &Path, link_type: u32, frame: &[u8]) {
    let len = u32::try_from(frame.len()).unwrap();
    let mut b = 0xa1b2_c3d4u32.to_le_bytes().to_vec();
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&4u16.to_le_bytes());
    // Version 2.4, then zone, sigfigs, snaplen, link type; one record header and its bytes.
    for v in [0u32, 0, 262_144, link_type, 1_700_000_000, 0, len, len] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    b.extend_from_slice(frame);
    fs::write(path, b).unwrap();
}

#[test]
fn arp_in_linux_cooked_frames_is_decoded_as_tshark_decodes_it() {
    let dir = tempfile::tempdir().unwrap();
    for (name, link_type, frame) in [("sll", 113, sll_frame()), ("sll2", 276, sll2_frame())] {
        let file = dir.path().join(format!("{name}.pcap"));
        write_pcap(&file, link_type, &frame);
        let out = wirelab(["read".as_ref(), file.as_os_str(), "--json".as_ref()]);
        let p = packets(&out);
        let arp = &p[0]["arp"];
        let ours = [
            arp["op"].to_string(),
            arp["sender_mac"].as_str().unwrap_or("").to_owned(),
            arp["sender_ip"].as_str().unwrap_or("").to_owned(),
            arp["target_ip"].as_str().unwrap_or("").to_owned(),
        ];
        // What tshark 4.0.17 printed for these bytes.
        let expected = ["1", "02:00:00:00:00:01", "192.168.0.1", "192.168.0.2"];
        assert_eq!(ours, expected, "{name}: {}", stdout(&out));
        let text = stdout(&wirelab(["read".as_ref(), file.as_os_str()]));
        assert!(
            text.contains("ARP request who-has 192.168.0.2 tell 192.168.0.1"),
            "{name}: {text}"
        );
        if common::tshark_or_skip("arp_in_linux_cooked_frames_is_decoded_as_tshark_decodes_it") {
            let fields = [
                "arp.opcode",
                "arp.src.hw_mac",
                "arp.src.proto_ipv4",
                "arp.dst.proto_ipv4",
            ];
            let rows = common::tshark_fields(&file, &fields);
            assert_eq!(rows, [expected.map(str::to_owned).to_vec()], "{name}");
        }
    }
}
