//! The callback-data cache of a cluster: each long value under its own key in Redis (with an
//! expiry renewed on every read), so that a button packed on one worker is read on another and
//! no instance writes the whole cache over another's.

use super::connection::Redis;
use super::keys::Keys;
use crate::callback_data::shared::SharedCallbackCache;
use futures_util::future::BoxFuture;
use std::time::Duration;

/// How long an unread entry is kept.
pub(crate) const KEEP: Duration = Duration::from_secs(30 * 24 * 3600);

/// Long callback data in Redis.
pub(crate) struct RedisCallbackCache {
    pub(crate) redis: Redis,
    pub(crate) keys: Keys,
}

impl SharedCallbackCache for RedisCallbackCache {
    fn put(&self, key: String, data: String) {
        let redis = self.redis.clone();
        let key = self.keys.callback_data(&key);
        tokio::spawn(async move {
            let stored = redis
                .patiently("storing callback data", |mut c| {
                    let (key, data) = (key.clone(), data.clone());
                    async move {
                        redis::cmd("SET")
                            .arg(key)
                            .arg(data)
                            .arg("EX")
                            .arg(KEEP.as_secs())
                            .query_async::<()>(&mut c)
                            .await
                    }
                })
                .await;
            if let Err(error) = stored {
                tracing::error!(%error, "callback data could not be shared: its button works only on this instance");
            }
        });
    }

    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Option<String>> {
        Box::pin(async move {
            let answer: Result<Option<String>, _> = redis::cmd("GETEX")
                .arg(self.keys.callback_data(key))
                .arg("EX")
                .arg(KEEP.as_secs())
                .query_async(&mut self.redis.conn())
                .await;
            answer.unwrap_or_else(|error| {
                tracing::warn!(%error, "the shared callback data cannot be read; the button reads as expired");
                None
            })
        })
    }

    fn remove(&self, key: String) {
        let mut conn = self.redis.conn();
        let key = self.keys.callback_data(&key);
        tokio::spawn(async move {
            let _: Result<(), _> = redis::cmd("DEL").arg(key).query_async(&mut conn).await;
        });
    }
}
