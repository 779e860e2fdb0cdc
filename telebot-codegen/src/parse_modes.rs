//! Where a method's parameters hold a parse mode: at the top (`parse_mode`,
//! `question_parse_mode`, …) and inside the objects they carry (`media[].parse_mode`,
//! `results[].input_message_content.parse_mode`, `reply_parameters.quote_parse_mode`,
//! `options[].text_parse_mode`, …), each with the text it formats and the entities that would
//! replace it. The client's default parse mode goes to every such place that has its text and
//! neither a parse mode nor entities of its own.

use crate::spec::{Field, Spec};

/// How deep the objects inside parameters are searched (`results[].input_message_content` is
/// two levels down).
const MAX_DEPTH: usize = 3;

/// One place for a parse mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseModeSite {
    /// The path of the object from the parameters: empty for the parameters themselves,
    /// `media[]` for each element of `media`, dots between levels.
    pub at: String,
    /// The parse-mode field (`parse_mode`, `question_parse_mode`, …).
    pub mode: String,
    /// The text field it formats (`text`, `caption`, `question`, …).
    pub text: String,
    /// The entities field that is given instead of a parse mode.
    pub entities: String,
}

/// Every parse-mode place of a method's parameters, in the spec's field order.
pub fn sites(spec: &Spec, params: &[Field]) -> Vec<ParseModeSite> {
    let mut out = Vec::new();
    visit(spec, params, "", 0, &mut out);
    out
}

fn visit(spec: &Spec, fields: &[Field], at: &str, depth: usize, out: &mut Vec<ParseModeSite>) {
    for field in fields.iter().filter(|f| f.name.ends_with("parse_mode")) {
        let site = site(fields, at, &field.name);
        if !out.contains(&site) {
            out.push(site);
        }
    }
    if depth == MAX_DEPTH {
        return;
    }
    for field in fields {
        for expression in &field.types {
            let mut name = expression.as_str();
            let mut path = if at.is_empty() {
                field.name.clone()
            } else {
                format!("{at}.{}", field.name)
            };
            while let Some(inner) = name.strip_prefix("Array of ") {
                name = inner;
                path.push_str("[]");
            }
            let Some(ty) = spec.types.get(name) else {
                continue;
            };
            if ty.subtypes.is_empty() {
                visit(spec, &ty.fields, &path, depth + 1, out);
            }
            for variant in &ty.subtypes {
                if let Some(variant) = spec.types.get(variant) {
                    visit(spec, &variant.fields, &path, depth + 1, out);
                }
            }
        }
    }
}

/// The site of parse-mode field `mode` among `fields`: `X_parse_mode` formats `X` and is
/// replaced by `X_entities`; a plain `parse_mode` is replaced by the one entities field beside
/// it (`entities`, `caption_entities`, …) and formats that field's text (`text` or
/// `message_text` for plain `entities`).
///
/// # Panics
/// When the spec pairs them some other way: the rule must be looked at again.
fn site(fields: &[Field], at: &str, mode: &str) -> ParseModeSite {
    let has = |name: &str| fields.iter().any(|f| f.name == name);
    let (text, entities) = match mode.strip_suffix("_parse_mode") {
        Some(prefix) => (prefix.to_string(), format!("{prefix}_entities")),
        None => {
            let entities: Vec<&str> = fields
                .iter()
                .map(|f| f.name.as_str())
                .filter(|n| n.ends_with("entities"))
                .collect();
            let [entities] = entities[..] else {
                panic!("{at}: `parse_mode` beside {entities:?}: which entities replace it?");
            };
            let text = match entities.strip_suffix("_entities") {
                Some(text) => text.to_string(),
                None if has("text") => "text".to_string(),
                None => "message_text".to_string(),
            };
            (text, entities.to_string())
        }
    };
    assert!(
        has(&text) && has(&entities),
        "{at}: `{mode}` expects `{text}` and `{entities}` beside it"
    );
    ParseModeSite {
        at: at.to_string(),
        mode: mode.to_string(),
        text,
        entities,
    }
}
