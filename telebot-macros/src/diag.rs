//! Collects every user error of one macro call, so that independent mistakes are reported
//! together.

use proc_macro2::TokenStream;
use std::fmt::Display;
use syn::spanned::Spanned;

/// The errors found so far.
#[derive(Default)]
pub(crate) struct Errors {
    list: Vec<syn::Error>,
}

impl Errors {
    /// An error at `at`'s span.
    pub(crate) fn at(&mut self, at: impl Spanned, message: impl Display) {
        self.list.push(syn::Error::new(at.span(), message));
    }

    /// An error spanning from `from` to `to` (two places in one file; the compiler underlines
    /// the stretch between them).
    pub(crate) fn between(&mut self, from: &TokenStream, to: &TokenStream, message: impl Display) {
        let tokens = quote::quote!(#from #to);
        self.list.push(syn::Error::new_spanned(tokens, message));
    }

    /// An error from syn.
    pub(crate) fn push(&mut self, error: syn::Error) {
        self.list.push(error);
    }

    /// Whether nothing went wrong.
    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The errors as `compile_error!` invocations.
    pub(crate) fn to_compile_errors(&self) -> TokenStream {
        self.list.iter().map(syn::Error::to_compile_error).collect()
    }
}
