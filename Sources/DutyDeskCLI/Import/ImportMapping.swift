import DutyDeskDomain

/// How the columns of an import file become alert fields (docs/import-format.md).
///
/// - With no mapping, a column whose header is an alert field name (`received`,
///   `source`, `subject`, … — the `alert add` option names in snake_case) fills that
///   field; other columns are ignored.
/// - `--map FIELD=TEMPLATE` fills FIELD from a template. A template is a column name
///   (`--map reference=control_number`) or text with placeholders: `{column}` inserts a
///   column's value; `{column:codefield}` inserts the meaning of the column's code from
///   the `--codes` table (rows `field,code,value`, e.g. LEMIS `port,LA,Los Angeles`);
///   `{column:codefield?}` falls back to the code as written when the table lacks it;
///   `[ … ]` is an optional group, dropped when any placeholder inside it is empty.
/// - `--set FIELD=VALUE` fills FIELD with a constant for every row.
/// - `--missing MARKER` (repeatable) names cell values that mean "no value" (such as
///   `NA`); nothing is treated as missing unless named. A marker applies to unquoted CSV
///   cells only: a quoted `"NA"` is the text NA (in LEMIS, Namibia).
public struct ImportMapping: Sendable {
    /// A piece of a template.
    public indirect enum Piece: Sendable, Equatable {
        case text(String)
        case column(String, codeField: String?)
        case optional([Piece])
    }

    /// A usage error in a mapping option, with the option text.
    public struct OptionError: Error, Sendable, CustomStringConvertible, Equatable {
        public var option: String
        public var reason: String
        public var description: String { "\(option): \(reason)" }
    }

    public var templates: [String: [Piece]] = [:]
    public var constants: [String: String] = [:]
    public var missingMarkers: Set<String> = []
    /// `codeField` → `code` → meaning.
    public var codes: [String: [String: String]] = [:]

    public init() {}

    /// Parses `FIELD=TEMPLATE` options (`--map`) and `FIELD=VALUE` options (`--set`).
    /// `knownFields` is the list of alert fields; an unknown field is an error.
    /// - Throws: `OptionError`.
    public init(maps: [String], sets: [String], missing: [String], knownFields: [String]) throws {
        for m in maps {
            let (field, template) = try Self.split(m, option: "--map", knownFields: knownFields)
            templates[field] = try Self.parseTemplate(template, option: "--map \(m)")
        }
        for s in sets {
            let (field, value) = try Self.split(s, option: "--set", knownFields: knownFields)
            constants[field] = value
        }
        missingMarkers = Set(missing)
    }

    static func split(_ s: String, option: String, knownFields: [String]) throws -> (String, String) {
        guard let eq = s.firstIndex(of: "=") else {
            throw OptionError(option: "\(option) \(s)", reason: "expected FIELD=VALUE")
        }
        let field = String(s[..<eq]).trimmingSpaces
        guard knownFields.contains(field) else {
            throw OptionError(
                option: "\(option) \(s)",
                reason: "unknown field '\(field)'; fields are: \(knownFields.joined(separator: ", "))")
        }
        return (field, String(s[s.index(after: eq)...]))
    }

    /// Parses a template. A template with no `{` is a bare column name.
    /// - Throws: `OptionError` for an unclosed `{` or `[`.
    public static func parseTemplate(_ template: String, option: String) throws -> [Piece] {
        if !template.contains("{") { return [.column(template.trimmingSpaces, codeField: nil)] }
        var chars = Array(template)[...]
        let pieces = try parsePieces(&chars, option: option, inGroup: false)
        return pieces
    }

    private static func parsePieces(_ chars: inout ArraySlice<Character>, option: String, inGroup: Bool) throws
        -> [Piece]
    {
        var pieces: [Piece] = []
        var text = ""
        func flush() {
            if !text.isEmpty {
                pieces.append(.text(text))
                text = ""
            }
        }
        while let c = chars.first {
            chars = chars.dropFirst()
            switch c {
            case "{":
                flush()
                guard let close = chars.firstIndex(of: "}") else {
                    throw OptionError(option: option, reason: "'{' is never closed")
                }
                let inner = String(chars[chars.startIndex..<close])
                chars = chars[(close + 1)...]
                let parts = inner.split(separator: ":", maxSplits: 1).map { String($0).trimmingSpaces }
                guard let name = parts.first, !name.isEmpty else {
                    throw OptionError(option: option, reason: "empty placeholder {}")
                }
                pieces.append(.column(name, codeField: parts.count > 1 ? parts[1] : nil))
            case "[":
                flush()
                pieces.append(.optional(try parsePieces(&chars, option: option, inGroup: true)))
            case "]" where inGroup:
                flush()
                return pieces
            default:
                text.append(c)
            }
        }
        if inGroup { throw OptionError(option: option, reason: "'[' is never closed") }
        flush()
        return pieces
    }

    /// Loads a code table: CSV rows `field,code,value` with a header row.
    /// - Throws: `CSVReader.SyntaxError`, also for a code given twice for one field
    ///   (naming both lines: `country,NA` on lines 3 and 9), even with the same meaning.
    public mutating func loadCodes(csv: [UInt8]) throws {
        let rows = try CSVReader.parse(csv)
        var lines: [String: [String: Int]] = [:]
        for r in rows.dropFirst() where r.fields.count >= 3 {
            let (field, code) = (r.fields[0], r.fields[1])
            if let first = lines[field]?[code] {
                throw CSVReader.SyntaxError(
                    line: r.line, .codeGivenTwice(code: code, field: field, firstLine: first))
            }
            lines[field, default: [:]][code] = r.line
            codes[field, default: [:]][code] = r.fields[2]
        }
    }

    /// A problem found while applying the mapping to one row, for the alert field `field`.
    public struct RowProblem: Sendable, Equatable {
        /// What went wrong: a template names a column the file does not have, or a strict
        /// `{col:table}` code is not in its code table.
        public enum Kind: Sendable, Equatable {
            case missingColumn(column: String)
            case unknownCode(code: String, column: String, table: String)
        }
        public var field: String
        public var kind: Kind
        public init(field: String, kind: Kind) {
            self.field = field
            self.kind = kind
        }
        /// The reason in `language`, naming the column and code as the file writes them.
        public func reason(_ language: Language) -> String {
            switch (kind, language) {
            case (.missingColumn(let c), .en): return "the mapping names column '\(c)', which the file does not have"
            case (.missingColumn(let c), .vi): return "bảng ánh xạ dùng cột «\(c)» mà tệp không có"
            case (.unknownCode(let v, let c, let t), .en):
                return "code '\(v)' of column '\(c)' is not in the \(t) code table"
            case (.unknownCode(let v, let c, let t), .vi):
                return "mã «\(v)» ở cột «\(c)» không có trong bảng mã \(t)"
            }
        }
    }

    /// The alert fields of one row. `header` names the columns; `fields` are the row's
    /// cells. Returns the field values (empty values omitted) and any problems (a
    /// template naming a column the file lacks, an unknown code).
    public func apply(header: [String], fields: [String], knownFields: [String]) -> (
        values: [String: String], problems: [RowProblem]
    ) {
        let compiled = compile(header: header, knownFields: knownFields)
        let (list, problems) = compiled.values { i in i < fields.count ? fields[i] : "" }
        var values: [String: String] = [:]
        for (k, v) in zip(knownFields, list) where v != nil { values[k] = v }
        return (values, problems)
    }

    /// The column names this mapping reads from a file: each template's columns, and the
    /// alert fields (`knownFields`) filled from a column of their own name (no `--map`/`--set`).
    public func columnsRead(knownFields: [String]) -> Set<String> {
        var out: Set<String> = []
        func walk(_ pieces: [Piece]) {
            for p in pieces {
                switch p {
                case .text: break
                case .column(let c, _): out.insert(c)
                case .optional(let inner): walk(inner)
                }
            }
        }
        for f in knownFields {
            if constants[f] != nil { continue }
            if let t = templates[f] { walk(t) } else { out.insert(f) }
        }
        return out
    }

    /// The mapping resolved against one header, once per file: every column a field or a
    /// template reads is a column number, and every code table is looked up once.
    public func compile(header: [String], knownFields: [String]) -> Compiled {
        var index: [String: Int] = [:]
        for (i, h) in header.enumerated() where index[h] == nil { index[h] = i }
        func resolve(_ pieces: [Piece]) -> [Compiled.Piece] {
            pieces.map { p in
                switch p {
                case .text(let t): return .text(t)
                case .optional(let inner): return .optional(resolve(inner))
                case .column(let c, let codeField):
                    guard let codeField else { return .column(index[c], name: c, code: .none) }
                    if codeField.hasSuffix("?") {
                        return .column(index[c], name: c, code: .lenient(codes[String(codeField.dropLast())] ?? [:]))
                    }
                    return .column(index[c], name: c, code: .strict(codeField, codes[codeField] ?? [:]))
                }
            }
        }
        let sources: [Compiled.Source] = knownFields.map { field in
            if let c = constants[field] { return .constant(c.isEmpty ? nil : c) }
            if let t = templates[field] { return .template(resolve(t)) }
            return .column(index[field])
        }
        return Compiled(fields: knownFields, sources: sources, missingMarkers: missingMarkers)
    }

    /// A mapping resolved against a header (`compile(header:knownFields:)`).
    public struct Compiled: Sendable {
        enum Code: Sendable {
            case none
            case lenient([String: String])
            case strict(String, [String: String])
        }
        indirect enum Piece: Sendable {
            case text(String)
            /// Column number (nil: the file lacks the column), its name, the code table.
            case column(Int?, name: String, code: Code)
            case optional([Piece])
        }
        enum Source: Sendable {
            case constant(String?)
            case column(Int?)
            case template([Piece])
        }

        /// The alert fields, in the order of `values`.
        public let fields: [String]
        let sources: [Source]
        let missingMarkers: Set<String>

        /// The values of one row, one per field in `fields` order (nil: not given), and any
        /// problems. `cell(i)` is column i's text as in the file (it is trimmed here);
        /// `quoted(i)` whether it was quoted (a quoted cell is never a missing-value marker).
        public func values(_ cell: (Int) -> String, quoted: (Int) -> Bool = { _ in false }) -> (
            values: [String?], problems: [RowProblem]
        ) {
            var problems: [RowProblem] = []

            func value(_ i: Int) -> String {
                let v = cell(i).trimmingSpaces
                return !missingMarkers.isEmpty && missingMarkers.contains(v) && !quoted(i) ? "" : v
            }

            func render(_ pieces: [Piece], field: String) -> String? {
                var out = ""
                for p in pieces {
                    switch p {
                    case .text(let t): out += t
                    case .column(let i, let c, let code):
                        guard let i else {
                            problems.append(
                                RowProblem(field: field, kind: .missingColumn(column: c)))
                            return nil
                        }
                        let v = value(i)
                        if v.isEmpty { return nil }
                        switch code {
                        case .none: out += v
                        // `{col:table?}`: the meaning when the table has the code, else the code as written.
                        case .lenient(let table): out += table[v] ?? v
                        case .strict(let codeField, let table):
                            guard let meaning = table[v] else {
                                problems.append(
                                    RowProblem(
                                        field: field, kind: .unknownCode(code: v, column: c, table: codeField)))
                                return nil
                            }
                            out += meaning
                        }
                    case .optional(let inner):
                        if let s = render(inner, field: field) { out += s }
                    }
                }
                return out
            }

            var values: [String?] = []
            values.reserveCapacity(sources.count)
            for (field, source) in zip(fields, sources) {
                switch source {
                case .constant(let c): values.append(c)
                case .column(let i):
                    if let i {
                        let v = value(i)
                        values.append(v.isEmpty ? nil : v)
                    } else {
                        values.append(nil)
                    }
                case .template(let t):
                    if let v = render(t, field: field)?.trimmingSpaces, !v.isEmpty {
                        values.append(v)
                    } else {
                        values.append(nil)
                    }
                }
            }
            return (values, problems)
        }
    }
}
