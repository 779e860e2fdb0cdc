//! The one emitter of what every handler attribute and `#[job]` generate beside the user's
//! function: a braced struct of the same name whose `Declared` impl adds the handler to a set,
//! the callback that extracts each parameter for a handler kind and calls the function, and
//! the stub that stands in after a mistake.

use crate::diag::Errors;
use crate::handler_fn::HandlerFn;
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

/// The function unchanged, then the struct and its `Declared` impl: `consts` are the impl's
/// associated constants (`COMMANDS` first), `body` is `declare`'s, with the set in
/// `__telebot_set`.
pub(crate) fn declaration(
    private: &TokenStream,
    handler: &HandlerFn,
    consts: TokenStream,
    body: TokenStream,
) -> TokenStream {
    let item = &handler.item;
    let vis = &item.vis;
    let ident = &item.sig.ident;
    quote! {
        #item

        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        #vis struct #ident {}

        impl #private::Declared for #ident {
            #consts
            fn declare(__telebot_set: #private::HandlerSet) -> #private::HandlerSet {
                #body
            }
        }
    }
}

/// After a mistake: the function, a declaration that adds nothing, and the errors (only the
/// function and the errors for a method, beside which no struct can stand).
pub(crate) fn stub(private: &TokenStream, handler: &HandlerFn, errors: &Errors) -> TokenStream {
    let errors = errors.to_compile_errors();
    if handler.item.sig.receiver().is_some() {
        let item = &handler.item;
        return quote!(#item #errors);
    }
    let declaration = declaration(
        private,
        handler,
        quote!(
            const COMMANDS: &'static [&'static str] = &[];
        ),
        quote!(__telebot_set),
    );
    quote!(#declaration #errors)
}

/// The callback: each parameter extracted for handler kind `marker` (spanned at its type, so a
/// parameter the kind cannot offer is an error there), then the function.
pub(crate) fn callback(private: &TokenStream, marker: &str, handler: &HandlerFn) -> TokenStream {
    let marker = format_ident!("{marker}");
    let ident = &handler.item.sig.ident;
    let vars: Vec<_> = (0..handler.params.len())
        .map(|i| format_ident!("__telebot_arg{i}"))
        .collect();
    // A borrowed parameter (`&Message`) is lent by the context this future owns, for the call.
    let extracts = handler.params.iter().zip(&vars).map(|(param, var)| match &param.ty {
        syn::Type::Reference(reference) => {
            let elem = &reference.elem;
            quote_spanned! {elem.span()=>
                let #var = #private::extract_ref::<#private::kind::#marker, #elem>(&__telebot_ctx)?;
            }
        }
        ty => quote_spanned! {ty.span()=>
            let #var = #private::extract::<#private::kind::#marker, #ty>(&__telebot_ctx).await?;
        },
    });
    let call = quote_spanned!(handler.output_span()=> #private::outcome(#ident(#(#vars),*).await));
    quote! {
        #private::generated(|__telebot_ctx: #private::CallbackContext| #private::run(async move {
            #(#extracts)*
            #private::Ok(#call)
        }))
    }
}
