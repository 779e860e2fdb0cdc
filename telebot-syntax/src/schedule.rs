//! When a job runs: intervals (`"1h30m"`), times of day (`"09:00"`), weekday lists
//! (`"mon-fri"`) and cron expressions (`"*/15 9-17 * * mon-fri"`).
//!
//! Each parser returns a typed value or a message that says what is wrong and how to write it.

mod cron;
mod interval;
mod time_of_day;
mod weekdays;

pub use cron::{CivilMinute, Cron, days_in_month};
pub use interval::parse_interval;
pub use time_of_day::{TimeOfDay, parse_time_of_day};
pub use weekdays::{Weekday, Weekdays, parse_weekdays};
