import Foundation
import TendCore

/// Statistics: the pipeline by stage, touches per day, and how follow-up went in the last 30 days.
enum StatsView {
    static func draw(_ m: Model, in r: Rect, _ g: inout Grid) {
        let st = m.stats
        let lines = StatsText.lines(st, width: min(r.width, 100) - 2, ascii: m.ascii)
        let top = min(m.sel.stats, max(0, lines.count - r.height))
        for (n, (text, role)) in lines[top...].prefix(r.height).enumerated() {
            g.put(text, x: 1, y: r.y + n, role: role)
        }
    }
}

/// The statistics as lines of text, shared by the Stats screen and `tend report`.
public enum StatsText {
    public static func lines(_ st: Stats, width: Int, ascii: Bool) -> [(String, Role)] {
        var out: [(String, Role)] = []
        out.append(("Pipeline by stage (value at stake)", .title))
        // Bars in the team's currency (no rate is known to add the others); the text says every currency.
        let top = Double(st.pipeline.map { $0.totals[st.currency] }.max() ?? 0)
        let barW = max(10, width - 34)
        for p in st.pipeline {
            let label =
                p.stage.rawValue.padded(9) + " \(String(p.count).leftPadded(3))  "
                + Money.format(p.totals[st.currency], st.currency).leftPadded(10) + "  "
            let others = p.totals.currencies(first: st.currency).filter { $0 != st.currency }
                .map { " + " + Money.format(p.totals[$0], $0) }.joined()
            out.append(
                (
                    label + Chart.bar(Double(p.totals[st.currency]), max: top, width: barW, ascii: ascii) + others,
                    .normal
                ))
        }
        out.append(("", .normal))
        // One scale for every rep, and it is said: the tallest mark is the busiest day of anyone.
        let days = max(10, width - 20)
        let peak = st.touchesPerDay.flatMap { $0.counts.suffix(days) }.max() ?? 0
        // A narrow screen shows the last days only: the title says which, and the totals count them.
        let window = st.since.days(until: st.until) + 1
        let from = window > days ? st.until.adding(days: 1 - days) : st.since
        out.append(
            (
                "Touches per day, \(from.monthDay) to \(st.until.monthDay) (tallest = \(peak) a day, for everyone)",
                .title
            ))
        if st.touchesPerDay.isEmpty { out.append(("  none", .muted)) }
        for (rep, counts) in st.touchesPerDay {
            out.append(
                (
                    "  " + rep.padded(8) + " "
                        + Chart.sparkline(Array(counts.suffix(days)), ascii: ascii, top: peak)
                        + "  \(counts.suffix(days).reduce(0, +))", .normal
                ))
        }
        out.append(("", .normal))
        out.append(("Follow-up", .title))
        func pct(_ x: Double?) -> String { x.map { "\(Int(($0 * 100).rounded()))%" } ?? "—" }
        func num(_ x: Double?, _ unit: String) -> String { x.map { String(format: "%.1f", $0) + unit } ?? "—" }
        out.append(
            ("  promises kept on time   \(pct(st.keptRate)) (\(st.promisesKeptOnTime) of \(st.promisesDue))", .normal))
        // Words, not arrows: under LANG=C an arrow becomes two characters and the column slips.
        out.append(("  quote sent to answer    \(num(st.medianDaysToAnswer, " days")) (median)", .normal))
        // Speed to lead is counted in minutes when it is good: "42 min", not "0.7 h".
        let toLead =
            st.medianHoursToFirstTouch.map { $0 < 1 ? "\(Int(($0 * 60).rounded())) min" : num($0, " h") } ?? "—"
        out.append(("  new lead to first touch \(toLead) (median)", .normal))
        out.append(
            ("  quote win rate          \(pct(st.winRate)) (\(st.quotesWon) won, \(st.quotesLost) lost)", .normal))
        out.append(
            ("  check-ins on time       \(pct(st.checkInRate)) (\(st.checkInsOnTime) of \(st.checkInsDue))", .normal))
        return out
    }
}

extension String {
    func leftPadded(_ w: Int) -> String {
        let n = TextWidth.width(self)
        return n >= w ? self : String(repeating: " ", count: w - n) + self
    }
}
