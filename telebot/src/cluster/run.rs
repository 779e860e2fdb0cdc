//! Running an application as one instance of a cluster: connect, agree on the settings, then
//! the intake, the worker or both until a stop, then a graceful stop.

use super::config::Cluster;
use super::connection::Redis;
use super::keys::Keys;
use super::node::Node;
use super::{intake, worker};
use crate::Error;
use crate::application::Application;
use std::future::Future;
use std::sync::Arc;
use telebot_client::poison::MutexUnpoisoned;
use tokio::sync::watch;

/// Running in a cluster (feature `cluster`).
impl Application {
    /// Runs this instance of a cluster until SIGINT or SIGTERM (feature `cluster`): joins the
    /// cluster's Redis, then receives updates, handles them, or both, as
    /// [`Cluster::role`](crate::cluster::Cluster::role) says; then stops gracefully (a worker
    /// finishes and acknowledges what it holds and hands its partitions over). See
    /// [`crate::cluster`].
    pub async fn run_cluster(&self, cluster: crate::cluster::Cluster) -> Result<(), Error> {
        self.run_cluster_until(cluster, crate::updates::shutdown_signal())
            .await
    }

    /// [`run_cluster`](Self::run_cluster) until `stop` completes instead of a signal.
    pub async fn run_cluster_until(
        &self,
        cluster: crate::cluster::Cluster,
        stop: impl Future<Output = ()>,
    ) -> Result<(), Error> {
        run_until(self, cluster, stop).await
    }

    /// The cluster as Redis shows it now: who polls, the live workers, each partition's owner,
    /// backlog and lag (feature `cluster`). An error when the application is not running in a
    /// cluster, or Redis does not answer.
    pub async fn cluster_status(&self) -> Result<crate::cluster::ClusterStatus, Error> {
        let reader = self.cluster_reader();
        match reader {
            Some(reader) => super::status::read(&reader).await,
            None => Err(Error::Setup(
                "this application is not running in a cluster (run_cluster)".into(),
            )),
        }
    }
}

/// Connects to the cluster's Redis and checks that this instance agrees with the others.
pub(crate) async fn join(app: &Application, cluster: Cluster) -> Result<Arc<Node>, Error> {
    let namespace = match &cluster.namespace {
        Some(namespace) => namespace.clone(),
        None => match app.bot().id() {
            Some(id) => format!("bot{id}"),
            None => {
                return Err(Error::Setup(
                    "the cluster needs a namespace: the bot token has no bot id in front (set Cluster::namespace)".into(),
                ));
            }
        },
    };
    if !crate::persistence::redis::valid_namespace(&namespace) {
        return Err(Error::Setup(format!(
            "the cluster namespace {namespace:?} may hold only letters, digits, `.`, `_` and `-`"
        )));
    }
    let redis = Redis::connect(&cluster.url, cluster.redis_wait).await?;
    let keys = Keys::new(&namespace);
    let settings = keys.settings();
    let partitions = cluster.partitions;
    let agreed: u16 = redis
        .patiently("recording the cluster's settings", |mut c| {
            let settings = settings.clone();
            async move {
                let _: bool = redis::cmd("HSETNX")
                    .arg(&settings)
                    .arg("partitions")
                    .arg(partitions)
                    .query_async(&mut c)
                    .await?;
                redis::cmd("HGET")
                    .arg(&settings)
                    .arg("partitions")
                    .query_async(&mut c)
                    .await
            }
        })
        .await?;
    if agreed != partitions {
        return Err(Error::Setup(format!(
            "this instance has {partitions} partitions but the cluster {namespace} on {} has {agreed}; \
             every instance must agree (to change it, stop every instance, let the logs drain, and delete {settings})",
            redis.server()
        )));
    }
    Ok(Arc::new(Node::new(app.clone(), redis, keys, cluster)))
}

/// Runs the instance until `stop` completes.
pub(crate) async fn run_until(
    app: &Application,
    cluster: Cluster,
    stop: impl Future<Output = ()>,
) -> Result<(), Error> {
    let stop = app.or_stop_requested(stop);
    let role = cluster.role;
    let node = join(app, cluster).await?;
    #[cfg(feature = "webhooks")]
    if let (Some(config), true) = (&node.settings.webhook, role.receives()) {
        let listener = crate::updates::webhook::bind(config).await?;
        *node.listener.lock_unpoisoned() = Some(listener);
    }
    app.initialize().await?;
    app.set_cluster(Some(node.status_reader()));
    if role.works() {
        if let Some(limiter) = app.bot().rate_limiter() {
            limiter.share_windows(Some(std::sync::Arc::new(super::flood::RedisWindows {
                redis: node.redis.clone(),
                keys: node.keys.clone(),
                holder: node.holder.clone(),
                instances: std::sync::Arc::clone(&node.live_workers),
                next: std::sync::atomic::AtomicU64::new(0),
                margin: node.settings.flood_margin,
            })));
        }
        app.callback_data().share_cache(Some(std::sync::Arc::new(
            super::callback_cache::RedisCallbackCache {
                redis: node.redis.clone(),
                keys: node.keys.clone(),
            },
        )));
        app.job_queue()
            .set_gate(Some(std::sync::Arc::new(super::jobs::RedisGate {
                redis: node.redis.clone(),
                keys: node.keys.clone(),
                holder: node.holder.clone(),
            })));
    }
    let status = match super::status::read(&node.status_reader()).await {
        Ok(status) => status.summary(),
        Err(error) => format!("  status: {error}"),
    };
    tracing::info!(
        "{}\ncluster: {} on {} (namespace {}), {} partitions, instance {}\n{status}",
        app.startup_report(),
        role.name(),
        node.redis.server(),
        node.keys.namespace(),
        node.settings.partitions,
        node.name,
    );
    if role.works() {
        app.start().await;
    }
    let (stop_tx, stop_rx) = watch::channel(false);
    if role.works() {
        tokio::spawn(share_jobs(
            app.clone(),
            node.settings.partition_lease,
            stop_rx.clone(),
        ));
    }
    let intake = role
        .receives()
        .then(|| tokio::spawn(intake::run(Arc::clone(&node), stop_rx.clone())));
    let worker = role
        .works()
        .then(|| tokio::spawn(worker::run(Arc::clone(&node), stop_rx.clone())));
    tokio::pin!(stop);
    let mut intake = intake;
    let mut worker = worker;
    let mut result = Ok(());
    tokio::select! {
        _ = &mut stop => {}
        done = join_opt(&mut intake) => {
            result = flatten(done);
            intake = None;
        }
        done = join_opt(&mut worker) => {
            result = flatten(done);
            worker = None;
        }
    }
    let _ = stop_tx.send(true);
    if let Some(task) = intake {
        let outcome = flatten(task.await);
        if result.is_ok() {
            result = outcome;
        }
    }
    if let Some(task) = worker {
        let outcome = flatten(task.await);
        if result.is_ok() {
            result = outcome;
        }
    }
    if role.works() {
        app.stop().await;
    }
    app.shutdown().await;
    app.set_cluster(None);
    result
}

/// Picks up the persistent jobs other instances add to the shared job store (and drops those
/// they remove), every lease period until the stop.
async fn share_jobs(app: Application, every: std::time::Duration, mut stop: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = stop.wait_for(|s| *s) => return,
            _ = tokio::time::sleep(every) => {}
        }
        app.job_queue().sync_with_store().await;
    }
}

/// Waits for a task that may not exist (then never).
async fn join_opt(
    task: &mut Option<tokio::task::JoinHandle<Result<(), Error>>>,
) -> Result<Result<(), Error>, tokio::task::JoinError> {
    match task {
        Some(task) => task.await,
        None => std::future::pending().await,
    }
}

fn flatten(done: Result<Result<(), Error>, tokio::task::JoinError>) -> Result<(), Error> {
    match done {
        Ok(result) => result,
        Err(panic) => Err(Error::Setup(format!("a cluster task failed: {panic}"))),
    }
}
