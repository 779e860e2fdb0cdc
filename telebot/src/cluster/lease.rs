//! A lease in Redis with a fencing epoch: who holds the poller's role or a partition, until
//! when, and under which epoch. Every write a holder makes under a lease (an acknowledgement)
//! names `<holder>:<epoch>`, and Redis refuses it once anyone else has taken the lease.

use super::scripts::{ACQUIRE, RELEASE};
use redis::RedisError;
use redis::aio::ConnectionManager;
use std::time::Duration;
use tokio::time::Instant;

/// What an attempt to take or renew a lease found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hold {
    /// Held under `epoch`; `fresh` when the epoch is new to this holder (a new acquisition:
    /// whatever it held under an older epoch is void).
    Held { epoch: u64, fresh: bool },
    /// Someone else holds it.
    Busy,
    /// Its holder let it run out without giving it up; it may be taken once the caller has
    /// seen it so for a whole lease period.
    Unclaimed,
}

/// One lease, as its (would-be) holder sees it.
#[derive(Debug)]
pub(crate) struct Lease {
    key: String,
    epoch_key: String,
    holder: String,
    ttl: Duration,
    /// The epoch held, 0 when none.
    epoch: u64,
    /// When the lease surely runs out unless renewed, by this process's clock.
    deadline: Option<Instant>,
}

impl Lease {
    pub(crate) fn new(key: String, epoch_key: String, holder: String, ttl: Duration) -> Lease {
        Lease {
            key,
            epoch_key,
            holder,
            ttl,
            epoch: 0,
            deadline: None,
        }
    }

    /// The value every fenced write names: `<holder>:<epoch>`.
    pub(crate) fn fence(&self) -> String {
        format!("{}:{}", self.holder, self.epoch)
    }

    /// The epoch held (0 when none).
    pub(crate) fn epoch(&self) -> u64 {
        self.epoch
    }

    /// Whether the lease is held and has not surely run out.
    pub(crate) fn valid(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() < d)
    }

    /// How long the lease surely lasts unless renewed (zero when not held).
    pub(crate) fn remaining(&self) -> Duration {
        self.deadline.map_or(Duration::ZERO, |d| {
            d.saturating_duration_since(Instant::now())
        })
    }

    /// Takes the lease, or renews it when held; `waited` when the caller has seen it unclaimed
    /// for a whole lease period.
    pub(crate) async fn hold(
        &mut self,
        conn: &mut ConnectionManager,
        waited: bool,
    ) -> Result<Hold, RedisError> {
        let sent = Instant::now();
        let ttl_ms = u64::try_from(self.ttl.as_millis()).unwrap_or(u64::MAX);
        let answer: i64 = ACQUIRE
            .key(&self.key)
            .key(&self.epoch_key)
            .arg(&self.holder)
            .arg(ttl_ms)
            .arg(self.epoch)
            .arg(if waited { "1" } else { "0" })
            .invoke_async(conn)
            .await?;
        let Ok(epoch) = u64::try_from(answer) else {
            self.epoch = 0;
            self.deadline = None;
            return Ok(if answer == -2 {
                Hold::Unclaimed
            } else {
                Hold::Busy
            });
        };
        let fresh = epoch != self.epoch;
        self.epoch = epoch;
        // Counted from before the request: Redis's expiry starts later than that, never
        // earlier. A tenth off for clocks that run at different rates.
        self.deadline = Some(sent + self.ttl.mul_f64(0.9));
        Ok(Hold::Held { epoch, fresh })
    }

    /// Forgets the lease locally (it was lost, or given up).
    pub(crate) fn forget(&mut self) {
        self.epoch = 0;
        self.deadline = None;
    }

    /// Gives the lease up if it is still this holder's.
    pub(crate) async fn release(&mut self, conn: &mut ConnectionManager) -> Result<(), RedisError> {
        if self.epoch == 0 {
            return Ok(());
        }
        let fence = self.fence();
        self.forget();
        let ttl_ms = u64::try_from(self.ttl.as_millis()).unwrap_or(u64::MAX);
        let _: i64 = RELEASE
            .key(&self.key)
            .arg(fence)
            .arg(ttl_ms)
            .invoke_async(conn)
            .await?;
        Ok(())
    }
}
