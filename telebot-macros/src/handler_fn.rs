//! The shared model of an annotated function: its parameters, return type and doc comment, and
//! the checks every handler attribute makes (async, free, not generic).

use crate::diag::Errors;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, FnArg, ItemFn, Lit, Pat, ReturnType, Type};

/// One parameter: its pattern and type.
pub(crate) struct Param {
    pub(crate) pat: Pat,
    pub(crate) ty: Type,
}

/// An `async fn` with a handler attribute.
pub(crate) struct HandlerFn {
    pub(crate) item: ItemFn,
    pub(crate) params: Vec<Param>,
}

impl HandlerFn {
    /// Reads the function, reporting what makes it unfit to be a handler.
    pub(crate) fn new(item: ItemFn, errors: &mut Errors) -> HandlerFn {
        let sig = &item.sig;
        let name = &sig.ident;
        if sig.asyncness.is_none() {
            errors.at(
                sig.fn_token,
                format!("handlers are async functions: write `async fn {name}`"),
            );
        }
        if let Some(constness) = &sig.constness {
            errors.at(constness, "a handler cannot be a `const fn`");
        }
        if let Some(abi) = &sig.abi {
            errors.at(abi, "a handler cannot have an `extern` ABI");
        }
        if !sig.generics.params.is_empty() {
            errors.at(
                &sig.generics,
                format!(
                    "handlers cannot be generic: the parameter types of `{name}` must be concrete \
                     so that each one can be extracted; write a non-generic wrapper that calls the \
                     generic function"
                ),
            );
        } else if let Some(clause) = &sig.generics.where_clause {
            errors.at(clause, "handlers cannot have a `where` clause");
        }
        if let Some(variadic) = &sig.variadic {
            errors.at(variadic, "a handler cannot be variadic");
        }
        let mut params = Vec::new();
        for input in &sig.inputs {
            match input {
                FnArg::Receiver(receiver) => errors.at(
                    receiver,
                    "a handler is a free function, not a method: remove `self` and move the \
                     function out of the `impl` block (put shared values in `State<T>`)",
                ),
                FnArg::Typed(typed) => {
                    if let Type::Reference(reference) = &*typed.ty
                        && let Some(mutability) = &reference.mutability
                    {
                        let (and, elem) = (&reference.and_token, &reference.elem);
                        errors.between(
                            &quote::quote!(#and),
                            &quote::quote!(#mutability),
                            format!(
                                "a handler borrows its parameters from the update shared with \
                                 the other handlers, so not mutably: take `{}` by value to \
                                 change it",
                                quote::quote!(#elem)
                            ),
                        );
                    }
                    params.push(Param {
                        pat: (*typed.pat).clone(),
                        ty: (*typed.ty).clone(),
                    });
                }
            }
        }
        if params.len() > 16 {
            errors.at(
                &sig.inputs,
                format!(
                    "a handler takes at most 16 parameters; `{name}` has {}",
                    params.len()
                ),
            );
        }
        HandlerFn { item, params }
    }

    /// The span for errors about the return type: the type, or the name when it returns `()`.
    pub(crate) fn output_span(&self) -> proc_macro2::Span {
        match &self.item.sig.output {
            ReturnType::Type(_, ty) => ty.span(),
            ReturnType::Default => self.item.sig.ident.span(),
        }
    }

    /// The first paragraph of the doc comment, lines joined with spaces.
    pub(crate) fn doc_summary(&self) -> Option<String> {
        summary(&self.item.attrs)
    }

    /// The parameter whose type's last path segment is `name` (`Args`, `Groups`, …).
    pub(crate) fn param_of(&self, name: &str) -> Option<&Param> {
        self.params
            .iter()
            .find(|p| last_segment(&p.ty).as_deref() == Some(name))
    }
}

/// The last segment of a type path: `Args` for `telebot::extract::Args<(i64,)>`.
pub(crate) fn last_segment(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// The generic type argument of a one-argument type path (`T` in `Args<T>`).
pub(crate) fn type_argument(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let syn::PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(ty) => Some(ty),
        _ => None,
    }
}

/// The identifiers bound inside a newtype tuple pattern, with their spans: `a`, `b` in
/// `Args((a, b))`; `None` when the pattern is not of that shape. `_` binds as `"_"`.
pub(crate) fn tuple_bindings(pat: &Pat) -> Option<Vec<(String, proc_macro2::Span)>> {
    let Pat::TupleStruct(outer) = pat else {
        return None;
    };
    let Some(Pat::Tuple(inner)) = outer.elems.first() else {
        return None;
    };
    inner
        .elems
        .iter()
        .map(|p| match p {
            Pat::Ident(ident) => Some((ident.ident.to_string(), ident.ident.span())),
            Pat::Wild(wild) => Some(("_".to_string(), wild.span())),
            _ => None,
        })
        .collect()
}

fn summary(attrs: &[Attribute]) -> Option<String> {
    let mut lines = Vec::new();
    for attr in attrs {
        if !attr.path().is_ident("doc") {
            continue;
        }
        let syn::Meta::NameValue(nv) = &attr.meta else {
            continue;
        };
        if let Expr::Lit(syn::ExprLit {
            lit: Lit::Str(s), ..
        }) = &nv.value
        {
            lines.push(s.value());
        }
    }
    let paragraph: Vec<String> = lines
        .iter()
        .flat_map(|l| {
            l.split('\n')
                .map(|l| l.trim().to_string())
                .collect::<Vec<_>>()
        })
        .skip_while(|l| l.is_empty())
        .take_while(|l| !l.is_empty())
        .collect();
    (!paragraph.is_empty()).then(|| paragraph.join(" "))
}
