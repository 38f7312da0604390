/// A note typed during a call, split into the note and the promises marked with `*` (the asterisk habit).
///
/// Each line or clause starting with `*` is a promise we owe; `* they: TEXT` (case-insensitive, the
/// colon required) is one they made, which we wait on. An `@fri`, `@3d` or `@2026-12-01` inside it
/// sets its due date, else it is due the next working day:
///
///     Budget approved in Q1. * send price list @fri * they: confirm start date @wed
public struct Capture: Equatable, Sendable {
    public struct Promise: Equatable, Sendable {
        public var text: String
        public var due: Day
        /// Whether the date was typed or defaulted.
        public var dated: Bool
        /// `* they: …` is theirs (we wait on it); every other `*` is ours.
        public var kind: CommitmentKind = .weOwe
    }

    /// The marker of a promise they made: `* they: confirm the date`.
    public static let theirMarker = "they:"

    /// The whole text as typed, so the timeline shows what was said.
    public var note: String
    public var promises: [Promise]

    public struct Error: Swift.Error, Equatable, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// The promises as commitments we owe, made by `rep` in the touch or note `source`.
    public func commitments(
        contact: String, rep: String, source: String?, created: Timestamp,
        newID: () -> String
    ) -> [Commitment] {
        promises.map { p in
            Commitment(
                id: newID(), contact: contact, rep: rep, kind: p.kind, text: p.text, due: p.due,
                source: source, created: created)
        }
    }

    public static func parse(_ text: String, today: Day, settings: Settings) throws -> Capture {
        var promises: [Promise] = []
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            for clause in clauses(of: String(line)) {
                promises.append(try promise(from: clause, today: today, settings: settings))
            }
        }
        return Capture(note: text.trimmingCharacters(in: .whitespacesAndNewlines), promises: promises)
    }

    /// The `*` clauses of one line: a `*` opens one at the start of the line or after a space.
    static func clauses(of line: String) -> [String] {
        var result: [String] = []
        var current: String?
        var previous: Character = " "
        for ch in line {
            if ch == "*", previous.isWhitespace {
                if let c = current { result.append(c) }
                current = ""
            } else if current != nil {
                current!.append(ch)
            }
            previous = ch
        }
        if let c = current { result.append(c) }
        return result
    }

    static func promise(from clause: String, today: Day, settings: Settings) throws -> Promise {
        var clause = clause
        var kind = CommitmentKind.weOwe
        let trimmed = clause.drop { $0.isWhitespace }
        if trimmed.lowercased().hasPrefix(theirMarker) {
            kind = .waitingOn
            clause = String(trimmed.dropFirst(theirMarker.count))
        }
        var words: [String] = []
        var due: Day?
        for word in clause.split(whereSeparator: \.isWhitespace).map(String.init) {
            guard word.hasPrefix("@"), word.count > 1 else {
                words.append(word)
                continue
            }
            let spec = String(word.dropFirst())
            guard let d = DateInput.parseDay(spec.lowercased(), today: today) else {
                throw Error(
                    description:
                        "bad date \"\(word)\" in \"*\(clause)\": a promise is due on a day; expected @ followed by "
                        + "one word: @today, @tomorrow, @fri, @3d, @2w or @2026-12-01")
            }
            guard due == nil else {
                throw Error(description: "two dates in one promise \"*\(clause)\": give each promise its own *")
            }
            due = d
        }
        let text = words.joined(separator: " ")
        guard !text.isEmpty else {
            throw Error(description: "empty promise \"*\(clause)\": write what was promised after the *")
        }
        return Promise(text: text, due: due ?? settings.nextWorkingDay(after: today), dated: due != nil, kind: kind)
    }
}
