//! Reads a `#[conversation]` module: the options, the `#[states]` enum, and every function with
//! a role (`#[entry]`, `#[state(…)]`, `#[fallback]`, `#[on_timeout]`, `#[while_waiting]`),
//! with the states each one can go to, found in its body.

use crate::diag::Errors;
use crate::paths::Krate;
use proc_macro2::{Span, TokenStream};
use syn::visit::Visit;
use syn::{Ident, Item, ItemFn, LitBool, LitStr, Path, Token, Type, Visibility};
use telebot_syntax::schedule::parse_interval;

/// The attribute's options.
#[derive(Default)]
pub(crate) struct Options {
    pub(crate) name: Option<LitStr>,
    pub(crate) persistent: Option<Span>,
    pub(crate) per_chat: Option<bool>,
    pub(crate) per_user: Option<bool>,
    pub(crate) per_message: Option<bool>,
    pub(crate) per_topic: Option<bool>,
    pub(crate) allow_reentry: bool,
    pub(crate) timeout_ms: Option<u64>,
    pub(crate) block: Option<bool>,
    pub(crate) krate: Krate,
}

/// The `#[states]` enum.
pub(crate) struct States {
    pub(crate) ident: Ident,
    pub(crate) vis: Visibility,
    pub(crate) data: Option<Type>,
    pub(crate) variants: Vec<Variant>,
}

/// One state.
pub(crate) struct Variant {
    pub(crate) ident: Ident,
    /// `#[exit]`: ends into the parent, needs no handler.
    pub(crate) exit: bool,
}

/// Where a function takes part.
pub(crate) enum Role {
    Entry,
    State(Vec<Path>),
    Fallback,
    Timeout,
    Waiting,
}

/// Where a function's body can go.
pub(crate) enum Target {
    /// `Enum::Variant`, spanned at the path.
    State(Ident),
    /// `Next::End`.
    End,
}

/// A function with a role.
pub(crate) struct Step {
    pub(crate) ident: Ident,
    pub(crate) role: Role,
    /// A plain `fn` returning a handler (a nested conversation, a hand-built handler), rather
    /// than an `async fn` with a handler attribute.
    pub(crate) factory: bool,
    pub(crate) has_handler_attribute: bool,
    pub(crate) targets: Vec<Target>,
}

/// Everything read from the module.
pub(crate) struct Model {
    pub(crate) module: Ident,
    pub(crate) states: Option<States>,
    pub(crate) steps: Vec<Step>,
}

const ROLES: &[&str] = &["entry", "state", "fallback", "on_timeout", "while_waiting"];

pub(crate) fn options(args: TokenStream, errors: &mut Errors) -> Options {
    let mut o = Options::default();
    let parser = syn::meta::parser(|meta| {
        let key = meta
            .path
            .get_ident()
            .map(Ident::to_string)
            .unwrap_or_default();
        let flag = |meta: &syn::meta::ParseNestedMeta| -> syn::Result<bool> {
            if meta.input.peek(Token![=]) {
                Ok(meta.value()?.parse::<LitBool>()?.value)
            } else {
                Ok(true)
            }
        };
        match key.as_str() {
            "name" => o.name = Some(meta.value()?.parse()?),
            "persistent" => {
                if flag(&meta)? {
                    o.persistent = Some(meta.path.span());
                }
            }
            "per_chat" => o.per_chat = Some(flag(&meta)?),
            "per_user" => o.per_user = Some(flag(&meta)?),
            "per_message" => o.per_message = Some(flag(&meta)?),
            "per_topic" => o.per_topic = Some(flag(&meta)?),
            "allow_reentry" => o.allow_reentry = flag(&meta)?,
            "block" => o.block = Some(flag(&meta)?),
            "timeout" => {
                let lit: LitStr = meta.value()?.parse()?;
                match parse_interval(&lit.value()) {
                    Ok(d) => o.timeout_ms = Some(d.as_millis() as u64),
                    Err(e) => return Err(syn::Error::new(lit.span(), e)),
                }
            }
            "crate" => o.krate = Krate::at(&meta.value()?.parse::<Path>()?),
            _ => {
                return Err(meta.error(format!(
                    "unknown option `{key}`; expected one of `name`, `persistent`, `per_chat`, \
                     `per_user`, `per_message`, `per_topic`, `allow_reentry`, `timeout`, `block`, \
                     `crate`"
                )));
            }
        }
        Ok(())
    });
    if let Err(e) = syn::parse::Parser::parse2(parser, args) {
        errors.push(e);
    }
    o
}

use syn::spanned::Spanned;

/// Reads the module's items, removing the role attributes and `#[states]`/`#[exit]`, and
/// spelling bare handler attributes with the crate path.
pub(crate) fn model(
    module: &Ident,
    items: &mut [Item],
    krate: &Krate,
    errors: &mut Errors,
) -> Model {
    let mut states: Option<States> = None;
    for item in items.iter_mut() {
        let Item::Enum(e) = item else { continue };
        let Some(at) = e.attrs.iter().position(|a| a.path().is_ident("states")) else {
            continue;
        };
        let attr = e.attrs.remove(at);
        let mut data = None;
        if let syn::Meta::List(_) = &attr.meta {
            let parsed = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("data") {
                    data = Some(meta.value()?.parse::<Type>()?);
                    Ok(())
                } else {
                    Err(meta.error("unknown option of `#[states]`; expected `data = Type`"))
                }
            });
            if let Err(e) = parsed {
                errors.push(e);
            }
        }
        let variants = e
            .variants
            .iter_mut()
            .map(|v| {
                let before = v.attrs.len();
                v.attrs.retain(|a| !a.path().is_ident("exit"));
                Variant {
                    ident: v.ident.clone(),
                    exit: v.attrs.len() != before,
                }
            })
            .collect();
        if states.is_some() {
            errors.at(
                &e.ident,
                "a conversation has one `#[states]` enum; move this one into a module of its own",
            );
            continue;
        }
        states = Some(States {
            ident: e.ident.clone(),
            vis: e.vis.clone(),
            data,
            variants,
        });
    }
    let enum_ident = states.as_ref().map(|s| s.ident.clone());
    let mut steps = Vec::new();
    for item in items.iter_mut() {
        let Item::Fn(function) = item else { continue };
        spell_handler_attributes(function, krate);
        let mut role = None;
        let mut kept = Vec::new();
        for attr in std::mem::take(&mut function.attrs) {
            let name = attr.path().get_ident().map(Ident::to_string);
            match name.as_deref() {
                Some(found) if ROLES.contains(&found) => {
                    if role.is_some() {
                        errors.at(
                            attr.path(),
                            "a function has one role in a conversation: `#[entry]`, `#[state(…)]`, \
                             `#[fallback]`, `#[on_timeout]` or `#[while_waiting]`",
                        );
                        continue;
                    }
                    role = Some(read_role(found, &attr, errors));
                }
                _ => kept.push(attr),
            }
        }
        function.attrs = kept;
        let Some(role) = role else { continue };
        let has_handler_attribute = function.attrs.iter().any(|a| {
            a.path()
                .segments
                .last()
                .is_some_and(|s| crate::kind::by_name(&s.ident.to_string()).is_some())
        });
        let mut finder = Targets {
            enum_ident: enum_ident.as_ref(),
            found: Vec::new(),
        };
        if !matches!(role, Role::Timeout | Role::Waiting) {
            finder.visit_block(&function.block);
        }
        steps.push(Step {
            ident: function.sig.ident.clone(),
            role,
            factory: function.sig.asyncness.is_none(),
            has_handler_attribute,
            targets: finder.found,
        });
    }
    Model {
        module: module.clone(),
        states,
        steps,
    }
}

fn read_role(name: &str, attr: &syn::Attribute, errors: &mut Errors) -> Role {
    match name {
        "entry" => Role::Entry,
        "fallback" => Role::Fallback,
        "on_timeout" => Role::Timeout,
        "while_waiting" => Role::Waiting,
        _ => {
            let parsed = attr
                .parse_args_with(syn::punctuated::Punctuated::<Path, Token![,]>::parse_terminated);
            match parsed {
                Ok(paths) if !paths.is_empty() => Role::State(paths.into_iter().collect()),
                Ok(_) => {
                    errors.at(
                        attr,
                        "`#[state(…)]` names the states this handler serves: `#[state(Order::Size)]`",
                    );
                    Role::State(Vec::new())
                }
                Err(e) => {
                    errors.push(e);
                    Role::State(Vec::new())
                }
            }
        }
    }
}

/// `#[command(…)]` → `#[::telebot::command(…)]`, so the module needs no `use` for them.
fn spell_handler_attributes(function: &mut ItemFn, krate: &Krate) {
    for attr in &mut function.attrs {
        krate.spell_attribute(attr, |name| crate::kind::by_name(name).is_some());
    }
}

/// Finds `Enum::Variant` and `Next::End` in expressions (patterns are skipped: matching a
/// state is not going there).
struct Targets<'a> {
    enum_ident: Option<&'a Ident>,
    found: Vec<Target>,
}

impl Targets<'_> {
    fn path(&mut self, path: &Path) {
        let n = path.segments.len();
        if n < 2 {
            return;
        }
        let (owner, last) = (&path.segments[n - 2].ident, &path.segments[n - 1].ident);
        if Some(owner) == self.enum_ident {
            self.found.push(Target::State(last.clone()));
        } else if owner == "Next" && last == "End" {
            self.found.push(Target::End);
        }
    }
}

impl<'ast> Visit<'ast> for Targets<'_> {
    fn visit_expr_path(&mut self, e: &'ast syn::ExprPath) {
        self.path(&e.path);
        syn::visit::visit_expr_path(self, e);
    }

    fn visit_expr_struct(&mut self, e: &'ast syn::ExprStruct) {
        self.path(&e.path);
        syn::visit::visit_expr_struct(self, e);
    }

    fn visit_pat(&mut self, _: &'ast syn::Pat) {}

    fn visit_item(&mut self, _: &'ast Item) {}
}
