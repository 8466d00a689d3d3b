/// Makes untrusted text (anything read from the log, an import file or the user) safe
/// to draw: no byte of it can move the cursor, change colours, retitle the window or
/// reorder the line.
///
/// Replacements (visible markers, the stored bytes are never touched):
/// - C0 controls U+0000–U+001F → the Control Pictures block (U+2400–U+241F), so ESC
///   shows as "␛", LF as "␊", TAB as "␉";
/// - DEL U+007F → "␡";
/// - C1 controls U+0080–U+009F → "�" (no picture exists for them);
/// - bidi controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) → "¤"
///   (one column, so tables keep their shape);
/// - line and paragraph separators (U+2028, U+2029) → "␤".
public enum Sanitizer {
    /// True when `s` contains nothing that `sanitize` would replace (the common case;
    /// lets callers skip a copy).
    public static func isClean(_ s: String) -> Bool {
        for u in s.utf8 {
            if u < 0x20 || u == 0x7F { return false }
            if u >= 0x80 { return s.unicodeScalars.allSatisfy { replacement(for: $0) == nil } }
        }
        return true
    }

    /// The visible marker that stands for `scalar`, or nil when it can be drawn as is.
    public static func replacement(for scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let v = scalar.value
        switch v {
        case 0x00...0x1F: return Unicode.Scalar(0x2400 + v)
        case 0x7F: return Unicode.Scalar(0x2421)
        case 0x80...0x9F: return Unicode.Scalar(0xFFFD)
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return Unicode.Scalar(0xA4)
        case 0x2028, 0x2029: return Unicode.Scalar(0x2424)
        default: return nil
        }
    }

    /// `s` with every control and bidi character replaced by its visible marker.
    public static func sanitize(_ s: String) -> String {
        if isClean(s) { return s }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            out.append(replacement(for: scalar) ?? scalar)
        }
        return String(out)
    }

    /// `s` sanitised like `sanitize`, except that LF (U+000A) is kept: for multi-line
    /// text written for people (reports, messages), one line per line.
    public static func sanitizeKeepingLineFeeds(_ s: String) -> String {
        if isClean(s) { return s }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            out.append(scalar == "\n" ? scalar : replacement(for: scalar) ?? scalar)
        }
        return String(out)
    }
}
