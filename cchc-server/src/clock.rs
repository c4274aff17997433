//! The server's clock, the only clock of the round: the system clock in Vietnam's offset, or (for
//! demos and tests only) an overridden clock that starts at a given instant, advances with real
//! time and can be set by an admin.

use chrono::{DateTime, FixedOffset, SubsecRound, Utc};
use std::sync::Mutex;
use std::time::Instant;

/// Where `now` comes from.
#[derive(Debug)]
pub enum Clock {
    /// The system clock, converted to +07:00.
    System,
    /// An overridden clock: the instant it was set to, and the real moment it was set (none
    /// while it is frozen: it then reads the instant until it is set again).
    Override(Mutex<(DateTime<FixedOffset>, Option<Instant>)>),
}

impl Clock {
    /// An overridden clock reading `at` now and advancing with real time from there.
    pub fn overridden(at: DateTime<FixedOffset>) -> Clock {
        Clock::Override(Mutex::new((at, Some(Instant::now()))))
    }

    /// The current instant in +07:00, to the whole second (events and answers carry clean
    /// instants such as `2019-01-02T23:59:59+07:00`).
    pub fn now(&self) -> DateTime<FixedOffset> {
        let now = match self {
            Clock::System => Utc::now().fixed_offset(),
            Clock::Override(state) => {
                let (at, since) = *state.lock().unwrap_or_else(|p| p.into_inner());
                let elapsed = since.map(|since| since.elapsed()).unwrap_or_default();
                at + chrono::Duration::from_std(elapsed).unwrap_or_default()
            }
        };
        now.with_timezone(&cchc_core::vietnam()).trunc_subsecs(0)
    }

    /// Whether the clock is overridden (then `PUT /api/v1/clock` exists).
    pub fn is_override(&self) -> bool {
        matches!(self, Clock::Override(_))
    }

    /// The clock's name in `GET /health`: "system" or "override".
    pub fn name(&self) -> &'static str {
        match self {
            Clock::System => "system",
            Clock::Override(_) => "override",
        }
    }

    /// Sets an overridden clock to `at`: it advances with real time from there, or, `frozen`,
    /// reads `at` until it is set again (tests that need an exact instant, such as one second
    /// before the lock, however slow the machine). Returns false, changing nothing, on the
    /// system clock.
    pub fn set(&self, at: DateTime<FixedOffset>, frozen: bool) -> bool {
        match self {
            Clock::System => false,
            Clock::Override(state) => {
                let since = (!frozen).then(Instant::now);
                *state.lock().unwrap_or_else(|p| p.into_inner()) = (at, since);
                true
            }
        }
    }
}

/// The notice printed to stderr when the clock is overridden.
pub fn override_banner(at: DateTime<FixedOffset>) -> String {
    format!(
        "WARNING: THE CLOCK IS OVERRIDDEN (STARTING AT {}). THIS SERVER IS FOR DEMOS AND TESTS ONLY, NOT FOR REAL USE: ANY ADMIN CAN MOVE ITS CLOCK.",
        at.to_rfc3339()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_starts_at_the_instant_and_can_be_set() {
        let at = cchc_core::parse_instant("2019-01-02T16:59:59Z").unwrap();
        let clock = Clock::overridden(at);
        assert!(clock.is_override());
        let now = clock.now();
        // Whole seconds, in +07:00, at or just after the instant set.
        assert!(now >= at && now < at + chrono::Duration::seconds(5));
        assert_eq!(now.offset().local_minus_utc(), 7 * 3600);
        let later = cchc_core::parse_instant("2019-01-03T00:00:00+07:00").unwrap();
        assert!(clock.set(later, false));
        assert!(clock.now() >= later);
        assert_eq!(clock.name(), "override");
    }

    #[test]
    fn a_frozen_override_reads_its_instant_until_set_again() {
        let at = cchc_core::parse_instant("2019-01-02T23:59:59+07:00").unwrap();
        let clock = Clock::overridden(at);
        assert!(clock.set(at, true));
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(clock.now().to_rfc3339(), "2019-01-02T23:59:59+07:00");
        let lock = cchc_core::parse_instant("2019-01-03T00:00:00+07:00").unwrap();
        assert!(clock.set(lock, true));
        assert_eq!(clock.now().to_rfc3339(), "2019-01-03T00:00:00+07:00");
    }

    #[test]
    fn system_clock_cannot_be_set() {
        let clock = Clock::System;
        let at = cchc_core::parse_instant("2019-01-02T20:00:00+07:00").unwrap();
        assert!(!clock.set(at, true));
        assert!(clock.now() > at);
        assert_eq!(clock.now().offset().local_minus_utc(), 7 * 3600);
        assert_eq!(clock.name(), "system");
    }

    #[test]
    fn banner_is_in_capitals_and_names_the_instant() {
        let at = cchc_core::parse_instant("2019-01-02T20:00:00+07:00").unwrap();
        let banner = override_banner(at);
        assert!(banner.contains("THE CLOCK IS OVERRIDDEN"));
        assert!(banner.contains("2019-01-02T20:00:00+07:00"));
        assert!(banner.contains("NOT FOR REAL USE"));
    }
}
