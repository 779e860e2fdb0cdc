//! The HTTP client of the Bot API: [`Bot`], the [`Method`] trait every generated parameter struct
//! implements, [`Request`] (the builder `bot.send_message(..)` returns), request encoding (JSON, or
//! multipart when files are uploaded) and the typed [`Error`].

mod backoff;
mod bot;
mod defaults;
mod encode;
mod error;
mod method;
mod request;
mod response;
mod retry;
mod scope;

pub(crate) use backoff::Backoff;
pub use bot::{Bot, BotBuilder, DEFAULT_API_URL};
pub use defaults::Defaults;
pub use error::{Error, ResponseParameters};
pub use method::Method;
pub use request::Request;
pub(crate) use response::decode_json;
pub use retry::RetryPolicy;
pub use scope::Scope;
