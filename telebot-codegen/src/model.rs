//! What the generator knows beyond the raw spec: Rust types for type expressions, union shapes,
//! discriminator tags mined from descriptions, and which fields must be boxed.

use crate::spec::{Field, Spec, Type};
use std::collections::{BTreeMap, BTreeSet};

/// How a union's variants are told apart on the wire.
#[derive(Debug, Clone, PartialEq)]
pub enum UnionShape {
    /// A field (`type`, `status`, `source`) holds a fixed string per variant.
    Tagged {
        /// The discriminator field's name.
        field: String,
    },
    /// No discriminator: variants are tried in order (e.g. `InputMessageContent`).
    Untagged,
    /// `MaybeInaccessibleMessage`: an inaccessible message has `date` 0.
    DateZero,
}

/// A resolved union variant.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Rust variant name.
    pub name: String,
    /// The spec type it wraps, or `None` for a plain string / array variant of `RichText`.
    pub ty: String,
    /// The tag value, for tagged unions.
    pub tag: Option<String>,
    /// Whether the payload is boxed.
    pub boxed: bool,
}

/// The analysed spec.
pub struct Model<'a> {
    /// The spec itself.
    pub spec: &'a Spec,
    /// Union name → its shape.
    pub shapes: BTreeMap<String, UnionShape>,
    /// Subtype name → (tag field, tag value), for variants of tagged unions.
    pub tags: BTreeMap<String, (String, String)>,
    /// Direct containment edges (field or variant, not through arrays).
    edges: BTreeMap<String, BTreeSet<String>>,
}

/// How a Rust setter or constructor accepts a value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Accept {
    /// `impl Into<T>`.
    Into,
    /// `impl IntoIterator<Item = T>` for a `Vec<T>`.
    Iter,
    /// `T` as it is.
    Plain,
    /// `impl Into<T>`, stored as `Box<T>`.
    IntoBox,
}

/// A Rust type for a field, with how setters accept it.
#[derive(Debug, Clone)]
pub struct RustType {
    /// The Rust type, e.g. `Vec<PhotoSize>`.
    pub ty: String,
    /// Element type when `accept` is `Iter`.
    pub item: String,
    /// How values are accepted.
    pub accept: Accept,
    /// Whether the value may carry an upload (`InputFile`) somewhere inside.
    pub may_upload: bool,
}

/// Fields of a type whose estimated size is above this are boxed.
const BOX_ABOVE: usize = 64;

/// Types read from nearly every update; where required they stay inline whatever their size.
const ALWAYS_INLINE: [&str; 2] = ["User", "Chat"];

const TAG_FIELDS: [&str; 3] = ["type", "status", "source"];

impl<'a> Model<'a> {
    /// Analyses the spec.
    pub fn new(spec: &'a Spec) -> Model<'a> {
        let mut model = Model {
            spec,
            shapes: BTreeMap::new(),
            tags: BTreeMap::new(),
            edges: BTreeMap::new(),
        };
        for ty in spec.types.values() {
            if ty.subtypes.is_empty() {
                continue;
            }
            let shape = if ty.name == "MaybeInaccessibleMessage" {
                UnionShape::DateZero
            } else {
                let tagged: Vec<_> = ty
                    .subtypes
                    .iter()
                    .filter_map(|s| spec.types.get(s))
                    .map(tag_of)
                    .collect();
                match tagged.first() {
                    Some(Some((field, _))) if tagged.iter().all(|t| t.is_some()) => {
                        UnionShape::Tagged {
                            field: field.clone(),
                        }
                    }
                    _ => UnionShape::Untagged,
                }
            };
            if matches!(shape, UnionShape::Tagged { .. }) {
                for s in &ty.subtypes {
                    if let Some((f, v)) = spec.types.get(s).and_then(tag_of) {
                        model.tags.insert(s.clone(), (f, v));
                    }
                }
            }
            model.shapes.insert(ty.name.clone(), shape);
        }
        for ty in spec.types.values() {
            let out = model.edges.entry(ty.name.clone()).or_default();
            for f in &ty.fields {
                if f.types.len() == 1 && !f.types[0].starts_with("Array of ") {
                    out.insert(f.types[0].clone());
                }
            }
            for s in &ty.subtypes {
                if spec.types.contains_key(s) {
                    out.insert(s.clone());
                }
            }
        }
        model
    }

    /// Whether `from` can reach `to` through direct containment.
    pub fn reaches(&self, from: &str, to: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(t) = stack.pop() {
            if t == to {
                return true;
            }
            if !seen.insert(t.clone()) {
                continue;
            }
            if let Some(next) = self.edges.get(&t) {
                stack.extend(next.iter().cloned());
            }
        }
        false
    }

    /// Whether the field `field` of type `owner` is the discriminator of a tagged union variant
    /// (then the enum writes it, not the struct).
    pub fn is_tag_field(&self, owner: &str, field: &str) -> bool {
        self.tags.get(owner).is_some_and(|(f, _)| f == field)
    }

    /// The variants of a union, in spec order.
    pub fn variants(&self, union: &Type) -> Vec<Variant> {
        let real: Vec<&String> = union
            .subtypes
            .iter()
            .filter(|s| self.spec.types.contains_key(*s))
            .collect();
        let names = variant_names(&union.name, &real);
        real.iter()
            .zip(names)
            .map(|(s, name)| Variant {
                name,
                ty: (*s).clone(),
                tag: self.tags.get(*s).map(|(_, v)| v.clone()),
                boxed: *s == "Message" || self.estimated_size(s) > BOX_ABOVE,
            })
            .collect()
    }

    /// The Rust type of a field of `owner` (a type or a method name).
    pub fn field_type(&self, owner: &str, field: &Field) -> RustType {
        let mut base = self.base_type(owner, field);
        // Optional chats and users are boxed like other large values: they are absent from most
        // messages, and an inline `Option<User>` would cost 128 bytes each time. The sender
        // (`from`) stays inline: nearly every update has one.
        let boxed_optional = base.ty == "Chat" || (base.ty == "User" && field.name != "from");
        if !field.required && self.spec.types.contains_key(owner) && boxed_optional {
            base = RustType {
                ty: format!("Box<{}>", base.ty),
                item: base.ty,
                accept: Accept::IntoBox,
                may_upload: false,
            };
        }
        if field.required {
            base
        } else {
            RustType {
                ty: format!("Option<{}>", base.ty),
                ..base
            }
        }
    }

    /// The Rust type of a field or parameter, without the `Option` of an optional one.
    pub fn base_type(&self, owner: &str, field: &Field) -> RustType {
        let types = &field.types;
        let special = match (owner, field.name.as_str()) {
            (_, "parse_mode") if types == &["String"] => Some("ParseMode"),
            ("Chat" | "ChatFullInfo", "type") => Some("ChatType"),
            ("MessageEntity", "type") => Some("MessageEntityType"),
            ("sendChatAction", "action") => Some("ChatAction"),
            _ => None,
        };
        if let Some(s) = special {
            return plain(s, Accept::Plain, false);
        }
        if types == &["String"] && field.description.contains("attach://") {
            return plain("InputFile", Accept::Into, true);
        }
        if types.len() > 1 {
            let joined = types.join("|");
            return match joined.as_str() {
                "Integer|String" => plain("ChatId", Accept::Into, false),
                "InputFile|String" => plain("InputFile", Accept::Into, true),
                "InlineKeyboardMarkup|ReplyKeyboardMarkup|ReplyKeyboardRemove|ForceReply" => {
                    plain("ReplyMarkup", Accept::Into, false)
                }
                _ if types.iter().all(|t| t.starts_with("Array of InputMedia")) => RustType {
                    ty: "Vec<InputMedia>".into(),
                    item: "InputMedia".into(),
                    accept: Accept::Iter,
                    may_upload: true,
                },
                other => panic!(
                    "no Rust type for the union {other} ({owner}.{})",
                    field.name
                ),
            };
        }
        self.type_expr(owner, &types[0], true)
    }

    /// The Rust type of one type expression (`Integer`, `Array of X`, a type name).
    pub fn type_expr(&self, owner: &str, expr: &str, top: bool) -> RustType {
        if let Some(inner) = expr.strip_prefix("Array of ") {
            let item = self.type_expr(owner, inner, false);
            return RustType {
                ty: format!("Vec<{}>", item.ty),
                item: item.ty,
                accept: Accept::Iter,
                may_upload: item.may_upload,
            };
        }
        match expr {
            "Integer" => plain("i64", Accept::Plain, false),
            "Float" => plain("f64", Accept::Plain, false),
            "Boolean" => plain("bool", Accept::Plain, false),
            "String" => plain("String", Accept::Into, false),
            "InputFile" => plain("InputFile", Accept::Into, true),
            name => {
                let upload = self.may_upload(name);
                let accept = if self.shapes.contains_key(name) {
                    Accept::Into
                } else {
                    Accept::Plain
                };
                let owner_is_type = self.spec.types.contains_key(owner);
                if top
                    && owner_is_type
                    && (self.reaches(name, owner)
                        || (!self.shapes.contains_key(name)
                            && !ALWAYS_INLINE.contains(&name)
                            && self.estimated_size(name) > BOX_ABOVE))
                {
                    RustType {
                        ty: format!("Box<{name}>"),
                        item: name.to_string(),
                        accept: Accept::IntoBox,
                        may_upload: upload,
                    }
                } else {
                    plain(name, accept, upload)
                }
            }
        }
    }

    /// A rough size in bytes of a value of type `name` held inline (fields that would be boxed
    /// count as a pointer). Used only to decide what to box, so that `Message` stays small.
    pub fn estimated_size(&self, name: &str) -> usize {
        let mut stack = Vec::new();
        self.size_inner(name, &mut stack)
    }

    fn size_inner(&self, name: &str, stack: &mut Vec<String>) -> usize {
        if stack.iter().any(|s| s == name) {
            return 8;
        }
        let Some(ty) = self.spec.types.get(name) else {
            return 8;
        };
        stack.push(name.to_string());
        let size = if ty.subtypes.is_empty() {
            ty.fields
                .iter()
                .map(|f| {
                    let base = if f.types.len() > 1 || f.types[0].starts_with("Array of ") {
                        32
                    } else {
                        match f.types[0].as_str() {
                            "Integer" | "Float" => 8,
                            "Boolean" => 1,
                            "String" => 24,
                            other => {
                                let inner = self.size_inner(other, stack);
                                if inner > BOX_ABOVE
                                    && !self.shapes.contains_key(other)
                                    && !ALWAYS_INLINE.contains(&other)
                                {
                                    8
                                } else {
                                    inner
                                }
                            }
                        }
                    };
                    if f.required { base } else { base + 8 }
                })
                .sum()
        } else {
            ty.subtypes
                .iter()
                .map(|s| {
                    let inner = self.size_inner(s, stack);
                    if inner > BOX_ABOVE { 8 } else { inner }
                })
                .max()
                .unwrap_or(0)
                + 8
        };
        stack.pop();
        size
    }

    /// Whether a value of type `name` may carry an upload.
    pub fn may_upload(&self, name: &str) -> bool {
        let mut seen = BTreeSet::new();
        self.may_upload_inner(name, &mut seen)
    }

    fn may_upload_inner(&self, name: &str, seen: &mut BTreeSet<String>) -> bool {
        if !seen.insert(name.to_string()) {
            return false;
        }
        let Some(ty) = self.spec.types.get(name) else {
            return false;
        };
        if name == "InputFile" {
            return true;
        }
        ty.subtypes.iter().any(|s| self.may_upload_inner(s, seen))
            || ty.fields.iter().any(|f| {
                (f.types == ["String"] && f.description.contains("attach://"))
                    || f.types.iter().any(|t| {
                        let base = t
                            .trim_start_matches("Array of ")
                            .trim_start_matches("Array of ");
                        self.may_upload_inner(base, seen)
                    })
            })
    }
}

fn plain(ty: &str, accept: Accept, may_upload: bool) -> RustType {
    RustType {
        ty: ty.to_string(),
        item: String::new(),
        accept,
        may_upload,
    }
}

/// The discriminator of a union variant, mined from the description of its `type`, `status` or
/// `source` field ("always \"emoji\"", "must be photo").
pub fn tag_of(ty: &Type) -> Option<(String, String)> {
    for f in &ty.fields {
        if !TAG_FIELDS.contains(&f.name.as_str()) {
            continue;
        }
        let d = &f.description;
        let value = if let Some(rest) = d.split("always \"").nth(1) {
            rest.split('"').next().map(str::to_string)
        } else if let Some(rest) = d.split("must be ").nth(1) {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            (!word.is_empty()).then_some(word)
        } else {
            None
        };
        if let Some(v) = value {
            return Some((f.name.clone(), v));
        }
    }
    None
}

/// Splits a PascalCase name into words.
pub fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() || out.is_empty() {
            out.push(c.to_string());
        } else if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out
}

/// Variant names: the parent's name (or the variants' common leading words) and their common
/// trailing words dropped, so `ReactionTypeEmoji` becomes `Emoji` and `InputTextMessageContent`
/// becomes `Text`.
fn variant_names(parent: &str, subtypes: &[&String]) -> Vec<String> {
    if subtypes.len() == 1 {
        return vec![subtypes[0].clone()];
    }
    let split: Vec<Vec<String>> = subtypes.iter().map(|s| words(s)).collect();
    let parent_words = words(parent);
    let mut prefix = split.iter().map(Vec::len).min().unwrap_or(0);
    for (i, w) in split[0].iter().enumerate() {
        if split.iter().any(|s| s.get(i) != Some(w)) {
            prefix = prefix.min(i);
            break;
        }
    }
    if split.iter().all(|s| s.starts_with(&parent_words)) {
        prefix = prefix.max(parent_words.len());
    }
    let mut suffix = 0;
    loop {
        let candidate = suffix + 1;
        let last: Vec<Option<&String>> = split
            .iter()
            .map(|s| (s.len() >= candidate).then(|| &s[s.len() - candidate]))
            .collect();
        let ok = last.iter().all(|w| w.is_some() && *w == last[0])
            && split.iter().all(|s| s.len() > prefix + candidate);
        if !ok {
            break;
        }
        suffix = candidate;
    }
    let names: Vec<String> = split
        .iter()
        .map(|s| {
            let end = s.len().saturating_sub(suffix).max(prefix);
            let name: String = s[prefix.min(s.len())..end].concat();
            if name.is_empty() { s.concat() } else { name }
        })
        .collect();
    let unique: BTreeSet<&String> = names.iter().collect();
    if unique.len() == names.len()
        && names
            .iter()
            .all(|n| n.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
    {
        names
    } else {
        subtypes.iter().map(|s| s.to_string()).collect()
    }
}
