/// An editable single-line text, edited by grapheme cluster (what the officer sees as
/// one character), for search boxes and note fields.
///
/// - Vietnamese works in either normalisation form: "ệ" precomposed (U+1EC7) and
///   decomposed (e + U+0323 + U+0302) are one cluster each; the cursor never stops
///   inside a cluster.
/// - A combining mark typed on its own (as some input methods send it) joins the
///   cluster before the cursor: inserting U+0301 after "e" gives "é" with the cursor
///   after it.
/// - Backspace deletes the whole cluster before the cursor (not just its last mark), so
///   the result does not depend on which normalisation form the input method sent.
/// - Keys follow readline/Emacs: Ctrl-A/E home/end, Ctrl-B/F left/right, Ctrl-D delete,
///   Ctrl-H backspace, Ctrl-U kill to start, Ctrl-K kill to end, Ctrl-W kill the word
///   before the cursor, Ctrl-Y yank the last kill.
/// The stored text is exactly what was typed (no normalisation); drawing sanitises.
public struct TextField: Sendable, Equatable {
    /// The text as clusters.
    public private(set) var characters: [Character]
    /// Cursor position in clusters, 0…characters.count.
    public private(set) var cursor: Int
    /// The most recently killed text (for Ctrl-Y).
    public private(set) var killBuffer: String = ""
    /// Maximum number of clusters accepted; nil for no limit.
    public var maxLength: Int?

    public init(_ text: String = "", maxLength: Int? = nil) {
        characters = Array(text)
        cursor = characters.count
        self.maxLength = maxLength
    }

    /// The text as typed.
    public var text: String { String(characters) }

    /// Replaces the text and puts the cursor at its end.
    public mutating func setText(_ text: String) {
        characters = Array(text)
        cursor = characters.count
    }

    /// Inserts `s` at the cursor. Clusters are recomputed around the insertion, so a
    /// lone combining mark joins the cluster before it; the cursor ends after the
    /// inserted text. Over `maxLength` nothing is inserted.
    public mutating func insert(_ s: String) {
        guard !s.isEmpty else { return }
        let head = String(characters[0..<cursor]) + s
        let tail = String(characters[cursor...])
        let merged = Array(head + tail)
        if let maxLength, merged.count > maxLength { return }
        characters = merged
        // Grapheme breaks inside `head` do not depend on what follows its last cluster, so
        // the cursor goes after head's clusters (or to the end if the tail's first scalar
        // joined head's last cluster).
        cursor = min(head.count, characters.count)
    }

    /// Inserts one character (see `insert(_:)` for combining marks).
    public mutating func insert(_ c: Character) { insert(String(c)) }

    /// Deletes the cluster before the cursor. Returns false at the start.
    @discardableResult public mutating func backspace() -> Bool {
        guard cursor > 0 else { return false }
        characters.remove(at: cursor - 1)
        cursor -= 1
        return true
    }

    /// Deletes the cluster under the cursor. Returns false at the end.
    @discardableResult public mutating func deleteForward() -> Bool {
        guard cursor < characters.count else { return false }
        characters.remove(at: cursor)
        return true
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    public mutating func moveHome() { cursor = 0 }
    public mutating func moveEnd() { cursor = characters.count }

    /// Removes the text before the cursor into the kill buffer.
    public mutating func killToStart() {
        guard cursor > 0 else { return }
        killBuffer = String(characters[0..<cursor])
        characters.removeSubrange(0..<cursor)
        cursor = 0
    }

    /// Removes the text from the cursor to the end into the kill buffer.
    public mutating func killToEnd() {
        guard cursor < characters.count else { return }
        killBuffer = String(characters[cursor...])
        characters.removeSubrange(cursor...)
    }

    /// Removes the word before the cursor (spaces before it, then non-spaces) into the
    /// kill buffer.
    public mutating func killWordBackward() {
        var start = cursor
        while start > 0, characters[start - 1].isWhitespace { start -= 1 }
        while start > 0, !characters[start - 1].isWhitespace { start -= 1 }
        guard start < cursor else { return }
        killBuffer = String(characters[start..<cursor])
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    /// Inserts the kill buffer at the cursor.
    public mutating func yank() { insert(killBuffer) }

    /// Applies an editing key. Returns true when the key belongs to the field (even if
    /// it changed nothing, e.g. Backspace at the start); false for keys the caller
    /// handles (Enter, Esc, Tab, arrows up/down, function keys…).
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let c): insert(c)
        case .backspace, .ctrl("h"): backspace()
        case .delete, .ctrl("d"): deleteForward()
        case .left, .ctrl("b"): moveLeft()
        case .right, .ctrl("f"): moveRight()
        case .home, .ctrl("a"): moveHome()
        case .end, .ctrl("e"): moveEnd()
        case .ctrl("u"): killToStart()
        case .ctrl("k"): killToEnd()
        case .ctrl("w"): killWordBackward()
        case .ctrl("y"): yank()
        default: return false
        }
        return true
    }

    /// The first cluster shown when the field is `columns` wide: 0 when the text up to
    /// the cursor (plus one column for the cursor) fits, else the smallest start that
    /// keeps the cursor on screen at the right edge.
    public func scrollStart(columns: Int) -> Int {
        guard columns > 0 else { return cursor }
        var used = 1  // the cursor's own column
        var start = cursor
        while start > 0 {
            let w = TextWidth.of(Sanitizer.sanitize(String(characters[start - 1])))
            if used + w > columns { break }
            used += w
            start -= 1
        }
        return start
    }

    /// Draws the visible part of the text on the first row of `rect` (sanitised, so a
    /// typed control character shows as its marker), the rest of the row blank in
    /// `style`; when empty, `placeholder` in `muted`. Returns the cursor's absolute
    /// column for `TerminalBackend.setCursor`.
    @discardableResult
    public func draw(into grid: inout Grid, _ rect: Rect, style: Style = .plain, placeholder: String = "") -> Int {
        guard !rect.isEmpty else { return rect.x }
        let row = Rect(x: rect.x, y: rect.y, width: rect.width, height: 1)
        grid.fill(row, style: style)
        if characters.isEmpty {
            grid.put(placeholder, x: rect.x, y: rect.y, maxWidth: rect.width, style: Style(.muted))
            return rect.x
        }
        let start = scrollStart(columns: rect.width)
        var x = rect.x
        var cursorX = rect.x
        for i in start..<characters.count {
            if i == cursor { cursorX = x }
            let s = Sanitizer.sanitize(String(characters[i]))
            let w = TextWidth.of(s)
            if x + w > rect.maxX { break }
            grid.put(s, x: x, y: rect.y, maxWidth: w, style: style)
            x += w
        }
        if cursor == characters.count { cursorX = min(x, rect.maxX - 1) }
        return cursorX
    }
}
