//! A cluster instance configured from the environment: what `#[telebot::main]` reads, and
//! [`Cluster::from_env`] for a main of one's own (the variables are listed in
//! [`crate::cluster`]'s docs).

use super::config::{Cluster, Role};
use crate::Error;
use std::time::Duration;

/// The variable that turns cluster mode on.
pub const REDIS_URL_VAR: &str = "TELEBOT_CLUSTER_REDIS_URL";

/// `6s`, `1500ms`, `2m`, or a number of seconds.
fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let (number, unit) = text
        .find(|c: char| !c.is_ascii_digit())
        .map_or((text, ""), |at| text.split_at(at));
    let n: u64 = number.parse().ok()?;
    match unit {
        "" | "s" => Some(Duration::from_secs(n)),
        "ms" => Some(Duration::from_millis(n)),
        "m" => Some(Duration::from_secs(n * 60)),
        _ => None,
    }
}

fn bad(variable: &str, value: &str, expected: &str) -> Error {
    Error::Setup(format!("{variable}={value:?} is not {expected}"))
}

impl Cluster {
    /// The cluster the environment describes (see the table in [`crate::cluster`]'s docs):
    /// `None` when `TELEBOT_CLUSTER_REDIS_URL` is unset or empty, an error naming the variable
    /// when a value cannot be used.
    pub fn from_env() -> Result<Option<Cluster>, Error> {
        Cluster::from_vars(|name| std::env::var(name).ok())
    }

    /// [`from_env`](Self::from_env) over any source of variables.
    pub(crate) fn from_vars(
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Cluster>, Error> {
        let Some(url) = var(REDIS_URL_VAR).filter(|u| !u.trim().is_empty()) else {
            return Ok(None);
        };
        if !(url.starts_with("redis://")
            || url.starts_with("rediss://")
            || url.starts_with("unix://"))
        {
            return Err(Error::Setup(format!(
                "{REDIS_URL_VAR} must be a redis:// (or rediss://, unix://) URL; it starts with {:?}",
                url.split("://").next().unwrap_or_default()
            )));
        }
        let mut cluster = Cluster::redis(url);
        if let Some(role) = var("TELEBOT_CLUSTER_ROLE") {
            let role: Role = role
                .parse()
                .map_err(|e: String| Error::Setup(format!("TELEBOT_CLUSTER_ROLE: {e}")))?;
            cluster = cluster.role(role);
        }
        if let Some(namespace) = var("TELEBOT_CLUSTER_NAMESPACE").filter(|n| !n.is_empty()) {
            cluster = cluster.namespace(namespace);
        }
        if let Some(name) = var("TELEBOT_CLUSTER_INSTANCE").filter(|n| !n.is_empty()) {
            cluster = cluster.instance(name);
        }
        if let Some(text) = var("TELEBOT_CLUSTER_PARTITIONS") {
            let partitions = text
                .trim()
                .parse::<u16>()
                .ok()
                .filter(|p| (1..=1024).contains(p))
                .ok_or_else(|| {
                    bad(
                        "TELEBOT_CLUSTER_PARTITIONS",
                        &text,
                        "a number from 1 to 1024",
                    )
                })?;
            cluster = cluster.partitions(partitions);
        }
        if let Some(text) = var("TELEBOT_CLUSTER_LEASE") {
            let lease = parse_duration(&text)
                .filter(|d| *d >= Duration::from_millis(300))
                .ok_or_else(|| {
                    bad(
                        "TELEBOT_CLUSTER_LEASE",
                        &text,
                        "a duration of at least 300ms (like 6s or 1500ms)",
                    )
                })?;
            cluster = cluster.intake_lease(lease).partition_lease(lease);
        }
        Ok(Some(cluster))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn from(vars: &[(&str, &str)]) -> Result<Option<Cluster>, Error> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Cluster::from_vars(|name| vars.get(name).cloned())
    }

    #[test]
    fn no_url_means_one_process() {
        assert!(from(&[]).unwrap().is_none());
        assert!(from(&[(REDIS_URL_VAR, " ")]).unwrap().is_none());
    }

    #[test]
    fn every_variable_is_read() {
        let cluster = from(&[
            (REDIS_URL_VAR, "redis://cache:6379/1"),
            ("TELEBOT_CLUSTER_ROLE", "worker"),
            ("TELEBOT_CLUSTER_NAMESPACE", "shop"),
            ("TELEBOT_CLUSTER_INSTANCE", "web-3"),
            ("TELEBOT_CLUSTER_PARTITIONS", "32"),
            ("TELEBOT_CLUSTER_LEASE", "1500ms"),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(cluster.role_of(), Role::Worker);
        assert_eq!(cluster.namespace.as_deref(), Some("shop"));
        assert_eq!(cluster.instance.as_deref(), Some("web-3"));
        assert_eq!(cluster.partition_count(), 32);
        assert_eq!(cluster.partition_lease, Duration::from_millis(1500));
        assert_eq!(cluster.intake_lease, Duration::from_millis(1500));
    }

    #[test]
    fn a_bad_value_names_its_variable() {
        for (vars, variable) in [
            (vec![(REDIS_URL_VAR, "http://cache:6379")], REDIS_URL_VAR),
            (
                vec![
                    (REDIS_URL_VAR, "redis://x/"),
                    ("TELEBOT_CLUSTER_ROLE", "boss"),
                ],
                "TELEBOT_CLUSTER_ROLE",
            ),
            (
                vec![
                    (REDIS_URL_VAR, "redis://x/"),
                    ("TELEBOT_CLUSTER_PARTITIONS", "0"),
                ],
                "TELEBOT_CLUSTER_PARTITIONS",
            ),
            (
                vec![
                    (REDIS_URL_VAR, "redis://x/"),
                    ("TELEBOT_CLUSTER_LEASE", "soon"),
                ],
                "TELEBOT_CLUSTER_LEASE",
            ),
        ] {
            let error = from(&vars).unwrap_err().to_string();
            assert!(error.contains(variable), "{error}");
        }
    }
}
