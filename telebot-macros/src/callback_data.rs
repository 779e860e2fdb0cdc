//! `#[derive(CallbackData)]` and `#[derive(CallbackField)]`: parse the type and its
//! `#[callback_data(…)]` options, validate them, expand into the runtime's traits. After a
//! mistake each still emits an impl (whose methods are never reached), so that one mistake is
//! one error: a `Callback<T>` of the type adds none.

mod expand;
mod parse;

use crate::diag::Errors;
use proc_macro2::TokenStream;
use syn::DeriveInput;

/// The `CallbackData` derive.
pub(crate) fn derive_callback_data(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error(),
    };
    let mut errors = Errors::default();
    let options = parse::Options::read(&input, &["prefix", "version", "crate"], &mut errors);
    match parse::CallbackType::parse(&input, &options, &mut errors) {
        Some(ty) if errors.is_empty() => expand::callback_data(&ty, &options.krate),
        _ => expand::fallback_data(&input, &options.krate, &errors),
    }
}

/// The `CallbackField` derive (enums of unit variants).
pub(crate) fn derive_callback_field(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error(),
    };
    let mut errors = Errors::default();
    let options = parse::Options::read(&input, &["crate"], &mut errors);
    match parse::FieldEnum::parse(&input, &mut errors) {
        Some(ty) if errors.is_empty() => expand::callback_field(&ty, &options.krate),
        _ => expand::fallback_field(&input, &options.krate, &errors),
    }
}

#[cfg(test)]
mod tests {
    use super::{derive_callback_data, derive_callback_field};
    use quote::quote;

    #[test]
    fn derives_name_the_crate_through_its_path_with_and_without_mistakes() {
        let valid = derive_callback_data(quote! {
            #[callback_data(crate = my_bot::tb)]
            struct Vote { choice: u8 }
        });
        let mistaken = derive_callback_data(quote! {
            #[callback_data(prefix = "a:b", crate = my_bot::tb)]
            struct Vote { choice: u8 }
        });
        let field = derive_callback_field(quote! {
            #[callback_data(crate = my_bot::tb)]
            struct NotAnEnum { x: u8 }
        });
        for expansion in [valid, mistaken, field] {
            let text = expansion.to_string();
            assert!(
                text.contains("my_bot :: tb :: __private :: callback_data ::"),
                "{text}"
            );
            assert!(!text.contains(":: telebot ::"), "{text}");
        }
    }

    #[test]
    fn a_mistake_still_gives_an_impl() {
        let text = derive_callback_data(quote! {
            #[callback_data(prefix = "")]
            enum Empty {}
        })
        .to_string();
        assert!(text.contains("compile_error"), "{text}");
        assert!(text.contains("CallbackData for Empty"), "{text}");
    }
}
