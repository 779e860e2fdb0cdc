//! Which methods are safe to send again after an ambiguous failure: the reviewed lists.
//!
//! A request that timed out, or whose connection broke after it was written, may or may not have
//! been acted on by Telegram. The client repeats such a request only when doing it twice has the
//! same effect as doing it once. Telegram has no idempotency keys, so that is a property of each
//! method's meaning, decided here by reading its documentation, one method at a time.
//!
//! Every method of the spec must be on exactly one of the two lists below. A method a newer Bot
//! API adds is on neither, and [`classify`] refuses to generate code until someone has read its
//! documentation and put it on one of them; a name on a list that the spec does not have (a
//! method renamed or removed) is refused the same way. When in doubt a method goes on
//! [`NOT_IDEMPOTENT`]: not repeating a request loses only an automatic retry, repeating one that
//! is not idempotent can send a message or move money twice.

use crate::spec::Spec;
use std::collections::BTreeMap;

/// Methods whose second call, made with the same parameters after a first one that may have
/// taken effect, changes nothing more than the first did.
pub const IDEMPOTENT: &[&str] = &[
    // Reads.
    "getAvailableGifts",
    "getBusinessAccountGifts",
    "getBusinessAccountStarBalance",
    "getBusinessConnection",
    "getChat",
    "getChatAdministrators",
    "getChatGifts",
    "getChatMember",
    "getChatMemberCount",
    "getChatMenuButton",
    "getCustomEmojiStickers",
    "getFile",
    "getForumTopicIconStickers",
    "getGameHighScores",
    "getManagedBotAccessSettings",
    "getManagedBotToken",
    "getMe",
    "getMyCommands",
    "getMyDefaultAdministratorRights",
    "getMyDescription",
    "getMyName",
    "getMyShortDescription",
    "getMyStarBalance",
    "getStarTransactions",
    "getStickerSet",
    // Repeating an offset confirms the same updates again.
    "getUpdates",
    "getUserChatBoosts",
    "getUserGifts",
    "getUserPersonalChatMessages",
    "getUserProfileAudios",
    "getUserProfilePhotos",
    "getWebhookInfo",
    // Answers to a query, named by its id: Telegram takes one answer per query, a second is
    // refused rather than shown.
    "answerCallbackQuery",
    "answerChatJoinRequestQuery",
    "answerGuestQuery",
    "answerInlineQuery",
    "answerPreCheckoutQuery",
    "answerShippingQuery",
    "answerWebAppQuery",
    // Edits: they set a message's (or topic's, link's, story's) content to the value given.
    "editChatInviteLink",
    "editChatSubscriptionInviteLink",
    "editForumTopic",
    "editGeneralForumTopic",
    "editMessageCaption",
    "editMessageChecklist",
    "editMessageLiveLocation",
    "editMessageMedia",
    "editMessageReplyMarkup",
    "editMessageText",
    "editStory",
    "editUserStarSubscription",
    "stopMessageLiveLocation",
    "stopPoll",
    // Setters: the state afterwards is the value given, whatever it was before.
    "setBusinessAccountBio",
    "setBusinessAccountGiftSettings",
    "setBusinessAccountName",
    "setBusinessAccountProfilePhoto",
    "setBusinessAccountUsername",
    "setChatAdministratorCustomTitle",
    "setChatDescription",
    "setChatMemberTag",
    "setChatMenuButton",
    "setChatPermissions",
    "setChatPhoto",
    "setChatStickerSet",
    "setChatTitle",
    "setCustomEmojiStickerSetThumbnail",
    // An absolute score; a repeat of the same score is refused as "not modified".
    "setGameScore",
    "setManagedBotAccessSettings",
    "setMessageReaction",
    "setMyCommands",
    "setMyDefaultAdministratorRights",
    "setMyDescription",
    "setMyName",
    "setMyProfilePhoto",
    "setMyShortDescription",
    "setPassportDataErrors",
    "setStickerEmojiList",
    "setStickerKeywords",
    "setStickerMaskPosition",
    "setStickerPositionInSet",
    "setStickerSetThumbnail",
    "setStickerSetTitle",
    "setUserEmojiStatus",
    "setWebhook",
    // Deletions and removals of a named object: the second finds it gone.
    "deleteAllMessageReactions",
    "deleteBusinessMessages",
    "deleteChatPhoto",
    "deleteChatStickerSet",
    "deleteForumTopic",
    "deleteMessage",
    "deleteMessageReaction",
    "deleteMessages",
    "deleteMyCommands",
    "deleteStickerFromSet",
    "deleteStickerSet",
    "deleteStory",
    "deleteWebhook",
    "removeBusinessAccountProfilePhoto",
    "removeChatVerification",
    "removeMyProfilePhoto",
    "removeUserVerification",
    "revokeChatInviteLink",
    // Member states and join requests: they set a member's state or settle a request.
    "approveChatJoinRequest",
    "banChatMember",
    "banChatSenderChat",
    "declineChatJoinRequest",
    "promoteChatMember",
    "restrictChatMember",
    "unbanChatMember",
    "unbanChatSenderChat",
    "verifyChat",
    "verifyUser",
    "leaveChat",
    // Suggested posts, named by their message.
    "approveSuggestedPost",
    "declineSuggestedPost",
    // Pins and topic states: set, not toggled.
    "closeForumTopic",
    "closeGeneralForumTopic",
    "hideGeneralForumTopic",
    "pinChatMessage",
    "reopenForumTopic",
    "reopenGeneralForumTopic",
    "unhideGeneralForumTopic",
    "unpinAllChatMessages",
    "unpinAllForumTopicMessages",
    "unpinAllGeneralForumTopicMessages",
    "unpinChatMessage",
    "readBusinessMessage",
    // A status shown for a few seconds: shown twice is shown once.
    "sendChatAction",
    // Drafts named by `draft_id`: a repeat replaces the preview with the same text.
    "sendMessageDraft",
    "sendRichMessageDraft",
    // The bot's session on a server: a second call finds it already closed.
    "close",
    "logOut",
];

/// Methods that may act twice when sent twice: each call creates something (a message, a link,
/// a topic, a sticker, a stored object), moves Stars or gifts, or replaces a secret whose
/// replacement the first call already returned.
pub const NOT_IDEMPOTENT: &[&str] = &[
    // Messages.
    "sendAnimation",
    "sendAudio",
    "sendChecklist",
    "sendContact",
    "sendDice",
    "sendDocument",
    "sendGame",
    "sendInvoice",
    "sendLivePhoto",
    "sendLocation",
    "sendMediaGroup",
    "sendMessage",
    "sendPaidMedia",
    "sendPhoto",
    "sendPoll",
    "sendRichMessage",
    "sendSticker",
    "sendVenue",
    "sendVideo",
    "sendVideoNote",
    "sendVoice",
    "copyMessage",
    "copyMessages",
    "forwardMessage",
    "forwardMessages",
    "postStory",
    "repostStory",
    // Shows a Mini App to the user: a second call may show it again.
    "sendChatJoinRequestWebApp",
    // New objects, each call another one.
    "addStickerToSet",
    "createChatInviteLink",
    "createChatSubscriptionInviteLink",
    "createForumTopic",
    "createInvoiceLink",
    "createNewStickerSet",
    "savePreparedInlineMessage",
    "savePreparedKeyboardButton",
    "uploadStickerFile",
    // Delete, add and move in one: a repeat after a partial failure is not the same call.
    "replaceStickerInSet",
    // A new secret that revokes the previous one: a repeat revokes what the first returned.
    "exportChatInviteLink",
    "replaceManagedBotToken",
    // Stars and gifts.
    "convertGiftToStars",
    "giftPremiumSubscription",
    "refundStarPayment",
    "sendGift",
    "transferBusinessAccountStars",
    "transferGift",
    "upgradeGift",
];

/// Why the reviewed lists do not fit a spec.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    /// Methods of the spec on neither list.
    #[error(
        "methods not yet reviewed for retries: {}; read their documentation and add each to \
         IDEMPOTENT or NOT_IDEMPOTENT in telebot-codegen/src/idempotence.rs",
        .0.join(", ")
    )]
    Unreviewed(Vec<String>),
    /// Names on a list that the spec does not have.
    #[error(
        "telebot-codegen/src/idempotence.rs names methods the spec does not have: {}",
        .0.join(", ")
    )]
    Unknown(Vec<String>),
    /// Names on both lists, or twice on one.
    #[error(
        "telebot-codegen/src/idempotence.rs lists methods more than once: {}",
        .0.join(", ")
    )]
    Repeated(Vec<String>),
}

/// Every method of `spec` with whether it may be repeated after an ambiguous failure, from the
/// reviewed lists; an error when the lists and the spec disagree.
pub fn classify(spec: &Spec) -> Result<BTreeMap<String, bool>, ReviewError> {
    classify_with(spec, IDEMPOTENT, NOT_IDEMPOTENT)
}

/// [`classify`] against other lists (for tests of the check itself).
pub fn classify_with(
    spec: &Spec,
    idempotent: &[&str],
    not_idempotent: &[&str],
) -> Result<BTreeMap<String, bool>, ReviewError> {
    let mut out = BTreeMap::new();
    let mut repeated = Vec::new();
    let listed = idempotent
        .iter()
        .map(|n| (*n, true))
        .chain(not_idempotent.iter().map(|n| (*n, false)));
    for (name, safe) in listed {
        if out.insert(name.to_string(), safe).is_some() {
            repeated.push(name.to_string());
        }
    }
    if !repeated.is_empty() {
        return Err(ReviewError::Repeated(repeated));
    }
    let unknown: Vec<String> = out
        .keys()
        .filter(|n| !spec.methods.contains_key(*n))
        .cloned()
        .collect();
    if !unknown.is_empty() {
        return Err(ReviewError::Unknown(unknown));
    }
    let unreviewed: Vec<String> = spec
        .methods
        .keys()
        .filter(|n| !out.contains_key(*n))
        .cloned()
        .collect();
    if !unreviewed.is_empty() {
        return Err(ReviewError::Unreviewed(unreviewed));
    }
    Ok(out)
}
