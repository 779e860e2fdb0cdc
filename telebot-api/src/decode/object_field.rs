//! One field of a JSON object decoded by the generated API's visitors.

use serde::de::{Deserialize, Error, MapAccess};

/// Decodes the value of the field `name` into `slot`; a field seen twice is an error
/// (`duplicate field `name``), as with serde's derive.
pub(crate) fn fill_once<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    name: &'static str,
    map: &mut A,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of the required field `name`, or the error serde's derive gives when it is
/// missing (`missing field `name``).
pub(crate) fn required<T, E: Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}
