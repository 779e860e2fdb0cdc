//! The sandbox driven by a script: messages, `:press`, `:group`, `:user`, keyboards drawn as
//! numbered buttons, and the transcript in conversation order.

use std::process::ExitCode;
use telebot_api::UpdateKind;
use telebot_api::api::{InlineKeyboardButton, InlineKeyboardMarkup};
use telebot_client::Bot;
use telebot_testing::Sandbox;

/// A small bot: "menu" sends a keyboard, a pressed button is answered with the choice, other
/// text is echoed with the sender's name.
async fn menu_bot(bot: Bot) -> ExitCode {
    let mut offset = 0;
    loop {
        let Ok(updates) = bot.get_updates().offset(offset).timeout(10).await else {
            return ExitCode::FAILURE;
        };
        for update in updates {
            offset = update.update_id + 1;
            match &update.kind {
                UpdateKind::Message(m) if m.text.as_deref() == Some("menu") => {
                    let keyboard = InlineKeyboardMarkup::from_rows([
                        vec![
                            InlineKeyboardButton::callback("Tea", "tea"),
                            InlineKeyboardButton::callback("Coffee", "coffee"),
                        ],
                        vec![InlineKeyboardButton::url("Docs", "https://example.com")],
                    ]);
                    m.reply_text(&bot, "Pick one")
                        .reply_markup(keyboard)
                        .await
                        .unwrap();
                }
                UpdateKind::Message(m) if m.text.is_some() => {
                    let who = m.from.as_ref().map_or("?", |u| u.first_name.as_str());
                    let text = format!("{who} said {}", m.text.as_deref().unwrap_or_default());
                    bot.send_message(m.chat.id, text).await.unwrap();
                }
                UpdateKind::CallbackQuery(q) => {
                    q.answer(&bot).await.unwrap();
                    let chat = q
                        .message
                        .as_ref()
                        .and_then(|m| m.chat())
                        .map(|c| c.id)
                        .unwrap();
                    bot.send_message(
                        chat,
                        format!("you chose {}", q.data.as_deref().unwrap_or("?")),
                    )
                    .await
                    .unwrap();
                }
                _ => {}
            }
        }
    }
}

async fn transcript(script: &str) -> String {
    let sandbox = Sandbox::start().await;
    let task = tokio::spawn(menu_bot(sandbox.bot()));
    let mut out = Vec::new();
    let code = sandbox.run(script.as_bytes(), &mut out, task, None).await;
    assert_eq!(code, ExitCode::SUCCESS);
    String::from_utf8(out).unwrap()
}

#[tokio::test]
async fn keyboards_are_numbered_and_press_sends_the_callback() {
    let out = transcript("menu\n:press 2\n").await;
    let expected = concat!(
        "bot: Pick one\n",
        "    [1: Tea] [2: Coffee]\n",
        "    [3: Docs -> https://example.com]\n",
        "(pressed \"Coffee\")\n",
        "bot: you chose coffee\n",
    );
    assert_eq!(out, expected);
}

#[tokio::test]
async fn users_and_groups() {
    let out = transcript("hello\n:group\nhi all\n:user bob\nme too\n:private\n:press 1\n").await;
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "bot: Alice said hello",
            "(now in the group \"sandbox group\" with the bot)",
            "bot in the group: Alice said hi all",
            "(you are now bob)",
            "bot in the group: Bob said me too",
            "(back in the private chat with the bot)",
            "(no keyboard to press yet)",
        ]
    );
}
