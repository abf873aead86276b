import FakeKit
import Foundation

/// Where every system's journal stood at a named moment: what a rollback
/// to it must undo starts after these sequence numbers.
struct CheckpointSnapshot {
    let name: String
    let time: Date
    let sequences: [SystemID: Int]

    init(name: String, world: World) {
        self.name = name
        time = world.clock.now()
        sequences = Dictionary(uniqueKeysWithValues: world.systemIDs.map { ($0, world.journal($0).count) })
    }
}
