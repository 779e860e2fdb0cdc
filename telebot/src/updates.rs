//! Where updates come from: long polling ([`polling`]), or a webhook ([`webhook`], feature
//! `webhooks`).

mod journal;
pub mod polling;
mod shutdown;

pub use shutdown::shutdown_signal;
pub(crate) mod undecodable;

#[cfg(feature = "webhooks")]
pub mod webhook;

pub use undecodable::UndecodableUpdate;
