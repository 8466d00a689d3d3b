import TerminalKit

/// Text editing in forms and the filter line through the `Keymaps.editing` table (so the
/// keys in help and docs/keys.md are the keys that work), on TerminalKit's `TextField`
/// (per grapheme cluster: Vietnamese letters with their marks are one character, in
/// either normalisation form; a lone combining mark joins the character before it).
/// `action` is what the live keymaps made of `key` (`AppState.action(for:)`); a plain
/// character with no action is typed. Returns false when neither edits the field.
func edit(_ field: inout TextField, _ action: Action?, _ key: Key) -> Bool {
    if let action {
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

/// `edit(_:_:_:)` with the action the text-field table alone gives `key` (a field edited
/// outside the dashboard's contexts, e.g. in tests).
func edit(_ field: inout TextField, _ key: Key) -> Bool { edit(&field, Keymaps.editing.action(for: key), key) }

extension TextField {
    var isEmpty: Bool { characters.isEmpty }
}
