// Fuzz targets over the time parsers: RFC 3339 and dd/MM/yyyy [HH:mm[:ss]].
import DutyDeskDomain
import DutyDeskJSON

/// The RFC 3339 and Vietnamese date targets.
public enum TimeTargets {
    /// A year: mostly plausible, sometimes at or past the edges of what fits in Int64
    /// nanoseconds (1677-09-21 … 2262-04-11), sometimes anything of four digits.
    static func year(_ rng: inout SeededGenerator) -> Int {
        switch rng.below(10) {
        case 0..<7: return rng.between(1990, 2100)
        case 7: return rng.pick([1677, 1678, 1700, 1899, 1900, 2200, 2201, 2261, 2262, 2263])
        default: return rng.below(10_000)
        }
    }

    static func pad(_ v: Int, _ n: Int) -> String {
        let s = String(v)
        return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
    }

    /// An RFC 3339 text, mostly well formed (fields sometimes out of range), then mutated.
    static func rfc3339Input(_ rng: inout SeededGenerator) -> [UInt8] {
        if rng.chance(10) {
            return Hostile.bytes(&rng, count: rng.length(max: 64), alphabet: Array("0123456789-:T.Z+ tz".utf8))
        }
        var s = pad(year(&rng), 4) + "-" + pad(rng.chance(90) ? rng.between(1, 12) : rng.below(100), 2) + "-"
        s += pad(rng.chance(90) ? rng.between(1, 28) : rng.below(100), 2)
        s += rng.pick(["T", "t", " ", "T", "T", "_"])
        s += pad(rng.chance(90) ? rng.below(24) : rng.below(100), 2) + ":"
        s += pad(rng.chance(90) ? rng.below(60) : rng.below(100), 2) + ":"
        s += pad(rng.chance(95) ? rng.below(61) : rng.below(100), 2)
        if rng.chance(30) {
            s += "." + String((0..<rng.length(max: 40)).map { _ in Character(String(rng.below(10))) })
        }
        switch rng.below(6) {
        case 0: s += "Z"
        case 1: s += "z"
        case 2: s += ""
        default:
            s += rng.pick(["+", "-"]) + pad(rng.chance(90) ? rng.below(15) : rng.below(100), 2) + ":"
            s += pad(rng.chance(90) ? rng.pick([0, 30, 45]) : rng.below(100), 2)
        }
        let b = Array(s.utf8)
        return rng.chance(40) ? Mutate.bytes(b, &rng, maxSteps: 3, maxBytes: 256) : b
    }

    /// What RFC 3339 text means, computed independently of `RFC3339Timestamp.parse`
    /// (a day count by years and months, not Hinnant's algorithm): epoch nanoseconds and
    /// offset, or nil when the text is not an RFC 3339 time as `parse` documents it.
    static func reference(_ b: [UInt8]) -> (nanos: Int64, offset: Int)? {
        func num(_ i: Int, _ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                guard (0x30...0x39).contains(b[k]) else { return nil }
                v = v * 10 + Int(b[k] - 0x30)
            }
            return v
        }
        guard let y = num(0, 4), b.count > 19, b[4] == 0x2D, let mo = num(5, 2), b[7] == 0x2D, let d = num(8, 2),
            [0x54, 0x74, 0x20].contains(b[10]), let h = num(11, 2), b[13] == 0x3A, let mi = num(14, 2),
            b[16] == 0x3A, let s = num(17, 2)
        else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let dim = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(mo), d >= 1, d <= dim[mo - 1], h <= 23, mi <= 59, s <= 60 else { return nil }
        var i = 19
        var frac: Int64 = 0
        if i < b.count, b[i] == 0x2E {
            i += 1
            var digits = 0
            while i < b.count, (0x30...0x39).contains(b[i]) {
                if digits < 9 { frac = frac * 10 + Int64(b[i] - 0x30) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 9) { frac *= 10 }
        }
        guard i < b.count else { return nil }
        var off = 0
        if b[i] == 0x5A || b[i] == 0x7A {
            guard i + 1 == b.count else { return nil }
        } else if b[i] == 0x2B || b[i] == 0x2D {
            guard i + 6 == b.count, let oh = num(i + 1, 2), b[i + 3] == 0x3A, let om = num(i + 4, 2), oh <= 23,
                om <= 59
            else { return nil }
            off = (oh * 3600 + om * 60) * (b[i] == 0x2D ? -1 : 1)
        } else {
            return nil
        }
        // Days from 0000-03-01-based year counting, then shifted to 1970-01-01.
        func daysBeforeYear(_ y: Int) -> Int {
            let p = y - 1
            return 365 * y + (p >= 0 ? p / 4 - p / 100 + p / 400 + 1 : 0)
        }
        var days = daysBeforeYear(y) - daysBeforeYear(1970)
        for m in 0..<(mo - 1) { days += dim[m] }
        days += d - 1
        let secs = Int64(days) * 86_400 + Int64(h * 3600 + mi * 60 + min(s, 59)) - Int64(off)
        let (ns, o1) = secs.multipliedReportingOverflow(by: 1_000_000_000)
        let (t, o2) = ns.addingReportingOverflow(frac)
        guard !o1, !o2 else { return nil }
        return (t, off)
    }

    /// `RFC3339Timestamp.parse`: never traps; agrees with an independent reading of the
    /// text (accepts exactly what it accepts, same instant and offset); what it accepts
    /// formats to text that parses to the same millisecond.
    public static func rfc3339(config: FuzzConfig) -> FuzzTarget {
        let skipYears = config.skipOutOfRangeYears
        return FuzzTarget(
            name: "rfc3339", summary: "RFC3339Timestamp.parse against an independent reading; format round trip",
            generate: { rng in rfc3339Input(&rng) },
            check: { b in
                if skipYears && holdsOutOfRangeYear(b) { return .skipped }
                let text = String(decoding: b, as: UTF8.self)
                let got = b.withUnsafeBufferPointer { RFC3339Timestamp.parse(bytes: $0) }
                let want = reference(b)
                switch (got, want) {
                case (nil, nil): return .passed
                case (let g?, nil):
                    // Out of the Int64 range, the reference refuses; the parser must not wrap around.
                    return .failed(
                        "accepted \(Fuzz.clip(text)) as \(g.epochNanoseconds), which is not an RFC 3339 time")
                case (nil, let w?):
                    // A parser may refuse years no field can plausibly hold (issue 12, item 4).
                    if holdsOutOfRangeYear(b.prefix(4)) { return .passed }
                    return .failed("refused \(Fuzz.clip(text)), an RFC 3339 time (\(w.nanos) ns)")
                case (let g?, let w?):
                    guard g.epochNanoseconds == w.nanos, Int(g.offsetSeconds) == w.offset else {
                        return .failed(
                            "\(Fuzz.clip(text)) read as \(g.epochNanoseconds) ns at \(g.offsetSeconds) s, expected \(w.nanos) at \(w.offset)"
                        )
                    }
                    let formatted = g.description
                    guard let again = RFC3339Timestamp.parse(formatted) else {
                        return .failed("\(Fuzz.clip(text)) formats as \(formatted), which does not parse")
                    }
                    let ms = { (t: Int64) -> Int64 in t >= 0 ? t / 1_000_000 : (t - 999_999) / 1_000_000 }
                    guard ms(again.epochNanoseconds) == ms(g.epochNanoseconds), again.offsetSeconds == g.offsetSeconds
                    else { return .failed("\(Fuzz.clip(text)) → \(formatted) → another instant") }
                    return .passed
                }
            })
    }

    /// A `dd/MM/yyyy[ HH:mm[:ss]]` text, mostly well formed, then mutated.
    static func vietnameseInput(_ rng: inout SeededGenerator) -> [UInt8] {
        if rng.chance(10) {
            return Hostile.bytes(&rng, count: rng.length(max: 48), alphabet: Array("0123456789/: ".utf8))
        }
        let day = rng.chance(90) ? rng.between(1, 31) : rng.below(100)
        let month = rng.chance(90) ? rng.between(1, 12) : rng.below(100)
        var s = (rng.chance(50) ? pad(day, 2) : String(day)) + "/" + (rng.chance(50) ? pad(month, 2) : String(month))
        s += "/" + pad(year(&rng), 4)
        if rng.chance(60) {
            s += rng.pick([" ", "  ", " ", "\t"]) + pad(rng.chance(90) ? rng.below(24) : rng.below(100), 2) + ":"
            s += pad(rng.chance(90) ? rng.below(60) : rng.below(100), 2)
            if rng.chance(30) { s += ":" + pad(rng.chance(90) ? rng.below(60) : rng.below(100), 2) }
        }
        if rng.chance(10) { s = rng.pick([" ", "  "]) + s + rng.pick([" ", "\u{A0}", ""]) }
        let b = Array(s.utf8)
        return rng.chance(40) ? Mutate.bytes(b, &rng, maxSteps: 3, maxBytes: 256) : b
    }

    /// `VietnameseDate.parse`: never traps; what it accepts is the instant of the same
    /// fields written as RFC 3339 at the offset; a refusal has a reason; a date it accepts
    /// formats back (`format`) to the same day and minute.
    public static func vietnameseDate(config: FuzzConfig) -> FuzzTarget {
        let skipYears = config.skipOutOfRangeYears
        return FuzzTarget(
            name: "vndate", summary: "VietnameseDate.parse against the same fields read as RFC 3339; format round trip",
            generate: { rng in
                // The offset to read at comes first: ICT mostly, sometimes any within ±14 h.
                let off = rng.chance(70) ? 25_200 : rng.between(-50_400, 50_400)
                return withUnsafeBytes(of: Int32(off).littleEndian, Array.init) + vietnameseInput(&rng)
            },
            check: { input in
                guard input.count >= 4 else { return .skipped }
                var o: UInt32 = 0
                for k in 0..<4 { o |= UInt32(input[k]) << (8 * UInt32(k)) }
                let offset = Int32(bitPattern: o)
                guard abs(Int(offset)) < 86_400 else { return .skipped }
                let b = Array(input.dropFirst(4))
                if skipYears && holdsOutOfRangeYear(b) { return .skipped }
                let text = String(decoding: b, as: UTF8.self)
                let got: RFC3339Timestamp
                do throws(VietnameseDateError) {
                    got = try VietnameseDate.parse(text, offsetSeconds: offset)
                } catch {
                    return error.reason.isEmpty ? .failed("refused \(Fuzz.clip(text)) without a reason") : .passed
                }
                // The same fields as RFC 3339 at the offset.
                let t = text.split(whereSeparator: { $0.isWhitespace })
                guard !t.isEmpty, t.count <= 2 else { return .failed("accepted \(Fuzz.clip(text))") }
                let dmy = t[0].split(separator: "/").compactMap { Int($0) }
                guard dmy.count == 3 else { return .failed("accepted \(Fuzz.clip(text)) without three date parts") }
                var hms = [0, 0, 0]
                if t.count == 2 {
                    let p = t[1].split(separator: ":").compactMap { Int($0) }
                    guard p.count >= 2 else { return .failed("accepted \(Fuzz.clip(text)) with a bad time") }
                    for (k, v) in p.enumerated() where k < 3 { hms[k] = v }
                }
                let a = abs(Int(offset))
                let zone = (offset < 0 ? "-" : "+") + pad(a / 3600, 2) + ":" + pad(a % 3600 / 60, 2)
                let iso =
                    "\(pad(dmy[2], 4))-\(pad(dmy[1], 2))-\(pad(dmy[0], 2))T\(pad(hms[0], 2)):\(pad(hms[1], 2)):\(pad(hms[2], 2))"
                    + zone
                guard let w = RFC3339Timestamp.parse(iso) else {
                    return .failed("accepted \(Fuzz.clip(text)), whose fields \(iso) are not a time")
                }
                // The reader keeps the offset's whole seconds; a zone of whole minutes reads the same.
                guard a % 60 != 0 || w.epochNanoseconds == got.epochNanoseconds else {
                    return .failed("\(Fuzz.clip(text)) read as \(got), expected \(iso)")
                }
                let zoneOf = CampaignZone(name: "fuzz", offsetSeconds: offset)
                let back = VietnameseDate.format(got, zone: zoneOf)
                guard let again = try? VietnameseDate.parse(back, offsetSeconds: offset) else {
                    return .failed("\(Fuzz.clip(text)) formats as \(back), which does not read back")
                }
                if a % 60 == 0 && hms[2] == 0 && again.epochNanoseconds != got.epochNanoseconds {
                    return .failed("\(Fuzz.clip(text)) formats as \(back), which reads back as another instant")
                }
                return .passed
            })
    }
}
