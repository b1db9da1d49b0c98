using Recommender.Core.Als;
using Recommender.Core.Data;

namespace Recommender.Tests.Data;

public class PowerLawMatrixGeneratorTests
{
    [Fact]
    public void Generate_IsDeterministicForASeed_WhateverTheThreadCount()
    {
        CsrMatrix a = PowerLawMatrixGenerator.Generate(5000, 800, 60_000, seed: 3, threads: 1);
        CsrMatrix b = PowerLawMatrixGenerator.Generate(5000, 800, 60_000, seed: 3, threads: 2);
        CsrMatrix c = PowerLawMatrixGenerator.Generate(5000, 800, 60_000, seed: 4, threads: 2);

        Assert.Equal(a.RowPointers, b.RowPointers);
        Assert.Equal(a.ColumnIndices, b.ColumnIndices);
        Assert.Equal(a.Values, b.Values);
        Assert.NotEqual(a.ColumnIndices, c.ColumnIndices);
    }

    [Fact]
    public void Generate_GivesDistinctSortedPairs_WithValuesOneToFive_AndAboutTheRequestedCount()
    {
        CsrMatrix m = PowerLawMatrixGenerator.Generate(3000, 1000, 50_000, seed: 9);

        Assert.InRange(m.NonZeros, 49_000, 51_000);
        for (int u = 0; u < m.Rows; u++)
        {
            ReadOnlySpan<int> cols = m.RowColumns(u);
            Assert.True(cols.Length >= 1, $"user {u} has no interactions");
            for (int k = 1; k < cols.Length; k++)
            {
                Assert.True(cols[k] > cols[k - 1], $"row {u} is not strictly increasing");
            }
        }

        foreach (float v in m.Values)
        {
            Assert.InRange(v, 1f, 5f);
            Assert.Equal(MathF.Round(v), v);
        }
    }

    [Fact]
    public void Generate_GivesSkewedUserAndItemDegrees()
    {
        CsrMatrix m = PowerLawMatrixGenerator.Generate(5000, 2000, 100_000, seed: 5);
        CsrMatrix t = m.Transpose();

        Assert.True(MaxDegree(m) > 10 * (m.NonZeros / m.Rows), "the most active user should be far above the mean");
        Assert.True(MaxDegree(t) > 10 * (m.NonZeros / t.Rows), "the most popular item should be far above the mean");
    }

    [Fact]
    public void Generate_RejectsMoreInteractionsThanTheMatrixCanHold()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PowerLawMatrixGenerator.Generate(10, 10, 1000, seed: 1));
    }

    private static int MaxDegree(CsrMatrix m)
    {
        int max = 0;
        for (int r = 0; r < m.Rows; r++)
        {
            max = Math.Max(max, m.RowPointers[r + 1] - m.RowPointers[r]);
        }

        return max;
    }
}
