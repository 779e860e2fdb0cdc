//! `#[command]`'s own options: names, description (or the doc comment), translations, scopes,
//! `hidden`, `require`; and their checks with the runtime's own rules (`telebot-syntax`).

use crate::args::{self, Arg};
use crate::diag::Errors;
use crate::handler_fn::HandlerFn;
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Expr, Ident, LitStr};
use telebot_syntax::command::{CommandScope, HasArgs, check_description, check_name};

/// `args = none | some | any | N`.
fn has_args(value: &Expr) -> Option<HasArgs> {
    match value {
        Expr::Path(p) => match p.path.get_ident()?.to_string().as_str() {
            "none" => Some(HasArgs::None),
            "some" => Some(HasArgs::Some),
            "any" => Some(HasArgs::Any),
            _ => None,
        },
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(n),
            ..
        }) => n.base10_parse::<usize>().ok().map(HasArgs::Exactly),
        _ => None,
    }
}

/// What `#[command]` declares about its commands.
#[derive(Default)]
pub(crate) struct CommandOptions {
    pub(crate) names: Vec<LitStr>,
    pub(crate) description: Option<(String, Span)>,
    pub(crate) translations: Vec<(String, String)>,
    pub(crate) scopes: Vec<CommandScope>,
    pub(crate) hidden: bool,
    pub(crate) require: Option<&'static str>,
    /// `args = none | some | any | N`: which argument counts the handler takes.
    pub(crate) has_args: HasArgs,
}

impl CommandOptions {
    /// Reads `description`, `scope` and `require`; `false` for other keys.
    pub(crate) fn read(&mut self, arg: &Arg, errors: &mut Errors) -> bool {
        match arg {
            Arg::Value(key, value) if key == "description" => {
                if self.description.is_some() {
                    errors.at(key, "`description` is given twice");
                } else if let Some(lit) = args::string(errors, key, value) {
                    self.description = Some((lit.value(), lit.span()));
                    check(errors, &lit, check_description(&lit.value()));
                }
            }
            Arg::List(key, pairs) if key == "description" => {
                for (language, value) in pairs {
                    self.translation(language, value, errors);
                }
            }
            Arg::Value(key, value) if key == "scope" => match value {
                Expr::Array(array) => {
                    for elem in &array.elems {
                        self.scope(elem, errors);
                    }
                }
                other => self.scope(other, errors),
            },
            Arg::Value(key, value) if key == "require" => {
                self.require = match value {
                    Expr::Path(p) if p.path.is_ident("admin") => Some("Admin"),
                    Expr::Path(p) if p.path.is_ident("creator") => Some("Creator"),
                    other => {
                        errors.at(
                            other,
                            "`require` is `admin` (admins and the creator) or `creator`",
                        );
                        None
                    }
                };
            }
            Arg::Value(key, value) if key == "args" => {
                if let Some(has_args) = has_args(value) {
                    self.has_args = has_args;
                } else {
                    errors.at(
                        value,
                        "`args` is `none` (the bare command), `some` (at least one argument), `any`, or a number of arguments: `args = 2`",
                    );
                }
            }
            _ => return false,
        }
        true
    }

    fn translation(&mut self, language: &Ident, value: &Expr, errors: &mut Errors) {
        let code = language.to_string();
        if !(code.len() == 2 && code.chars().all(|c| c.is_ascii_lowercase())) {
            errors.at(
                language,
                format!("`{code}` is not a language code; Telegram takes two-letter ISO 639-1 codes such as `en`, `de`"),
            );
            return;
        }
        if let Some(lit) = args::string(errors, language, value) {
            check(errors, &lit, check_description(&lit.value()));
            if self.translations.iter().any(|(l, _)| *l == code) {
                errors.at(language, format!("the `{code}` description is given twice"));
            }
            self.translations.push((code, lit.value()));
        }
    }

    fn scope(&mut self, expr: &Expr, errors: &mut Errors) {
        let scope = match expr {
            Expr::Path(p) => p
                .path
                .get_ident()
                .and_then(|name| CommandScope::named(&name.to_string())),
            Expr::Call(call) if call.args.len() == 1 => match &*call.func {
                Expr::Path(p) => p.path.get_ident().and_then(|name| {
                    CommandScope::of_chat(&name.to_string(), chat_id(&call.args[0])?)
                }),
                _ => None,
            },
            _ => None,
        };
        match scope {
            Some(scope) if self.scopes.contains(&scope) => {
                errors.at(expr, "this scope is listed twice")
            }
            Some(scope) => self.scopes.push(scope),
            None => errors.at(
                expr,
                format!("unknown scope; expected one of {}", CommandScope::CHOICES),
            ),
        }
    }

    /// Checks names and description against Telegram's rules and reads argument names.
    pub(crate) fn validate(&mut self, handler: &HandlerFn, errors: &mut Errors) {
        if self.names.is_empty() {
            errors.at(
                Span::call_site(),
                format!(
                    "`#[command]` needs the command's name: `#[command(\"{}\")]`",
                    handler.item.sig.ident
                ),
            );
        }
        for (i, lit) in self.names.iter().enumerate() {
            check(errors, lit, check_name(&lit.value()));
            if self.names[..i].iter().any(|n| n.value() == lit.value()) {
                errors.at(lit, format!("`{}` is listed twice", lit.value()));
            }
        }
        if self.description.is_none() {
            if let Some(doc) = handler.doc_summary() {
                let span = handler
                    .item
                    .attrs
                    .iter()
                    .find(|a| a.path().is_ident("doc"))
                    .map_or_else(Span::call_site, |a| a.span());
                if let Err(why) = check_description(&doc) {
                    errors.at(span, format!("the doc comment's first paragraph is the command's description: {why}; shorten it, or give `description = \"…\"`"));
                }
                self.description = Some((doc, span));
            } else if let Some((_, first)) = self.translations.first() {
                self.description = Some((first.clone(), Span::call_site()));
            }
        }
    }
}

fn chat_id(expr: &Expr) -> Option<i64> {
    let (negative, lit) = match expr {
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Neg(_)) => (true, &*u.expr),
        other => (false, other),
    };
    match lit {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(int),
            ..
        }) => int
            .base10_parse::<i64>()
            .ok()
            .map(|n| if negative { -n } else { n }),
        _ => None,
    }
}

fn check(errors: &mut Errors, lit: &LitStr, result: Result<(), String>) {
    if let Err(why) = result {
        errors.at(lit, why);
    }
}
