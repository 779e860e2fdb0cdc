//! Helpers for formatted message text.
//!
//! Telegram accepts three markup styles in `parse_mode`: `HTML`, `MarkdownV2` and the
//! legacy `Markdown`. Text that comes from users (names, titles, free text) has to be
//! escaped before it is put into such markup, or it may break the message (the request
//! fails with "can't parse entities") or inject formatting and links of its own. This
//! module covers three jobs:
//!
//! - **Escaping**: [`escape_html`], [`escape_markdown`] and, for the context rules of
//!   MarkdownV2, [`escape_markdown_entity`].
//! - **Links**: user mentions ([`mention_html`], [`mention_markdown`]) and
//!   `t.me` deep links that start the bot with a payload ([`create_deep_linked_url`]).
//! - **Entities**: Telegram reports formatting as entities whose `offset` and `length`
//!   count UTF-16 code units, not bytes or `char`s. [`utf16_len`], [`utf16_slice`] and
//!   [`parse_entities`] turn those numbers into `&str` slices.
//!
//! ```
//! use telebot_api::format::{escape_html, mention_markdown, MarkdownVersion};
//!
//! let name = "Ann_Lee [admin]";
//! assert_eq!(escape_html("a < b & c"), "a &lt; b &amp; c");
//! assert_eq!(
//!     mention_markdown(42, name, MarkdownVersion::V2),
//!     r"[Ann\_Lee \[admin\]](tg://user?id=42)",
//! );
//! ```

mod entities;
mod escape;
mod links;

pub use entities::{EntitySpan, parse_entities, utf16_len, utf16_slice};
pub use escape::{
    MarkdownEntity, MarkdownVersion, escape_html, escape_markdown, escape_markdown_entity,
};
pub use links::{DeepLinkError, create_deep_linked_url, mention_html, mention_markdown};
