//! Persian (Jalali) ↔ Gregorian calendar arithmetic, for the birth-date picker. Display goes through
//! the browser's `Intl`; this converts what the shopper picks. No tables: the standard 33-year-cycle
//! arithmetic.

/// A date in the Persian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct JalaliDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// A Gregorian date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct GregorianDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

fn gregorian_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn gregorian_month_days(year: i32, month: u32) -> u32 {
    match month {
        2 if gregorian_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl GregorianDate {
    pub fn is_valid(&self) -> bool {
        (1..=12).contains(&self.month) && (1..=gregorian_month_days(self.year, self.month)).contains(&self.day)
    }

    /// `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    pub fn parse_iso(s: &str) -> Option<Self> {
        let mut parts = s.splitn(3, '-');
        let date = Self {
            year: parts.next()?.parse().ok()?,
            month: parts.next()?.parse().ok()?,
            day: parts.next()?.parse().ok()?,
        };
        (s.len() == 10 && date.is_valid()).then_some(date)
    }

    pub fn to_jalali(self) -> JalaliDate {
        const DAYS_BEFORE_MONTH: [i64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
        let (gy, gm, gd) = (i64::from(self.year), i64::from(self.month), i64::from(self.day));
        let gy2 = if gm > 2 { gy + 1 } else { gy };
        let mut days = 355_666 + 365 * gy + (gy2 + 3) / 4 - (gy2 + 99) / 100
            + (gy2 + 399) / 400
            + gd
            + DAYS_BEFORE_MONTH[(gm - 1) as usize];
        let mut jy = -1595 + 33 * (days / 12_053);
        days %= 12_053;
        jy += 4 * (days / 1461);
        days %= 1461;
        if days > 365 {
            jy += (days - 1) / 365;
            days = (days - 1) % 365;
        }
        let (month, day) =
            if days < 186 { (1 + days / 31, 1 + days % 31) } else { (7 + (days - 186) / 30, 1 + (days - 186) % 30) };
        JalaliDate { year: jy as i32, month: month as u32, day: day as u32 }
    }
}

impl JalaliDate {
    pub fn is_leap(year: i32) -> bool {
        JalaliDate { year, month: 12, day: 30 }.to_gregorian().to_jalali() == JalaliDate { year, month: 12, day: 30 }
    }

    pub fn month_days(year: i32, month: u32) -> u32 {
        match month {
            1..=6 => 31,
            7..=11 => 30,
            12 if Self::is_leap(year) => 30,
            _ => 29,
        }
    }

    pub fn is_valid(&self) -> bool {
        (1..=12).contains(&self.month) && (1..=Self::month_days(self.year, self.month)).contains(&self.day)
    }

    pub fn to_gregorian(self) -> GregorianDate {
        let (jy, jm, jd) = (i64::from(self.year) + 1595, i64::from(self.month), i64::from(self.day));
        let mut days = -355_668
            + 365 * jy
            + (jy / 33) * 8
            + ((jy % 33) + 3) / 4
            + jd
            + if jm < 7 { (jm - 1) * 31 } else { (jm - 7) * 30 + 186 };
        let mut gy = 400 * (days / 146_097);
        days %= 146_097;
        if days > 36_524 {
            days -= 1;
            gy += 100 * (days / 36_524);
            days %= 36_524;
            if days >= 365 {
                days += 1;
            }
        }
        gy += 4 * (days / 1461);
        days %= 1461;
        if days > 365 {
            gy += (days - 1) / 365;
            days = (days - 1) % 365;
        }
        let year = gy as i32;
        let mut day = (days + 1) as u32;
        let mut month = 1;
        while day > gregorian_month_days(year, month) {
            day -= gregorian_month_days(year, month);
            month += 1;
        }
        GregorianDate { year, month, day }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_dates() {
        let nowruz = GregorianDate { year: 2024, month: 3, day: 20 };
        assert_eq!(nowruz.to_jalali(), JalaliDate { year: 1403, month: 1, day: 1 });
        assert_eq!(
            JalaliDate { year: 1370, month: 5, day: 12 }.to_gregorian(),
            GregorianDate { year: 1991, month: 8, day: 3 }
        );
        assert!(JalaliDate::is_leap(1403));
        assert!(!JalaliDate::is_leap(1404));
        assert_eq!(GregorianDate::parse_iso("1991-08-03"), Some(GregorianDate { year: 1991, month: 8, day: 3 }));
        assert_eq!(GregorianDate::parse_iso("1991-02-30"), None);
    }

    proptest! {
        #[test]
        fn round_trips(year in 1900i32..2100, month in 1u32..=12, day in 1u32..=31) {
            let g = GregorianDate { year, month, day };
            prop_assume!(g.is_valid());
            let j = g.to_jalali();
            prop_assert!(j.is_valid(), "{:?}", j);
            prop_assert_eq!(j.to_gregorian(), g);
        }
    }
}
