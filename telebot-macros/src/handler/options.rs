//! The options of a handler attribute, read from its argument list.

use super::only::Only;
use super::{CommandOptions, Pattern};
use crate::args::{self, Arg};
use crate::diag::Errors;
use crate::handler_fn::HandlerFn;
use crate::kind::{Family, Kind};
use crate::paths::Krate;
use syn::{Expr, LitStr};

/// What an attribute says, checked.
pub(crate) struct Spec {
    pub(crate) kind: Kind,
    pub(crate) krate: Krate,
    pub(crate) group: i64,
    /// `None` when not given: the application's default.
    pub(crate) block: Option<bool>,
    pub(crate) filter: Option<Expr>,
    pub(crate) command: CommandOptions,
    pub(crate) pattern: Option<Pattern>,
    pub(crate) caption: bool,
    pub(crate) allow_edited: bool,
    pub(crate) game: bool,
    pub(crate) chat_types: Vec<LitStr>,
    /// `#[prefix]`'s prefixes (`"!"`) and commands (`"ban"`).
    /// (`None` when not given).
    pub(crate) prefixes: Option<Vec<LitStr>>,
    pub(crate) prefix_commands: Option<Vec<LitStr>>,
    /// An update-kind attribute's `chat_id`, `chat_username`, `user_id` and `username`.
    pub(crate) only: Only,
}

impl Spec {
    /// The spec of an attribute whose arguments did not parse.
    pub(crate) fn empty(kind: Kind) -> Spec {
        Spec {
            kind,
            krate: Krate::default(),
            group: 0,
            block: None,
            filter: None,
            command: CommandOptions::default(),
            pattern: None,
            caption: false,
            allow_edited: false,
            game: false,
            chat_types: Vec::new(),
            prefixes: None,
            prefix_commands: None,
            only: Only::default(),
        }
    }

    /// Checks what needs the function too: the command's names and description, the
    /// pattern's groups against the parameters.
    pub(crate) fn validate(mut self, handler: &HandlerFn, errors: &mut Errors) -> Spec {
        if self.kind.family == Family::Command {
            self.command.validate(handler, errors);
        }
        if self.kind.family == Family::Prefix {
            check_words(errors, "prefix", "\"!\"", self.prefixes.as_deref());
            check_words(
                errors,
                "command",
                "\"ban\"",
                self.prefix_commands.as_deref(),
            );
        }
        if let Some(pattern) = &self.pattern {
            pattern.check_groups(handler, errors);
        } else if (matches!(
            self.kind.family,
            Family::CallbackQuery | Family::InlineQuery
        ) || self.kind.family.keys().contains(&"pattern"))
            && let Some(param) = handler.param_of("Groups")
        {
            errors.at(
                &param.ty,
                format!(
                    "`Groups` takes the capture groups of the pattern, and this `#[{}]` has none: add `pattern = r\"…\"`",
                    self.kind.name
                ),
            );
        } else if self.kind.family == Family::Command
            && let Some(param) = handler.param_of("Groups")
        {
            errors.at(
                &param.ty,
                "`Groups` takes the capture groups of the command's payload pattern, and this `#[command]` has none: add `payload = r\"…\"` (or take its arguments with `Args`)",
            );
        }
        self
    }
}

/// Reads the arguments of `kind`'s attribute.
pub(crate) fn parse(kind: Kind, list: Vec<Arg>, errors: &mut Errors) -> Spec {
    let mut spec = Spec::empty(kind);
    let family = kind.family;
    let mut seen: Vec<String> = Vec::new();
    // Which keys each family takes is said once, in `Family::keys`; the arms below only read
    // the keys that passed this gate.
    let known = family.all_keys();
    for arg in list {
        if let Some(key) = arg.key() {
            let name = key.to_string();
            if !known.contains(&name.as_str()) {
                args::unknown_key(errors, key, kind.name, &known);
                continue;
            }
            if seen.contains(&name) && name != "description" {
                errors.at(key, format!("`{name}` is given twice"));
                continue;
            }
            seen.push(name);
        }
        match &arg {
            Arg::Literal(lit) => match family {
                Family::Command => spec.command.names.push(lit.clone()),
                Family::Regex if spec.pattern.is_none() => {
                    spec.pattern = Pattern::parse(lit, errors);
                }
                Family::Regex => errors.at(lit, "`#[regex]` takes one pattern"),
                _ => errors.at(
                    lit,
                    format!("`#[{}]` takes no positional argument; its options are keyed (`key = value`)", kind.name),
                ),
            },
            Arg::Value(key, value) if key == "crate" => match value {
                Expr::Path(path) => spec.krate = crate::paths::Krate::at(&path.path),
                other => errors.at(other, "`crate` takes a path: `crate = ::telebot`"),
            },
            Arg::Value(key, value) if key == "group" => {
                if let Some(n) = args::int(errors, key, value) {
                    if i32::try_from(n).is_ok() {
                        spec.group = n;
                    } else {
                        errors.at(value, "`group` must fit an i32");
                    }
                }
            }
            arg @ (Arg::Flag(key) | Arg::Value(key, _)) if key == "block" => {
                if let Some(b) = args::boolean(errors, arg) {
                    spec.block = Some(b);
                }
            }
            Arg::Value(key, value) if key == "filter" => {
                spec.filter = Some(value.clone());
            }
            arg @ (Arg::Flag(key) | Arg::Value(key, _))
                if ["caption", "allow_edited", "game", "hidden"]
                    .contains(&key.to_string().as_str()) =>
            {
                let value = args::boolean(errors, arg).unwrap_or(false);
                match key.to_string().as_str() {
                    "caption" => spec.caption = value,
                    "allow_edited" => spec.allow_edited = value,
                    "game" => spec.game = value,
                    _ => spec.command.hidden = value,
                }
            }
            Arg::Value(key, value) if key == "payload" => {
                if let Some(lit) = args::string(errors, key, value) {
                    spec.pattern = Pattern::parse(&lit, errors);
                }
            }
            Arg::Value(key, value) if key == "pattern" => {
                if let Some(lit) = args::string(errors, key, value) {
                    spec.pattern = Pattern::parse(&lit, errors);
                }
            }
            Arg::Value(key, value) if key == "prefix" || key == "command" => {
                let words = Some(words(key, value, errors));
                if key == "prefix" {
                    spec.prefixes = words;
                } else {
                    spec.prefix_commands = words;
                }
            }
            Arg::Value(key, value) if key == "chat_types" => {
                spec.chat_types = chat_types(value, errors);
            }
            Arg::Value(key, value) if spec.only.read(key, value, errors) => {}
            arg if family == Family::Command && spec.command.read(arg, errors) => {}
            other => {
                // A key of the family in a form it does not take (`filter` without a value).
                if let Some(key) = other.key() {
                    args::unknown_key(errors, key, kind.name, &known);
                }
            }
        }
    }
    spec
}

/// `#[prefix]`'s `prefix = "!"` or `prefix = ["!", "#"]` (and the same for `command`).
fn words(key: &syn::Ident, value: &Expr, errors: &mut Errors) -> Vec<LitStr> {
    let elems: Vec<&Expr> = match value {
        Expr::Array(array) => array.elems.iter().collect(),
        single => vec![single],
    };
    if elems.is_empty() {
        errors.at(value, format!("`{key}` needs at least one string"));
    }
    let mut out = Vec::new();
    for elem in elems {
        match elem {
            Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s), ..
            }) => out.push(s.clone()),
            other => errors.at(
                other,
                format!("`{key}` takes a string or a list of strings: `{key} = \"…\"` or `{key} = [\"…\", \"…\"]`"),
            ),
        }
    }
    out
}

/// The key is given, each word is one a message's first word can hold, and none is there twice.
/// (A given key whose values were not strings has had its error.)
fn check_words(errors: &mut Errors, key: &str, example: &str, words: Option<&[LitStr]>) {
    let Some(words) = words else {
        errors.at(
            proc_macro2::Span::call_site(),
            format!("`#[prefix]` needs `{key} = {example}` (or a list: `{key} = [{example}, …]`)"),
        );
        return;
    };
    for (i, word) in words.iter().enumerate() {
        if let Err(why) = telebot_syntax::command::check_prefix_word(key, &word.value()) {
            errors.at(word, why);
        } else if words[..i].iter().any(|w| w.value() == word.value()) {
            errors.at(word, format!("`{}` is listed twice", word.value()));
        }
    }
}

const CHAT_TYPES: &[&str] = &["sender", "private", "group", "supergroup", "channel"];

fn chat_types(value: &Expr, errors: &mut Errors) -> Vec<LitStr> {
    let Expr::Array(array) = value else {
        errors.at(
            value,
            "`chat_types` takes a list: `chat_types = [\"private\", \"group\"]`",
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for elem in &array.elems {
        match elem {
            Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s), ..
            }) if CHAT_TYPES.contains(&s.value().as_str()) => out.push(s.clone()),
            other => errors.at(
                other,
                "unknown chat type; expected one of \"sender\", \"private\", \"group\", \"supergroup\", \"channel\"",
            ),
        }
    }
    out
}
