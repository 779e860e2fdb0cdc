//! Jobs once per cluster: every worker keeps the application's job queue, and before a due run
//! starts it claims the run in Redis (`SET NX` of the job's id and slot); the others skip it.
//! Declared jobs and persistent jobs from a shared store have the same id on every instance,
//! so each of their runs goes to exactly one; a job a handler schedules without persistence
//! lives on its instance only, as in one process.

use super::connection::Redis;
use super::keys::Keys;
use crate::jobs::gate::RunGate;
use futures_util::future::BoxFuture;
use std::time::Duration;

/// The cluster's gate: claims runs in Redis.
pub(crate) struct RedisGate {
    pub(crate) redis: Redis,
    pub(crate) keys: Keys,
    pub(crate) holder: String,
}

impl RunGate for RedisGate {
    fn claim<'a>(&'a self, id: &'a str, slot: i64, hold: Duration) -> BoxFuture<'a, bool> {
        Box::pin(async move {
            let key = self.keys.job_run(id, slot);
            let ms = u64::try_from(hold.as_millis()).unwrap_or(u64::MAX);
            let answer = self
                .redis
                .patiently("claiming a job run", |mut c| {
                    let key = key.clone();
                    let holder = self.holder.clone();
                    async move {
                        redis::cmd("SET")
                            .arg(&key)
                            .arg(&holder)
                            .arg("NX")
                            .arg("PX")
                            .arg(ms)
                            .query_async::<Option<String>>(&mut c)
                            .await
                    }
                })
                .await;
            match answer {
                Ok(claimed) => claimed.is_some(),
                Err(error) => {
                    // Without Redis no instance can be sure the others skip it: none runs it.
                    tracing::error!(%error, job = id, "a job run could not be claimed; it is skipped");
                    false
                }
            }
        })
    }
}
