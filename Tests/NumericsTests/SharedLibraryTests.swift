// Libraries loaded on first use: a found library's functions are callable, and
// a missing library or symbol is an error that says what to install.
import Testing
@testable import Numerics

@Test func aLoadedLibrarysFunctionsAreCallable() throws {
    // The C maths library is on every Linux system; the second name is never tried.
    let libm = try SharedLibrary.open(["libm.so.6", "libm.so"], package: "libc6", purpose: "this test")
    #expect(libm.name == "libm.so.6")
    let cosine = try libm.function("cos", as: (@convention(c) (Double) -> Double).self)
    #expect(cosine(0) == 1)
    #expect(cosine(Double.pi) == -1)
}

@Test func aMissingLibraryNamesItsPackageAndWhatNeedsIt() {
    do {
        _ = try SharedLibrary.open(["libce-absent.so.9", "libce-absent.so"], package: "libce-absent-dev", purpose: "reading absent files")
        Issue.record("a library that does not exist was opened")
    } catch {
        let message = "\(error)"
        #expect(message.hasPrefix("reading absent files needs the library libce-absent.so.9, which cannot be loaded ("))
        #expect(message.contains("libce-absent.so: cannot open shared object file"))
        #expect(message.hasSuffix("install libce-absent-dev (Debian/Ubuntu: apt-get install libce-absent-dev; scripts/setup does)"))
    }
}

@Test func aMissingSymbolIsAnErrorNotACrash() throws {
    let libm = try SharedLibrary.open(["libm.so.6"], package: "libc6", purpose: "this test")
    #expect(throws: SharedLibrary.LoadError.self) { try libm.address("ce_no_such_function") }
    do { _ = try libm.address("ce_no_such_function") } catch {
        #expect("\(error)" == "libm.so.6 has no symbol ce_no_such_function: it is older or newer than the libc6 ce was built with")
    }
}
