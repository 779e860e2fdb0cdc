//! A fake Telegram Bot API server for end-to-end tests.
