//! Poll bot (PTB's pollbot): polls and quizzes, their answers, closing them, and a poll a user
//! makes with the keyboard's poll button sent back as the bot's own.
//!
//! ```sh
//! cargo run --example poll                                   # the terminal sandbox
//! TELEGRAM_BOT_TOKEN=123456:ABC… cargo run --example poll    # a real bot on Telegram
//! ```
//!
//! - `/poll` sends a non-anonymous poll; each answer is announced in the chat, and the poll is
//!   closed after three people answered (`poll_answer` updates; the poll's chat and message
//!   are kept in `bot_data` by the poll's id, since an answer does not say where the poll is).
//! - `/quiz` sends a quiz; it is closed after three people answered (`poll` updates, which
//!   carry the counts).
//! - `/preview` shows a keyboard button that lets the user make a poll; the bot answers a poll
//!   message with a copy of it.

/// The commands and the poll, answer and poll-message handlers.
#[telebot::bot]
pub mod polls {
    use serde::{Deserialize, Serialize};
    use std::collections::HashMap;
    use telebot::api::{
        InputPollOption, KeyboardButton, KeyboardButtonPollType, Message, Poll, PollAnswer,
        ReplyKeyboardMarkup, ReplyKeyboardRemove,
    };
    use telebot::{Bot, BotData, HandlerResult, filters};

    /// How many answers close a poll or a quiz.
    pub const CLOSE_AFTER: u32 = 3;

    /// The options of `/poll`.
    pub const FEELINGS: [&str; 4] = ["Good", "Really good", "Fantastic", "Great"];

    /// Where a poll the bot sent is, and how many have answered it.
    #[derive(Debug, Clone, Serialize, Deserialize)]
    pub struct Sent {
        /// The chat.
        pub chat_id: i64,
        /// The poll's message.
        pub message_id: i64,
        /// Its options, to name what was chosen.
        pub options: Vec<String>,
        /// Answers so far.
        pub answers: u32,
    }

    /// The bot's open polls and quizzes by poll id.
    #[derive(Debug, Default, Serialize, Deserialize)]
    pub struct OpenPolls(pub HashMap<String, Sent>);

    impl OpenPolls {
        /// Keeps where the poll of `sent` (a message the bot sent) is, by the poll's id.
        fn remember(&mut self, sent: &Message, options: &[&str]) {
            if let Some(poll) = &sent.poll {
                let record = Sent {
                    chat_id: sent.chat.id,
                    message_id: sent.message_id,
                    options: options.iter().map(|o| o.to_string()).collect(),
                    answers: 0,
                };
                self.0.insert(poll.id.clone(), record);
            }
        }
    }

    /// Says what the bot does.
    #[command("start")]
    async fn start(bot: Bot, msg: Message) -> HandlerResult {
        bot.send_message(
            msg.chat.id,
            "Send /poll for a poll, /quiz for a quiz, or /preview to make a poll of your own.",
        )
        .await?;
        Ok(())
    }

    /// Sends a poll.
    #[command("poll")]
    async fn poll(bot: Bot, msg: Message, mut open: BotData<OpenPolls>) -> HandlerResult {
        let sent = bot
            .send_poll(
                msg.chat.id,
                "How are you today?",
                FEELINGS.map(InputPollOption::new),
            )
            .is_anonymous(false)
            .allows_multiple_answers(true)
            .await?;
        open.remember(&sent, &FEELINGS);
        Ok(())
    }

    #[poll_answer]
    async fn answered(bot: Bot, answer: PollAnswer, mut open: BotData<OpenPolls>) -> HandlerResult {
        let Some(sent) = open.0.get_mut(&answer.poll_id) else {
            return Ok(()); // not one of ours, or closed already
        };
        let chosen: Vec<&str> = answer
            .option_ids
            .iter()
            .filter_map(|&i| sent.options.get(usize::try_from(i).ok()?))
            .map(String::as_str)
            .collect();
        let who = answer
            .user
            .as_ref()
            .map_or("Someone", |u| u.first_name.as_str());
        let text = if chosen.is_empty() {
            format!("{who} took back their answer.")
        } else {
            format!("{who} feels {}!", chosen.join(" and "))
        };
        bot.send_message(sent.chat_id, text).await?;
        sent.answers += 1;
        if sent.answers >= CLOSE_AFTER {
            bot.stop_poll(sent.chat_id, sent.message_id).await?;
            open.0.remove(&answer.poll_id);
        }
        Ok(())
    }

    /// Sends a quiz.
    #[command("quiz")]
    async fn quiz(bot: Bot, msg: Message, mut open: BotData<OpenPolls>) -> HandlerResult {
        let options = ["1", "2", "4", "20"];
        let sent = bot
            .send_poll(
                msg.chat.id,
                "How many eggs does a sponge cake need?",
                options.map(InputPollOption::new),
            )
            .kind("quiz")
            .correct_option_ids([2])
            .await?;
        open.remember(&sent, &options);
        Ok(())
    }

    #[poll]
    async fn quiz_counted(bot: Bot, poll: Poll, mut open: BotData<OpenPolls>) -> HandlerResult {
        if poll.kind != "quiz" || poll.is_closed || poll.total_voter_count < i64::from(CLOSE_AFTER)
        {
            return Ok(());
        }
        if let Some(sent) = open.0.remove(&poll.id) {
            bot.stop_poll(sent.chat_id, sent.message_id).await?;
        }
        Ok(())
    }

    /// Shows a button to make a poll with.
    #[command("preview")]
    async fn preview(bot: Bot, msg: Message) -> HandlerResult {
        let mut button = KeyboardButton::new("Make a poll");
        button.request_poll = Some(KeyboardButtonPollType::default());
        bot.send_message(
            msg.chat.id,
            "Press the button and make a poll: I will send it back.",
        )
        .reply_markup(ReplyKeyboardMarkup {
            one_time_keyboard: Some(true),
            ..ReplyKeyboardMarkup::new(vec![vec![button]])
        })
        .await?;
        Ok(())
    }

    #[message(filter = filters::media::poll())]
    async fn copy_poll(bot: Bot, msg: Message) -> HandlerResult {
        let Some(poll) = &msg.poll else {
            return Ok(());
        };
        let options = poll
            .options
            .iter()
            .map(|o| InputPollOption::new(o.text.clone()));
        bot.send_poll(msg.chat.id, poll.question.clone(), options)
            .is_anonymous(poll.is_anonymous)
            .allows_multiple_answers(poll.allows_multiple_answers)
            .kind(poll.kind.clone())
            .reply_markup(ReplyKeyboardRemove::remove())
            .await?;
        Ok(())
    }
}

#[telebot::main]
async fn main() -> telebot::handlers::HandlerSet {
    polls::handlers()
}
