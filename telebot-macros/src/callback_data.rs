//! `#[derive(CallbackData)]` and `#[derive(CallbackField)]`: parse the type and its
//! `#[callback_data(…)]` options, validate them, expand into the runtime's traits.

mod expand;
mod parse;

use proc_macro2::TokenStream;

/// The `CallbackData` derive.
pub(crate) fn derive_callback_data(input: TokenStream) -> TokenStream {
    match parse::CallbackType::parse(input) {
        Ok(ty) => expand::callback_data(&ty),
        Err(error) => error.to_compile_error(),
    }
}

/// The `CallbackField` derive (enums of unit variants).
pub(crate) fn derive_callback_field(input: TokenStream) -> TokenStream {
    match parse::FieldEnum::parse(input) {
        Ok(ty) => expand::callback_field(&ty),
        Err(error) => error.to_compile_error(),
    }
}
