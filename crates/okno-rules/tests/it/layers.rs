//! The arrows the design allows between Okno's crates, read from `cargo metadata`: the office
//! server never links the workstation, the core never links Tauri, and the shared rules link
//! no database, no network client, no documents and no keyring.

use std::collections::{BTreeSet, HashMap};
use std::process::Command;

use serde_json::Value;

struct Graph {
    /// Package id of each workspace crate by name, and every package's name by id.
    ids: HashMap<String, String>,
    names: HashMap<String, String>,
    /// For each package: (dependency id, normal-or-build edge).
    deps: HashMap<String, Vec<(String, bool)>>,
}

fn graph() -> Graph {
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1"])
        .arg("--manifest-path")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut ids = HashMap::new();
    let mut names = HashMap::new();
    for p in meta["packages"].as_array().unwrap() {
        let (id, name) = (p["id"].as_str().unwrap(), p["name"].as_str().unwrap());
        names.insert(id.to_string(), name.to_string());
        if p["source"].is_null() {
            ids.insert(name.to_string(), id.to_string());
        }
    }
    let mut deps = HashMap::new();
    for node in meta["resolve"]["nodes"].as_array().unwrap() {
        let edges = node["deps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let runtime = d["dep_kinds"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|k| k["kind"].as_str() != Some("dev"));
                (d["pkg"].as_str().unwrap().to_string(), runtime)
            })
            .collect();
        deps.insert(node["id"].as_str().unwrap().to_string(), edges);
    }
    Graph { ids, names, deps }
}

impl Graph {
    /// Every package `name` links (through normal and build dependencies, not dev ones).
    fn links(&self, name: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![self.ids[name].clone()];
        while let Some(id) = todo.pop() {
            for (dep, runtime) in self.deps.get(&id).into_iter().flatten() {
                if *runtime && seen.insert(self.names[dep].clone()) {
                    todo.push(dep.clone());
                }
            }
        }
        seen
    }
}

fn assert_none(g: &Graph, from: &str, forbidden: &[&str]) {
    let links = g.links(from);
    let found: Vec<_> = forbidden.iter().filter(|f| links.contains(**f)).collect();
    assert!(found.is_empty(), "{from} must not link {found:?}");
}

#[test]
fn the_design_s_arrows_hold() {
    let g = graph();
    assert_none(
        &g,
        "okno-server",
        &["okno-core", "printpdf", "keyring", "reqwest"],
    );
    assert_none(&g, "okno-core", &["tauri", "okno-server", "axum"]);
    assert_none(
        &g,
        "okno-rules",
        &[
            "okno-core",
            "sqlx",
            "sqlx-core",
            "tokio",
            "reqwest",
            "printpdf",
            "keyring",
            "tauri",
        ],
    );
    assert_none(
        &g,
        "okno-wire",
        &["okno-core", "okno-rules", "sqlx-core", "tokio"],
    );
    // The walk sees real arrows: the demo tool links both sides, and both link the rules.
    assert!(g.links("okno-demo").contains("okno-core"));
    assert!(g.links("okno-demo").contains("okno-server"));
    assert!(g.links("okno-server").contains("okno-rules"));
    assert!(g.links("okno-core").contains("okno-rules"));
}
