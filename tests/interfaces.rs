//! `wirelab interfaces` against what this machine has, read independently from
//! /sys/class/net (the kernel's own flags), not through pnet or libpcap.

mod common;

use common::{stderr, stdout, wirelab};

const IFF_UP: u32 = 0x1;
const IFF_LOOPBACK: u32 = 0x8;

/// (name, flags) of every interface, from sysfs.
fn sys_interfaces() -> Vec<(String, u32)> {
    std::fs::read_dir("/sys/class/net")
        .expect("/sys/class/net")
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            let flags = std::fs::read_to_string(e.path().join("flags")).unwrap();
            let flags = u32::from_str_radix(flags.trim().trim_start_matches("0x"), 16).unwrap();
            (name, flags)
        })
        .collect()
}

fn listing() -> serde_json::Value {
    let out = wirelab(["interfaces", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

#[test]
fn loopback_is_listed_up_capturable_with_127_0_0_1_explained() {
    if !common::root_or_skip("loopback_is_listed_up_capturable_with_127_0_0_1_explained") {
        return;
    }
    let list = listing();
    let lo = list["interfaces"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "lo")
        .expect("lo is listed");
    assert_eq!(lo["up"], true);
    assert_eq!(lo["loopback"], true);
    assert_eq!(lo["capturable"], true);
    let sys_index = std::fs::read_to_string("/sys/class/net/lo/ifindex").unwrap();
    assert_eq!(
        lo["index"].as_u64(),
        Some(sys_index.trim().parse().unwrap())
    );
    let v4 = lo["addresses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["addr"] == "127.0.0.1")
        .expect("127.0.0.1 on lo");
    assert_eq!(v4["prefix"], 8);
    assert_eq!(v4["label"], "loopback");
    assert!(
        v4["facts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f.as_str().unwrap().starts_with("loopback (127.0.0.0/8)")),
        "{v4}"
    );
    // libpcap's `any` is offered, apart from the kernel interfaces.
    assert!(
        list["pseudo_devices"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["name"] == "any"),
        "{list}"
    );
    // CI runs as root: it may capture.
    assert_eq!(list["can_capture"], true);
}

#[test]
fn every_kernel_interface_is_listed_with_the_kernels_up_and_loopback_flags() {
    let list = listing();
    let listed = list["interfaces"].as_array().unwrap();
    let sys = sys_interfaces();
    assert_eq!(listed.len(), sys.len(), "{list}");
    for (name, flags) in &sys {
        let i = listed
            .iter()
            .find(|i| i["name"] == name.as_str())
            .unwrap_or_else(|| panic!("{name} missing from {list}"));
        assert_eq!(i["up"], flags & IFF_UP != 0, "{name}");
        assert_eq!(i["loopback"], flags & IFF_LOOPBACK != 0, "{name}");
    }
}

#[test]
fn the_default_is_an_up_non_loopback_interface_when_there_is_one() {
    let list = listing();
    let default = list["default"].as_str().expect("some interface is up");
    let candidates: Vec<String> = sys_interfaces()
        .into_iter()
        .filter(|(_, f)| f & IFF_UP != 0 && f & IFF_LOOPBACK == 0)
        .map(|(n, _)| n)
        .collect();
    if candidates.is_empty() {
        assert_eq!(default, "lo");
    } else {
        assert!(
            candidates.iter().any(|c| c == default),
            "default {default}, up non-loopback: {candidates:?}"
        );
    }
    // The text says the same.
    let text = stdout(&wirelab(["interfaces"]));
    assert!(
        text.contains(&format!(
            "`wirelab capture` without -i captures on {default}: "
        )),
        "{text}"
    );
    let lo_line = text.lines().find(|l| l.starts_with("lo (index ")).unwrap();
    assert!(
        lo_line
            .contains(": up, running, loopback; MAC 00:00:00:00:00:00; libpcap can capture on it"),
        "{lo_line}"
    );
    assert!(text.contains("    127.0.0.1/8"), "{text}");
}

/// The words `interfaces --lang zh` keeps as written: programs, capabilities and the RFC
/// words of the address facts.
const ZH_ALLOW: &[&str] = &[
    "MAC",
    "libpcap",
    "IP",
    "IPv6",
    "IPv4",
    "wirelab",
    "capture",
    "tcpdump",
    "CAP_NET_RAW",
    "localhost",
    "RFC",
    "TEST-NET-1",
    "sudo",
    "setcap",
    "cap_net_raw",
    "cap_net_admin",
    "eip",
    "which",
    "docs",
    "faq",
    "md",
    "NAME",
    "Internet",
    "NAT",
];

/// A machine's list, made up, so that its Chinese text is the same everywhere.
fn made_up_list() -> wirelab::os::interfaces::InterfaceList {
    use wirelab::os::interfaces::{KernelInterface, PcapDevice, assemble};
    let kernel = |name: &str, index: u32, addresses: Vec<(&str, u8)>| KernelInterface {
        name: name.into(),
        index,
        mac: (index > 1).then_some([2, 0, 0, 0, 0, index as u8]),
        addresses: addresses
            .into_iter()
            .map(|(a, p)| (a.parse().expect("address"), p))
            .collect(),
        up: index != 3,
        running: index != 3,
        loopback: index == 1,
    };
    let kernel = vec![
        kernel("lo", 1, vec![("127.0.0.1", 8), ("::1", 128)]),
        kernel("eth0", 2, vec![("192.168.1.20", 24), ("fe80::1", 64)]),
        kernel("eth1", 3, vec![]),
    ];
    let pcap = ["eth0", "lo", "eth1", "any"].map(|name| PcapDevice {
        name: name.into(),
        description: None,
    });
    assemble(kernel, &pcap, Some(false))
}

/// `interfaces --lang zh` of a made-up machine: the snapshot, no English word but names,
/// and each address's main fact is its block (private, loopback), not its IPv4 class.
#[test]
fn the_interface_list_in_chinese() {
    use wirelab::annotate::lang::Lang;
    let list = made_up_list();
    let zh = wirelab::annotate::interfaces::list(Lang::Zh, &list);
    let english = common::english_words(&zh, &[ZH_ALLOW, &["lo", "eth0", "eth1", "any"]].concat());
    assert!(english.is_empty(), "English words {english:?} in:\n{zh}");
    assert!(zh.contains("192.168.1.20/24  私有地址"), "{zh}");
    assert!(zh.contains("lo（编号 1）：已启用、运行中、环回"), "{zh}");
    let en = wirelab::annotate::interfaces::list(Lang::En, &list);
    assert_eq!(en, list.to_string());
    assert!(en.contains("192.168.1.20/24  private"), "{en}");
    assert!(
        en.contains("eth1 (index 3): down; MAC 02:00:00:00:00:03"),
        "{en}"
    );
    insta::assert_snapshot!("interfaces_zh", zh);
}

/// `wirelab interfaces --lang zh` on this machine: the interface names, MACs and addresses,
/// libpcap's device names and descriptions are data; every other word is Chinese.
#[test]
fn interfaces_in_chinese_on_this_machine() {
    let out = wirelab(["interfaces", "--lang", "zh"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let zh = stdout(&out);
    let list = listing();
    let mut data: Vec<String> = Vec::new();
    for i in list["interfaces"]
        .as_array()
        .unwrap()
        .iter()
        .chain(list["pseudo_devices"].as_array().unwrap())
    {
        let addresses = i["addresses"].as_array().into_iter().flatten();
        let addresses = addresses.filter_map(|a| a["addr"].as_str());
        for words in ["name", "description", "mac"]
            .map(|key| i[key].as_str().unwrap_or_default())
            .into_iter()
            .chain(addresses)
        {
            data.extend(
                words
                    .split(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '_')
                    .map(str::to_owned),
            );
        }
    }
    let allow: Vec<&str> = ZH_ALLOW
        .iter()
        .copied()
        .chain(data.iter().map(String::as_str))
        .collect();
    let english = common::english_words(&zh, &allow);
    assert!(english.is_empty(), "English words {english:?} in:\n{zh}");
    assert!(zh.contains("（编号 1）："), "{zh}");
}
