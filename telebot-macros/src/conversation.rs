//! `#[telebot::conversation] mod name { … }`: a conversation declared on a module. Reads the
//! `#[states]` enum and the handlers with a role, checks the state graph at compile time, and
//! generates the state trait impl, `Enum::mermaid()`, `conversation()` and `handlers()`.

mod expand;
mod parse;
mod validate;

use crate::diag::Errors;
use proc_macro2::TokenStream;
use quote::quote;
use syn::ItemMod;

/// The expansion of `#[conversation]` with `args` on `item`.
pub(crate) fn attribute(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let options = parse::options(args, &mut errors);
    let mut module: ItemMod = match syn::parse2(item.clone()) {
        Ok(module) => module,
        Err(_) => {
            errors.at(
                &item,
                "`#[telebot::conversation]` goes on a module holding the `#[states]` enum and \
                 its handlers: `#[telebot::conversation] mod order { … }`",
            );
            let errors = errors.to_compile_errors();
            return quote!(#item #errors);
        }
    };
    let ident = module.ident.clone();
    let Some((_, items)) = &mut module.content else {
        errors.at(
            &module,
            "`#[telebot::conversation]` needs the module's items here, inline: `mod order { … }`",
        );
        let errors = errors.to_compile_errors();
        return quote!(#module #errors);
    };
    let model = parse::model(&ident, items, &options.krate, &mut errors);
    let graph = validate::graph(&model, &options, &mut errors);
    let silenced = graph.as_ref().map_or(&[][..], |g| &g.unknown_targets);
    for item in items.iter_mut() {
        if let syn::Item::Fn(function) = item
            && silenced.contains(&function.sig.ident)
        {
            function.block = syn::parse_quote!({ ::core::unreachable!() });
            function
                .attrs
                .push(syn::parse_quote!(#[allow(unused_variables, unreachable_code)]));
        }
    }
    let generated = expand::expand(&model, &options, graph.as_ref());
    if !generated.is_empty() {
        items.push(syn::Item::Verbatim(generated));
    }
    let errors = errors.to_compile_errors();
    quote!(#module #errors)
}
