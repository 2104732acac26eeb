// `ce convert`: a transcript to a Jupyter notebook and back, pictures and all;
// and the notebook side of `ce check`.
import Formats

/// Converts transcripts and notebooks into each other, and reads a notebook as the transcript it shows.
public enum NotebookCommands {
    /// `ce convert IN -o OUT`: `.md` to `.ipynb` (figures embedded from the files the transcript links) or
    /// `.ipynb` to `.md` (pictures written beside OUT under the names they had). Returns 0, 64 for another
    /// pair of extensions, 66 for an unreadable input, 73 for an unwritable output.
    public static func convert(_ input: String, to output: String) -> Int32 {
        switch (input.hasSuffix(".md"), output.hasSuffix(".ipynb"), input.hasSuffix(".ipynb"), output.hasSuffix(".md")) {
        case (true, true, _, _):
            guard let text = read(input) else { return ExitStatus.noInput }
            let folder = FileSystem.directory(of: input)
            return write(output, notebook(of: Transcript.parse(text), in: folder))
        case (_, _, true, true):
            guard let text = read(input) else { return ExitStatus.noInput }
            let contents: Notebook.Contents
            do { contents = try Notebook.transcript(from: text, file: input) } catch {
                Terminal.err("ce: \(error)\n")
                return ExitStatus.noInput
            }
            let folder = FileSystem.directory(of: output)
            for picture in contents.pictures {
                let path = FigureCheck.resolve(picture.path, in: folder)
                do {
                    try FileSystem.makeDirectories(FileSystem.directory(of: path))
                    try DataFile.write(picture.bytes, to: path)
                } catch {
                    Terminal.err("ce: cannot write \(error)\n")
                    return ExitStatus.cannotCreate
                }
            }
            return write(output, contents.transcript.rendered)
        default:
            Terminal.err("ce: convert turns a transcript (.md) into a notebook (.ipynb) or back; got \(input) -> \(output)\n")
            return ExitStatus.usage
        }
    }

    /// The notebook JSON of `transcript`, its figures read from `folder`.
    static func notebook(of transcript: Transcript, in folder: String) -> String {
        Notebook.json(from: transcript) { try? DataFile.read(FigureCheck.resolve($0, in: folder)) }
    }

    /// The Markdown transcript a notebook file shows, for `ce check`.
    static func transcriptText(ofNotebook path: String) throws -> String {
        try Notebook.transcript(from: try FileSystem.read(path), file: path).transcript.rendered
    }

    private static func read(_ path: String) -> String? {
        do { return try FileSystem.read(path) } catch {
            Terminal.err("ce: cannot read \(error)\n")
            return nil
        }
    }

    private static func write(_ path: String, _ text: String) -> Int32 {
        do { try FileSystem.write(path, text) } catch {
            Terminal.err("ce: cannot write \(error)\n")
            return ExitStatus.cannotCreate
        }
        return 0
    }
}
