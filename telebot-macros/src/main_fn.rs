//! `#[telebot::main]`: turns `async fn main` into a program that runs the bot with long
//! polling, with the token from `TELEGRAM_BOT_TOKEN` (or the terminal sandbox without one).

use crate::diag::Errors;
use crate::paths::Krate;
use proc_macro2::TokenStream;
use quote::quote;
use syn::ItemFn;

/// The expansion of `#[main]` with `args` on `item`.
pub(crate) fn attribute(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let krate = Krate::only_option(args, "telebot::main", &mut errors);
    let function: ItemFn = match syn::parse2(item.clone()) {
        Ok(function) => function,
        Err(_) => {
            errors.at(&item, "`#[telebot::main]` goes on `async fn main`");
            let errors = errors.to_compile_errors();
            return quote!(#item #errors);
        }
    };
    let sig = &function.sig;
    if sig.asyncness.is_none() {
        errors.at(
            sig.fn_token,
            "`#[telebot::main]` runs an async function: write `async fn main`",
        );
    }
    if !sig.generics.params.is_empty() {
        errors.at(&sig.generics, "`main` cannot be generic");
    }
    if sig.inputs.len() > 1 {
        errors.at(
            &sig.inputs,
            "`main` takes nothing, or the `ApplicationBuilder` to configure: `async fn main(app: ApplicationBuilder) -> ApplicationBuilder`",
        );
    }
    let private = krate.private();
    let attrs = &function.attrs;
    let vis = &function.vis;
    let inputs = &sig.inputs;
    let output = &sig.output;
    let block = &function.block;
    let call = if sig.inputs.is_empty() {
        quote!(|_| __telebot_main())
    } else {
        quote!(__telebot_main)
    };
    let errors = errors.to_compile_errors();
    quote! {
        #(#attrs)*
        #vis fn main() -> ::std::process::ExitCode {
            async fn __telebot_main(#inputs) #output #block
            #private::run_main(::core::env!("CARGO_CRATE_NAME"), #call)
        }
        #errors
    }
}
