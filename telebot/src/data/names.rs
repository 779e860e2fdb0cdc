use super::{DataError, DataValue};
use serde_json::Value;
use std::any::TypeId;
use std::collections::HashMap;
use std::sync::Mutex;
use telebot_client::poison::MutexUnpoisoned;

/// Checks that a stored value deserializes into a registered type.
type Check = fn(&Value) -> Result<(), serde_json::Error>;

/// A type registered with `ApplicationBuilder::data_type`.
struct Registered {
    name: String,
    type_name: &'static str,
    check: Check,
}

/// The storage names of data types: registered ones, else the type's name without module paths.
#[derive(Default)]
pub(crate) struct Names {
    registered: HashMap<TypeId, Registered>,
    /// The type each name was first used for, to refuse a second type under one name.
    claimed: Mutex<HashMap<String, (TypeId, &'static str)>>,
}

fn check<T: DataValue>(value: &Value) -> Result<(), serde_json::Error> {
    T::deserialize(value).map(drop)
}

impl Names {
    /// Stores `T`'s values under `name` and checks stored values of that name at startup.
    pub(crate) fn register<T: DataValue>(&mut self, name: impl Into<String>) {
        self.registered.insert(
            TypeId::of::<T>(),
            Registered {
                name: name.into(),
                type_name: std::any::type_name::<T>(),
                check: check::<T>,
            },
        );
    }

    /// `T`'s storage name, claimed for `T`: a second type asking for the same name is refused.
    pub(crate) fn name_of<T: DataValue>(&self) -> Result<String, DataError> {
        let name = match self.registered.get(&TypeId::of::<T>()) {
            Some(registered) => registered.name.clone(),
            None => short_type_name(std::any::type_name::<T>()),
        };
        let type_name = std::any::type_name::<T>();
        let mut claimed = self.claimed.lock_unpoisoned();
        let (first, first_name) = *claimed
            .entry(name.clone())
            .or_insert((TypeId::of::<T>(), type_name));
        if first != TypeId::of::<T>() {
            return Err(DataError::NameClash {
                name,
                first: first_name,
                second: type_name,
            });
        }
        Ok(name)
    }

    /// For a stored value under `name`: `Err((type name, serde's message))` when `name` belongs
    /// to a registered type the value does not fit.
    pub(crate) fn check(&self, name: &str, value: &Value) -> Result<(), (&'static str, String)> {
        for registered in self.registered.values() {
            if registered.name == name {
                (registered.check)(value).map_err(|e| (registered.type_name, e.to_string()))?;
            }
        }
        Ok(())
    }

    /// The registered names and types, for the startup report.
    pub(crate) fn registered(&self) -> Vec<(&str, &'static str)> {
        let mut out: Vec<_> = self
            .registered
            .values()
            .map(|r| (r.name.as_str(), r.type_name))
            .collect();
        out.sort();
        out
    }
}

/// A type's name without module paths: `a::b::Counter<c::D>` → `Counter<D>`.
pub(crate) fn short_type_name(full: &str) -> String {
    let mut out = String::with_capacity(full.len());
    let mut path = String::new();
    let flush = |path: &mut String, out: &mut String| {
        out.push_str(path.rsplit("::").next().unwrap_or(""));
        path.clear();
    };
    for c in full.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            path.push(c);
        } else {
            flush(&mut path, &mut out);
            out.push(c);
        }
    }
    flush(&mut path, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::{Names, short_type_name};

    #[test]
    fn default_names_drop_module_paths() {
        assert_eq!(short_type_name("my_bot::stats::Counter"), "Counter");
        assert_eq!(
            short_type_name("alloc::vec::Vec<my_bot::Fact>"),
            "Vec<Fact>"
        );
        assert_eq!(
            short_type_name("std::collections::hash::map::HashMap<alloc::string::String, u64>"),
            "HashMap<String, u64>"
        );
        assert_eq!(short_type_name("(u8, a::B)"), "(u8, B)");
    }

    mod a {
        #[derive(Default, serde::Serialize, serde::Deserialize)]
        pub struct Settings(pub u8);
    }
    mod b {
        #[derive(Default, serde::Serialize, serde::Deserialize)]
        pub struct Settings(pub String);
    }

    #[test]
    fn two_types_of_one_name_are_refused_until_one_is_registered() {
        let names = Names::default();
        assert_eq!(names.name_of::<a::Settings>().unwrap(), "Settings");
        let clash = names.name_of::<b::Settings>().unwrap_err().to_string();
        assert!(
            clash.contains("a::Settings") && clash.contains("b::Settings"),
            "{clash}"
        );

        let mut names = Names::default();
        names.register::<b::Settings>("b-settings");
        assert_eq!(names.name_of::<a::Settings>().unwrap(), "Settings");
        assert_eq!(names.name_of::<b::Settings>().unwrap(), "b-settings");
        assert!(names.check("b-settings", &serde_json::json!("x")).is_ok());
        let (type_name, _) = names
            .check("b-settings", &serde_json::json!(3))
            .unwrap_err();
        assert!(type_name.ends_with("b::Settings"));
    }
}
