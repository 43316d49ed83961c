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

/// To the old number, after the account's mobile changed.
pub fn mobile_changed(new_mobile: &str) -> Text {
    let tail: String = new_mobile.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    let body = format!(
        "شمارهٔ همراه حساب پیشخوان شما به شماره‌ای که به {tail} ختم می‌شود تغییر کرد. اگر شما این کار را نکرده‌اید، با پشتیبانی تماس بگیرید."
    );
    Text::new(Kind::MobileChanged, body)
}

pub fn account_deleted() -> Text {
    let body = "حساب شما در پیشخوان حذف شد. سفارش‌ها فقط تا جایی که قانون برای فاکتور لازم می‌داند نگه داشته می‌شوند.";
    Text::new(Kind::AccountDeleted, body.to_owned())
}

pub const EMAIL_SUBJECT: &str = "تأیید ایمیل در پیشخوان";

/// The confirmation email; `link` is root-relative (`/account/confirm-email?token=…`).
pub fn email_confirmation(link: &str) -> Text {
    let body = format!(
        "سلام،\n\nبرای اینکه این نشانی ایمیل رسمی حساب پیشخوان شما شود، این پیوند را باز کنید (تا ۲۴ ساعت معتبر است):\n\n{link}\n\nاگر شما درخواست نداده‌اید، این ایمیل را نادیده بگیرید."
    );
    Text::new(Kind::EmailConfirmation, body)
}
