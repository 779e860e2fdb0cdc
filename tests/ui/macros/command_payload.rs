use telebot::extract::Groups;

#[telebot::command("start", payload = r"^ref-(\d+")]
async fn broken_pattern() {}

#[telebot::command("invite")]
async fn groups_without_payload(Groups((by,)): Groups<(i64,)>) {
    let _ = by;
}

#[telebot::command("join", payload = r"^code-(\w+)-(\d+)$")]
async fn too_few_types(Groups((code,)): Groups<(String,)>) {
    let _ = code;
}

fn main() {}
