import Foundation
import TendCore

/// What `/` keeps on a list, as lazygit's filter does: rows whose contact matches (name, company,
/// tags and needs as typed; notes too once Enter is pressed), accent- and case-insensitive.
public struct ListFilter: Equatable, Sendable {
    public var text = ""
    /// Notes and touch notes searched too (after Enter: too slow for every keystroke at 10,000).
    public var deep = false

    public init(text: String = "", deep: Bool = false) {
        self.text = text
        self.deep = deep
    }

    public var isOn: Bool { !text.isEmpty }

    func keeps(_ contact: String, _ index: SearchIndex) -> Bool { index.matches(contact, text, deep: deep) }

    /// Where the filter's text shows in `shown` (a name on screen), as columns from its start:
    /// what the list highlights. Nil when the match is elsewhere (company, tags, a note).
    func match(in shown: String) -> (offset: Int, width: Int)? {
        guard isOn, let r = shown.range(of: text, options: [.caseInsensitive, .diacriticInsensitive]) else {
            return nil
        }
        return (TextWidth.width(String(shown[..<r.lowerBound])), TextWidth.width(String(shown[r])))
    }
}
