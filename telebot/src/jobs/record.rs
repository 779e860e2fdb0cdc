//! The stored form of a persistent job: its callback's registered name, schedule, data, chat,
//! user, pause state and next run, as one JSON object (version 1).
//!
//! ```json
//! {"v": 1, "callback": "alarm", "name": "alarm", "chat_id": 42, "data": "tea",
//!  "enabled": true, "next_t": "2026-05-01T09:00:00Z", "overlap": "skip",
//!  "schedule": {"kind": "daily", "time": "09:00", "days": "mon,tue,wed,thu,fri", "tz": "Europe/Berlin"}}
//! ```

use super::options::Overlap;
use super::plan::Plan;
use super::schedule::DayOfMonth;
use super::zone::{time_zone, zone_name};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::time::Duration;
use telebot_syntax::schedule::{Cron, parse_time_of_day, parse_weekdays};

pub(crate) const VERSION: u32 = 1;

/// One stored job.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredJob {
    pub(crate) v: u32,
    pub(crate) callback: String,
    pub(crate) name: String,
    pub(crate) schedule: StoredPlan,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) data: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) chat_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) user_id: Option<i64>,
    pub(crate) enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) next_t: Option<String>,
    pub(crate) overlap: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) misfire_grace: Option<Duration>,
}

/// A stored schedule.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum StoredPlan {
    Once {
        at: String,
    },
    Repeating {
        first: String,
        interval: Duration,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        last: Option<String>,
    },
    Daily {
        time: String,
        days: String,
        tz: String,
    },
    Monthly {
        /// 1–31, or 0 for the last day.
        day: u8,
        time: String,
        tz: String,
    },
    Cron {
        cron: String,
        tz: String,
    },
}

/// Why a plan cannot be stored: its time zone has neither a name nor a fixed offset.
pub(crate) const UNNAMED_ZONE: &str =
    "its time zone has neither an IANA name nor a fixed offset, so it cannot be stored";

impl StoredPlan {
    pub(crate) fn from_plan(plan: &Plan) -> Result<StoredPlan, &'static str> {
        let tz = |tz| zone_name(tz).ok_or(UNNAMED_ZONE);
        Ok(match plan {
            Plan::Once { at } => StoredPlan::Once { at: at.to_string() },
            Plan::Repeating {
                first,
                interval,
                last,
            } => StoredPlan::Repeating {
                first: first.to_string(),
                interval: *interval,
                last: last.map(|l| l.to_string()),
            },
            Plan::Daily { time, days, tz: z } => StoredPlan::Daily {
                time: time.to_string(),
                days: days.to_string(),
                tz: tz(z)?,
            },
            Plan::Monthly { day, time, tz: z } => StoredPlan::Monthly {
                day: match day {
                    DayOfMonth::Day(d) => *d,
                    DayOfMonth::Last => 0,
                },
                time: time.to_string(),
                tz: tz(z)?,
            },
            Plan::Cron { cron, tz: z } => StoredPlan::Cron {
                cron: cron.source().to_string(),
                tz: tz(z)?,
            },
        })
    }

    pub(crate) fn to_plan(&self) -> Result<Plan, String> {
        let zone = |name: &str| time_zone(name).map_err(|e| e.to_string());
        Ok(match self {
            StoredPlan::Once { at } => Plan::Once { at: timestamp(at)? },
            StoredPlan::Repeating {
                first,
                interval,
                last,
            } => {
                if interval.is_zero() {
                    return Err("a repeating job with a zero interval".into());
                }
                Plan::Repeating {
                    first: timestamp(first)?,
                    interval: *interval,
                    last: last.as_deref().map(timestamp).transpose()?,
                }
            }
            StoredPlan::Daily { time, days, tz } => Plan::Daily {
                time: parse_time_of_day(time)?,
                days: parse_weekdays(days)?,
                tz: zone(tz)?,
            },
            StoredPlan::Monthly { day, time, tz } => Plan::Monthly {
                day: match day {
                    0 => DayOfMonth::Last,
                    1..=31 => DayOfMonth::Day(*day),
                    _ => return Err(format!("day {day} of the month is out of range")),
                },
                time: parse_time_of_day(time)?,
                tz: zone(tz)?,
            },
            StoredPlan::Cron { cron, tz } => Plan::Cron {
                cron: Cron::parse(cron)?,
                tz: zone(tz)?,
            },
        })
    }
}

pub(crate) fn timestamp(text: &str) -> Result<Timestamp, String> {
    text.parse()
        .map_err(|e| format!("\"{text}\" is not a timestamp: {e}"))
}

impl StoredJob {
    /// Reads a stored value; the error says what is wrong with it.
    pub(crate) fn decode(value: Value) -> Result<StoredJob, String> {
        let job: StoredJob = serde_json::from_value(value).map_err(|e| e.to_string())?;
        if job.v != VERSION {
            return Err(format!(
                "version {} of the stored job format is not known (this telebot reads {VERSION})",
                job.v
            ));
        }
        Ok(job)
    }

    pub(crate) fn overlap(&self) -> Result<Overlap, String> {
        match self.overlap.as_str() {
            "skip" => Ok(Overlap::Skip),
            "queue" => Ok(Overlap::Queue),
            other => Err(format!("unknown overlap policy \"{other}\"")),
        }
    }

    pub(crate) fn next_t(&self) -> Result<Option<Timestamp>, String> {
        self.next_t.as_deref().map(timestamp).transpose()
    }
}
