//! An echo-shaped program on telebot's stack without telebot: one regex, one decoded JSON
//! reply, one HTTP request. Only compiled, to measure (benches/COMPILE_TIMES.md).

#[derive(serde::Deserialize, Debug)]
struct Reply {
    ok: bool,
}

#[tokio::main]
async fn main() {
    let hello = regex::Regex::new(r"^hello (\w+)").expect("a valid pattern");
    println!("{:?}", hello.captures("hello bob"));
    let client = reqwest::Client::new();
    match client.get("http://127.0.0.1:9/getMe").send().await {
        Ok(response) => println!("{:?}", response.json::<Reply>().await.map(|r| r.ok)),
        Err(e) => println!("{e}"),
    }
}
