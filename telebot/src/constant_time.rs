//! Comparing secrets without telling, by the time taken, how much of a guess was right: the one
//! comparison behind the webhook's secret token and callback-data signatures.

use subtle::{Choice, ConstantTimeEq};

/// Whether `expected` and `given` are equal. Every byte is compared through `subtle`'s
/// constant-time equality and the results are combined without branching, so the time taken
/// does not depend on where the first difference is. Lengths are compared in the open: a caller
/// whose secret's length must stay hidden compares fixed-size digests.
pub(crate) fn eq(expected: &[u8], given: &[u8]) -> bool {
    if expected.len() != given.len() {
        return false;
    }
    let mut same = Choice::from(1);
    for (a, b) in expected.iter().zip(given) {
        same &= byte_eq(*a, *b);
    }
    bool::from(same)
}

/// One byte of [`eq`]. Test builds count the calls (see [`probe`]): a comparison that stopped
/// at the first difference, or a plain `==`, would make fewer.
fn byte_eq(a: u8, b: u8) -> Choice {
    #[cfg(test)]
    probe::COMPARED.with(|n| n.set(n.get() + 1));
    a.ct_eq(&b)
}

/// What the tests of [`eq`]'s callers measure: how many bytes went through the constant-time
/// comparison.
///
/// Timing cannot be tested reliably, so the tests check the structure instead: a comparison
/// of a guess wrong in its first byte must still visit every byte through `subtle`. Replacing
/// the body of [`eq`] by `expected == given`, or a caller's call of [`eq`] by `==`, leaves the
/// count at zero and fails them.
#[cfg(test)]
pub(crate) mod probe {
    use std::cell::Cell;

    thread_local! {
        /// Bytes compared by `byte_eq` on this thread.
        pub(crate) static COMPARED: Cell<usize> = const { Cell::new(0) };
    }

    /// `f`'s result and how many bytes it compared through the constant-time comparison.
    pub(crate) fn bytes_compared<R>(f: impl FnOnce() -> R) -> (R, usize) {
        let before = COMPARED.with(Cell::get);
        let result = f();
        (result, COMPARED.with(Cell::get) - before)
    }
}

#[cfg(test)]
mod tests {
    use super::probe::bytes_compared;
    use super::*;

    /// Fails if [`eq`] became `==`, or any comparison that stops at the first difference.
    #[test]
    fn every_byte_is_compared_whatever_the_first_difference() {
        let expected = [7u8; 32];
        let mut wrong_first = expected;
        wrong_first[0] ^= 1;
        assert_eq!(bytes_compared(|| eq(&expected, &wrong_first)), (false, 32));
        assert_eq!(bytes_compared(|| eq(&expected, &expected)), (true, 32));
        let mut wrong_last = expected;
        wrong_last[31] ^= 0x80;
        assert!(!eq(&expected, &wrong_last));
        assert!(!eq(&expected, &expected[..31]));
        assert!(eq(b"", b""));
    }
}
