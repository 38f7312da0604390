import Foundation
import TendCore

/// A bar with counts and time left on stderr, as cargo and pip draw one, for work that takes a
/// while (a full replay of a big team, a large import, `tend demo --generate`). Only on a terminal,
/// and only once the work has gone on for a moment: piped, or quick, it prints nothing.
final class ProgressBar {
    let title: String
    let ascii: Bool
    let enabled: Bool
    let start = Date()
    var lastDraw = Date.distantPast
    var shown = false

    init(_ title: String, ascii: Bool = false, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.title = title
        self.ascii = ascii
        self.enabled = enabled
    }

    /// What to hand to the work: it reports, the bar draws at most ten times a second.
    var report: (Int, Int) -> Void { { [self] done, total in self.update(done, total) } }

    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        guard elapsed > 0.3, now.timeIntervalSince(lastDraw) > 0.1 || done >= total else { return }
        lastDraw = now
        shown = true
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line(done, total, elapsed: elapsed)).utf8))
    }

    /// `reading the logs [████░░░░] 45% 450,000/1,000,000 · 2 s left` (the bar 20 wide).
    func line(_ done: Int, _ total: Int, elapsed: Double) -> String {
        let fraction = min(1, Double(done) / Double(total))
        let width = 20, filled = Int((fraction * Double(width)).rounded(.down))
        let bar =
            String(repeating: ascii ? "#" : "█", count: filled)
            + String(repeating: ascii ? "." : "░", count: width - filled)
        let left = fraction > 0.02 ? elapsed / fraction * (1 - fraction) : nil
        let eta = left.map { " · \(Int($0.rounded(.up))) s left" } ?? ""
        return "\(title) [\(bar)] \(Int(fraction * 100))% \(grouped(done))/\(grouped(total))"
            + (ascii ? eta.replacingOccurrences(of: "·", with: "-") : eta)
    }

    func grouped(_ n: Int) -> String { Money.grouped(Int64(n)) }

    /// The bar's line cleared, so what the command prints next starts clean.
    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
        shown = false
    }
}
