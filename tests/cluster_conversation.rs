//! A conversation in a cluster (issue 16): two instances of one bot in this process share a
//! Redis (the update log, and the conversation's state with `RedisPersistence`). A user starts
//! a conversation on the instance that owns their chat's partition; that instance stops; the
//! user's answer goes, through the same partition, to the other instance, which continues the
//! conversation where it was. A conversation's updates share their chat's lane key, so they
//! belong to one partition and one worker at a time: never two steps at once.

#![cfg(feature = "cluster")]

#[path = "support/cluster_member.rs"]
mod cluster_member;
#[path = "support/store.rs"]
mod store;

use std::time::Duration;
use telebot::Application;
use telebot::cluster::Cluster;
use telebot::persistence::RedisPersistence;
use telebot::testing::FakeTelegram;

/// The instance's name, in every reply.
#[derive(Clone)]
pub struct Instance(pub &'static str);

#[telebot::conversation(name = "greet", persistent)]
mod greet {
    use super::Instance;
    use telebot::api::Message;
    use telebot::conversation::Next;
    use telebot::extract::State;
    use telebot::{Bot, HandlerResult};

    /// Where the greeting is.
    #[states]
    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    pub enum Step {
        /// Asked for a name.
        Name,
    }

    /// Asks for a name.
    #[entry]
    #[command("start")]
    async fn start(
        bot: Bot,
        msg: Message,
        State(Instance(me)): State<Instance>,
    ) -> HandlerResult<Next<Step>> {
        bot.send_message(msg.chat.id, format!("{me}: your name?"))
            .await?;
        Ok(Next::To(Step::Name))
    }

    /// Greets by name.
    #[state(Step::Name)]
    #[message]
    async fn name(
        bot: Bot,
        msg: Message,
        State(Instance(me)): State<Instance>,
    ) -> HandlerResult<Next<Step>> {
        let name = msg.text.clone().unwrap_or_default();
        bot.send_message(msg.chat.id, format!("{me}: hello, {name}"))
            .await?;
        Ok(Next::End)
    }
}

async fn member(
    tg: &FakeTelegram,
    redis: &str,
    namespace: &str,
    name: &'static str,
) -> cluster_member::Member {
    let store = RedisPersistence::open(redis, &format!("{namespace}-data"))
        .await
        .unwrap()
        .write_through(true);
    let app = Application::builder()
        .bot(tg.bot())
        .persistence(store)
        .state(Instance(name))
        .handlers(greet::handlers())
        .build()
        .unwrap();
    let cluster = Cluster::redis(redis)
        .namespace(namespace)
        .instance(name)
        .partitions(4)
        .intake_lease(Duration::from_millis(1500))
        .partition_lease(Duration::from_millis(1500));
    cluster_member::start(app, cluster)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conversation_goes_on_when_its_worker_stops() {
    let Some(redis) = store::redis_url() else {
        return;
    };
    let namespace = store::fresh_namespace("cluster-conversation");
    let tg = FakeTelegram::start().await;
    let mut a = Some(member(&tg, &redis, &namespace, "a").await);
    let alice = tg.user("alice");
    alice.send("/start").await;
    let asked = tg.expect_reply_to(&alice).await;
    assert_eq!(
        asked.text(),
        "a: your name?",
        "the only instance started it"
    );

    let b = member(&tg, &redis, &namespace, "b").await;
    // `a` stops gracefully: it hands its partitions over once nothing is in hand.
    a.take().unwrap().stop().await;
    alice.send("Alice").await;
    let greeted = tg.expect_reply_to(&alice).await;
    assert_eq!(
        greeted.text(),
        "b: hello, Alice",
        "the other instance continued the conversation from its stored state"
    );
    b.stop().await;
}
