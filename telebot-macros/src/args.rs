//! Attribute arguments as written: string literals, `key`, `key = value`, `key(…)`. Each
//! attribute reads the keys it knows from this list; what it does not know is an error that
//! lists the keys it does.

use crate::diag::Errors;
use proc_macro2::TokenStream;
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Expr, Ident, Lit, LitStr, Token};

/// One argument.
pub(crate) enum Arg {
    /// A positional string literal.
    Literal(LitStr),
    /// `key`.
    Flag(Ident),
    /// `key = value`.
    Value(Ident, Expr),
    /// `key(a = "…", b = "…")`.
    List(Ident, Vec<(Ident, Expr)>),
}

impl Arg {
    /// The key, for keyed arguments.
    pub(crate) fn key(&self) -> Option<&Ident> {
        match self {
            Arg::Literal(_) => None,
            Arg::Flag(key) | Arg::Value(key, _) | Arg::List(key, _) => Some(key),
        }
    }
}

fn parse_arg(input: ParseStream) -> syn::Result<Arg> {
    if input.peek(LitStr) {
        return Ok(Arg::Literal(input.parse()?));
    }
    let key = Ident::parse_any(input)?;
    if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
        return Ok(Arg::Value(key, input.parse()?));
    }
    if input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in input);
        let pairs = Punctuated::<(Ident, Expr), Token![,]>::parse_terminated_with(&content, |p| {
            let key = Ident::parse_any(p)?;
            p.parse::<Token![=]>()?;
            Ok((key, p.parse()?))
        })?;
        return Ok(Arg::List(key, pairs.into_iter().collect()));
    }
    Ok(Arg::Flag(key))
}

/// Parses the arguments of an attribute.
pub(crate) fn parse(tokens: TokenStream) -> syn::Result<Vec<Arg>> {
    let parser =
        |input: ParseStream| Punctuated::<Arg, Token![,]>::parse_terminated_with(input, parse_arg);
    Ok(parser.parse2(tokens)?.into_iter().collect())
}

/// "unknown key `x`; expected one of …" at the key.
pub(crate) fn unknown_key(errors: &mut Errors, key: &Ident, attribute: &str, known: &[&str]) {
    let list: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
    let hint = if list.is_empty() {
        format!("`#[{attribute}]` takes no options besides `group`, `block` and `crate`")
    } else {
        format!("expected one of {}", list.join(", "))
    };
    errors.at(
        key,
        format!("unknown option `{key}` for `#[{attribute}]`; {hint}"),
    );
}

/// A string literal value, or an error at the value.
pub(crate) fn string(errors: &mut Errors, key: &Ident, value: &Expr) -> Option<LitStr> {
    if let Expr::Lit(syn::ExprLit {
        lit: Lit::Str(s), ..
    }) = value
    {
        return Some(s.clone());
    }
    errors.at(
        value,
        format!("`{key}` takes a string literal: `{key} = \"…\"`"),
    );
    None
}

/// A `true`/`false` value (or nothing, for a bare flag), or an error at the value.
pub(crate) fn boolean(errors: &mut Errors, arg: &Arg) -> Option<bool> {
    match arg {
        Arg::Flag(_) => Some(true),
        Arg::Value(key, Expr::Lit(lit)) => match &lit.lit {
            Lit::Bool(b) => Some(b.value),
            _ => {
                errors.at(lit, format!("`{key}` is `true` or `false`"));
                None
            }
        },
        Arg::Value(key, value) => {
            errors.at(value, format!("`{key}` is `true` or `false`"));
            None
        }
        Arg::List(key, _) => {
            errors.at(
                key,
                format!("`{key}` is a flag: write `{key}` or `{key} = false`"),
            );
            None
        }
        Arg::Literal(_) => None,
    }
}

/// An integer literal (possibly negative) that fits an `i32`, or an error at the value.
pub(crate) fn int(errors: &mut Errors, key: &Ident, value: &Expr) -> Option<i64> {
    let (negative, lit) = match value {
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Neg(_)) => (true, &*u.expr),
        other => (false, other),
    };
    if let Expr::Lit(syn::ExprLit {
        lit: Lit::Int(int), ..
    }) = lit
        && let Ok(n) = int.base10_parse::<i64>()
    {
        return Some(if negative { -n } else { n });
    }
    errors.at(value, format!("`{key}` takes an integer: `{key} = 1`"));
    None
}
