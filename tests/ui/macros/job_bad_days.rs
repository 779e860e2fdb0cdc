use telebot::job;

#[job(at = "09:00", days = "mon-fry")]
async fn morning() {}

fn main() {}
