import TerminalKit

/// Text editing in forms and the filter line through the `Keymaps.editing` table (so the
/// keys in help and docs/keys.md are the keys that work), on TerminalKit's `TextField`
/// (per grapheme cluster: Vietnamese letters with their marks are one character, in
/// either normalisation form; a lone combining mark joins the character before it).
/// Returns false when the key is not an editing key.
func edit(_ field: inout TextField, _ key: Key) -> Bool {
    if let action = Keymaps.editing.action(for: key) {
        switch action {
        case .cursorLeft: field.moveLeft()
        case .cursorRight: field.moveRight()
        case .fieldStart: field.moveHome()
        case .fieldEnd: field.moveEnd()
        case .deleteBackward: field.backspace()
        case .deleteForward: field.deleteForward()
        case .deleteWord: field.killWordBackward()
        case .deleteToStart: field.killToStart()
        case .deleteToEnd: field.killToEnd()
        case .yank: field.yank()
        default: return false
        }
        return true
    }
    if case .char(let c) = key {
        field.insert(c)
        return true
    }
    return false
}

extension TextField {
    var isEmpty: Bool { characters.isEmpty }
}
