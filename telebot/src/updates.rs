//! Where updates come from: long polling ([`polling`]), or a webhook ([`webhook`], feature
//! `webhooks`).

pub mod polling;
mod shutdown;

#[cfg(feature = "cluster")]
pub(crate) use shutdown::shutdown_signal;
pub(crate) mod undecodable;

#[cfg(feature = "webhooks")]
pub mod webhook;

pub use undecodable::UndecodableUpdate;
