/// An instant as written in the log: RFC 3339 with an explicit offset
/// (`2021-09-01T07:45:00+07:00`, `2021-09-01T00:45:00.250Z`).
///
/// Shape: `epochNanoseconds` is the instant (nanoseconds since 1970-01-01T00:00:00Z,
/// leap seconds not counted); `offsetSeconds` is the offset from UTC the text carried
/// (east positive, e.g. 25200 for ICT, UTC+7). Two values compare by instant only.
public struct RFC3339Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Nanoseconds since the Unix epoch (UTC).
    public let epochNanoseconds: Int64
    /// Offset from UTC in seconds, east positive (ICT is +25200).
    public let offsetSeconds: Int32

    public init(epochNanoseconds: Int64, offsetSeconds: Int32) {
        self.epochNanoseconds = epochNanoseconds
        self.offsetSeconds = offsetSeconds
    }

    /// Seconds since the Unix epoch, as a Double.
    public var epochSeconds: Double { Double(epochNanoseconds) / 1e9 }

    public static func < (a: Self, b: Self) -> Bool { a.epochNanoseconds < b.epochNanoseconds }
    public static func == (a: Self, b: Self) -> Bool { a.epochNanoseconds == b.epochNanoseconds }
    public func hash(into h: inout Hasher) { h.combine(epochNanoseconds) }

    /// The earliest instant an `RFC3339Timestamp` holds: 1677-09-21T00:12:43.145224192Z
    /// (`Int64.min` nanoseconds). Whether a time is plausible for a field is the domain's
    /// rule (`DutyDeskDomain.TimeRules`); this is only what the type can represent.
    public static let earliestRepresentable = RFC3339Timestamp(epochNanoseconds: .min, offsetSeconds: 0)
    /// The latest instant an `RFC3339Timestamp` holds: 2262-04-11T23:47:16.854775807Z.
    public static let latestRepresentable = RFC3339Timestamp(epochNanoseconds: .max, offsetSeconds: 0)

    /// Why a text is not a timestamp (`read(_:)`).
    public enum ReadError: Error, Sendable, Hashable, CustomStringConvertible {
        /// Not of the shape `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, or an impossible
        /// date or time of day (31 September, 24:00).
        case notRFC3339
        /// Well formed, but outside 1677-09-21T00:12:43Z … 2262-04-11T23:47:16Z, the
        /// instants the program can represent (nanoseconds in 64 bits).
        case outOfRange
        public var description: String {
            switch self {
            case .notRFC3339: "not an RFC 3339 time with an offset (e.g. 2021-09-01T07:45:00+07:00)"
            case .outOfRange: "outside the times DutyDesk can represent (1677-09-21 to 2262-04-11)"
            }
        }
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`. `t`/`z` in lower case and a space
    /// instead of `T` are accepted (RFC 3339 §5.6 note). Returns nil for anything else,
    /// including impossible dates (31 September), a missing offset and instants outside
    /// `earliestRepresentable…latestRepresentable` (see `read(_:)` for the reason). Total:
    /// never traps, whatever the text (fraction digits past the ninth are read and dropped).
    public static func parse(_ text: String) -> RFC3339Timestamp? {
        try? read(text).get()
    }

    /// `parse(_:)` with the reason of a failure.
    public static func read(_ text: String) -> Result<RFC3339Timestamp, ReadError> {
        var t = text
        return t.withUTF8 { read(bytes: $0) }
    }

    /// Parses the UTF-8 bytes of an RFC 3339 timestamp. See `parse(_:)`.
    public static func parse(bytes b: UnsafeBufferPointer<UInt8>) -> RFC3339Timestamp? {
        try? read(bytes: b).get()
    }

    /// `parse(bytes:)` with the reason of a failure.
    public static func read(bytes b: UnsafeBufferPointer<UInt8>) -> Result<RFC3339Timestamp, ReadError> {
        guard b.count >= 20 else { return .failure(.notRFC3339) }
        func digits(_ i: Int, _ n: Int) -> Int? {
            var v = 0
            for k in i..<(i + n) {
                let c = b[k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let year = digits(0, 4), b[4] == 0x2D, let month = digits(5, 2), b[7] == 0x2D, let day = digits(8, 2),
            b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == 0x20,
            let hour = digits(11, 2), b[13] == 0x3A, let minute = digits(14, 2), b[16] == 0x3A,
            let second = digits(17, 2)
        else { return .failure(.notRFC3339) }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
            hour <= 23, minute <= 59, second <= 60
        else { return .failure(.notRFC3339) }
        var i = 19
        var nanos: Int64 = 0
        if i < b.count, b[i] == 0x2E {
            i += 1
            var scale: Int64 = 100_000_000
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                nanos += Int64(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return .failure(.notRFC3339) }
        }
        guard i < b.count else { return .failure(.notRFC3339) }
        var offset = 0
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == 0x2B || b[i] == 0x2D {
            guard i + 6 == b.count, let oh = digits(i + 1, 2), b[i + 3] == 0x3A, let om = digits(i + 4, 2),
                oh <= 23, om <= 59
            else { return .failure(.notRFC3339) }
            offset = (oh * 3600 + om * 60) * (b[i] == 0x2D ? -1 : 1)
            i += 6
        } else {
            return .failure(.notRFC3339)
        }
        guard i == b.count else { return .failure(.notRFC3339) }
        let days = daysFromCivil(year: year, month: month, day: day)
        guard
            let t = fromLocal(
                days: Int64(days), secondOfDay: Int64(hour * 3600 + minute * 60 + min(second, 59)), nanos: nanos,
                offsetSeconds: Int32(offset))
        else { return .failure(.outOfRange) }
        return .success(t)
    }

    /// The instant of a local civil time: `days` since 1970-01-01, `secondOfDay` (0…86399)
    /// and `nanos` (0…999 999 999) at `offsetSeconds` from UTC. Nil when the instant is
    /// outside `earliestRepresentable…latestRepresentable` (the arithmetic is checked, so
    /// any year a parser reads — 0000 to 9999 — gives nil or a value, never a trap).
    public static func fromLocal(days: Int64, secondOfDay: Int64, nanos: Int64, offsetSeconds: Int32)
        -> RFC3339Timestamp?
    {
        // |days| for years 0000–9999 is below 3 000 000, so the seconds fit; the nanoseconds may not.
        guard days.magnitude < 1 << 40 else { return nil }
        let utc = days * 86_400 + secondOfDay - Int64(offsetSeconds)
        let (ns, o1) = utc.multipliedReportingOverflow(by: 1_000_000_000)
        guard !o1 else { return nil }
        let (sum, o2) = ns.addingReportingOverflow(nanos)
        guard !o2 else { return nil }
        return RFC3339Timestamp(epochNanoseconds: sum, offsetSeconds: offsetSeconds)
    }

    /// The instant shifted to `offsetSeconds` and written as RFC 3339, with milliseconds
    /// only when they are not zero: `2021-09-01T07:45:00+07:00`, `…:00.250+07:00`.
    /// An offset of 0 is written `Z`.
    public static func format(epochNanoseconds: Int64, offsetSeconds: Int32) -> String {
        let parts = civil(epochNanoseconds: epochNanoseconds, offsetSeconds: offsetSeconds)
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
        }
        var out =
            "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))T\(pad(parts.hour, 2)):\(pad(parts.minute, 2)):\(pad(parts.second, 2))"
        let millis = Int((epochNanoseconds % 1_000_000_000 + 1_000_000_000) % 1_000_000_000 / 1_000_000)
        if millis != 0 { out += "." + pad(millis, 3) }
        if offsetSeconds == 0 { return out + "Z" }
        let sign = offsetSeconds < 0 ? "-" : "+"
        let a = Int(abs(offsetSeconds))
        return out + "\(sign)\(pad(a / 3600, 2)):\(pad(a % 3600 / 60, 2))"
    }

    /// This instant written as RFC 3339 in the offset it was read with.
    public var description: String { Self.format(epochNanoseconds: epochNanoseconds, offsetSeconds: offsetSeconds) }

    /// Calendar fields of an instant seen at a fixed UTC offset.
    public struct Civil: Sendable, Equatable {
        public var year, month, day, hour, minute, second: Int
    }

    /// Calendar fields of `epochNanoseconds` at `offsetSeconds` from UTC (proleptic Gregorian).
    public static func civil(epochNanoseconds: Int64, offsetSeconds: Int32) -> Civil {
        let secs = floorDiv(epochNanoseconds, 1_000_000_000) + Int64(offsetSeconds)
        let days = floorDiv(secs, 86_400)
        let rem = Int(secs - days * 86_400)
        let (y, m, d) = civilFromDays(Int(days))
        return Civil(year: y, month: m, day: d, hour: rem / 3600, minute: rem % 3600 / 60, second: rem % 60)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// Number of days in a month of the proleptic Gregorian calendar (February has 29 in leap years).
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        default: return 0
        }
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
