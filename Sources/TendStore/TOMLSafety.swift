/// Catches the TOML inputs that make TOMLKit's parser (toml++) stop on an internal assertion
/// instead of reporting an error: a table header whose name starts with a character a key cannot
/// start with (`[!x]`, or a bare `[`; both found by the config fuzzer). Everything else is left to the parser.
public enum TOMLSafety {
    public static func check(_ text: String, file: String) throws {
        var inMultiline: String?
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            // A "[" inside a multi-line string is just text; the header check looks at where the
            // line starts, before its own quotes open or close a string.
            let insideString = inMultiline != nil
            for delimiter in ["\"\"\"", "'''"] {
                let count = line.components(separatedBy: delimiter).count - 1
                if count % 2 == 1 { inMultiline = inMultiline == nil ? delimiter : (inMultiline == delimiter ? nil : inMultiline) }
            }
            if insideString || !line.hasPrefix("[") { continue }
            let name = line.dropFirst(line.hasPrefix("[[") ? 2 : 1).drop { $0 == " " || $0 == "\t" }
            guard let first = name.first, first != "\r" else {
                throw StoreError("\(file):\(n + 1): a table header needs a name: [name]")
            }
            let ok = first.isASCII && (first.isLetter || first.isNumber || first == "_" || first == "-" || first == "\"" || first == "'")
            if !ok {
                throw StoreError("\(file):\(n + 1): a table name must start with a letter, digit, _ or -, or be quoted; saw '\(first)'")
            }
        }
    }
}
