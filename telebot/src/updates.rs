//! Where updates come from: long polling, or a webhook (feature `webhooks`).

pub mod polling;
#[cfg(feature = "webhooks")]
pub mod webhook;
