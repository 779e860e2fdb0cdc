//! How one field's value is written as text.

/// A value that can be one field of callback data: integers, `bool`, `char`, `String`, and
/// `Option` of those. Derive `CallbackField` for enums of unit variants.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a field of callback data",
    label = "this type has no `CallbackField` encoding",
    note = "fields are integers, bool, char, String, Option of those, or enums deriving `CallbackField`; keep larger values elsewhere and put their id in the button"
)]
pub trait CallbackField: Sized {
    /// What the field is, for error messages ("integer", "text", …).
    const NAME: &'static str;
    /// Appends the value's text.
    fn write(&self, out: &mut String);
    /// Reads the value back.
    fn read(text: &str) -> Option<Self>;
}

macro_rules! integers {
    ($($ty:ty),*) => {$(
        impl CallbackField for $ty {
            const NAME: &'static str = "integer";
            fn write(&self, out: &mut String) {
                out.push_str(&self.to_string());
            }
            fn read(text: &str) -> Option<Self> {
                // No `+`, no leading zeros: one text per value, so signatures are stable.
                if text.starts_with('+') || (text.len() > 1 && text.trim_start_matches('-').starts_with('0')) {
                    return None;
                }
                text.parse().ok()
            }
        }
    )*};
}

integers!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize
);

impl CallbackField for bool {
    const NAME: &'static str = "bool (0 or 1)";
    fn write(&self, out: &mut String) {
        out.push(if *self { '1' } else { '0' });
    }
    fn read(text: &str) -> Option<Self> {
        match text {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        }
    }
}

impl CallbackField for char {
    const NAME: &'static str = "character";
    fn write(&self, out: &mut String) {
        out.push(*self);
    }
    fn read(text: &str) -> Option<Self> {
        let mut chars = text.chars();
        let c = chars.next()?;
        chars.next().is_none().then_some(c)
    }
}

impl CallbackField for String {
    const NAME: &'static str = "text";
    fn write(&self, out: &mut String) {
        out.push_str(self);
    }
    fn read(text: &str) -> Option<Self> {
        Some(text.to_string())
    }
}

/// `None` is an empty field; `Some(v)` is `.` followed by `v`, so `Some("")` and `None` differ.
impl<T: CallbackField> CallbackField for Option<T> {
    const NAME: &'static str = T::NAME;
    fn write(&self, out: &mut String) {
        if let Some(value) = self {
            out.push('.');
            value.write(out);
        }
    }
    fn read(text: &str) -> Option<Self> {
        if text.is_empty() {
            return Some(None);
        }
        T::read(text.strip_prefix('.')?).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: CallbackField + PartialEq + std::fmt::Debug>(value: T) {
        let mut text = String::new();
        value.write(&mut text);
        assert_eq!(T::read(&text), Some(value), "{text:?}");
    }

    #[test]
    fn values_survive_the_trip() {
        round_trip(i64::MIN);
        round_trip(u64::MAX);
        round_trip(0u8);
        round_trip(true);
        round_trip('é');
        round_trip(String::from("a:b"));
        round_trip(Some(String::new()));
        round_trip(None::<String>);
        round_trip(Some(Some(-3i32)));
    }

    #[test]
    fn refuses_non_canonical_integers() {
        assert_eq!(<i32 as CallbackField>::read("+5"), None);
        assert_eq!(<i32 as CallbackField>::read("05"), None);
        assert_eq!(<i32 as CallbackField>::read("-05"), None);
        assert_eq!(<i32 as CallbackField>::read("0"), Some(0));
        assert_eq!(<u8 as CallbackField>::read("256"), None);
        assert_eq!(<bool as CallbackField>::read("true"), None);
    }
}
