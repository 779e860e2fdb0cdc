//! Seeds of the randomised tests: `TELEBOT_TEST_SEED` when set (decimal or `0x` hex), else a
//! fresh one from the clock; printed either way, so a failing run's seed can be fed back.
//! The seed fixes the test's own random choices (when to kill, what to send), not the
//! scheduling of threads and processes.

#![allow(dead_code)]

/// The environment variable that replays a seed.
pub const SEED_VAR: &str = "TELEBOT_TEST_SEED";

/// The seed of `test` (never 0, which xorshift generators cannot leave), printed with how to
/// replay it.
pub fn seed(test: &str) -> u64 {
    let seed = match std::env::var(SEED_VAR) {
        Ok(text) => parse(&text).filter(|seed| *seed != 0).unwrap_or_else(|| {
            panic!("{SEED_VAR}={text:?} is not a non-zero decimal or 0x-hex u64")
        }),
        Err(_) => {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
                | 1
        }
    };
    eprintln!("{test}: seed {seed:#x} (replay with {SEED_VAR}={seed:#x})");
    seed
}

fn parse(text: &str) -> Option<u64> {
    let text = text.trim();
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(&hex.replace('_', ""), 16).ok(),
        None => text.replace('_', "").parse().ok(),
    }
}
