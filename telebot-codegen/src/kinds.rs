//! The update-kind table: what the generator learns about each field of `Update` from the spec.
//! Every crate that needs a fact about update kinds (its name, its payload, whether it carries a
//! message, where its chat and its user are, what text a `pattern` matches) reads one of the
//! files emitted from these rows, so a new kind in the spec reaches all of them at once.

use crate::model::Model;

/// The kinds that have a handler of their own (`CallbackQueryHandler`, `InlineQueryHandler`)
/// rather than an `UpdateKindHandler` constructor; the kinds that carry a message have
/// `MessageHandler`.
const DEDICATED: [&str; 2] = ["callback_query", "inline_query"];

/// How to reach a value from a payload bound to `p`, as a Rust expression giving `Option<&T>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Access(pub String);

/// One update kind.
#[derive(Debug, Clone)]
pub struct KindRow {
    /// The field name (`chat_member`), also the `allowed_updates` name.
    pub name: String,
    /// The `UpdateKind` variant (`ChatMember`).
    pub variant: String,
    /// The payload type (`ChatMemberUpdated`).
    pub payload: String,
    /// The handler-kind marker its handlers extract for (`ChatMember`): the shortest variant
    /// name among the kinds with the same payload, so kinds sharing a payload share a marker.
    pub marker: String,
    /// The spec's description, without "Optional. ".
    pub description: String,
    /// Whether the payload is a message.
    pub carries_message: bool,
    /// Where its chat is, if it has one.
    pub chat: Option<Access>,
    /// Where its user is, if it has one.
    pub user: Option<Access>,
    /// The text field a handler's `pattern` is matched against.
    pub pattern: Option<String>,
    /// Whether its handlers are `UpdateKindHandler` constructors (not a message, callback
    /// query or inline query).
    pub plain: bool,
}

/// `my_chat_member` → `MyChatMember`.
pub fn pascal_snake(s: &str) -> String {
    s.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// Every kind of `Update`, in the spec's order.
pub fn rows(model: &Model) -> Vec<KindRow> {
    let update = &model.spec.types["Update"];
    let fields: Vec<_> = update
        .fields
        .iter()
        .filter(|f| f.name != "update_id")
        .collect();
    fields
        .iter()
        .map(|f| {
            let payload = f.types[0].clone();
            let marker = fields
                .iter()
                .filter(|g| g.types[0] == payload)
                .map(|g| pascal_snake(&g.name))
                .min_by_key(|v| v.len())
                .unwrap_or_else(|| pascal_snake(&f.name));
            let carries_message = payload == "Message";
            KindRow {
                name: f.name.clone(),
                variant: pascal_snake(&f.name),
                marker,
                description: f
                    .description
                    .trim_start_matches("Optional. ")
                    .trim()
                    .to_string(),
                carries_message,
                chat: chat_access(model, &payload),
                user: user_access(model, &payload),
                pattern: pattern_field(model, &payload),
                plain: !carries_message && !DEDICATED.contains(&f.name.as_str()),
                payload,
            }
        })
        .collect()
}

/// `Option<&T>` of the field `path` (`p.from`) whose Rust type is `ty`.
fn borrow(path: &str, ty: &str) -> String {
    if ty.starts_with("Option<Box<") {
        format!("{path}.as_deref()")
    } else if ty.starts_with("Option<") {
        format!("{path}.as_ref()")
    } else if ty.starts_with("Box<") {
        format!("Some(&*{path})")
    } else {
        format!("Some(&{path})")
    }
}

/// The Rust type of `owner.field`, if the type has that field with spec type `spec_ty`.
fn field_of(model: &Model, owner: &str, field: &str, spec_ty: &str) -> Option<String> {
    let ty = model.spec.types.get(owner)?;
    let f = ty
        .fields
        .iter()
        .find(|f| f.name == field && f.types.len() == 1 && f.types[0] == spec_ty)?;
    Some(model.field_type(owner, f).ty)
}

/// The chat: a field `chat`, else a chat field named `…_chat` (a poll answer's `voter_chat`),
/// else the chat of an accessible-or-not message (a callback query's).
fn chat_access(model: &Model, payload: &str) -> Option<Access> {
    if let Some(ty) = field_of(model, payload, "chat", "Chat") {
        return Some(Access(borrow("p.chat", &ty)));
    }
    let ty = model.spec.types.get(payload)?;
    if let Some(f) = ty
        .fields
        .iter()
        .find(|f| f.name.ends_with("_chat") && f.types == ["Chat"])
    {
        let rust = model.field_type(payload, f).ty;
        return Some(Access(borrow(&format!("p.{}", f.name), &rust)));
    }
    field_of(model, payload, "message", "MaybeInaccessibleMessage")
        .map(|_| Access("p.message.as_ref().and_then(|m| m.chat())".into()))
}

/// The user: a field `from`, else `user`, else the booster of a boost's source (reached through
/// the payload or its `boost`).
fn user_access(model: &Model, payload: &str) -> Option<Access> {
    for name in ["from", "user"] {
        if let Some(ty) = field_of(model, payload, name, "User") {
            return Some(Access(borrow(&format!("p.{name}"), &ty)));
        }
    }
    if field_of(model, payload, "source", "ChatBoostSource").is_some() {
        return Some(Access("crate::model::boost_user(&p.source)".into()));
    }
    let boost = model.spec.types.get(payload)?.fields.iter().find(|f| {
        f.types.len() == 1 && field_of(model, &f.types[0], "source", "ChatBoostSource").is_some()
    })?;
    Some(Access(format!(
        "crate::model::boost_user(&p.{}.source)",
        boost.name
    )))
}

/// The text a `pattern` is matched against: an invoice payload, else a required `query` (a
/// chosen inline result's).
fn pattern_field(model: &Model, payload: &str) -> Option<String> {
    let ty = model.spec.types.get(payload)?;
    ["invoice_payload", "query"]
        .into_iter()
        .find(|name| {
            ty.fields
                .iter()
                .any(|f| f.name == *name && f.required && f.types == ["String"])
        })
        .map(str::to_string)
}
