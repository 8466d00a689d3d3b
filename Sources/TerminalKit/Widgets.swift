/// Widgets: plain values that draw themselves into a `Grid` within a `Rect`. They
/// never draw outside their rectangle, name roles (never colours), and cost only what
/// is visible: a table of 100 000 rows asks for the rows on screen and no others.

/// Line-drawing characters for borders.
public struct BoxCharacters: Sendable, Equatable {
    public var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: Character
    /// Unicode box drawing (U+2500 block): ─│┌┐└┘.
    public static let unicode = BoxCharacters(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘")
    /// Heavy box drawing for the focused pane: ━┃┏┓┗┛ (keeps focus visible without colour).
    public static let heavy = BoxCharacters(
        horizontal: "━", vertical: "┃", topLeft: "┏", topRight: "┓", bottomLeft: "┗", bottomRight: "┛")
    /// ASCII fallback for terminals or fonts without box drawing: -|++++ .
    public static let ascii = BoxCharacters(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+")
    /// ASCII fallback for the focused pane: =#####.
    public static let asciiFocus = BoxCharacters(
        horizontal: "=", vertical: "#", topLeft: "#", topRight: "#", bottomLeft: "#", bottomRight: "#")
}

/// A bordered pane with an optional title in the top border. Focus changes the role
/// (`border_focus`), makes the border bold and heavy, so it is visible in monochrome.
public struct Box: Sendable {
    public var title: String?
    public var focused: Bool
    /// Use `-|+` instead of box-drawing characters.
    public var ascii: Bool

    public init(title: String? = nil, focused: Bool = false, ascii: Bool = false) {
        self.title = title
        self.focused = focused
        self.ascii = ascii
    }

    /// The characters this box draws with.
    public var characters: BoxCharacters {
        switch (ascii, focused) {
        case (false, false): return .unicode
        case (false, true): return .heavy
        case (true, false): return .ascii
        case (true, true): return .asciiFocus
        }
    }

    /// Draws the border (and title, truncated with "…" to fit) on the edge of `rect`
    /// and returns the inner rectangle (`rect.inset(1)`). A rect smaller than 2×2 draws
    /// nothing and returns an empty rect. The inside is not cleared.
    @discardableResult
    public func draw(into grid: inout Grid, _ rect: Rect) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        let ch = characters
        let style = Style(focused ? .borderFocus : .border, bold: focused)
        // The border characters are one column wide and clean: their cells are made once
        // and set directly (a string per border line went through grapheme breaking).
        func cell(_ c: Character) -> Cell { Cell(String(c), width: 1, style: style) }
        let h = cell(ch.horizontal)
        let v = cell(ch.vertical)
        for (y, left, right) in [(rect.y, ch.topLeft, ch.topRight), (rect.maxY - 1, ch.bottomLeft, ch.bottomRight)] {
            grid.setCell(x: rect.x, y: y, cell(left))
            for x in rect.x + 1..<rect.maxX - 1 { grid.setCell(x: x, y: y, h) }
            grid.setCell(x: rect.maxX - 1, y: y, cell(right))
        }
        for y in rect.y + 1..<rect.maxY - 1 {
            grid.setCell(x: rect.x, y: y, v)
            grid.setCell(x: rect.maxX - 1, y: y, v)
        }
        if let title, !title.isEmpty, rect.width >= 5 {
            let (t, _) = TextWidth.truncate(Sanitizer.sanitize(title), toColumns: rect.width - 4)
            grid.put(
                " " + t + " ", x: rect.x + 1, y: rect.y, maxWidth: rect.width - 2, style: Style(.title, bold: focused))
        }
        return rect.inset(1)
    }
}

/// How a table column takes its width.
public enum ColumnWidth: Sendable, Equatable {
    /// Exactly this many columns.
    case fixed(Int)
    /// A share of what the fixed columns leave, never below `min` columns.
    case flexible(min: Int, weight: Int)
}

/// Horizontal alignment of text in a column.
public enum Alignment: Sendable, Equatable { case left, right }

/// One column of a `TableView`.
public struct TableColumn: Sendable, Equatable {
    public var title: String
    public var width: ColumnWidth
    public var alignment: Alignment
    public init(_ title: String, width: ColumnWidth, alignment: Alignment = .left) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }
}

/// One row as a table shows it: a string per column, the row's style and optional
/// per-cell styles (nil entries use the row style).
public struct TableRow: Sendable, Equatable {
    public var cells: [String]
    public var style: Style
    public var cellStyles: [Style?]
    public init(_ cells: [String], style: Style = .plain, cellStyles: [Style?] = []) {
        self.cells = cells
        self.style = style
        self.cellStyles = cellStyles
    }
}

/// A scrolling table with a header row. It never holds the rows: `draw` asks the
/// `row` closure for the visible indices only, so 100 000 rows cost the same as 30.
/// The selected row is drawn in the `selection` role with reverse video.
public struct TableView: Sendable {
    public var columns: [TableColumn]
    /// Columns of space between two columns.
    public var spacing: Int
    public var showHeader: Bool

    public init(columns: [TableColumn], spacing: Int = 1, showHeader: Bool = true) {
        self.columns = columns
        self.spacing = spacing
        self.showHeader = showHeader
    }

    /// The widths of the columns for a table `total` columns wide. Fixed columns keep
    /// their width; flexible ones share the rest by weight (never below their minimum);
    /// columns past the right edge get what is left (possibly 0).
    public func columnWidths(total: Int) -> [Int] {
        let gaps = spacing * max(0, columns.count - 1)
        var fixed = 0
        var weights = 0
        var mins = 0
        for c in columns {
            switch c.width {
            case .fixed(let n): fixed += max(0, n)
            case .flexible(let m, let wt):
                mins += max(0, m)
                weights += max(0, wt)
            }
        }
        var spare = max(0, total - gaps - fixed - mins)
        var widths: [Int] = []
        var weightLeft = weights
        for c in columns {
            switch c.width {
            case .fixed(let n): widths.append(max(0, n))
            case .flexible(let m, let wt):
                let share = weightLeft > 0 ? spare * max(0, wt) / weightLeft : 0
                spare -= share
                weightLeft -= max(0, wt)
                widths.append(max(0, m) + share)
            }
        }
        return widths
    }

    /// The first row to show so that `selected` stays visible, moving the view as
    /// little as possible from `offset`. Clamped to `0…max(0, rowCount − visibleRows)`.
    public static func scrollOffset(selected: Int?, offset: Int, visibleRows: Int, rowCount: Int) -> Int {
        guard visibleRows > 0, rowCount > 0 else { return 0 }
        var o = offset
        if let s = selected {
            if s < o { o = s }
            if s >= o + visibleRows { o = s - visibleRows + 1 }
        }
        return min(max(0, o), max(0, rowCount - visibleRows))
    }

    /// Rows of data that fit in `rect` (its height less the header row).
    public func visibleRows(in rect: Rect) -> Int { max(0, rect.height - (showHeader ? 1 : 0)) }

    /// Draws header and the visible rows into `rect`, clearing it first, and returns the
    /// scroll offset used (pass it back as `offset` next frame). `row(i)` is called only
    /// for visible `i` in `0..<rowCount`. Cell text is sanitised and truncated with "…".
    @discardableResult
    public func draw(
        into grid: inout Grid, _ rect: Rect, rowCount: Int, selected: Int?, offset: Int,
        row: (Int) -> TableRow
    ) -> Int {
        grid.fill(rect)
        guard !rect.isEmpty else { return 0 }
        let widths = columnWidths(total: rect.width)
        var y = rect.y
        if showHeader {
            drawCells(
                into: &grid, columns.map(\.title), widths: widths, x: rect.x, y: y, maxX: rect.maxX,
                style: Style(.header, bold: true), cellStyles: [])
            y += 1
        }
        let visible = visibleRows(in: rect)
        let first = TableView.scrollOffset(selected: selected, offset: offset, visibleRows: visible, rowCount: rowCount)
        var i = first
        while i < rowCount, y < rect.maxY {
            let r = row(i)
            let isSelected = i == selected
            drawCells(
                into: &grid, r.cells, widths: widths, x: rect.x, y: y, maxX: rect.maxX,
                style: r.style, cellStyles: r.cellStyles)
            if isSelected {
                grid.restyle(Rect(x: rect.x, y: y, width: rect.width, height: 1)) {
                    $0.role = .selection
                    $0.reverse = true
                }
            }
            i += 1
            y += 1
        }
        return first
    }

    private func drawCells(
        into grid: inout Grid, _ cells: [String], widths: [Int], x: Int, y: Int, maxX: Int,
        style: Style, cellStyles: [Style?]
    ) {
        var cx = x
        for (c, w) in widths.enumerated() {
            guard cx < maxX else { break }
            let width = min(w, maxX - cx)
            if c < cells.count, width > 0 {
                let st = (c < cellStyles.count ? cellStyles[c] : nil) ?? style
                let text = Sanitizer.sanitize(cells[c])
                let tw = TextWidth.of(text)
                if tw > width {
                    grid.put(TextWidth.truncate(text, toColumns: width).0, x: cx, y: y, maxWidth: width, style: st)
                } else if columns[c].alignment == .left {
                    grid.put(text, x: cx, y: y, maxWidth: width, style: st)
                    if tw < width { grid.fill(Rect(x: cx + tw, y: y, width: width - tw, height: 1), style: st) }
                } else {
                    if tw < width { grid.fill(Rect(x: cx, y: y, width: width - tw, height: 1), style: st) }
                    grid.put(text, x: cx + width - tw, y: y, maxWidth: tw, style: st)
                }
            }
            cx += w
            if c < widths.count - 1, spacing > 0, cx < maxX {
                grid.fill(Rect(x: cx, y: y, width: min(spacing, maxX - cx), height: 1), style: style)
                cx += spacing
            }
        }
        if cx < maxX { grid.fill(Rect(x: cx, y: y, width: maxX - cx, height: 1), style: style) }
    }
}

/// A row of tabs (one pane at a time on small terminals, screens on large ones). The
/// selected tab is reverse and bold so it shows without colour.
public struct TabBar: Sendable {
    public var titles: [String]
    public var selected: Int
    public init(titles: [String], selected: Int) {
        self.titles = titles
        self.selected = selected
    }

    /// Draws the tabs on the first row of `rect`, each as " title ", separated by "│".
    /// When they do not fit, every title is shortened equally (with "…"); the selected
    /// one is never dropped. Returns the column ranges of the tabs for mouse-free tests.
    @discardableResult
    public func draw(into grid: inout Grid, _ rect: Rect) -> [Range<Int>] {
        guard !rect.isEmpty else { return [] }
        grid.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), style: Style(.muted))
        guard !titles.isEmpty else { return [] }
        let clean = titles.map { Sanitizer.sanitize($0) }
        let seps = titles.count - 1
        var budget = clean.map { TextWidth.of($0) }.max() ?? 0
        func total(_ b: Int) -> Int { clean.reduce(0) { $0 + min(TextWidth.of($1), b) + 2 } + seps }
        while budget > 1, total(budget) > rect.width { budget -= 1 }
        var ranges: [Range<Int>] = []
        var x = rect.x
        for (i, t) in clean.enumerated() {
            let (shown, w) = TextWidth.truncate(t, toColumns: budget)
            let isSel = i == selected
            let st = isSel ? Style(.accent, bold: true, reverse: true) : Style(.muted)
            let start = x
            x += grid.put(" " + shown + " ", x: x, y: rect.y, maxWidth: max(0, rect.maxX - x), style: st)
            ranges.append(start..<min(start + w + 2, rect.maxX))
            if i < titles.count - 1, x < rect.maxX {
                x += grid.put("│", x: x, y: rect.y, maxWidth: 1, style: Style(.border))
            }
        }
        return ranges
    }
}

/// A one-line message across `rect`'s first row (e.g. "read-only: log damaged at
/// seq 812"), padded to the full width in the given role, bold.
public struct Banner: Sendable {
    public var text: String
    public var role: Role
    public init(_ text: String, role: Role = .banner) {
        self.text = text
        self.role = role
    }

    public func draw(into grid: inout Grid, _ rect: Rect) {
        guard !rect.isEmpty else { return }
        let st = Style(role, bold: true)
        grid.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), style: st)
        let (t, _) = TextWidth.truncate(Sanitizer.sanitize(text), toColumns: max(0, rect.width - 2))
        grid.put(t, x: rect.x + 1, y: rect.y, maxWidth: max(0, rect.width - 2), style: st)
    }
}

/// One line of text with its style.
public struct StyledLine: Sendable, Equatable {
    public var text: String
    public var style: Style
    public init(_ text: String, style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

/// A modal frame centred over the screen: a focused box with a title and lines of
/// text (help, confirmation, detail). Lines that do not fit are cut, long lines are
/// truncated with "…".
public struct Overlay: Sendable {
    public var title: String
    public var lines: [StyledLine]
    /// Inner width wanted; nil sizes the box to the longest line.
    public var preferredWidth: Int?
    public var ascii: Bool

    public init(title: String, lines: [StyledLine], preferredWidth: Int? = nil, ascii: Bool = false) {
        self.title = title
        self.lines = lines
        self.preferredWidth = preferredWidth
        self.ascii = ascii
    }

    /// The rectangle the overlay takes inside `bounds`: content plus a border and one
    /// column of padding on each side, centred, never larger than `bounds`.
    public func frame(in bounds: Rect) -> Rect {
        let contentWidth =
            preferredWidth
            ?? max(
                TextWidth.of(Sanitizer.sanitize(title)) + 2,
                lines.map { TextWidth.of(Sanitizer.sanitize($0.text)) }.max() ?? 0)
        let w = min(bounds.width, contentWidth + 4)
        let h = min(bounds.height, lines.count + 2)
        return Rect(x: bounds.x + (bounds.width - w) / 2, y: bounds.y + (bounds.height - h) / 2, width: w, height: h)
    }

    /// Clears the frame, draws the box and the lines; returns the frame used.
    @discardableResult
    public func draw(into grid: inout Grid, in bounds: Rect) -> Rect {
        let f = frame(in: bounds)
        grid.fill(f)
        let inner = Box(title: title, focused: true, ascii: ascii).draw(into: &grid, f)
        guard inner.width > 2 else { return f }
        for (i, line) in lines.enumerated() where i < inner.height {
            let (t, _) = TextWidth.truncate(Sanitizer.sanitize(line.text), toColumns: inner.width - 2)
            grid.put(t, x: inner.x + 1, y: inner.y + i, maxWidth: inner.width - 2, style: line.style)
        }
        return f
    }
}

/// The footer: short key hints taken from a keymap (bindings with a `hint`), as many
/// as fit, followed by an optional right-aligned status text.
public struct StatusLine: Sendable {
    /// (key label, help) pairs in keymap order.
    public var hints: [(key: String, help: String)]
    public var status: String

    public init(hints: [(key: String, help: String)], status: String = "") {
        self.hints = hints
        self.status = status
    }

    /// Hints from the bindings of `keymap` that carry a `hint`; the key shown is the
    /// binding's first key; the hint in Vietnamese when `vietnamese` is true.
    public init<A>(keymap: Keymap<A>, vietnamese: Bool = false, status: String = "") {
        self.hints = keymap.bindings.compactMap { b in
            guard let k = b.keys.first, let h = b.hint else { return nil }
            return (k.label, vietnamese ? h.vi : h.en)
        }
        self.status = status
    }

    /// Draws on the first row of `rect`: "key help" pairs separated by two spaces, keys
    /// bold in `accent`, help in `muted`; a hint that would not fit whole is left out
    /// (with all after it). Returns how many hints were shown.
    @discardableResult
    public func draw(into grid: inout Grid, _ rect: Rect) -> Int {
        guard !rect.isEmpty else { return 0 }
        let row = Rect(x: rect.x, y: rect.y, width: rect.width, height: 1)
        grid.fill(row, style: Style(.muted))
        let st = Sanitizer.sanitize(status)
        let statusWidth = min(TextWidth.of(st), rect.width)
        let hintLimit = rect.maxX - (statusWidth > 0 ? statusWidth + 2 : 0)
        var x = rect.x + 1
        var shown = 0
        for h in hints {
            let kw = TextWidth.of(h.key)
            let hw = TextWidth.of(h.help)
            let need = kw + 1 + hw
            if x + need > hintLimit { break }
            grid.put(h.key, x: x, y: rect.y, style: Style(.accent, bold: true))
            grid.put(h.help, x: x + kw + 1, y: rect.y, style: Style(.muted))
            x += need + 2
            shown += 1
        }
        if statusWidth > 0 {
            let (t, w) = TextWidth.truncate(st, toColumns: rect.width)
            grid.put(t, x: rect.maxX - w, y: rect.y, maxWidth: w, style: Style(.text))
        }
        return shown
    }
}
