import ArgumentParser
import Foundation
import TendCore
import TendStore

extension Tend {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Bring contacts and deals in from a CSV (spreadsheet, Pipedrive, HubSpot) or vCard file.",
            discussion: """
                The whole file is checked first: any bad row stops the import with FILE:LINE and nothing is \
                written. Someone already in the book (same vCard UID, email, phone, or name and company) is \
                merged into that contact (new fields only), never duplicated. Columns Tend does not know are \
                kept as a note. Google Contacts, Outlook, Thunderbird, LinkedIn, Pipedrive and HubSpot \
                exports are recognised by their headers.

                Fields for --map: \(ImportField.names).

                Examples:
                  tend import contacts.csv --dry-run
                  tend import hubspot-export.csv --owner ann
                  tend import leads.csv --map "Customer=name" --map "Internal ID=ignore"
                  tend import phone.vcf
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The file to import.") var file: String
        @Option(help: "csv or vcf (default: from the file's name and content).") var format: String?
        @Option(help: "COLUMN=field: read a column as a field (repeatable).") var map: [String] = []
        @Flag(name: .customLong("dry-run"), help: "Show what would be created, merged and skipped; write nothing.")
        var dryRun = false
        @Option(
            help: "Every imported contact goes to this rep (default: the owner column when it names a rep, else you).")
        var owner: String?
        @Option(
            help: ArgumentHelp(
                "utf-8, utf-16 or windows-1252 (default: UTF-16 with a byte-order mark, else UTF-8, else "
                    + "Windows-1252 when the file holds no UTF-8 at all).",
                valueName: "name"))
        var encoding: String?

        func validate() throws {
            if let f = format, !["csv", "vcf"].contains(f.lowercased()) {
                throw CLIError("--format: expected csv or vcf, not \"\(f)\"")
            }
            _ = try overrides()
            if let o = owner, !DataDir.validRep(o) { throw CLIError("--owner: bad rep name \"\(o)\"") }
            _ = try forcedEncoding()
        }

        func forcedEncoding() throws -> ImportText.Encoding? {
            guard let e = encoding else { return nil }
            let key = e.lowercased().replacingOccurrences(of: "_", with: "-")
            guard
                let enc = ImportText.Encoding(
                    rawValue: key == "utf8"
                        ? "utf-8" : key == "utf16" ? "utf-16" : key == "cp1252" ? "windows-1252" : key)
            else {
                throw CLIError("--encoding: expected utf-8, utf-16 or windows-1252, not \"\(e)\"")
            }
            return enc
        }

        func overrides() throws -> [String: ImportField] {
            var out: [String: ImportField] = [:]
            for m in map {
                guard let eq = m.lastIndex(of: "="),
                    let f = ImportField(rawValue: m[m.index(after: eq)...].lowercased())
                else {
                    throw CLIError("--map \"\(m)\": expected COLUMN=field, field one of \(ImportField.names)")
                }
                out[String(m[..<eq])] = f
            }
            return out
        }

        func run() throws {
            let ctx = try Context.make(global)
            let name = (file as NSString).lastPathComponent
            let read = try records(name: name)
            let known = Set(try ctx.store.logFiles().map { Store.rep(ofLogFile: $0) }).union([ctx.rep])
            let options = ImportPlan.Options(
                rep: ctx.rep, owner: owner, knownReps: known, source: name, currency: ctx.settings.currency)
            let plan: ImportPlan
            let bar = ProgressBar("checking \(read.records.count) rows", ascii: asciiOutput)
            defer { bar.finish() }
            do {
                plan = try ImportPlan.make(
                    read.records, state: ctx.state, clock: ctx.clock, options: options,
                    newID: { ctx.store.newEntityID(excluding: $0) }, progress: bar.report)
                bar.finish()
            } catch let e as ImportError {
                throw ImportFile.refusal(e, file: file)
            }
            if dryRun {
                printDryRun(plan, read, name: name)
            } else {
                try write(plan, read, name: name, ctx)
            }
            printWithoutNextStep(plan)
        }

        /// What the file holds, as records, and how it was read.
        struct Read {
            var records: [ImportRecord]
            var skippedCards: [ImportProblem] = []
            var readAs = "vCard"
            var mapping: [(column: String, field: ImportField)] = []
        }

        func records(name: String) throws -> Read {
            let (text, decodedAs) = try ImportFile.read(file, encoding: try forcedEncoding())
            if decodedAs == .windows1252 && encoding == nil {
                print("\(safe(name)): no UTF-8 in it, read as Windows-1252 (--encoding to say otherwise)")
            }
            do {
                if (format?.lowercased() ?? ImportFile.guessFormat(path: file, text: text)) == "vcf" {
                    let r = try VCard.parse(text)
                    return Read(records: r.records, skippedCards: r.skipped)
                }
                let table = try CSVTable(text: text)
                let columns = ColumnMap(header: table.header, overrides: try overrides())
                if let missing = columns.unknownOverrides.first {
                    throw CLIError(
                        "--map \"\(missing)\": \(name) has no such column; its columns: "
                            + "\(table.header.joined(separator: ", "))"
                    )
                }
                return Read(
                    records: table.rows.map { columns.record($0.fields, line: $0.line) },
                    readAs: columns.dialect.name, mapping: columns.mapping)
            } catch let e as ImportError {
                throw ImportFile.refusal(e, file: file)
            }
        }

        func printDryRun(_ plan: ImportPlan, _ read: Read, name: String) {
            print(
                "Would import \(safe(name)): \(summary(plan, cards: read.skippedCards.count)); nothing was written "
                    + "(--dry-run)"
            )
            print(
                "  read as \(read.readAs)"
                    + (read.mapping.isEmpty
                        ? ""
                        : "; columns: "
                            + read.mapping.map { "\(safe($0.column)) → \($0.field.rawValue)" }.joined(separator: ", ")
                            + "; the others are kept as a note"))
            for (line, o) in plan.outcomes { print("  " + describe(o, line: line)) }
            for p in read.skippedCards { print("  skipped  line \(p.line)  \(safe(p.message))") }
        }

        func write(_ plan: ImportPlan, _ read: Read, name: String, _ ctx: Context) throws {
            var b = try ctx.batch()
            for step in plan.steps {
                if let at = step.at { b.add(step.change, at: at) } else { b.add(step.change) }
            }
            if !b.events.isEmpty { try ctx.commit(b) }
            print("Imported \(safe(name)): \(summary(plan, cards: read.skippedCards.count)) (\(b.events.count) events)")
            print("  read as \(read.readAs)")
            for (line, o) in plan.outcomes {
                switch o {
                case .merged, .created(_, _?): print("  " + describe(o, line: line))
                default: break
                }
            }
        }

        func printWithoutNextStep(_ plan: ImportPlan) {
            guard !plan.withoutNextStep.isEmpty else { return }
            print(
                "\n\(plan.withoutNextStep.count) imported "
                    + "contact\(plan.withoutNextStep.count == 1 ? " has" : "s have") no next step: plan them in "
                    + "the weekly review (tend review) or with tend next:"
            )
            for (id, n) in plan.withoutNextStep.prefix(50) { print("  \(id)  \(safe(n))") }
            if plan.withoutNextStep.count > 50 {
                print("  … and \(plan.withoutNextStep.count - 50) more (tend review lists them all)")
            }
        }

        func summary(_ p: ImportPlan, cards: Int) -> String {
            "\(p.created) created, \(p.merged) merged, \(p.skipped + cards) skipped"
        }

        func describe(_ o: ImportPlan.Outcome, line: Int) -> String {
            switch o {
            case .created(let n, let from?):
                return "created  line \(line)  \(safe(n)) (the card has no name: named from its \(from))"
            case .created(let n, nil): return "created  line \(line)  \(safe(n))"
            case .merged(let n, let into, let on, let added):
                let what = added.joined(separator: ", ")
                return "merged   line \(line)  \(safe(n)) → \(safe(into)) on \(safe(on)): \(what)"
            case .skipped(let n, let why): return "skipped  line \(line)  \(safe(n)): \(why)"
            }
        }
    }
}

/// Reading the file to import: its encoding, its kind, and how a refusal is worded.
enum ImportFile {
    /// A file larger than this is not an address book.
    static let maxBytes = 200 * 1024 * 1024

    static func read(
        _ path: String, encoding: ImportText.Encoding? = nil
    ) throws -> (text: String, encoding: ImportText.Encoding) {
        let data: Data
        do {
            let attrs = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attrs[.size] as? NSNumber, size.intValue > maxBytes {
                throw CLIError(
                    "\(path): \(size.intValue / 1_048_576) MB is too large to import (the limit is "
                        + "\(maxBytes / 1_048_576) MB)"
                )
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let e as CLIError {
            throw e
        } catch {
            throw CLIError(
                "cannot read \(path): \((error as NSError).localizedFailureReason ?? error.localizedDescription)")
        }
        do {
            return try ImportText.decode([UInt8](data), forced: encoding)
        } catch let f as ImportText.Failure {
            throw CLIError("\(path):\(f.line): \(f.message)")
        }
    }

    static func guessFormat(path: String, text: String) -> String {
        let ext = (path as NSString).pathExtension.lowercased()
        if ext == "vcf" || ext == "vcard" { return "vcf" }
        if ext == "csv" || ext == "tsv" || ext == "txt" { return "csv" }
        return text.prefix(200).uppercased().contains("BEGIN:VCARD") ? "vcf" : "csv"
    }

    /// Prints up to 20 problems as `FILE:LINE: what`, and the one-line refusal.
    static func refusal(_ e: ImportError, file: String) -> CLIError {
        let sorted = e.problems.sorted { $0.line < $1.line }
        for p in sorted.prefix(20) {
            FileHandle.standardError.write(Data("\(file):\(p.line): \(TextWidth.safe(p.message))\n".utf8))
        }
        if sorted.count > 20 { FileHandle.standardError.write(Data("… and \(sorted.count - 20) more\n".utf8)) }
        let n = sorted.count
        return CLIError("\(file): \(n) problem\(n == 1 ? "" : "s"); nothing was imported")
    }
}
