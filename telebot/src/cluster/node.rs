//! One instance of a cluster: its application, its Redis, its names.

use super::config::Cluster;
use super::connection::Redis;
use super::keys::Keys;
use crate::application::Application;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// What an instance's intake and worker share.
pub(crate) struct Node {
    pub(crate) app: Application,
    pub(crate) redis: Redis,
    pub(crate) keys: Keys,
    pub(crate) settings: Cluster,
    /// The instance's name in the status and the logs.
    pub(crate) name: String,
    /// A name no other process has had: the instance's name, its process id, the time and a
    /// counter. Leases are held under it.
    pub(crate) holder: String,
    /// The live workers the last heartbeat saw (flood control's fallback divides by it).
    pub(crate) live_workers: Arc<AtomicUsize>,
    /// The webhook intake's listener, bound before the application initializes (so that a
    /// listen address that cannot be used fails the start, and "initialized" means
    /// "listening"); taken by the intake.
    #[cfg(feature = "webhooks")]
    pub(crate) listener: std::sync::Mutex<Option<tokio::net::TcpListener>>,
}

impl Node {
    /// What reading the cluster's status needs.
    pub(crate) fn status_reader(&self) -> super::status::StatusReader {
        super::status::StatusReader {
            redis: self.redis.clone(),
            keys: self.keys.clone(),
            partitions: self.settings.partitions,
        }
    }

    pub(crate) fn new(app: Application, redis: Redis, keys: Keys, settings: Cluster) -> Node {
        let name = settings.instance.clone().unwrap_or_else(default_name);
        let holder = unique(&name);
        Node {
            app,
            redis,
            keys,
            settings,
            name,
            holder,
            live_workers: Arc::new(AtomicUsize::new(1)),
            #[cfg(feature = "webhooks")]
            listener: std::sync::Mutex::new(None),
        }
    }
}

/// `<hostname>-<pid>`.
fn default_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_owned())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "instance".to_owned());
    format!("{host}-{}", std::process::id())
}

fn unique(name: &str) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let clean: String = name
        .chars()
        .map(|c| if c == ':' { '_' } else { c })
        .collect();
    format!(
        "{clean}/{}/{nanos:x}/{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}
