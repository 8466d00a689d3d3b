// The log's failures in the officer's language (issue 14, item 2): the commands and the
// dashboard's read-only banner say them in Vietnamese under `LANG=vi_*`, in the field's
// words (*nhật ký*, *bản ghi*), English otherwise (`LogError.description`).
import DutyDeskDomain
import DutyDeskLog

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension LogError {
    /// The failure in `language`, naming the file as `description` does. Vietnamese for
    /// `.vi`; the English `description` otherwise.
    public func text(_ language: Language) -> String {
        guard language == .vi else { return description }
        switch self {
        case .notFound(let p): return "\(p): không có tệp nhật ký này"
        case .unsafePath(let p, let kind): return "\(p): \(kind.reasonVI); không dùng đường dẫn này"
        case .cannotCreate(let p, let e): return "\(p): không tạo được: \(LogError.errnoVI(e))"
        case .io(let p, let op, let e): return "\(p): thao tác \(op) thất bại: \(LogError.errnoVI(e))"
        case .shortWrite(let p, let off, let exp, let got):
            return "\(p): ghi thiếu tại byte \(off) (\(got)/\(exp) byte); bản ghi CHƯA được lưu"
        case .syncFailed(let p, let e):
            return "\(p): đồng bộ xuống đĩa thất bại: \(LogError.errnoVI(e)); bản ghi có thể CHƯA được lưu"
        case .badLog(let p, let issue): return "\(p): \(issue.text(.vi))"
        case .readOnly(let p, let why): return "\(p): nhật ký chỉ đọc: \(why)"
        case .invalidRecord(let i, let id, let why): return "bản ghi \(i) (mã \(id)): \(why)"
        case .shrank(let p, let a, let b):
            return "\(p): nhật ký bị thu nhỏ từ \(a) còn \(b) byte; các bản ghi đã đọc không còn"
        }
    }

    /// The system's reason in Vietnamese for the errors an officer meets (no space, no
    /// permission, read-only disk, …), with its number; others as the system says them.
    static func errnoVI(_ e: Int32) -> String {
        let words: String
        switch e {
        case ENOENT: words = "không có tệp hoặc thư mục"
        case EACCES, EPERM: words = "không có quyền"
        case ENOSPC: words = "đĩa đã đầy"
        case EDQUOT: words = "vượt hạn mức dung lượng"
        case EROFS: words = "ổ đĩa chỉ cho phép đọc"
        case EIO: words = "lỗi vào/ra của thiết bị"
        case EISDIR: words = "là một thư mục"
        case ENOTDIR: words = "một phần của đường dẫn không phải thư mục"
        case EEXIST: words = "đã tồn tại"
        case EMFILE, ENFILE: words = "mở quá nhiều tệp"
        case ELOOP: words = "liên kết tượng trưng"
        default: words = String(cString: strerror(e))
        }
        return "\(words) (errno \(e))"
    }

}

extension PathKind {
    /// Why `EventLog` refuses a path, in Vietnamese.
    public var reasonVI: String {
        switch self {
        case .symbolicLink:
            return
                "là liên kết tượng trưng, không phải tệp thường (DutyDesk không theo liên kết ở đường dẫn nhật ký: hãy chỉ tệp thật)"
        case .fifo: return "là một FIFO (ống có tên), không phải tệp thường"
        case .socket: return "là một socket, không phải tệp thường"
        case .directory: return "là một thư mục, không phải tệp thường"
        case .device: return "là một thiết bị, không phải tệp thường"
        case .other: return "không phải tệp thường"
        }
    }
}

extension VerifyIssue {
    /// `bản ghi số 42 tại byte 16384: sai mã băm` — the issue in `language`.
    public func text(_ language: Language) -> String {
        language == .vi ? "bản ghi số \(seq) tại byte \(offset): \(reason.text(.vi))" : description
    }
}

extension VerifyReason {
    /// Why a record is bad, in `language`.
    public func text(_ language: Language) -> String {
        guard language == .vi else { return description }
        switch self {
        case .parseError(let why): return "không đọc được bản ghi (\(why))"
        case .hashMismatch: return "sai mã băm (bản ghi đã bị thay đổi)"
        case .prevMismatch: return "không nối với bản ghi trước (sai prev)"
        case .seqGap(let found): return "đứt số thứ tự (bản ghi ghi số \(found))"
        case .timestampDecreased: return "thời điểm sớm hơn bản ghi trước"
        case .tornTail: return "dòng cuối ghi dở"
        case .incompleteBatch(let count, let present, let then):
            return "lô ghi không đủ (\(present)/\(count) bản ghi, sau đó \(then))"
        case .batchMismatch(let why): return "lô ghi không khớp (\(why))"
        }
    }
}
