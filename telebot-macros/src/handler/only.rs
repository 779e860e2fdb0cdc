//! Whose updates an update-kind attribute takes (`chat_id`, `chat_username`, `user_id`,
//! `username`): one value or a list, checked here and handed to the runtime handler's
//! restriction methods.

use crate::args;
use crate::diag::Errors;
use proc_macro2::TokenStream;
use quote::quote;
use syn::{Expr, Ident, LitStr};

/// The restrictions an attribute gives (each `None` when not given).
#[derive(Default)]
pub(crate) struct Only {
    chat_ids: Option<Vec<i64>>,
    chat_usernames: Option<Vec<LitStr>>,
    user_ids: Option<Vec<i64>>,
    usernames: Option<Vec<LitStr>>,
}

impl Only {
    /// Reads `key = value` when `key` is a restriction key; false for any other key.
    pub(crate) fn read(&mut self, key: &Ident, value: &Expr, errors: &mut Errors) -> bool {
        match key.to_string().as_str() {
            "chat_id" => self.chat_ids = Some(ids(key, value, errors)),
            "user_id" => self.user_ids = Some(ids(key, value, errors)),
            "chat_username" => self.chat_usernames = Some(usernames(key, value, errors)),
            "username" => self.usernames = Some(usernames(key, value, errors)),
            _ => return false,
        }
        true
    }

    /// The builder calls on the runtime handler (`.chat_ids([…])`, …), empty when none is given.
    pub(crate) fn calls(&self) -> TokenStream {
        let mut out = TokenStream::new();
        if let Some(ids) = &self.chat_ids {
            out.extend(quote!(.chat_ids([#(#ids),*])));
        }
        if let Some(names) = &self.chat_usernames {
            out.extend(quote!(.chat_usernames([#(#names),*])));
        }
        if let Some(ids) = &self.user_ids {
            out.extend(quote!(.user_ids([#(#ids),*])));
        }
        if let Some(names) = &self.usernames {
            out.extend(quote!(.usernames([#(#names),*])));
        }
        out
    }
}

/// The elements of `value`: a list's, or the one value.
fn elements(value: &Expr) -> Vec<&Expr> {
    match value {
        Expr::Array(array) => array.elems.iter().collect(),
        single => vec![single],
    }
}

/// `chat_id = -1001234` or `chat_id = [1, 2]`.
fn ids(key: &Ident, value: &Expr, errors: &mut Errors) -> Vec<i64> {
    let elements = elements(value);
    if elements.is_empty() {
        errors.at(value, format!("`{key}` needs at least one id"));
    }
    elements
        .into_iter()
        .filter_map(|element| args::int(errors, key, element))
        .collect()
}

/// `username = "alice"` or `username = ["@alice", "bob"]`: Telegram's usernames are 5 to 32
/// letters, digits and underscores (an `@` in front is allowed and ignored).
fn usernames(key: &Ident, value: &Expr, errors: &mut Errors) -> Vec<LitStr> {
    let elements = elements(value);
    if elements.is_empty() {
        errors.at(value, format!("`{key}` needs at least one username"));
    }
    let mut out = Vec::new();
    for element in elements {
        let Some(name) = args::string(errors, key, element) else {
            continue;
        };
        let plain = name.value();
        let plain = plain.strip_prefix('@').unwrap_or(&plain);
        let valid = (5..=32).contains(&plain.len())
            && plain.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if valid {
            out.push(name);
        } else {
            errors.at(
                &name,
                format!(
                    "`{key}`: {:?} is not a Telegram username (5 to 32 letters, digits or `_`, an `@` in front allowed)",
                    name.value()
                ),
            );
        }
    }
    out
}
