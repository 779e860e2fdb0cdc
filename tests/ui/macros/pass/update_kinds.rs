//! One attribute per remaining update kind, albums, any update and error handlers.

use telebot::api::*;
use telebot::extract::Album;
use telebot::*;

#[callback_query(pattern = r"^vote:(\d+)$", group = 1)]
async fn vote(query: CallbackQuery, extract::Groups((n,)): extract::Groups<(u32,)>) {
    let _ = (query, n);
}
#[callback_query(game)]
async fn game(query: CallbackQuery) {
    let _ = query;
}
#[inline_query(pattern = r"^\w+", chat_types = ["private", "sender"])]
async fn search(query: InlineQuery) {
    let _ = query;
}
#[chosen_inline_result]
async fn chosen(result: ChosenInlineResult) {
    let _ = result;
}
#[chat_member]
async fn member(change: ChatMemberUpdated, chat: Chat) {
    let _ = (change, chat);
}
#[my_chat_member]
async fn me(change: ChatMemberUpdated) {
    let _ = change;
}
#[chat_join_request]
async fn join(request: ChatJoinRequest, user: User) {
    let _ = (request, user);
}
#[message_reaction]
async fn reaction(reaction: MessageReactionUpdated) {
    let _ = reaction;
}
#[message_reaction_count]
async fn reaction_count(count: MessageReactionCountUpdated) {
    let _ = count;
}
#[poll]
async fn poll_state(poll: Poll) {
    let _ = poll;
}
#[poll_answer(block = false)]
async fn poll_vote(answer: PollAnswer) {
    let _ = answer;
}
#[shipping_query]
async fn shipping(query: ShippingQuery) {
    let _ = query;
}
#[pre_checkout_query]
async fn checkout(query: PreCheckoutQuery) {
    let _ = query;
}
#[chat_boost]
async fn boost(boost: ChatBoostUpdated) {
    let _ = boost;
}
#[removed_chat_boost]
async fn unboost(removed: ChatBoostRemoved) {
    let _ = removed;
}
#[business_connection]
async fn connection(connection: BusinessConnection) {
    let _ = connection;
}
#[deleted_business_messages]
async fn deleted(deleted: BusinessMessagesDeleted) {
    let _ = deleted;
}
#[purchased_paid_media]
async fn purchased(purchase: PaidMediaPurchased) {
    let _ = purchase;
}
#[managed_bot]
async fn managed(update: ManagedBotUpdated) {
    let _ = update;
}
#[media_group(group = 3)]
async fn album(Album(messages): Album) {
    let _ = messages;
}
#[any_update]
async fn every(update: Update) {
    let _ = update;
}
#[error_handler]
async fn on_error(ctx: CallbackContext) {
    let _ = ctx.error();
}

fn main() {
    let set = handlers![
        vote, game, search, chosen, member, me, join, reaction, reaction_count, poll_state,
        poll_vote, shipping, checkout, boost, unboost, connection, deleted, purchased, managed,
        album, every, on_error
    ];
    assert_eq!(set.len(), 21, "the error handler is not in a group");
}
