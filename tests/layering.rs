//! The layering checks of ARCHITECTURE.md: no import cycle through more than three files inside
//! the runtime crate (`telebot/src`), and the check itself catches one; a bot without features
//! compiles no server, storage backend or fake Telegram (`cargo tree`), and each feature's tree
//! shows the one it brings in.

#[path = "support/import_graph.rs"]
mod import_graph;

use import_graph::{build, long_cycles, read};
use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn the_runtime_has_no_import_cycle_through_more_than_three_files() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("telebot/src");
    let graph = read(&src);
    assert!(
        graph.files.len() > 50,
        "the runtime's files were read: {}",
        graph.files.len()
    );
    let cycles = long_cycles(&graph);
    let report: Vec<String> = cycles.iter().map(|c| c.join(" → ")).collect();
    assert!(
        cycles.is_empty(),
        "import cycles through more than three files (each file imports the next, the last the first):\n{}",
        report.join("\n")
    );
}

fn tree(files: &[(&str, &str)]) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

#[test]
fn a_cycle_through_four_files_is_found_whatever_the_import_style() {
    // a → b (use), b → c (inline path), c → d (through a re-export in lib.rs), d → a (super).
    let sources = tree(&[
        (
            "lib.rs",
            "mod a; mod b; mod c; pub mod d; pub use d::inner::Thing;",
        ),
        ("a.rs", "use crate::b::{Bee, other::*};\npub struct Ay;"),
        (
            "b.rs",
            "pub struct Bee; fn f() { let _ = crate::c::make(); }",
        ),
        ("c.rs", "pub fn make() -> crate::Thing { todo!() }"),
        ("d.rs", "pub mod inner;"),
        ("d/inner.rs", "pub struct Thing(super::super::a::Ay);"),
    ]);
    let graph = build(&sources);
    let cycles = long_cycles(&graph);
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    let mut files = cycles[0].clone();
    files.sort();
    assert_eq!(files, ["a.rs", "b.rs", "c.rs", "d/inner.rs"]);
}

#[test]
fn cycles_of_three_files_or_fewer_and_comments_are_not_reported() {
    let sources = tree(&[
        ("lib.rs", "mod a; mod b; mod c; mod d;"),
        // a ↔ b and a → c → d → a: three files at most in each cycle.
        ("a.rs", "use crate::b::B; use crate::c::C; pub struct A;"),
        ("b.rs", "use crate::a::A; pub struct B;"),
        ("c.rs", "use crate::d::D; pub struct C;"),
        // A comment, a doc link and a string naming b are not imports.
        (
            "d.rs",
            "// crate::b::B\n/// [`B`](crate::b::B)\nconst S: &str = \"crate::b::B\"; use crate::a::A; pub struct D;",
        ),
    ]);
    let graph = build(&sources);
    assert!(long_cycles(&graph).is_empty(), "{:?}", long_cycles(&graph));
    assert!(
        !graph.edges["d.rs"].contains("b.rs"),
        "{:?}",
        graph.edges["d.rs"]
    );
}

/// The packages `cargo tree` resolves for the `telebot` crate built with `features`, each with
/// the features it is built with: what a bot depending on `telebot` compiles.
fn packages_of_telebot_with(features: &str) -> BTreeMap<String, Vec<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut command = std::process::Command::new(cargo);
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["tree", "--offline", "--locked", "-p", "telebot"])
        .args(["-e", "normal,build", "--prefix", "none", "-f", "{p}|{f}"]);
    if !features.is_empty() {
        command.args(["--features", features]);
    }
    let output = command.output().expect("cargo tree runs");
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut packages: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Some((package, features)) = line.split_once('|') else {
            continue;
        };
        let name = package.split_whitespace().next().unwrap_or_default();
        let features = features.trim_end_matches(" (*)");
        let entry = packages.entry(name.to_string()).or_default();
        entry.extend(
            features
                .split(',')
                .filter(|f| !f.is_empty())
                .map(str::to_string),
        );
    }
    packages
}

/// What a bot without the features that bring them must not compile.
fn servers_storage_and_fakes(packages: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    let mut found: Vec<String> = ["rusqlite", "redis", "telebot-testing", "axum", "multer"]
        .iter()
        .filter(|name| packages.contains_key(**name))
        .map(|name| name.to_string())
        .collect();
    for http in ["hyper", "hyper-util"] {
        if packages
            .get(http)
            .is_some_and(|features| features.iter().any(|f| f.starts_with("server")))
        {
            found.push(format!("{http} with its server"));
        }
    }
    found
}

#[test]
fn a_bot_without_features_compiles_no_server_no_storage_and_no_fake_telegram() {
    let plain = packages_of_telebot_with("");
    assert!(
        plain.contains_key("reqwest") && plain.contains_key("telebot-api"),
        "the tree was read: {:?}",
        plain.keys().collect::<Vec<_>>()
    );
    assert_eq!(servers_storage_and_fakes(&plain), Vec::<String>::new());

    // The same check sees each of them once a feature brings it in.
    assert_eq!(
        servers_storage_and_fakes(&packages_of_telebot_with("webhooks")),
        ["hyper with its server"]
    );
    let testing = servers_storage_and_fakes(&packages_of_telebot_with("testing"));
    assert!(
        testing.contains(&"telebot-testing".to_string()),
        "{testing:?}"
    );
    assert_eq!(
        servers_storage_and_fakes(&packages_of_telebot_with("sqlite,redis")),
        ["rusqlite", "redis"]
    );
}
