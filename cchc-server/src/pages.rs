//! The merge point of the pages (log in, a unit's self-assessment, the appraiser's and the
//! admin's pages). The pages helper replaces this file; until then it serves nothing, and every
//! path outside `/api/v1` answers the API's "not-found".

use crate::app::App;
use axum::Router;
use std::sync::Arc;

/// The routes of the pages, merged at the root of the server's router.
pub fn router() -> Router<Arc<App>> {
    Router::new()
}
