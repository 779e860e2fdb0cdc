//! Regex patterns checked at compile time with the parser the `regex` crate itself uses, and
//! their capture groups checked against a `Groups` parameter.

use crate::diag::Errors;
use crate::handler_fn::{HandlerFn, tuple_bindings, type_argument};
use regex_syntax::hir::{Hir, HirKind};
use syn::{LitStr, Type};

/// A pattern that compiles, with its capture groups (1, 2, …) and their names.
pub(crate) struct Pattern {
    pub(crate) literal: LitStr,
    groups: Vec<Option<String>>,
}

impl Pattern {
    /// Parses a pattern literal, or reports the regex error at it.
    pub(crate) fn parse(literal: &LitStr, errors: &mut Errors) -> Option<Pattern> {
        match regex_syntax::Parser::new().parse(&literal.value()) {
            Ok(hir) => {
                let mut groups = Vec::new();
                collect(&hir, &mut groups);
                groups.sort_by_key(|(index, _)| *index);
                Some(Pattern {
                    literal: literal.clone(),
                    groups: groups.into_iter().map(|(_, name)| name).collect(),
                })
            }
            Err(e) => {
                errors.at(literal, format!("this regex does not compile:\n{e}"));
                None
            }
        }
    }

    /// Checks a `Groups<(A, B, …)>` parameter against the pattern: one type per group, and
    /// bindings named like the named groups they take.
    pub(crate) fn check_groups(&self, handler: &HandlerFn, errors: &mut Errors) {
        let Some(param) = handler.param_of("Groups") else {
            return;
        };
        let Some(Type::Tuple(tuple)) = type_argument(&param.ty) else {
            return;
        };
        let wanted = tuple.elems.len();
        let have = self.groups.len();
        if wanted != have {
            errors.at(
                &param.ty,
                format!(
                    "`Groups` asks for {wanted} capture group{} but the pattern {:?} has {have}; {}",
                    plural(wanted),
                    self.literal.value(),
                    if wanted > have {
                        "add groups `(…)` to the pattern or remove types from `Groups`"
                    } else {
                        "list one type per group, or make groups non-capturing with `(?:…)`"
                    }
                ),
            );
            return;
        }
        let Some(bindings) = tuple_bindings(&param.pat) else {
            return;
        };
        for (i, ((binding, span), group)) in bindings.iter().zip(&self.groups).enumerate() {
            if let Some(group) = group
                && binding != "_"
                && binding != group
            {
                errors.at(
                    *span,
                    format!(
                        "group {} of the pattern is named `{group}`, but `Groups` binds it as `{binding}`; bind it as `{group}` (or `_`)",
                        i + 1
                    ),
                );
            }
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn collect(hir: &Hir, out: &mut Vec<(u32, Option<String>)>) {
    match hir.kind() {
        HirKind::Capture(capture) => {
            out.push((capture.index, capture.name.as_deref().map(str::to_string)));
            collect(&capture.sub, out);
        }
        HirKind::Concat(parts) | HirKind::Alternation(parts) => {
            for part in parts {
                collect(part, out);
            }
        }
        HirKind::Repetition(repetition) => collect(&repetition.sub, out),
        _ => {}
    }
}
