//! The application as the dispatcher and the job queue see it ([`Services`]): they stand
//! below it and reach it only through that trait.

use super::Application;
use crate::callback_data::InvalidCallbackData;
use crate::context::CallbackContext;
use crate::data::DataError;
use crate::dispatch::{Dispatcher, Services};
use crate::handlers::{CheckInfo, Outcome};
use crate::telemetry::Telemetry;
use futures_util::future::BoxFuture;

impl Services for Application {
    fn dispatcher(&self) -> &Dispatcher {
        self.dispatcher()
    }

    fn check_info(&self) -> std::sync::Arc<CheckInfo> {
        self.check_info()
    }

    fn telemetry(&self) -> &Telemetry {
        self.telemetry()
    }

    fn save_callback_data_through(&self) -> Option<BoxFuture<'_, Result<bool, DataError>>> {
        self.writes_callback_data_through()
            .then(|| Box::pin(self.save_callback_data()) as BoxFuture<'_, _>)
    }

    fn reject_callback_data(
        &self,
        ctx: CallbackContext,
        why: InvalidCallbackData,
    ) -> BoxFuture<'_, Outcome> {
        Box::pin(self.callback_data_settings().reject(ctx, why))
    }
}
