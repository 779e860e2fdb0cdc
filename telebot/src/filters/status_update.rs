//! Service messages: members joining and leaving, chat changes, pins, forum topics, video
//! chats, giveaways, shared users and chats, and the other events Telegram posts into a chat.
//!
//! [`any`] passes every service message this module has a filter for. Content that is not a
//! service message (polls, giveaways, payments) is in [`media`](super::media).

use super::SharedFilter;
use super::custom::on_message;
use crate::api::Message;

/// Declares one filter per service message, and [`any`] over all of them.
macro_rules! status_filters {
    ($($(#[$doc:meta])* $name:ident => |$m:ident| $pred:expr,)*) => {
        $(
            $(#[$doc])*
            pub fn $name() -> SharedFilter {
                on_message(concat!("status_update::", stringify!($name)), |$m: &Message| $pred)
            }
        )*

        fn is_status_update(message: &Message) -> bool {
            $(
                {
                    let $m = message;
                    if $pred {
                        return true;
                    }
                }
            )*
            false
        }
    };
}

status_filters! {
    /// Users joined or were added (`new_chat_members`).
    new_chat_members => |m| m.new_chat_members.is_some(),
    /// A member left or was removed (`left_chat_member`).
    left_chat_member => |m| m.left_chat_member.is_some(),
    /// The chat's title changed (`new_chat_title`).
    new_chat_title => |m| m.new_chat_title.is_some(),
    /// The chat's photo changed (`new_chat_photo`).
    new_chat_photo => |m| m.new_chat_photo.is_some(),
    /// The chat's photo was deleted (`delete_chat_photo`).
    delete_chat_photo => |m| m.delete_chat_photo == Some(true),
    /// A group, supergroup or channel was created (`group_chat_created`,
    /// `supergroup_chat_created` or `channel_chat_created`).
    chat_created => |m| m.group_chat_created == Some(true)
        || m.supergroup_chat_created == Some(true)
        || m.channel_chat_created == Some(true),
    /// The auto-delete timer changed (`message_auto_delete_timer_changed`).
    message_auto_delete_timer_changed => |m| m.message_auto_delete_timer_changed.is_some(),
    /// A group became a supergroup: the message in the old group (`migrate_to_chat_id`) or
    /// in the new supergroup (`migrate_from_chat_id`).
    migrate => |m| m.migrate_to_chat_id.is_some() || m.migrate_from_chat_id.is_some(),
    /// A message was pinned (`pinned_message`).
    pinned_message => |m| m.pinned_message.is_some(),
    /// A forum topic was created (`forum_topic_created`).
    forum_topic_created => |m| m.forum_topic_created.is_some(),
    /// A forum topic was edited (`forum_topic_edited`).
    forum_topic_edited => |m| m.forum_topic_edited.is_some(),
    /// A forum topic was closed (`forum_topic_closed`).
    forum_topic_closed => |m| m.forum_topic_closed.is_some(),
    /// A forum topic was reopened (`forum_topic_reopened`).
    forum_topic_reopened => |m| m.forum_topic_reopened.is_some(),
    /// The General forum topic was hidden (`general_forum_topic_hidden`).
    general_forum_topic_hidden => |m| m.general_forum_topic_hidden.is_some(),
    /// The General forum topic was unhidden (`general_forum_topic_unhidden`).
    general_forum_topic_unhidden => |m| m.general_forum_topic_unhidden.is_some(),
    /// A video chat was scheduled (`video_chat_scheduled`).
    video_chat_scheduled => |m| m.video_chat_scheduled.is_some(),
    /// A video chat started (`video_chat_started`).
    video_chat_started => |m| m.video_chat_started.is_some(),
    /// A video chat ended (`video_chat_ended`).
    video_chat_ended => |m| m.video_chat_ended.is_some(),
    /// Users were invited to a video chat (`video_chat_participants_invited`).
    video_chat_participants_invited => |m| m.video_chat_participants_invited.is_some(),
    /// A Web App sent data (`web_app_data`).
    web_app_data => |m| m.web_app_data.is_some(),
    /// The user allowed the bot to write to them (`write_access_allowed`).
    write_access_allowed => |m| m.write_access_allowed.is_some(),
    /// The user shared users with the bot through a keyboard button (`users_shared`).
    users_shared => |m| m.users_shared.is_some(),
    /// The user shared a chat with the bot through a keyboard button (`chat_shared`).
    chat_shared => |m| m.chat_shared.is_some(),
    /// A user boosted the chat (`boost_added`).
    boost_added => |m| m.boost_added.is_some(),
    /// A giveaway was scheduled (`giveaway_created`).
    giveaway_created => |m| m.giveaway_created.is_some(),
    /// A giveaway without public winners completed (`giveaway_completed`).
    giveaway_completed => |m| m.giveaway_completed.is_some(),
    /// A user in the chat came near another's live location (`proximity_alert_triggered`).
    proximity_alert_triggered => |m| m.proximity_alert_triggered.is_some(),
    /// The chat's background changed (`chat_background_set`).
    chat_background_set => |m| m.chat_background_set.is_some(),
    /// The chat's owner left (`chat_owner_left`).
    chat_owner_left => |m| m.chat_owner_left.is_some(),
    /// The chat's ownership changed (`chat_owner_changed`).
    chat_owner_changed => |m| m.chat_owner_changed.is_some(),
    /// A gift was sent or received (`gift`).
    gift => |m| m.gift.is_some(),
    /// A unique gift was sent or received (`unique_gift`).
    unique_gift => |m| m.unique_gift.is_some(),
    /// A payment was refunded (`refunded_payment`).
    refunded_payment => |m| m.refunded_payment.is_some(),
    /// The user logged in on a website with the bot (`connected_website`).
    connected_website => |m| m.connected_website.is_some(),
    /// Checklist tasks were marked done or not done (`checklist_tasks_done`).
    checklist_tasks_done => |m| m.checklist_tasks_done.is_some(),
    /// Tasks were added to a checklist (`checklist_tasks_added`).
    checklist_tasks_added => |m| m.checklist_tasks_added.is_some(),
    /// The price of direct messages to a channel changed (`direct_message_price_changed`).
    direct_message_price_changed => |m| m.direct_message_price_changed.is_some(),
    /// The price of paid messages in the chat changed (`paid_message_price_changed`).
    paid_message_price_changed => |m| m.paid_message_price_changed.is_some(),
    /// A managed bot was created (`managed_bot_created`).
    managed_bot_created => |m| m.managed_bot_created.is_some(),
    /// An option was added to a poll (`poll_option_added`).
    poll_option_added => |m| m.poll_option_added.is_some(),
    /// An option was deleted from a poll (`poll_option_deleted`).
    poll_option_deleted => |m| m.poll_option_deleted.is_some(),
    /// A suggested post was approved (`suggested_post_approved`).
    suggested_post_approved => |m| m.suggested_post_approved.is_some(),
    /// A suggested post's approval failed (`suggested_post_approval_failed`).
    suggested_post_approval_failed => |m| m.suggested_post_approval_failed.is_some(),
    /// A suggested post was declined (`suggested_post_declined`).
    suggested_post_declined => |m| m.suggested_post_declined.is_some(),
    /// A suggested post was paid for (`suggested_post_paid`).
    suggested_post_paid => |m| m.suggested_post_paid.is_some(),
    /// A payment for a suggested post was refunded (`suggested_post_refunded`).
    suggested_post_refunded => |m| m.suggested_post_refunded.is_some(),
    /// An upgrade of a gift was bought and sent (`gift_upgrade_sent`).
    gift_upgrade_sent => |m| m.gift_upgrade_sent.is_some(),
    /// Any of the five `suggested_post_*` events above.
    suggested_post => |m| m.suggested_post_approved.is_some()
        || m.suggested_post_approval_failed.is_some()
        || m.suggested_post_declined.is_some()
        || m.suggested_post_paid.is_some()
        || m.suggested_post_refunded.is_some(),
}

/// Every service message above.
pub fn any() -> SharedFilter {
    on_message("status_update::any", is_status_update)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{message, user};
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn each_event_passes_only_its_messages_and_any() {
        let cases: Vec<(SharedFilter, Value)> = vec![
            (
                new_chat_members(),
                json!({"new_chat_members": [user(1, None)]}),
            ),
            (
                left_chat_member(),
                json!({"left_chat_member": user(1, None)}),
            ),
            (new_chat_title(), json!({"new_chat_title": "New"})),
            (new_chat_photo(), json!({"new_chat_photo": []})),
            (delete_chat_photo(), json!({"delete_chat_photo": true})),
            (chat_created(), json!({"group_chat_created": true})),
            (chat_created(), json!({"supergroup_chat_created": true})),
            (chat_created(), json!({"channel_chat_created": true})),
            (migrate(), json!({"migrate_to_chat_id": -100})),
            (migrate(), json!({"migrate_from_chat_id": -5})),
            (forum_topic_closed(), json!({"forum_topic_closed": {}})),
            (
                general_forum_topic_hidden(),
                json!({"general_forum_topic_hidden": {}}),
            ),
            (
                video_chat_ended(),
                json!({"video_chat_ended": {"duration": 60}}),
            ),
            (giveaway_created(), json!({"giveaway_created": {}})),
            (
                connected_website(),
                json!({"connected_website": "example.com"}),
            ),
        ];
        let plain = message(json!({"text": "hello"}));
        assert!(!any().matches(&plain));
        for (filter, fields) in cases {
            let event = message(fields);
            assert!(filter.matches(&event), "{}", filter.describe());
            assert!(!filter.matches(&plain), "{}", filter.describe());
            assert!(any().matches(&event), "any() on {}", filter.describe());
        }
        assert!(!new_chat_title().matches(&message(json!({"new_chat_members": []}))));
        assert!(!chat_created().matches(&message(json!({"group_chat_created": false}))));
    }
}
