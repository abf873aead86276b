import Glibc

/// A system library opened with `dlopen` and its symbols looked up by name,
/// collecting the names it lacks so one error can list them all. Used by
/// `OpenSSL` (libssl) and `LibCrypto` (libcrypto).
final class DynamicLibrary {
    private let handle: UnsafeMutableRawPointer
    private(set) var missing: [String] = []

    /// The first of `names` that opens, or the loader's reason none did.
    static func open(_ names: [String]) -> Result<DynamicLibrary, TLSError> {
        guard let handle = names.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else {
            let reason = dlerror().map { String(cString: $0) } ?? "not found"
            return .failure(TLSError("tried \(names.joined(separator: ", ")): \(reason)"))
        }
        return .success(DynamicLibrary(handle: handle))
    }

    private init(handle: UnsafeMutableRawPointer) { self.handle = handle }

    /// The function `name` as `type`, or nil (and `name` noted as missing).
    func bind<T>(_ name: String, as type: T.Type) -> T? {
        guard let symbol = dlsym(handle, name) else {
            missing.append(name)
            return nil
        }
        return unsafeBitCast(symbol, to: type)
    }
}
