//! An application running as a cluster member in the test's own process, until the test
//! stops it (the child-process members are `cluster.rs`'s).

use telebot::Application;
use telebot::cluster::Cluster;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running member, and how to stop it.
pub struct Member {
    stop: oneshot::Sender<()>,
    run: JoinHandle<Result<(), telebot::Error>>,
}

/// Runs `app` as a member of `cluster` until [`Member::stop`].
pub fn start(app: Application, cluster: Cluster) -> Member {
    let (stop, stopped) = oneshot::channel::<()>();
    let run = tokio::spawn(async move {
        app.run_cluster_until(cluster, async {
            let _ = stopped.await;
        })
        .await
    });
    Member { stop, run }
}

impl Member {
    /// Stops it gracefully and waits for its run to end, which must end without an error.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        self.run
            .await
            .expect("the member's task")
            .expect("the member's run ends without an error");
    }
}
