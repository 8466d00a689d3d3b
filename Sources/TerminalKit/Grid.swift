/// A semantic style role. Views name roles, never colours; a theme maps each role to
/// colours and attributes (see `Theme`).
public enum Role: String, CaseIterable, Sendable, Hashable {
    case text, muted, accent, selection, border
    case borderFocus = "border_focus"
    case ok, warning, danger
    case header, title, banner, critical, high, normal, low
}

/// How one cell is drawn: a role plus attributes that keep meaning without colour
/// (bold, reverse, underline), so monochrome and `NO_COLOR` terminals stay readable.
public struct Style: Sendable, Hashable {
    public var role: Role
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(_ role: Role = .text, bold: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.role = role
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
    }

    public static let plain = Style()
}

/// One terminal cell. A wide character occupies its cell (width 2) and the next one,
/// which is a continuation cell (width 0, empty text). `text` is one grapheme cluster,
/// already sanitised.
public struct Cell: Sendable, Hashable {
    public var text: String
    public var width: UInt8
    public var style: Style

    public init(_ text: String = " ", width: UInt8 = 1, style: Style = .plain) {
        self.text = text
        self.width = width
        self.style = style
    }

    public static let blank = Cell()
    static func continuation(_ style: Style) -> Cell { Cell("", width: 0, style: style) }
    /// True for the right half of a wide character.
    public var isContinuation: Bool { width == 0 }
}

/// A rectangle of cells; origin top-left, x to the right, y down, sizes in columns/rows.
public struct Rect: Sendable, Hashable {
    public var x, y, width, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }
    /// This rectangle shrunk by `n` on every side.
    public func inset(_ n: Int) -> Rect { Rect(x: x + n, y: y + n, width: width - 2 * n, height: height - 2 * n) }
    /// Splits off `rows` rows from the top: (top, rest).
    public func splitTop(_ rows: Int) -> (Rect, Rect) {
        let r = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: r), Rect(x: x, y: y + r, width: width, height: height - r))
    }
    /// Splits off `rows` rows from the bottom: (rest, bottom).
    public func splitBottom(_ rows: Int) -> (Rect, Rect) {
        let r = min(max(0, rows), height)
        return (
            Rect(x: x, y: y, width: width, height: height - r), Rect(x: x, y: y + height - r, width: width, height: r)
        )
    }
    /// Splits off `columns` columns from the left: (left, rest).
    public func splitLeft(_ columns: Int) -> (Rect, Rect) {
        let c = min(max(0, columns), width)
        return (Rect(x: x, y: y, width: c, height: height), Rect(x: x + c, y: y, width: width - c, height: height))
    }
    /// Splits off `columns` columns from the right: (rest, right).
    public func splitRight(_ columns: Int) -> (Rect, Rect) {
        let c = min(max(0, columns), width)
        return (
            Rect(x: x, y: y, width: width - c, height: height), Rect(x: x + width - c, y: y, width: c, height: height)
        )
    }
    /// A `width`×`height` rectangle centred in this one (clamped to its size).
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(max(0, w), width)
        let ch = min(max(0, h), height)
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }
    /// The overlap of two rectangles (empty, at this one's origin, when they do not meet).
    public func intersection(_ o: Rect) -> Rect {
        let nx = max(x, o.x)
        let ny = max(y, o.y)
        let mx = min(maxX, o.maxX)
        let my = min(maxY, o.maxY)
        guard mx > nx, my > ny else { return Rect(x: x, y: y, width: 0, height: 0) }
        return Rect(x: nx, y: ny, width: mx - nx, height: my - ny)
    }
    /// True when the cell (px, py) lies inside.
    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }
}

/// An in-memory screen: `height` rows of `width` cells. Views draw into a grid; the
/// backend diffs two grids and sends only the changed cells to the terminal; tests
/// compare `snapshot()` with text files.
public struct Grid: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Fills `rect` (clipped to the grid) with blanks in `style`.
    public mutating func fill(_ rect: Rect, style: Style = .plain, with char: Character = " ") {
        let text = String(char)
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) {
                cells[y * width + x] = Cell(text, width: 1, style: style)
            }
        }
    }

    /// Draws `text` at (x, y), sanitised, clipped to `maxWidth` columns (default: to the
    /// right edge) and to the grid. A wide character that would not fit whole is replaced
    /// by spaces, never cut in half. Overwriting half of an existing wide character blanks
    /// its other half. Returns the number of columns written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, maxWidth: Int? = nil, style: Style = .plain) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, x + (maxWidth ?? width))
        if let written = putASCII(text, x: x, y: y, limit: limit, style: style) { return written }
        if let written = putOneColumnScalars(text, x: x, y: y, limit: limit, style: style) { return written }
        return putClusters(text, x: x, y: y, limit: limit, style: style)
    }

    /// The general path of `put`: sanitised, broken into grapheme clusters, each measured.
    mutating func putClusters(_ text: String, x: Int, y: Int, limit: Int, style: Style) -> Int {
        var col = x
        let clean = Sanitizer.sanitize(text)
        for ch in clean {
            let w = TextWidth.of(ch)
            if w == 0 {
                // A lone zero-width cluster attaches to the previous cell when there is one.
                if col > x, col - 1 >= 0, col - 1 < width {
                    var prev = col - 1
                    if cells[y * width + prev].isContinuation, prev > 0 { prev -= 1 }
                    cells[y * width + prev].text.append(ch)
                }
                continue
            }
            if col + w > limit {
                while col < limit {
                    if col >= 0 { setCell(x: col, y: y, Cell(" ", width: 1, style: style)) }
                    col += 1
                }
                break
            }
            if col >= 0 {
                setCell(x: col, y: y, Cell(String(ch), width: UInt8(w), style: style))
                if w == 2 { setCell(x: col + 1, y: y, .continuation(style)) }
            }
            col += w
        }
        return max(0, col - x)
    }

    /// The fast path of `put` for printable ASCII (the bulk of alert tables): one pass
    /// over the UTF-8 bytes, no grapheme breaking, no sanitising needed. Returns nil,
    /// having written nothing, when `text` holds anything else.
    @inline(__always)
    mutating func putASCII(_ text: String, x: Int, y: Int, limit: Int, style: Style) -> Int? {
        var text = text
        return text.withUTF8 { bytes -> Int? in
            for b in bytes where b < 0x20 || b >= 0x7F { return nil }
            var col = x
            for b in bytes {
                if col >= limit { break }
                if col >= 0 { setCell(x: col, y: y, Cell(asciiCellText[Int(b)], width: 1, style: style)) }
                col += 1
            }
            return max(0, col - x)
        }
    }

    /// The second fast path of `put`, for text made only of `TextWidth.isOneColumnScalar`
    /// scalars — precomposed Vietnamese and other Latin letters, the middle dot, box
    /// drawing: each such scalar is a grapheme cluster of its own, one column wide, that
    /// the sanitiser leaves as it is, so no grapheme breaking is needed (the subjects and
    /// places of most rows; half of an idle frame's CPU at 1M events went to breaking
    /// them). Returns nil, having written nothing, when `text` holds anything else.
    mutating func putOneColumnScalars(_ text: String, x: Int, y: Int, limit: Int, style: Style) -> Int? {
        for u in text.unicodeScalars where !TextWidth.isOneColumnScalar(u.value) { return nil }
        var col = x
        for u in text.unicodeScalars {
            if col >= limit { break }
            if col >= 0 {
                setCell(
                    x: col, y: y,
                    Cell(u.value < 0x80 ? asciiCellText[Int(u.value)] : String(Character(u)), width: 1, style: style))
            }
            col += 1
        }
        return max(0, col - x)
    }

    /// Sets one cell, repairing any wide character it overlaps.
    mutating func setCell(x: Int, y: Int, _ cell: Cell) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        let i = y * width + x
        let old = cells[i]
        if old.isContinuation, x > 0, cells[i - 1].width == 2, !(cell.isContinuation) {
            cells[i - 1] = Cell(" ", width: 1, style: cells[i - 1].style)
        }
        if old.width == 2, x + 1 < width, cell.width != 2 {
            cells[i + 1] = Cell(" ", width: 1, style: cells[i + 1].style)
        }
        cells[i] = cell
    }

    /// Applies `style` changes to every cell of `rect` (e.g. reverse video for a selected row).
    public mutating func restyle(_ rect: Rect, _ change: (inout Style) -> Void) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) { change(&cells[y * width + x].style) }
        }
    }

    /// One row as text (continuation cells omitted), trailing blanks kept.
    public func rowText(_ y: Int) -> String {
        var s = ""
        for x in 0..<width where !self[x, y].isContinuation { s += self[x, y].text }
        return s
    }

    /// The grid as plain text: one line per row, each ending with `edge` so trailing
    /// blanks show in snapshot files.
    public func snapshot(edge: String = "|") -> String {
        (0..<height).map { rowText($0) + edge }.joined(separator: "\n") + "\n"
    }

    /// One letter per cell naming its role (first letter; see `Role.snapshotLetter`),
    /// upper case when bold or reversed. Pins styles in snapshot tests.
    public func styleSnapshot() -> String {
        (0..<height).map { y in
            String(
                (0..<width).map { x -> Character in
                    let st = self[x, y].style
                    let l = st.role.snapshotLetter
                    return (st.bold || st.reverse) ? Character(l.uppercased()) : l
                })
        }.joined(separator: "\n") + "\n"
    }
}

/// One-character strings for the 128 ASCII code points, built once so the hot path of
/// `Grid.put` shares them instead of building a string per cell.
let asciiCellText: [String] = (0..<128).map { String(Character(Unicode.Scalar(UInt8($0)))) }

extension Role {
    /// A single letter for style snapshots.
    public var snapshotLetter: Character {
        switch self {
        case .text: return "t"
        case .muted: return "m"
        case .accent: return "a"
        case .selection: return "s"
        case .border: return "b"
        case .borderFocus: return "f"
        case .ok: return "o"
        case .warning: return "w"
        case .danger: return "d"
        case .header: return "h"
        case .title: return "i"
        case .banner: return "n"
        case .critical: return "c"
        case .high: return "g"
        case .normal: return "r"
        case .low: return "l"
        }
    }
}
