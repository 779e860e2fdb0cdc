//! The one road from an entry point's name to its expansion: every entry point of `lib.rs`
//! comes through [`entry`], which can print what it generated (`TELEBOT_MACROS_EXPAND`), and the
//! test of the docs' "Expands to" sections expands their samples through [`expand`].

use proc_macro2::TokenStream;

/// The variable that makes the macros print their expansions to standard error while a crate
/// compiles: `1` or `all` for every macro, else a comma-separated list of entry points
/// (`command,job`) or of the items they are on (`start`).
pub(crate) const VARIABLE: &str = "TELEBOT_MACROS_EXPAND";

/// What entry point `name` generates for `args` on `item` (for `handlers!` the input is
/// `args`; for the derives, `item`).
pub(crate) fn expand(name: &str, args: TokenStream, item: TokenStream) -> TokenStream {
    match name {
        "handlers" => crate::handlers_list::expand(args),
        "bot" => crate::bot::attribute(args, item),
        "job" => crate::job::attribute(args, item),
        "main" => crate::main_fn::attribute(args, item),
        "conversation" => crate::conversation::attribute(args, item),
        "CallbackData" => crate::callback_data::derive_callback_data(item),
        "CallbackField" => crate::callback_data::derive_callback_field(item),
        handler => match crate::kind::by_name(handler) {
            Some(kind) => crate::handler::attribute(kind, args, item),
            None => syn::Error::new(
                proc_macro2::Span::call_site(),
                format!("telebot has no macro `{handler}`"),
            )
            .to_compile_error(),
        },
    }
}

/// An entry point: its expansion, printed to standard error when [`VARIABLE`] asks for it.
pub(crate) fn entry(
    name: &str,
    args: proc_macro::TokenStream,
    item: proc_macro::TokenStream,
) -> proc_macro::TokenStream {
    let item = TokenStream::from(item);
    let subject = item_name(&item);
    let output = expand(name, args.into(), item);
    if let Ok(wanted) = std::env::var(VARIABLE)
        && shown(&wanted, name, subject.as_deref())
    {
        let on = subject.map(|s| format!(" on `{s}`")).unwrap_or_default();
        eprintln!("// {VARIABLE}: `{name}`{on} expands to:\n{output}\n");
    }
    output.into()
}

/// Whether the value of [`VARIABLE`] asks for the expansion of `name` on the item `subject`.
fn shown(wanted: &str, name: &str, subject: Option<&str>) -> bool {
    wanted
        .split(',')
        .map(str::trim)
        .any(|w| w == "1" || w.eq_ignore_ascii_case("all") || w == name || Some(w) == subject)
}

/// The name of the function, module or type an attribute or derive is on.
fn item_name(item: &TokenStream) -> Option<String> {
    match syn::parse2::<syn::Item>(item.clone()).ok()? {
        syn::Item::Fn(f) => Some(f.sig.ident.to_string()),
        syn::Item::Mod(m) => Some(m.ident.to_string()),
        syn::Item::Struct(s) => Some(s.ident.to_string()),
        syn::Item::Enum(e) => Some(e.ident.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn the_variable_picks_macros_by_entry_point_or_item() {
        assert!(shown("1", "command", Some("start")));
        assert!(shown("all", "job", None));
        assert!(shown("job, command", "command", Some("start")));
        assert!(shown("start", "command", Some("start")));
        assert!(!shown("job", "command", Some("start")));
        assert!(!shown("0", "command", Some("start")));
        assert!(!shown("", "command", Some("start")));
    }
}

/// The "Expands to" sections of the entry points' docs stay true: each section's sample is
/// expanded here and compared, token by token, with the code the section shows.
/// `TELEBOT_BLESS_EXPANSIONS=1 cargo test -p telebot-macros` rewrites the sections from the
/// expansions (read the diff before committing it).
#[cfg(test)]
mod docs {
    use super::expand;
    use proc_macro2::{Delimiter, TokenStream, TokenTree};

    const LIB: &str = "src/lib.rs";

    /// A section: the line of its sample, the sample, and the lines of its code block (from the
    /// opening fence to the closing one, exclusive).
    struct Section {
        sample: String,
        indent: String,
        code: std::ops::Range<usize>,
    }

    fn sections(lines: &[&str]) -> Vec<Section> {
        let mut found = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let text = line.trim_start();
            if text != "/// # Expands to" {
                continue;
            }
            let indent = line[..line.len() - text.len()].to_string();
            let sample = lines[i + 1]
                .trim_start()
                .strip_prefix("/// For `")
                .and_then(|s| s.strip_suffix("`:"))
                .unwrap_or_else(|| {
                    panic!("line {}: `/// For `<sample>`:` after the heading", i + 2)
                });
            assert_eq!(lines[i + 2].trim_start(), "/// ```text", "line {}", i + 3);
            let end = (i + 3..lines.len())
                .find(|&j| lines[j].trim_start() == "/// ```")
                .expect("a closing fence");
            found.push(Section {
                sample: sample.to_string(),
                indent,
                code: i + 3..end,
            });
        }
        found
    }

    /// The entry point, its arguments and its item, read from a sample such as
    /// `#[command("start")] async fn start() {}` or `handlers![start]`.
    fn split(sample: &str) -> (String, TokenStream, TokenStream) {
        let tokens: Vec<TokenTree> = sample
            .parse::<TokenStream>()
            .expect("the sample is Rust")
            .into_iter()
            .collect();
        match tokens.as_slice() {
            [TokenTree::Punct(hash), TokenTree::Group(attr), rest @ ..]
                if hash.as_char() == '#' =>
            {
                let inner: Vec<TokenTree> = attr.stream().into_iter().collect();
                let item: TokenStream = rest.iter().cloned().collect();
                // `derive(Name)`, `name(args)`, `name`, with an optional `telebot::` before.
                let mut path = Vec::new();
                let mut args = TokenStream::new();
                for token in inner {
                    match token {
                        TokenTree::Ident(ident) => path.push(ident.to_string()),
                        TokenTree::Group(group) => args = group.stream(),
                        TokenTree::Punct(_) => {}
                        TokenTree::Literal(_) => panic!("unexpected literal in {sample}"),
                    }
                }
                let name = path.last().expect("an attribute name").clone();
                if name == "derive" {
                    (args.to_string(), TokenStream::new(), item)
                } else {
                    (name, args, item)
                }
            }
            [
                TokenTree::Ident(name),
                TokenTree::Punct(bang),
                TokenTree::Group(input),
            ] if bang.as_char() == '!' => (name.to_string(), input.stream(), TokenStream::new()),
            _ => panic!("a sample is an attribute on an item or a macro call: {sample}"),
        }
    }

    /// Tokens as text, with string literals compared by value (`r"x"` and `"x"` alike).
    fn normal(tokens: TokenStream) -> String {
        tokens
            .into_iter()
            .map(|token| match token {
                TokenTree::Group(group) => {
                    let (open, close) = match group.delimiter() {
                        Delimiter::Parenthesis => ("(", ")"),
                        Delimiter::Brace => ("{", "}"),
                        Delimiter::Bracket => ("[", "]"),
                        Delimiter::None => ("", ""),
                    };
                    format!("{open} {} {close}", normal(group.stream()))
                }
                TokenTree::Literal(lit) => {
                    match syn::parse2::<syn::LitStr>(TokenTree::Literal(lit.clone()).into()) {
                        Ok(s) => format!("{:?}", s.value()),
                        Err(_) => lit.to_string(),
                    }
                }
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// `code` as rustfmt lays it out, if it is a list of items.
    fn rustfmt(code: &str) -> Option<String> {
        use std::io::Write;
        let mut child = std::process::Command::new("rustfmt")
            .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .ok()?;
        child.stdin.take()?.write_all(code.as_bytes()).ok()?;
        let out = child.wait_with_output().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8(out.stdout).ok())?
    }

    /// The expansion as the docs show it: formatted by rustfmt, a block (`handlers![…]`'s) as
    /// the body of a function whose head is then dropped.
    fn pretty(expansion: &TokenStream) -> String {
        let text = expansion.to_string();
        rustfmt(&text)
            .or_else(|| {
                const HEAD: &str = "fn __expansion() ";
                let body = rustfmt(&format!("{HEAD}{text}"))?;
                body.strip_prefix(HEAD).map(str::to_string)
            })
            .unwrap_or(text)
    }

    /// `text` with every run of white space one space.
    fn collapse(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn every_expands_to_section_shows_what_its_sample_expands_to() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(LIB);
        let source = std::fs::read_to_string(&path).expect("lib.rs");
        let lines: Vec<&str> = source.lines().collect();
        let found = sections(&lines);
        assert!(found.len() >= 15, "only {} sections", found.len());
        let bless = std::env::var("TELEBOT_BLESS_EXPANSIONS").is_ok_and(|v| v == "1");
        let mut out: Vec<String> = Vec::new();
        let mut next = 0;
        let mut stale = Vec::new();
        for section in &found {
            let (name, args, item) = split(&section.sample);
            let expansion = expand(&name, args, item);
            assert!(
                !expansion.to_string().contains("compile_error"),
                "the sample `{}` does not compile",
                section.sample
            );
            let shown: String = lines[section.code.clone()]
                .iter()
                .map(|l| l.trim_start().strip_prefix("///").unwrap_or(l).to_string() + "\n")
                .collect();
            // The section is the expansion as rustfmt lays it out; compared with white space
            // folded, and as tokens (string literals by value) where rustfmt is not at hand.
            let pretty = pretty(&expansion);
            let same = collapse(&shown) == collapse(&pretty)
                || shown
                    .parse::<TokenStream>()
                    .is_ok_and(|tokens| normal(tokens) == normal(expansion.clone()));
            if !same {
                stale.push(section.sample.clone());
            }
            out.extend(
                lines[next..section.code.start]
                    .iter()
                    .map(|l| l.to_string()),
            );
            for line in pretty.lines() {
                let line = if line.is_empty() {
                    format!("{}///", section.indent)
                } else {
                    format!("{}/// {line}", section.indent)
                };
                out.push(line);
            }
            next = section.code.end;
        }
        out.extend(lines[next..].iter().map(|l| l.to_string()));
        if bless {
            std::fs::write(&path, out.join("\n") + "\n").expect("lib.rs written");
        } else {
            assert!(
                stale.is_empty(),
                "these samples expand to other code than their section shows (bless with \
                 TELEBOT_BLESS_EXPANSIONS=1 and read the diff): {stale:?}"
            );
        }
    }
}
