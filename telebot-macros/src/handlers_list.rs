//! `handlers![a, b, module::c]`: the handlers declared by attributes, collected into one
//! `HandlerSet`, with a compile-time check that no two of them declare the same command.

use crate::paths::Krate;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Path, Token};

/// The expansion of `handlers![…]` (or `handlers![crate = path; …]`).
pub(crate) fn expand(input: TokenStream) -> TokenStream {
    match parse.parse2(input) {
        Ok((krate, paths)) => collect(&krate, &paths, true),
        Err(e) => e.to_compile_error(),
    }
}

/// `crate = path;` (optional), then the handlers' paths.
fn parse(input: ParseStream<'_>) -> syn::Result<(Krate, Vec<Path>)> {
    let mut krate = Krate::default();
    if input.peek(Token![crate]) && input.peek2(Token![=]) {
        input.parse::<Token![crate]>()?;
        input.parse::<Token![=]>()?;
        krate = Krate::at(&input.parse::<Path>()?);
        input.parse::<Token![;]>().map_err(|e| {
            syn::Error::new(
                e.span(),
                "end the crate path with `;`: `handlers![crate = path; a, b]`",
            )
        })?;
    }
    let paths = Punctuated::<Path, Token![,]>::parse_terminated(input)?;
    Ok((krate, paths.into_iter().collect()))
}

/// A block that evaluates to the set of `paths`' handlers, in order; with `assert_unique`, a
/// table of their commands and one constant assertion per handler (spanned at it) that it
/// declares no command an earlier one declares: as many items as handlers.
pub(crate) fn collect(krate: &Krate, paths: &[Path], assert_unique: bool) -> TokenStream {
    let private = krate.private();
    let asserts = assert_unique.then(|| {
        let listed = paths.iter().map(|path| {
            let clash = format!(
                "handlers![…]: this handler declares a command that `{}` declares too; rename one of them",
                display(path)
            );
            quote!(#private::Listed::of::<#path>(#clash))
        });
        // The panic is written here, spanned at the handler, so the error points at it.
        let checks = paths.iter().enumerate().map(|(index, path)| {
            quote_spanned! {path.span()=>
                const _: () = if let ::core::option::Option::Some(__telebot_earlier) =
                    #private::first_clash(__TELEBOT_LISTED, #index)
                {
                    ::core::panic!("{}", __TELEBOT_LISTED[__telebot_earlier].clash);
                };
            }
        });
        quote! {
            const __TELEBOT_LISTED: &[#private::Listed] = &[#(#listed),*];
            #(#checks)*
        }
    });
    let declares = paths.iter().map(|path| {
        quote_spanned!(path.span()=> let __telebot_set = <#path as #private::Declared>::declare(__telebot_set);)
    });
    quote! {{
        #asserts
        let __telebot_set = #private::HandlerSet::new();
        #(#declares)*
        __telebot_set
    }}
}

fn display(path: &Path) -> String {
    quote!(#path).to_string().replace(' ', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The items `handlers![…]` adds for `n` handlers, counted in its expansion.
    fn items_for(n: usize) -> usize {
        let names: Vec<String> = (0..n).map(|i| format!("handler_{i}")).collect();
        let input: TokenStream = names.join(", ").parse().expect("paths");
        let expansion = expand(input).to_string();
        expansion.matches("const ").count()
    }

    #[test]
    fn the_command_check_adds_one_item_per_handler() {
        // The table, then one assertion per handler (was one per pair: 1,770 for 60).
        assert_eq!(items_for(60), 61);
        assert_eq!(items_for(2), 3);
        assert_eq!(items_for(120) - items_for(60), 60);
    }
}
