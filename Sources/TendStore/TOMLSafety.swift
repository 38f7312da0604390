/// Catches the TOML inputs that make TOMLKit's parser (toml++) stop on an internal assertion
/// instead of reporting an error. The config fuzzer found them all in table headers: `[!x]`, a bare
/// `[`, `[[[[`, `[` and a combining mark, a byte-order mark then `[` and bytes. So every line that
/// starts with `[` must be a well-formed header — `[name]`, `[a.b]`, `["quoted"]`, `[[name]]`, an
/// optional comment after — or it is a clear `file:line` error before the parser sees it. (A
/// multi-line string with a line starting with `[` is refused too; Tend's files never need one.)
/// Works on bytes, as the parser does.
public enum TOMLSafety {
    public static func check(_ text: String, file: String) throws {
        for (n, raw) in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            var line = Array(raw)
            if n == 0, line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
            line = Array(line.drop { $0 == 0x20 || $0 == 0x09 })
            guard line.first == UInt8(ascii: "[") else { continue }
            if !isHeader(line) {
                throw StoreError("\(file):\(n + 1): not a table header; write [name], [a.b] or [\"quoted name\"]")
            }
        }
    }

    static func isBare(_ b: UInt8) -> Bool {
        (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) || b == 0x5F || b == 0x2D
    }

    /// `[` or `[[`, dotted keys (bare or quoted), `]` or `]]`, then blanks or a comment.
    static func isHeader(_ l: [UInt8]) -> Bool {
        var i = 0
        let double = l.starts(with: [0x5B, 0x5B])
        i = double ? 2 : 1
        func blanks() { while i < l.count, l[i] == 0x20 || l[i] == 0x09 { i += 1 } }
        func key() -> Bool {
            blanks()
            guard i < l.count else { return false }
            if l[i] == 0x22 || l[i] == 0x27 {
                let q = l[i]
                i += 1
                while i < l.count, l[i] != q {
                    if l[i] < 0x20 && l[i] != 0x09 { return false }
                    if q == 0x22 && l[i] == 0x5C { i += 1 }  // an escape in a "basic" key
                    i += 1
                }
                guard i < l.count else { return false }
                i += 1
            } else {
                guard isBare(l[i]) else { return false }
                while i < l.count, isBare(l[i]) { i += 1 }
            }
            blanks()
            return true
        }
        guard key() else { return false }
        while i < l.count, l[i] == 0x2E {
            i += 1
            guard key() else { return false }
        }
        let close: [UInt8] = double ? [0x5D, 0x5D] : [0x5D]
        guard Array(l[i...]).starts(with: close) else { return false }
        i += close.count
        blanks()
        return i == l.count || l[i] == 0x23 || (l[i] == 0x0D && i == l.count - 1)
    }
}
