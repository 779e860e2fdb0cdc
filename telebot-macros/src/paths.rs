//! The one place that names paths in generated code: `::telebot::__private::…`, or the crate
//! given with `crate = path`.

use proc_macro2::TokenStream;
use quote::quote;

/// The path to the telebot crate in generated code.
#[derive(Clone)]
pub(crate) struct Krate(TokenStream);

impl Default for Krate {
    fn default() -> Self {
        Krate(quote!(::telebot))
    }
}

impl Krate {
    /// The crate at a path the user gave (`crate = my_bot::telebot`).
    pub(crate) fn at(path: &syn::Path) -> Self {
        Krate(quote!(#path))
    }

    /// `<crate>::__private`.
    pub(crate) fn private(&self) -> TokenStream {
        let krate = &self.0;
        quote!(#krate::__private)
    }

    /// The crate root itself.
    pub(crate) fn root(&self) -> &TokenStream {
        &self.0
    }
}
