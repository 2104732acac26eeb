// C libraries that only some commands need (OpenBLAS and LAPACKE, HDF5,
// SQLite, ZeroMQ) are loaded with dlopen on first use instead of being linked:
// linked, the dynamic loader maps and relocates them and everything they pull
// in (libhdf5 alone brings libcurl, gnutls, ldap, krb5...) on every start of ce.
#if canImport(Glibc)
import Glibc
#endif

/// A C library opened with dlopen, whose functions are looked up by name.
///
///     let sqlite = try SharedLibrary.open(["libsqlite3.so.0", "libsqlite3.so"], package: "libsqlite3-dev", purpose: "reading ASE databases")
///     let version = try sqlite.function("sqlite3_libversion", as: (@convention(c) () -> UnsafePointer<CChar>?).self)
public struct SharedLibrary: @unchecked Sendable {
    /// The file name that opened (the first of the candidates that dlopen found).
    public let name: String
    /// The Debian package that installs it, named in errors.
    public let package: String
    private let handle: UnsafeMutableRawPointer

    /// Why a library or one of its symbols is unavailable, naming the library and the package to install.
    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public let description: String

        public init(description: String) { self.description = description }
    }

    /// Opens the first of `names` that dlopen finds (a soname first, then the -dev package's
    /// unversioned link); throws naming the library, `package` and `purpose` when none opens.
    /// `global` lets libraries loaded after it resolve their symbols against it.
    public static func open(_ names: [String], package: String, purpose: String, global: Bool = false) throws -> SharedLibrary {
        var reason = "not found"
        for name in names {
            // RTLD_NOW: a broken install fails here, not mid-call.
            if let handle = dlopen(name, RTLD_NOW | (global ? RTLD_GLOBAL : RTLD_LOCAL)) {
                return SharedLibrary(name: name, package: package, handle: handle)
            }
            if let message = dlerror() { reason = String(cString: message) }
        }
        throw LoadError(description: "\(purpose) needs the library \(names.first ?? "?"), which cannot be loaded (\(reason)); "
            + "install \(package) (Debian/Ubuntu: apt-get install \(package); scripts/setup does)")
    }

    /// The function `symbol`, as the C function type `type`; throws when the library lacks it.
    public func function<T>(_ symbol: String, as type: T.Type) throws -> T {
        unsafeBitCast(try address(symbol), to: type)
    }

    /// The address of the global variable or function `symbol`; throws when the library lacks it.
    public func address(_ symbol: String) throws -> UnsafeMutableRawPointer {
        guard let p = dlsym(handle, symbol) else {
            throw LoadError(description: "\(name) has no symbol \(symbol): it is older or newer than the \(package) ce was built with")
        }
        return p
    }
}
