#[telebot::bot]
mod commands {
    /// Command 0.
    #[command("c0")]
    async fn c0() {}

    /// Command 1.
    #[command("c1")]
    async fn c1() {}

    /// Command 2.
    #[command("c2")]
    async fn c2() {}

    /// Command 3.
    #[command("c3")]
    async fn c3() {}

    /// Command 4.
    #[command("c4")]
    async fn c4() {}

    /// Command 5.
    #[command("c5")]
    async fn c5() {}

    /// Command 6.
    #[command("c6")]
    async fn c6() {}

    /// Command 7.
    #[command("c7")]
    async fn c7() {}

    /// Command 8.
    #[command("c8")]
    async fn c8() {}

    /// Command 9.
    #[command("c9")]
    async fn c9() {}

    /// Command 10.
    #[command("c10")]
    async fn c10() {}

    /// Command 11.
    #[command("c11")]
    async fn c11() {}

    /// Command 12.
    #[command("c12")]
    async fn c12() {}

    /// Command 13.
    #[command("c13")]
    async fn c13() {}

    /// Command 14.
    #[command("c14")]
    async fn c14() {}

    /// Command 15.
    #[command("c15")]
    async fn c15() {}

    /// Command 16.
    #[command("c16")]
    async fn c16() {}

    /// Command 17.
    #[command("c17")]
    async fn c17() {}

    /// Command 18.
    #[command("c18")]
    async fn c18() {}

    /// Command 19.
    #[command("c19")]
    async fn c19() {}

    /// Command 20.
    #[command("c20")]
    async fn c20() {}

    /// Command 21.
    #[command("c21")]
    async fn c21() {}

    /// Command 22.
    #[command("c22")]
    async fn c22() {}

    /// Command 23.
    #[command("c23")]
    async fn c23() {}

    /// Command 24.
    #[command("c24")]
    async fn c24() {}

    /// Command 25.
    #[command("c25")]
    async fn c25() {}

    /// Command 26.
    #[command("c26")]
    async fn c26() {}

    /// Command 27.
    #[command("c27")]
    async fn c27() {}

    /// Command 28.
    #[command("c28")]
    async fn c28() {}

    /// Command 29.
    #[command("c29")]
    async fn c29() {}

    /// Command 30.
    #[command("c30")]
    async fn c30() {}

    /// Command 31.
    #[command("c31")]
    async fn c31() {}

    /// Command 32.
    #[command("c32")]
    async fn c32() {}

    /// Command 33.
    #[command("c33")]
    async fn c33() {}

    /// Command 34.
    #[command("c34")]
    async fn c34() {}

    /// Command 35.
    #[command("c35")]
    async fn c35() {}

    /// Command 36.
    #[command("c36")]
    async fn c36() {}

    /// Command 37.
    #[command("c37")]
    async fn c37() {}

    /// Command 38.
    #[command("c38")]
    async fn c38() {}

    /// Command 39.
    #[command("c39")]
    async fn c39() {}

    /// Command 40.
    #[command("c40")]
    async fn c40() {}

    /// Command 41.
    #[command("c41")]
    async fn c41() {}

    /// Command 42.
    #[command("c42")]
    async fn c42() {}

    /// Command 43.
    #[command("c43")]
    async fn c43() {}

    /// Command 44.
    #[command("c44")]
    async fn c44() {}

    /// Command 45.
    #[command("c45")]
    async fn c45() {}

    /// Command 46.
    #[command("c46")]
    async fn c46() {}

    /// Command 47.
    #[command("c47")]
    async fn c47() {}

    /// Command 48.
    #[command("c48")]
    async fn c48() {}

    /// Command 49.
    #[command("c49")]
    async fn c49() {}

    /// Command 50.
    #[command("c50")]
    async fn c50() {}

    /// Command 51.
    #[command("c51")]
    async fn c51() {}

    /// Command 52.
    #[command("c52")]
    async fn c52() {}

    /// Command 53.
    #[command("c53")]
    async fn c53() {}

    /// Command 54.
    #[command("c54")]
    async fn c54() {}

    /// Command 55.
    #[command("c55")]
    async fn c55() {}

    /// Command 56.
    #[command("c56")]
    async fn c56() {}

    /// Command 57.
    #[command("c57")]
    async fn c57() {}

    /// Command 58.
    #[command("c58")]
    async fn c58() {}

    /// Command 59.
    #[command("c59")]
    async fn c59() {}

    /// Command 60.
    #[command("c60")]
    async fn c60() {}

    /// Command 61.
    #[command("c61")]
    async fn c61() {}

    /// Command 62.
    #[command("c62")]
    async fn c62() {}

    /// Command 63.
    #[command("c63")]
    async fn c63() {}

    /// Command 64.
    #[command("c64")]
    async fn c64() {}

    /// Command 65.
    #[command("c65")]
    async fn c65() {}

    /// Command 66.
    #[command("c66")]
    async fn c66() {}

    /// Command 67.
    #[command("c67")]
    async fn c67() {}

    /// Command 68.
    #[command("c68")]
    async fn c68() {}

    /// Command 69.
    #[command("c69")]
    async fn c69() {}

    /// Command 70.
    #[command("c70")]
    async fn c70() {}

    /// Command 71.
    #[command("c71")]
    async fn c71() {}

    /// Command 72.
    #[command("c72")]
    async fn c72() {}

    /// Command 73.
    #[command("c73")]
    async fn c73() {}

    /// Command 74.
    #[command("c74")]
    async fn c74() {}

    /// Command 75.
    #[command("c75")]
    async fn c75() {}

    /// Command 76.
    #[command("c76")]
    async fn c76() {}

    /// Command 77.
    #[command("c77")]
    async fn c77() {}

    /// Command 78.
    #[command("c78")]
    async fn c78() {}

    /// Command 79.
    #[command("c79")]
    async fn c79() {}

    /// Command 80.
    #[command("c80")]
    async fn c80() {}

    /// Command 81.
    #[command("c81")]
    async fn c81() {}

    /// Command 82.
    #[command("c82")]
    async fn c82() {}

    /// Command 83.
    #[command("c83")]
    async fn c83() {}

    /// Command 84.
    #[command("c84")]
    async fn c84() {}

    /// Command 85.
    #[command("c85")]
    async fn c85() {}

    /// Command 86.
    #[command("c86")]
    async fn c86() {}

    /// Command 87.
    #[command("c87")]
    async fn c87() {}

    /// Command 88.
    #[command("c88")]
    async fn c88() {}

    /// Command 89.
    #[command("c89")]
    async fn c89() {}

    /// Command 90.
    #[command("c90")]
    async fn c90() {}

    /// Command 91.
    #[command("c91")]
    async fn c91() {}

    /// Command 92.
    #[command("c92")]
    async fn c92() {}

    /// Command 93.
    #[command("c93")]
    async fn c93() {}

    /// Command 94.
    #[command("c94")]
    async fn c94() {}

    /// Command 95.
    #[command("c95")]
    async fn c95() {}

    /// Command 96.
    #[command("c96")]
    async fn c96() {}

    /// Command 97.
    #[command("c97")]
    async fn c97() {}

    /// Command 98.
    #[command("c98")]
    async fn c98() {}

    /// Command 99.
    #[command("c99")]
    async fn c99() {}

    /// Command 100.
    #[command("c100")]
    async fn c100() {}
}

fn main() {}
