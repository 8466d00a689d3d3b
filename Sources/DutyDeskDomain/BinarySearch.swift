extension RandomAccessCollection where Index == Int {
    /// The first index whose element satisfies `isAfter`, for a predicate that is false on
    /// a prefix of the collection and true on the rest (e.g. `{ $0 >= v }` on a sorted
    /// array: its lower bound). `endIndex` when no element satisfies it. O(log n).
    public func partitionPoint(_ isAfter: (Element) -> Bool) -> Int {
        var lo = startIndex
        var hi = endIndex
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if isAfter(self[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
