//! Wall-clock time and the two text forms the mock needs: ISO 8601 for responses and
//! SigV4's basic `YYYYMMDDTHHMMSSZ` form for `X-Amz-Date`.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch, the mock's one representation of an instant.
pub type Millis = i64;

/// The current time in milliseconds since the epoch.
pub fn now_millis() -> Millis {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(_) => 0,
    }
}

/// Formats an instant as ISO 8601 in UTC with milliseconds, e.g.
/// `2024-05-03T12:34:56.789Z` (the model's `timestampFormat: iso8601`).
pub fn format_iso8601(millis: Millis) -> String {
    let secs = millis.div_euclid(1000);
    let milli = millis.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{milli:03}Z",
        sod / 3600,
        sod % 3600 / 60,
        sod % 60
    )
}

/// Parses the mock's own ISO 8601 form (`2024-05-03T12:34:56.789Z`, as written by
/// [`format_iso8601`]) back into milliseconds since the epoch.
pub fn parse_iso8601(text: &str) -> Option<Millis> {
    let b = text.as_bytes();
    let layout_ok = b.len() == 24
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'.',
            23 => *c == b'Z',
            _ => c.is_ascii_digit(),
        });
    if !layout_ok {
        return None;
    }
    let num = |range: std::ops::Range<usize>| text.get(range)?.parse::<i64>().ok();
    let days = days_from_civil(num(0..4)?, num(5..7)?, num(8..10)?);
    let secs = days * 86_400 + num(11..13)? * 3600 + num(14..16)? * 60 + num(17..19)?;
    Some(secs * 1000 + num(20..23)?)
}

/// Parses SigV4's `YYYYMMDDTHHMMSSZ` into seconds since the epoch.
pub fn parse_amz_date(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let (y, mo, d) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (h, mi, s) = (num(9..11)?, num(11..13)?, num(13..15)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s)
}

/// Days since 1970-01-01 to (year, month, day); Howard Hinnant's algorithm.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// (year, month, day) to days since 1970-01-01; the inverse of [`civil_from_days`].
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            format_iso8601(1_714_739_696_789),
            "2024-05-03T12:34:56.789Z"
        );
        assert_eq!(format_iso8601(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(format_iso8601(-1), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn parses_its_own_iso8601() {
        for millis in [0, 1_714_739_696_789, 951_782_400_000, 4_102_444_799_999] {
            assert_eq!(parse_iso8601(&format_iso8601(millis)), Some(millis));
        }
        assert_eq!(parse_iso8601("2024-05-03T12:34:56Z"), None);
        assert_eq!(parse_iso8601("2024-05-03T12:34:56.789"), None);
    }

    #[test]
    fn parses_amz_dates() {
        assert_eq!(parse_amz_date("20150830T123600Z"), Some(1_440_938_160));
        assert_eq!(parse_amz_date("20240503T123456Z"), Some(1_714_739_696));
        assert_eq!(parse_amz_date("2024-05-03T12:34:56Z"), None);
        assert_eq!(parse_amz_date("20241303T123456Z"), None);
        assert_eq!(parse_amz_date("2024050xT123456Z"), None);
    }

    #[test]
    fn civil_round_trips_over_four_centuries() {
        for days in (-200_000..200_000).step_by(37) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
