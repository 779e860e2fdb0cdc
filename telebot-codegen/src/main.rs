//! `cargo run -p telebot-codegen [generate|check|coverage] [--spec PATH]`.

use std::path::PathBuf;
use std::process::ExitCode;
use telebot_codegen::{default_spec_path, generate, spec::Spec, workspace_root};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut command = "generate".to_string();
    let mut spec_path = default_spec_path();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--spec" => match args.next() {
                Some(p) => spec_path = PathBuf::from(p),
                None => return fail("--spec needs a path"),
            },
            "generate" | "check" | "coverage" => command = arg,
            other => {
                return fail(&format!(
                    "unknown argument `{other}`; expected generate, check, coverage or --spec PATH"
                ));
            }
        }
    }
    let spec = match Spec::load(&spec_path) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    match command.as_str() {
        "coverage" => coverage(&spec),
        _ => {
            let files = match generate(&spec) {
                Ok(f) => f,
                Err(e) => return fail(&e),
            };
            let root = workspace_root();
            let mut stale = Vec::new();
            let mut written = 0;
            for (path, contents) in files {
                let full = root.join(&path);
                let current = std::fs::read_to_string(&full).unwrap_or_default();
                if current == contents {
                    continue;
                }
                if command == "check" {
                    stale.push(path.display().to_string());
                } else if let Err(e) = std::fs::create_dir_all(full.parent().unwrap_or(&root))
                    .and_then(|()| std::fs::write(&full, contents))
                {
                    return fail(&format!("cannot write {}: {e}", full.display()));
                } else {
                    println!("wrote {}", path.display());
                    written += 1;
                }
            }
            if stale.is_empty() {
                if written == 0 {
                    println!("generated code is up to date with {}", spec.version);
                } else {
                    println!("{written} file(s) regenerated from {}", spec.version);
                }
                ExitCode::SUCCESS
            } else {
                fail(&format!(
                    "stale generated files (run `cargo run -p telebot-codegen`): {}",
                    stale.join(", ")
                ))
            }
        }
    }
}

fn fail(msg: &str) -> ExitCode {
    eprintln!("telebot-codegen: {msg}");
    ExitCode::FAILURE
}

/// Scans the committed generated code for every method and type of the spec.
fn coverage(spec: &Spec) -> ExitCode {
    let root = workspace_root();
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap_or_default();
    let methods_src = read("telebot-api/src/api/methods.rs");
    let bot_src = read("telebot-client/src/bot_methods.rs");
    let types_src = read("telebot-api/src/api/types.rs")
        + &read("telebot-api/src/api/update.rs")
        + &read("telebot-api/src/model/input_file.rs");
    let mut missing_methods = Vec::new();
    for name in spec.methods.keys() {
        let has_params = methods_src.contains(&format!("const NAME: &'static str = \"{name}\";"));
        let has_fn = bot_src.contains(&format!("pub fn {}(", telebot_codegen::docs::snake(name)));
        if !(has_params && has_fn) {
            missing_methods.push(name.clone());
        }
    }
    let mut missing_types = Vec::new();
    for name in spec.types.keys() {
        let found = types_src.contains(&format!("pub struct {name} "))
            || types_src.contains(&format!("pub enum {name} "));
        if !found {
            missing_types.push(name.clone());
        }
    }
    let pct = |missing: usize, total: usize| 100.0 * (total - missing) as f64 / total as f64;
    println!("{} coverage of the committed telebot code:", spec.version);
    println!(
        "  methods: {}/{} ({:.1}%)",
        spec.methods.len() - missing_methods.len(),
        spec.methods.len(),
        pct(missing_methods.len(), spec.methods.len())
    );
    println!(
        "  types:   {}/{} ({:.1}%)",
        spec.types.len() - missing_types.len(),
        spec.types.len(),
        pct(missing_types.len(), spec.types.len())
    );
    for m in &missing_methods {
        println!("  missing method {m}");
    }
    for t in &missing_types {
        println!("  missing type {t}");
    }
    if missing_methods.is_empty() && missing_types.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
