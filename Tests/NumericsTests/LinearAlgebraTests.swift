// Dense linear algebra against closed forms and identities.
import Testing
@testable import Numerics

@Suite struct LinearAlgebraTests {
    func randomMatrix(_ n: Int, _ p: Int, seed: UInt64) -> Matrix {
        var rng = RandomStream(seed: seed)
        var m = Matrix(rows: n, columns: p)
        for k in 0..<(n * p) { m.storage[k] = rng.normal() }
        return m
    }

    @Test func storageOrderAndSelection() throws {
        let a = try Matrix(rowMajor: [[1, 2, 3], [4, 5, 6]])
        #expect(a[1, 0] == 4 && a[0, 2] == 3)
        #expect(a.storage == [1, 4, 2, 5, 3, 6])
        #expect(a.rowMajor == [1, 2, 3, 4, 5, 6])
        #expect(a.transposed().storage == [1, 2, 3, 4, 5, 6])
        #expect(a.selectingColumns([2, 0]).storage == [3, 6, 1, 4])
        #expect(a.selectingRows([1]).storage == [4, 5, 6])
        #expect(a.row(1) == [4, 5, 6] && a.column(1) == [2, 5])
        #expect(throws: LinearAlgebraError.self) { try Matrix(rowMajor: [[1, 2], [3]]) }
        #expect(throws: LinearAlgebraError.self) { try Matrix(rows: 2, columns: 2, columnMajor: [1]) }
    }

    @Test func productsMatchNaiveLoops() {
        let a = randomMatrix(7, 5, seed: 1)
        let b = randomMatrix(5, 3, seed: 2)
        let x = (0..<5).map { Double($0) - 1.5 }
        let v = (0..<7).map { 0.3 * Double($0) }
        let ax = a.times(x), atv = a.transposeTimes(v), ab = a * b, g = a.gram(scale: 0.5)
        for i in 0..<7 {
            let s = (0..<5).reduce(0.0) { $0 + a[i, $1] * x[$1] }
            #expect(abs(ax[i] - s) < 1e-12)
        }
        for j in 0..<5 {
            let s = (0..<7).reduce(0.0) { $0 + a[$1, j] * v[$1] }
            #expect(abs(atv[j] - s) < 1e-12)
            for k in 0..<5 {
                let gjk = 0.5 * (0..<7).reduce(0.0) { $0 + a[$1, j] * a[$1, k] }
                #expect(abs(g[j, k] - gjk) < 1e-12)
            }
        }
        for i in 0..<7 {
            for k in 0..<3 {
                let s = (0..<5).reduce(0.0) { $0 + a[i, $1] * b[$1, k] }
                #expect(abs(ab[i, k] - s) < 1e-12)
            }
        }
        let cross = a.transposeTimes(a, scale: 0.5)
        #expect(zip(cross.storage, g.storage).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func choleskySolvesSPDSystems() throws {
        let a = randomMatrix(20, 6, seed: 3)
        let g = a.gram()
        let b = (0..<6).map { Double($0) + 1 }
        let chol = try g.cholesky()
        let x = chol.solve(b)
        let r = g.times(x)
        #expect(zip(r, b).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(throws: LinearAlgebraError.notPositiveDefinite(2)) {
            try Matrix(rowMajor: [[1, 2], [2, 1]]).cholesky()
        }
        #expect(abs(try Matrix(rowMajor: [[4, 0], [0, 9]]).cholesky().logDeterminant - Foundation_log(36)) < 1e-12)
    }

    @Test func leastSquaresRecoversExactSolutionAndRank() throws {
        let a = randomMatrix(30, 4, seed: 4)
        let truth = [1.0, -2.0, 0.5, 3.0]
        let ls = try a.leastSquares(a.times(truth))
        #expect(ls.rank == 4)
        #expect(zip(ls.solution, truth).allSatisfy { abs($0 - $1) < 1e-10 })
        #expect(ls.residualSumOfSquares < 1e-20)
    }

    @Test func leastSquaresOnRankDeficientMatrixGivesMinimumNorm() throws {
        // Column 2 = column 0 + column 1: rank 2; the minimum-norm solution of
        // y = 3 c0 spreads as (2, -1, 1) over the null direction (1, 1, -1).
        var a = randomMatrix(25, 3, seed: 5)
        for i in 0..<25 { a[i, 2] = a[i, 0] + a[i, 1] }
        let y = a.times([3, 0, 0])
        let ls = try a.leastSquares(y)
        #expect(ls.rank == 2)
        #expect(try a.rank() == 2)
        for (got, want) in zip(ls.solution, [2.0, -1.0, 1.0]) { #expect(abs(got - want) < 1e-10) }
        // Underdetermined (more columns than rows) works too.
        let wide = randomMatrix(3, 8, seed: 6)
        let lw = try wide.leastSquares([1, 2, 3])
        #expect(lw.rank == 3 && lw.residualSumOfSquares < 1e-20)
        #expect(throws: LinearAlgebraError.self) { try wide.leastSquares([1]) }
    }

    @Test func singularValuesAndEigenvalues() throws {
        let d = try Matrix(rowMajor: [[3, 0], [0, -4], [0, 0]])
        #expect(try d.singularValues() == [4, 3])
        let s = try Matrix(rowMajor: [[2, 1], [1, 2]]).symmetricEigen()
        #expect(abs(s.values[0] - 1) < 1e-12 && abs(s.values[1] - 3) < 1e-12)
        let v = s.vectors.column(1)
        #expect(abs(abs(v[0]) - 0.5.squareRoot()) < 1e-12 && abs(v[0] - v[1]) < 1e-12)
        #expect(try Matrix(rows: 3, columns: 3).rank() == 0)
    }

    @Test func statistics() {
        #expect(Statistics.mean([1, 2, 3, 6]) == 3)
        #expect(Statistics.variance([1, 2, 3, 6]) == 14.0 / 3)
        #expect(Statistics.mean([1, 3], weights: [3, 1]) == 1.5)
        #expect(Statistics.rootMeanSquareError([1, 2], [1, 4]) == 2.0.squareRoot())
        #expect(Statistics.median([5, 1, 3, 2]) == 2.5)
        #expect(Statistics.quantile([0, 10], 0.25) == 2.5)
        #expect(abs(Statistics.standardError([1, 2, 3, 6]) - (14.0 / 3 / 4).squareRoot()) < 1e-15)
    }
}
