//! Crawlers, told by their user agent (not by `navigator.webdriver`, which browser tests set):
//! no tracker ever loads for them.

const CRAWLER_TOKENS: [&str; 18] = [
    "googlebot",
    "bingbot",
    "yandexbot",
    "baiduspider",
    "duckduckbot",
    "slurp",
    "applebot",
    "petalbot",
    "facebookexternalhit",
    "twitterbot",
    "linkedinbot",
    "semrushbot",
    "ahrefsbot",
    "mj12bot",
    "crawler",
    "spider",
    "mediapartners-google",
    "adsbot-google",
];

pub fn is_crawler(user_agent: &str) -> bool {
    let ua = user_agent.to_ascii_lowercase();
    CRAWLER_TOKENS.iter().any(|t| ua.contains(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crawlers_but_not_headless_browsers() {
        assert!(is_crawler("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"));
        assert!(is_crawler("Mozilla/5.0 (compatible; bingbot/2.0)"));
        assert!(!is_crawler(
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0 Safari/537.36"
        ));
        assert!(!is_crawler("Mozilla/5.0 (Linux; Android 14; Cubot X50) Mobile Safari/537.36"));
    }
}
