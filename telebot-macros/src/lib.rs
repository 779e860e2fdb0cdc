//! Procedural macros of telebot: handler attributes, the command set and the bot entry point.
//!
//! The macros arrive with the declarative DSL; this crate is the place they live.
