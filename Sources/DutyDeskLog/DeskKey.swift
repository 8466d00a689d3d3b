// The desk key: the Ed25519 key pair a desk signs its records with when they leave it
// (issue 11, item 1). File and signed message: docs/log-format.md §12.
import Crypto
import DutyDeskJSON
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A desk's Ed25519 signing key (swift-crypto `Curve25519.Signing`), kept beside its log
/// in `<log>.key`, mode 0600.
///
/// File: one line `dutydesk-ed25519-v1 <standard base64 of the 32-byte private key>\n`.
/// Signed message (`sign`, `verify`): the UTF-8 bytes of
/// `"dutydesk-record-v1\n" + desk + "\n" + String(seq) + "\n" + hash`, where `hash` is the
/// 64 lower-case hex of the record as its own desk wrote it (docs/log-format.md §12).
public struct DeskKey: Sendable {
    /// The 32 raw bytes of the private key (kept as bytes: the key type is not `Sendable`).
    let raw: [UInt8]
    /// The key itself; nil only if `raw` were not 32 bytes (it always is: `init(key:)`).
    var key: Curve25519.Signing.PrivateKey? { try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) }

    /// The first word of a key file.
    public static let fileTag = "dutydesk-ed25519-v1"
    /// The first line of every signed message.
    public static let messageTag = "dutydesk-record-v1"

    init(key: Curve25519.Signing.PrivateKey) { self.raw = Array(key.rawRepresentation) }

    /// The key file of the log at `forLog`: the log's path + `.key`.
    public static func path(forLog log: String) -> String { log + ".key" }

    /// Creates a new key and its file beside the log (`KeyFile.create`).
    /// - Throws: `DeskKeyError.exists` when something is already at the path (a key is
    ///   never replaced), `DeskKeyError.cannotCreate` / `.io` naming the path otherwise.
    public static func create(forLog log: String) throws -> DeskKey {
        let key = Curve25519.Signing.PrivateKey()
        try KeyFile.create(
            path: path(forLog: log),
            line: fileTag + " " + Data(key.rawRepresentation).base64EncodedString() + "\n")
        return DeskKey(key: key)
    }

    /// The key beside the log, nil when there is none.
    /// - Throws: as `KeyFile.read` (`DeskKeyError.unsafe`, `.malformed`, `.io`), or
    ///   `.malformed` for a file that is not one `dutydesk-ed25519-v1 <base64 of 32 bytes>`
    ///   line. Each names the path.
    public static func load(forLog log: String) throws -> DeskKey? {
        let path = path(forLog: log)
        guard let bytes = try KeyFile.read(path: path, what: "the desk's private key") else { return nil }
        return try parse(bytes, path: path)
    }

    /// The key of a key file's bytes.
    /// - Throws: `DeskKeyError.malformed` naming `path` and what is wrong.
    static func parse(_ bytes: [UInt8], path: String) throws -> DeskKey {
        let raw = try KeyFile.key(bytes, tag: fileTag, path: path, what: "the private key")
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
            throw DeskKeyError.malformed(path: path, reason: "not an Ed25519 private key")
        }
        return DeskKey(key: key)
    }

    /// The public key: standard base64 of its 32 raw bytes (44 characters).
    public var publicKeyBase64: String {
        guard let key else { return "" }
        return Data(key.publicKey.rawRepresentation).base64EncodedString()
    }

    /// The public key's fingerprint: the first 16 lower-case hex digits of SHA-256 of its
    /// 32 raw bytes; nil when `publicKeyBase64` is not the base64 of 32 bytes.
    public static func fingerprint(publicKeyBase64: String) -> String? {
        guard let raw = Data(base64Encoded: publicKeyBase64), raw.count == 32 else { return nil }
        var hex: [UInt8] = []
        SHA256.hash(data: raw).withUnsafeBytes { Hex.append($0, to: &hex) }
        return String(decoding: hex.prefix(16), as: UTF8.self)
    }

    /// The signed message for the record `seq` of `desk` whose hash is `hash`.
    static func message(desk: String, seq: Int, hash: String) -> [UInt8] {
        Array((messageTag + "\n" + desk + "\n" + String(seq) + "\n" + hash).utf8)
    }

    /// Signs the record `seq` of desk `desk` with hash `hash` (64 lower-case hex).
    /// - Returns: the standard base64 of the 64-byte Ed25519 signature.
    public func sign(desk: String, seq: Int, hash: String) -> String {
        // Signing with a valid key does not fail; if it did, an empty signature, which never verifies.
        guard let key, let sig = try? key.signature(for: Self.message(desk: desk, seq: seq, hash: hash)) else {
            return ""
        }
        return Data(sig).base64EncodedString()
    }

    /// True when `signature` (standard base64) is the signature, by the key whose public key is
    /// `publicKeyBase64`, of the record `seq` of `desk` with hash `hash`. False for any
    /// malformed key or signature.
    public static func verify(publicKeyBase64: String, desk: String, seq: Int, hash: String, signature: String) -> Bool
    {
        guard let raw = Data(base64Encoded: publicKeyBase64), raw.count == 32,
            let pub = try? Curve25519.Signing.PublicKey(rawRepresentation: raw),
            let sig = Data(base64Encoded: signature), sig.count == 64
        else { return false }
        return pub.isValidSignature(sig, for: message(desk: desk, seq: seq, hash: hash))
    }
}

/// Why a desk key file cannot be made or used. Each case names the file. The commands
/// map `exists`, `unsafe` and `malformed` to 65 (EX_DATAERR), `cannotCreate` to 73
/// (EX_CANTCREAT) and `io` to 74 (EX_IOERR).
public enum DeskKeyError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Something is already at the key path (`create` never replaces a key).
    case exists(path: String)
    /// A symbolic link, a file that is not regular, or a key file others may read.
    case unsafe(path: String, reason: String)
    /// The file is not a key file.
    case malformed(path: String, reason: String)
    case cannotCreate(path: String, errno: Int32)
    case io(path: String, operation: String, errno: Int32)

    public var description: String {
        switch self {
        case .exists(let p): return "\(p): a key file is already there; refusing to replace it"
        case .unsafe(let p, let why): return "\(p): \(why); refusing to use this key"
        case .malformed(let p, let why): return "\(p): not a key file: \(why)"
        case .cannotCreate(let p, let e): return "\(p): cannot create: \(errnoText(e))"
        case .io(let p, let op, let e): return "\(p): \(op) failed: \(errnoText(e))"
        }
    }
}

/// The one way a key file is made and read beside a log (the desk key, `<log>.key`; the
/// snapshot key, `<log>.snapshot-key`): one line, mode 0600, never through a link.
enum KeyFile {
    /// Creates the file with `line`: `O_CREAT|O_EXCL|O_NOFOLLOW`, mode 0600, written once,
    /// `fsync`ed, then the directory `fsync`ed; removed again on any failure.
    /// - Throws: `DeskKeyError.exists` when something is already at `path`,
    ///   `.cannotCreate` / `.io` naming it otherwise.
    static func create(path: String, line: String) throws {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if fd < 0 {
            let e = errno
            if e == EEXIST { throw DeskKeyError.exists(path: path) }
            throw DeskKeyError.cannotCreate(path: path, errno: e)
        }
        var ok = false
        defer {
            Glibc.close(fd)
            if !ok { unlink(path) }
        }
        // The umask may have narrowed it further, never widened it; make it exactly 0600.
        _ = fchmod(fd, 0o600)
        let bytes = Array(line.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        if written != bytes.count {
            throw DeskKeyError.io(path: path, operation: "write", errno: written < 0 ? errno : EIO)
        }
        if fsync(fd) != 0 { throw DeskKeyError.io(path: path, operation: "fsync", errno: errno) }
        do { try Posix.syncDirectory(of: path) } catch {
            throw DeskKeyError.io(path: Posix.parentDirectory(path), operation: "fsync", errno: errno)
        }
        ok = true
    }

    /// The 32 bytes of a key file's one line `<tag> <standard base64>\n` (`what` names
    /// the key in the message).
    /// - Throws: `DeskKeyError.malformed` naming `path` and what is wrong.
    static func key(_ bytes: [UInt8], tag: String, path: String, what: String) throws -> [UInt8] {
        func bad(_ why: String) -> DeskKeyError { .malformed(path: path, reason: why) }
        guard bytes.last == 0x0A else { throw bad("not one line ending in a newline") }
        let line = bytes.dropLast()
        guard let space = line.firstIndex(of: 0x20) else { throw bad("expected `\(tag) <base64 of \(what)>`") }
        guard Array(line[..<space]) == Array(tag.utf8) else { throw bad("does not start with `\(tag)`") }
        guard let raw = Data(base64Encoded: String(decoding: line[(space + 1)...], as: UTF8.self)), raw.count == 32
        else { throw bad("the key is not the standard base64 of 32 bytes") }
        return Array(raw)
    }

    /// The bytes of the key file at `path` (at most 256), nil when there is none.
    /// `what` names the secret in the message about loose permissions.
    /// - Throws: `DeskKeyError.unsafe` for a symbolic link (never followed), a file that is
    ///   not regular, or one the group or others may read or write (mode & 0o077 ≠ 0);
    ///   `.malformed` for one longer than 256 bytes; `.io` for a read failure.
    static func read(path: String, what: String) throws -> [UInt8]? {
        var st = stat()
        if lstat(path, &st) != 0 {
            if errno == ENOENT { return nil }
            throw DeskKeyError.io(path: path, operation: "lstat", errno: errno)
        }
        if (st.st_mode & S_IFMT) != S_IFREG {
            throw DeskKeyError.unsafe(path: path, reason: Posix.kind(st.st_mode).reason)
        }
        let fd = Glibc.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw DeskKeyError.io(path: path, operation: "open", errno: errno) }
        defer { Glibc.close(fd) }
        guard fstat(fd, &st) == 0 else { throw DeskKeyError.io(path: path, operation: "fstat", errno: errno) }
        if (st.st_mode & S_IFMT) != S_IFREG {
            throw DeskKeyError.unsafe(path: path, reason: Posix.kind(st.st_mode).reason)
        }
        if st.st_mode & 0o077 != 0 {
            throw DeskKeyError.unsafe(
                path: path,
                reason:
                    "has mode \(String(st.st_mode & 0o777, radix: 8)): other users could read \(what); it must be 600 (chmod 600 it if no one else had access, otherwise make a new key)"
            )
        }
        guard st.st_size <= 256 else { throw DeskKeyError.malformed(path: path, reason: "longer than a key file") }
        do { return try Posix.pread(fd, offset: 0, count: Int(st.st_size), path: path) } catch {
            throw DeskKeyError.io(path: path, operation: "read", errno: errno)
        }
    }
}
