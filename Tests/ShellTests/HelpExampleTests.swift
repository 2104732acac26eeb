// Every builtin's and command's help example is complete and runs: each is
// run as it stands in a fresh session (prelude loaded), in a scratch folder
// beside which `../shared/data` is the project's shared data, as it is for
// a clone of the repository.
import Foundation
import Language
import Testing
@testable import Shell

@Suite struct HelpExampleTests {
    static let builtins = InterpreterBuiltins.all + CommandRegistry.all

    /// A scratch folder whose `../shared` is the repository's `../shared`.
    static let folder: String = {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let root = CERunner.scratchFolder("help-examples")
        try? FileManager.default.createSymbolicLink(
            atPath: root + "/shared", withDestinationPath: repo.deletingLastPathComponent().appendingPathComponent("shared").path)
        try? FileSystem.makeDirectories(root + "/work")
        return root + "/work"
    }()

    @Test func everyBuiltinHasAnExample() {
        for builtin in Self.builtins {
            #expect(builtin.example?.isEmpty == false, "\(builtin.name) has no Example: in its help")
        }
    }

    @Test(arguments: builtins.map(\.name))
    func theExampleRuns(_ name: String) throws {
        let builtin = try #require(Self.builtins.first { $0.name == name })
        let example = try #require(builtin.example)
        let session = try Session()
        session.interpreter.context.baseDirectory = Self.folder
        session.output.lineTarget = { _ in }
        session.output.figureTarget = { _ in }
        switch session.execute(example, file: "help \(name)", echo: true) {
        case .completed: break
        case .exited(let code): #expect(name == "exit" && code == 2, "help \(name): exit(\(code))")
        case .failed(let diagnostic): Issue.record("help \(name): \(diagnostic.rendered)")
        }
    }
}
