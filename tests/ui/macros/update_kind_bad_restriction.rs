use telebot::api::ChatJoinRequest;

#[telebot::chat_join_request(username = "no")]
async fn short_name(_request: ChatJoinRequest) {}

#[telebot::chat_member(pattern = "^x")]
async fn member_pattern(_change: telebot::api::ChatMemberUpdated) {}

#[telebot::poll(chat_id = "one")]
async fn poll_chat(_poll: telebot::api::Poll) {}

#[telebot::pre_checkout_query]
async fn tier(telebot::extract::Groups((tier,)): telebot::extract::Groups<(String,)>) {
    let _ = tier;
}

fn main() {}
