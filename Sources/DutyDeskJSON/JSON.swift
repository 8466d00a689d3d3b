/// A JSON value that keeps what it was given.
///
/// Objects keep their members in the order they were read or built (unknown fields
/// survive a round trip and keep their place); numbers keep their exact source text,
/// so an integer wider than 64 bits or a decimal such as `72.50` is passed on unchanged.
///
/// Shape: RFC 8259 values. Strings are Swift `String`s (Unicode scalars; lone
/// surrogates in `\u` escapes are rejected by the parser).
public enum JSON: Sendable, Equatable, Hashable {
    case null
    case bool(Bool)
    /// The number's lexeme as it appears in JSON text (e.g. `"-12"`, `"7.25e3"`).
    case number(String)
    case string(String)
    case array([JSON])
    /// Members in order. Duplicate keys are kept as read; `self[key]` returns the first.
    case object([(String, JSON)])

    public static func == (lhs: JSON, rhs: JSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b):
            hasher.combine(1)
            hasher.combine(b)
        case .number(let n):
            hasher.combine(2)
            hasher.combine(n)
        case .string(let s):
            hasher.combine(3)
            hasher.combine(s)
        case .array(let a):
            hasher.combine(4)
            hasher.combine(a)
        case .object(let o):
            hasher.combine(5)
            for (k, v) in o {
                hasher.combine(k)
                hasher.combine(v)
            }
        }
    }
}

// MARK: - Building

extension JSON {
    /// An integer number.
    public static func int(_ value: Int) -> JSON { .number(String(value)) }
    /// A floating-point number, written in Swift's shortest round-trip form.
    /// Non-finite values (which JSON cannot carry) become `null`.
    public static func double(_ value: Double) -> JSON {
        guard value.isFinite else { return .null }
        if value == value.rounded(), abs(value) < 1e15 { return .number(String(Int64(value))) }
        return .number(String(value))
    }
    /// `.string(value)` or `.null` when `value` is nil.
    public static func optional(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }

    /// Builds an object from members, dropping members whose value is `.null`
    /// so optional fields are simply absent.
    public static func compactObject(_ members: [(String, JSON)]) -> JSON {
        .object(members.filter { if case .null = $0.1 { return false } else { return true } })
    }
}

// MARK: - Reading

extension JSON {
    /// The first member named `key` of an object; `nil` for a missing key or a non-object.
    public subscript(key: String) -> JSON? {
        guard case .object(let members) = self else { return nil }
        for (k, v) in members where k == key { return v }
        return nil
    }

    /// The string, or nil for any other kind of value.
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    /// The boolean, or nil for any other kind of value.
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    /// The number as an `Int` when it is an integer that fits, else nil.
    public var intValue: Int? { if case .number(let n) = self { return Int(n) } else { return nil } }
    /// The number as a `Double`, else nil.
    public var doubleValue: Double? { if case .number(let n) = self { return Double(n) } else { return nil } }
    /// The elements, or nil for any other kind of value.
    public var arrayValue: [JSON]? { if case .array(let a) = self { return a } else { return nil } }
    /// The members, or nil for any other kind of value.
    public var objectValue: [(String, JSON)]? { if case .object(let o) = self { return o } else { return nil } }
    /// True for `.null`.
    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// A copy of this object with `key` set to `value` (replacing the first member of
    /// that name in place, or appending). Non-objects are returned unchanged.
    public func setting(_ key: String, to value: JSON) -> JSON {
        guard case .object(var members) = self else { return self }
        if let i = members.firstIndex(where: { $0.0 == key }) {
            members[i].1 = value
        } else {
            members.append((key, value))
        }
        return .object(members)
    }

    /// A copy of this object without members named `key`.
    public func removing(_ key: String) -> JSON {
        guard case .object(let members) = self else { return self }
        return .object(members.filter { $0.0 != key })
    }
}
