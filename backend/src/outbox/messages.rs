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

pub fn proof_code(code: &str) -> String {
    format!(
        "کد تأیید هویت در پیشخوان: {code} (تا {CODE_MINUTES} دقیقه معتبر است). با آن رمز عبور، ایمیل یا شمارهٔ همراه حساب تغییر می‌کند؛ اگر شما درخواست نداده‌اید، آن را به کسی ندهید."
    )
}

/// What every notice of a change ends with.
const NOT_YOU: &str = "اگر شما این کار را نکرده‌اید، با پشتیبانی تماس بگیرید.";

/// The last four characters of a number (all a notice shows of it).
fn tail(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

/// To the old number, after the account's mobile changed.
pub fn mobile_changed(new_mobile: &str) -> String {
    format!("شمارهٔ همراه حساب پیشخوان شما به شماره‌ای که به {} ختم می‌شود تغییر کرد. {NOT_YOU}", tail(new_mobile))
}

/// To the mobile number, after the password was set (`first`) or changed; other sessions were ended.
pub fn password_changed(first: bool) -> String {
    let what = if first {
        "برای حساب پیشخوان شما رمز عبور گذاشته شد"
    } else {
        "رمز عبور حساب پیشخوان شما تغییر کرد"
    };
    format!("{what} و از همهٔ دستگاه‌های دیگر خارج شدید. {NOT_YOU}")
}

pub const EMAIL_CHANGED_SUBJECT: &str = "ایمیل حساب پیشخوان شما تغییر کرد";

/// An email address with all but its first character and its domain hidden: `s***@example.ir`.
fn masked(email: &str) -> String {
    let (local, domain) = email.split_once('@').unwrap_or((email, ""));
    let first: String = local.chars().take(1).collect();
    format!("{first}***@{domain}")
}

/// To the old official email (or by SMS, when there was none), after another became official.
pub fn email_changed(new_email: &str) -> String {
    format!(
        "ایمیل رسمی حساب پیشخوان شما به {} تغییر کرد و از همهٔ دستگاه‌های دیگر خارج شدید. {NOT_YOU}",
        masked(new_email)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_show_little_of_the_new_contact() {
        assert!(mobile_changed("09351112233").contains("به 2233 ختم"));
        assert!(email_changed("sara@example.ir").contains("s***@example.ir"));
        assert!(!email_changed("sara@example.ir").contains("sara"));
        assert!(password_changed(true).contains("رمز عبور گذاشته شد"));
        assert!(password_changed(false).contains("تغییر کرد"));
    }
}
