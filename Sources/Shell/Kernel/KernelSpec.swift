// `ce kernel install`: the kernelspec (kernel.json) that tells Jupyter how
// to start ce's kernel.
import Formats

/// Writes the ce kernelspec where Jupyter looks for kernels.
///
///     KernelSpec.install(into: KernelSpec.folder(user: true, prefix: nil), executable: "/usr/local/bin/ce")
public enum KernelSpec {
    /// The kernelspec's JSON: how to start the kernel, its name and language.
    public static func json(executable: String) -> String {
        JSON.encode(.object(JSONObject([
            ("argv", .array([executable, "kernel", "-f", "{connection_file}"].map { .string($0) })),
            ("display_name", .string("ce")),
            ("language", .string("ce")),
            // Jupyter sends SIGINT to interrupt, which ce handles as Ctrl-C.
            ("interrupt_mode", .string("signal")),
        ]))) + "\n"
    }

    /// `PREFIX/share/jupyter/kernels/ce`; for the user, `$XDG_DATA_HOME` (else `~/.local/share`)
    /// `/jupyter/kernels/ce`; otherwise the system-wide `/usr/local/share/jupyter/kernels/ce`.
    public static func folder(user: Bool, prefix: String?) -> String {
        if let prefix { return prefix + "/share/jupyter/kernels/ce" }
        if user {
            let data = FileSystem.environment("XDG_DATA_HOME") ?? ((FileSystem.environment("HOME") ?? ".") + "/.local/share")
            return data + "/jupyter/kernels/ce"
        }
        return "/usr/local/share/jupyter/kernels/ce"
    }

    /// `ce kernel install`: writes `kernel.json` into `folder` (made if missing) and says where.
    /// Returns 0, or 73 when the folder or file cannot be written.
    public static func install(into folder: String, executable: String) -> Int32 {
        do {
            try FileSystem.makeDirectories(folder)
            try FileSystem.write(folder + "/kernel.json", json(executable: executable))
        } catch {
            Terminal.err("ce: cannot install the kernel: \(error)\n")
            return ExitStatus.cannotCreate
        }
        Terminal.out("installed the ce kernel in \(folder)\n")
        return 0
    }
}
