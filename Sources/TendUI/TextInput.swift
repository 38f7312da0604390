import Foundation
import TendCore

/// A line of typed text with a cursor, for prompts, search and the command line.
public struct TextInput: Equatable, Sendable {
    public var text = ""
    public var cursor = 0  // in Characters

    public init(_ text: String = "") {
        self.text = text
        cursor = text.count
    }

    /// Inserts pasted text at the cursor, on one line: line breaks and tabs become spaces, other
    /// control characters are dropped (a paste is text, never keys).
    public mutating func insert(_ pasted: String) {
        let clean = Paste.oneLine(pasted)
        let i = text.index(text.startIndex, offsetBy: cursor)
        text.insert(contentsOf: clean, at: i)
        cursor += clean.count
    }

    /// Applies an editing key; returns false for keys it does not handle.
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let c):
            let i = text.index(text.startIndex, offsetBy: cursor)
            text.insert(c, at: i)
            cursor += 1
        case .backspace:
            guard cursor > 0 else { return true }
            let i = text.index(text.startIndex, offsetBy: cursor - 1)
            text.remove(at: i)
            cursor -= 1
        case .delete:
            guard cursor < text.count else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor))
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = text.count
        case .ctrl("u"): text = ""; cursor = 0
        case .ctrl("w"):
            let before = String(text.prefix(cursor)).trimmingTrailingSpaces
            let cut = before.lastIndex(of: " ").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0
            text = String(text.prefix(cut)) + String(text.dropFirst(cursor))
            cursor = cut
        default: return false
        }
        return true
    }
}

/// Several lines of typed text: the note written during a call.
public struct TextArea: Equatable, Sendable {
    public var lines: [String] = [""]

    public init(_ text: String = "") {
        lines = text.isEmpty ? [""] : text.components(separatedBy: "\n")
    }

    public var text: String { lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines) }
    public var isEmpty: Bool { text.isEmpty }

    /// Pasted text goes in whole, its line breaks kept (CR, CRLF and LF alike), at the end.
    public mutating func insert(_ pasted: String) {
        let text = pasted.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false).map { Paste.oneLine(String($0)) }
        lines[lines.count - 1] += parts[0]
        lines += parts.dropFirst()
    }

    /// Typing appends at the end of the last line: a note is written forward, in the flow of a call.
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let c): lines[lines.count - 1].append(c)
        case .enter: lines.append("")
        case .backspace:
            if lines[lines.count - 1].isEmpty {
                if lines.count > 1 { lines.removeLast() }
            } else {
                lines[lines.count - 1].removeLast()
            }
        case .ctrl("u"): lines[lines.count - 1] = ""
        default: return false
        }
        return true
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
