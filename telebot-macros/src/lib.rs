//! Procedural macros of telebot: handler attributes, the command set and the bot entry point.
//!
//! The macros arrive with the declarative DSL; this crate is the place they live.

mod callback_data;

use proc_macro::TokenStream;

/// Derives `telebot::callback_data::CallbackData`: the type travels in inline buttons.
///
/// ```text
/// #[derive(CallbackData)]
/// #[callback_data(prefix = "vote", version = 2)]   // both optional: the type's name, 1
/// struct Vote { poll: u32, choice: Choice }
/// ```
///
/// Fields are written in declaration order, each with `CallbackField` (integers, `bool`,
/// `char`, `String`, `Option` of those, enums deriving `CallbackField`); an enum writes its
/// variant's number, then the variant's fields. The prefix (1–40 of letters, digits, `_`, `-`,
/// `.`) and the version are checked at compile time. Bump the version when the fields change.
#[proc_macro_derive(CallbackData, attributes(callback_data))]
pub fn derive_callback_data(input: TokenStream) -> TokenStream {
    callback_data::derive_callback_data(input.into()).into()
}

/// Derives `telebot::callback_data::CallbackField` for an enum of unit variants, written as the
/// variant's number, so it can be a field of callback data.
#[proc_macro_derive(CallbackField)]
pub fn derive_callback_field(input: TokenStream) -> TokenStream {
    callback_data::derive_callback_field(input.into()).into()
}
