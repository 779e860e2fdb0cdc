//! Typed command arguments: `Args<(i64, String)>`, `Args<Vec<u32>>`, `Args<(String, Rest)>`,
//! and `Rest` alone for all the text after the command.

use super::kind::Command;
use super::{ExtractError, FromContext};
use crate::commands::Usage;
use crate::context::CallbackContext;

/// The command's arguments parsed into `T`: a tuple of argument types, a `Vec` of one type, or a
/// tuple ending in [`Rest`] (the remaining words joined). When they do not parse, the user is
/// answered with a usage line and the function is not called.
#[derive(Debug, Clone, PartialEq)]
pub struct Args<T>(pub T);

/// Everything after the preceding arguments, joined with single spaces (at least one word).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rest(pub String);

/// One argument: parsed from a word, with a name for usage lines.
pub trait FromArg: Sized {
    /// Parses one word.
    fn from_arg(word: &str) -> Result<Self, String>;
    /// The placeholder in usage lines (`<integer>`).
    fn placeholder() -> &'static str;
}

macro_rules! from_arg {
    ($($ty:ty => $placeholder:literal, $what:literal;)*) => {
        $(
            impl FromArg for $ty {
                fn from_arg(word: &str) -> Result<Self, String> {
                    word.parse().map_err(|_| format!("`{word}` is not {}", $what))
                }
                fn placeholder() -> &'static str {
                    $placeholder
                }
            }
        )*
    };
}

from_arg! {
    i64 => "<integer>", "an integer";
    i32 => "<integer>", "an integer";
    u64 => "<number>", "a whole number";
    u32 => "<number>", "a whole number";
    usize => "<number>", "a whole number";
    f64 => "<decimal>", "a number";
    f32 => "<decimal>", "a number";
    bool => "<true|false>", "true or false";
    char => "<character>", "a single character";
}

impl FromArg for String {
    fn from_arg(word: &str) -> Result<Self, String> {
        Ok(word.to_string())
    }
    fn placeholder() -> &'static str {
        "<text>"
    }
}

/// A whole argument list.
pub trait FromArgs: Sized {
    /// Parses the words after the command.
    fn from_args(words: &[String]) -> Result<Self, String>;
    /// The argument part of the usage line.
    fn usage() -> String;
}

impl<T: FromArg> FromArgs for Vec<T> {
    fn from_args(words: &[String]) -> Result<Self, String> {
        words.iter().map(|w| T::from_arg(w)).collect()
    }
    fn usage() -> String {
        format!("{}…", T::placeholder())
    }
}

macro_rules! tuple_args {
    ($n:literal; $($t:ident),+) => {
        impl<$($t: FromArg),+> FromArgs for ($($t,)+) {
            #[allow(non_snake_case)]
            fn from_args(words: &[String]) -> Result<Self, String> {
                if words.len() != $n {
                    return Err(format!("expected {} argument{}, got {}", $n, if $n == 1 { "" } else { "s" }, words.len()));
                }
                let mut it = words.iter();
                $(let $t = $t::from_arg(it.next().map(String::as_str).unwrap_or_default())?;)+
                Ok(($($t,)+))
            }
            fn usage() -> String {
                [$($t::placeholder()),+].join(" ")
            }
        }

        impl<$($t: FromArg),+> FromArgs for ($($t,)+ Rest) {
            #[allow(non_snake_case)]
            fn from_args(words: &[String]) -> Result<Self, String> {
                if words.len() <= $n {
                    return Err(format!("expected at least {} arguments, got {}", $n + 1, words.len()));
                }
                let mut it = words.iter();
                $(let $t = $t::from_arg(it.next().map(String::as_str).unwrap_or_default())?;)+
                let rest = it.map(String::as_str).collect::<Vec<_>>().join(" ");
                Ok(($($t,)+ Rest(rest)))
            }
            fn usage() -> String {
                format!("{} <text…>", [$($t::placeholder()),+].join(" "))
            }
        }
    };
}

tuple_args!(1; A);
tuple_args!(2; A, B);
tuple_args!(3; A, B, C);
tuple_args!(4; A, B, C, D);
tuple_args!(5; A, B, C, D, E);
tuple_args!(6; A, B, C, D, E, F);

impl FromArgs for Rest {
    fn from_args(words: &[String]) -> Result<Self, String> {
        if words.is_empty() {
            return Err("expected some text after the command".to_string());
        }
        Ok(Rest(words.join(" ")))
    }
    fn usage() -> String {
        "<text…>".to_string()
    }
}

impl<T: FromArgs + Send> FromContext<Command> for Args<T> {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        T::from_args(ctx.args())
            .map(Args)
            .map_err(|problem| usage_error(ctx, &T::usage(), &problem))
    }
}

/// Optional arguments: `None` after a bare `/command`, the parsed arguments after
/// `/command <words>` (words that do not fit get the usage reply, as with [`Args`]). One handler
/// then takes `/start` and `/start <payload>` (a deep link) alike.
impl<T: FromArgs + Send> FromContext<Command> for Option<Args<T>> {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        if ctx.args().is_empty() {
            return Ok(None);
        }
        Args::<T>::from_context(ctx).await.map(Some)
    }
}

impl FromContext<Command> for Rest {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        Rest::from_args(ctx.args()).map_err(|problem| usage_error(ctx, &Rest::usage(), &problem))
    }
}

/// The usage reply for arguments that do not fit: the argument names the handler declares
/// (when they match the placeholders one to one), its description, and the problem, worded
/// by the application's [`CommandOptions`](crate::commands::CommandOptions).
fn usage_error(ctx: &CallbackContext, placeholders: &str, problem: &str) -> ExtractError {
    let info = ctx.command_info();
    let params = info.map(|i| i.params.as_slice()).unwrap_or_default();
    let arguments = if !params.is_empty() && params.len() == placeholders.split(' ').count() {
        params
            .iter()
            .map(|p| format!("<{p}>"))
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        placeholders.to_string()
    };
    let command = ctx.command().unwrap_or_default();
    let usage = Usage {
        prefix: &typed_prefix(ctx, command),
        command,
        arguments: &arguments,
        description: info.and_then(|i| i.description.as_deref()),
        problem,
    };
    ExtractError::Usage {
        usage: (ctx.host().commands().options.usage)(&usage),
    }
}

/// What precedes the command in the message: `/` for a bot command (`/add@bot` too), the
/// prefix of a prefix command (`!` in `!ban`).
fn typed_prefix(ctx: &CallbackContext, command: &str) -> String {
    let first = ctx
        .update()
        .and_then(|u| u.effective_message())
        .and_then(|m| m.text.as_deref().or(m.caption.as_deref()))
        .and_then(|text| text.split_whitespace().next())
        .unwrap_or("/");
    if first.starts_with('/') {
        return "/".to_string();
    }
    let keep = first
        .chars()
        .count()
        .saturating_sub(command.chars().count());
    first.chars().take(keep).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn tuples_vectors_and_rest() {
        assert_eq!(<(i64, i64)>::from_args(&words("2 40")), Ok((2, 40)));
        assert_eq!(
            <(i64, i64)>::from_args(&words("2")),
            Err("expected 2 arguments, got 1".into())
        );
        assert_eq!(
            <(i64, i64)>::from_args(&words("2 x")),
            Err("`x` is not an integer".into())
        );
        assert_eq!(<Vec<u32>>::from_args(&words("1 2 3")), Ok(vec![1, 2, 3]));
        assert_eq!(
            <(String, Rest)>::from_args(&words("to bob hello there")).map(|t| t.1),
            Ok(Rest("bob hello there".into()))
        );
        assert_eq!(<(i64, i64)>::usage(), "<integer> <integer>");
    }
}
