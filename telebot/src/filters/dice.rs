//! Dice filters: the animated emoji with a random value (🎲 🎯 🏀 ⚽ 🎳 🎰), by emoji and value.
//!
//! ```
//! use telebot::filters::dice;
//! let bullseye = dice::emoji_values(dice::DARTS, [6]);
//! let jackpot = dice::emoji_values(dice::SLOT_MACHINE, [64]);
//! assert_eq!(bullseye.describe(), "dice::emoji_values(\"🎯\", [6])");
//! # let _ = jackpot;
//! ```

use super::SharedFilter;
use super::custom::on_message;
use crate::api::Dice;

/// 🎲, values 1–6.
pub const DICE: &str = "🎲";
/// 🎯, values 1–6 (6 is a bullseye).
pub const DARTS: &str = "🎯";
/// 🏀, values 1–5.
pub const BASKETBALL: &str = "🏀";
/// ⚽, values 1–5.
pub const FOOTBALL: &str = "⚽";
/// 🎳, values 1–6.
pub const BOWLING: &str = "🎳";
/// 🎰, values 1–64 (64 is three sevens).
pub const SLOT_MACHINE: &str = "🎰";

/// Emoji compared without variation selectors (`⚽` and `⚽️` are the same).
fn same_emoji(a: &str, b: &str) -> bool {
    a.chars()
        .filter(|&c| c != '\u{fe0f}')
        .eq(b.chars().filter(|&c| c != '\u{fe0f}'))
}

fn dice_filter(name: String, pred: impl Fn(&Dice) -> bool + Send + Sync + 'static) -> SharedFilter {
    on_message(name, move |m| m.dice.as_ref().is_some_and(&pred))
}

/// Every dice (the same as [`media::dice`](super::media::dice)).
pub fn all() -> SharedFilter {
    dice_filter("dice::all".into(), |_| true)
}

/// Dice with this emoji (see the constants: [`DARTS`], [`SLOT_MACHINE`], …).
pub fn emoji(emoji: &str) -> SharedFilter {
    let emoji = emoji.to_string();
    dice_filter(format!("dice::emoji({emoji:?})"), move |d| {
        same_emoji(&d.emoji, &emoji)
    })
}

/// Dice of any emoji that landed on one of `values`.
pub fn values(values: impl IntoIterator<Item = i64>) -> SharedFilter {
    let values: Vec<i64> = values.into_iter().collect();
    dice_filter(format!("dice::values({values:?})"), move |d| {
        values.contains(&d.value)
    })
}

/// Dice with this emoji that landed on one of `values`.
pub fn emoji_values(emoji: &str, values: impl IntoIterator<Item = i64>) -> SharedFilter {
    let emoji = emoji.to_string();
    let values: Vec<i64> = values.into_iter().collect();
    dice_filter(
        format!("dice::emoji_values({emoji:?}, {values:?})"),
        move |d| same_emoji(&d.emoji, &emoji) && values.contains(&d.value),
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::message;
    use super::*;
    use serde_json::json;

    fn roll(emoji: &str, value: i64) -> crate::Update {
        message(json!({"dice": {"emoji": emoji, "value": value}}))
    }

    #[test]
    fn emoji_and_values() {
        assert!(all().matches(&roll(DICE, 1)));
        assert!(!all().matches(&message(json!({"text": "🎲"}))));
        assert!(emoji(DARTS).matches(&roll("🎯", 2)));
        assert!(!emoji(DARTS).matches(&roll(DICE, 2)));
        assert!(emoji(FOOTBALL).matches(&roll("⚽\u{fe0f}", 2)));
        assert!(values([5, 6]).matches(&roll(BOWLING, 6)));
        assert!(!values([5, 6]).matches(&roll(BOWLING, 4)));
        assert!(emoji_values(SLOT_MACHINE, [64]).matches(&roll(SLOT_MACHINE, 64)));
        assert!(!emoji_values(SLOT_MACHINE, [64]).matches(&roll(SLOT_MACHINE, 63)));
        assert!(!emoji_values(SLOT_MACHINE, [6]).matches(&roll(BASKETBALL, 6)));
    }
}
