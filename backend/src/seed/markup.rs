//! Books whose titles, bylines and descriptions carry markup, script and direction controls, as a
//! shop's real catalog can (a book about web security, a title pasted from elsewhere): the
//! storefront must show every one of them as plain text, and run none of it.

use super::Draft;

/// (title, byline, description)
const MARKUP: &[(&str, &str, &str)] = &[
    (
        "امنیت وب برای نوجوانان: <script>alert('xss')</script>",
        "گروه نویسندگان \"><img src=x onerror=alert(1)>",
        "در این کتاب می‌آموزید چرا <script>document.title='hacked'</script> و <svg onload=alert(2)> نباید در صفحه اجرا شوند؛ و چرا {{7*7}} و ${7*7} فقط متن‌اند.",
    ),
    (
        "آموزش HTML: <b>تگ‌ها</b> & ویژگی‌ها",
        "<a href=\"javascript:alert(3)\">مریم رضایی</a>",
        "مثال‌های کتاب: <iframe src=\"javascript:alert(4)\"></iframe>، <a href='#' onclick='alert(5)'>پیوند</a> و &lt;p&gt; که باید همان‌طور که نوشته شده دیده شوند.",
    ),
    (
        "ریاضی سرگرم‌کننده \u{202E}۱۲۳ abc\u{202C} و \u{2067}Math 101\u{2069}",
        "علی \u{200F}Ahmadi\u{200E} ۰۹۱۲",
        "متنی با نشانه‌های جهت (\u{200E}LRM، \u{200F}RLM) و بازنویسی \u{202E}جهت\u{202C} که نباید قیمت و دکمه‌ها را به هم بریزد.",
    ),
];

pub fn drafts() -> Vec<Draft> {
    MARKUP
        .iter()
        .enumerate()
        .map(|(i, &(title, byline, description))| Draft {
            category: "children",
            title: title.to_owned(),
            byline: byline.to_owned(),
            description: description.to_owned(),
            price: 150_000 + i as i64 * 10_000,
        })
        .collect()
}
