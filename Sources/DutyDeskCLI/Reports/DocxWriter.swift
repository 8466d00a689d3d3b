// The rapid report as a Word document (.docx) an office opens directly (issue 14, item 4).
// The zip container is ZIPFoundation's; this file only writes the WordprocessingML.
import Foundation
import ZIPFoundation

/// Turns the Markdown the reports write into a minimal Office Open XML word-processing
/// document (ECMA-376: `[Content_Types].xml`, `_rels/.rels`, `word/document.xml`), A4 with
/// the margins of Vietnamese administrative documents, Times New Roman 13 pt. It reads only
/// the subset the reports write: `# ` and `## ` headings, paragraphs, `- ` items, pipe
/// tables (alignment rows give each column's alignment; a table whose every column is
/// aligned with a leading colon — the national heading, the signature block — has no
/// borders, the others have), `**bold**`, `*italic*` and `` `code` ``
/// spans, `\|` in cells. Entries are stored uncompressed with the given time, so the same
/// report gives the same bytes.
enum DocxWriter {
    /// The `.docx` bytes of `markdown`; `modified` is every entry's time in the zip.
    /// - Throws: ZIPFoundation's error when the in-memory archive cannot be written.
    static func document(markdown: String, modified: Date) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in [
            ("[Content_Types].xml", contentTypes), ("_rels/.rels", relationships),
            ("word/document.xml", documentXML(markdown)),
        ] {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: modified,
                provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
        }
        return Array(archive.data ?? Data())
    }

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" \
        ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
        """
    static let relationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" \
        Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
        Target="word/document.xml"/></Relationships>
        """

    /// XML text with `&`, `<`, `>` and `"` escaped.
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// Runs of a line: `**bold**`, `*italic*` and `` `code` `` spans, the rest plain.
    static func runs(_ text: String, size: Int, bold: Bool = false) -> String {
        var out = ""
        var buffer = ""
        var isBold = false
        var isItalic = false
        func flush() {
            guard !buffer.isEmpty else { return }
            var props = "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/>"
            if bold || isBold { props += "<w:b/>" }
            if isItalic { props += "<w:i/>" }
            props += "<w:sz w:val=\"\(size)\"/>"
            out += "<w:r><w:rPr>\(props)</w:rPr><w:t xml:space=\"preserve\">\(escape(buffer))</w:t></w:r>"
            buffer = ""
        }
        var chars = Array(text)[...]
        while let ch = chars.first {
            if ch == "\\", chars.count > 1 {
                buffer.append(chars[chars.startIndex + 1])
                chars = chars.dropFirst(2)
            } else if ch == "*", chars.dropFirst().first == "*" {
                flush()
                isBold.toggle()
                chars = chars.dropFirst(2)
            } else if ch == "*" {
                flush()
                isItalic.toggle()
                chars = chars.dropFirst()
            } else if ch == "`" {
                chars = chars.dropFirst()
            } else {
                buffer.append(ch)
                chars = chars.dropFirst()
            }
        }
        flush()
        return out
    }

    /// One paragraph: alignment (`left`, `center`, `right`, `both`), size in half-points.
    static func paragraph(
        _ text: String, align: String = "both", size: Int = 26, bold: Bool = false, after: Int = 120
    ) -> String {
        "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"\(after)\"/><w:jc w:val=\"\(align)\"/></w:pPr>"
            + runs(text, size: size, bold: bold) + "</w:p>"
    }

    /// The cells of a pipe-table row, `\|` kept inside a cell.
    static func cells(_ line: String) -> [String] {
        var body = Substring(line.trimmingCharacters(in: .whitespaces))
        if body.hasPrefix("|") { body = body.dropFirst() }
        if body.hasSuffix("|") && !body.hasSuffix("\\|") { body = body.dropLast() }
        var out: [String] = []
        var cell = ""
        var escaped = false
        for ch in body {
            if escaped {
                cell.append(ch)
                escaped = false
            } else if ch == "\\" {
                cell.append(ch)
                escaped = true
            } else if ch == "|" {
                out.append(cell.trimmingCharacters(in: .whitespaces))
                cell = ""
            } else {
                cell.append(ch)
            }
        }
        out.append(cell.trimmingCharacters(in: .whitespaces))
        return out
    }

    /// A pipe table: the header row, the alignment row, the body rows.
    static func table(_ lines: [String]) -> String {
        guard lines.count >= 2 else { return "" }
        let header = cells(lines[0])
        // A layout table (the national heading, the signature block) aligns every column
        // with a leading colon (`:---:`, `:---`); a data table gets borders.
        let bordered = !cells(lines[1]).allSatisfy { $0.hasPrefix(":") }
        let aligns: [String] = cells(lines[1]).map { spec in
            let s = spec.trimmingCharacters(in: .whitespaces)
            if s.hasPrefix(":") && s.hasSuffix(":") { return "center" }
            if s.hasSuffix(":") { return "right" }
            if s.hasPrefix(":") { return "left" }
            return bordered ? "left" : "center"
        }
        let n = max(1, header.count)
        let width = 9_000 / n
        var out = "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/>"
        if bordered {
            out += "<w:tblBorders>"
            for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
                out += "<w:\(side) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
            }
            out += "</w:tblBorders>"
        }
        out += "</w:tblPr><w:tblGrid>"
        for _ in 0..<n { out += "<w:gridCol w:w=\"\(width)\"/>" }
        out += "</w:tblGrid>"
        for (i, line) in ([lines[0]] + lines.dropFirst(2)).enumerated() {
            out += "<w:tr>"
            let row = cells(line)
            for c in 0..<n {
                let text = c < row.count ? row[c] : ""
                let align = c < aligns.count ? aligns[c] : "left"
                out += "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/></w:tcPr>"
                out += paragraph(text, align: align, size: bordered ? 24 : 26, bold: bordered && i == 0, after: 0)
                out += "</w:tc>"
            }
            out += "</w:tr>"
        }
        return out + "</w:tbl>" + paragraph("", after: 0)
    }

    /// `word/document.xml` for `markdown`.
    static func documentXML(_ markdown: String) -> String {
        var body = ""
        var tableLines: [String] = []
        func endTable() {
            guard !tableLines.isEmpty else { return }
            body += table(tableLines)
            tableLines = []
        }
        for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.hasPrefix("|") {
                tableLines.append(line)
                continue
            }
            endTable()
            if line.hasPrefix("# ") {
                body += paragraph(String(line.dropFirst(2)), align: "center", size: 28, bold: true, after: 60)
            } else if line.hasPrefix("## ") {
                body += paragraph(String(line.dropFirst(3)), align: "left", size: 26, bold: true)
            } else if line.hasPrefix("- ") {
                body += paragraph("– " + line.dropFirst(2))
            } else if !line.isEmpty {
                body += paragraph(line)
            }
        }
        endTable()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\
            \(body)<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>\
            <w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="709" w:footer="709" \
            w:gutter="0"/></w:sectPr></w:body></w:document>
            """
    }
}
