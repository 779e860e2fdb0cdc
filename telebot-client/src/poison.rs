//! Locks that keep working after a panic: the one way telebot recovers a poisoned
//! `std::sync` lock.
//!
//! A panic while a `Mutex` or `RwLock` is held poisons it, and every later `lock()` returns an
//! error. telebot's panic guard keeps a bot running after a handler panics, so its locks must
//! keep working too: every lock in telebot holds data that is whole between statements (a map,
//! a counter, a queue), and the guard has already reported the panic. Import the traits to use
//! the same recovery in a bot's own shared state:
//!
//! ```
//! use std::sync::{Mutex, RwLock};
//! use telebot_client::poison::{MutexUnpoisoned, RwLockUnpoisoned};
//!
//! let hits = Mutex::new(0);
//! *hits.lock_unpoisoned() += 1;
//! let names = RwLock::new(vec!["ada"]);
//! names.write_unpoisoned().push("grace");
//! assert_eq!(names.read_unpoisoned().len(), 2);
//! ```

use std::sync::{Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// [`Mutex::lock`] that takes the guard of a poisoned mutex instead of failing.
pub trait MutexUnpoisoned<T: ?Sized> {
    /// Locks the mutex, poisoned or not.
    fn lock_unpoisoned(&self) -> MutexGuard<'_, T>;
}

impl<T: ?Sized> MutexUnpoisoned<T> for Mutex<T> {
    fn lock_unpoisoned(&self) -> MutexGuard<'_, T> {
        self.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// [`RwLock::read`] and [`RwLock::write`] that take the guard of a poisoned lock instead of
/// failing.
pub trait RwLockUnpoisoned<T: ?Sized> {
    /// Locks for reading, poisoned or not.
    fn read_unpoisoned(&self) -> RwLockReadGuard<'_, T>;
    /// Locks for writing, poisoned or not.
    fn write_unpoisoned(&self) -> RwLockWriteGuard<'_, T>;
}

impl<T: ?Sized> RwLockUnpoisoned<T> for RwLock<T> {
    fn read_unpoisoned(&self) -> RwLockReadGuard<'_, T> {
        self.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write_unpoisoned(&self) -> RwLockWriteGuard<'_, T> {
        self.write().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::panic::{AssertUnwindSafe, catch_unwind};

    #[test]
    fn a_lock_poisoned_by_a_panic_still_locks_with_its_data() {
        let counter = Mutex::new(1);
        let table = RwLock::new(vec![1]);
        let _ = catch_unwind(AssertUnwindSafe(|| {
            let _held = counter.lock().unwrap();
            let _written = table.write().unwrap();
            panic!("a handler panicked while holding both");
        }));
        assert!(counter.is_poisoned() && table.is_poisoned());
        *counter.lock_unpoisoned() += 1;
        table.write_unpoisoned().push(2);
        assert_eq!(*counter.lock_unpoisoned(), 2);
        assert_eq!(*table.read_unpoisoned(), [1, 2]);
    }
}
