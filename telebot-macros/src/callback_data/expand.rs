//! The generated trait impls: fields written in declaration order, enums as the variant's
//! number followed by its fields.

use super::parse::{Body, CallbackType, FieldEnum, Shape};
use crate::diag::Errors;
use crate::paths::Krate;
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::DeriveInput;
use syn::spanned::Spanned;

/// Statements writing a shape's fields, each a binding already in scope.
fn write(shape: &Shape, access: impl Fn(TokenStream) -> TokenStream) -> TokenStream {
    match shape {
        Shape::Named(names) => names
            .iter()
            .map(|name| {
                let value = access(quote!(#name));
                quote!(out.field(#value);)
            })
            .collect(),
        Shape::Unnamed(n) => (0..*n)
            .map(|i| {
                let index = syn::Index::from(i);
                let value = access(quote!(#index));
                quote!(out.field(#value);)
            })
            .collect(),
        Shape::Unit => TokenStream::new(),
    }
}

/// A constructor of `path` reading each field in turn.
fn read(path: TokenStream, shape: &Shape) -> TokenStream {
    match shape {
        Shape::Named(names) => quote!(#path { #(#names: fields.field()?,)* }),
        Shape::Unnamed(n) => {
            let reads = (0..*n).map(|_| quote!(fields.field()?));
            quote!(#path(#(#reads),*))
        }
        Shape::Unit => path,
    }
}

/// A pattern binding a variant's fields to `f0, f1, …` or their names.
fn bind(path: TokenStream, shape: &Shape) -> (TokenStream, Vec<TokenStream>) {
    match shape {
        Shape::Named(names) => (
            quote!(#path { #(#names),* }),
            names.iter().map(|n| quote!(#n)).collect(),
        ),
        Shape::Unnamed(n) => {
            let names: Vec<_> = (0..*n).map(|i| format_ident!("f{i}")).collect();
            (
                quote!(#path(#(#names),*)),
                names.iter().map(|n| quote!(#n)).collect(),
            )
        }
        Shape::Unit => (path, Vec::new()),
    }
}

/// The `CallbackData` impl of a valid type.
pub(crate) fn callback_data(ty: &CallbackType, krate: &Krate) -> TokenStream {
    let name = &ty.name;
    let prefix = &ty.prefix;
    let version = ty.version;
    let cd = krate.callback_data();
    let (write_body, read_body) = match &ty.body {
        Body::Struct(shape) => (write(shape, |field| quote!(&self.#field)), {
            let make = read(quote!(Self), shape);
            quote!(::core::result::Result::Ok(#make))
        }),
        Body::Enum(variants) => {
            let writes = variants.iter().enumerate().map(|(i, (variant, shape))| {
                let index = i as u32;
                let (pattern, bindings) = bind(quote!(Self::#variant), shape);
                let fields = bindings.iter().map(|b| quote!(out.field(#b);));
                quote!(#pattern => { out.field(&#index); #(#fields)* })
            });
            let reads = variants.iter().enumerate().map(|(i, (variant, shape))| {
                let index = i as u32;
                let make = read(quote!(Self::#variant), shape);
                quote!(#index => ::core::result::Result::Ok(#make),)
            });
            (
                quote!(match self { #(#writes)* }),
                quote!(match fields.variant()? {
                    #(#reads)*
                    other => ::core::result::Result::Err(#cd::FieldError::UnknownVariant(other)),
                }),
            )
        }
    };
    // One bound per field, at the field's type: a type without an encoding is one error there.
    let bounds = ty.field_types.iter().map(|field| {
        let cd = krate.callback_data_at(field.span());
        quote_spanned!(field.span()=> #field: #cd::CallbackField)
    });
    quote! {
        impl #cd::CallbackData for #name where #(#bounds),* {
            const PREFIX: &'static str = #prefix;
            const VERSION: u32 = #version;

            fn write_fields(&self, out: &mut #cd::Packer) {
                #write_body
            }

            fn read_fields(
                fields: &mut #cd::Unpacker<'_>,
            ) -> ::core::result::Result<Self, #cd::FieldError> {
                #read_body
            }
        }
    }
}

/// The `CallbackField` impl of a valid enum.
pub(crate) fn callback_field(ty: &FieldEnum, krate: &Krate) -> TokenStream {
    let name = &ty.name;
    let cd = krate.callback_data();
    let indexes: Vec<u32> = (0..ty.variants.len() as u32).collect();
    let variants = &ty.variants;
    quote! {
        impl #cd::CallbackField for #name {
            const NAME: &'static str = ::core::stringify!(#name);

            fn write(&self, out: &mut ::std::string::String) {
                let index: u32 = match self { #(Self::#variants => #indexes,)* };
                #cd::CallbackField::write(&index, out);
            }

            fn read(text: &str) -> ::core::option::Option<Self> {
                match <u32 as #cd::CallbackField>::read(text)? {
                    #(#indexes => ::core::option::Option::Some(Self::#variants),)*
                    _ => ::core::option::Option::None,
                }
            }
        }
    }
}

/// After a mistake: the errors, and a `CallbackData` impl whose methods are never reached, so
/// that uses of the type (`Callback<T>`, `button(…)`) add no error of their own.
pub(crate) fn fallback_data(input: &DeriveInput, krate: &Krate, errors: &Errors) -> TokenStream {
    let cd = krate.callback_data();
    let (impl_generics, self_ty, where_clause) = stub_parts(input);
    let errors = errors.to_compile_errors();
    quote! {
        #errors
        impl #impl_generics #cd::CallbackData for #self_ty #where_clause {
            const PREFIX: &'static str = "";
            fn write_fields(&self, _: &mut #cd::Packer) {}
            fn read_fields(
                _: &mut #cd::Unpacker<'_>,
            ) -> ::core::result::Result<Self, #cd::FieldError> {
                ::core::result::Result::Err(#cd::FieldError::Missing { index: 0 })
            }
        }
    }
}

/// After a mistake: the errors, and a `CallbackField` impl that reads nothing.
pub(crate) fn fallback_field(input: &DeriveInput, krate: &Krate, errors: &Errors) -> TokenStream {
    let cd = krate.callback_data();
    let name = &input.ident;
    let (impl_generics, self_ty, where_clause) = stub_parts(input);
    let errors = errors.to_compile_errors();
    quote! {
        #errors
        impl #impl_generics #cd::CallbackField for #self_ty #where_clause {
            const NAME: &'static str = ::core::stringify!(#name);
            fn write(&self, _: &mut ::std::string::String) {}
            fn read(_: &str) -> ::core::option::Option<Self> {
                ::core::option::Option::None
            }
        }
    }
}

/// The generics, type and where clause of a stub impl: the type's own, with the bounds the
/// traits ask of `Self`, so that a generic type's stub adds no error either.
fn stub_parts(input: &DeriveInput) -> (TokenStream, TokenStream, TokenStream) {
    let name = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let bound =
        quote!(Self: ::core::marker::Sized + ::core::marker::Send + ::core::marker::Sync + 'static);
    let where_clause = match where_clause {
        Some(clause) if !clause.predicates.is_empty() => {
            let predicates = &clause.predicates;
            quote!(where #predicates, #bound)
        }
        _ => quote!(where #bound),
    };
    (
        quote!(#impl_generics),
        quote!(#name #ty_generics),
        where_clause,
    )
}
