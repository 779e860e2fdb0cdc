//! The one place that names paths in generated code: `::telebot::__private::…`, or the crate
//! given with `crate = path`.

use proc_macro2::{Group, Span, TokenStream, TokenTree};
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

    /// `<crate>::__private::callback_data`: the callback-data traits and their codec.
    pub(crate) fn callback_data(&self) -> TokenStream {
        let private = self.private();
        quote!(#private::callback_data)
    }

    /// [`callback_data`](Self::callback_data) with every token at `span`.
    pub(crate) fn callback_data_at(&self, span: Span) -> TokenStream {
        respan(self.callback_data(), span)
    }

    /// Reads `attr` as one of telebot's attributes whose name `ours` accepts (`#[command(…)]`
    /// or `#[telebot::command(…)]`): its name and arguments. A bare one is spelled out with the
    /// crate's path (`#[::telebot::command(…)]`), so a module under `#[telebot::bot]` or
    /// `#[telebot::conversation]` needs no `use` for it. Other attributes are left alone.
    pub(crate) fn spell_attribute(
        &self,
        attr: &mut syn::Attribute,
        ours: impl Fn(&str) -> bool,
    ) -> Option<(String, TokenStream)> {
        let path = attr.path();
        let name = path.segments.last()?.ident.clone();
        let bare = path.segments.len() == 1;
        if !ours(&name.to_string())
            || !(bare || path.segments.first().is_some_and(|s| s.ident == "telebot"))
        {
            return None;
        }
        let args = match &attr.meta {
            syn::Meta::List(list) => list.tokens.clone(),
            _ => TokenStream::new(),
        };
        if bare {
            let root = &self.0;
            *attr = syn::parse_quote!(#[#root::#name(#args)]);
        }
        Some((name.to_string(), args))
    }
}

/// `tokens` with every token, inside groups too, at `span`.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|token| match token {
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), respan(group.stream(), span));
                inner.set_span(span);
                TokenTree::Group(inner)
            }
            mut other => {
                other.set_span(span);
                other
            }
        })
        .collect()
}
