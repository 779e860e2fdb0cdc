//! The journal file's format: a header line, then records appended one after the other.
//!
//! ```text
//! header   "telebot update journal 1\n"
//! record   kind (1 byte: b'U' an update, b'D' an update handled)
//!          update id (i64, little-endian)
//!          payload length (u32, little-endian; 0 for b'D')
//!          payload (the update's JSON as Telegram sent it)
//!          CRC-32 of everything above in the record (u32, little-endian)
//! ```
//!
//! A crash can leave the last record cut short, or (on some file systems, after a power cut)
//! followed by zeros: reading stops at the first record that is incomplete or fails its
//! checksum, and everything from there on is cut off before the next append. Nothing there was
//! confirmed to Telegram: an update is confirmed only once its record was synced.

/// The first bytes of every journal file.
pub(crate) const HEADER: &[u8] = b"telebot update journal 1\n";

const UPDATE: u8 = b'U';
const HANDLED: u8 = b'D';
/// kind + id + length.
const HEAD: usize = 1 + 8 + 4;
const CHECKSUM: usize = 4;
/// Larger payloads are taken for damage, not for an update (Telegram's are a few KiB).
const MAX_PAYLOAD: usize = 16 << 20;

/// One record read back.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Record<'a> {
    /// An update was journaled: its id and JSON.
    Update(i64, &'a [u8]),
    /// The update's handlers finished.
    Handled(i64),
}

/// Appends an update's record to `out`.
pub(crate) fn put_update(out: &mut Vec<u8>, id: i64, json: &[u8]) {
    put(out, UPDATE, id, json);
}

/// Appends the record saying that update `id` was handled.
pub(crate) fn put_handled(out: &mut Vec<u8>, id: i64) {
    put(out, HANDLED, id, &[]);
}

fn put(out: &mut Vec<u8>, kind: u8, id: i64, payload: &[u8]) {
    let start = out.len();
    out.push(kind);
    out.extend_from_slice(&id.to_le_bytes());
    // Update payloads are bounded by Telegram far below 4 GiB; a larger one would be refused
    // on reading, as damage.
    out.extend_from_slice(
        &u32::try_from(payload.len())
            .unwrap_or(u32::MAX)
            .to_le_bytes(),
    );
    out.extend_from_slice(payload);
    let sum = crc32fast::hash(&out[start..]);
    out.extend_from_slice(&sum.to_le_bytes());
}

/// The records of a journal file's bytes after the header, in order, and the length of the
/// prefix they fill: bytes past it are a damaged tail.
pub(crate) fn read(bytes: &[u8]) -> (Vec<Record<'_>>, usize) {
    let mut records = Vec::new();
    let mut at = 0;
    while let Some((record, len)) = read_one(&bytes[at..]) {
        records.push(record);
        at += len;
    }
    (records, at)
}

fn read_one(bytes: &[u8]) -> Option<(Record<'_>, usize)> {
    let head = bytes.get(..HEAD)?;
    let kind = head[0];
    let id = i64::from_le_bytes(head[1..9].try_into().ok()?);
    let len = usize::try_from(u32::from_le_bytes(head[9..13].try_into().ok()?)).ok()?;
    if len > MAX_PAYLOAD || (kind == HANDLED && len != 0) {
        return None;
    }
    let end = HEAD + len;
    let sum = u32::from_le_bytes(bytes.get(end..end + CHECKSUM)?.try_into().ok()?);
    if crc32fast::hash(&bytes[..end]) != sum {
        return None;
    }
    let record = match kind {
        UPDATE => Record::Update(id, &bytes[HEAD..end]),
        HANDLED => Record::Handled(id),
        _ => return None,
    };
    Some((record, end + CHECKSUM))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_read_back_as_written() {
        let mut out = Vec::new();
        put_update(&mut out, 7, br#"{"update_id":7}"#);
        put_handled(&mut out, 7);
        put_update(&mut out, -3, b"");
        let (records, len) = read(&out);
        assert_eq!(
            records,
            vec![
                Record::Update(7, br#"{"update_id":7}"#),
                Record::Handled(7),
                Record::Update(-3, b""),
            ]
        );
        assert_eq!(len, out.len());
    }

    #[test]
    fn reading_stops_at_a_cut_short_record_at_every_cut() {
        let mut out = Vec::new();
        put_update(&mut out, 1, br#"{"update_id":1}"#);
        let whole = out.len();
        put_handled(&mut out, 12);
        for cut in whole..out.len() {
            let (records, len) = read(&out[..cut]);
            assert_eq!(
                records,
                vec![Record::Update(1, br#"{"update_id":1}"#)],
                "cut at {cut}"
            );
            assert_eq!(len, whole, "cut at {cut}");
        }
    }

    #[test]
    fn a_damaged_record_ends_the_journal_and_zeros_are_not_records() {
        let mut out = Vec::new();
        put_update(&mut out, 1, b"{}");
        let first = out.len();
        put_update(&mut out, 2, br#"{"update_id":2}"#);
        put_handled(&mut out, 1);
        let mut flipped = out.clone();
        flipped[first + HEAD + 3] ^= 0x20;
        let (records, len) = read(&flipped);
        assert_eq!(records, vec![Record::Update(1, b"{}")]);
        assert_eq!(len, first, "nothing after the damage is trusted");

        let mut zeros = out[..first].to_vec();
        zeros.extend_from_slice(&[0; 64]);
        assert_eq!(read(&zeros).1, first);
    }
}
