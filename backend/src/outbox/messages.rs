//! The Persian texts of the messages sent, each with its [`Kind`]. Codes are written in ASCII digits so any
//! phone shows them.

use super::Kind;

/// A message's text and what it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub kind: Kind,
    pub body: String,
}

impl Text {
    fn new(kind: Kind, body: String) -> Self {
        Self { kind, body }
    }
}

/// How long a one-time code lives, in minutes (as the texts say).
const CODE_MINUTES: &str = "۵";

pub fn sign_in_code(code: &str) -> Text {
    Text::new(Kind::SignInCode, format!("کد ورود شما به پیشخوان: {code} (تا {CODE_MINUTES} دقیقه معتبر است)"))
}

pub fn mobile_change_code(code: &str) -> Text {
    let body = format!("کد تأیید شمارهٔ همراه تازه در پیشخوان: {code} (تا {CODE_MINUTES} دقیقه معتبر است)");
    Text::new(Kind::MobileChangeCode, body)
}

pub fn delete_account_code(code: &str) -> Text {
    let body = format!(
        "کد تأیید حذف حساب پیشخوان: {code} (تا {CODE_MINUTES} دقیقه معتبر است). اگر شما درخواست نداده‌اید، این پیام را نادیده بگیرید."
    );
    Text::new(Kind::DeleteAccountCode, body)
}

pub fn proof_code(code: &str) -> Text {
    let body = format!(
        "کد تأیید هویت در پیشخوان: {code} (تا {CODE_MINUTES} دقیقه معتبر است). با آن رمز عبور، ایمیل یا شمارهٔ همراه حساب تغییر می‌کند؛ اگر شما درخواست نداده‌اید، آن را به کسی ندهید."
    );
    Text::new(Kind::ProofCode, body)
}

/// What every notice of a change ends with.
const NOT_YOU: &str = "اگر شما این کار را نکرده‌اید، با پشتیبانی تماس بگیرید.";

/// The last four characters of a number (all a notice shows of it).
fn tail(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

/// To the old number, after the account's mobile changed.
pub fn mobile_changed(new_mobile: &str) -> Text {
    let body =
        format!("شمارهٔ همراه حساب پیشخوان شما به شماره‌ای که به {} ختم می‌شود تغییر کرد. {NOT_YOU}", tail(new_mobile));
    Text::new(Kind::MobileChanged, body)
}

/// To the mobile number, after the password was set (`first`) or changed; other sessions were ended.
pub fn password_changed(first: bool) -> Text {
    let what = if first {
        "برای حساب پیشخوان شما رمز عبور گذاشته شد"
    } else {
        "رمز عبور حساب پیشخوان شما تغییر کرد"
    };
    Text::new(Kind::PasswordChanged, format!("{what} و از همهٔ دستگاه‌های دیگر خارج شدید. {NOT_YOU}"))
}

pub const EMAIL_CHANGED_SUBJECT: &str = "ایمیل حساب پیشخوان شما تغییر کرد";

/// An email address with all but its first character and its domain hidden: `s***@example.ir`.
pub fn masked(email: &str) -> String {
    let (local, domain) = email.split_once('@').unwrap_or((email, ""));
    let first: String = local.chars().take(1).collect();
    format!("{first}***@{domain}")
}

/// A mobile number with its middle hidden: `0912***6789`.
pub fn masked_mobile(mobile: &str) -> String {
    let chars: Vec<char> = mobile.chars().collect();
    let head: String = chars.iter().take(4).collect();
    format!("{head}***{}", tail(mobile))
}

/// To the old official email (or by SMS, when there was none), after another became official.
pub fn email_changed(new_email: &str) -> Text {
    let body = format!(
        "ایمیل رسمی حساب پیشخوان شما به {} تغییر کرد و از همهٔ دستگاه‌های دیگر خارج شدید. {NOT_YOU}",
        masked(new_email)
    );
    Text::new(Kind::EmailChanged, body)
}

pub fn account_deleted() -> Text {
    let body = "حساب شما در پیشخوان حذف شد. سفارش‌ها فقط تا جایی که قانون برای فاکتور لازم می‌داند نگه داشته می‌شوند.";
    Text::new(Kind::AccountDeleted, body.to_owned())
}

pub const EMAIL_SUBJECT: &str = "تأیید ایمیل در پیشخوان";

/// The confirmation email; `link` is absolute (`https://shop/account/confirm-email?token=…`).
pub fn email_confirmation(link: &str) -> Text {
    let body = format!(
        "سلام،\n\nبرای اینکه این نشانی ایمیل رسمی حساب پیشخوان شما شود، این پیوند را باز کنید (تا ۲۴ ساعت معتبر است):\n\n{link}\n\nاگر شما درخواست نداده‌اید، این ایمیل را نادیده بگیرید."
    );
    Text::new(Kind::EmailConfirmation, body)
}

pub const NEWSLETTER_SUBJECT: &str = "تأیید عضویت در خبرنامهٔ پیشخوان";

/// The double opt-in email to a guest; `link` is absolute (`https://shop/newsletter/confirm?token=…`), `hours` how
/// long it works.
pub fn newsletter_confirmation(link: &str, hours: u32) -> Text {
    let body = format!(
        "سلام،\n\nبرای عضویت در خبرنامهٔ پیشخوان این پیوند را باز کنید (تا {hours} ساعت معتبر است):\n\n{link}\n\nتا آن را باز نکنید هیچ خبرنامه‌ای برایتان فرستاده نمی‌شود. اگر شما درخواست نداده‌اید، این ایمیل را نادیده بگیرید؛ نشانی‌تان پس از این مدت فراموش می‌شود."
    );
    Text::new(Kind::NewsletterConfirmation, body)
}

/// An issue of the newsletter as plain text: the shop's `text`, then the visible unsubscribe link (the
/// storefront's unsubscribe page, `page_link`).
pub fn newsletter_issue(text: &str, page_link: &str) -> Text {
    let body = format!(
        "{}\n\n--\nاین خبرنامه را چون عضو خبرنامهٔ پیشخوان هستید دریافت می‌کنید.\nلغو عضویت با یک کلیک، بی‌نیاز به ورود: {page_link}\n",
        text.trim_end()
    );
    Text::new(Kind::Newsletter, body)
}

/// The same issue as HTML: the shop's `html` (else `text` as escaped paragraphs), with the same visible
/// unsubscribe link before its `</body>` (or at its end).
pub fn newsletter_html(html: Option<&str>, text: &str, page_link: &str) -> String {
    let link = super::dev::escape(page_link);
    let footer = format!(
        "<hr><p style=\"font-size:small\">این خبرنامه را چون عضو خبرنامهٔ پیشخوان هستید دریافت می‌کنید. \
         <a href=\"{link}\">لغو عضویت با یک کلیک</a> (بی‌نیاز به ورود)</p>"
    );
    match html {
        Some(html) => match html.rfind("</body>") {
            Some(end) => format!("{}{footer}{}", &html[..end], &html[end..]),
            None => format!("{html}{footer}"),
        },
        None => {
            let paragraphs: String = text
                .split("\n\n")
                .filter(|p| !p.trim().is_empty())
                .map(|p| format!("<p>{}</p>", super::dev::escape(p.trim()).replace('\n', "<br>")))
                .collect();
            format!(
                "<!doctype html><html lang=\"fa\" dir=\"rtl\"><head><meta charset=\"utf-8\"></head><body>{paragraphs}{footer}</body></html>"
            )
        }
    }
}

/// A promotional SMS: the shop's `text`, its short opt-out link and the usual `لغو ۱۱` (a reply that the SMS
/// webhook takes as a stop).
pub fn sms_promotion(text: &str, opt_out_link: &str) -> Text {
    Text::new(Kind::SmsPromotion, format!("{}\nلغو: {opt_out_link}\nلغو ۱۱", text.trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_show_little_of_the_new_contact() {
        assert!(mobile_changed("09351112233").body.contains("به 2233 ختم"));
        assert!(email_changed("sara@example.ir").body.contains("s***@example.ir"));
        assert!(!email_changed("sara@example.ir").body.contains("sara"));
        assert!(password_changed(true).body.contains("رمز عبور گذاشته شد"));
        assert!(password_changed(false).body.contains("تغییر کرد"));
    }

    #[test]
    fn marketing_bodies_end_with_their_unsubscribe_link() {
        let link = "https://shop.example/unsubscribe/1.2.ab";
        assert!(newsletter_issue("سلام\n", link).body.trim_end().ends_with(link));
        let made = newsletter_html(None, "یک <b>\n\nدو", link);
        assert!(made.contains("<p>یک &lt;b&gt;</p><p>دو</p>") && made.contains(&format!("href=\"{link}\"")), "{made}");
        let given = newsletter_html(Some("<html><body><h1>تخفیف</h1></body></html>"), "", link);
        assert!(
            given.starts_with("<html><body><h1>تخفیف</h1><hr>")
                && given.ends_with("</a> (بی‌نیاز به ورود)</p></body></html>")
        );
        let sms = sms_promotion("حراج", link);
        assert_eq!(
            (sms.kind, sms.body.as_str()),
            (Kind::SmsPromotion, "حراج\nلغو: https://shop.example/unsubscribe/1.2.ab\nلغو ۱۱")
        );
    }
}
