//! Every handler attribute (`#[command]`, `#[regex]`, `#[callback_query]`, …): parse the
//! options and the function, validate both, then expand into the function unchanged plus a
//! braced struct of the same name that declares the handler (or, on error, a stub of it).

mod command;
mod expand;
mod only;
mod options;
mod pattern;

pub(crate) use command::CommandOptions;
pub(crate) use options::Spec;
pub(crate) use pattern::Pattern;

use crate::diag::Errors;
use crate::handler_fn::HandlerFn;
use crate::kind::Kind;
use proc_macro2::TokenStream;

/// The expansion of handler attribute `kind` with `args` on `item`.
pub(crate) fn attribute(kind: Kind, args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let function: syn::ItemFn = match syn::parse2(item.clone()) {
        Ok(function) => function,
        Err(_) => {
            errors.at(
                &item,
                format!(
                    "`#[{}]` goes on an `async fn`: `#[{}] async fn name(…) -> HandlerResult {{ … }}`",
                    kind.name, kind.name
                ),
            );
            let errors = errors.to_compile_errors();
            return quote::quote!(#item #errors);
        }
    };
    let spec = match crate::args::parse(args) {
        Ok(args) => options::parse(kind, args, &mut errors),
        Err(e) => {
            errors.push(e);
            Spec::empty(kind)
        }
    };
    let handler = HandlerFn::new(function, &mut errors);
    let spec = spec.validate(&handler, &mut errors);
    if errors.is_empty() {
        expand::handler(&spec, &handler)
    } else {
        expand::fallback(&spec, &handler, &errors)
    }
}

/// What attribute `kind` with `args` declares on `handler`, for `#[bot]`'s set-wide checks
/// (the attribute itself reports its own errors).
pub(crate) fn options_of(kind: Kind, args: TokenStream, handler: &HandlerFn) -> Spec {
    let mut ignored = Errors::default();
    let spec = match crate::args::parse(args) {
        Ok(args) => options::parse(kind, args, &mut ignored),
        Err(_) => Spec::empty(kind),
    };
    spec.validate(handler, &mut ignored)
}
