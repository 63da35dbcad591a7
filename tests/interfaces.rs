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
