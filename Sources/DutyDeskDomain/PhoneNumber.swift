// The focal officer's phone number (letter 4237, item 9; issue 13, item 6): Vietnamese
// mobile and landline numbers as officers write them, checked when a nomination is decided
// (never when a stored event is folded: old events keep what they hold) and stored in one
// form, the national one (docs/decisions/0015-phone-numbers.md).

/// Vietnamese phone numbers as written on a nomination: a mobile is `0` and 9 digits, the
/// second 3, 5, 7, 8 or 9 (`0912345678`, `0912 345 678`, `0912.345.678`); a landline is
/// `02`, the area code and the number, 11 digits in all (`024 3826 5555`, `0205 3870 123`).
/// Either may be written internationally, `+84` or `84` in place of the leading `0`
/// (`+84 912 345 678`, `84912345678`, `+84 24 3826 5555`). Spaces, dots and dashes may
/// separate digits; nothing else is accepted.
public enum PhoneNumber {
    /// Longest text looked at (a number with a separator after every digit and `+84` is
    /// under 30 characters): anything longer is refused unread.
    public static let maxTypedLength = 40

    /// The number in its national digit form (`0912345678`, `02438265555`), the form a
    /// nomination stores; nil when `typed` is not a Vietnamese mobile or landline number
    /// as described above. Leading and trailing spaces are ignored.
    public static func normalised(_ typed: String) -> String? {
        let scalars = Array(typed.unicodeScalars)
        guard scalars.count <= maxTypedLength else { return nil }
        var s = scalars[...]
        while let f = s.first, f == " " { s = s.dropFirst() }
        while let l = s.last, l == " " { s = s.dropLast() }
        var plus = false
        if s.first == "+" {
            plus = true
            s = s.dropFirst()
        }
        // Digits, with runs of separators only between two digits.
        var digits = ""
        var afterSeparator = false
        for c in s {
            switch c {
            case "0"..."9":
                digits.unicodeScalars.append(c)
                afterSeparator = false
            case " ", ".", "-":
                if digits.isEmpty { return nil }
                afterSeparator = true
            default:
                return nil
            }
        }
        guard !digits.isEmpty, !afterSeparator else { return nil }
        let national: String
        if digits.hasPrefix("84") {
            national = "0" + digits.dropFirst(2)
        } else if !plus, digits.hasPrefix("0") {
            national = digits
        } else {
            return nil
        }
        return isNational(national) ? national : nil
    }

    /// True for a national form: a mobile (10 digits, `03`/`05`/`07`/`08`/`09`) or a landline
    /// (11 digits, `02`).
    static func isNational(_ n: String) -> Bool {
        let d = Array(n.utf8)
        guard d.count >= 2, d[0] == UInt8(ascii: "0") else { return false }
        switch d[1] {
        case UInt8(ascii: "3"), UInt8(ascii: "5"), UInt8(ascii: "7"), UInt8(ascii: "8"), UInt8(ascii: "9"):
            return d.count == 10
        case UInt8(ascii: "2"):
            return d.count == 11
        default:
            return false
        }
    }

    /// `typed` as a refusal may quote it: nil when it holds a control character or is
    /// longer than 24 characters (the refusal then names the field only).
    static func quotable(_ typed: String) -> String? {
        let t = typed.trimmingSpaces
        guard t.unicodeScalars.count <= 24, firstControlCharacter(in: t) == nil else { return nil }
        return t
    }
}
