import Foundation

/// What the mirror remembers between cycles and across restarts (in
/// `SV_STATE_DIR`): where each change feed was read up to, and which record
/// on one side stands for which on the other.
struct MirrorState: Codable {
    /// The PRM change feed's sequence read up to.
    var prmSince = 0
    /// Per CRM object, the SystemModstamp read up to.
    var crmWatermarks: [String: String] = [:]
    /// `prm:<id>` ↔ `crm:<id>`.
    var links: [String: String] = [:]

    mutating func link(prm: String, crm: String) {
        links["prm:" + prm] = "crm:" + crm
        links["crm:" + crm] = "prm:" + prm
    }

    func crm(for prm: String) -> String? { links["prm:" + prm].map { String($0.dropFirst(4)) } }
    func prm(for crm: String) -> String? { links["crm:" + crm].map { String($0.dropFirst(4)) } }

    mutating func unlink(crm: String) {
        if let prm = links.removeValue(forKey: "crm:" + crm) { links.removeValue(forKey: prm) }
    }

    static func load(_ directory: String?) -> MirrorState {
        guard let directory, let data = FileManager.default.contents(atPath: directory + "/mirror-state.json"),
            let state = try? JSONDecoder().decode(MirrorState.self, from: data)
        else { return MirrorState() }
        return state
    }

    func save(_ directory: String?) {
        guard let directory, let data = try? JSONEncoder().encode(self) else { return }
        try? data.write(to: URL(fileURLWithPath: directory + "/mirror-state.json"), options: .atomic)
    }
}
