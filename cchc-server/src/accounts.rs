//! Accounts: argon2 password hashes, random secrets, and the province's accounts from CSV.

use crate::store::{Account, Store, hex};
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use cchc_core::{Edition, Error, Role, RowError};
use std::collections::BTreeSet;

/// `n` random bytes from the operating system, as lowercase hex.
pub fn random_hex(n: usize) -> Result<String, Error> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::storage(format!("the system's random source failed: {e}")))?;
    Ok(hex(&bytes))
}

/// A generated password: 16 random characters of an unambiguous alphabet.
pub fn random_password() -> Result<String, Error> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::storage(format!("the system's random source failed: {e}")))?;
    Ok(bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect())
}

/// The argon2id PHC string of a password (random salt, the crate's default parameters).
pub fn hash_password(password: &str) -> Result<String, Error> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| Error::storage(format!("hashing a password: {e}")))
}

/// Whether `password` matches the PHC string `hash` (false for a malformed hash).
pub fn verify_password(password: &str, hash: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// Splits one CSV line into cells (double quotes around a cell, `""` inside for a quote).
fn cells(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if cell.is_empty() => quoted = true,
            (',', false) => out.push(std::mem::take(&mut cell)),
            (c, _) => cell.push(c),
        }
    }
    out.push(cell);
    out
}

/// One account row of the CSV, checked.
#[derive(Debug)]
pub(crate) struct AccountRow {
    pub login: String,
    pub role: Role,
    pub unit: Option<String>,
    pub password: Option<String>,
}

/// Checks every row of an accounts CSV (`login,role,unit,password`) against the edition and the
/// logins already present; every bad row is reported at once ("invalid-rows").
pub(crate) fn parse_accounts(
    edition: &Edition,
    csv: &str,
    existing: &[String],
) -> Result<Vec<AccountRow>, Error> {
    let mut lines = csv
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let header: Vec<String> = lines
        .next()
        .map(|(_, l)| cells(l).into_iter().map(|c| c.trim().to_owned()).collect())
        .unwrap_or_default();
    if header != ["login", "role", "unit", "password"] {
        return Err(Error::invalid_rows(vec![RowError {
            row: 0,
            error: Error::invalid_shape(
                "accounts CSV",
                format!(
                    "the header must be login,role,unit,password; got {}",
                    header.join(",")
                ),
            ),
        }]));
    }
    let mut seen: BTreeSet<String> = existing.iter().cloned().collect();
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (row, (_, line)) in lines.enumerate() {
        let row = row + 1;
        let c = cells(line);
        let fail = |error: Error| RowError { row, error };
        let [login, role_name, unit, password] = c.as_slice() else {
            errors.push(fail(Error::invalid_shape(
                "accounts CSV row",
                format!("{} cells, expected 4", c.len()),
            )));
            continue;
        };
        let login = login.trim().to_owned();
        let role_name = role_name.trim();
        let unit = Some(unit.trim().to_owned()).filter(|u| !u.is_empty());
        let password = Some(password.clone()).filter(|p| !p.is_empty());
        let role = match cchc_core::parse_name::<Role>(role_name) {
            Ok(role) => role,
            Err(e) => {
                errors.push(fail(e));
                continue;
            }
        };
        if login.is_empty() || login.chars().count() > 100 || login.chars().any(char::is_control) {
            errors.push(fail(Error::invalid_value(
                unit.as_deref(),
                "a login must be 1 to 100 printable characters",
            )));
            continue;
        }
        if !seen.insert(login.clone()) {
            errors.push(fail(Error::invalid_value(
                unit.as_deref(),
                format!("the login {login:?} is given twice or already exists"),
            )));
            continue;
        }
        match (role.is_unit_role(), &unit) {
            (true, None) => {
                errors.push(fail(Error::invalid_value(
                    None,
                    format!("{login}: a {role_name} needs a unit"),
                )));
                continue;
            }
            (false, Some(u)) => {
                errors.push(fail(Error::invalid_value(
                    Some(u),
                    format!("{login}: a {role_name} has no unit; leave it empty"),
                )));
                continue;
            }
            (true, Some(u)) => {
                if let Err(e) = edition.criteria_of(u) {
                    errors.push(fail(e));
                    continue;
                }
            }
            (false, None) => {}
        }
        rows.push(AccountRow {
            login,
            role,
            unit,
            password,
        });
    }
    if !errors.is_empty() {
        return Err(Error::invalid_rows(errors));
    }
    Ok(rows)
}

/// Imports checked rows into the store (all or nothing), generating missing passwords; returns
/// `(login, generated password)` for each generated one.
pub(crate) fn import(
    store: &mut Store,
    edition: &Edition,
    csv: &str,
) -> Result<Vec<(String, String)>, Error> {
    let rows = parse_accounts(edition, csv, &store.logins()?)?;
    let mut accounts = Vec::with_capacity(rows.len());
    let mut generated = Vec::new();
    for row in rows {
        let password = match row.password {
            Some(p) => p,
            None => {
                let p = random_password()?;
                generated.push((row.login.clone(), p.clone()));
                p
            }
        };
        accounts.push(Account {
            login: row.login,
            role: row.role,
            unit: row.unit,
            password: hash_password(&password)?,
        });
    }
    store.insert_accounts(&accounts)?;
    Ok(generated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let hash = hash_password("mật khẩu 1").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("mật khẩu 1", &hash));
        assert!(!verify_password("mật khẩu 2", &hash));
        assert!(!verify_password("x", "not a phc string"));
        // Random salt: the same password hashes differently.
        assert_ne!(hash, hash_password("mật khẩu 1").unwrap());
    }

    #[test]
    fn csv_cells_with_quotes() {
        assert_eq!(cells(r#"a,"b,c","d""e",""#), vec!["a", "b,c", "d\"e", ""]);
    }

    #[test]
    fn every_bad_row_is_reported_at_once() {
        let edition = cchc_criteria::default_edition();
        let csv = "login,role,unit,password\n\
                   lan,unit-editor,so-noi-vu,pw\n\
                   boss,boss,,pw\n\
                   mai,unit-head,,\n\
                   lan,unit-head,so-noi-vu,\n\
                   x,unit-editor,so-khong-co,\n\
                   hoa,appraiser,so-noi-vu,\n\
                   old,admin,,\n";
        let err = parse_accounts(&edition, csv, &["old".to_owned()]).unwrap_err();
        assert_eq!(err.code(), "invalid-rows");
        assert_eq!(
            err.items(),
            [
                "row 2, unit -, code -: unknown-name",
                "row 3, unit -, code -: invalid-value",
                "row 4, unit so-noi-vu, code -: invalid-value",
                "row 5, unit so-khong-co, code -: unknown-unit",
                "row 6, unit so-noi-vu, code -: invalid-value",
                "row 7, unit -, code -: invalid-value",
            ]
        );
    }

    #[test]
    fn good_rows_parse() {
        let edition = cchc_criteria::default_edition();
        let csv = "login,role,unit,password\r\nlan,unit-editor,so-noi-vu,pw\r\nroot,admin,,\r\n";
        let rows = parse_accounts(&edition, csv, &[]).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].unit.as_deref(), Some("so-noi-vu"));
        assert_eq!(rows[0].password.as_deref(), Some("pw"));
        assert_eq!(rows[1].role, Role::Admin);
        assert_eq!(rows[1].password, None);
        let err = parse_accounts(&edition, "user,role\n", &[]).unwrap_err();
        assert_eq!(err.items(), ["row 0, unit -, code -: invalid-shape"]);
    }

    #[test]
    fn import_is_all_or_nothing_and_hashes_passwords() {
        let dir = std::env::temp_dir().join(format!("cchc-accounts-{}", random_hex(6).unwrap()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("round.db");
        let bad = "login,role,unit,password\nlan,unit-editor,so-noi-vu,pw\nx,boss,,\n";
        let err = crate::import_accounts(&db, bad).unwrap_err();
        assert_eq!(err.items(), ["row 2, unit -, code -: unknown-name"]);
        let (store, _) = Store::open(&db, None).unwrap();
        assert_eq!(store.logins().unwrap(), Vec::<String>::new());
        drop(store);
        let good = "login,role,unit,password\nlan,unit-editor,so-noi-vu,pw\nroot,admin,,\n";
        let generated = crate::import_accounts(&db, good).unwrap();
        assert_eq!(generated.len(), 1);
        assert_eq!(generated[0].0, "root");
        let (store, _) = Store::open(&db, None).unwrap();
        let lan = store.account("lan").unwrap().unwrap();
        assert_eq!(lan.role, Role::UnitEditor);
        assert_eq!(lan.unit.as_deref(), Some("so-noi-vu"));
        assert!(verify_password("pw", &lan.password));
        let root = store.account("root").unwrap().unwrap();
        assert!(verify_password(&generated[0].1, &root.password));
        // A second import of the same logins is refused whole.
        let err = crate::import_accounts(&db, good).unwrap_err();
        assert_eq!(err.items().len(), 2);
        drop(store);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn generated_passwords_are_random() {
        let a = random_password().unwrap();
        assert_eq!(a.chars().count(), 16);
        assert_ne!(a, random_password().unwrap());
        assert_eq!(random_hex(32).unwrap().len(), 64);
    }
}
