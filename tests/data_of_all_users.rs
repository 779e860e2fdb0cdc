//! Every user's and chat's data (issue #23): `all_user_data::<T>()` lists the users whose data
//! holds a `T` (the usual source of a broadcast list), from memory and, after a restart, from
//! the store; `drop_user_data` / `drop_chat_data` forget a user or a chat in memory and in the
//! store.

#[path = "support/app.rs"]
mod app;

use serde::{Deserialize, Serialize};
use telebot::api::Message;
use telebot::handlers::CommandHandler;
use telebot::persistence::FilePersistence;
use telebot::testing::FakeTelegram;
use telebot::{Application, Bot, ChatData, HandlerResult, UserData};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Subscription {
    topic: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Seen(u32);

async fn subscribe(
    bot: Bot,
    msg: Message,
    mut sub: UserData<Subscription>,
    mut seen: ChatData<Seen>,
) -> HandlerResult {
    sub.topic = "news".into();
    seen.0 += 1;
    bot.send_message(msg.chat.id, "subscribed").await?;
    Ok(())
}

async fn hello(bot: Bot, msg: Message) -> HandlerResult {
    bot.send_message(msg.chat.id, "hello").await?;
    Ok(())
}

fn app(tg: &FakeTelegram, dir: &std::path::Path) -> Application {
    let app = app::builder(tg)
        .persistence(FilePersistence::open(dir).unwrap())
        .build()
        .unwrap();
    app.add_handler(CommandHandler::new("subscribe", subscribe), 0);
    app.add_handler(CommandHandler::new("hello", hello), 0);
    app
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_users_data_is_listed_and_a_dropped_user_is_forgotten_everywhere() {
    let dir = std::env::temp_dir().join(format!("telebot-all-users-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let tg = FakeTelegram::start().await;
    let (ann, bob, cid) = (tg.user("ann"), tg.user("bob"), tg.user("cid"));

    let first = app(&tg, &dir);
    let running = app::run(&tg, &first).await;
    for (user, command, reply) in [
        (&ann, "/subscribe", "subscribed"),
        (&bob, "/subscribe", "subscribed"),
        (&cid, "/hello", "hello"),
    ] {
        user.send(command).await;
        assert_eq!(tg.expect_reply_to(user).await.text(), reply);
    }
    first.wait_idle().await;
    let mut subscribed = vec![ann.id(), bob.id()];
    subscribed.sort();
    let listed = first.all_user_data::<Subscription>().await.unwrap();
    assert_eq!(
        listed.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        subscribed,
        "cid holds no Subscription"
    );
    assert!(listed.iter().all(|(_, s)| s.topic == "news"));
    let chats = first.all_chat_data::<Seen>().await.unwrap();
    assert_eq!(chats.len(), 2, "{chats:?}");

    first.drop_user_data(bob.id()).await.unwrap();
    first.drop_chat_data(bob.id()).await.unwrap();
    let listed = first.all_user_data::<Subscription>().await.unwrap();
    assert_eq!(
        listed,
        vec![(
            ann.id(),
            Subscription {
                topic: "news".into()
            }
        )]
    );
    running.stop().await.unwrap();

    // A new process reads the store: Ann is there, Bob is gone from users and chats.
    let second = app(&tg, &dir);
    second.initialize().await.unwrap();
    let listed = second.all_user_data::<Subscription>().await.unwrap();
    assert_eq!(
        listed,
        vec![(
            ann.id(),
            Subscription {
                topic: "news".into()
            }
        )]
    );
    let chats = second.all_chat_data::<Seen>().await.unwrap();
    assert_eq!(chats, vec![(ann.id(), Seen(1))]);
    let _ = std::fs::remove_dir_all(&dir);
}
