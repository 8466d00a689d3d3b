import TerminalKit

/// A one-line text field's content and cursor, edited per grapheme cluster so Vietnamese
/// behaves as the officer sees it: "ệ" is one step of the cursor and one Backspace
/// whether it was typed precomposed (U+1EC7) or as e + U+0323 + U+0302; a combining mark
/// typed on its own joins the character before the cursor.
///
/// `cursor` counts grapheme clusters from the start (0…`text.count`).
struct LineEditor: Sendable, Equatable {
    private(set) var text: String
    private(set) var cursor: Int

    init(_ text: String = "") {
        self.text = text
        cursor = text.count
    }

    var isEmpty: Bool { text.isEmpty }

    mutating func set(_ s: String) {
        text = s
        cursor = s.count
    }

    /// Applies an editing key: the `Keymaps.editing` table, then printable characters.
    /// Returns false when the key is not an editing key.
    mutating func handle(_ key: Key) -> Bool {
        if let action = Keymaps.editing.action(for: key) { return apply(action) }
        if case .char(let c) = key { insert(c); return true }
        return false
    }

    /// Applies an editing action; false for actions that are not about text.
    mutating func apply(_ action: Action) -> Bool {
        switch action {
        case .cursorLeft: cursor = max(0, cursor - 1)
        case .cursorRight: cursor = min(text.count, cursor + 1)
        case .fieldStart: cursor = 0
        case .fieldEnd: cursor = text.count
        case .deleteBackward: deleteBackward()
        case .deleteForward: deleteForward()
        case .deleteWord: deleteWordBackward()
        case .deleteToStart:
            text = String(text.dropFirst(cursor))
            cursor = 0
        case .deleteToEnd: text = String(text.prefix(cursor))
        default: return false
        }
        return true
    }

    /// Inserts a character (or a lone combining mark, which then joins the cluster before
    /// the cursor) and leaves the cursor after it.
    mutating func insert(_ c: Character) {
        let prefix = String(text.prefix(cursor)) + String(c)
        let suffix = text.dropFirst(cursor)
        text = prefix + suffix
        // Counting the new prefix lets a combining mark merge into the previous cluster.
        cursor = prefix.count
        if cursor > text.count { cursor = text.count }
    }

    mutating func deleteBackward() {
        guard cursor > 0 else { return }
        var chars = Array(text)
        chars.remove(at: cursor - 1)
        text = String(chars)
        cursor -= 1
        cursor = min(cursor, text.count)
    }

    mutating func deleteForward() {
        guard cursor < text.count else { return }
        var chars = Array(text)
        chars.remove(at: cursor)
        text = String(chars)
        cursor = min(cursor, text.count)
    }

    mutating func deleteWordBackward() {
        var chars = Array(text)
        var i = cursor
        while i > 0, chars[i - 1] == " " { i -= 1 }
        while i > 0, chars[i - 1] != " " { i -= 1 }
        chars.removeSubrange(i..<cursor)
        text = String(chars)
        cursor = i
    }

    /// The part of the text to draw in `columns` columns so the cursor stays visible, and
    /// the cursor's column inside it. Wide characters are never cut.
    func window(columns: Int) -> (text: String, cursorColumn: Int) {
        guard columns > 0 else { return ("", 0) }
        let chars = Array(Sanitizer.sanitize(text))
        let widths = chars.map { TextWidth.of($0) }
        let cur = min(cursor, chars.count)
        var start = 0
        // Width from start to cursor must leave one column for the cursor cell.
        var before = widths[0..<cur].reduce(0, +)
        while before > columns - 1, start < cur {
            before -= widths[start]
            start += 1
        }
        var out = ""
        var w = 0
        var i = start
        while i < chars.count, w + widths[i] <= columns {
            out.append(chars[i])
            w += widths[i]
            i += 1
        }
        return (out, before)
    }
}
