//! EDTF (ISO 8601-2) dates, reduced to what a timeline needs: the range of
//! days a date can mean (to place and sort it) and a label at the precision
//! the source actually claims (so "1922" never turns into "1 Jan 1922").
//!
//! Accepted: `1922-04-16`, `1922-08`, `1928-23` (seasons 21..=24), `1933`,
//! `193X`, `19XX`, each optionally suffixed `~`, `?` or `%`, and closed
//! intervals `a/b` of those. Anything else is rejected rather than guessed,
//! so bad metadata surfaces instead of landing silently on the ruler.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// Ordered so that, among dates covering the same days, firmer ones sort first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Qualifier {
    #[default]
    Exact,
    Approximate,
    Uncertain,
    ApproximateUncertain,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Day,
    Month,
    Season,
    Year,
    Decade,
    Century,
    Interval,
}

/// Decades and centuries hold their first year; seasons their EDTF code 21..=24.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Point {
    Day(i32, u8, u8),
    Month(i32, u8),
    Season(i32, u8),
    Year(i32),
    Decade(i32),
    Century(i32),
}

/// Qualifiers belong to each end, because sources write `1928~/1929`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Part {
    point: Point,
    q: Qualifier,
}

/// Fields are private so every value is one `parse` accepted (real day, start <= end).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EdtfDate {
    from: Part,
    to: Option<Part>,
}

/// Each variant carries the (trimmed, clipped) input so the message can quote it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error(
        "expected EDTF date like 1922-04-16, 1922-08, 1933, 1933~, 1928?, 1928/1929 or 193X, got {0:?}"
    )]
    Syntax(String),
    #[error("year must have 4 digits (0000-9999) in {0:?}")]
    Year(String),
    #[error("invalid month {0} in {1:?}")]
    Month(u8, String),
    #[error("invalid day {0} in {1:?}")]
    Day(u8, String),
    #[error("interval ends before it starts in {0:?}")]
    Reversed(String),
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const SEASONS: [&str; 4] = ["spring", "summer", "autumn", "winter"];

fn is_leap(y: i32) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Error messages quote the input; a megabyte of garbage should not flood the terminal.
fn clip(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

fn symbol(q: Qualifier) -> &'static str {
    ["", "~", "?", "%"][q as usize]
}

fn qualify(body: String, q: Qualifier, approx: &str) -> String {
    match q {
        Qualifier::Exact => body,
        Qualifier::Approximate => format!("{approx}{body}"),
        Qualifier::Uncertain => format!("{body}?"),
        Qualifier::ApproximateUncertain => format!("{approx}{body}?"),
    }
}

type Ymd = (i32, u8, u8);

impl Point {
    /// First and last day covered. Seasons are the northern meteorological
    /// ones (autumn = Sep–Nov), as in European press dates, so winter Y runs
    /// into February of Y+1.
    fn range(self) -> (Ymd, Ymd) {
        let month = |y, m| ((y, m, 1), (y, m, days_in_month(y, m)));
        let years = |y, n| ((y, 1, 1), (y + n, 12, 31));
        match self {
            Point::Day(y, m, d) => ((y, m, d), (y, m, d)),
            Point::Month(y, m) => month(y, m),
            Point::Season(y, 24) => ((y, 12, 1), month(y + 1, 2).1),
            Point::Season(y, s) => ((y, 3 * (s - 20), 1), month(y, 3 * (s - 20) + 2).1),
            Point::Year(y) => years(y, 0),
            Point::Decade(y) => years(y, 9),
            Point::Century(y) => years(y, 99),
        }
    }
}

impl Part {
    /// One function for both widths so the two labels cannot drift apart.
    /// Short days keep the EDTF suffix: "c.1922-04-16?" would not fit 11 columns.
    fn label(self, short: bool) -> String {
        let body = match self.point {
            Point::Day(..) if short => return self.edtf(),
            Point::Month(y, m) if short => format!("{y:04}-{m:02}"),
            Point::Day(y, m, d) => format!("{d} {} {y}", MONTHS[m as usize - 1]),
            Point::Month(y, m) => format!("{} {y}", MONTHS[m as usize - 1]),
            Point::Season(y, s) if short => format!("{} {y}", &SEASONS[s as usize - 21][..3]),
            Point::Season(y, s) => format!("{} {y}", SEASONS[s as usize - 21]),
            Point::Year(y) => y.to_string(),
            Point::Decade(y) | Point::Century(y) => format!("{y}s"),
        };
        qualify(body, self.q, if short { "c." } else { "c. " })
    }

    fn edtf(self) -> String {
        let body = match self.point {
            Point::Day(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
            Point::Month(y, m) | Point::Season(y, m) => format!("{y:04}-{m:02}"),
            Point::Year(y) => format!("{y:04}"),
            Point::Decade(y) => format!("{:03}X", y / 10),
            Point::Century(y) => format!("{:02}XX", y / 100),
        };
        body + symbol(self.q)
    }
}

fn parse_part(p: &str, input: &str) -> Result<Part, DateError> {
    let syntax = || DateError::Syntax(clip(input));
    let q = match p.bytes().last() {
        Some(b'~') => Qualifier::Approximate,
        Some(b'?') => Qualifier::Uncertain,
        Some(b'%') => Qualifier::ApproximateUncertain,
        _ => Qualifier::Exact,
    };
    // Input is ASCII (checked by `parse`), so byte slicing cannot split a char.
    let body = &p[..p.len() - usize::from(q != Qualifier::Exact)];
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let year = |t: &str| match t.len() {
        4 if digits(t) => t.parse::<i32>().map_err(|_| syntax()),
        _ if digits(t) => Err(DateError::Year(clip(input))),
        _ => Err(syntax()),
    };
    let two = |t: &str| match t.len() == 2 && digits(t) {
        true => t.parse::<u8>().map_err(|_| syntax()),
        false => Err(syntax()),
    };
    let fields: Vec<&str> = body.split('-').collect();
    let point = match fields[..] {
        [c] if c.len() == 4 && c.ends_with("XX") && digits(&c[..2]) => {
            Point::Century(year(&format!("{}00", &c[..2]))?)
        }
        [d] if d.len() == 4 && d.ends_with('X') && digits(&d[..3]) => {
            Point::Decade(year(&format!("{}0", &d[..3]))?)
        }
        [y] => Point::Year(year(y)?),
        [y, m] => match (year(y)?, two(m)?) {
            (y, m @ 1..=12) => Point::Month(y, m),
            (y, s @ 21..=24) => Point::Season(y, s),
            (_, m) => return Err(DateError::Month(m, clip(input))),
        },
        [y, m, d] => match (year(y)?, two(m)?, two(d)?) {
            (_, m, _) if !(1..=12).contains(&m) => return Err(DateError::Month(m, clip(input))),
            (y, m, d) if d == 0 || d > days_in_month(y, m) => {
                return Err(DateError::Day(d, clip(input)));
            }
            (y, m, d) => Point::Day(y, m, d),
        },
        _ => return Err(syntax()),
    };
    Ok(Part { point, q })
}

impl EdtfDate {
    /// Surrounding whitespace is ignored: metadata is often hand-typed.
    pub fn parse(s: &str) -> Result<EdtfDate, DateError> {
        let s = s.trim();
        let (a, b) = s.split_once('/').map_or((s, None), |(a, b)| (a, Some(b)));
        if !s.is_ascii() || b.is_some_and(|b| b.contains('/')) {
            return Err(DateError::Syntax(clip(s)));
        }
        let to = b.map(|b| parse_part(b, s)).transpose()?;
        let date = EdtfDate {
            from: parse_part(a, s)?,
            to,
        };
        if date.start() > date.end() {
            return Err(DateError::Reversed(clip(s)));
        }
        Ok(date)
    }

    pub fn precision(&self) -> Precision {
        match (self.to, self.from.point) {
            (Some(_), _) => Precision::Interval,
            (None, Point::Day(..)) => Precision::Day,
            (None, Point::Month(..)) => Precision::Month,
            (None, Point::Season(..)) => Precision::Season,
            (None, Point::Year(_)) => Precision::Year,
            (None, Point::Decade(_)) => Precision::Decade,
            (None, Point::Century(_)) => Precision::Century,
        }
    }

    /// For an interval, the union of both ends' doubts.
    pub fn qualifier(&self) -> Qualifier {
        match self.from.q as u8 | self.to.map_or(0, |p| p.q as u8) {
            0 => Qualifier::Exact,
            1 => Qualifier::Approximate,
            2 => Qualifier::Uncertain,
            _ => Qualifier::ApproximateUncertain,
        }
    }

    /// First day the date can mean, as (year, month, day).
    pub fn start(&self) -> (i32, u8, u8) {
        self.from.point.range().0
    }

    /// Last day the date can mean (inclusive).
    pub fn end(&self) -> (i32, u8, u8) {
        self.to.unwrap_or(self.from).point.range().1
    }

    /// Position of the start of the first day, in years (16 Apr 1922 ≈ 1922.29).
    pub fn start_year_fraction(&self) -> f64 {
        year_fraction(self.start(), false)
    }

    /// Position of the end of the last day, so that `1922` spans 1922.0..1923.0.
    pub fn end_year_fraction(&self) -> f64 {
        year_fraction(self.end(), true)
    }

    /// Canonical EDTF, the form to store: `parse(d.to_edtf()) == Ok(d)`.
    pub fn to_edtf(&self) -> String {
        match self.to {
            Some(to) => format!("{}/{}", self.from.edtf(), to.edtf()),
            None => self.from.edtf(),
        }
    }

    /// At most 11 characters; long intervals degrade to years rather than overflow.
    pub fn short(&self) -> String {
        let Some(to) = self.to else {
            return self.from.label(true);
        };
        let (y0, y1, q) = (self.start().0, self.end().0, self.qualifier());
        let span = if y0 == y1 {
            y0.to_string()
        } else {
            format!("{y0}–{y1}")
        };
        let two_digit = (y0 / 100 == y1 / 100 && y0 != y1).then(|| format!("{y0}–{:02}", y1 % 100));
        let both = format!("{}–{}", self.from.label(true), to.label(true));
        [
            Some(both),
            Some(qualify(span.clone(), q, "c.")),
            two_digit.map(|s| qualify(s, q, "c.")),
        ]
        .into_iter()
        .flatten()
        .find(|s| s.chars().count() <= 11)
        .unwrap_or(span)
    }
}

fn year_fraction((y, m, d): (i32, u8, u8), end_of_day: bool) -> f64 {
    let before: u32 = (1..m).map(|m| u32::from(days_in_month(y, m))).sum();
    let day = before + u32::from(d) - u32::from(!end_of_day);
    f64::from(y) + f64::from(day) / if is_leap(y) { 366.0 } else { 365.0 }
}

impl FromStr for EdtfDate {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, DateError> {
        EdtfDate::parse(s)
    }
}

/// Start, then end (shorter first), then qualifier; the structural tie-break
/// only keeps `Ord` consistent with `Eq` (e.g. `1922` vs `1922-01/1922-12`).
impl Ord for EdtfDate {
    fn cmp(&self, o: &Self) -> Ordering {
        (self.start(), self.end(), self.qualifier())
            .cmp(&(o.start(), o.end(), o.qualifier()))
            .then_with(|| (self.from, self.to).cmp(&(o.from, o.to)))
    }
}

impl PartialOrd for EdtfDate {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl fmt::Display for EdtfDate {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let Some(to) = self.to else {
            return f.write_str(&self.from.label(false));
        };
        if let (Point::Month(y, m0), Point::Month(y1, m1)) = (self.from.point, to.point)
            && y == y1
            && self.qualifier() == Qualifier::Exact
        {
            let (a, b) = (MONTHS[m0 as usize - 1], MONTHS[m1 as usize - 1]);
            return write!(f, "{a}–{b} {y}");
        }
        // Spaced dash once either end has spaces, or "Aug 1922–1923" misreads.
        let (a, b) = (self.from.label(false), to.label(false));
        let sep = ["–", " – "][usize::from(a.contains(' ') || b.contains(' '))];
        write!(f, "{a}{sep}{b}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Precision::*;

    fn d(s: &str) -> EdtfDate {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn err(s: &str) -> String {
        EdtfDate::parse(s).unwrap_err().to_string()
    }

    type Form = (
        &'static str,
        Precision,
        Ymd,
        Ymd,
        &'static str,
        &'static str,
    );
    #[rustfmt::skip]
    const FORMS: &[Form] = &[ // input, precision, start, end, Display, short
        ("1922-04-16", Day, (1922, 4, 16), (1922, 4, 16), "16 Apr 1922", "1922-04-16"),
        ("1922-04-16~", Day, (1922, 4, 16), (1922, 4, 16), "c. 16 Apr 1922", "1922-04-16~"),
        ("1922-08", Month, (1922, 8, 1), (1922, 8, 31), "Aug 1922", "1922-08"),
        ("1924-02?", Month, (1924, 2, 1), (1924, 2, 29), "Feb 1924?", "1924-02?"),
        ("1933", Year, (1933, 1, 1), (1933, 12, 31), "1933", "1933"),
        ("1933~", Year, (1933, 1, 1), (1933, 12, 31), "c. 1933", "c.1933"),
        ("1928?", Year, (1928, 1, 1), (1928, 12, 31), "1928?", "1928?"),
        ("1928%", Year, (1928, 1, 1), (1928, 12, 31), "c. 1928?", "c.1928?"),
        ("0800", Year, (800, 1, 1), (800, 12, 31), "800", "800"),
        ("193X", Decade, (1930, 1, 1), (1939, 12, 31), "1930s", "1930s"),
        ("19XX", Century, (1900, 1, 1), (1999, 12, 31), "1900s", "1900s"),
        ("1928-23", Season, (1928, 9, 1), (1928, 11, 30), "autumn 1928", "aut 1928"),
        ("1928-24%", Season, (1928, 12, 1), (1929, 2, 28), "c. winter 1928?", "c.win 1928?"),
        ("1928/1929", Interval, (1928, 1, 1), (1929, 12, 31), "1928–1929", "1928–1929"),
        ("1922-04/1922-08", Interval, (1922, 4, 1), (1922, 8, 31), "Apr–Aug 1922", "1922"),
        ("1922-04-16/1922-08", Interval, (1922, 4, 16), (1922, 8, 31), "16 Apr 1922 – Aug 1922", "1922"),
        ("1921-11/1922-02", Interval, (1921, 11, 1), (1922, 2, 28), "Nov 1921 – Feb 1922", "1921–1922"),
        ("1928~/1929?", Interval, (1928, 1, 1), (1929, 12, 31), "c. 1928 – 1929?", "c.1928–29?"),
        ("192X/193X", Interval, (1920, 1, 1), (1939, 12, 31), "1920s–1930s", "1920s–1930s"),
        ("1899~/1901", Interval, (1899, 1, 1), (1901, 12, 31), "c. 1899 – 1901", "c.1899–1901"),
        ("1899%/1901", Interval, (1899, 1, 1), (1901, 12, 31), "c. 1899? – 1901", "1899–1901"),
    ];

    #[test]
    fn parses_displays_and_shortens_every_form() {
        for &(s, p, start, end, long, short) in FORMS {
            let x = d(s);
            assert_eq!((x.precision(), x.start(), x.end()), (p, start, end), "{s}");
            assert_eq!((x.to_string(), x.short()), (long.into(), short.into()));
            assert_eq!(d(&x.to_edtf()), x, "{s} round trip");
        }
        assert_eq!(d(" 1933~ ").to_edtf(), "1933~");
        assert_eq!(d("0800-01-05").to_edtf(), "0800-01-05");
        assert_eq!(d("1928/1929?").qualifier(), Qualifier::Uncertain);
        assert_eq!(
            d("1928~/1929?").qualifier(),
            Qualifier::ApproximateUncertain
        );
    }

    #[test]
    #[rustfmt::skip]
    fn errors_say_what_is_wrong() {
        for ok in ["2000-02-29", "1924-02-29", "0000-02-29", "9999-24", "9999-12-31"] {
            d(ok);
        }
        for (bad, msg) in [
            ("1922-13", "invalid month 13"), ("1922-00-01", "invalid month 0"),
            ("1922-20", "invalid month 20"), ("1922-23-01", "invalid month 23"),
            ("1922-04-31", "invalid day 31"), ("1922-04-00", "invalid day 0"),
            ("1900-02-29", "invalid day 29"), ("1923-02-29", "invalid day 29"),
            ("1929/1928", "interval ends before it starts"),
            ("1922-08/1922-04-16", "interval ends before it starts"),
            ("12345", "year must have 4 digits (0000-9999)"),
            ("99999999999999999999999", "year must have 4 digits (0000-9999)"),
        ] {
            assert_eq!(err(bad), format!("{msg} in {bad:?}"));
        }
        let syntax = "expected EDTF date like 1922-04-16, 1922-08, 1933, 1933~, 1928?, 1928/1929 or 193X, got";
        assert_eq!(err("foo"), format!("{syntax} \"foo\""));
        assert_eq!(err(" \t"), format!("{syntax} \"\""));
        let garbage = "-1922 1922-4 1922-04-16-01 193X-04 1928~? 1928/ /1929 1928//1929 \
                       1928/1929/1930 1X2X 19x0 ~ １９２２ 1922‽ 1922-04-16T10:00";
        for bad in garbage.split(' ') {
            assert_eq!(err(bad), format!("{syntax} {bad:?}"));
        }
        assert!(err(&"9".repeat(10_000)).len() < 100);
        assert!(err(&"é".repeat(100)).ends_with("é…\""));
    }

    #[test]
    fn sorting_a_shuffled_timeline() {
        let expected: Vec<&str> = "19XX 1918-11 1919-06-28 1920 192X 1920-07 1921-05 1922 1922~ \
            1922? 1922% 1922-04/1922-08 1922-04-16 1922-08 1928/1929 1928-09 1928-23 1928-24 193X 1933"
            .split_whitespace()
            .collect();
        let mut dates: Vec<EdtfDate> = expected.iter().map(|s| d(s)).collect();
        for i in 0..dates.len() {
            dates.swap(i, (i * 7 + 3) % expected.len());
        }
        dates.reverse();
        dates.sort();
        assert_eq!(
            dates.iter().map(EdtfDate::to_edtf).collect::<Vec<_>>(),
            expected
        );
        // Same days, different spelling: must not compare Equal (Ord agrees with Eq).
        let (a, b) = (d("1922"), d("1922-01/1922-12"));
        assert_ne!(a.cmp(&b), Ordering::Equal);
        assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
    }

    #[test]
    fn year_fractions_fit_a_ruler() {
        let apr16 = d("1922-04-16");
        assert_eq!(format!("{:.2}", apr16.start_year_fraction()), "1922.29");
        assert!(apr16.end_year_fraction() - apr16.start_year_fraction() < 0.003);
        let y = d("1922");
        assert_eq!(
            (y.start_year_fraction(), y.end_year_fraction()),
            (1922.0, 1923.0)
        );
        assert_eq!(d("193X").end_year_fraction(), 1940.0);
        assert_eq!(d("2000-12-31").end_year_fraction(), 2001.0);
    }

    /// Every 4-char string over a small alphabet (alone and after a valid
    /// prefix), plus every prefix of the valid forms: nothing panics, and
    /// whatever parses is well-formed, round-trips and fits the column.
    #[test]
    fn no_panics_and_invariants_hold() {
        let alphabet: Vec<char> = "19X0-/~?%24é ".chars().collect();
        let n = alphabet.len();
        let mut inputs: Vec<String> = FORMS
            .iter()
            .flat_map(|f| (0..f.0.len()).map(|i| f.0[..i].to_string()))
            .collect();
        for k in 0..n.pow(4) {
            let s: String = (0..4).map(|i| alphabet[k / n.pow(i) % n]).collect();
            inputs.extend([format!("19{s}"), format!("1922-{s}"), s]);
        }
        for s in inputs {
            if let Ok(x) = EdtfDate::parse(&s) {
                assert!(x.start() <= x.end(), "{s}");
                assert!(x.short().chars().count() <= 11, "{s}: {}", x.short());
                assert!(x.start_year_fraction() < x.end_year_fraction(), "{s}");
                assert_eq!(d(&x.to_edtf()), x, "{s}");
            }
        }
    }
}
