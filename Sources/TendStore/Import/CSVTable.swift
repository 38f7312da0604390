import CSV
import Foundation

/// Something wrong at one line of an import file.
public struct ImportProblem: Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public init(line: Int, _ message: String) {
        self.line = line
        self.message = message
    }
    public var description: String { "\(line): \(message)" }
}

/// An import that must not start: every problem found, by line.
public struct ImportError: Error, Sendable {
    public var problems: [ImportProblem]
    public init(_ problems: [ImportProblem]) { self.problems = problems }
}

/// A CSV file as a header and rows, each row with the line it starts on.
///
/// Fields are read by CSV.swift (RFC 4180: quoted newlines, CRLF, `""`). Around it, what it does not
/// do: strip a BOM, sniff the delimiter, find an unterminated quote, and number the lines.
public struct CSVTable: Sendable {
    public var header: [String]
    public var rows: [(line: Int, fields: [String])]
    public var delimiter: Character

    /// A field longer than this is a broken file (a quote that never closed), not a note.
    public static let maxField = 64 * 1024

    public init(text: String) throws {
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let delimiter = CSVTable.sniffDelimiter(text)
        let starts = try CSVTable.recordStarts(text, delimiter: delimiter)
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: false, delimiter: delimiter.unicodeScalars.first!)
        } catch {
            throw ImportError([ImportProblem(line: 1, "cannot read CSV: \(error)")])
        }
        var records: [[String]] = []
        while let row = reader.next() { records.append(row) }
        if let e = reader.error { throw ImportError([ImportProblem(line: starts.last ?? 1, "cannot read CSV: \(e)")]) }
        // Blank lines come back as one empty field; they are not people.
        var numbered: [(line: Int, fields: [String])] = []
        for (i, r) in records.enumerated() where !(r.count == 1 && r[0].isEmpty) && !r.isEmpty {
            numbered.append((i < starts.count ? starts[i] : starts.last ?? 1, r))
        }
        // Notes before the header (LinkedIn's Connections.csv starts with a `Notes:` paragraph):
        // one-field lines followed by a wider row are a preamble, not people.
        if let wide = numbered.prefix(12).firstIndex(where: { $0.fields.filter { !$0.isEmpty }.count >= 2 }), wide > 0,
            numbered[..<wide].allSatisfy({ $0.fields.count == 1 })
        {
            numbered.removeFirst(wide)
        }
        guard let first = numbered.first else {
            throw ImportError([
                ImportProblem(line: 1, "the file is empty: expected a header row like Name,Company,Email")
            ])
        }
        header = first.fields
        rows = Array(numbered.dropFirst())
        self.delimiter = delimiter
    }

    /// Comma, semicolon (Excel in much of Europe) or tab: whichever the header line has most of.
    static func sniffDelimiter(_ text: String) -> Character {
        let headerLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        var counts: [Character: Int] = [",": 0, ";": 0, "\t": 0]
        var quoted = false
        for ch in headerLine {
            if ch == "\"" { quoted.toggle() } else if !quoted, counts[ch] != nil { counts[ch]! += 1 }
        }
        // Fixed order, first wins a tie: the same file always reads the same way.
        var best: Character = ","
        for ch in [",", ";", "\t"] as [Character] where counts[ch]! > counts[best]! { best = ch }
        return best
    }

    /// The line each record starts on, walking quotes as RFC 4180 does; an unterminated quote or a
    /// giant field is reported at the line where it began.
    static func recordStarts(_ text: String, delimiter: Character) throws -> [Int] {
        var starts = [1]
        var line = 1
        var inQuotes = false, fieldStart = true, quoteLine = 1
        var fieldBytes = 0, fieldLine = 1
        var prevQuote = false
        for ch in text {
            if inQuotes {
                if ch == "\"" {
                    // Either the closing quote or the first half of `""`: the next character decides.
                    inQuotes = false
                    prevQuote = true
                } else if ch == "\n" || ch == "\r\n" || ch == "\r" {
                    line += 1
                }
                fieldBytes += ch.utf8.count
            } else if prevQuote && ch == "\"" {
                inQuotes = true  // `""` inside a quoted field
                prevQuote = false
                fieldBytes += 1
            } else {
                prevQuote = false
                if ch == "\n" || ch == "\r\n" || ch == "\r" {
                    line += 1
                    starts.append(line)
                    fieldStart = true
                    fieldBytes = 0
                    fieldLine = line
                    continue
                }
                if ch == delimiter {
                    fieldStart = true
                    fieldBytes = 0
                    fieldLine = line
                    continue
                }
                if ch == "\"" && fieldStart {
                    inQuotes = true
                    quoteLine = line
                }
                fieldStart = false
                fieldBytes += ch.utf8.count
            }
            if fieldBytes > maxField {
                throw ImportError([
                    ImportProblem(
                        line: fieldLine, "a field longer than \(maxField / 1024) KB (a quote that never closes?)")
                ])
            }
        }
        if inQuotes {
            throw ImportError([
                ImportProblem(line: quoteLine, "a quoted field starts here and never ends (missing closing \")")
            ])
        }
        return starts
    }
}
