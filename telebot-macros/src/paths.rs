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

    /// The options of an attribute whose only option is `crate = path` (`#[telebot::bot]`,
    /// `#[telebot::main]`): the crate it names, or telebot's own path without options (and
    /// after a mistake, which goes to `errors`).
    pub(crate) fn only_option(
        args: TokenStream,
        attribute: &str,
        errors: &mut crate::diag::Errors,
    ) -> Self {
        let mut krate = Krate::default();
        let parser = syn::meta::parser(|meta| {
            if meta.path.is_ident("crate") {
                let path: syn::Path = meta.value()?.parse().map_err(|e| {
                    syn::Error::new(e.span(), "`crate` takes a path: `crate = ::telebot`")
                })?;
                krate = Krate::at(&path);
                Ok(())
            } else {
                let name = meta
                    .path
                    .get_ident()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                Err(meta.error(format!(
                    "unknown option `{name}` for `#[{attribute}]`; expected `crate = path`"
                )))
            }
        });
        match syn::parse::Parser::parse2(parser, args) {
            Ok(()) => krate,
            Err(e) => {
                errors.push(e);
                Krate::default()
            }
        }
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
