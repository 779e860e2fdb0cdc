//! Whether the bot can do its job: what `/readyz` answers.

/// What Telegram last said of the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Auth {
    /// No request has been answered yet.
    Unknown = 0,
    /// The last answered request was accepted.
    Accepted = 1,
    /// Telegram answered 401: the token was revoked or mistyped.
    Rejected = 2,
}

impl From<u8> for Auth {
    fn from(value: u8) -> Auth {
        match value {
            1 => Auth::Accepted,
            2 => Auth::Rejected,
            _ => Auth::Unknown,
        }
    }
}

/// The bot's readiness: authenticated, taking updates in, and able to store its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Readiness {
    /// What Telegram last said of the token.
    pub authenticated: Auth,
    /// Whether updates are being taken in (polling, the webhook, a cluster's intake or
    /// worker).
    pub intake_running: bool,
    /// Whether the last write of changed data to the persistence backend succeeded (`true`
    /// without a backend, and before the first write).
    pub persistence_ok: bool,
}

impl Readiness {
    /// Ready: the token is accepted, intake runs and the backend takes writes.
    pub fn is_ready(&self) -> bool {
        self.authenticated == Auth::Accepted && self.intake_running && self.persistence_ok
    }

    /// What is wrong, one phrase per problem; empty when ready.
    pub fn problems(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        match self.authenticated {
            Auth::Accepted => {}
            Auth::Unknown => out.push("Telegram has not yet accepted the token"),
            Auth::Rejected => out.push("Telegram rejected the token (401)"),
        }
        if !self.intake_running {
            out.push("no updates are being taken in");
        }
        if !self.persistence_ok {
            out.push("the last write to the persistence backend failed");
        }
        out
    }
}
