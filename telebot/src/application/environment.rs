//! Running an application the way the environment says: the intake (`TELEBOT_WEBHOOK_*`,
//! `TELEBOT_CLUSTER_*`, else long polling with `TELEBOT_POLLING_*`), as `#[telebot::main]` does.

use super::Application;
use crate::Error;

impl Application {
    /// Runs until SIGINT or SIGTERM with the intake the environment chooses: several
    /// instances on Redis when `TELEBOT_CLUSTER_REDIS_URL` is set (feature `cluster`), the
    /// webhook server when `TELEBOT_WEBHOOK_LISTEN` is set (feature `webhooks`), else long
    /// polling. Every variable is read, and a bad value refused with an error naming it,
    /// before anything starts. `#[telebot::main]` ends with this; a hand-written main can
    /// too:
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), telebot::Error> {
    /// let app = telebot::Application::builder().from_env()?.build()?;
    /// app.run_from_env().await
    /// # }
    /// ```
    pub async fn run_from_env(&self) -> Result<(), Error> {
        self.run_from_env_until(crate::updates::shutdown_signal())
            .await
    }

    /// [`run_from_env`](Self::run_from_env) until `stop` completes, instead of a signal.
    pub async fn run_from_env_until(
        &self,
        stop: impl std::future::Future<Output = ()>,
    ) -> Result<(), Error> {
        #[cfg(feature = "webhooks")]
        let webhook = crate::updates::webhook::WebhookConfig::from_env()?;
        #[cfg(not(feature = "webhooks"))]
        if std::env::var_os("TELEBOT_WEBHOOK_LISTEN").is_some() {
            return Err(Error::Setup(
                "TELEBOT_WEBHOOK_LISTEN is set, but this build has no webhook server (enable telebot's `webhooks` feature)".into(),
            ));
        }
        #[cfg(feature = "cluster")]
        if let Some(cluster) = crate::cluster::Cluster::from_env()? {
            #[cfg(feature = "webhooks")]
            let cluster = match webhook {
                Some(config) => cluster.webhook(config),
                None => cluster,
            };
            return self.run_cluster_until(cluster, stop).await;
        }
        #[cfg(not(feature = "cluster"))]
        if std::env::var_os("TELEBOT_CLUSTER_REDIS_URL").is_some() {
            return Err(Error::Setup(
                "TELEBOT_CLUSTER_REDIS_URL is set, but this build has no cluster (enable telebot's `cluster` feature)".into(),
            ));
        }
        #[cfg(feature = "webhooks")]
        if let Some(config) = webhook {
            let listener = crate::updates::webhook::bind(&config).await?;
            return crate::updates::webhook::serve_on(self, listener, config, stop).await;
        }
        let polling = crate::updates::polling::PollingConfig::from_env()?;
        crate::updates::polling::run_until(self, polling, stop).await
    }
}
