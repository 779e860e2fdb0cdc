//! Why a parameter could not be extracted: what the dispatcher, the context and the extractors
//! all name, so it stands apart from them.

use crate::data::DataError;

/// Why a parameter could not be extracted; the handler's function is not called.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    /// The update lacks what the parameter needs (a `User` for a channel post, say).
    #[error("the update has no {what} for this handler's `{what}` parameter")]
    Missing {
        /// What was missing.
        what: &'static str,
    },
    /// The command's arguments do not fit the handler's `Args`: the user is answered with
    /// `usage`, no error handler runs.
    #[error("{usage}")]
    Usage {
        /// The reply: the usage line and what was wrong.
        usage: String,
    },
    /// The regex groups do not fit the handler's `Groups` parameter.
    #[error("the regex groups do not fit the handler's `Groups`: {problem}")]
    Groups {
        /// What was wrong.
        problem: String,
    },
    /// A callback query's typed data could not be read: the query is answered politely or
    /// handed to the application's invalid-callback-data handler.
    #[error(transparent)]
    InvalidCallbackData(#[from] crate::callback_data::InvalidCallbackData),
    /// A data value (`ChatData<T>`, …) could not be had: it does not fit its type, or the
    /// persistence backend failed.
    #[error(transparent)]
    Data(#[from] DataError),
    /// No value of this type was given to the application builder's `state`.
    #[error("no application state of type {type_name}; add it with ApplicationBuilder::state")]
    NoState {
        /// The missing type.
        type_name: &'static str,
    },
    /// A job callback asked for something its job does not have: `ChatData` of a job with no
    /// chat, `JobData` of a job with no data.
    #[error("job `{job}` has no {what}; {hint}")]
    NotInJob {
        /// The job's name.
        job: String,
        /// What it lacks.
        what: &'static str,
        /// How to give it.
        hint: &'static str,
    },
    /// The job's data could not be read as the type of the callback's `JobData<T>`.
    #[error("the data of job `{job}` is not a `{type_name}`: {error}")]
    JobData {
        /// The job's name.
        job: String,
        /// The type asked for.
        type_name: &'static str,
        /// What did not fit.
        error: String,
    },
}
