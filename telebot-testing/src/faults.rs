//! Fault injection: making chosen calls fail the way Telegram (or the network) sometimes does.

use std::sync::Arc;
use std::time::Duration;

use super::core::Core;
use super::objects::splitmix64;

/// A way to answer a call badly.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// 429 `Too Many Requests: retry after N` with `parameters.retry_after`. The call has no effect.
    TooManyRequests {
        /// The `retry_after` seconds announced.
        retry_after: u32,
    },
    /// A 5xx answer with a Telegram-like JSON body (`Internal Server Error`, `Bad Gateway`, …).
    /// The call has no effect.
    ServerError {
        /// The HTTP status and `error_code`, e.g. 500 or 502.
        status: u16,
    },
    /// A 5xx answer with a bare `text/plain` body as a proxy in front of Telegram sends it.
    /// The call has no effect.
    GatewayError {
        /// The HTTP status, e.g. 502 or 504.
        status: u16,
    },
    /// A 502 `text/html` error page. The call has no effect.
    HtmlErrorPage,
    /// The call takes effect, but its 200 JSON answer is cut in the middle.
    TruncatedJson,
    /// Waits this long, then handles the call normally.
    Delay(Duration),
    /// Closes the connection without any answer. The call has no effect.
    DropConnection,
    /// 409 `Conflict: terminated by other getUpdates request; …`. The call has no effect.
    Conflict,
    /// Any Telegram error, e.g. 403 `Forbidden: bot was blocked by the user`. The call has no effect.
    Error {
        /// The HTTP status and `error_code`.
        code: u16,
        /// The full `description`.
        description: String,
    },
    /// 400 `Bad Request: group chat was upgraded to a supergroup chat` with
    /// `parameters.migrate_to_chat_id`. The call has no effect.
    MigrateToChat {
        /// The `migrate_to_chat_id` announced.
        chat_id: i64,
    },
}

impl Fault {
    /// True when the call is still carried out (only delayed or with a damaged answer).
    pub fn call_takes_effect(&self) -> bool {
        matches!(self, Fault::TruncatedJson | Fault::Delay(_))
    }
}

/// An installed fault and when it fires.
#[derive(Debug, Clone)]
pub(crate) struct FaultRule {
    pub id: u64,
    pub fault: Fault,
    /// Lower-cased method names; `None` for every method.
    pub methods: Option<Vec<String>>,
    /// How many more times it may fire; `None` for no limit.
    pub remaining: Option<u32>,
    /// The chance to fire on a matching call, with the generator state.
    pub probability: Option<(f64, u64)>,
    /// How many times it fired.
    pub hits: u32,
}

/// Picks the fault for a call to `method`, consuming it: the first installed rule that
/// matches the method, has uses left and wins its dice roll fires.
pub(crate) fn pick(rules: &mut [FaultRule], method: &str) -> Option<Fault> {
    for rule in rules.iter_mut() {
        if let Some(methods) = &rule.methods
            && !methods.iter().any(|m| m.eq_ignore_ascii_case(method))
        {
            continue;
        }
        if rule.remaining == Some(0) {
            continue;
        }
        if let Some((chance, rng)) = &mut rule.probability {
            let roll = (splitmix64(rng) >> 11) as f64 / (1u64 << 53) as f64;
            if roll >= *chance {
                continue;
            }
        }
        if let Some(left) = &mut rule.remaining {
            *left -= 1;
        }
        rule.hits += 1;
        return Some(rule.fault.clone());
    }
    None
}

/// An installed fault, returned by [`FakeTelegram::fault`](super::FakeTelegram::fault).
///
/// The fault is active from the moment it is created, for every method and every call,
/// until narrowed with [`on`](Self::on), [`times`](Self::times) or
/// [`with_probability`](Self::with_probability), or removed. Configure it before the bot
/// makes the calls it should affect.
#[derive(Debug, Clone)]
pub struct FaultHandle {
    core: Arc<Core>,
    id: u64,
}

impl FaultHandle {
    pub(crate) fn install(core: Arc<Core>, fault: Fault) -> FaultHandle {
        let id = {
            let mut state = core.lock();
            let id = state.next_fault_id;
            state.next_fault_id += 1;
            state.faults.push(FaultRule {
                id,
                fault,
                methods: None,
                remaining: None,
                probability: None,
                hits: 0,
            });
            id
        };
        FaultHandle { core, id }
    }

    fn edit(&self, f: impl FnOnce(&mut FaultRule)) {
        let mut state = self.core.lock();
        if let Some(rule) = state.faults.iter_mut().find(|r| r.id == self.id) {
            f(rule);
        }
    }

    /// Limits the fault to a method (case-insensitive); call again to add more methods.
    pub fn on(self, method: &str) -> Self {
        self.edit(|rule| {
            rule.methods
                .get_or_insert_with(Vec::new)
                .push(method.to_ascii_lowercase())
        });
        self
    }

    /// Fires for the next `n` matching calls only.
    pub fn times(self, n: u32) -> Self {
        self.edit(|rule| rule.remaining = Some(n));
        self
    }

    /// Fires on each matching call with the given chance (0.0–1.0), decided by a
    /// deterministic generator seeded with `seed`: the same seed gives the same sequence.
    pub fn with_probability(self, chance: f64, seed: u64) -> Self {
        self.edit(|rule| rule.probability = Some((chance.clamp(0.0, 1.0), seed)));
        self
    }

    /// How many calls this fault has hit so far.
    pub fn hits(&self) -> u32 {
        let state = self.core.lock();
        state
            .faults
            .iter()
            .find(|r| r.id == self.id)
            .map_or(0, |r| r.hits)
    }

    /// Uninstalls the fault.
    pub fn remove(&self) {
        self.core.lock().faults.retain(|r| r.id != self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(
        methods: Option<Vec<String>>,
        remaining: Option<u32>,
        probability: Option<(f64, u64)>,
    ) -> FaultRule {
        FaultRule {
            id: 1,
            fault: Fault::Conflict,
            methods,
            remaining,
            probability,
            hits: 0,
        }
    }

    #[test]
    fn counted_fault_is_not_consumed_by_other_methods() {
        let mut rules = vec![rule(Some(vec!["sendmessage".into()]), Some(2), None)];
        assert_eq!(pick(&mut rules, "getUpdates"), None);
        assert_eq!(pick(&mut rules, "sendMessage"), Some(Fault::Conflict));
        assert_eq!(pick(&mut rules, "getMe"), None);
        assert_eq!(pick(&mut rules, "sendMessage"), Some(Fault::Conflict));
        assert_eq!(pick(&mut rules, "sendMessage"), None);
        assert_eq!(rules[0].hits, 2);
    }

    #[test]
    fn probability_is_deterministic_for_a_seed() {
        let run = |seed| {
            let mut rules = vec![rule(None, None, Some((0.3, seed)))];
            (0..200)
                .map(|_| pick(&mut rules, "x").is_some())
                .collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
        let hits = run(7).iter().filter(|h| **h).count();
        assert!((30..=90).contains(&hits), "{hits} hits of 200 at p=0.3");
    }
}
