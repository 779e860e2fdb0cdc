//! Where updates come from: long polling (and, later, webhooks).

pub mod polling;
