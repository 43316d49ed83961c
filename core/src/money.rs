//! Money: whole Toman, the unit Iranian shops price in.

use serde::{Deserialize, Serialize};

/// An amount in Toman. Whole units only; arithmetic saturates instead of overflowing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = i64, example = 450000))]
#[serde(transparent)]
pub struct Toman(pub i64);

impl Toman {
    pub const ZERO: Toman = Toman(0);

    /// This price times a quantity.
    pub fn times(self, quantity: u32) -> Toman {
        Toman(self.0.saturating_mul(i64::from(quantity)))
    }

    /// The amount with ASCII digits and a comma every three digits, e.g. `1,250,000`.
    /// The storefront formats through the browser's `Intl`; this serves logs, tests and SVG covers.
    pub fn grouped(self) -> String {
        let digits = self.0.unsigned_abs().to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
        if self.0 < 0 {
            out.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    }
}

impl std::iter::Sum for Toman {
    fn sum<I: Iterator<Item = Toman>>(iter: I) -> Toman {
        iter.fold(Toman::ZERO, |a, b| Toman(a.0.saturating_add(b.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(Toman(0).grouped(), "0");
        assert_eq!(Toman(999).grouped(), "999");
        assert_eq!(Toman(1000).grouped(), "1,000");
        assert_eq!(Toman(1_250_000).grouped(), "1,250,000");
        assert_eq!(Toman(-45_000).grouped(), "-45,000");
    }

    #[test]
    fn times_and_sum() {
        assert_eq!(Toman(120_000).times(3), Toman(360_000));
        assert_eq!([Toman(1), Toman(2)].into_iter().sum::<Toman>(), Toman(3));
        assert_eq!(Toman(i64::MAX).times(2), Toman(i64::MAX));
    }

    proptest! {
        #[test]
        fn grouping_keeps_the_digits(n in any::<i64>()) {
            let g = Toman(n).grouped();
            prop_assert_eq!(g.replace(',', ""), n.to_string());
            for group in g.trim_start_matches('-').split(',').skip(1) {
                prop_assert_eq!(group.len(), 3);
            }
        }
    }
}
