//! Logs you can see: what `#[telebot::main]` installs unless the program installed a
//! `tracing` subscriber of its own — lines on stderr, filtered by `RUST_LOG` (default `info`),
//! as text or, with `TELEBOT_LOG_FORMAT=json`, one JSON object per line.
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `RUST_LOG` | what to show (`info`, `telebot=debug,warn`, …: `tracing-subscriber`'s env filter) | `info` (`warn` in the terminal sandbox) |
//! | `TELEBOT_LOG_FORMAT` | `text` or `json` | `text` |
//!
//! The token never appears: the client's `Debug`, errors and log lines redact it.

use crate::Error;
use tracing_subscriber::EnvFilter;

/// The variable that picks text or JSON lines.
pub const FORMAT_VAR: &str = "TELEBOT_LOG_FORMAT";

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Human-readable lines (the default).
    #[default]
    Text,
    /// One JSON object per line, for a log collector.
    Json,
}

impl std::str::FromStr for LogFormat {
    type Err = Error;

    fn from_str(text: &str) -> Result<LogFormat, Error> {
        match text.trim().to_ascii_lowercase().as_str() {
            "" | "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            other => Err(Error::Setup(format!(
                "{FORMAT_VAR}={other:?} is not a log format; expected `text` or `json`"
            ))),
        }
    }
}

/// Installs the subscriber the environment describes, with `default` as the filter when
/// `RUST_LOG` is unset. Returns `false` when the program had installed one already (it is
/// kept); an error names the variable whose value cannot be used.
pub fn init_from_env(default: &str) -> Result<bool, Error> {
    let format: LogFormat = std::env::var(FORMAT_VAR).unwrap_or_default().parse()?;
    let filter = match std::env::var("RUST_LOG") {
        Ok(value) if !value.trim().is_empty() => EnvFilter::try_new(&value)
            .map_err(|e| Error::Setup(format!("RUST_LOG={value:?} is not a log filter: {e}")))?,
        _ => EnvFilter::new(default),
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colours only on a terminal: a file or a log collector gets plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let installed = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
    Ok(installed.is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_and_a_bad_one_names_the_variable() {
        assert_eq!("json".parse::<LogFormat>().unwrap(), LogFormat::Json);
        assert_eq!("Text".parse::<LogFormat>().unwrap(), LogFormat::Text);
        let error = "yaml".parse::<LogFormat>().unwrap_err().to_string();
        assert!(
            error.contains(FORMAT_VAR) && error.contains("yaml"),
            "{error}"
        );
    }
}
