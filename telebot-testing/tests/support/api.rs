//! A minimal Bot API client over reqwest for the FakeTelegram tests.

#![allow(dead_code)]

use serde_json::Value;
use telebot_testing::FakeTelegram;

/// Calls methods of a fake server the way a bot would.
#[derive(Clone)]
pub struct Api {
    pub tg: FakeTelegram,
    pub http: reqwest::Client,
}

impl Api {
    pub fn new(tg: &FakeTelegram) -> Api {
        Api {
            tg: tg.clone(),
            http: reqwest::Client::new(),
        }
    }

    /// Sends the parameters as a JSON body; returns the status and the decoded body.
    pub async fn call(&self, method: &str, params: Value) -> (u16, Value) {
        let response = self
            .http
            .post(self.tg.method_url(method))
            .header("content-type", "application/json")
            .body(params.to_string())
            .send()
            .await
            .expect("request reaches the fake server");
        let status = response.status().as_u16();
        let text = response.text().await.expect("body");
        (status, serde_json::from_str(&text).expect("JSON body"))
    }

    /// Calls and asserts success; returns `result`.
    pub async fn ok(&self, method: &str, params: Value) -> Value {
        let (status, body) = self.call(method, params).await;
        assert_eq!(status, 200, "{method} failed: {body}");
        assert_eq!(body["ok"], true, "{body}");
        body["result"].clone()
    }

    /// Calls and asserts failure; returns the status and description.
    pub async fn err(&self, method: &str, params: Value) -> (u16, String) {
        let (status, body) = self.call(method, params).await;
        assert_eq!(body["ok"], false, "{method} unexpectedly succeeded: {body}");
        assert_eq!(body["error_code"], status, "{body}");
        (
            status,
            body["description"].as_str().unwrap_or_default().to_owned(),
        )
    }
}
