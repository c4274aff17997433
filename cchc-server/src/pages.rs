//! The pages: log in (`/`), a unit's self-assessment (`/don-vi`), the appraisers' page
//! (`/tham-dinh`) and the admins' (`/quan-tri`), with their scripts and styles under `/assets/`.
//!
//! Every file is compiled into the binary (`include_str!`), from `cchc-server/pages/` and, for
//! what the pages share with the calculator, from `cchc-wasm/www/` (`components.js`: the criteria
//! tree and its inputs; `style.css`). The pages only call the API (`/api/v1`); they load nothing
//! from elsewhere and have no inline script or style, so each answer carries a strict
//! `Content-Security-Policy` (`default-src 'self'`). Answers are revalidated on every use
//! (`Cache-Control: no-cache` with an `ETag`), so a new binary's pages are never mixed with an
//! old one's scripts.
//!
//! ```
//! let paths: Vec<&str> = cchc_server::pages::PAGES.iter().map(|p| p.path).collect();
//! assert!(paths.contains(&"/don-vi"));
//! assert!(paths.contains(&"/assets/components.js"));
//! ```

use crate::app::App;
use crate::store::sha256_hex;
use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::sync::{Arc, OnceLock};

/// The `Content-Security-Policy` of every page and asset: nothing but this server, no inline
/// script or style, no plugin, no framing of the pages by another site.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self'; frame-ancestors 'none'";

const HTML: &str = "text/html; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

/// One file the server answers with: its path, its text and its media type.
#[derive(Debug)]
pub struct Page {
    /// The path it is served at.
    pub path: &'static str,
    /// Its text, compiled in.
    pub body: &'static str,
    /// Its `Content-Type`.
    pub content_type: &'static str,
}

macro_rules! page {
    ($path:literal, $file:literal, $type:expr) => {
        Page {
            path: $path,
            body: include_str!($file),
            content_type: $type,
        }
    };
}

/// Every page and asset, by path.
pub static PAGES: &[Page] = &[
    page!("/", "../pages/index.html", HTML),
    page!("/don-vi", "../pages/don-vi.html", HTML),
    page!("/tham-dinh", "../pages/tham-dinh.html", HTML),
    page!("/quan-tri", "../pages/quan-tri.html", HTML),
    page!("/assets/common.js", "../pages/common.js", JS),
    page!("/assets/login.js", "../pages/login.js", JS),
    page!("/assets/don-vi.js", "../pages/don-vi.js", JS),
    page!("/assets/tham-dinh.js", "../pages/tham-dinh.js", JS),
    page!("/assets/quan-tri.js", "../pages/quan-tri.js", JS),
    page!("/assets/pages.css", "../pages/pages.css", CSS),
    page!(
        "/assets/components.js",
        "../../cchc-wasm/www/components.js",
        JS
    ),
    page!("/assets/style.css", "../../cchc-wasm/www/style.css", CSS),
];

/// The routes of the pages, merged at the root of the server's router.
pub fn router() -> Router<Arc<App>> {
    PAGES.iter().fold(Router::new(), |router, page| {
        router.route(
            page.path,
            get(move |headers: HeaderMap| serve(page, headers)),
        )
    })
}

/// A page's entity tag: the start of the SHA-256 of its text, computed once per page.
fn etag(page: &'static Page) -> &'static str {
    static TAGS: OnceLock<Vec<String>> = OnceLock::new();
    let tags = TAGS.get_or_init(|| {
        PAGES
            .iter()
            .map(|p| format!("\"{}\"", &sha256_hex(&[p.body.as_bytes()])[..32]))
            .collect()
    });
    PAGES
        .iter()
        .position(|p| std::ptr::eq(p, page))
        .and_then(|i| tags.get(i))
        .map_or("", String::as_str)
}

async fn serve(page: &'static Page, headers: HeaderMap) -> Response {
    let tag = etag(page);
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag));
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static(page.content_type),
            )],
            page.body,
        )
            .into_response()
    };
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if let Ok(value) = HeaderValue::from_str(tag) {
        h.insert(header::ETAG, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_has_a_distinct_path_and_a_tag() {
        let mut paths: Vec<&str> = PAGES.iter().map(|p| p.path).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), PAGES.len());
        for page in PAGES {
            assert_eq!(etag(page).len(), 34, "{}", page.path);
        }
    }

    #[test]
    fn pages_load_only_their_own_assets_and_run_no_inline_script() {
        for page in PAGES.iter().filter(|p| p.content_type == HTML) {
            for (i, _) in page.body.match_indices("<script") {
                let tag = &page.body[i..i + page.body[i..].find('>').unwrap_or(0)];
                assert!(tag.contains("src=\"/assets/"), "{}: {tag}", page.path);
            }
            for attr in [
                " onclick=",
                " onload=",
                " onsubmit=",
                " onchange=",
                " style=",
            ] {
                assert!(!page.body.contains(attr), "{}: {attr}", page.path);
            }
            for (i, _) in page.body.match_indices("href=\"") {
                let target = &page.body[i + 6..];
                assert!(target.starts_with('/'), "{}: {}", page.path, &target[..20]);
            }
        }
    }
}
