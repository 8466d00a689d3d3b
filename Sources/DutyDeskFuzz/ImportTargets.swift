// Fuzz targets over the import readers: the CSV reader, JSON Lines and the whole import.
import DutyDeskCLI
import DutyDeskConfig
import DutyDeskDomain
import DutyDeskJSON

#if canImport(Glibc)
    import Glibc
#endif

/// Real LEMIS rows (US Fish & Wildlife Service LEMIS data, amphibian sample 2016–2021)
/// to build structured inputs from: the shipped sample when it can be found, else a few
/// rows of it kept here.
public enum LEMISRows {
    /// The header and rows of the sample, as lines without line ends.
    public static func load(directory: String?) -> (header: [UInt8], rows: [[UInt8]], codes: [UInt8]?) {
        var dirs: [String] = []
        if let directory { dirs.append(directory) }
        if let env = getenv("DUTYDESK_LEMIS_DIR") { dirs.append(String(cString: env)) }
        dirs.append("/work/shared/data/lemis")
        for d in dirs {
            guard let csv = readAll(d + "/amphibian_LEMIS_2016_2021_sample.csv") else { continue }
            let lines = csv.split(separator: 0x0A).map { Array($0.last == 0x0D ? $0.dropLast() : $0) }
            guard lines.count > 1 else { continue }
            return (lines[0], Array(lines.dropFirst()), readAll(d + "/lemis_codes.csv"))
        }
        let lines = embedded.split(separator: "\n").map { Array($0.utf8) }
        return (lines[0], Array(lines.dropFirst()), nil)
    }

    static let embedded = """
        control_number,species_code,taxa,class,genus,species,subspecies,specific_name,generic_name,description,quantity,unit,value,country_origin,country_imp_exp,purpose,source,action,disposition,disposition_date,disposition_year,shipment_date,shipment_year,import_export,port,us_co,foreign_co,cleaning_notes
        2016787148,BUME,amphibian,Amphibia,Bufo,melanostictus,NA,BLACK-SPINED,TOAD,LIV,36,NO,NA,VN,VN,T,W,C,C,2016-01-03T00:00:00Z,2016,2016-01-03T00:00:00Z,2016,I,LA,NA,NA,NA
        2016788823,MICP,amphibian,Amphibia,Microhyla,pulchra,NA,GUANGDONG RICE,FROG,LIV,40,NO,NA,VN,VN,T,W,C,C,2016-01-06T00:00:00Z,2016,2016-01-06T00:00:00Z,2016,I,MI,NA,NA,NA
        2016887093,NONA,amphibian,Amphibia,Non-CITES entry,NA,NA,NA,AMPHIBIANS,BOD,1,NO,NA,XX,MX,P,U,R,S,2016-06-15T00:00:00Z,2016,2016-06-01T00:00:00Z,2016,I,SF,NA,NA,NA
        2019569072,HORU,amphibian,Amphibia,Hoplobatrachus,rugulosus,NA,ASIAN PETERS,FROG,MEA,6.735841199999999,KG,NA,"NA",TH,P,U,R,R,2019-06-18T00:00:00Z,2019,2019-06-18T00:00:00Z,2019,I,MP,NA,NA,NA
        2021874782,THEA,amphibian,Amphibia,Theloderma,asperum,NA,HILL GARDEN BUGEYE,FROG,LIV,12,NO,NA,VN,VA,T,W,C,C,2021-04-06T00:00:00Z,2021,2021-04-05T00:00:00Z,2021,I,LA,NA,NA,NA
        2021874782,KALO,amphibian,Amphibia,Kaloula,pulchra,NA,ASIATIC PAINTED,FROG,LIV,160,NO,NA,VN,VA,T,W,C,C,2021-04-06T00:00:00Z,2021,2021-04-05T00:00:00Z,2021,I,LA,NA,NA,NA
        """

    static func readAll(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            out += buf[0..<n]
            if out.count > 64 << 20 { return nil }
        }
        return out
    }
}

/// The CSV, JSON Lines and import targets.
public enum ImportTargets {
    /// The LEMIS mapping of docs/import-format.md.
    static let lemisMaps = [
        "subject=[{specific_name} ][{generic_name}][ ({genus} {species})][ – {description:description?}]",
        "species={genus} {species}", "quantity=quantity", "quantity_unit={unit:unit}", "location=port:{port:port?}",
        "received=shipment_date", "reference=control_number",
        "notes=LEMIS {control_number}: {action:action}, {disposition:disposition?}[; origin {country_origin:country?}][; exporter country {country_imp_exp:country?}][; purpose {purpose:purpose?}]",
    ]
    static let lemisSets = ["source=member_country", "source_detail=US", "unit="]

    /// A CSV input: real LEMIS rows mutated, a random table, or random bytes.
    static func csvInput(_ rng: inout SeededGenerator, lemis: (header: [UInt8], rows: [[UInt8]]), maxBytes: Int)
        -> [UInt8]
    {
        switch rng.below(10) {
        case 0..<6:
            var lines = [lemis.header]
            for _ in 0..<rng.between(1, 30) { lines.append(rng.pick(lemis.rows)) }
            // Structure-aware: hostile values in cells, quoted or not.
            for _ in 0..<rng.below(4) {
                let r = rng.below(lines.count)
                var cells = lines[r].split(separator: 0x2C, omittingEmptySubsequences: false).map(Array.init)
                let c = rng.below(cells.count)
                let v = Hostile.value(&rng, maxBytes: maxBytes / 4)
                cells[c] = rng.chance(50) ? quoted(v) : v
                lines[r] = Array(cells.joined(separator: [0x2C]))
            }
            let eol: [UInt8] = rng.chance(70) ? [0x0A] : rng.chance(50) ? [0x0D, 0x0A] : [0x0D]
            var b = Array(lines.joined(separator: eol))
            if rng.chance(70) { b += eol }
            if rng.chance(20) { b = [0xEF, 0xBB, 0xBF] + b }
            return rng.chance(70) ? Mutate.bytes(b, &rng, maxBytes: maxBytes) : Array(b.prefix(maxBytes))
        case 6, 7:
            return Array(table(&rng, maxBytes: maxBytes).bytes.prefix(maxBytes))
        default:
            return Hostile.bytes(&rng, count: rng.length(max: 4096), alphabet: Array("\",\r\na b\"\"".utf8))
        }
    }

    /// `"…"` with inner quotes doubled.
    static func quoted(_ v: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x22]
        for c in v {
            out.append(c)
            if c == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
        return out
    }

    /// A random table of valid UTF-8 cells written as RFC 4180 CSV, the cells, and the
    /// refusal the reader's rules call for, if any: a row after the first whose first cell
    /// starts, unquoted, with a byte-order mark (U+FEFF) is refused at that row's line, field 1
    /// (docs/import-format.md: a BOM starts a row other than the first — two files joined).
    static func table(_ rng: inout SeededGenerator, maxBytes: Int) -> (
        bytes: [UInt8], rows: [[String]], bomRowLine: Int?
    ) {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let cols = rng.between(1, 8)
        var rows: [[String]] = []
        var out: [UInt8] = []
        var lines = 1
        var bomRowLine: Int?
        let eol: [UInt8] = rng.chance(50) ? [0x0A] : [0x0D, 0x0A]
        for _ in 0..<rng.between(1, 20) {
            var row: [String] = []
            for _ in 0..<cols {
                var v = rng.chance(30) ? "" : String(decoding: Hostile.value(&rng, maxBytes: 2048), as: UTF8.self)
                if rng.chance(30) { v = rng.pick(["a", "Móng Cái", "2021-09-01T08:00:00+07:00", "1,5", "x\"y"]) }
                row.append(v)
            }
            rows.append(row)
            var cells: [[UInt8]] = []
            for v in row {
                let b = Array(v.utf8)
                let needsQuotes = b.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
                // An input-leading BOM is taken as the file's BOM: quote a first cell starting with one.
                let leadingBOM = out.isEmpty && cells.isEmpty && b.starts(with: bom)
                // A row of one empty cell would be a blank line, which is skipped.
                let lone = cols == 1 && b.isEmpty
                let q = needsQuotes || leadingBOM || lone || rng.chance(10)
                if cells.isEmpty, !q, b.starts(with: bom), bomRowLine == nil { bomRowLine = lines }
                cells.append(q ? quoted(b) : b)
            }
            let line = Array(cells.joined(separator: [0x2C])) + eol
            lines += line.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            out += line
            if out.count > maxBytes { break }
        }
        return (out, rows, bomRowLine)
    }

    /// The CSV reader (`CSVReader.parse`): never traps; a syntax error names a line that
    /// exists; records start on increasing lines; an accepted input is valid UTF-8;
    /// records written back (every field quoted) read back the same; a table written by
    /// the rules reads back exactly; the LEMIS mapping runs on what was read.
    public static func csv(config: FuzzConfig, lemisDirectory: String? = nil) -> FuzzTarget {
        let lemis = LEMISRows.load(directory: lemisDirectory)
        let mapping = try? ImportMapping(
            maps: lemisMaps, sets: lemisSets, missing: ["NA"], knownFields: AlertDraft.fields)
        let maxBytes = config.maxInputBytes
        return FuzzTarget(
            name: "csv",
            summary: "CSVReader on LEMIS rows mutated, random tables and random bytes (round trips, lines, UTF-8)",
            generate: { rng in
                // One case in five is a table whose expected cells are known; its seed
                // draws the same table again in `check` (the input's first byte says so).
                if rng.chance(20) {
                    let seed = rng.next()
                    var tr = SeededGenerator(seed: seed)
                    let t = table(&tr, maxBytes: maxBytes - 9)
                    return [0x01] + withUnsafeBytes(of: seed.littleEndian, Array.init) + t.bytes
                }
                return csvInput(&rng, lemis: (lemis.header, lemis.rows), maxBytes: maxBytes)
            },
            check: { input in
                if input.first == 0x01, input.count >= 9 {
                    var seed: UInt64 = 0
                    for k in 0..<8 { seed |= UInt64(input[1 + k]) << (8 * UInt64(k)) }
                    var tr = SeededGenerator(seed: seed)
                    let t = table(&tr, maxBytes: maxBytes - 9)
                    if Array(input.dropFirst(9)) == t.bytes {
                        if let line = t.bomRowLine { return checkBOMRefusal(t.bytes, line: line) }
                        do {
                            let got = try CSVReader.parse(t.bytes).map(\.fields)
                            if got != t.rows {
                                return .failed("table read back differently: \(Fuzz.clip("\(got.prefix(3))"))")
                            }
                        } catch {
                            return .failed("a table written by the rules was refused: \(error)")
                        }
                        return .passed
                    }
                }
                return checkCSV(input, mapping: mapping)
            })
    }

    /// A table with a row starting with an unquoted BOM is refused at that row's line,
    /// field 1, naming the byte-order mark (docs/import-format.md) — never read, never
    /// refused elsewhere.
    static func checkBOMRefusal(_ bytes: [UInt8], line: Int) -> FuzzVerdict {
        do {
            let got = try CSVReader.parse(bytes)
            return .failed("a table with a row starting with a BOM at line \(line) was read (\(got.count) records)")
        } catch let e as CSVReader.SyntaxError {
            guard e.line == line, e.field == 1, e.reason.contains("byte-order mark (U+FEFF)") else {
                return .failed("a row starting with a BOM at line \(line), field 1, was refused as: \(e)")
            }
            return .passed
        } catch {
            return .failed("unexpected error \(error)")
        }
    }

    static func checkCSV(_ input: [UInt8], mapping: ImportMapping?) -> FuzzVerdict {
        let lfs = input.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let maxLine = lfs + 2
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.parse(input)
        } catch let e as CSVReader.SyntaxError {
            guard e.line >= 1 && e.line <= maxLine else {
                return .failed("syntax error names line \(e.line), the input has \(lfs + 1)")
            }
            guard !e.reason.isEmpty else { return .failed("syntax error without a reason") }
            return .passed
        } catch {
            return .failed("unexpected error \(error)")
        }
        var last = 0
        for r in records {
            guard r.line > last, r.line <= maxLine else {
                return .failed("record lines out of order or past the end: \(last) then \(r.line)")
            }
            guard !r.fields.isEmpty else { return .failed("a record without fields at line \(r.line)") }
            last = r.line
        }
        let body = input.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(input.dropFirst(3)) : input
        if !records.isEmpty, String(validating: body, as: UTF8.self) == nil {
            return .failed("invalid UTF-8 accepted")
        }
        // Written back with every field quoted, the records read back the same.
        var again: [UInt8] = []
        for r in records {
            again += Array(r.fields.map { quoted(Array($0.utf8)) }.joined(separator: [0x2C])) + [0x0A]
        }
        do {
            let back = try CSVReader.parse(again).map(\.fields)
            if back != records.map(\.fields) { return .failed("records written back read back differently") }
        } catch {
            return .failed("records written back were refused: \(error)")
        }
        // What the import does next: the header compiled, each row's values mapped.
        if let mapping, let header = records.first {
            let compiled = mapping.compile(
                header: header.fields.map(trimmed), knownFields: AlertDraft.fields)
            for r in records.dropFirst() where r.fields.count == header.fields.count {
                _ = compiled.values { r.fields[$0] }
            }
        }
        return .passed
    }

    /// `s` without leading and trailing spaces and tabs.
    static func trimmed(_ s: String) -> String {
        var t = Substring(s)
        while let f = t.first, f == " " || f == "\t" { t.removeFirst() }
        while let l = t.last, l == " " || l == "\t" { t.removeLast() }
        return String(t)
    }

    /// JSON Lines: LEMIS rows as alert objects, mutated; hostile values; random bytes.
    static func jsonlInput(_ rng: inout SeededGenerator, lemis: (header: [UInt8], rows: [[UInt8]]), maxBytes: Int)
        -> [UInt8]
    {
        if rng.chance(10) {
            return Hostile.bytes(&rng, count: rng.length(max: 4096), alphabet: Array("{}[]\":,\n\r 0a\\u".utf8))
        }
        let names = lemis.header.split(separator: 0x2C).map { String(decoding: $0, as: UTF8.self) }
        func cell(_ row: [String], _ name: String) -> String {
            guard let i = names.firstIndex(of: name), i < row.count else { return "" }
            return row[i]
        }
        var out: [UInt8] = []
        for _ in 0..<rng.between(1, 25) {
            let row = rng.pick(lemis.rows).split(separator: 0x2C, omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
            var members: [(String, JSON)] = [
                ("received", .string(cell(row, "shipment_date"))), ("source", .string("member_country")),
                ("source_detail", .string("US")),
                ("subject", .string(cell(row, "specific_name") + " " + cell(row, "generic_name"))),
                ("species", .string(cell(row, "genus") + " " + cell(row, "species"))),
                ("quantity", .number(number(cell(row, "quantity")))),
                ("quantity_unit", .string(cell(row, "unit"))), ("reference", .string(cell(row, "control_number"))),
                ("notes", .string("LEMIS " + cell(row, "control_number"))),
            ]
            for _ in 0..<rng.below(3) {
                let k = rng.below(members.count)
                let hostile = String(decoding: Hostile.value(&rng, maxBytes: maxBytes / 8), as: UTF8.self)
                switch rng.below(6) {
                case 0:
                    members[k].1 = .number(rng.pick(["99999999999999999999999", "-0", "1e308", "1e999", "0.0000001"]))
                case 1: members[k].1 = .array([.string(hostile)])
                case 2: members[k].1 = .null
                case 3: members.append((members[k].0, .string(hostile)))  // a duplicate key
                case 4:
                    var deep = JSON.string("x")
                    for _ in 0..<rng.between(1, 600) { deep = .array([deep]) }
                    members[k].1 = deep
                default: members[k].1 = .string(hostile)
                }
            }
            if rng.chance(5) { members.removeAll() }
            out += JSON.object(members).compactBytes
            out += rng.chance(80) ? [0x0A] : rng.chance(50) ? [0x0D, 0x0A] : [0x0D]
            if rng.chance(5) { out += rng.pick([[0x0A], [0x20, 0x09, 0x0A], [0xEF, 0xBB, 0xBF]]) }
            if out.count > maxBytes { break }
        }
        if rng.chance(10) { out = [0xEF, 0xBB, 0xBF] + out }
        return rng.chance(60) ? Mutate.bytes(out, &rng, maxBytes: maxBytes) : Array(out.prefix(maxBytes))
    }

    /// `q` when it is a plain decimal number, else `1`.
    static func number(_ q: String) -> String {
        !q.isEmpty && q.first != "." && q.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) ? q : "1"
    }

    /// JSON Lines as the import reads them (one `JSON.parse` per line, CR stripped):
    /// never traps; an accepted line is valid UTF-8 and reads back the same after
    /// `compactBytes`; a syntax error names an offset inside the line.
    public static func jsonl(config: FuzzConfig, lemisDirectory: String? = nil) -> FuzzTarget {
        let lemis = LEMISRows.load(directory: lemisDirectory)
        let maxBytes = config.maxInputBytes
        return FuzzTarget(
            name: "jsonl",
            summary: "JSON.parse per line on LEMIS alerts as JSON Lines, mutated, and random bytes (round trip, UTF-8)",
            generate: { rng in jsonlInput(&rng, lemis: (lemis.header, lemis.rows), maxBytes: maxBytes) },
            check: { input in
                var start = input.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
                while start <= input.count {
                    var end = start
                    while end < input.count, input[end] != 0x0A { end += 1 }
                    var line = input[start..<end]
                    if line.last == 0x0D { line = line.dropLast() }
                    start = end + 1
                    do {
                        let v = try JSON.parse(line)
                        guard String(validating: line, as: UTF8.self) != nil else {
                            return .failed("invalid UTF-8 accepted in a JSON line")
                        }
                        let back = try JSON.parse(v.compactBytes)
                        guard back == v else { return .failed("JSON read back differently after compactBytes") }
                    } catch let e as JSONParseError {
                        guard e.offset >= 0 && e.offset <= line.count, !e.reason.isEmpty else {
                            return .failed("parse error at offset \(e.offset) of a \(line.count)-byte line")
                        }
                    } catch {
                        return .failed("unexpected error \(error)")
                    }
                }
                return .passed
            })
    }

    /// The whole import (`AlertImporter.run`, dry run, no log) on CSV with the LEMIS
    /// mapping and on JSON Lines: never traps; either a summary (no more appended than
    /// read) or a data/input/I-O failure (65, 66, 74) with a message naming the file.
    public static func importFile(config: FuzzConfig, lemisDirectory: String? = nil) -> FuzzTarget {
        let lemis = LEMISRows.load(directory: lemisDirectory)
        var mapping = try? ImportMapping(
            maps: lemisMaps, sets: lemisSets, missing: ["NA"], knownFields: AlertDraft.fields)
        if let codes = lemis.codes { try? mapping?.loadCodes(csv: codes) }
        let lemisMapping = mapping
        let maxBytes = min(config.maxInputBytes, 64 * 1024)
        let skipYears = config.skipOutOfRangeYears
        let dir = FuzzFiles.directory("import")
        let now = RFC3339Timestamp(epochNanoseconds: 1_630_458_000_000_000_000, offsetSeconds: 25_200)
        return FuzzTarget(
            name: "import",
            summary: "AlertImporter.run (dry run) on LEMIS CSV and JSON Lines, mutated (summary or exit 65/66/74)",
            generate: { rng in
                // First byte: 0 = CSV, 1 = JSON Lines.
                rng.chance(60)
                    ? [0] + csvInput(&rng, lemis: (lemis.header, lemis.rows), maxBytes: maxBytes)
                    : [1] + jsonlInput(&rng, lemis: (lemis.header, lemis.rows), maxBytes: maxBytes)
            },
            check: { input in
                guard let kind = input.first, let lemisMapping else { return .skipped }
                let body = input.dropFirst()
                if skipYears && holdsOutOfRangeYear(body) { return .skipped }
                let path = dir + "/in" + (kind == 1 ? ".jsonl" : ".csv")
                guard FuzzFiles.write(path, Array(body)) else { return .failed("cannot write \(path)") }
                do throws(CLIFailure) {
                    let s = try AlertImporter.run(
                        path: path, format: kind == 1 ? .jsonl : .csv,
                        mapping: kind == 1 ? ImportMapping() : lemisMapping,
                        campaign: CampaignLoader.embeddedGoldenStrike2021, logPath: dir + "/none.log",
                        actor: FuzzFiles.actor, now: now, dryRun: true)
                    guard s.appended <= s.rowsRead, s.alertIDs.count == s.appended else {
                        return .failed("summary does not add up: \(s.text)")
                    }
                } catch {
                    guard [65, 66, 74].contains(error.code) else {
                        return .failed("exit \(error.code): \(Fuzz.clip(error.message))")
                    }
                    guard error.message.contains(path) else {
                        return .failed("failure does not name the file: \(Fuzz.clip(error.message))")
                    }
                }
                if access(dir + "/none.log", F_OK) == 0 { return .failed("a dry run created the log") }
                return .passed
            })
    }
}
