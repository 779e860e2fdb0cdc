//! Reads a type deriving `CallbackData` or `CallbackField` and checks what can be checked at
//! compile time: the prefix's characters and length, the version, and the type's shape.

use proc_macro2::{Span, TokenStream};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Ident, LitInt, LitStr};

/// The longest prefix: it leaves room for `#` and an 8-character cache key in 64 bytes, and
/// for at least some fields inline.
const MAX_PREFIX_LEN: usize = 40;

/// The fields of a struct or of one enum variant.
pub(crate) enum Shape {
    /// `Struct { a, b }`: the field names.
    Named(Vec<Ident>),
    /// `Struct(a, b)`: how many.
    Unnamed(usize),
    /// `Struct`.
    Unit,
}

impl Shape {
    fn of(fields: &Fields) -> Shape {
        match fields {
            Fields::Named(named) => {
                Shape::Named(named.named.iter().filter_map(|f| f.ident.clone()).collect())
            }
            Fields::Unnamed(unnamed) => Shape::Unnamed(unnamed.unnamed.len()),
            Fields::Unit => Shape::Unit,
        }
    }
}

/// A struct, or an enum's variants in order.
pub(crate) enum Body {
    Struct(Shape),
    Enum(Vec<(Ident, Shape)>),
}

/// A type deriving `CallbackData`.
pub(crate) struct CallbackType {
    pub(crate) name: Ident,
    /// Every field's type, for the `CallbackField` bounds.
    pub(crate) field_types: Vec<syn::Type>,
    pub(crate) prefix: String,
    pub(crate) version: u32,
    pub(crate) body: Body,
}

fn no_generics(input: &DeriveInput, derive: &str) -> syn::Result<()> {
    if input.generics.params.is_empty() && input.generics.where_clause.is_none() {
        return Ok(());
    }
    Err(syn::Error::new(
        input.generics.span(),
        format!(
            "`{derive}` cannot be derived for a generic type; callback data must name one concrete layout"
        ),
    ))
}

fn check_prefix(prefix: &str, span: Span) -> syn::Result<()> {
    if prefix.is_empty() || prefix.len() > MAX_PREFIX_LEN {
        return Err(syn::Error::new(
            span,
            format!(
                "the callback data prefix must be 1–{MAX_PREFIX_LEN} bytes, this one has {}; give a shorter one with #[callback_data(prefix = \"…\")]",
                prefix.len()
            ),
        ));
    }
    if let Some(bad) = prefix
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
    {
        return Err(syn::Error::new(
            span,
            format!(
                "`{bad}` cannot be in a callback data prefix; use letters, digits, `_`, `-` and `.`"
            ),
        ));
    }
    Ok(())
}

impl CallbackType {
    pub(crate) fn parse(input: TokenStream) -> syn::Result<CallbackType> {
        let input: DeriveInput = syn::parse2(input)?;
        no_generics(&input, "CallbackData")?;
        let mut prefix: Option<(String, Span)> = None;
        let mut version: Option<u32> = None;
        for attr in input
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("callback_data"))
        {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("prefix") {
                    let lit: LitStr = meta.value()?.parse()?;
                    prefix = Some((lit.value(), lit.span()));
                    Ok(())
                } else if meta.path.is_ident("version") {
                    let lit: LitInt = meta.value()?.parse()?;
                    version = Some(lit.base10_parse::<u32>().map_err(|_| {
                        syn::Error::new(lit.span(), "the version is a whole number from 0 to 4294967295")
                    })?);
                    Ok(())
                } else {
                    Err(meta.error("unknown option; #[callback_data(…)] takes `prefix = \"…\"` and `version = N`"))
                }
            })?;
        }
        let (prefix, span) =
            prefix.unwrap_or_else(|| (input.ident.to_string(), input.ident.span()));
        check_prefix(&prefix, span)?;
        let field_types: Vec<syn::Type> = match &input.data {
            Data::Struct(data) => data.fields.iter().map(|f| f.ty.clone()).collect(),
            Data::Enum(data) => data
                .variants
                .iter()
                .flat_map(|v| v.fields.iter().map(|f| f.ty.clone()))
                .collect(),
            Data::Union(_) => Vec::new(),
        };
        let body = match &input.data {
            Data::Struct(data) => Body::Struct(Shape::of(&data.fields)),
            Data::Enum(data) => {
                if data.variants.is_empty() {
                    return Err(syn::Error::new(
                        input.ident.span(),
                        "an enum without variants has no value to put in a button",
                    ));
                }
                Body::Enum(
                    data.variants
                        .iter()
                        .map(|v| (v.ident.clone(), Shape::of(&v.fields)))
                        .collect(),
                )
            }
            Data::Union(data) => {
                return Err(syn::Error::new(
                    data.union_token.span(),
                    "`CallbackData` cannot be derived for a union; use a struct or an enum",
                ));
            }
        };
        Ok(CallbackType {
            name: input.ident,
            field_types,
            prefix,
            version: version.unwrap_or(1),
            body,
        })
    }
}

/// An enum of unit variants deriving `CallbackField`.
pub(crate) struct FieldEnum {
    pub(crate) name: Ident,
    pub(crate) variants: Vec<Ident>,
}

impl FieldEnum {
    pub(crate) fn parse(input: TokenStream) -> syn::Result<FieldEnum> {
        let input: DeriveInput = syn::parse2(input)?;
        no_generics(&input, "CallbackField")?;
        let Data::Enum(data) = &input.data else {
            return Err(syn::Error::new(
                input.ident.span(),
                "`CallbackField` is derived for enums of unit variants; a struct can derive `CallbackData` instead",
            ));
        };
        let mut variants = Vec::new();
        for variant in &data.variants {
            if !matches!(variant.fields, Fields::Unit) {
                return Err(syn::Error::new(
                    variant.fields.span(),
                    "a `CallbackField` enum has unit variants only; derive `CallbackData` for an enum with fields",
                ));
            }
            variants.push(variant.ident.clone());
        }
        Ok(FieldEnum {
            name: input.ident,
            variants,
        })
    }
}
