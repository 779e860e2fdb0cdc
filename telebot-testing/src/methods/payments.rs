//! sendInvoice, answerShippingQuery, answerPreCheckoutQuery and refundStarPayment: enough of
//! payments for a bot's checkout flow (the user's side is `TestUser::pay` and
//! `TestUser::pay_with_shipping`).

use serde_json::{Map, Value, json};

use super::{chat_param, send_bot_message};
use crate::error::{ApiError, ApiResult};
use crate::objects::text_len;
use crate::request::Params;
use crate::state::{Invoice, State};

/// sendInvoice: an `invoice` message; its payload is kept for the pre-checkout query.
pub(super) fn send_invoice(state: &mut State, params: &Params) -> ApiResult {
    let chat_id = chat_param(state, params)?;
    let text = |name: &str, longest: usize| -> Result<String, ApiError> {
        let value = params.str(name).unwrap_or_default();
        if value.is_empty() {
            return Err(ApiError::missing(name));
        }
        if text_len(&value) > longest {
            return Err(ApiError::bad_request(format!("{name} is too long")));
        }
        Ok(value)
    };
    let title = text("title", 32)?;
    let description = text("description", 255)?;
    let payload = text("payload", 128)?;
    let currency = params.req_str("currency")?;
    if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(ApiError::bad_request("CURRENCY_INVALID"));
    }
    let prices = params
        .array("prices")?
        .filter(|p| !p.is_empty())
        .ok_or_else(|| ApiError::bad_request("can't parse prices JSON object"))?;
    let mut total: i64 = 0;
    for price in &prices {
        let amount = price.get("amount").and_then(Value::as_i64);
        let label = price.get("label").and_then(Value::as_str);
        match (label, amount) {
            (Some(label), Some(amount)) if !label.is_empty() => {
                total = total.saturating_add(amount);
            }
            _ => return Err(ApiError::bad_request("can't parse prices JSON object")),
        }
    }
    if total <= 0 {
        return Err(ApiError::bad_request("TOTAL_AMOUNT_INVALID"));
    }
    if let Some(markup) = params.json("reply_markup")? {
        let first_pays = markup
            .pointer("/inline_keyboard/0/0/pay")
            .and_then(Value::as_bool)
            == Some(true);
        if !first_pays {
            return Err(ApiError::bad_request(
                "the first button of an invoice's inline keyboard must be a Pay button",
            ));
        }
    }
    let mut content = Map::new();
    content.insert(
        "invoice".into(),
        json!({
            "title": title,
            "description": description,
            "start_parameter": params.str("start_parameter").unwrap_or_default(),
            "currency": currency,
            "total_amount": total,
        }),
    );
    let message = send_bot_message(state, params, chat_id, content)?;
    if let Some(message_id) = message.get("message_id").and_then(Value::as_i64) {
        state.invoices.insert(
            (chat_id, message_id),
            Invoice {
                payload,
                currency,
                total_amount: total,
                flexible: params.bool("is_flexible"),
            },
        );
    }
    Ok(message)
}

/// answerPreCheckoutQuery: once per query; `ok: false` needs an `error_message`.
pub(super) fn answer_pre_checkout_query(state: &mut State, params: &Params) -> ApiResult {
    let id = params.req_str("pre_checkout_query_id")?;
    let ok = params.bool("ok");
    let error = params.str("error_message").filter(|e| !e.is_empty());
    let Some(query) = state.pre_checkout_queries.get_mut(&id) else {
        return Err(ApiError::bad_request(
            "query is too old and response timeout expired or query ID is invalid",
        ));
    };
    if query.answer.is_some() {
        return Err(ApiError::bad_request("QUERY_ID_INVALID"));
    }
    query.answer = Some(match (ok, error) {
        (true, _) => Ok(()),
        (false, Some(error)) => Err(error),
        (false, None) => return Err(ApiError::bad_request("ERROR_MESSAGE_EMPTY")),
    });
    Ok(json!(true))
}

/// answerShippingQuery: once per query; `ok` needs `shipping_options` (each with an id, a
/// title and prices), `ok: false` an `error_message`.
pub(super) fn answer_shipping_query(state: &mut State, params: &Params) -> ApiResult {
    let id = params.req_str("shipping_query_id")?;
    let ok = params.bool("ok");
    let answer = if ok {
        let options = params
            .array("shipping_options")?
            .filter(|o| !o.is_empty())
            .ok_or_else(|| ApiError::bad_request("SHIPPING_OPTIONS_EMPTY"))?;
        for option in &options {
            let valid = option
                .get("id")
                .and_then(Value::as_str)
                .is_some_and(|i| !i.is_empty())
                && option.get("title").and_then(Value::as_str).is_some()
                && option
                    .get("prices")
                    .and_then(Value::as_array)
                    .is_some_and(|p| !p.is_empty());
            if !valid {
                return Err(ApiError::bad_request(
                    "can't parse shipping options JSON object",
                ));
            }
        }
        Ok(options)
    } else {
        match params.str("error_message").filter(|e| !e.is_empty()) {
            Some(error) => Err(error),
            None => return Err(ApiError::bad_request("ERROR_MESSAGE_EMPTY")),
        }
    };
    let Some(query) = state.shipping_queries.get_mut(&id) else {
        return Err(ApiError::bad_request(
            "query is too old and response timeout expired or query ID is invalid",
        ));
    };
    if query.answer.is_some() {
        return Err(ApiError::bad_request("QUERY_ID_INVALID"));
    }
    query.answer = Some(answer);
    Ok(json!(true))
}

/// refundStarPayment: a payment in Telegram Stars, once; the user gets a `refunded_payment`
/// service message in the private chat (which reaches the bot as a message).
pub(super) fn refund_star_payment(state: &mut State, params: &Params) -> ApiResult {
    let user_id = params.req_i64("user_id")?;
    let charge_id = params.req_str("telegram_payment_charge_id")?;
    let Some(charge) = state.charges.get_mut(&charge_id) else {
        return Err(ApiError::bad_request("CHARGE_NOT_FOUND"));
    };
    if charge.user_id != user_id {
        return Err(ApiError::bad_request("USER_ID_INVALID"));
    }
    if charge.payment["currency"] != "XTR" {
        return Err(ApiError::bad_request("CHARGE_NOT_STARS"));
    }
    if charge.refunded {
        return Err(ApiError::bad_request("CHARGE_ALREADY_REFUNDED"));
    }
    charge.refunded = true;
    let payment = &charge.payment;
    let refund = json!({
        "currency": payment["currency"],
        "total_amount": payment["total_amount"],
        "invoice_payload": payment["invoice_payload"],
        "telegram_payment_charge_id": charge_id,
    });
    let mut content = Map::new();
    content.insert("refunded_payment".into(), refund);
    let message_id =
        state.add_message(user_id, crate::state::Sender::User(user_id), content, None)?;
    if let Some(json) = state.message_json(user_id, message_id) {
        state.push_update("message", json);
    }
    Ok(json!(true))
}
