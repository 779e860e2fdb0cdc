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
/// constant assertion per pair that they declare no command twice.
pub(crate) fn collect(krate: &Krate, paths: &[Path], assert_unique: bool) -> TokenStream {
    let private = krate.private();
    let mut asserts = Vec::new();
    for (i, second) in paths.iter().enumerate().filter(|_| assert_unique) {
        for first in &paths[..i] {
            let message = format!(
                "handlers![…]: `{}` and `{}` declare the same command; rename one of them",
                display(first),
                display(second)
            );
            asserts.push(quote_spanned! {second.span()=>
                const _: () = ::core::assert!(
                    !#private::clash::<#first, #second>(),
                    #message
                );
            });
        }
    }
    let declares = paths.iter().map(|path| {
        quote_spanned!(path.span()=> let __telebot_set = <#path as #private::Declared>::declare(__telebot_set);)
    });
    quote! {{
        #(#asserts)*
        let __telebot_set = #private::HandlerSet::new();
        #(#declares)*
        __telebot_set
    }}
}

fn display(path: &Path) -> String {
    quote!(#path).to_string().replace(' ', "")
}
