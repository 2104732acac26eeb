// Stand-in data sets for any group layout, down to a handful of groups.
import Testing
@testable import Regression

@Suite struct StandInDataTests {
    @Test func tinyLayoutsHaveOnlyTheirOwnGroups() throws {
        for ids in [[0], [0, 1], [0, 1, 2], [0, 1, 1, 2, 3], [0, 1, 2, 3, 4, 5, 6]] {
            let data = try StandInData(groupIDs: ids, rows: 30, seed: 5)
            #expect(data.features.columns == ids.count)
            #expect(data.trueECI.count == ids.count)
            #expect(data.trueGroups.allSatisfy { $0 >= 0 && $0 < data.groups.count })
            #expect(data.energies.count == 30 && data.energies.allSatisfy(\.isFinite))
        }
    }
}
