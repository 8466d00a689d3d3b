// Decimal numbers as officers type and read them (issue 14, item 1): a decimal comma is a
// decimal separator in every input (`12,5` = 12.5), a thousands separator is refused with
// the reading to use, never guessed, and output writes the language's separators. The
// stored form (`Measure.amount`, the log's JSON numbers) keeps a `.` and no grouping.

/// Reading a decimal amount typed by an officer (forms, `--quantity`, import cells).
///
/// Accepted: digits with at most one decimal separator, `,` or `.` (`12,5`, `12.5`,
/// `0,125`, `50`). Refused, with the reading to use:
/// - a thousands separator: the same separator twice (`1.234.567`), both kinds
///   (`1.234,5`, `1,234.5`) or a space between digits (`1 234`);
/// - an ambiguous single separator: one to three digits, a separator, then exactly three
///   digits (`1.234`, `12,500`) reads as a thousand grouping in one convention and a
///   fraction in the other; a leading `0` (`0,125`) is not ambiguous;
/// - a sign (`-5`, a quantity is never negative), an empty text or anything else.
public enum DecimalInput {
    /// Why a typed amount is refused. `text(_:)` says it in the officer's language.
    public enum Problem: Error, Sendable, Hashable {
        case empty
        /// Starts with a minus sign.
        case negative(String)
        /// Not digits and separators.
        case notANumber(String)
        /// Grouped thousands; `suggestion` is the same number without grouping, with a
        /// decimal comma (`1234567`, `1234,5`).
        case thousandsSeparator(String, suggestion: String)
        /// One separator followed by three digits; `whole` is the thousand reading
        /// (`1234`), `fraction` the decimal one written with four decimals (`1,2340`).
        case ambiguous(String, whole: String, fraction: String)

        /// The refusal in `language`, naming the text as typed.
        public func text(_ language: Language) -> String {
            let vi = language == .vi
            switch self {
            case .empty:
                return vi ? "trống; cần một số (ví dụ 12,5)" : "empty; a number is needed (for example 12,5)"
            case .negative(let s):
                return vi
                    ? "«\(s)» là số âm; số lượng phải lớn hơn hoặc bằng 0"
                    : "'\(s)' is negative; a quantity is zero or more"
            case .notANumber(let s):
                return vi
                    ? "«\(s)» không phải là số; viết chữ số, phần thập phân sau dấu phẩy (12,5) hoặc dấu chấm (12.5)"
                    : "'\(s)' is not a number; write digits, with a fraction after a comma (12,5) or a point (12.5)"
            case .thousandsSeparator(let s, let suggestion):
                return vi
                    ? "«\(s)» có dấu phân cách hàng nghìn, không được đoán: viết \(suggestion) (không phân cách hàng nghìn; dấu phẩy chỉ để tách phần thập phân)"
                    : "'\(s)' has a thousands separator, which is never guessed: write \(suggestion) (no grouping; a comma or point only separates the fraction)"
            case .ambiguous(let s, let whole, let fraction):
                return vi
                    ? "«\(s)» có thể hiểu hai cách: viết \(whole) nếu là số nguyên (hàng nghìn), hoặc \(fraction) nếu là số thập phân"
                    : "'\(s)' reads two ways: write \(whole) for the whole number (thousands), or \(fraction) for the decimal"
            }
        }
    }

    /// The amount `text` (spaces around it ignored) in the stored form: digits, an
    /// optional `.` and fraction digits, as typed otherwise (`"12,50"` → `"12.50"`).
    /// - Throws: `Problem` when the text is not one unambiguous non-negative decimal.
    public static func parse(_ text: String) throws(Problem) -> String {
        let s = text.trimmingSpacesAround
        guard !s.isEmpty else { throw .empty }
        if s.hasPrefix("-") || s.hasPrefix("\u{2212}") { throw .negative(s) }
        var groups: [String] = [""]  // digit runs between separators
        var separators: [Character] = []
        for ch in s {
            if ch.isASCII, ch.isNumber {
                groups[groups.count - 1].append(ch)
            } else if ch == "," || ch == "." || ch == " " || ch == "\u{00A0}" || ch == "\u{202F}" || ch == "\u{2009}" {
                guard !groups[groups.count - 1].isEmpty else { throw .notANumber(s) }
                separators.append(ch == "," || ch == "." ? ch : " ")
                groups.append("")
            } else {
                throw .notANumber(s)
            }
        }
        guard let last = groups.last, !last.isEmpty else { throw .notANumber(s) }
        if separators.isEmpty { return s }
        if separators.count == 1 && separators[0] != " " {
            let (whole, fraction) = (groups[0], groups[1])
            if fraction.count == 3 && whole.count <= 3 && !whole.hasPrefix("0") {
                throw .ambiguous(s, whole: whole + fraction, fraction: "\(whole),\(fraction)0")
            }
            return whole + "." + fraction
        }
        // Grouped: a last `,`/`.` that no other separator repeats separates the fraction.
        if let lastMark = separators.last, lastMark != " ", separators.filter({ $0 == lastMark }).count == 1 {
            throw .thousandsSeparator(s, suggestion: groups.dropLast().joined() + "," + last)
        }
        throw .thousandsSeparator(s, suggestion: groups.joined())
    }
}

/// Writing a stored decimal (`Measure.amount`, `"1234.50"`) as the language writes it.
public enum DecimalText {
    /// `1.234,50` (vi) or `1,234.50` (en) with `grouping`, `1234,50` / `1234.50` without
    /// (CSV cells, a compact screen). Text that is not a plain decimal is returned as is.
    public static func written(_ decimal: String, language: Language, grouping: Bool = true) -> String {
        let vi = language == .vi
        let parts = decimal.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy({ $0.isASCII && $0.isNumber }),
            parts.count == 1 || parts[1].allSatisfy({ $0.isASCII && $0.isNumber })
        else { return decimal }
        var w = String(whole)
        if grouping && w.count > 3 {
            var out = ""
            for (i, ch) in w.enumerated() {
                if i > 0 && (w.count - i) % 3 == 0 { out.append(vi ? "." : ",") }
                out.append(ch)
            }
            w = out
        }
        guard parts.count == 2 else { return w }
        return w + (vi ? "," : ".") + parts[1]
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and no-break spaces.
    fileprivate var trimmingSpacesAround: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{00A0}" }
        guard let a = firstIndex(where: { !isSpace($0) }), let b = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[a...b])
    }
}
