using Recommender.Core.Data;
using Recommender.Core.Signal;

namespace Recommender.Tests.Signal;

public class KCoreTests
{
    private static InteractionTable Table(params (string User, string Item)[] rows)
    {
        var users = new IdMap();
        var items = new IdMap();
        var u = new int[rows.Length];
        var i = new int[rows.Length];
        for (int r = 0; r < rows.Length; r++)
        {
            u[r] = users.GetOrAdd(rows[r].User);
            i[r] = items.GetOrAdd(rows[r].Item);
        }

        return new InteractionTable(users, items, u, i, new float[rows.Length], new long[rows.Length], new RejectReport("test"));
    }

    [Fact]
    public void Prune_RemovesIterativelyUntilEveryUserAndItemMeetsTheMinimum()
    {
        // Item c has 2 users, but removing user z (1 interaction) leaves it 1, which then also removes user y's c row.
        InteractionTable table = Table(("x", "a"), ("x", "b"), ("y", "a"), ("y", "b"), ("y", "c"), ("z", "c"));

        InteractionTable pruned = KCore.Prune(table, minUserInteractions: 2, minItemInteractions: 2);

        Assert.Equal(4, pruned.Count);
        Assert.Equal(["x", "y"], pruned.Users.Ids);
        Assert.Equal(["a", "b"], pruned.Items.Ids);
    }

    [Fact]
    public void Prune_WithMinimumsOfOne_KeepsTheTable()
    {
        InteractionTable table = Table(("x", "a"), ("y", "b"));

        Assert.Same(table, KCore.Prune(table, 1, 1));
    }

    [Fact]
    public void SurvivingRows_CanEmptyTheTable()
    {
        InteractionTable table = Table(("x", "a"), ("y", "b"));

        Assert.Empty(KCore.SurvivingRows(table, 2, 1));
    }
}
