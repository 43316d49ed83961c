//! Every text the storefront shows, in Persian and English. Placeholders `{n}`, `{old}`, `{new}`, `{q}`
//! are filled by the caller with already-formatted values.

use super::Locale;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Brand,
    Tagline,
    SkipToContent,
    SearchLabel,
    SearchPlaceholder,
    SearchButton,
    CartLink,
    CartUnits,
    LanguageSwitch,
    LanguageSwitchLabel,
    AllProducts,
    SearchResultsFor,
    Category,
    AllCategories,
    SortBy,
    SortNewest,
    SortPriceAsc,
    SortPriceDesc,
    SortPopular,
    ResultCount,
    NoResults,
    Pagination,
    PreviousPage,
    NextPage,
    PageOf,
    InStock,
    OutOfStock,
    LowStock,
    AddToCart,
    AddedToCart,
    ViewCart,
    Quantity,
    Toman,
    Loading,
    ErrorNetwork,
    ErrorServer,
    ErrorUnexpected,
    Retry,
    CartKept,
    CartTitle,
    CartEmpty,
    ContinueShopping,
    Remove,
    Subtotal,
    UnitPrice,
    Increase,
    Decrease,
    CartLines,
    PriceChanged,
    LimitedStock,
    OutOfStockLine,
    Unavailable,
    NotFoundTitle,
    NotFoundBody,
    BackToShop,
    ProductNotFound,
    FooterNote,
}

impl Msg {
    pub fn text(self, locale: Locale) -> &'static str {
        let (fa, en) = self.pair();
        match locale {
            Locale::Fa => fa,
            Locale::En => en,
        }
    }

    fn pair(self) -> (&'static str, &'static str) {
        match self {
            Self::Brand => ("پیشخوان", "Pishkhan"),
            Self::Tagline => ("کتاب و کالای دیجیتال", "Books and electronics"),
            Self::SkipToContent => ("پرش به محتوای اصلی", "Skip to main content"),
            Self::SearchLabel => ("جستجو در فروشگاه", "Search the shop"),
            Self::SearchPlaceholder => ("نام کتاب، نویسنده یا کالا…", "Book, author or product…"),
            Self::SearchButton => ("جستجو", "Search"),
            Self::CartLink => ("سبد خرید", "Cart"),
            Self::CartUnits => ("{n} کالا در سبد", "{n} items in cart"),
            Self::LanguageSwitch => ("English", "فارسی"),
            Self::LanguageSwitchLabel => ("Switch to English", "تغییر زبان به فارسی"),
            Self::AllProducts => ("همه کالاها", "All products"),
            Self::SearchResultsFor => ("نتایج جستجو برای «{q}»", "Results for “{q}”"),
            Self::Category => ("دسته‌بندی", "Category"),
            Self::AllCategories => ("همه دسته‌ها", "All categories"),
            Self::SortBy => ("مرتب‌سازی", "Sort by"),
            Self::SortNewest => ("جدیدترین", "Newest"),
            Self::SortPriceAsc => ("ارزان‌ترین", "Price: low to high"),
            Self::SortPriceDesc => ("گران‌ترین", "Price: high to low"),
            Self::SortPopular => ("پرفروش‌ترین", "Best selling"),
            Self::ResultCount => ("{n} کالا", "{n} products"),
            Self::NoResults => ("کالایی با این مشخصات پیدا نشد.", "No products match."),
            Self::Pagination => ("صفحه‌ها", "Pages"),
            Self::PreviousPage => ("صفحهٔ قبل", "Previous page"),
            Self::NextPage => ("صفحهٔ بعد", "Next page"),
            Self::PageOf => ("صفحهٔ {n} از {total}", "Page {n} of {total}"),
            Self::InStock => ("موجود", "In stock"),
            Self::OutOfStock => ("ناموجود", "Out of stock"),
            Self::LowStock => ("تنها {n} عدد باقی مانده", "Only {n} left"),
            Self::AddToCart => ("افزودن به سبد خرید", "Add to cart"),
            Self::AddedToCart => ("به سبد خرید اضافه شد.", "Added to your cart."),
            Self::ViewCart => ("مشاهدهٔ سبد خرید", "View cart"),
            Self::Quantity => ("تعداد", "Quantity"),
            Self::Toman => ("تومان", "Toman"),
            Self::Loading => ("در حال بارگذاری…", "Loading…"),
            Self::ErrorNetwork => (
                "ارتباط با فروشگاه برقرار نشد. اتصال اینترنت را بررسی کنید و دوباره تلاش کنید.",
                "We could not reach the shop. Check your connection and try again.",
            ),
            Self::ErrorServer => (
                "فروشگاه در حال حاضر پاسخ نمی‌دهد. لطفاً کمی بعد دوباره تلاش کنید.",
                "The shop is not responding right now. Please try again shortly.",
            ),
            Self::ErrorUnexpected => (
                "پاسخ فروشگاه قابل خواندن نبود. لطفاً دوباره تلاش کنید.",
                "The shop sent an answer we could not read. Please try again.",
            ),
            Self::Retry => ("تلاش دوباره", "Try again"),
            Self::CartKept => ("سبد خرید شما محفوظ است.", "Your cart is kept safe."),
            Self::CartTitle => ("سبد خرید", "Your cart"),
            Self::CartEmpty => ("سبد خرید شما خالی است.", "Your cart is empty."),
            Self::ContinueShopping => ("ادامهٔ خرید", "Continue shopping"),
            Self::Remove => ("حذف", "Remove"),
            Self::Subtotal => ("جمع سبد خرید", "Cart total"),
            Self::UnitPrice => ("قیمت واحد", "Unit price"),
            Self::Increase => ("یکی بیشتر", "One more"),
            Self::Decrease => ("یکی کمتر", "One fewer"),
            Self::CartLines => ("کالاهای سبد", "Items in your cart"),
            Self::PriceChanged => (
                "قیمت این کالا از {old} به {new} تغییر کرده است.",
                "The price of this item changed from {old} to {new}.",
            ),
            Self::LimitedStock => (
                "تنها {n} عدد از این کالا موجود است؛ جمع برای همین تعداد حساب شده.",
                "Only {n} of this item are in stock; the total counts that many.",
            ),
            Self::OutOfStockLine => {
                ("این کالا ناموجود شده است و در جمع حساب نمی‌شود.", "This item ran out and is not counted in the total.")
            }
            Self::Unavailable => ("این کالا دیگر در فروشگاه نیست.", "This item is no longer sold."),
            Self::NotFoundTitle => ("صفحه پیدا نشد", "Page not found"),
            Self::NotFoundBody => {
                ("نشانی‌ای که باز کردید در این فروشگاه نیست.", "The address you opened is not in this shop.")
            }
            Self::BackToShop => ("بازگشت به فروشگاه", "Back to the shop"),
            Self::ProductNotFound => ("این کالا پیدا نشد.", "This product was not found."),
            Self::FooterNote => (
                "پیشخوان بدون ردیاب و بدون ذخیرهٔ اطلاعات شخصی در مرورگر شما کار می‌کند.",
                "Pishkhan runs without trackers and keeps no personal data in your browser.",
            ),
        }
    }
}
