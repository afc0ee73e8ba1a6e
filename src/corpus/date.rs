// placeholder until the EDTF module lands
use std::fmt;
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EdtfDate(String);
#[derive(Debug)]
pub struct DateError(String);
impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}
impl EdtfDate {
    pub fn parse(s: &str) -> Result<Self, DateError> {
        if s.is_empty() {
            Err(DateError("empty".into()))
        } else {
            Ok(EdtfDate(s.into()))
        }
    }
    pub fn to_edtf(&self) -> String {
        self.0.clone()
    }
}
impl fmt::Display for EdtfDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}
