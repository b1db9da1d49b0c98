using Recommender.Core.Als;
using Recommender.Core.Data;
using Recommender.Core.Signal;

namespace Recommender.Tests.Signal;

public class RecencyRanksTests
{
    private static InteractionTable Table(params (string User, string Item, long Time)[] rows)
    {
        var users = new IdMap();
        var items = new IdMap();
        var u = new int[rows.Length];
        var i = new int[rows.Length];
        var t = new long[rows.Length];
        for (int r = 0; r < rows.Length; r++)
        {
            u[r] = users.GetOrAdd(rows[r].User);
            i[r] = items.GetOrAdd(rows[r].Item);
            t[r] = rows[r].Time;
        }

        return new InteractionTable(users, items, u, i, Enumerable.Repeat(4f, rows.Length).ToArray(), t, new RejectReport("test"));
    }

    [Fact]
    public void Of_CountsTheUsersLaterRows_WithTiesGoingToTheRowLaterInTheFile()
    {
        // User x: b (t=30) is latest, then c and a tie at 20 (c later in the file), then d (t=5). User y: one row.
        InteractionTable table = Table(("x", "a", 20), ("x", "b", 30), ("y", "a", 1), ("x", "c", 20), ("x", "d", 5));

        CsrMatrix ranks = RecencyRanks.Of(table, [0, 1, 2, 3, 4]);

        // Columns come out in item order a, b, c, d.
        Assert.Equal([0, 1, 2, 3], ranks.RowColumns(0).ToArray());
        Assert.Equal([2f, 0f, 1f, 3f], ranks.RowValues(0).ToArray());
        Assert.Equal([0f], ranks.RowValues(1).ToArray());
    }

    [Fact]
    public void Of_RanksOnlyTheGivenRows_InTheLayoutOfTheirUserItemMatrix()
    {
        InteractionTable table = Table(("x", "a", 1), ("x", "b", 2), ("x", "c", 3), ("y", "b", 4));
        int[] rows = [0, 1, 3];

        CsrMatrix ranks = RecencyRanks.Of(table, rows);
        CsrMatrix matrix = table.ToUserItemMatrix(rows);

        Assert.Equal(matrix.RowPointers, ranks.RowPointers);
        Assert.Equal(matrix.ColumnIndices, ranks.ColumnIndices);
        Assert.Equal([1f, 0f, 0f], ranks.Values);
    }
}
