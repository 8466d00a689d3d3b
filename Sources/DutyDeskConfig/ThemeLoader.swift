import Foundation
import TerminalKit
import Yams

/// A theme file that cannot be used: names the file, the 1-based line (when known), the
/// field (a dotted path such as `roles.danger.fg`) and what is wrong.
public struct ThemeError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int?
    public var field: String
    public var message: String

    public init(file: String, line: Int?, field: String, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// "themes/x.yaml:12: roles.danger.fg: colour 'crimson' is not in the palette (…)".
    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return field.isEmpty ? "\(place): \(message)" : "\(place): \(field): \(message)"
    }
}

/// Reads theme files (YAML, format in docs/themes.md) into `TerminalKit.Theme`.
///
/// A theme has a `name`, a `palette` of named colours (an ANSI name such as `red` or
/// `bright_black`, `#rrggbb`, or `default` for the terminal's own colour) and `roles`,
/// each with optional `fg` and `bg` (palette names; `default` is always available) and
/// `bold`, `dim`, `reverse`, `underline` (true/false). Roles left out fall back as
/// `Role.fallback` describes; `text` is required. Unknown keys are errors, so a typo
/// never silently does nothing.
public enum ThemeLoader {
    /// Names of the themes compiled into the binary, in the order shown to the officer.
    public static let shippedNames = ShippedThemes.names

    /// The YAML text of a shipped theme (identical to themes/<name>.yaml), nil if unknown.
    public static func shippedText(_ name: String) -> String? { ShippedThemes.texts[name] }

    /// A shipped theme by name (`default`, `high-contrast`, `light`, `monochrome`) or a
    /// theme file by path (anything containing "/" or ending in .yaml/.yml).
    /// - Throws: `ThemeError` for an unknown name (listing the shipped ones), an
    ///   unreadable file, invalid YAML, or invalid contents.
    public static func load(nameOrPath: String) throws -> Theme {
        let isPath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml")
        if !isPath {
            guard let text = shippedText(nameOrPath) else {
                throw ThemeError(
                    file: nameOrPath, line: nil, field: "",
                    message:
                        "no shipped theme of that name; shipped themes: \(shippedNames.joined(separator: ", ")), or give a path to a .yaml file"
                )
            }
            return try parse(text, file: "themes/\(nameOrPath).yaml (built in)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: nameOrPath))
        } catch {
            throw ThemeError(
                file: nameOrPath, line: nil, field: "",
                message: "cannot read the theme file (\(error.localizedDescription))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ThemeError(file: nameOrPath, line: nil, field: "", message: "the theme file is not valid UTF-8")
        }
        return try parse(text, file: nameOrPath)
    }

    /// Parses theme YAML; `file` is used in error messages only.
    /// - Throws: `ThemeError`.
    public static func parse(_ text: String, file: String) throws -> Theme {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ThemeError(file: file, line: nil, field: "", message: "the theme file is empty")
            }
            root = node
        } catch let e as ThemeError {
            throw e
        } catch let e as YamlError {
            throw ThemeError(file: file, line: yamlLine(e), field: "", message: "not valid YAML: \(yamlProblem(e))")
        } catch {
            throw ThemeError(file: file, line: nil, field: "", message: "not valid YAML: \(error)")
        }
        func fail(_ node: Node?, _ field: String, _ message: String) -> ThemeError {
            ThemeError(file: file, line: node?.mark?.line, field: field, message: message)
        }
        guard case .mapping(let top) = root else {
            throw fail(root, "", "expected a mapping with name, palette and roles")
        }
        for (k, _) in top where !["name", "palette", "roles", "description"].contains(k.string ?? "") {
            throw fail(k, k.string ?? "?", "unknown key; expected name, description, palette, roles")
        }
        guard let nameNode = top["name"] else { throw fail(root, "name", "missing") }
        guard case .scalar(let nameScalar) = nameNode, !nameScalar.string.isEmpty else {
            throw fail(nameNode, "name", "expected a non-empty string")
        }

        var palette: [String: ThemeColor] = [:]
        if let p = top["palette"] {
            guard case .mapping(let pm) = p else {
                throw fail(p, "palette", "expected a mapping of colour names to colours")
            }
            for (k, v) in pm {
                guard let key = k.string, !key.isEmpty else { throw fail(k, "palette", "colour names must be strings") }
                guard case .scalar(let s) = v, let colour = ThemeColor(parsing: s.string) else {
                    throw fail(
                        v, "palette.\(key)",
                        "'\(v.string ?? "?")' is not a colour; use default, an ANSI name (\(ThemeColor.ansiNames.joined(separator: ", "))) or #rrggbb"
                    )
                }
                palette[key] = colour
            }
        }
        var lookup = palette
        if lookup["default"] == nil { lookup["default"] = .terminalDefault }

        guard let rolesNode = top["roles"] else { throw fail(root, "roles", "missing") }
        guard case .mapping(let rm) = rolesNode else {
            throw fail(rolesNode, "roles", "expected a mapping of role names to styles")
        }
        let validRoles = Role.allCases.map(\.rawValue).joined(separator: ", ")
        var roles: [Role: RoleStyle] = [:]
        for (k, v) in rm {
            guard let key = k.string, let role = Role(rawValue: key) else {
                throw fail(k, "roles.\(k.string ?? "?")", "unknown role; valid roles: \(validRoles)")
            }
            if roles[role] != nil { throw fail(k, "roles.\(key)", "defined twice") }
            var style = RoleStyle()
            if case .mapping(let sm) = v {
                for (fk, fv) in sm {
                    let field = fk.string ?? "?"
                    let path = "roles.\(key).\(field)"
                    switch field {
                    case "fg", "bg":
                        guard case .scalar(let s) = fv, let c = lookup[s.string] else {
                            let names = lookup.keys.sorted().joined(separator: ", ")
                            throw fail(
                                fv, path, "colour '\(fv.string ?? "?")' is not in the palette; palette: \(names)")
                        }
                        if field == "fg" { style.foreground = c } else { style.background = c }
                    case "bold", "dim", "reverse", "underline":
                        guard case .scalar(let s) = fv, s.string == "true" || s.string == "false" else {
                            throw fail(fv, path, "expected true or false")
                        }
                        let on = s.string == "true"
                        switch field {
                        case "bold": style.bold = on
                        case "dim": style.dim = on
                        case "reverse": style.reverse = on
                        default: style.underline = on
                        }
                    default:
                        throw fail(fk, path, "unknown field; expected fg, bg, bold, dim, reverse, underline")
                    }
                }
            } else if case .scalar(let s) = v, s.string.isEmpty || s.string == "~" || s.string == "null" {
                // `role:` with nothing: the terminal's defaults.
            } else {
                throw fail(v, "roles.\(key)", "expected a mapping such as { fg: red, bold: true }")
            }
            roles[role] = style
        }
        if roles[.text] == nil {
            throw fail(rolesNode, "roles.text", "missing; every theme must style text (other roles fall back to it)")
        }
        return Theme(name: nameScalar.string, palette: palette, roles: roles)
    }

    private static func yamlLine(_ e: YamlError) -> Int? {
        switch e {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    private static func yamlProblem(_ e: YamlError) -> String {
        switch e {
        case .scanner(_, let p, _, _), .parser(_, let p, _, _), .composer(_, let p, _, _): return p
        case .duplicatedKeysInMapping(let d, _): return "duplicated keys: \(d.joined(separator: ", "))"
        default: return "\(e)"
        }
    }
}
