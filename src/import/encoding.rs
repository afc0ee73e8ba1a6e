//! Bytes to text: a byte-order mark first, then UTF-8, then a detector, the
//! way browsers guess; `windows-1252` is decoded as browsers do (curly
//! quotes and € in 0x80..0x9F), never as Latin-1.

use encoding_rs::Encoding;

/// Decoded text and the name of the encoding that was used.
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Refuses what is evidently not text: NUL bytes in the first 8 KiB, or
/// many other C0 controls.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) && !utf16_bom(head) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    controls * 20 > head.len().max(1)
}

fn utf16_bom(b: &[u8]) -> bool {
    b.starts_with(&[0xff, 0xfe]) || b.starts_with(&[0xfe, 0xff])
}

/// Decodes with `declared` (from a meta charset or an XML declaration) when
/// there is no BOM; otherwise UTF-8 if valid, else the detector's guess.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Decoded {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
        };
    }
    if let Some(enc) = declared.and_then(|d| Encoding::for_label(d.trim().as_bytes())) {
        // A page that says UTF-16 in ASCII cannot be UTF-16; browsers read it as UTF-8.
        let enc = if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else {
            enc
        };
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
        };
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded {
            text: s.to_owned(),
            encoding: "UTF-8",
        };
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let enc = det.guess(None, chardetng::Utf8Detection::Allow);
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_is_not_latin1() {
        let d = decode(b"\x93Quoted\x94 costs \x80 5", Some("iso-8859-1"));
        assert_eq!(d.text, "\u{201c}Quoted\u{201d} costs \u{20ac} 5");
    }

    #[test]
    fn bom_wins_and_binary_is_seen() {
        let d = decode(b"\xef\xbb\xbfhi", Some("windows-1252"));
        assert_eq!((d.text.as_str(), d.encoding), ("hi", "UTF-8"));
        assert!(looks_binary(b"\x7fELF\x02\x01\x01\0\0\0\0"));
        assert!(!looks_binary("plain text\nwith lines\n".as_bytes()));
    }
}
