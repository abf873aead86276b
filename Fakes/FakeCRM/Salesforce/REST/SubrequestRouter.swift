import HTTP
import Synchronization

/// The API's finished router, for `composite/batch` to run its subrequests
/// through. Routes capture a copy of the API made while they are still
/// being registered, whose router is empty; this box is shared by every
/// copy and filled once registration is done.
final class SubrequestRouter: Sendable {
    private let router = Mutex<HTTPRouter?>(nil)

    func set(_ finished: HTTPRouter) { router.withLock { $0 = finished } }

    func respond(to request: HTTPRequest) -> HTTPResponse {
        guard let finished = router.withLock({ $0 }) else { preconditionFailure("subrequests run only after the routes are registered") }
        return finished.respond(to: request)
    }
}
