//! The Persian texts of the messages sent. Codes are written in ASCII digits so any phone shows them.

/// How long a one-time code lives, in minutes (as the texts say).
const CODE_MINUTES: &str = "۵";

pub fn sign_in_code(code: &str) -> String {
    format!("کد ورود شما به پیشخوان: {code} (تا {CODE_MINUTES} دقیقه معتبر است)")
}

pub fn mobile_change_code(code: &str) -> String {
    format!("کد تأیید شمارهٔ همراه تازه در پیشخوان: {code} (تا {CODE_MINUTES} دقیقه معتبر است)")
}

pub fn delete_account_code(code: &str) -> String {
    format!(
        "کد تأیید حذف حساب پیشخوان: {code} (تا {CODE_MINUTES} دقیقه معتبر است). اگر شما درخواست نداده‌اید، این پیام را نادیده بگیرید."
    )
}

/// To the old number, after the account's mobile changed.
pub fn mobile_changed(new_mobile: &str) -> String {
    let tail: String = new_mobile.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    format!(
        "شمارهٔ همراه حساب پیشخوان شما به شماره‌ای که به {tail} ختم می‌شود تغییر کرد. اگر شما این کار را نکرده‌اید، با پشتیبانی تماس بگیرید."
    )
}

pub fn account_deleted() -> String {
    "حساب شما در پیشخوان حذف شد. سفارش‌ها فقط تا جایی که قانون برای فاکتور لازم می‌داند نگه داشته می‌شوند.".to_owned()
}

pub const EMAIL_SUBJECT: &str = "تأیید ایمیل در پیشخوان";

/// The confirmation email; `link` is root-relative (`/account/confirm-email?token=…`).
pub fn email_confirmation(link: &str) -> String {
    format!(
        "سلام،\n\nبرای اینکه این نشانی ایمیل رسمی حساب پیشخوان شما شود، این پیوند را باز کنید (تا ۲۴ ساعت معتبر است):\n\n{link}\n\nاگر شما درخواست نداده‌اید، این ایمیل را نادیده بگیرید."
    )
}
