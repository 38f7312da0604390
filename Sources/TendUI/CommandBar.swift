import Foundation
import TendCore

/// `:`: any tend verb, run by the shell as the real CLI (`:add Dana Wu --company Acme`).
enum CommandBar {
    static func handle(_ m: inout Model, _ key: Key, _ input: inout TextInput) -> [Effect] {
        switch key {
        case .escape:
            m.mode = .normal
        case .enter:
            m.mode = .normal
            do {
                let args = try Words.split(input.text)
                guard !args.isEmpty else { return [] }
                m.message = Message(text: "running tend \(args.joined(separator: " "))…", isError: false)
                return [.runCommand(args)]
            } catch {
                m.message = Message(text: "\(error)", isError: true)
            }
        default:
            _ = input.handle(key)
            m.mode = .command(input)
        }
        return []
    }
}
