// The `crate` path is what the generated code uses: a wrong one fails there.
#[telebot::command("start")]
async fn start() {}

fn main() {
    let _ = telebot::handlers![crate = nowhere; start];
}
