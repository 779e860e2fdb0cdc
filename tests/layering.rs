//! The layering check of ARCHITECTURE.md: no import cycle through more than three files inside
//! the runtime crate (`telebot/src`), and the check itself catches one.

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
