using Recommender.Core.Als;

namespace Recommender.Tests.Als;

public class CsrMatrixTests
{
    [Fact]
    public void FromCoordinates_SortsColumnsAndSumsDuplicates()
    {
        var m = CsrMatrix.FromCoordinates(2, 3, [1, 0, 1, 1], [2, 1, 0, 2], [1f, 2f, 3f, 4f]);

        Assert.Equal([0, 1, 3], m.RowPointers);
        Assert.Equal([1, 0, 2], m.ColumnIndices);
        Assert.Equal([2f, 3f, 5f], m.Values);
    }

    [Fact]
    public void Transpose_TwiceGivesTheOriginal()
    {
        var m = CsrMatrix.FromCoordinates(3, 4, [0, 0, 2, 1], [3, 1, 0, 2], [1f, 2f, 3f, 4f]);

        var back = m.Transpose().Transpose();

        Assert.Equal(m.RowPointers, back.RowPointers);
        Assert.Equal(m.ColumnIndices, back.ColumnIndices);
        Assert.Equal(m.Values, back.Values);
    }
}
