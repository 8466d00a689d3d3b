/// The difference between two frames, as the runs of cells a backend must send.
///
/// A run is a maximal horizontal stretch of changed cells on one row. Wide characters
/// are kept whole: a run never starts on a continuation cell nor ends between a wide
/// character and its continuation, so a backend can draw every run left to right
/// without cutting a character in half. When the grids differ in size the diff is a
/// full redraw (`isFullRedraw`), one run per row.
public struct GridDiff: Sendable, Equatable {
    /// One stretch of changed cells starting at column `x` of row `y`. `cells` holds the
    /// new cells including continuation cells (so `cells.count` is the run's width in
    /// columns).
    public struct Run: Sendable, Equatable {
        public var x: Int
        public var y: Int
        public var cells: [Cell]
        public init(x: Int, y: Int, cells: [Cell]) {
            self.x = x
            self.y = y
            self.cells = cells
        }
    }

    /// The runs in row-major order.
    public var runs: [Run]
    /// True when the previous frame was missing or of another size.
    public var isFullRedraw: Bool

    /// Cells covered by all runs (continuation cells included).
    public var changedCells: Int { runs.reduce(0) { $0 + $1.cells.count } }

    /// The runs that turn `old` into `new`. `old == nil` or a different size gives a
    /// full redraw of `new`. Cost: one pass over both grids, O(width × height).
    public init(from old: Grid?, to new: Grid) {
        guard let old, old.width == new.width, old.height == new.height else {
            isFullRedraw = true
            runs = []
            runs.reserveCapacity(new.height)
            for y in 0..<new.height where new.width > 0 {
                let start = y * new.width
                runs.append(Run(x: 0, y: y, cells: Array(new.cells[start..<start + new.width])))
            }
            return
        }
        isFullRedraw = false
        runs = []
        let w = new.width
        let oc = old.cells
        let nc = new.cells
        for y in 0..<new.height {
            let row = y * w
            var x = 0
            while x < w {
                if oc[row + x] == nc[row + x] {
                    x += 1
                    continue
                }
                var start = x
                // Widen to the whole wide character on the left.
                if start > 0, nc[row + start].isContinuation || oc[row + start].isContinuation { start -= 1 }
                var end = x + 1
                while end < w, oc[row + end] != nc[row + end] { end += 1 }
                // Keep a wide character whole on the right: include its continuation.
                while end < w, nc[row + end].isContinuation || (end > 0 && nc[row + end - 1].width == 2) { end += 1 }
                if let last = runs.last, last.y == y, last.x + last.cells.count >= start {
                    // Touching or overlapping the previous run: merge.
                    let from = last.x + last.cells.count
                    runs[runs.count - 1].cells.append(contentsOf: nc[row + from..<row + max(from, end)])
                } else {
                    runs.append(Run(x: start, y: y, cells: Array(nc[row + start..<row + end])))
                }
                x = end
            }
        }
    }
}
