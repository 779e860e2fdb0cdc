//! Runs shared by several instances: before a due run starts, the queue may ask a gate whether
//! this instance is the one to run it (the cluster's gate claims the run in Redis). A run is
//! named by the job's id and its slot: the due time, or for a repeating job the interval it
//! falls in, so that instances whose repeating timers started at different moments still name
//! each period's run alike.

use futures_util::future::BoxFuture;
use jiff::Timestamp;
use std::time::Duration;

/// Decides which instance runs a due run.
pub(crate) trait RunGate: Send + Sync {
    /// Whether this instance runs job `id`'s run in `slot`; claims it when so. `hold` is how
    /// long the claim must outlive the slot's start (the instances' clocks and timers differ).
    fn claim<'a>(&'a self, id: &'a str, slot: i64, hold: Duration) -> BoxFuture<'a, bool>;
}

/// The slot of a run due at `due`: the index of its interval for a repeating job, else the due
/// time in milliseconds.
pub(crate) fn slot_of(due: Timestamp, interval: Option<Duration>) -> i64 {
    let ms = due.as_millisecond();
    match interval.map(|i| i64::try_from(i.as_millis()).unwrap_or(i64::MAX)) {
        Some(every) if every > 0 => ms.div_euclid(every),
        _ => ms,
    }
}

/// How long a claim is kept: two intervals, and at least ten minutes.
pub(crate) fn hold_for(interval: Option<Duration>) -> Duration {
    interval
        .map_or(Duration::ZERO, |i| i * 2)
        .max(Duration::from_secs(600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instances_started_apart_name_each_period_alike() {
        let every = Some(Duration::from_secs(10));
        // Two instances whose timers run 3.2 s apart: their n-th runs share the slot.
        let a = Timestamp::from_millisecond(1_700_000_000_000).unwrap();
        let b = Timestamp::from_millisecond(1_700_000_003_200).unwrap();
        assert_eq!(slot_of(a, every), slot_of(b, every));
        let a_next = Timestamp::from_millisecond(1_700_000_010_000).unwrap();
        assert_eq!(slot_of(a_next, every), slot_of(a, every) + 1);
        // A one-off or calendar run is named by its due time.
        assert_eq!(slot_of(a, None), 1_700_000_000_000);
    }
}
