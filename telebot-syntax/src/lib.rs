//! The small languages a telebot user writes inside attributes and builder calls: command names
//! and descriptions, intervals such as `"1h30m"`, times of day such as `"09:00"`, weekday lists
//! and cron expressions.
//!
//! Both the runtime (`telebot`) and the compile-time checks (`telebot-macros`) depend on this
//! crate, so a value the macros accept is exactly a value the runtime accepts. It has no
//! dependencies and does no I/O: every function here is a pure parser returning a typed value or
//! an error message meant for the user.

pub mod command;
pub mod schedule;
pub mod update_kinds;
