//! Reads a type deriving `CallbackData` or `CallbackField` and checks what can be checked at
//! compile time: the prefix's characters and length, the version, and the type's shape.

use crate::diag::Errors;
use crate::paths::Krate;
use proc_macro2::Span;
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

/// The options of `#[callback_data(…)]` on a type: `prefix`, `version` (for `CallbackData`)
/// and `crate = path` (both derives). A mistake goes to `errors` and the rest is still read.
#[derive(Default)]
pub(crate) struct Options {
    pub(crate) prefix: Option<(String, Span)>,
    pub(crate) version: Option<u32>,
    pub(crate) krate: Krate,
}

impl Options {
    /// Reads the options `derive` takes (`keys`) from the type's attributes.
    pub(crate) fn read(input: &DeriveInput, keys: &[&str], errors: &mut Errors) -> Options {
        let mut options = Options::default();
        let expected = keys
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        for attr in input
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("callback_data"))
        {
            let read = attr.parse_nested_meta(|meta| {
                let key = meta.path.get_ident().map(ToString::to_string);
                match key.as_deref() {
                    Some(key) if !keys.contains(&key) => Err(meta.error(format!(
                        "unknown option; #[callback_data(…)] takes {expected}"
                    ))),
                    Some("prefix") => {
                        let lit: LitStr = meta.value()?.parse()?;
                        options.prefix = Some((lit.value(), lit.span()));
                        Ok(())
                    }
                    Some("version") => {
                        let lit: LitInt = meta.value()?.parse()?;
                        options.version = Some(lit.base10_parse::<u32>().map_err(|_| {
                            syn::Error::new(
                                lit.span(),
                                "the version is a whole number from 0 to 4294967295",
                            )
                        })?);
                        Ok(())
                    }
                    Some("crate") => {
                        let path: syn::Path = meta.value()?.parse()?;
                        options.krate = Krate::at(&path);
                        Ok(())
                    }
                    _ => Err(meta.error(format!(
                        "unknown option; #[callback_data(…)] takes {expected}"
                    ))),
                }
            });
            if let Err(e) = read {
                errors.push(e);
            }
        }
        options
    }
}

impl CallbackType {
    /// The type's layout, or `None` when it has none that can be encoded (the mistakes are in
    /// `errors`).
    pub(crate) fn parse(
        input: &DeriveInput,
        options: &Options,
        errors: &mut Errors,
    ) -> Option<CallbackType> {
        if let Err(e) = no_generics(input, "CallbackData") {
            errors.push(e);
        }
        let (prefix, span) = options
            .prefix
            .clone()
            .unwrap_or_else(|| (input.ident.to_string(), input.ident.span()));
        if let Err(e) = check_prefix(&prefix, span) {
            errors.push(e);
        }
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
            Data::Enum(data) if data.variants.is_empty() => {
                errors.at(
                    &input.ident,
                    "an enum without variants has no value to put in a button",
                );
                return None;
            }
            Data::Enum(data) => Body::Enum(
                data.variants
                    .iter()
                    .map(|v| (v.ident.clone(), Shape::of(&v.fields)))
                    .collect(),
            ),
            Data::Union(data) => {
                errors.at(
                    data.union_token,
                    "`CallbackData` cannot be derived for a union; use a struct or an enum",
                );
                return None;
            }
        };
        Some(CallbackType {
            name: input.ident.clone(),
            field_types,
            prefix,
            version: options.version.unwrap_or(1),
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
    /// The enum's variants, or `None` when it is not an enum of unit variants (the mistakes are
    /// in `errors`).
    pub(crate) fn parse(input: &DeriveInput, errors: &mut Errors) -> Option<FieldEnum> {
        if let Err(e) = no_generics(input, "CallbackField") {
            errors.push(e);
        }
        let Data::Enum(data) = &input.data else {
            errors.at(
                &input.ident,
                "`CallbackField` is derived for enums of unit variants; a struct can derive `CallbackData` instead",
            );
            return None;
        };
        let mut variants = Vec::new();
        for variant in &data.variants {
            if !matches!(variant.fields, Fields::Unit) {
                errors.at(
                    &variant.fields,
                    "a `CallbackField` enum has unit variants only; derive `CallbackData` for an enum with fields",
                );
            }
            variants.push(variant.ident.clone());
        }
        Some(FieldEnum {
            name: input.ident.clone(),
            variants,
        })
    }
}
