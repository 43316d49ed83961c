//! Catalog: seed size, search (Persian/Arabic letters, every digit script), filters, sorts, pages.

mod common;

use std::collections::HashSet;

use common::{TestApp, encode, ids};
use pishkhan_core::search::fold;
use serde_json::Value;

#[tokio::test]
async fn seed_has_enough_products_and_categories() {
    let app = TestApp::new();
    let categories = app.get_ok("/api/v1/categories").await;
    let categories = categories.as_array().unwrap();
    assert!(categories.len() >= 8);
    let sum: u64 = categories.iter().map(|c| c["product_count"].as_u64().unwrap()).sum();
    let total = app.get_ok("/api/v1/products").await["total"].as_u64().unwrap();
    assert!(total >= 200, "only {total} products");
    assert_eq!(sum, total);
    assert!(categories.iter().all(|c| c["product_count"].as_u64().unwrap() > 0));
    let slugs: Vec<_> = categories.iter().map(|c| c["slug"].as_str().unwrap()).collect();
    assert_eq!(&slugs[..3], ["novel", "poetry", "history"], "stable display order");
    // the listing's defaults
    let page = app.get_ok("/api/v1/products").await;
    assert_eq!((page["page"].as_u64(), page["per_page"].as_u64()), (Some(1), Some(24)));
    assert_eq!(page["items"].as_array().unwrap().len(), 24);
}

#[tokio::test]
async fn persian_search_finds_titles() {
    let app = TestApp::new();
    let items = app.all_products(&format!("q={}", encode("بوف کور"))).await;
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| i["title"].as_str().unwrap().contains("بوف کور")));
    let byline = app.search_ids("هدایت").await;
    assert_eq!(byline, ids(&items), "author search finds the same books");
}

#[tokio::test]
async fn arabic_letters_find_persian_text() {
    let app = TestApp::new();
    for (persian, arabic) in [("کوچولو", "كوچولو"), ("ماهی سیاه", "ماهي سياه"), ("کتاب", "كتاب")]
    {
        let expected = app.search_ids(persian).await;
        assert!(!expected.is_empty(), "{persian} finds nothing");
        assert_eq!(app.search_ids(arabic).await, expected, "{arabic} vs {persian}");
    }
}

#[tokio::test]
async fn every_digit_script_finds_the_same_products() {
    let app = TestApp::new();
    let latin = app.search_ids("256").await;
    assert!(!latin.is_empty());
    assert_eq!(app.search_ids("۲۵۶").await, latin);
    assert_eq!(app.search_ids("٢٥٦").await, latin);
    let items = app.all_products("q=256").await;
    assert!(items.iter().all(|i| fold(i["title"].as_str().unwrap()).contains("256")));
}

#[tokio::test]
async fn words_are_and_ed_and_plus_is_a_space() {
    let app = TestApp::new();
    let brand: HashSet<_> = app.search_ids("سامسونگ").await.into_iter().collect();
    let storage: HashSet<_> = app.search_ids("۲۵۶").await.into_iter().collect();
    let both = app.search_ids("سامسونگ ۲۵۶").await;
    assert!(!both.is_empty());
    let expected: HashSet<_> = brand.intersection(&storage).copied().collect();
    assert_eq!(both.iter().copied().collect::<HashSet<_>>(), expected);
    assert!(both.len() < brand.len() && both.len() < storage.len());
    let plus = app.all_products(&format!("q={}+{}", encode("سامسونگ"), encode("۲۵۶"))).await;
    assert_eq!(ids(&plus), both);
    assert!(app.search_ids("سامسونگ بوف").await.is_empty());
}

#[tokio::test]
async fn like_wildcards_are_plain_characters() {
    let app = TestApp::new();
    assert!(app.search_ids("%").await.is_empty());
    assert!(app.search_ids("_").await.is_empty());
}

#[tokio::test]
async fn category_filter() {
    let app = TestApp::new();
    let categories = app.get_ok("/api/v1/categories").await;
    let poetry = categories.as_array().unwrap().iter().find(|c| c["slug"] == "poetry").unwrap().clone();
    let items = app.all_products("category=poetry").await;
    assert_eq!(items.len() as u64, poetry["product_count"].as_u64().unwrap());
    assert!(items.iter().all(|i| i["category"] == "poetry"));
    let searched = app.all_products(&format!("category=poetry&q={}", encode("حافظ"))).await;
    assert!(!searched.is_empty() && searched.iter().all(|i| i["category"] == "poetry"));
    let unknown = app.get_ok("/api/v1/products?category=no-such-category").await;
    assert_eq!((unknown["total"].as_u64(), unknown["items"].as_array().unwrap().len()), (Some(0), 0));
}

fn prices(items: &[Value]) -> Vec<i64> {
    items.iter().map(|i| i["price"].as_i64().unwrap()).collect()
}

/// A column the API does not expose, for each id in order.
fn column(app: &TestApp, column: &str, ids: &[u64]) -> Vec<i64> {
    let conn = app.sql();
    ids.iter()
        .map(|id| conn.query_row(&format!("SELECT {column} FROM products WHERE id = ?1"), [id], |r| r.get(0)).unwrap())
        .collect()
}

#[tokio::test]
async fn each_sort_is_ordered() {
    let app = TestApp::new();
    let asc = prices(&app.all_products("sort=price_asc").await);
    assert!(asc.windows(2).all(|w| w[0] <= w[1]));
    let desc = prices(&app.all_products("sort=price_desc").await);
    assert!(desc.windows(2).all(|w| w[0] >= w[1]));
    assert_ne!(asc.first(), asc.last());

    let newest = ids(&app.all_products("sort=newest").await);
    let dates = column(&app, "created_at", &newest);
    assert!(dates.windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(ids(&app.all_products("").await), newest, "newest is the default");

    let popular = ids(&app.all_products("sort=popular").await);
    let sales = column(&app, "popularity", &popular);
    assert!(sales.windows(2).all(|w| w[0] >= w[1]));
    assert_ne!(popular, newest);
}

#[tokio::test]
async fn pagination_is_stable_disjoint_and_complete() {
    let app = TestApp::new();
    let per_page = 24;
    let first = app.get_ok(&format!("/api/v1/products?sort=price_asc&per_page={per_page}")).await;
    let total = first["total"].as_u64().unwrap();
    assert_ne!(total % per_page, 0, "the test wants a partial last page");
    let pages = total.div_ceil(per_page);
    let mut seen = HashSet::new();
    for page in 1..=pages {
        let body = app.get_ok(&format!("/api/v1/products?sort=price_asc&per_page={per_page}&page={page}")).await;
        assert_eq!(body["total"].as_u64(), Some(total));
        assert_eq!(body["page"].as_u64(), Some(page));
        let items = body["items"].as_array().unwrap();
        let expected = if page == pages { total % per_page } else { per_page };
        assert_eq!(items.len() as u64, expected, "page {page}");
        for id in ids(items) {
            assert!(seen.insert(id), "id {id} on two pages");
        }
    }
    assert_eq!(seen.len() as u64, total);
    let beyond = app.get_ok(&format!("/api/v1/products?per_page={per_page}&page={}", pages + 1)).await;
    assert!(beyond["items"].as_array().unwrap().is_empty());
    assert_eq!(beyond["total"].as_u64(), Some(total));
}

#[tokio::test]
async fn product_by_slug() {
    let app = TestApp::new();
    let summary = app.get_ok("/api/v1/products?per_page=1").await["items"][0].clone();
    let slug = summary["slug"].as_str().unwrap();
    let product = app.get_ok(&format!("/api/v1/products/{slug}")).await;
    for key in ["id", "slug", "title", "byline", "category", "price", "in_stock", "image_url"] {
        assert_eq!(product[key], summary[key], "{key}");
    }
    assert!(!product["description"].as_str().unwrap().is_empty());
    assert_eq!(product["stock"].as_u64().unwrap() > 0, product["in_stock"].as_bool().unwrap());

    let missing = app.get("/api/v1/products/no-such-product").await;
    missing.assert_problem(404);
}

#[tokio::test]
async fn seed_is_deterministic() {
    let (a, b) = (TestApp::new(), TestApp::new());
    assert_eq!(a.all_products("sort=popular").await, b.all_products("sort=popular").await);
}
