use super::settings::settings_builder;
use super::{Change, Fields, Lease, Persistence, PersistenceError, Record, Settings, Store};
use ::redis::aio::{ConnectionManager, ConnectionManagerConfig};
use ::redis::{AsyncCommands, RedisError, Value as RedisValue};
use futures_util::future::BoxFuture;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The key layout's version; a higher one in `<ns>:schema` stops startup.
const VERSION: u64 = 1;
const ATTEMPTS: u32 = 4;
/// Keys read per pipeline when loading a store.
const LOAD_BATCH: usize = 500;

/// Takes the lock, or renews it when this token holds it already (a retried attempt).
const LOCK: &str = r"
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0";
/// Releases the lock when this token holds it.
const UNLOCK: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0";
/// Sets (or with no value, removes) a field when this token holds the entry's lock.
const FENCED_SET: &str = r"
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
if ARGV[3] then redis.call('HSET', KEYS[1], ARGV[2], ARGV[3]) else redis.call('HDEL', KEYS[1], ARGV[2]) end
return 1";

/// A backend in Redis, safe for several instances of one bot behind a load balancer (feature
/// `redis`).
///
/// # Keys
///
/// Everything lives under the namespace given to [`RedisPersistence::open`] (one per bot):
/// `<ns>:schema` holds the format version, `<ns>:<store>:<key>` is a hash of the key's fields
/// (`<ns>:chat_data:-100123` → `{"Counter": "{\"n\":3}"}`), `<ns>:lock:<store>:<key>:<field>`
/// is an entry's lock. Values are JSON text. Writes are per field (`HSET`), never a dump.
///
/// # Several instances
///
/// We use **per-entry locks with a lease**, not optimistic transactions: an optimistic
/// transaction that loses a race would have to run the handler again, and a handler's messages
/// cannot be unsent. So when a handler asks for a chat's `ChatData<T>`:
///
/// 1. the instance takes the entry's lock (`SET NX PX` with a unique token), waiting while
///    another instance holds it, up to [`lock_timeout`](RedisPersistence::lock_timeout)
///    (default 30 s; then the handler gets a clear error);
/// 2. it reads the entry back from Redis (its copy may be stale);
/// 3. the handler runs with the value locked;
/// 4. a changed value is written with a script that checks the lock is still this instance's
///    (a fenced write) — after the handler and before the update counts as handled;
/// 5. the lock is released (again only if it is still this instance's).
///
/// The lock expires after the [lease](RedisPersistence::lease) (default 60 s), so an instance
/// that dies holding it blocks the entry only that long. A handler that runs longer than the
/// lease may lose the entry to another instance; its write is then refused and reported
/// ([`PersistenceError::LeaseLost`]) rather than overwriting the other instance's value.
///
/// # Connection loss
///
/// The connection reconnects by itself. Every command is retried with exponential backoff
/// (4 attempts, 50 ms doubling); after that the handler sees
/// [`PersistenceError::Unavailable`] (through its error handlers) and the changed value stays in
/// memory, marked changed, and is written by the next successful write of that entry.
#[derive(Clone)]
pub struct RedisPersistence {
    connection: ConnectionManager,
    namespace: String,
    server: String,
    lease: Duration,
    lock_timeout: Duration,
    settings: Settings,
}

settings_builder!(RedisPersistence);

impl std::fmt::Debug for RedisPersistence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisPersistence")
            .field("server", &self.server)
            .field("namespace", &self.namespace)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

fn unavailable(
    operation: impl Into<String>,
    attempts: u32,
    error: &RedisError,
) -> PersistenceError {
    PersistenceError::Unavailable {
        backend: "redis",
        operation: operation.into(),
        attempts,
        reason: error.to_string(),
    }
}

/// Whether an error may pass when the command is sent again (the cluster's connection asks
/// this too).
pub(crate) fn transient(error: &RedisError) -> bool {
    error.is_io_error()
        || error.is_connection_dropped()
        || error.is_connection_refusal()
        || error.is_timeout()
}

/// A token no other lock holder has: process id, a counter and the time.
fn token() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "{}-{}-{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// The host and port of a Redis URL, without user or password, for messages (the cluster's
/// too).
pub(crate) fn server_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    host.split('/').next().unwrap_or_default().to_string()
}

/// Whether a namespace is letters, digits, `.`, `_` and `-`, and not empty (the cluster's
/// keys follow the same rule).
pub(crate) fn valid_namespace(namespace: &str) -> bool {
    !namespace.is_empty()
        && namespace
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

impl RedisPersistence {
    /// Connects to the Redis at `url` (`redis://host:port/db`) and uses keys under `namespace`
    /// (letters, digits, `.`, `_`, `-`; one per bot, its username say). Fails when Redis
    /// cannot be reached or its data is from a newer telebot.
    pub async fn open(url: &str, namespace: &str) -> Result<Self, PersistenceError> {
        if !valid_namespace(namespace) {
            return Err(PersistenceError::InvalidName {
                what: "Redis namespace",
                name: namespace.to_string(),
                reason: "use letters, digits, `.`, `_` and `-`",
            });
        }
        let server = server_of(url);
        let client = ::redis::Client::open(url)
            .map_err(|e| unavailable(format!("parsing the URL of {server}"), 1, &e))?;
        let config = ConnectionManagerConfig::new()
            .set_number_of_retries(2)
            .set_min_delay(Duration::from_millis(50))
            .set_max_delay(Duration::from_secs(1))
            .set_connection_timeout(Some(Duration::from_secs(5)))
            .set_response_timeout(Some(Duration::from_secs(5)));
        let connection = ConnectionManager::new_with_config(client, config)
            .await
            .map_err(|e| unavailable(format!("connecting to {server}"), 1, &e))?;
        let persistence = RedisPersistence {
            connection,
            namespace: namespace.to_string(),
            server,
            lease: Duration::from_secs(60),
            lock_timeout: Duration::from_secs(30),
            settings: Settings::default(),
        };
        persistence.check_schema().await?;
        Ok(persistence)
    }

    /// How long an entry's lock lasts if its holder does not release it (default 60 s).
    pub fn lease(mut self, lease: Duration) -> Self {
        self.lease = lease.max(Duration::from_millis(100));
        self
    }

    /// How long to wait for an entry another instance holds (default 30 s).
    pub fn lock_timeout(mut self, timeout: Duration) -> Self {
        self.lock_timeout = timeout;
        self
    }

    /// The namespace keys live under.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    fn hash_key(&self, store: Store, key: &str) -> String {
        format!("{}:{store}:{key}", self.namespace)
    }

    fn lock_key(&self, store: Store, key: &str, field: &str) -> String {
        format!("{}:lock:{store}:{key}:{field}", self.namespace)
    }

    /// Runs a command, retrying transient failures with backoff.
    async fn retry<T, F, Fut>(&self, operation: &str, mut f: F) -> Result<T, PersistenceError>
    where
        F: FnMut(ConnectionManager) -> Fut,
        Fut: std::future::Future<Output = Result<T, RedisError>>,
    {
        let mut delay = Duration::from_millis(50);
        let mut attempt = 1;
        loop {
            match f(self.connection.clone()).await {
                Ok(value) => return Ok(value),
                Err(e) if transient(&e) && attempt < ATTEMPTS => {
                    tracing::warn!(error = %e, attempt, "redis: {operation} failed; retrying in {delay:?}");
                    tokio::time::sleep(delay).await;
                    delay *= 2;
                    attempt += 1;
                }
                Err(e) => {
                    return Err(unavailable(
                        format!("{operation} on {}", self.server),
                        attempt,
                        &e,
                    ));
                }
            }
        }
    }

    async fn check_schema(&self) -> Result<(), PersistenceError> {
        let key = format!("{}:schema", self.namespace);
        let found: Option<String> = self
            .retry("reading the schema version", |mut c| {
                let key = key.clone();
                async move {
                    let _: bool = c.set_nx(&key, VERSION).await?;
                    c.get(&key).await
                }
            })
            .await?;
        let found = found.unwrap_or_default();
        let version: u64 = found.parse().map_err(|_| PersistenceError::Corrupt {
            location: format!("redis key {key}"),
            reason: format!("the schema version {found:?} is not a number"),
        })?;
        if version > VERSION {
            return Err(PersistenceError::FutureSchema {
                location: format!("redis key {key}"),
                found: version,
                supported: VERSION,
            });
        }
        Ok(())
    }

    fn parse(
        &self,
        hash: &str,
        field: &str,
        text: &str,
    ) -> Result<serde_json::Value, PersistenceError> {
        serde_json::from_str(text).map_err(|e| PersistenceError::Corrupt {
            location: format!("redis hash {hash} field {field:?}"),
            reason: format!("the value is not valid JSON: {e}"),
        })
    }

    async fn load_store(&self, store: Store) -> Result<Vec<Record>, PersistenceError> {
        let prefix = format!("{}:{store}:", self.namespace);
        let pattern = format!("{prefix}*");
        let keys: Vec<String> = self
            .retry("listing keys", |mut c| {
                let pattern = pattern.clone();
                async move {
                    let mut keys = Vec::new();
                    let mut cursor: u64 = 0;
                    loop {
                        let (next, batch): (u64, Vec<String>) = ::redis::cmd("SCAN")
                            .arg(cursor)
                            .arg("MATCH")
                            .arg(&pattern)
                            .arg("COUNT")
                            .arg(1000)
                            .query_async(&mut c)
                            .await?;
                        keys.extend(batch);
                        if next == 0 {
                            return Ok(keys);
                        }
                        cursor = next;
                    }
                }
            })
            .await?;
        let mut records = Vec::new();
        for chunk in keys.chunks(LOAD_BATCH) {
            let hashes: Vec<Vec<(String, String)>> = self
                .retry("reading hashes", |mut c| {
                    let mut pipe = ::redis::pipe();
                    for key in chunk {
                        pipe.hgetall(key);
                    }
                    async move { pipe.query_async(&mut c).await }
                })
                .await?;
            for (hash, fields) in chunk.iter().zip(hashes) {
                let key = hash.strip_prefix(&prefix).unwrap_or(hash);
                for (field, text) in fields {
                    let value = self.parse(hash, &field, &text)?;
                    records.push(Record {
                        key: key.to_string(),
                        field,
                        value,
                    });
                }
            }
        }
        Ok(records)
    }

    async fn load_fields(&self, store: Store, key: &str) -> Result<Fields, PersistenceError> {
        let hash = self.hash_key(store, key);
        let fields: Vec<(String, String)> = self
            .retry("reading a hash", |mut c| {
                let hash = hash.clone();
                async move { c.hgetall(&hash).await }
            })
            .await?;
        fields
            .into_iter()
            .map(|(field, text)| {
                let value = self.parse(&hash, &field, &text)?;
                Ok((field, value))
            })
            .collect()
    }

    async fn write_changes(&self, changes: &[Change]) -> Result<(), PersistenceError> {
        let mut plain = ::redis::pipe();
        plain.atomic();
        let mut fenced = ::redis::pipe();
        let mut fenced_resources = Vec::new();
        for change in changes {
            match change {
                Change::Set {
                    store,
                    key,
                    field,
                    value,
                    lease: Some(lease),
                } => {
                    let mut call = ::redis::cmd("EVAL");
                    call.arg(FENCED_SET)
                        .arg(2)
                        .arg(self.hash_key(*store, key))
                        .arg(&lease.resource)
                        .arg(&lease.token)
                        .arg(field);
                    if let Some(value) = value {
                        call.arg(value.to_string());
                    }
                    fenced.add_command(call);
                    fenced_resources.push(lease.resource.clone());
                }
                Change::Set {
                    store,
                    key,
                    field,
                    value,
                    lease: None,
                } => {
                    let hash = self.hash_key(*store, key);
                    match value {
                        Some(value) => plain.hset(hash, field, value.to_string()).ignore(),
                        None => plain.hdel(hash, field).ignore(),
                    };
                }
                Change::DropKey { store, key } => {
                    plain.del(self.hash_key(*store, key)).ignore();
                }
            }
        }
        if !fenced_resources.is_empty() {
            let applied: Vec<i64> = self
                .retry("writing locked values", |mut c| {
                    let pipe = fenced.clone();
                    async move { pipe.query_async(&mut c).await }
                })
                .await?;
            if let Some((resource, _)) = fenced_resources
                .iter()
                .zip(applied)
                .find(|(_, applied)| *applied == 0)
            {
                return Err(PersistenceError::LeaseLost {
                    backend: "redis",
                    resource: resource.clone(),
                });
            }
        }
        if changes.len() > fenced_resources.len() {
            let _: RedisValue = self
                .retry("writing values", |mut c| {
                    let pipe = plain.clone();
                    async move { pipe.query_async(&mut c).await }
                })
                .await?;
        }
        Ok(())
    }

    async fn take_lock(
        &self,
        store: Store,
        key: &str,
        field: &str,
    ) -> Result<Option<Lease>, PersistenceError> {
        let resource = self.lock_key(store, key, field);
        let token = token();
        let lease_ms = self.lease.as_millis() as u64;
        let started = tokio::time::Instant::now();
        let mut delay = Duration::from_millis(1);
        loop {
            let taken: i64 = self
                .retry("taking a lock", |mut c| {
                    let call = ::redis::cmd("EVAL")
                        .arg(LOCK)
                        .arg(1)
                        .arg(&resource)
                        .arg(&token)
                        .arg(lease_ms)
                        .clone();
                    async move { call.query_async(&mut c).await }
                })
                .await?;
            if taken == 1 {
                return Ok(Some(Lease { resource, token }));
            }
            if started.elapsed() >= self.lock_timeout {
                return Err(PersistenceError::LockTimeout {
                    backend: "redis",
                    resource,
                    waited: started.elapsed(),
                });
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(Duration::from_millis(20));
        }
    }
}

impl Persistence for RedisPersistence {
    fn describe(&self) -> String {
        format!("Redis store at {} under `{}:`", self.server, self.namespace)
    }

    fn settings(&self) -> Settings {
        self.settings
    }

    fn shared(&self) -> bool {
        true
    }

    fn load(&self, store: Store) -> BoxFuture<'_, Result<Vec<Record>, PersistenceError>> {
        Box::pin(self.load_store(store))
    }

    fn load_key<'a>(
        &'a self,
        store: Store,
        key: &'a str,
    ) -> BoxFuture<'a, Result<Fields, PersistenceError>> {
        Box::pin(self.load_fields(store, key))
    }

    fn write<'a>(&'a self, changes: &'a [Change]) -> BoxFuture<'a, Result<(), PersistenceError>> {
        Box::pin(self.write_changes(changes))
    }

    fn lock<'a>(
        &'a self,
        store: Store,
        key: &'a str,
        field: &'a str,
    ) -> BoxFuture<'a, Result<Option<Lease>, PersistenceError>> {
        Box::pin(self.take_lock(store, key, field))
    }

    fn unlock(&self, lease: Lease) -> BoxFuture<'_, Result<(), PersistenceError>> {
        Box::pin(async move {
            let _: i64 = self
                .retry("releasing a lock", |mut c| {
                    let call = ::redis::cmd("EVAL")
                        .arg(UNLOCK)
                        .arg(1)
                        .arg(&lease.resource)
                        .arg(&lease.token)
                        .clone();
                    async move { call.query_async(&mut c).await }
                })
                .await?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::server_of;

    #[test]
    fn messages_name_the_server_without_credentials() {
        assert_eq!(
            server_of("redis://user:secret@127.0.0.1:6379/0"),
            "127.0.0.1:6379"
        );
        assert_eq!(server_of("redis://localhost"), "localhost");
    }
}
