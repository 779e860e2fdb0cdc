//! The committed Bot API code is exactly what the generator makes of `../shared/botapi`.

use telebot_codegen::{default_spec_path, generate, spec::Spec, workspace_root};

#[test]
fn committed_code_matches_the_spec() {
    let path = default_spec_path();
    if !path.exists() {
        // The spec lives beside the checkout; without it there is nothing to compare against.
        eprintln!("skipping: no Bot API spec at {}", path.display());
        return;
    }
    let spec = Spec::load(&path).expect("spec loads");
    let files = generate(&spec).expect("generator runs");
    let mut stale = Vec::new();
    for (rel, contents) in &files {
        let committed = std::fs::read_to_string(workspace_root().join(rel)).unwrap_or_default();
        if committed != *contents {
            stale.push(rel.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "generated files differ from the spec's output; run `cargo run -p telebot-codegen` and commit: {stale:?}"
    );
}

#[test]
fn the_generator_covers_every_method_and_type() {
    let path = default_spec_path();
    if !path.exists() {
        return;
    }
    let spec = Spec::load(&path).expect("spec loads");
    let files = generate(&spec).expect("generator runs");
    let all: String = files.iter().map(|(_, c)| c.as_str()).collect();
    for name in spec.methods.keys() {
        assert!(
            all.contains(&format!("const NAME: &'static str = \"{name}\";")),
            "method {name} missing"
        );
    }
    for name in spec.types.keys() {
        if name == "InputFile" {
            continue; // hand-written in telebot::model
        }
        assert!(
            all.contains(&format!("pub struct {name} "))
                || all.contains(&format!("pub enum {name} ")),
            "type {name} missing"
        );
    }
    assert_eq!(spec.methods.len(), 180, "Bot API 10.1 has 180 methods");
    assert_eq!(spec.types.len(), 359, "Bot API 10.1 has 359 types");
}
