//! The packed form: fields separated by `:`, with `\` escaping `:` and `\` inside a field.

use super::field::CallbackField;

/// Writes a value's fields (see [`CallbackData::write_fields`](super::CallbackData::write_fields)).
#[derive(Debug, Default)]
pub struct Packer {
    out: String,
}

impl Packer {
    pub(crate) fn with_header(prefix: &str, version: u32) -> Packer {
        Packer {
            out: format!("{prefix}:{version}"),
        }
    }

    /// Appends one field.
    pub fn field<F: CallbackField>(&mut self, value: &F) -> &mut Self {
        let mut text = String::new();
        value.write(&mut text);
        self.out.push(':');
        for c in text.chars() {
            if c == ':' || c == '\\' {
                self.out.push('\\');
            }
            self.out.push(c);
        }
        self
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }
}

/// Why a field could not be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    /// Fewer fields than the type has.
    #[error("field {index} is missing")]
    Missing {
        /// The field's position, from 0.
        index: usize,
    },
    /// A field's text is not a value of its type.
    #[error("field {index} (\"{text}\") is not a {expected}")]
    Invalid {
        /// The field's position, from 0.
        index: usize,
        /// The field's text.
        text: String,
        /// The type expected.
        expected: &'static str,
    },
    /// More fields than the type has.
    #[error("{extra} field(s) more than the type has")]
    Extra {
        /// How many were left over.
        extra: usize,
    },
    /// An enum's variant number that the type does not have.
    #[error("variant {0} does not exist")]
    UnknownVariant(u32),
}

/// Reads a value's fields (see [`CallbackData::read_fields`](super::CallbackData::read_fields)).
#[derive(Debug)]
pub struct Unpacker<'a> {
    fields: Vec<std::borrow::Cow<'a, str>>,
    next: usize,
}

impl<'a> Unpacker<'a> {
    /// No fields at all.
    pub(crate) fn empty() -> Unpacker<'a> {
        Unpacker {
            fields: Vec::new(),
            next: 0,
        }
    }

    /// Splits packed fields at unescaped `:` (an empty text is one empty field).
    pub(crate) fn new(packed: &'a str) -> Unpacker<'a> {
        let mut fields = Vec::new();
        let mut start = 0;
        let mut escaped = false;
        let mut has_escape = false;
        for (i, c) in packed.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => {
                    escaped = true;
                    has_escape = true;
                }
                ':' => {
                    fields.push(unescape(&packed[start..i], has_escape));
                    start = i + 1;
                    has_escape = false;
                }
                _ => {}
            }
        }
        fields.push(unescape(&packed[start..], has_escape));
        Unpacker { fields, next: 0 }
    }

    /// Reads the next field as `F`.
    pub fn field<F: CallbackField>(&mut self) -> Result<F, FieldError> {
        let index = self.next;
        let text = self
            .fields
            .get(index)
            .ok_or(FieldError::Missing { index })?;
        self.next += 1;
        F::read(text).ok_or_else(|| FieldError::Invalid {
            index,
            text: text.to_string(),
            expected: F::NAME,
        })
    }

    /// Reads an enum's variant number.
    pub fn variant(&mut self) -> Result<u32, FieldError> {
        self.field::<u32>()
    }

    pub(crate) fn finish(&self) -> Result<(), FieldError> {
        match self.fields.len().saturating_sub(self.next) {
            0 => Ok(()),
            extra => Err(FieldError::Extra { extra }),
        }
    }
}

fn unescape(text: &str, has_escape: bool) -> std::borrow::Cow<'_, str> {
    if !has_escape {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut escaped = false;
    for c in text.chars() {
        if c == '\\' && !escaped {
            escaped = true;
            continue;
        }
        escaped = false;
        out.push(c);
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_separators_inside_fields() {
        let mut packer = Packer::default();
        packer
            .field(&String::from("a:b\\c"))
            .field(&7u8)
            .field(&String::new());
        let packed = packer.finish();
        assert_eq!(packed, ":a\\:b\\\\c:7:");
        let mut fields = Unpacker::new(&packed[1..]);
        assert_eq!(fields.field::<String>().unwrap(), "a:b\\c");
        assert_eq!(fields.field::<u8>().unwrap(), 7);
        assert_eq!(fields.field::<String>().unwrap(), "");
        assert_eq!(fields.finish(), Ok(()));
        assert_eq!(fields.field::<u8>(), Err(FieldError::Missing { index: 3 }));
    }

    #[test]
    fn reports_the_bad_field() {
        let mut fields = Unpacker::new("x:1");
        assert_eq!(
            fields.field::<i32>(),
            Err(FieldError::Invalid {
                index: 0,
                text: "x".into(),
                expected: "integer"
            })
        );
        assert_eq!(fields.finish(), Err(FieldError::Extra { extra: 1 }));
    }
}
