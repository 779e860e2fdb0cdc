//! `handlers![a, b, module::c]`: the handlers declared by attributes, collected into one
//! `HandlerSet`, with a compile-time check that no two of them declare the same command.

use crate::paths::Krate;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Path, Token};

/// The expansion of `handlers![…]`.
pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let parser = Punctuated::<Path, Token![,]>::parse_terminated;
    let paths: Vec<Path> = match parser.parse2(input) {
        Ok(paths) => paths.into_iter().collect(),
        Err(e) => return e.to_compile_error(),
    };
    collect(&Krate::default(), &paths, true)
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
                    !#private::shares_command(
                        <#first as #private::Declared>::COMMANDS,
                        <#second as #private::Declared>::COMMANDS,
                    ),
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
