//! A small HTTP server on 127.0.0.1 that records every Bot API request a `Bot` makes and answers
//! what the test tells it to. Used by the client tests before the full fake Telegram.

#![allow(dead_code)]

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;

/// The token every test bot uses; tests assert that `SECRET` never shows up anywhere.
pub const TOKEN: &str = "123456:SECRET-token-abcdefghijklmnopqrstuvwxyz0";

/// One recorded request.
#[derive(Debug, Clone)]
pub struct Call {
    /// The method, from the URL path.
    pub method: String,
    /// The full path (with the token).
    pub path: String,
    /// The Content-Type header.
    pub content_type: String,
    /// The JSON body, for JSON requests.
    pub json: Option<Value>,
    /// Text fields of a multipart request.
    pub fields: BTreeMap<String, String>,
    /// File parts of a multipart request: part name → (file name, bytes).
    pub files: BTreeMap<String, (String, Vec<u8>)>,
}

impl Call {
    /// The parameters as JSON: the JSON body, or the multipart text fields (JSON-decoded where
    /// they hold JSON).
    pub fn params(&self) -> Value {
        if let Some(json) = &self.json {
            return json.clone();
        }
        let map = self
            .fields
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    serde_json::from_str(v).unwrap_or(Value::String(v.clone())),
                )
            })
            .collect();
        Value::Object(map)
    }
}

/// What the server answers.
#[derive(Debug, Clone)]
pub enum Answer {
    /// A status, content type and body.
    Raw(u16, &'static str, String),
    /// Close the connection without answering.
    Drop,
    /// Answer after a delay.
    Delayed(std::time::Duration, Box<Answer>),
}

impl Answer {
    /// `{"ok": true, "result": result}`.
    pub fn ok(result: Value) -> Answer {
        Answer::Raw(
            200,
            "application/json",
            json!({"ok": true, "result": result}).to_string(),
        )
    }

    /// `{"ok": false, …}` with a status code.
    pub fn error(code: u16, description: &str, parameters: Option<Value>) -> Answer {
        let mut body = json!({"ok": false, "error_code": code, "description": description});
        if let Some(p) = parameters {
            body["parameters"] = p;
        }
        Answer::Raw(code, "application/json", body.to_string())
    }
}

type Responder = Arc<dyn Fn(&Call) -> Answer + Send + Sync>;

/// The recording server.
#[derive(Clone)]
pub struct Recorder {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    calls: Arc<Mutex<Vec<Call>>>,
    responder: Arc<Mutex<Responder>>,
}

impl Recorder {
    /// Starts a server answering `{"ok":true,"result":true}` to everything.
    pub async fn start() -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("local addr"));
        let recorder = Recorder {
            url,
            calls: Arc::default(),
            responder: Arc::new(Mutex::new(Arc::new(|_: &Call| Answer::ok(json!(true))))),
        };
        let server = recorder.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let server = server.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |req| {
                        let server = server.clone();
                        async move { server.handle(req).await }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        recorder
    }

    /// Sets what the server answers from now on.
    pub fn respond(&self, f: impl Fn(&Call) -> Answer + Send + Sync + 'static) {
        *self.responder.lock().unwrap() = Arc::new(f);
    }

    /// Every request so far.
    pub fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().clone()
    }

    /// The last request.
    pub fn last(&self) -> Call {
        self.calls().pop().expect("the bot made no request")
    }

    /// A bot talking to this server.
    pub fn bot(&self) -> telebot::Bot {
        telebot::Bot::builder()
            .token(TOKEN)
            .api_url(&self.url)
            .build()
            .unwrap()
    }

    async fn handle(
        &self,
        req: Request<Incoming>,
    ) -> Result<Response<Full<Bytes>>, std::convert::Infallible> {
        let path = req.uri().path().to_string();
        let method = path.rsplit('/').next().unwrap_or_default().to_string();
        let content_type = req
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let body = req
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        let mut call = Call {
            method,
            path,
            content_type: content_type.clone(),
            json: None,
            fields: BTreeMap::new(),
            files: BTreeMap::new(),
        };
        if content_type.starts_with("application/json") {
            call.json = serde_json::from_slice(&body).ok();
        } else if let Ok(boundary) = multer::parse_boundary(&content_type) {
            let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
            let mut multipart = multer::Multipart::new(stream, boundary);
            while let Ok(Some(field)) = multipart.next_field().await {
                let name = field.name().unwrap_or_default().to_string();
                let file_name = field.file_name().map(str::to_string);
                let data = field.bytes().await.unwrap_or_default();
                match file_name {
                    Some(f) => {
                        call.files.insert(name, (f, data.to_vec()));
                    }
                    None => {
                        call.fields
                            .insert(name, String::from_utf8_lossy(&data).into_owned());
                    }
                }
            }
        }
        self.calls.lock().unwrap().push(call.clone());
        let responder = self.responder.lock().unwrap().clone();
        let mut answer = responder(&call);
        while let Answer::Delayed(delay, inner) = answer {
            tokio::time::sleep(delay).await;
            answer = *inner;
        }
        match answer {
            Answer::Delayed(..) => unreachable!("unwrapped above"),
            Answer::Raw(status, ct, body) => Ok(Response::builder()
                .status(status)
                .header("content-type", ct)
                .body(Full::new(Bytes::from(body)))
                .unwrap()),
            Answer::Drop => {
                // Dropping the connection: answer with a body shorter than its declared length,
                // which the client sees as a broken connection.
                Ok(Response::builder()
                    .status(200)
                    .header("content-length", "1000")
                    .body(Full::new(Bytes::from_static(b"{\"ok\":")))
                    .unwrap())
            }
        }
    }
}
