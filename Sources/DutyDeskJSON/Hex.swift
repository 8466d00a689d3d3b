/// Lower-case hexadecimal as the project writes it: `\u00XX` escapes in JSON strings,
/// the log's `hash`/`prev` members (64 digits), snapshot hashes and event ids. The one copy
/// of these rules for every layer above DutyDeskJSON (the log, the commands, the harness).
public enum Hex {
    /// The ASCII digit (`0`–`9`, `a`–`f`) of a nibble `v` (0…15).
    @inline(__always) public static func digit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x57 + v }

    /// The value (0…15) of an ASCII hex digit in either case, or nil.
    @inline(__always) public static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x61...0x66: c - 0x61 + 10
        case 0x41...0x46: c - 0x41 + 10
        default: nil
        }
    }

    /// True for `0`–`9` and `a`–`f` (the log and snapshots accept only lower case).
    @inline(__always) public static func isLowerDigit(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66)
    }

    /// Two lower-case digits per byte, high nibble first, appended to `out`.
    @inline(__always) public static func append<Bytes: Sequence>(_ bytes: Bytes, to out: inout [UInt8])
    where Bytes.Element == UInt8 {
        for b in bytes {
            out.append(digit(b >> 4))
            out.append(digit(b & 0xF))
        }
    }

    /// `value` in lower-case hex, zero-padded on the left to `width` digits (e.g. 16 for
    /// the random part of an event id).
    public static func padded<T: BinaryInteger>(_ value: T, width: Int) -> String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
}
