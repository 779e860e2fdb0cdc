//! The machine-readable Bot API spec, as read from `../shared/botapi/api.json`.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The whole spec: version, methods and types (both keyed and sorted by name).
#[derive(Debug, Deserialize)]
pub struct Spec {
    /// For example `Bot API 10.1`.
    pub version: String,
    /// Methods by camelCase name.
    pub methods: BTreeMap<String, Method>,
    /// Types by name.
    pub types: BTreeMap<String, Type>,
}

/// One Bot API method.
#[derive(Debug, Deserialize)]
pub struct Method {
    /// camelCase name such as `sendMessage`.
    pub name: String,
    /// Link to the method's anchor in the official docs.
    pub href: String,
    /// Possible result types; more than one means "one of".
    pub returns: Vec<String>,
    /// Parameters; absent for methods without any.
    #[serde(default)]
    pub fields: Vec<Field>,
}

/// One Bot API type: an object with fields, a union with subtypes, or an empty marker.
#[derive(Debug, Deserialize)]
pub struct Type {
    /// Name such as `Message`.
    pub name: String,
    /// Link to the type's anchor in the official docs.
    pub href: String,
    /// Fields of an object type.
    #[serde(default)]
    pub fields: Vec<Field>,
    /// Variants of a union type.
    #[serde(default)]
    pub subtypes: Vec<String>,
    /// The unions this type is a variant of.
    #[serde(default)]
    pub subtype_of: Vec<String>,
}

/// A field of a type or a parameter of a method.
#[derive(Debug, Deserialize)]
pub struct Field {
    /// snake_case name.
    pub name: String,
    /// One or more type expressions (`Integer`, `Array of Message`, …).
    pub types: Vec<String>,
    /// Whether the field is always present (types) or must be given (methods).
    pub required: bool,
    /// The official description; only mined for facts (tag values), never copied.
    pub description: String,
}

impl Spec {
    /// Reads and parses `api.json`.
    pub fn load(path: &Path) -> Result<Spec, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the Bot API spec at {}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("cannot parse {}: {e}", path.display()))
    }
}
